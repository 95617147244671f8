//! Engagement: roll-ups and series over many snapshots, and polling pace.
//!
//! `pieces` published pieces of one contract get 10 snapshots each (five
//! polls of page views and portal comments): 1,000,000 snapshots over
//! 100,000 pieces in the full run. Measured: the contract roll-up (totals +
//! top 10) and one piece's figures (totals, per source, series, frozen
//! figures, poll state, comments).
//!
//! Polling: `targets` pages served by a loopback server that answers each
//! request after 200 ms, read by the real page collector through the poll
//! runner at two rate limits. One after another that is `targets × 0.2 s`;
//! the runner should take about `max(targets ÷ rate, targets × 0.2 s ÷
//! workers)`.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use toasoan_core::desk::{DraftPatch, NewAssignment, NewContract, NewLine, NewPolicy};
use toasoan_core::engagement::poll::{self, Job, PollOptions};
use toasoan_core::Desk;
use toasoan_domain::engagement::{NewSnapshot, Target};
use toasoan_domain::time::to_db;
use toasoan_domain::{Channel, EngagementSource, Genre, Metric, PolicyStage};
use toasoan_portal::client;
use toasoan_portal::engagement::page::{PageCounter, ViewPattern};
use toasoan_portal::engagement::Collector;

use crate::{report, time};

pub fn run(pieces: usize, targets: usize) {
    // A file store: the snapshots are bulk-written through a second connection.
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    let (head, an, agency) = crate::people(&desk);
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let line = NewLine {
        genre: Genre::Tin,
        channel: Channel::BaoDienTu,
        quantity: pieces as i64,
        unit_price: 1_200_000,
        min_words: None,
        max_words: None,
    };
    let contract = NewContract {
        agency_id: agency.id,
        number: "16/2026/HĐĐH-STP".into(),
        start_on: d(1, 1),
        end_on: d(12, 31),
        total_value: 1_200_000 * pieces as i64,
        ..Default::default()
    };
    let (contract, _) = desk.create_contract(&head, contract, vec![line]).unwrap();
    let policy = NewPolicy {
        name: "Nghị định về chính sách hỗ trợ".into(),
        doc_number: "32/2019/NĐ-CP".into(),
        issuer: None,
        stage: PolicyStage::ThucThi,
    };
    let policy = desk.add_policy(&head, policy).unwrap();
    let t = Instant::now();
    let mut ids = Vec::with_capacity(pieces);
    for i in 0..pieces {
        let new = NewAssignment {
            line_id: contract.lines[0].id.clone(),
            policy_id: policy.id.clone(),
            reporter: "an".into(),
            editor: None,
            due_on: d(12, 1),
            title: format!("Bình Sơn giải thích chính sách, bài số {i}"),
            brief: String::new(),
            ..Default::default()
        };
        let a = desk.add_assignment(&head, new).unwrap();
        let patch = DraftPatch {
            headline: Some(format!("Người dân được gì? (số {i})")),
            sapo: Some("Sapo.".into()),
            body: Some("Nội dung ngắn về Nghị định 32/2019/NĐ-CP.".into()),
            byline: None,
        };
        desk.save_draft(&an, &a.id, patch).unwrap();
        desk.submit(&an, &a.id).unwrap();
        desk.approve(&head, &a.id).unwrap();
        let at = Utc.with_ymd_and_hms(2026, 1, 1, 2, 0, 0).unwrap() + chrono::Duration::minutes((i % 400_000) as i64);
        desk.mark_published(&head, &a.id, &format!("https://binhson.gov.vn/tin/{}", a.num), Some(at)).unwrap();
        ids.push(a.id);
    }
    let built = t.elapsed();
    let t = Instant::now();
    let polls = 5;
    for chunk in ids.chunks(2_000) {
        let mut snaps = Vec::with_capacity(chunk.len() * polls * 2);
        for (k, id) in chunk.iter().enumerate() {
            for poll in 0..polls {
                let at = to_db(Utc.with_ymd_and_hms(2026, 3, 1 + poll as u32 * 5, 3, 0, 0).unwrap());
                let views = ((k * 7_919) % 5_000 + poll * 100) as i64;
                for (source, metric, value) in [
                    (EngagementSource::Page, Metric::Views, views),
                    (EngagementSource::WordPress, Metric::Comments, poll as i64),
                ] {
                    snaps.push(NewSnapshot {
                        assignment_id: id.clone(),
                        source,
                        metric,
                        value,
                        captured_at: at.clone(),
                    });
                }
            }
        }
        let now = to_db(Utc::now());
        // In bulk, as the desk records a poll run: the snapshots, then each
        // touched piece's totals by the combination rule.
        let store = toasoan_store::Store::open(dir.path()).unwrap();
        store
            .write(|db| {
                let (_, touched) = db.insert_snapshots("bench", &snaps)?;
                for id in touched {
                    db.set_totals(id, &toasoan_core::engagement::combine(&db.latest(id)?), &now)?;
                }
                Ok(())
            })
            .unwrap();
    }
    println!(
        "\nEngagement over {pieces} published pieces, {} snapshots (pieces built in {:.1} s, snapshots recorded in {:.1} s)\n",
        pieces * polls * 2,
        built.as_secs_f64(),
        t.elapsed().as_secs_f64()
    );
    println!("| operation                                    | p50 (ms) | p95 (ms) |   runs |");
    println!("|----------------------------------------------|---------:|---------:|-------:|");
    report(
        "contract roll-up (totals + top 10)",
        time(30, |_| desk.contract_engagement(&head, &contract.id, 10).unwrap()),
    );
    report("policy roll-up (totals + top 10)", time(30, |_| desk.policy_engagement(&head, &policy.id, 10).unwrap()));
    report(
        "one piece: totals, sources, series, frozen",
        time(200, |i| desk.engagement(&head, &ids[(i * 7_919) % ids.len()]).unwrap()),
    );
    // The period report across contracts over the same pieces and snapshots.
    let r = desk.period_report(&head, d(1, 1), d(12, 31)).unwrap();
    assert_eq!(r.totals.pieces, pieces as i64);
    report(
        "period report, whole year (XLSX excluded)",
        time(30, |_| desk.period_report(&head, d(1, 1), d(12, 31)).unwrap()),
    );
    poll_pace(targets);
}

