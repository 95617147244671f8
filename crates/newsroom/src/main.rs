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

fn main() -> ExitCode {
    let args = cli::Args::parse();
    let json = args.json;
    match cli::run(args) {
        Ok(()) => ExitCode::from(output::exit_after_ok()),
        Err(e) => {
            output::print_error(&e, json);
            ExitCode::from(output::exit_code(&e))
        }
    }
}
