//! The hub under load (issue «The hub as a trust boundary»): N workbenches —
//! each its own data folder, its own login and its own connection, on its
//! own thread — each saving a revision of its reporter's piece every 2 s and
//! syncing (push through `toasoan.push`, then pull), while an editor's
//! workbench listens and syncs on every hint. Prints, for N = 10 and 100
//! (`TOASOAN_BENCH_LOAD=10,100`, for `TOASOAN_BENCH_LOAD_SECS` seconds each):
//! the sync's p50/p95, a change seen on the editor's workbench p50/p95, the
//! hub's CPU (the cluster's backends, from /proc) and its connections.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use toasoan_core::desk::{DraftPatch, HubLink, NewPerson};
use toasoan_core::team::TeamRunner;
use toasoan_core::Desk;
use toasoan_domain::team::Endpoint;
use toasoan_domain::Role;

use crate::hub::{env, psql, Env};
use crate::{setup, team_piece};

fn pct(mut v: Vec<Duration>, p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1e3
}

/// CPU seconds used so far by the hub cluster's processes (the postmaster
/// and its children: one backend per connection).
fn cluster_cpu() -> Option<f64> {
    let pgdata = std::env::var("TOASOAN_HUB_PGDATA").ok()?;
    let pid: u32 =
        std::fs::read_to_string(format!("{pgdata}/postmaster.pid")).ok()?.lines().next()?.trim().parse().ok()?;
    let tick = 100.0; // USER_HZ on Linux
    let mut total = 0.0;
    for e in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(p) = e.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat")) else { continue };
        let after = stat.rsplit_once(')').map(|x| x.1).unwrap_or_default();
        let f: Vec<&str> = after.split_whitespace().collect();
        // Fields after the name: state(0) ppid(1) … utime(11) stime(12).
        let ppid: u32 = f.get(1).and_then(|v| v.parse().ok()).unwrap_or(0);
        if p == pid || ppid == pid {
            // utime, stime; for the postmaster also the backends that ended
            // (cutime, cstime).
            let take = if p == pid { 11..15 } else { 11..13 };
            total += take.filter_map(|i| f.get(i).and_then(|v| v.parse::<f64>().ok())).sum::<f64>() / tick;
        }
    }
    Some(total)
}

fn connections(e: &Env, db: &str) -> String {
    let conn = format!("host=127.0.0.1 port={} user={} dbname=postgres sslmode=require", e.port, e.admin);
    let out = std::process::Command::new("psql")
        .args([&conn, "-X", "-At", "-c", &format!("SELECT count(*) FROM pg_stat_activity WHERE datname = '{db}'")])
        .env("PGPASSWORD", &e.admin_pw)
        .output()
        .ok();
    out.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()).unwrap_or_default()
}

pub fn run() {
    let Some(e) = env() else {
        println!("\nHub under load: skipped (no test hub; run `bash scripts/hub-pg.sh up` and source its env file)");
        return;
    };
    let sizes: Vec<usize> = std::env::var("TOASOAN_BENCH_LOAD")
        .unwrap_or_else(|_| "10,100".into())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let secs: u64 = std::env::var("TOASOAN_BENCH_LOAD_SECS").ok().and_then(|v| v.parse().ok()).unwrap_or(40);
    println!("\nThe hub under load: N workbenches, each saving a revision every 2 s and syncing ({secs} s each)\n");
    println!("| workbenches | sync p50 (ms) | sync p95 (ms) | syncs | seen elsewhere p50 (ms) | p95 (ms) | seen | hub CPU (cores) | connections |");
    println!("|------------:|--------------:|--------------:|------:|------------------------:|---------:|-----:|----------------:|------------:|");
    for n in sizes {
        one(&e, n, secs);
    }
}

