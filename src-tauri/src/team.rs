//! The team worker: keeps a workbench joined to a hub in step with it, in
//! the background, on its own connections (its own desk, a sync connection
//! and a listening one), so the window never waits for the network.
//!
//! It syncs at once when the hub announces a change (`LISTEN`), when this
//! workbench has changes waiting, when a command asks; otherwise every half
//! minute. An unreachable hub is tried again after 2, 4, 8… up to 30
//! seconds. Every change of state is sent to the window as a
//! [`TeamStatus`] over the channels registered by `team_watch`; its
//! `generation` grows whenever a sync brought rows, so screens reload.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Serialize;
use specta::Type;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager};
use toasoan_core::desk::HubCounts;
use toasoan_core::hub::Hub;
use toasoan_core::{Desk, Error};

use crate::background::Mailbox;
use crate::state::AppState;

/// Where team mode stands, as the window shows it at all times.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
pub struct TeamStatus {
    /// This workbench is joined to a hub (false: solo mode).
    pub joined: bool,
    /// Its hub login.
    pub login: Option<String>,
    /// The hub answered the last attempt.
    pub online: bool,
    /// A sync is running now.
    pub syncing: bool,
    /// Grows by one each time a sync brought rows (screens reload then).
    pub generation: u32,
    /// Rows received by the last sync.
    pub pulled: u32,
    /// Pending changes, conflicts, unread notifications, refusals.
    pub counts: HubCounts,
    /// Why the hub could not be reached or refused, in Vietnamese.
    pub problem: Option<String>,
}

static WAKE: Mailbox<()> = Mailbox::new();
static WATCHERS: Mutex<Vec<Channel<TeamStatus>>> = Mutex::new(Vec::new());
static LAST: Mutex<Option<TeamStatus>> = Mutex::new(None);

/// How often the worker looks at this workbench's own outbox and mailbox.
const TICK: Duration = Duration::from_millis(250);
/// A sync at least this often, notification or not.
const PERIOD: Duration = Duration::from_secs(30);
const BACKOFF_MIN: Duration = Duration::from_secs(2);
/// Syncs the hub's hints bring are at least this far apart.
const HINT_GAP: Duration = Duration::from_millis(500);
const BACKOFF_MAX: Duration = Duration::from_secs(30);

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

/// The connections of a joined workbench.
struct Link {
    sync: Option<Hub>,
    listen: Option<Hub>,
    retry_at: Instant,
    backoff: Duration,
    last_sync: Option<Instant>,
    /// The hub hinted that something changed since the last sync.
    hinted: bool,
}

impl Link {
    fn new() -> Link {
        Link {
            sync: None,
            listen: None,
            retry_at: Instant::now(),
            backoff: BACKOFF_MIN,
            last_sync: None,
            hinted: false,
        }
    }

    fn lost(&mut self, status: &mut TeamStatus, why: String) {
        self.sync = None;
        self.listen = None;
        self.retry_at = Instant::now() + self.backoff;
        self.backoff = (self.backoff * 2).min(BACKOFF_MAX);
        status.online = false;
        status.problem = Some(why);
    }
}

/// Starts the worker thread.
pub fn start(app: AppHandle) {
    let started = std::thread::Builder::new().name("team".into()).spawn(move || {
        crate::background::wait_for_first_screen();
        let mut open: Option<(PathBuf, Desk)> = None;
        let mut link = Link::new();
        let mut status = TeamStatus::default();
        loop {
            let dir = app.state::<AppState>().open_data_dir();
            if open.as_ref().map(|o| &o.0) != dir.as_ref() {
                open = dir.and_then(|d| Desk::open(&d).ok().map(|desk| (d, desk)));
                link = Link::new();
                status = TeamStatus::default();
            }
            let Some((_, desk)) = &open else {
                publish(&TeamStatus::default());
                WAKE.wait(Duration::from_secs(1));
                continue;
            };
            let round = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| round(desk, &mut link, &mut status)));
            if round.is_err() {
                eprintln!("toasoan: the team worker failed in a round; it goes on with new connections");
                open = None;
            }
        }
    });
    if let Err(e) = started {
        eprintln!("toasoan: the team worker could not start: {e}");
    }
}

/// One round: sync when due, publish the status, then wait for a reason to sync.
fn round(desk: &Desk, link: &mut Link, status: &mut TeamStatus) {
    let joined = match desk.hub_link() {
        Ok(Some(l)) => l,
        _ => {
            *status = TeamStatus::default();
            publish(status);
            WAKE.wait(Duration::from_secs(1));
            return;
        }
    };
    status.joined = true;
    status.login = Some(joined.login);
    if let Ok(c) = desk.hub_counts() {
        status.counts = c;
    }
    if link.sync.is_some() && link.listen.is_none() && Instant::now() >= link.retry_at {
        match desk.hub_listener() {
            Ok(l) => link.listen = Some(l),
            Err(_) => link.retry_at = Instant::now() + link.backoff,
        }
    }
    if link.sync.is_none() && Instant::now() >= link.retry_at {
        match desk.hub_open() {
            Ok(h) => {
                link.sync = Some(h);
                link.listen = desk.hub_listener().ok();
                link.last_sync = None;
            }
            Err(e) => link.lost(status, e.to_string()),
        }
    }
    let due = link.last_sync.is_none_or(|t| t.elapsed() >= PERIOD)
        || status.counts.pending > 0
        || (link.hinted && link.last_sync.is_none_or(|t| t.elapsed() >= HINT_GAP));
    if let (true, Some(hub)) = (due, link.sync.as_mut()) {
        status.syncing = true;
        publish(status);
        let done = desk.hub_sync_on(hub);
        status.syncing = false;
        link.last_sync = Some(Instant::now());
        link.hinted = false;
        match done {
            Ok(r) => {
                link.backoff = BACKOFF_MIN;
                status.online = true;
                status.problem = None;
                status.pulled = r.pulled;
                if r.pulled > 0 || !r.refused.is_empty() {
                    status.generation = status.generation.wrapping_add(1);
                }
            }
            Err(Error::HubUnavailable(why)) => link.lost(status, why),
            Err(e) => {
                // The hub answered but refused (a version, a rule): try again later.
                status.problem = Some(e.to_string());
                link.sync = None;
                link.retry_at = Instant::now() + BACKOFF_MAX;
            }
        }
        if let Ok(c) = desk.hub_counts() {
            status.counts = c;
        }
    }
    publish(status);
    // Wait for the hub's word, a command's wake-up or this workbench's own
    // changes, one tick at a time.
    let heard = match link.listen.as_mut() {
        // A hint already waits for its sync: more hints change nothing.
        Some(_) if link.hinted => {
            std::thread::sleep(TICK);
            false
        }
        Some(l) => match l.wait(TICK) {
            Ok(heard) => heard,
            Err(_) => {
                // The listening connection broke: the hub may be gone; a sync tells.
                link.listen = None;
                true
            }
        },
        None => {
            std::thread::sleep(TICK);
            false
        }
    };
    let woken = !WAKE.wait(Duration::ZERO).is_empty();
    if heard {
        // The hub's hint: sync soon, but not more than every HINT_GAP (any
        // member can NOTIFY; a flood of hints must not become a flood of syncs).
        link.hinted = true;
    }
    if woken {
        // Sync at the next round (this workbench's own command).
        link.last_sync = None;
        if link.sync.is_none() && woken {
            link.retry_at = Instant::now();
        }
    }
}
