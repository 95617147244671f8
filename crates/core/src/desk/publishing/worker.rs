//! The worker that sends due jobs ([`Worker::run_once`]) and `sync`, which
//! works the outbox with several threads, each on its own connection.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use serde::Serialize;

use super::super::{new_id, Desk};
use super::outbox::load_job;
use super::portals::portal_of;
use super::team::{Team, TeamClaim};
use crate::domain::{JobState, Portal, PortalKind, PublishJob};
use crate::error::{Error, Result};
use crate::publish::wordpress::{self, RequestStats, WordPress};
use crate::publish::{package::Package, Adapter, Backoff, Outcome};
use crate::secret;

/// How the worker sends.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// HTTP settings of the WordPress adapter.
    pub wordpress: wordpress::Options,
    /// Retry timing.
    pub backoff: Backoff,
    /// How long a claimed job is reserved for its worker.
    pub lease: Duration,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        WorkerOptions {
            wordpress: wordpress::Options::default(),
            backoff: Backoff::default(),
            lease: Duration::from_secs(15 * 60),
        }
    }
}

/// Sends outbox jobs. One per process (or per thread of `sync`); adapters are
/// kept between jobs so a portal's REST root is discovered once.
pub struct Worker {
    holder: String,
    options: WorkerOptions,
    adapters: Mutex<HashMap<String, Arc<dyn Adapter>>>,
    stats: Arc<RequestStats>,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker").field("holder", &self.holder).finish()
    }
}

impl Worker {
    /// A worker of this process.
    pub fn new(options: WorkerOptions) -> Worker {
        Worker {
            holder: format!("pid:{}:{}", std::process::id(), new_id()),
            options,
            adapters: Mutex::new(HashMap::new()),
            stats: Arc::new(RequestStats::default()),
        }
    }

    /// In team mode, queues here the sends other workbenches offered
    /// (they have no secret for the portal): see [`Desk::take_offers`].
    pub fn take_offers(&self, desk: &Desk) -> Result<usize> {
        desk.take_offers(self.options.lease)
    }

    /// Time spent waiting for WordPress by this worker's adapters.
    pub fn stats(&self) -> Arc<RequestStats> {
        self.stats.clone()
    }

    fn adapter(&self, portal: &Portal) -> Result<Arc<dyn Adapter>> {
        let mut cache = self.adapters.lock().map_err(|_| Error::Storage("worker state poisoned".into()))?;
        if let Some(a) = cache.get(&portal.id) {
            return Ok(a.clone());
        }
        let adapter: Arc<dyn Adapter> = match portal.kind {
            PortalKind::WordPress => {
                let password = secret::read(portal)?;
                let wp = WordPress::new(&portal.base_url, &portal.username, &password, self.options.wordpress.clone())?
                    .with_stats(self.stats.clone());
                Arc::new(wp)
            }
            PortalKind::Package => Arc::new(Package::new(Path::new(&portal.base_url))),
        };
        cache.insert(portal.id.clone(), adapter.clone());
        Ok(adapter)
    }

    /// Sends the next due job, if any, and returns it as it ended.
    pub fn run_once(&self, desk: &Desk) -> Result<Option<PublishJob>> {
        let Some((job, article)) = desk.claim_job(&self.holder, self.options.lease)? else {
            return Ok(None);
        };
        let result = desk.store.read(|db| portal_of(db, &job.portal_id)).and_then(|portal| {
            Ok(match desk.team_claim(&job, &portal, self.options.lease)? {
                Team::Solo => Sending::Ended(self.adapter(&portal)?.publish(&article, &mut desk.journal(&job))?, None),
                Team::Claimed(mut claim) => {
                    let adapter = match self.adapter(&portal) {
                        Err(Error::SecretUnavailable(why)) => {
                            claim.offer()?;
                            return Err(Error::Busy(format!(
                                "{why}; đã nhờ máy khác của tòa soạn có mật khẩu cổng này đăng bài"
                            )));
                        }
                        other => other?,
                    };
                    let outcome = adapter.publish(&article, &mut claim.journal(desk.journal(&job)))?;
                    Sending::Ended(outcome, Some(claim))
                }
                Team::SentElsewhere(ended) => Sending::Cancelled(ended),
            })
        });
        let ended = match result {
            Ok(Sending::Cancelled(ended)) => Ok(ended),
            Ok(Sending::Ended(outcome, claim)) => {
                let sent = matches!(outcome, Outcome::Sent(_));
                let ended = desk.finish_job(&job, outcome)?;
                if let (true, Some(mut claim)) = (sent, claim) {
                    // Best effort: if the hub is gone now, the claim's lease
                    // runs out and a workbench taking over finds our post in
                    // it and updates it (a redundant write, never a second post).
                    claim.done(desk, &job).ok();
                }
                Ok(ended)
            }
            Err(e) => {
                if !e.is_transient() {
                    // A refused secret or account may be fixed in settings: start afresh next time.
                    self.adapters.lock().map(|mut c| c.remove(&job.portal_id)).ok();
                }
                desk.fail_job(&job, &e, &self.options.backoff, rand::random::<f64>())
            }
        }?;
        Ok(Some(ended))
    }
}