fn one(e: &Env, n: usize, secs: u64) {
    let tag = format!("{:x}{n}", std::process::id());
    let db = format!("load_{tag}");
    psql(e, "postgres", &format!("CREATE DATABASE {db}"));
    let url = e.url.replace("/toasoan?", &format!("/{db}?"));
    let ca = std::fs::read(&e.ca).expect("CA");
    std::env::set_var("TOASOAN_BENCH_LOAD_PW", "bench-load-pass");
    let link = |login: &str| HubLink {
        url: url.clone(),
        login: login.into(),
        ca_cert: Some(e.ca.clone()),
        password_env: Some("TOASOAN_BENCH_LOAD_PW".into()),
    };
    let root = tempfile::tempdir().unwrap();
    let desk = Desk::in_memory().unwrap();
    let (head, _an, line, policy) = setup(&desk);
    let p = |login: String, role| NewPerson { login, real_name: "Người đo tải".into(), pen_name: None, role };
    let head_login = format!("hung_l{tag}");
    let head = desk.add_person(Some(&head), p(head_login.clone(), Role::Head)).unwrap();
    let ed_login = format!("lan_l{tag}");
    desk.add_person(Some(&head), p(ed_login.clone(), Role::Editor)).unwrap();
    let mut reporters = Vec::new();
    for i in 0..n {
        let login = format!("pv{i}_l{tag}");
        desk.add_person(Some(&head), p(login.clone(), Role::Reporter)).unwrap();
        let a = desk.add_assignment(&head, team_piece(&line, &policy, &login, format!("Bài đo tải {i}"))).unwrap();
        reporters.push((login, a.id));
    }
    let admin = Endpoint { url: url.clone(), user: e.admin.clone(), password: e.admin_pw.clone(), ca_pem: Some(ca) };
    desk.team().init(&admin, link(&head_login), "bench-load-pass", true).unwrap();
    let head = desk.person(&head_login).unwrap();
    let mut logins = vec![ed_login.clone()];
    logins.extend(reporters.iter().map(|(l, _)| l.clone()));
    for l in &logins {
        let role = if *l == ed_login { Role::Editor } else { Role::Reporter };
        desk.team().add_user(&head, p(l.clone(), role), "bench-load-pass").unwrap();
    }
    // Every workbench joins (its first copy) before the clock starts.
    let benches: Vec<(Desk, String, String)> = reporters
        .iter()
        .map(|(login, piece)| {
            let d = Desk::open(&root.path().join(login)).unwrap();
            d.team().connect(link(login), "bench-load-pass", &|_| {}).unwrap();
            (d, login.clone(), piece.clone())
        })
        .collect();
    let ed = Desk::open(&root.path().join(&ed_login)).unwrap();
    ed.team().connect(link(&ed_login), "bench-load-pass", &|_| {}).unwrap();

    let saved: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let syncs: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let seen: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let start = Instant::now() + Duration::from_millis(500);
    let end = start + Duration::from_secs(secs);
    let cpu0 = cluster_cpu();
    let editor = {
        let (saved, seen) = (saved.clone(), seen.clone());
        let pieces: Vec<String> = reporters.iter().map(|(_, p)| p.clone()).collect();
        std::thread::spawn(move || {
            let me = ed.person(&ed.team().link().unwrap().unwrap().login).unwrap();
            // The product's own team runner, as the window's worker runs it.
            let mut runner = TeamRunner::new();
            let mut last: HashMap<String, String> = HashMap::new();
            let mut generation = 0;
            while Instant::now() < end + Duration::from_secs(3) {
                runner.round(&ed, &mut |_| {});
                if runner.status().generation == generation {
                    continue;
                }
                generation = runner.status().generation;
                let now = Instant::now();
                let saved = saved.lock().unwrap();
                for p in &pieces {
                    let Ok(d) = ed.draft(&me, p) else { continue };
                    if last.get(p) != Some(&d.headline) {
                        if let Some(t) = saved.get(&d.headline) {
                            seen.lock().unwrap().push(now - *t);
                        }
                        last.insert(p.clone(), d.headline);
                    }
                }
            }
        })
    };
    let threads: Vec<_> = benches
        .into_iter()
        .enumerate()
        .map(|(i, (d, login, piece))| {
            let (saved, syncs) = (saved.clone(), syncs.clone());
            std::thread::spawn(move || {
                let me = d.person(&login).unwrap();
                let mut hub = d.team().open().unwrap();
                // Staggered over the 2 s period, as people are.
                let mut next = start + Duration::from_millis((i as u64 * 2000) / n.max(1) as u64);
                let mut k = 0u32;
                while next < end {
                    std::thread::sleep(next.saturating_duration_since(Instant::now()));
                    let headline = format!("Tin đo tải {i}-{k}");
                    let patch = DraftPatch {
                        headline: Some(headline.clone()),
                        sapo: Some("Sapo.".into()),
                        body: Some(format!("Bản {k} của phóng viên {i}.")),
                        byline: None,
                    };
                    d.save_draft(&me, &piece, patch).unwrap();
                    saved.lock().unwrap().insert(headline, Instant::now());
                    let t = Instant::now();
                    if d.team().sync_on(&mut hub).is_ok() {
                        syncs.lock().unwrap().push(t.elapsed());
                    }
                    k += 1;
                    next += Duration::from_secs(2);
                }
            })
        })
        .collect();
    std::thread::sleep(start.saturating_duration_since(Instant::now()) + Duration::from_secs(secs / 2));
    let conns = connections(e, &db);
    // At the end, while every connection (and so its backend) is still open.
    std::thread::sleep(end.saturating_duration_since(Instant::now()));
    let cpu1 = cluster_cpu();
    for t in threads {
        let _ = t.join();
    }
    let _ = editor.join();
    let wall = secs as f64;
    let cores = match (cpu0, cpu1) {
        (Some(a), Some(b)) => format!("{:.2}", (b - a) / wall),
        _ => "—".into(),
    };
    let (syncs, seen) = (syncs.lock().unwrap().clone(), seen.lock().unwrap().clone());
    println!(
        "| {n:>11} | {:>13.1} | {:>13.1} | {:>5} | {:>23.1} | {:>8.1} | {:>4} | {cores:>15} | {conns:>11} |",
        pct(syncs.clone(), 0.5),
        pct(syncs.clone(), 0.95),
        syncs.len(),
        pct(seen.clone(), 0.5),
        pct(seen.clone(), 0.95),
        seen.len()
    );
    drop(desk);
    psql(e, "postgres", &format!("DROP DATABASE {db} WITH (FORCE)"));
    for l in logins.iter().chain([&head_login]) {
        psql(e, "postgres", &format!("DROP ROLE IF EXISTS {l}"));
    }
    for r in ["owner", "member"] {
        psql(e, "postgres", &format!("DROP ROLE IF EXISTS toasoan_{r}_{db}"));
    }
}
