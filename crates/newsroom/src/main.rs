//! `newsroom`: the Tòa Soạn command line. It drives the same core as the desktop
//! app, for scripts, cron jobs and tests. Every command prints Vietnamese text, or
//! with `--json` exactly one JSON object on stdout. Errors go to stderr with their
//! stable code; the exit status tells the kind (see README.md).

mod cli;
mod cmd;
mod input;
mod output;

use std::process::ExitCode;

use clap::Parser;

/// The stack of the thread a command runs on: Linux's usual main-thread
/// stack. Windows gives a program's main thread 1 MiB (2 MiB as the GNU
/// linker builds it), which the debug build's deepest commands come close to;
/// running every command on a thread of a known size makes the limit the same
/// on every OS.
const STACK: usize = 8 << 20;

fn main() -> ExitCode {
    let worker = std::thread::Builder::new().name("newsroom".into()).stack_size(STACK).spawn(|| {
        let args = cli::Args::parse();
        let json = args.json;
        match cli::run(args) {
            Ok(()) => ExitCode::from(output::exit_after_ok()),
            Err(e) => {
                output::print_error(&e, json);
                ExitCode::from(output::exit_code(&e))
            }
        }
    });
    match worker.map(|w| w.join()) {
        Ok(Ok(code)) => code,
        // A panic was already printed by the panic hook.
        Ok(Err(_)) => ExitCode::from(101),
        Err(e) => {
            eprintln!("newsroom: không tạo được luồng làm việc: {e}");
            ExitCode::from(1)
        }
    }
}
