//! The team runner: keeps a workbench joined to a hub in step with it, on its
//! own connections (a sync connection and a listening one). Tauri-free: the
//! desktop app's worker thread, `newsroom hub watch` and the benchmarks run
//! the same rounds.
//!
//! A round syncs at once when the hub announces a change (`LISTEN`, at most
//! every [`HINT_GAP`]), when this workbench has changes waiting, when the
//! front end asks; otherwise every [`PERIOD`]. An unreachable hub is tried
//! again after 2, 4, 8… up to 30 seconds. Every change of state is handed to
//! the caller as a [`TeamStatus`]; its `generation` grows whenever a sync
//! brought rows, so screens reload.

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::desk::HubCounts;
use crate::hub::Hub;
use crate::{Desk, Error};

/// Where team mode stands, as the window shows it at all times.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
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

/// How long a round waits for the hub's word or the caller's wake-up.
pub const TICK: Duration = Duration::from_millis(250);
/// A sync at least this often, notification or not.
pub const PERIOD: Duration = Duration::from_secs(30);
/// Syncs the hub's hints bring are at least this far apart (any member can
/// NOTIFY: a flood of hints must not become a flood of syncs).
pub const HINT_GAP: Duration = Duration::from_millis(500);
const BACKOFF_MIN: Duration = Duration::from_secs(2);
const BACKOFF_MAX: Duration = Duration::from_secs(30);

/// What a round found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Round {
    /// The workbench is joined; the round waited up to a [`TICK`].
    Joined,
    /// The workbench is not joined to a hub (solo mode): nothing was done
    /// and nothing waited; the caller decides how long to wait.
    Solo,
}

/// The state of one joined workbench's connections between rounds.
#[derive(Debug)]
pub struct TeamRunner {
    sync: Option<Hub>,
    listen: Option<Hub>,
    retry_at: Instant,
    backoff: Duration,
    last_sync: Option<Instant>,
    /// The hub hinted that something changed since the last sync.
    hinted: bool,
    status: TeamStatus,
}

impl Default for TeamRunner {
    fn default() -> Self {
        TeamRunner::new()
    }
}

impl TeamRunner {
    /// A runner with no connection yet: its first round connects and syncs.
    pub fn new() -> TeamRunner {
        TeamRunner {
            sync: None,
            listen: None,
            retry_at: Instant::now(),
            backoff: BACKOFF_MIN,
            last_sync: None,
            hinted: false,
            status: TeamStatus::default(),
        }
    }

    /// The status after the last round.
    pub fn status(&self) -> &TeamStatus {
        &self.status
    }

    /// Sync at the next round (this workbench's own command, or the person
    /// asked); an unreachable hub is tried again at once.
    pub fn wake(&mut self) {
        self.last_sync = None;
        if self.sync.is_none() {
            self.retry_at = Instant::now();
        }
    }

    fn lost(&mut self, why: String) {
        self.sync = None;
        self.listen = None;
        self.retry_at = Instant::now() + self.backoff;
        self.backoff = (self.backoff * 2).min(BACKOFF_MAX);
        self.status.online = false;
        self.status.problem = Some(why);
    }

    /// One round: connect when due, sync when due (telling `on_status`
    /// before and after), then wait up to a [`TICK`] for the hub's word.
    /// `on_status` hears every status the round reaches, changed or not
    /// (callers publish only changes).
    pub fn round(&mut self, desk: &Desk, on_status: &mut dyn FnMut(&TeamStatus)) -> Round {
        let joined = match desk.team().link() {
            Ok(Some(l)) => l,
            _ => {
                self.status = TeamStatus::default();
                on_status(&self.status);
                return Round::Solo;
            }
        };
        self.status.joined = true;
        self.status.login = Some(joined.login);
        if let Ok(c) = desk.team().counts() {
            self.status.counts = c;
        }
        if self.sync.is_some() && self.listen.is_none() && Instant::now() >= self.retry_at {
            match desk.team().listener() {
                Ok(l) => self.listen = Some(l),
                Err(_) => self.retry_at = Instant::now() + self.backoff,
            }
        }
        if self.sync.is_none() && Instant::now() >= self.retry_at {
            match desk.team().open() {
                Ok(h) => {
                    self.sync = Some(h);
                    self.listen = desk.team().listener().ok();
                    self.last_sync = None;
                }
                Err(e) => self.lost(e.to_string()),
            }
        }
        let due = self.last_sync.is_none_or(|t| t.elapsed() >= PERIOD)
            || self.status.counts.pending > 0
            || (self.hinted && self.last_sync.is_none_or(|t| t.elapsed() >= HINT_GAP));
        if due && self.sync.is_some() {
            self.status.syncing = true;
            on_status(&self.status);
            let done = match self.sync.as_mut() {
                Some(hub) => desk.team().sync_on(hub),
                None => Err(Error::HubUnavailable(String::new())),
            };
            self.status.syncing = false;
            self.last_sync = Some(Instant::now());
            self.hinted = false;
            match done {
                Ok(r) => {
                    self.backoff = BACKOFF_MIN;
                    self.status.online = true;
                    self.status.problem = None;
                    self.status.pulled = r.pulled;
                    if r.pulled > 0 || !r.refused.is_empty() {
                        self.status.generation = self.status.generation.wrapping_add(1);
                    }
                }
                Err(Error::HubUnavailable(why)) => self.lost(why),
                Err(e) => {
                    // The hub answered but refused (a version, a rule): try again later.
                    self.status.problem = Some(e.to_string());
                    self.sync = None;
                    self.retry_at = Instant::now() + BACKOFF_MAX;
                }
            }
            if let Ok(c) = desk.team().counts() {
                self.status.counts = c;
            }
        }
        on_status(&self.status);
        // Wait for the hub's word or this workbench's own changes, one tick.
        let heard = match self.listen.as_mut() {
            // A hint already waits for its sync: more hints change nothing.
            Some(_) if self.hinted => {
                std::thread::sleep(TICK);
                false
            }
            Some(l) => match l.wait(TICK) {
                Ok(heard) => heard,
                Err(_) => {
                    // The listening connection broke: the hub may be gone; a sync tells.
                    self.listen = None;
                    true
                }
            },
            None => {
                std::thread::sleep(TICK);
                false
            }
        };
        if heard {
            self.hinted = true;
        }
        Round::Joined
    }
}