/// A loopback server answering every request after `latency` with a page
/// that prints a view counter. Returns its base URL.
fn slow_server(latency: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(conn);
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                    if line == "\r\n" {
                        break;
                    }
                    line.clear();
                }
                std::thread::sleep(latency);
                let body = "<html><body><p>Lượt xem: 1.234</p></body></html>";
                let mut conn = reader.into_inner();
                let _ = write!(
                    conn,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    format!("http://{addr}")
}

fn poll_pace(targets: usize) {
    let latency = Duration::from_millis(200);
    let base = slow_server(latency);
    let http = client::Http::new(Duration::from_secs(10), Duration::from_secs(10), "bench").unwrap();
    let collector: Arc<dyn Collector> = Arc::new(PageCounter::new(http, ViewPattern::default()));
    let jobs: Vec<Job> = (0..targets)
        .map(|i| Job {
            target: Target { assignment_id: format!("a{i}"), url: format!("{base}/tin/{i}"), remote_id: None },
            collector: collector.clone(),
        })
        .collect();
    println!(
        "\nPolling {targets} pages that answer in {} ms each (one after another: {:.0} s)\n",
        latency.as_millis(),
        targets as f64 * latency.as_secs_f64()
    );
    println!("| rate limit (per host) | workers | expected (s) | measured (s) | read |");
    println!("|----------------------:|--------:|-------------:|-------------:|-----:|");
    for (rate, workers) in [(3_000u32, 16usize), (6_000, 16)] {
        let options = PollOptions { workers, rate_per_minute: rate, ..Default::default() };
        let expected =
            (targets as f64 * 60.0 / f64::from(rate)).max(targets as f64 * latency.as_secs_f64() / workers as f64);
        let t = Instant::now();
        let mut read = 0;
        poll::run(jobs.clone(), &options, |r| read += usize::from(r.outcome.is_ok_and(|c| !c.readings.is_empty())));
        println!(
            "| {rate:>15} / min | {workers:>7} | {expected:>12.1} | {:>12.1} | {read:>4} |",
            t.elapsed().as_secs_f64()
        );
    }
}
