//! The publishing worker of the desktop app: one background thread that
//! sends the outbox's due jobs through `toasoan_core::desk::Worker`, with its
//! own SQLite connection on the open data folder (so the UI's commands never
//! wait for a portal). It wakes every few seconds, and at once when a command
//! queues, retries or resolves a job.

use std::path::PathBuf;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use tauri::{AppHandle, Manager};
use toasoan_core::desk::{Worker, WorkerOptions};
use toasoan_core::Desk;

use crate::state::AppState;

static WAKE: (Mutex<bool>, Condvar) = (Mutex::new(false), Condvar::new());

/// Asks the worker to look at the outbox now.
pub fn wake() {
    if let Ok(mut w) = WAKE.0.lock() {
        *w = true;
        WAKE.1.notify_all();
    }
}

fn sleep_or_wake(d: Duration) {
    let Ok(g) = WAKE.0.lock() else {
        return std::thread::sleep(d);
    };
    if let Ok((mut g, _)) = WAKE.1.wait_timeout_while(g, d, |woken| !*woken) {
        *g = false;
    }
}

/// Starts the worker thread.
pub fn start(app: AppHandle) {
    std::thread::Builder::new()
        .name("outbox".into())
        .spawn(move || {
            let worker = Worker::new(WorkerOptions::default());
            let mut open: Option<(PathBuf, Desk)> = None;
            loop {
                let dir = app.state::<AppState>().open_data_dir();
                if open.as_ref().map(|o| &o.0) != dir.as_ref() {
                    open = dir.and_then(|d| Desk::open(&d).ok().map(|desk| (d, desk)));
                }
                if let Some((_, desk)) = &open {
                    // Send every due job; errors are recorded on the job itself.
                    while let Ok(Some(_)) = worker.run_once(desk) {}
                }
                sleep_or_wake(Duration::from_secs(3));
            }
        })
        .ok();
}
