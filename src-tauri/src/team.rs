//! The team worker: the core's [`TeamRunner`] on a thread of its own, with
//! its own desk and connections, so the window never waits for the network.
//! The rounds — when to sync, back-off, the hub's hints — are the core's
//! (`toasoan_core::team`, which `newsroom hub watch` runs too); this file
//! only follows the open data folder, wakes the runner when a command asks,
//! and sends every new [`TeamStatus`] to the windows registered by
//! `team_watch`.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use tauri::ipc::Channel;
use tauri::{AppHandle, Manager};
pub use toasoan_core::team::TeamStatus;
use toasoan_core::team::{Round, TeamRunner};
use toasoan_core::Desk;

use crate::background::Mailbox;
use crate::state::AppState;

static WAKE: Mailbox<()> = Mailbox::new();
static WATCHERS: Mutex<Vec<Channel<TeamStatus>>> = Mutex::new(Vec::new());
static LAST: Mutex<Option<TeamStatus>> = Mutex::new(None);

/// Asks for a sync now (a command changed something, or the person asked).
pub fn wake() {
    WAKE.post(());
}

/// Registers a window's channel; it gets the current status at once.
pub fn watch(channel: Channel<TeamStatus>) {
    let now = LAST.lock().ok().and_then(|g| g.clone()).unwrap_or_default();
    if channel.send(now).is_ok() {
        if let Ok(mut w) = WATCHERS.lock() {
            w.push(channel);
        }
    }
    wake();
}

fn publish(status: &TeamStatus) {
    let Ok(mut last) = LAST.lock() else { return };
    if last.as_ref() == Some(status) {
        return;
    }
    *last = Some(status.clone());
    if let Ok(mut w) = WATCHERS.lock() {
        // A closed window's channel fails: it is dropped.
        w.retain(|c| c.send(status.clone()).is_ok());
    }
}

/// Starts the worker thread.
pub fn start(app: AppHandle) {
    let started = std::thread::Builder::new().name("team".into()).spawn(move || {
        crate::background::wait_for_first_screen();
        let mut open: Option<(PathBuf, Desk)> = None;
        let mut runner = TeamRunner::new();
        loop {
            let dir = app.state::<AppState>().open_data_dir();
            if open.as_ref().map(|o| &o.0) != dir.as_ref() {
                open = dir.and_then(|d| Desk::open(&d).ok().map(|desk| (d, desk)));
                runner = TeamRunner::new();
            }
            let Some((_, desk)) = &open else {
                publish(&TeamStatus::default());
                WAKE.wait(Duration::from_secs(1));
                continue;
            };
            let round =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| runner.round(desk, &mut |s| publish(s))));
            match round {
                Ok(Round::Solo) => {
                    WAKE.wait(Duration::from_secs(1));
                }
                Ok(Round::Joined) => {
                    if !WAKE.wait(Duration::ZERO).is_empty() {
                        runner.wake();
                    }
                }
                Err(_) => {
                    eprintln!("toasoan: the team worker failed in a round; it goes on with new connections");
                    open = None;
                }
            }
        }
    });
    if let Err(e) = started {
        eprintln!("toasoan: the team worker could not start: {e}");
    }
}
