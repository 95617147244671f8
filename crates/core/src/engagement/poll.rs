//! Running collectors over many pieces: a pool of workers, one rate limit
//! per host (requests are spaced `60 s ÷ rate` apart, however many workers
//! wait), and backoff when a host answers "later" (5xx, 429 with its
//! `Retry-After`, timeouts): the whole host pauses, the piece is tried again.
//!
//! With latency `L` and a limit of `R` requests a minute, `N` pieces take
//! about `max(N × 60 / R, N × L / workers)`: the limit, not sequential
//! latency, sets the pace (measured in BENCHMARKS.md).

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{Collected, Collector, Target};
use crate::domain::EngagementSource;
use crate::engagement::client as fetch;
use crate::error::{Error, Result};

/// How a poll run behaves.
#[derive(Debug, Clone)]
pub struct PollOptions {
    /// Requests in flight at once.
    pub workers: usize,
    /// Requests a minute per host.
    pub rate_per_minute: u32,
    /// Hosts with their own limit ("127.0.0.1:8089" → 10 a minute): a slow
    /// portal asks for fewer, Matomo may take more.
    pub host_rates: HashMap<String, u32>,
    /// Tries per piece and source before its failure is recorded.
    pub attempts: u32,
    /// First backoff after a temporary failure (doubles, at most 5 minutes).
    pub backoff: Duration,
}

impl Default for PollOptions {
    fn default() -> Self {
        PollOptions {
            workers: 8,
            rate_per_minute: 60,
            host_rates: HashMap::new(),
            attempts: 3,
            backoff: Duration::from_secs(5),
        }
    }
}

/// One collection to make.
#[derive(Clone)]
pub struct Job {
    /// The piece.
    pub target: Target,
    /// Who reads it.
    pub collector: Arc<dyn Collector>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job").field("target", &self.target).field("source", &self.collector.source()).finish()
    }
}

/// What one job came to.
#[derive(Debug)]
pub struct JobResult {
    /// The piece.
    pub target: Target,
    /// The source.
    pub source: EngagementSource,
    /// Tries made.
    pub attempts: u32,
    /// Figures, or the last error.
    pub outcome: Result<Collected>,
}

/// Spaces requests to one host.
#[derive(Debug)]
struct Limiter {
    interval: Duration,
    next: Mutex<Instant>,
}

impl Limiter {
    /// Waits until this host may be asked again. The slot is taken when it
    /// is reached, not booked ahead: a worker that wakes late (a loaded
    /// machine) never lets the next one start less than `interval` after it.
    fn acquire(&self) {
        loop {
            let wait = {
                let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
                let now = Instant::now();
                if now >= *next {
                    *next = now + self.interval;
                    return;
                }
                *next - now
            };
            std::thread::sleep(wait);
        }
    }

    /// Pauses the host: no request before `delay` from now.
    fn pause(&self, delay: Duration) {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        *next = (*next).max(Instant::now() + delay);
    }
}

/// Runs `jobs` on worker threads, calling `record` on the calling thread
/// with each result as soon as it is known (so it may hold the store).
pub fn run(jobs: Vec<Job>, options: &PollOptions, mut record: impl FnMut(JobResult)) {
    let interval = |host: &str| {
        let rate = options.host_rates.get(host).copied().unwrap_or(options.rate_per_minute).max(1);
        Duration::from_secs(60) / rate
    };
    let mut limiters: HashMap<String, Arc<Limiter>> = HashMap::new();
    let queue: VecDeque<(Job, Arc<Limiter>)> = jobs
        .into_iter()
        .map(|job| {
            let host = job.collector.host(&job.target);
            let every = interval(&host);
            let l = limiters
                .entry(host)
                .or_insert_with(|| Arc::new(Limiter { interval: every, next: Mutex::new(Instant::now()) }))
                .clone();
            (job, l)
        })
        .collect();
    let queue = Mutex::new(queue);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::scope(|s| {
        for _ in 0..options.workers.max(1) {
            let tx = tx.clone();
            let queue = &queue;
            s.spawn(move || loop {
                let Some((job, limiter)) = queue.lock().unwrap_or_else(|e| e.into_inner()).pop_front() else {
                    return;
                };
                let mut attempts = 0;
                let outcome = loop {
                    attempts += 1;
                    limiter.acquire();
                    match job.collector.collect(&job.target) {
                        Err(e @ Error::PortalUnavailable(_)) if attempts < options.attempts => {
                            limiter.pause(backoff(options.backoff, attempts, &e));
                        }
                        other => break other,
                    }
                };
                let result = JobResult { target: job.target, source: job.collector.source(), attempts, outcome };
                if tx.send(result).is_err() {
                    return;
                }
            });
        }
        drop(tx);
        for result in rx {
            record(result);
        }
    });
}

