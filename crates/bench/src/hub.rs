//! Team mode against the test hub (`scripts/hub-pg.sh up`, release build,
//! loopback, TLS + scram): the first copy of a newsroom of `pieces` pieces
//! to a new workbench, a pull of 100 changes, a pull with nothing new, a
//! push of 100 revisions, how soon a change reaches another online
//! workbench (LISTEN/NOTIFY as the hint to pull), and what capturing
//! changes costs a local write (autosave, save, submit with and without a
//! hub joined).

use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use toasoan_core::desk::{DraftPatch, HubLink, NewPerson};
use toasoan_core::team::TeamRunner;
use toasoan_core::Desk;
use toasoan_domain::team::Endpoint;
use toasoan_domain::{Draft, Role};

use crate::{report, setup, team_piece};

pub(crate) struct Env {
    pub(crate) url: String,
    pub(crate) port: String,
    pub(crate) admin: String,
    pub(crate) admin_pw: String,
    pub(crate) ca: String,
}

pub(crate) fn env() -> Option<Env> {
    let v = |k: &str| std::env::var(k).ok();
    Some(Env {
        url: v("TOASOAN_HUB_URL")?,
        port: v("TOASOAN_HUB_PORT")?,
        admin: v("TOASOAN_HUB_ADMIN")?,
        admin_pw: v("TOASOAN_HUB_ADMIN_PASSWORD")?,
        ca: v("TOASOAN_HUB_CA")?,
    })
}

pub(crate) fn psql(e: &Env, db: &str, sql: &str) {
    let conn = format!("host=127.0.0.1 port={} user={} dbname={db} sslmode=require", e.port, e.admin);
    let ok = Command::new("psql")
        .args([&conn, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql])
        .env("PGPASSWORD", &e.admin_pw)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(ok, "psql: {sql}");
}

