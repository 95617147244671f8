//! The engagement worker of the desktop app: its own thread and connection,
//! so collecting figures never delays publishing or the UI. Every ten
//! minutes it polls the published pieces that are due (the core's schedule
//! decides which) in the name of the signed-in person when their role
//! records engagement; a command can ask for one piece now ("Thu số liệu ngay").

use std::time::{Duration, Instant};

use tauri::AppHandle;
use toasoan_core::desk::PollRun;
use toasoan_core::workflow::{self, Action};

use crate::background::{self, Mailbox};

/// Pieces asked for now (`None` inside: every due piece).
static ASKED: Mailbox<Option<String>> = Mailbox::new();

/// How often due pieces are polled.
const EVERY: Duration = Duration::from_secs(600);

/// Asks the worker to poll this piece (all sources, due or not) now.
pub fn poll_now(assignment_id: Option<String>) {
    ASKED.post(assignment_id);
}

/// Starts the worker thread.
pub fn start(app: AppHandle) {
    let mut last: Option<Instant> = None;
    background::spawn("engagement", app, &ASKED, Duration::from_secs(30), move |desk, state, asked| {
        let Some(me) = state.signed_in().filter(|p| workflow::may(p, Action::RecordEngagement)) else {
            return;
        };
        // Failures are recorded per piece and source; the next round retries.
        for id in asked {
            let run = PollRun { all: true, assignment_id: id, ..Default::default() };
            let _ = desk.poll_engagement(&me, &run);
        }
        if last.is_none_or(|t| t.elapsed() >= EVERY) {
            let _ = desk.poll_engagement(&me, &PollRun::default());
            last = Some(Instant::now());
        }
    });
}
