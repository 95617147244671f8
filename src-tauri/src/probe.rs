//! The start-up probe behind `scripts/bench-app.sh`: with
//! `TOASOAN_STARTUP_PROBE` set, each stage of a cold start prints one line
//! `toasoan-probe STAGE MS` (milliseconds since `main` began) on stdout, and the
//! last stage, the first screen painted, also prints `toasoan-ready`. Without
//! the variable nothing is printed and nothing is timed.
//!
//! Stages, in order: `main` (the process is running Rust), `store-open` (the
//! settings read and the newsroom's store opened), `setup` (Tauri's event loop
//! and window are built), `page-start` (WebKit starts loading the UI),
//! `page-loaded` (the UI's script is parsed and run: the loading screen is up),
//! `first-ipc` (the UI's first command arrives), `ready` (the first real screen
//! is painted).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

static START: OnceLock<Option<Instant>> = OnceLock::new();
static FIRST_IPC: AtomicBool = AtomicBool::new(false);

fn start() -> Option<Instant> {
    *START.get_or_init(|| std::env::var_os("TOASOAN_STARTUP_PROBE").map(|_| Instant::now()))
}

/// Starts the clock (call first thing in `main`).
pub fn begin() {
    mark("main");
}

/// Prints one stage's time, when the probe is on.
pub fn mark(stage: &str) {
    if let Some(t0) = start() {
        println!("toasoan-probe {stage} {:.1}", t0.elapsed().as_secs_f64() * 1000.0);
    }
}

/// Marks the first command the UI sends (once).
pub fn first_ipc() {
    if start().is_some() && !FIRST_IPC.swap(true, Ordering::Relaxed) {
        mark("first-ipc");
    }
}

/// The first real screen is painted.
pub fn ready() {
    if start().is_some() {
        mark("ready");
        println!("toasoan-ready");
    }
}
