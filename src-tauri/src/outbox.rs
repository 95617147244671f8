//! The publishing worker of the desktop app: sends the outbox's due jobs
//! through `toasoan_core::desk::Worker` on its own connection (so the UI's
//! commands never wait for a portal). It wakes every few seconds, and at
//! once when a command queues, retries or resolves a job.

use std::time::{Duration, Instant};

use tauri::AppHandle;
use toasoan_core::desk::{Worker, WorkerOptions};

use crate::background::{self, Mailbox};

static WAKE: Mailbox<()> = Mailbox::new();

/// Asks the worker to look at the outbox now.
pub fn wake() {
    WAKE.post(());
}

/// Starts the worker thread.
pub fn start(app: AppHandle) {
    let worker = Worker::new(WorkerOptions::default());
    let mut offers_seen: Option<Instant> = None;
    background::spawn("outbox", app, &WAKE, Duration::from_secs(3), move |desk, _, _| {
        // Team mode: every half minute, what other workbenches asked this one
        // to send (an unreachable hub is tried again next time).
        if offers_seen.is_none_or(|t| t.elapsed() >= Duration::from_secs(30)) {
            offers_seen = Some(Instant::now());
            worker.take_offers(desk).ok();
        }
        // Send every due job; errors are recorded on the job itself.
        while let Ok(Some(_)) = worker.run_once(desk) {}
    });
}