/// How an attempt ended before its end is recorded.
enum Sending {
    /// The adapter's outcome (with the team claim it was sent under).
    Ended(Outcome, Option<TeamClaim>),
    /// Another workbench published the piece; the job is cancelled.
    Cancelled(PublishJob),
}

/// What a `sync` run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncSummary {
    /// Jobs finished (published or package written).
    pub done: Vec<PublishJob>,
    /// Jobs given up as failed.
    pub failed: Vec<PublishJob>,
    /// Jobs stopped on a conflict.
    pub conflicts: Vec<PublishJob>,
    /// Jobs still queued when the run's time was up (with their last error).
    pub waiting: Vec<PublishJob>,
}

/// Works the outbox of the store in `dir` until no job is queued or being
/// sent, or until `max_wait` has passed: `workers` threads, each with its own
/// connection; retries wait out their backoff. `on_job` sees each attempt's end.
pub fn sync(
    dir: &Path,
    options: &WorkerOptions,
    workers: usize,
    max_wait: Duration,
    on_job: &(dyn Fn(&PublishJob) + Sync),
) -> Result<SyncSummary> {
    sync_with(dir, &Worker::new(options.clone()), workers, max_wait, on_job)
}

/// [`sync`] with a given worker (whose [`Worker::stats`] then covers the run).
pub fn sync_with(
    dir: &Path,
    worker: &Worker,
    workers: usize,
    max_wait: Duration,
    on_job: &(dyn Fn(&PublishJob) + Sync),
) -> Result<SyncSummary> {
    let started = std::time::Instant::now();
    // Team mode: what others asked this workbench to send goes in first (an
    // unreachable hub leaves it for the next run; local jobs go on).
    match worker.take_offers(&Desk::open(dir)?) {
        Ok(_) | Err(Error::HubUnavailable(_)) => {}
        Err(e) => return Err(e),
    }
    let seen: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let first_error: Mutex<Option<Error>> = Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..workers.max(1) {
            s.spawn(|| {
                let run = || -> Result<()> {
                    let desk = Desk::open(dir)?;
                    loop {
                        match worker.run_once(&desk) {
                            Ok(Some(job)) => {
                                on_job(&job);
                                seen.lock().map(|mut v| v.push(job.id.clone())).ok();
                                continue;
                            }
                            Ok(None) => {}
                            // A job whose piece cannot be built is marked failed; go on.
                            Err(e) if e.code() == "invalid_input" || e.code() == "not_found" => continue,
                            Err(e) => return Err(e),
                        }
                        let (pending, next) = desk.outbox_pending()?;
                        if pending == 0 || started.elapsed() >= max_wait {
                            return Ok(());
                        }
                        let until_next = next
                            .map(|n| (n - Utc::now()).to_std().unwrap_or_default())
                            .unwrap_or(Duration::from_millis(200));
                        let left = max_wait.saturating_sub(started.elapsed());
                        std::thread::sleep(
                            until_next.clamp(Duration::from_millis(20), Duration::from_secs(1)).min(left),
                        );
                    }
                };
                if let Err(e) = run() {
                    if let Ok(mut first) = first_error.lock() {
                        first.get_or_insert(e);
                    }
                }
            });
        }
    });
    if let Some(e) = first_error.into_inner().ok().flatten() {
        return Err(e);
    }
    let desk = Desk::open(dir)?;
    let mut ids = seen.into_inner().unwrap_or_default();
    let still: Vec<String> = desk
        .store
        .read(|db| Ok(db.jobs(None, 100_000)?))?
        .into_iter()
        .filter(|j| matches!(j.state, JobState::Queued | JobState::Sending))
        .map(|j| j.id)
        .collect();
    ids.extend(still);
    ids.sort();
    ids.dedup();
    let mut summary = SyncSummary::default();
    let jobs = desk.store.read(|db| {
        let mut all = Vec::new();
        for id in &ids {
            all.push(load_job(db, id)?.job);
        }
        Ok(all)
    })?;
    for j in jobs {
        match j.state {
            JobState::Done => summary.done.push(j),
            JobState::Failed => summary.failed.push(j),
            JobState::Conflict => summary.conflicts.push(j),
            JobState::Queued | JobState::Sending => summary.waiting.push(j),
            JobState::Cancelled => {}
        }
    }
    Ok(summary)
}