/// The pause after the `attempt`-th temporary failure: what the server asked
/// for (`Retry-After`), else `base × 2^(attempt−1)`, at most 5 minutes.
pub fn backoff(base: Duration, attempt: u32, e: &Error) -> Duration {
    let asked = fetch::retry_after(&e.to_string());
    asked.unwrap_or_else(|| base * 2u32.saturating_pow(attempt.saturating_sub(1)).min(64)).min(Duration::from_secs(300))
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;
    use crate::domain::Metric;
    use crate::engagement::Reading;

    /// Answers after `latency`, remembers when each request started, fails
    /// the first `fail_first` requests with "later".
    struct Slow {
        latency: Duration,
        fail_first: u32,
        calls: AtomicU32,
        starts: Mutex<Vec<Instant>>,
    }

    impl Collector for Slow {
        fn source(&self) -> EngagementSource {
            EngagementSource::Page
        }
        fn host(&self, t: &Target) -> String {
            fetch::host_of(&t.url)
        }
        fn collect(&self, _: &Target) -> Result<Collected> {
            self.starts.lock().unwrap().push(Instant::now());
            std::thread::sleep(self.latency);
            if self.calls.fetch_add(1, Ordering::SeqCst) < self.fail_first {
                return Err(Error::PortalUnavailable("HTTP 503 (Retry-After: 0)".into()));
            }
            Ok(Collected { readings: vec![Reading { metric: Metric::Views, value: 1 }], comments: vec![] })
        }
    }

    fn jobs(c: &Arc<Slow>, n: usize, host: &str) -> Vec<Job> {
        (0..n)
            .map(|i| Job {
                target: Target {
                    assignment_id: format!("a{i}"),
                    url: format!("https://{host}/tin/{i}"),
                    remote_id: None,
                },
                collector: c.clone(),
            })
            .collect()
    }

    #[test]
    fn requests_to_a_host_are_spaced_by_its_rate_whatever_the_workers() {
        let c = Arc::new(Slow { latency: Duration::ZERO, fail_first: 0, calls: 0.into(), starts: Mutex::default() });
        let results = Mutex::new(Vec::new());
        let opts = PollOptions { workers: 8, rate_per_minute: 1200, ..Default::default() };
        run(jobs(&c, 12, "a.vn"), &opts, |r| results.lock().unwrap().push(r));
        assert_eq!(results.lock().unwrap().len(), 12);
        let mut starts = c.starts.lock().unwrap().clone();
        assert_eq!(starts.len(), 12, "every piece was asked");
        starts.sort();
        // 1,200 a minute = one every 50 ms; allow the scheduler a little slack.
        for w in starts.windows(2) {
            assert!(w[1] - w[0] >= Duration::from_millis(45), "{:?}", w[1] - w[0]);
        }
    }

    #[test]
    fn a_host_with_its_own_limit_is_spaced_by_it() {
        let c = Arc::new(Slow { latency: Duration::ZERO, fail_first: 0, calls: 0.into(), starts: Mutex::default() });
        let host_rates = HashMap::from([("slow.vn".to_string(), 600)]);
        let opts = PollOptions { workers: 8, rate_per_minute: 60_000, host_rates, ..Default::default() };
        run(jobs(&c, 5, "slow.vn"), &opts, |_| {});
        let mut starts = c.starts.lock().unwrap().clone();
        // Every piece was asked (else the spacing below holds of nothing).
        assert_eq!(starts.len(), 5, "{starts:?}");
        starts.sort();
        // 600 a minute = one every 100 ms, although the default allows 1 ms.
        for w in starts.windows(2) {
            assert!(w[1] - w[0] >= Duration::from_millis(95), "{:?}", w[1] - w[0]);
        }
    }

    #[test]
    fn slow_answers_overlap_so_the_limit_sets_the_pace() {
        // 16 pieces answering in 200 ms each, 8 workers, a generous limit:
        // several requests are in flight at once (the pace is measured in
        // the bench, not here).
        let c = Arc::new(Slow {
            latency: Duration::from_millis(200),
            fail_first: 0,
            calls: 0.into(),
            starts: Mutex::default(),
        });
        let opts = PollOptions { workers: 8, rate_per_minute: 60_000, ..Default::default() };
        run(jobs(&c, 16, "b.vn"), &opts, |_| {});
        let mut starts = c.starts.lock().unwrap().clone();
        starts.sort();
        let overlapping = starts.windows(2).filter(|w| w[1] - w[0] < Duration::from_millis(200)).count();
        assert!(overlapping >= 8, "requests did not overlap: {starts:?}");
    }

    #[test]
    fn a_host_that_says_later_is_retried_then_the_failure_is_recorded() {
        let c = Arc::new(Slow { latency: Duration::ZERO, fail_first: 1, calls: 0.into(), starts: Mutex::default() });
        let results = Mutex::new(Vec::new());
        let opts = PollOptions {
            workers: 1,
            rate_per_minute: 60_000,
            attempts: 3,
            backoff: Duration::from_millis(1),
            ..Default::default()
        };
        run(jobs(&c, 1, "c.vn"), &opts, |r| results.lock().unwrap().push(r));
        let r = results.lock().unwrap();
        assert_eq!(r[0].attempts, 2);
        assert!(r[0].outcome.is_ok());
        let c = Arc::new(Slow { latency: Duration::ZERO, fail_first: 9, calls: 0.into(), starts: Mutex::default() });
        let results = Mutex::new(Vec::new());
        run(jobs(&c, 1, "c.vn"), &opts, |r| results.lock().unwrap().push(r));
        let r = results.lock().unwrap();
        assert_eq!((r[0].attempts, r[0].outcome.as_ref().unwrap_err().code()), (3, "portal_unavailable"));
    }

    #[test]
    fn backoff_follows_retry_after_or_doubles() {
        let e = Error::PortalUnavailable("HTTP 429 (Retry-After: 30)".into());
        assert_eq!(backoff(Duration::from_secs(5), 1, &e), Duration::from_secs(30));
        let e = Error::PortalUnavailable("quá thời gian chờ".into());
        assert_eq!(backoff(Duration::from_secs(5), 3, &e), Duration::from_secs(20));
        assert_eq!(backoff(Duration::from_secs(5), 30, &e), Duration::from_secs(300));
    }
}
