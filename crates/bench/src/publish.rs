//! Publishing N pieces with 3 photos each to the loopback WordPress
//! (`scripts/wordpress.sh up`; its env file sets TOASOAN_WP_URL/USER/PASSWORD):
//! wall time of `sync`, and its ratio to the sum of WordPress's own request
//! times as the client saw them (goal ≤ 0.6: parallel uploads and jobs, no
//! needless round trips).

use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::SeedableRng;
use toasoan_core::desk::{self, DraftPatch, NewPortal, Worker, WorkerOptions};
use toasoan_core::Desk;
use toasoan_domain::JobState;
use toasoan_media::{self as media, Limits};

use crate::media::synthetic_photo;

/// Runs the publishing benchmark over `pieces` pieces, `workers` jobs at a time.
pub fn run(pieces: usize, workers: usize) {
    let (Ok(url), Ok(user)) = (std::env::var("TOASOAN_WP_URL"), std::env::var("TOASOAN_WP_USER")) else {
        println!(
            "\nPublishing: skipped (no loopback WordPress; run `bash scripts/wordpress.sh up` and source its env file)"
        );
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("data");
    let desk = Desk::open(&dir).expect("desk");
    let (head, an, line, policy) = crate::setup(&desk);
    let p = NewPortal {
        name: "cong".into(),
        kind: "wordpress".into(),
        base_url: url,
        username: user,
        password_env: Some("TOASOAN_WP_PASSWORD".into()),
        password: None,
    };
    desk.add_portal(&head, p).expect("portal");
    let mut rng = StdRng::seed_from_u64(11);
    let run_tag =
        format!("{:x}", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs());
    for i in 0..pieces {
        let title = format!("Bài đo đăng {i} ({run_tag})");
        let a = desk.add_assignment(&head, crate::team_piece(&line, &policy, "an", title)).unwrap();
        let mut body = crate::body(&mut rng, 25);
        for k in 0..3u32 {
            let seed = (i as u32) * 3 + k + u32::from_str_radix(&run_tag[run_tag.len() - 6..], 16).unwrap();
            let photo = synthetic_photo(800, 450, seed);
            let prepared = media::prepare(&format!("anh-{i}-{k}.jpg"), photo, &Limits::default()).unwrap();
            let item = desk.add_media(&an, &prepared, Some(&a.id)).unwrap().item;
            body.push_str(&format!("\n\n![Ảnh {k}](media:{})\n\nẢnh {k}. Ảnh: Thanh An\n", item.id));
        }
        let patch = DraftPatch {
            headline: Some(format!("Bài đo đăng {i} ({run_tag})")),
            sapo: Some("Sapo của bài đo.".into()),
            body: Some(body),
            byline: Some("Thanh An".into()),
        };
        desk.save_draft(&an, &a.id, patch).unwrap();
        desk.submit(&an, &a.id).unwrap();
        desk.approve(&head, &a.id).unwrap();
        desk.queue_publish(&head, &a.id, "cong").unwrap();
    }
    drop(desk);
    let worker = Worker::new(WorkerOptions::default());
    let start = Instant::now();
    // Every attempt that did not end the job, with when it ended: where wall
    // time goes besides requests (backoff, grace periods before a lookup).
    let retries = std::sync::Mutex::new(Vec::new());
    let on_job = |j: &toasoan_domain::PublishJob| {
        if j.state != JobState::Done {
            let what = format!(
                "#{} attempt {} at {:.1} s: {} {}",
                j.assignment_num,
                j.attempts,
                start.elapsed().as_secs_f64(),
                j.last_error_code.as_deref().unwrap_or("?"),
                j.last_error.as_deref().unwrap_or("")
            );
            retries.lock().map(|mut r| r.push(what)).ok();
        }
    };
    let summary = desk::sync_with(&dir, &worker, workers, Duration::from_secs(900), &on_job).expect("sync");
    let wall = start.elapsed();
    let (wp, requests) = worker.stats().totals();
    assert_eq!(summary.done.len(), pieces, "every piece published: {summary:?}");
    assert!(summary.done.iter().all(|j| j.state == JobState::Done));
    println!(
        "\nPublishing: {pieces} pieces × 3 photos (800×450) to the loopback WordPress, {workers} jobs at a time, 4 uploads at a time"
    );
    println!(
        "  wall {:.2} s ({:.0} ms per piece); {requests} requests ({:.1} per piece), WordPress time summed {:.2} s",
        wall.as_secs_f64(),
        wall.as_secs_f64() * 1e3 / pieces as f64,
        requests as f64 / pieces as f64,
        wp.as_secs_f64()
    );
    println!("  ratio wall / summed request time: {:.2} (goal ≤ 0.6)", wall.as_secs_f64() / wp.as_secs_f64());
    let retries = retries.into_inner().unwrap_or_default();
    println!("  attempts that did not finish their job: {}", retries.len());
    for r in retries {
        println!("    {r}");
    }
}
