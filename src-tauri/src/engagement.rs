//! The engagement worker of the desktop app: its own thread and SQLite
//! connection, so collecting figures never delays publishing or the UI.
//! Every ten minutes it polls the published pieces that are due (the core's
//! schedule decides which) in the name of the signed-in editor or head; a
//! command can ask for one piece now ("Thu số liệu ngay").

use std::path::PathBuf;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use tauri::{AppHandle, Manager};
use toasoan_core::desk::PollRun;
use toasoan_core::workflow::{self, Action};
use toasoan_core::Desk;

use crate::state::AppState;

/// Pieces asked for now (`None` inside: every due piece).
static ASKED: (Mutex<Vec<Option<String>>>, Condvar) = (Mutex::new(Vec::new()), Condvar::new());

/// How often due pieces are polled.
const EVERY: Duration = Duration::from_secs(600);

/// Asks the worker to poll this piece (all sources, due or not) now.
pub fn poll_now(assignment_id: Option<String>) {
    if let Ok(mut asked) = ASKED.0.lock() {
        asked.push(assignment_id);
        ASKED.1.notify_all();
    }
}

fn wait(d: Duration) -> Vec<Option<String>> {
    let Ok(g) = ASKED.0.lock() else {
        std::thread::sleep(d);
        return Vec::new();
    };
    match ASKED.1.wait_timeout_while(g, d, |asked| asked.is_empty()) {
        Ok((mut g, _)) => std::mem::take(&mut *g),
        Err(_) => Vec::new(),
    }
}

/// Starts the worker thread.
pub fn start(app: AppHandle) {
    std::thread::Builder::new()
        .name("engagement".into())
        .spawn(move || {
            let mut open: Option<(PathBuf, Desk)> = None;
            let mut last: Option<Instant> = None;
            let mut asked = Vec::new();
            loop {
                let dir = app.state::<AppState>().open_data_dir();
                if open.as_ref().map(|o| &o.0) != dir.as_ref() {
                    open = dir.and_then(|d| Desk::open(&d).ok().map(|desk| (d, desk)));
                }
                let user = app.state::<AppState>().signed_in().filter(|p| workflow::may(p, Action::RecordEngagement));
                if let (Some((_, desk)), Some(me)) = (&open, user) {
                    // Failures are recorded per piece and source; the next round retries.
                    for id in asked.drain(..) {
                        let run = PollRun { all: true, assignment_id: id, ..Default::default() };
                        let _ = desk.poll_engagement(&me, &run);
                    }
                    if last.is_none_or(|t| t.elapsed() >= EVERY) {
                        let _ = desk.poll_engagement(&me, &PollRun::default());
                        last = Some(Instant::now());
                    }
                }
                asked = wait(Duration::from_secs(30));
            }
        })
        .ok();
}