pub fn run(pieces: usize) {
    let Some(e) = env() else {
        println!("\nTeam hub: skipped (no test hub; run `bash scripts/hub-pg.sh up` and source its env file)");
        return;
    };
    let tag = format!("{:x}", std::process::id());
    let db = format!("bench_{tag}");
    psql(&e, "postgres", &format!("CREATE DATABASE {db}"));
    let url = e.url.replace("/toasoan?", &format!("/{db}?"));
    let (head_login, ed_login) = (format!("hung_b{tag}"), format!("lan_b{tag}"));
    let ca = std::fs::read(&e.ca).expect("CA");
    std::env::set_var("TOASOAN_BENCH_HEAD_PW", "bench-head-pass");
    std::env::set_var("TOASOAN_BENCH_ED_PW", "bench-editor-pass");

    // The head's newsroom: `pieces` pieces with one revision each.
    let dir = tempfile::tempdir().unwrap();
    // The head's newsroom is built in memory (quick); the workbench that
    // receives the first copy writes to a real file.
    let desk = Desk::in_memory().unwrap();
    let (head, _an, line, policy) = setup(&desk);
    let head = desk
        .add_person(
            Some(&head),
            NewPerson {
                login: head_login.clone(),
                real_name: "Trần Quốc Hùng".into(),
                pen_name: None,
                role: Role::Head,
            },
        )
        .unwrap();
    let editor = desk
        .add_person(
            Some(&head),
            NewPerson {
                login: ed_login.clone(), real_name: "Phạm Thị Lan".into(), pen_name: None, role: Role::Editor
            },
        )
        .unwrap();
    let t = Instant::now();
    let mut ids = Vec::with_capacity(pieces);
    for i in 0..pieces {
        let a = desk.add_assignment(&head, team_piece(&line, &policy, "an", format!("Bài số {i}"))).unwrap();
        let patch = DraftPatch {
            headline: Some(format!("Tin số {i} về chính sách")),
            sapo: Some("Sa pô ngắn.".into()),
            body: Some("Theo Chỉ thị 07/CT-TTg, các cơ quan cung cấp thông tin cho báo chí.".into()),
            byline: None,
        };
        desk.save_draft(&head, &a.id, patch).unwrap();
        ids.push(a.id);
    }
    println!("\nTeam hub: a newsroom of {pieces} pieces (built locally in {:.1} s)\n", t.elapsed().as_secs_f64());
    let admin =
        Endpoint { url: url.clone(), user: e.admin.clone(), password: e.admin_pw.clone(), ca_pem: Some(ca.clone()) };
    let link = |login: &str, var: &str| HubLink {
        url: url.clone(),
        login: login.into(),
        ca_cert: Some(e.ca.clone()),
        password_env: Some(var.into()),
    };
    let t = Instant::now();
    desk.team().init(&admin, link(&head_login, "TOASOAN_BENCH_HEAD_PW"), "bench-head-pass", true).unwrap();
    println!(
        "hub init --from-local (schema, import of every row, the head's first sync): {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let head = desk.person(&head_login).unwrap();
    desk.team()
        .add_user(
            &head,
            NewPerson {
                login: ed_login.clone(), real_name: "Phạm Thị Lan".into(), pen_name: None, role: Role::Editor
            },
            "bench-editor-pass",
        )
        .unwrap();
    let _ = editor;

    println!("\n| operation                                    | p50 (ms) | p95 (ms) |   runs |");
    println!("|----------------------------------------------|---------:|---------:|-------:|");
    // First copy to a new workbench (the editor's: the whole desk).
    let ed_dir = dir.path().join("editor");
    let ed = Desk::open(&ed_dir).unwrap();
    // Meanwhile the window types: on its own connection (as the app's
    // commands do, beside the team worker's), once a piece has arrived, a
    // keystroke every 50 ms = the live preview (render + checklist) and the
    // autosave of the text.
    let copying = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let typing = {
        let (dir, login, copying) = (ed_dir.clone(), ed_login.clone(), copying.clone());
        std::thread::spawn(move || typing_during(&dir, &login, &copying))
    };
    let t = Instant::now();
    let first = ed.team().connect(link(&ed_login, "TOASOAN_BENCH_ED_PW"), "bench-editor-pass", &|_| {}).unwrap();
    let first_copy = t.elapsed();
    copying.store(false, std::sync::atomic::Ordering::SeqCst);
    let (previews, saves) = typing.join().unwrap();
    report(&format!("first copy: {} rows ({pieces} pieces)", first.pulled), vec![first_copy]);
    let max = |v: &[Duration]| v.iter().max().map_or(0.0, |d| d.as_secs_f64() * 1e3);
    if previews.is_empty() {
        // A small copy (the CI smoke run) can end before a piece arrives to type into.
        println!("(typing during the first copy: the copy ended before a piece arrived to type into)");
    } else {
        println!(
            "(typing during the first copy: preview max {:.2} ms, autosave max {:.2} ms)",
            max(&previews),
            max(&saves)
        );
        report("typing during the first copy: live preview", previews);
        report("typing during the first copy: autosave", saves);
    }

    let mut ed_hub = ed.team().open().unwrap();
    let mut head_hub = desk.team().open().unwrap();
    // Pull with nothing new.
    let runs: Vec<Duration> = (0..30)
        .map(|_| {
            let t = Instant::now();
            ed.team().sync_on(&mut ed_hub).unwrap();
            t.elapsed()
        })
        .collect();
    report("sync with nothing new (push + pull)", runs);
    // Pull of 100 changes (100 comments made by the head).
    let mut runs = Vec::new();
    for round in 0..10 {
        for i in 0..100 {
            desk.add_comment(&head, &ids[(round * 100 + i) % ids.len()], "Góp ý của lãnh đạo").unwrap();
        }
        desk.team().sync_on(&mut head_hub).unwrap();
        let t = Instant::now();
        let r = ed.team().sync_on(&mut ed_hub).unwrap();
        runs.push(t.elapsed());
        assert!(r.pulled >= 100, "{r:?}");
    }
    report("pull of 100 changes", runs);
    // Push of 100 revisions (the editor copy-edits 100 pieces).
    let mut runs = Vec::new();
    for round in 0..5 {
        for i in 0..100 {
            let id = &ids[(round * 100 + i) % ids.len()];
            let d = Draft {
                headline: format!("Tin đã biên tập {round}-{i}"),
                sapo: "Sa pô.".into(),
                body: format!("Bản biên tập {round} của bài {i}."),
                byline: String::new(),
            };
            ed.save_draft(&ed.person(&ed_login).unwrap(), id, patch(d)).unwrap();
        }
        let t = Instant::now();
        let r = ed.team().sync_on(&mut ed_hub).unwrap();
        runs.push(t.elapsed());
        assert!(r.pushed >= 100 && r.refused.is_empty(), "{r:?}");
    }
    report("push of 100 revisions (+ audit), then pull", runs);
    // A change seen on another online workbench: the editor's workbench
    // listens; the head changes a piece and syncs.
    let (tx, rx) = mpsc::channel::<Duration>();
    let (go_tx, go_rx) = mpsc::channel::<Instant>();
    let (ready_tx, ready_rx) = mpsc::channel::<()>();
    let ed_dir2 = ed_dir.clone();
    let listener = std::thread::spawn(move || {
        // The product's own team runner, as the window's worker runs it
        // (hints at most every HINT_GAP, a sync every PERIOD otherwise).
        let ed = Desk::open(&ed_dir2).unwrap();
        let mut runner = TeamRunner::new();
        // The first round connects, listens and syncs: a change made from
        // now on is heard.
        runner.round(&ed, &mut |_| {});
        assert!(runner.status().online, "the editor's runner reached the hub: {:?}", runner.status());
        ready_tx.send(()).unwrap();
        while let Ok(started) = go_rx.recv() {
            let before = runner.status().generation;
            while runner.status().generation == before {
                runner.round(&ed, &mut |_| {});
            }
            tx.send(started.elapsed()).unwrap();
        }
    });
    ready_rx.recv().unwrap();
    let mut runs = Vec::new();
    for i in 0..20 {
        std::thread::sleep(Duration::from_millis(50));
        let started = Instant::now();
        go_tx.send(started).unwrap();
        desk.add_comment(&head, &ids[i % ids.len()], "Đã xem").unwrap();
        desk.team().sync_on(&mut head_hub).unwrap();
        runs.push(rx.recv().unwrap());
    }
    drop(go_tx);
    let _ = listener.join();
    report("a change seen on another online workbench", runs);
    capture_overhead();

    drop((ed_hub, head_hub));
    psql(&e, "postgres", &format!("DROP DATABASE {db} WITH (FORCE)"));
    for l in [&head_login, &ed_login] {
        psql(&e, "postgres", &format!("DROP ROLE {l}"));
    }
    for r in ["owner", "member"] {
        psql(&e, "postgres", &format!("DROP ROLE IF EXISTS toasoan_{r}_{db}"));
    }
}

/// A person typing in the window while the first copy is applied: waits
/// for a piece to arrive, then times one preview and one autosave per
/// keystroke every 50 ms until the copy is done.
fn typing_during(
    dir: &std::path::Path,
    login: &str,
    copying: &std::sync::atomic::AtomicBool,
) -> (Vec<Duration>, Vec<Duration>) {
    use std::sync::atomic::Ordering;
    let (mut previews, mut saves) = (Vec::new(), Vec::new());
    let desk = loop {
        if !copying.load(Ordering::SeqCst) {
            return (previews, saves);
        }
        match Desk::open(dir) {
            Ok(d) => break d,
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    let (me, piece) = loop {
        if !copying.load(Ordering::SeqCst) {
            return (previews, saves);
        }
        let found = desk.person(login).ok().and_then(|me| {
            let a = desk.assignments(&me, false, vec![toasoan_domain::State::Drafting]).ok()?.into_iter().next()?;
            Some((me, a.id))
        });
        match found {
            Some(x) => break x,
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    let mut text =
        String::from("Theo Chỉ thị 07/CT-TTg, các cơ quan hành chính cung cấp thông tin cho báo chí. ").repeat(40);
    while copying.load(Ordering::SeqCst) {
        text.push('a');
        let d = Draft {
            headline: "Tin về chính sách".into(),
            sapo: "Sa pô.".into(),
            body: text.clone(),
            byline: "Lan".into(),
        };
        let t = Instant::now();
        let shown = desk.preview_draft(&me, &piece, &d, "media://localhost/");
        previews.push(t.elapsed());
        let t = Instant::now();
        let saved = desk.autosave(&me, &piece, d);
        saves.push(t.elapsed());
        if shown.is_err() || saved.is_err() {
            eprintln!("typing during the first copy: {shown:?} {saved:?}", shown = shown.err(), saved = saved.err());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    (previews, saves)
}

fn patch(d: Draft) -> DraftPatch {
    DraftPatch { headline: Some(d.headline), sapo: Some(d.sapo), body: Some(d.body), byline: Some(d.byline) }
}

/// Local writes with capture off (solo) and on (joined), same file store.
fn capture_overhead() {
    println!("\nCapture overhead on local writes (file store, WAL, synchronous=FULL)\n");
    println!("| write                          | solo p50 | joined p50 | ratio (goal ≤ 1.5×) |");
    println!("|--------------------------------|---------:|-----------:|--------------------:|");
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    let (head, an, line, policy) = setup(&desk);
    let piece = |i: usize| desk.add_assignment(&head, team_piece(&line, &policy, "an", format!("Bài {i}"))).unwrap().id;
    let body = "Theo Chỉ thị 07/CT-TTg, người phát ngôn phải trả lời báo chí. ".repeat(100);
    // Capture is switched by joining a hub; here directly, on a second
    // connection to the same file, so both sides run on one store.
    let store = toasoan_store::Store::open(dir.path()).unwrap();
    let measure = |capture: bool| -> [f64; 3] {
        store.write(|db| Ok(db.set_capture(capture)?)).unwrap();
        let (mut auto, mut save, mut submit) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..60 {
            let id = piece(i);
            let d = Draft {
                headline: "Tít".into(),
                sapo: "Sa pô.".into(),
                body: format!("{body}{i}"),
                byline: "An".into(),
            };
            let t = Instant::now();
            desk.autosave(&an, &id, d.clone()).unwrap();
            auto.push(t.elapsed());
            let t = Instant::now();
            desk.save_draft(&an, &id, patch(d)).unwrap();
            save.push(t.elapsed());
            let t = Instant::now();
            desk.submit(&an, &id).unwrap();
            submit.push(t.elapsed());
        }
        [crate::pct(auto, 0.5), crate::pct(save, 0.5), crate::pct(submit, 0.5)]
    };
    let solo = measure(false);
    let joined = measure(true);
    for (i, name) in ["autosave", "save a revision", "submit"].iter().enumerate() {
        println!("| {name:<30} | {:>8.2} | {:>10.2} | {:>18.2}× |", solo[i], joined[i], joined[i] / solo[i]);
    }
}
