//! The one skeleton of the app's background workers (publishing, engagement):
//! a named thread with its own desk (its own SQLite connection) on the open
//! data folder, reopened when the folder changes, doing one round of work at
//! a time and sleeping until a request arrives in its [`Mailbox`] or its
//! period is up. A panic inside a round is reported on stderr and the
//! worker goes on with a fresh desk: it never stops silently.

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use tauri::{AppHandle, Manager};
use toasoan_core::Desk;

use crate::state::AppState;

/// Requests for a worker, waking it at once.
pub struct Mailbox<T> {
    queue: Mutex<Vec<T>>,
    posted: Condvar,
}

impl<T> Mailbox<T> {
    /// An empty mailbox (for a `static`).
    pub const fn new() -> Mailbox<T> {
        Mailbox { queue: Mutex::new(Vec::new()), posted: Condvar::new() }
    }

    /// Posts a request and wakes the worker.
    pub fn post(&self, request: T) {
        if let Ok(mut q) = self.queue.lock() {
            q.push(request);
            self.posted.notify_all();
        }
    }

    /// Waits up to `d` for requests; returns those that came (maybe none).
    pub fn wait(&self, d: Duration) -> Vec<T> {
        let Ok(g) = self.queue.lock() else {
            std::thread::sleep(d);
            return Vec::new();
        };
        match self.posted.wait_timeout_while(g, d, |q| q.is_empty()) {
            Ok((mut g, _)) => std::mem::take(&mut *g),
            Err(_) => Vec::new(),
        }
    }
}

/// Open once the window's first screen is painted: the workers wait for it
/// (at most [`FIRST_SCREEN_WAIT`]) before their first round, so on a cold
/// start the machine's cores go to the window, not to four more SQLite
/// connections and their first rounds.
static FIRST_SCREEN: (Mutex<bool>, Condvar) = (Mutex::new(false), Condvar::new());

/// The longest a worker waits for the first screen.
pub const FIRST_SCREEN_WAIT: Duration = Duration::from_secs(5);

/// The window's first screen is painted (the UI's `ui_ready`).
pub fn first_screen_painted() {
    if let Ok(mut open) = FIRST_SCREEN.0.lock() {
        *open = true;
        FIRST_SCREEN.1.notify_all();
    }
}

/// Waits for [`first_screen_painted`], at most [`FIRST_SCREEN_WAIT`].
pub fn wait_for_first_screen() {
    if let Ok(g) = FIRST_SCREEN.0.lock() {
        let _ = FIRST_SCREEN.1.wait_timeout_while(g, FIRST_SCREEN_WAIT, |open| !*open);
    }
}

/// Starts a worker thread named `name`: `round` runs with the worker's own
/// desk, the app's state and the requests that woke it, then the worker
/// sleeps for `period` or until the next request.
pub fn spawn<T: Send + 'static>(
    name: &'static str,
    app: AppHandle,
    mailbox: &'static Mailbox<T>,
    period: Duration,
    mut round: impl FnMut(&Desk, &AppState, Vec<T>) + Send + 'static,
) {
    let started = std::thread::Builder::new().name(name.into()).spawn(move || {
        wait_for_first_screen();
        let mut open: Option<(PathBuf, Desk)> = None;
        let mut requests = Vec::new();
        loop {
            let state = app.state::<AppState>();
            let dir = state.open_data_dir();
            if open.as_ref().map(|o| &o.0) != dir.as_ref() {
                open = dir.and_then(|d| Desk::open(&d).ok().map(|desk| (d, desk)));
            }
            if let Some((_, desk)) = &open {
                let asked = std::mem::take(&mut requests);
                if std::panic::catch_unwind(AssertUnwindSafe(|| round(desk, &state, asked))).is_err() {
                    eprintln!("toasoan: the {name} worker failed in a round; it goes on with a new connection");
                    open = None;
                }
            }
            requests = mailbox.wait(period);
        }
    });
    if let Err(e) = started {
        eprintln!("toasoan: the {name} worker could not start: {e}");
    }
}
