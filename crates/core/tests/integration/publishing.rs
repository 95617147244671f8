//! The outbox and the package adapter on a real data directory (the WordPress
//! adapter is tested against the real loopback WordPress in the CLI tests):
//! who may add portals and queue pieces, what bad input is refused with,
//! retries with backoff until given up, job state rules, and the package.

use std::io::Read;
use std::time::Duration;

use toasoan_core::desk::{ConflictChoice, DraftPatch, NewPortal, Worker, WorkerOptions};
use toasoan_core::publish::Backoff;
use toasoan_domain::{JobState, State};
use toasoan_media::{self as media, Limits};

use crate::images;
use crate::util::Fixture;

fn package_portal(f: &Fixture, name: &str) -> std::path::PathBuf {
    let out = f.dir.path().join("goi-xuat-ban");
    let n = NewPortal {
        name: name.into(),
        kind: "package".into(),
        base_url: out.display().to_string(),
        ..NewPortal::default()
    };
    f.desk.add_portal(&f.editor, n).unwrap();
    out
}

/// `an` writes a piece with one library photo; it is submitted and approved.
fn approved_with_photo(f: &Fixture) -> String {
    let p = media::prepare("Cầu sông Trà.jpg", images::jpeg_with_exif(1800, 1200, 1), &Limits::default()).unwrap();
    let item = f.desk.add_media(&f.an, &p, Some(&f.assignment)).unwrap().item;
    f.desk
        .edit_media(
            &f.an,
            &item.id,
            toasoan_core::desk::MediaPatch {
                caption: Some("Cầu sông Trà hoàn thành".into()),
                credit: Some("Vũ Bình".into()),
                alt: Some("Cây cầu mới".into()),
            },
        )
        .unwrap();
    f.desk
        .save_draft(
            &f.an,
            &f.assignment,
            DraftPatch {
                headline: Some("Đà Nẵng đặt hàng báo chí theo Nghị định 32".into()),
                sapo: Some("Thành phố công khai danh mục đặt hàng.".into()),
                body: Some(format!("Theo Nghị định 32/2019/NĐ-CP.\n\n![](media:{})\n\nHết.", item.id)),
                byline: None,
            },
        )
        .unwrap();
    f.desk.submit(&f.an, &f.assignment).unwrap();
    f.desk.approve(&f.editor, &f.assignment).unwrap();
    item.id
}

#[test]
fn bad_portal_accounts_are_refused_and_record_nothing() {
    let f = Fixture::new();
    let before = f.audit_len();
    let wp = |name: &str, url: &str, user: &str, env: Option<&str>, pw: Option<&str>| NewPortal {
        name: name.into(),
        kind: "wordpress".into(),
        base_url: url.into(),
        username: user.into(),
        password_env: env.map(str::to_string),
        password: pw.map(str::to_string),
    };
    let e = f.desk.add_portal(&f.an, wp("cong", "https://cong.vn", "u", Some("WP_PW"), None)).unwrap_err();
    assert_eq!(e.code(), "forbidden", "reporters do not manage portals");
    let cases = [
        (wp("", "https://cong.vn", "u", Some("WP_PW"), None), "name"),
        (wp("cong", "ftp://cong.vn", "u", Some("WP_PW"), None), "url"),
        (wp("cong", "cong.vn", "u", Some("WP_PW"), None), "url"),
        // The password must stay with the portal: no plain http:// but to this
        // machine, no credentials inside the address (they would be stored).
        (wp("cong", "http://cong.vn", "u", Some("WP_PW"), None), "url"),
        (wp("cong", "https://u:bi-mat@cong.vn", "u", Some("WP_PW"), None), "url"),
        (wp("cong", "https://cong.vn", "", Some("WP_PW"), None), "user"),
        (wp("cong", "https://cong.vn", "u", None, None), "password"),
        (wp("cong", "https://cong.vn", "u", Some("WP_PW"), Some("x")), "password"),
        (wp("cong", "https://cong.vn", "u", Some("wp pw"), None), "password_env"),
        (NewPortal { kind: "ftp".into(), ..wp("cong", "https://cong.vn", "u", Some("WP_PW"), None) }, "kind"),
        (NewPortal { kind: "package".into(), ..wp("goi", "relative/dir", "", None, None) }, "url"),
    ];
    for (n, field) in cases {
        let e = f.desk.add_portal(&f.editor, n.clone()).unwrap_err();
        assert_eq!(e.code(), "invalid_input", "{n:?}");
        assert!(e.to_string().contains(field), "{field}: {e}");
    }
    assert!(f.desk.portals().unwrap().is_empty());
    assert_eq!(f.audit_len(), before, "nothing recorded");
    f.desk.add_portal(&f.editor, wp("cong", "https://cong.vn", "u", Some("WP_PW"), None)).unwrap();
    let e = f.desk.add_portal(&f.editor, wp("CONG", "https://x.vn", "u", Some("WP_PW"), None)).unwrap_err();
    assert_eq!(e.code(), "conflict", "names are unique, case-insensitively");
    let listed = serde_json::to_string(&f.desk.portals().unwrap()).unwrap();
    assert!(listed.contains("WP_PW"), "the variable's name is kept, never a secret");
}

#[test]
fn only_approved_pieces_are_queued_by_editors_once_at_a_time() {
    let f = Fixture::new();
    package_portal(&f, "goi");
    f.write_piece();
    let before = f.audit_len();
    let e = f.desk.queue_publish(&f.editor, &f.assignment, "goi").unwrap_err();
    assert_eq!(e.code(), "invalid_transition", "a draft is not published: {e}");
    assert_eq!(f.audit_len(), before);
    let f = Fixture::new();
    package_portal(&f, "goi");
    approved_with_photo(&f);
    let e = f.desk.queue_publish(&f.an, &f.assignment, "goi").unwrap_err();
    assert_eq!(e.code(), "forbidden");
    let e = f.desk.queue_publish(&f.editor, &f.assignment, "khong-co").unwrap_err();
    assert_eq!(e.code(), "not_found");
    let job = f.desk.queue_publish(&f.editor, &f.assignment, "goi").unwrap();
    assert_eq!(job.state, JobState::Queued);
    assert_eq!(job.revision_seq, 1);
    let e = f.desk.queue_publish(&f.head, &f.assignment, "goi").unwrap_err();
    assert_eq!(e.code(), "conflict", "one pending job per piece and portal");
    // Reporters see their piece's jobs but not the whole outbox.
    assert_eq!(f.desk.publish_jobs(&f.an, Some(&f.assignment)).unwrap().len(), 1);
    assert_eq!(f.desk.publish_jobs(&f.an, None).unwrap_err().code(), "forbidden");
    assert_eq!(f.desk.publish_jobs(&f.binh, Some(&f.assignment)).unwrap_err().code(), "forbidden");
}

fn read_zip(path: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut e = z.by_index(i).unwrap();
            let mut b = Vec::new();
            e.read_to_end(&mut b).unwrap();
            (e.name().to_string(), b)
        })
        .collect()
}

#[test]
fn a_package_has_the_page_the_web_image_and_metadata_and_is_replaced_whole() {
    let f = Fixture::new();
    let out = package_portal(&f, "goi");
    approved_with_photo(&f);
    f.desk.queue_publish(&f.editor, &f.assignment, "goi").unwrap();
    let worker = Worker::new(WorkerOptions::default());
    let job = worker.run_once(&f.desk).unwrap().expect("a due job");
    assert_eq!(job.state, JobState::Done, "{job:?}");
    assert!(worker.run_once(&f.desk).unwrap().is_none(), "nothing else is due");
    let slug_dir = std::fs::read_dir(&out).unwrap().flatten().map(|e| e.path()).find(|p| p.is_dir()).unwrap();
    let slug = slug_dir.file_name().unwrap().to_string_lossy().to_string();
    assert!(slug.starts_with("da-nang-dat-hang-bao-chi-theo-nghi-dinh-32-ts"), "{slug}");
    let html = std::fs::read_to_string(slug_dir.join("index.html")).unwrap();
    assert!(
        html.contains("<meta charset=\"utf-8\">")
            && html.contains("<h1>Đà Nẵng đặt hàng báo chí theo Nghị định 32</h1>")
    );
    assert!(html.contains("Cầu sông Trà hoàn thành. Ảnh: Vũ Bình"), "caption and credit: {html}");
    assert!(!html.contains("media:") && !html.contains("<script"), "{html}");
    let img = html.split("src=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    assert!(img.starts_with("images/ts-") && img.ends_with(".jpg"), "{img}");
    let bytes = std::fs::read(slug_dir.join(&img)).unwrap();
    assert_eq!(
        image::image_dimensions(slug_dir.join(&img)).unwrap(),
        (1600, 1067),
        "the web derivative, not the original"
    );
    assert!(!bytes.windows(4).any(|w| w == b"Exif"), "no metadata in the package");
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(slug_dir.join("metadata.json")).unwrap()).unwrap();
    assert_eq!(meta["headline"], "Đà Nẵng đặt hàng báo chí theo Nghị định 32");
    assert_eq!(meta["policy_doc_number"], "32/2019/NĐ-CP");
    assert_eq!(meta["contract"], "08/2026/HĐĐH-STP");
    assert_eq!(meta["agency"], "Sở Tư pháp tỉnh Bình Sơn");
    assert_eq!(meta["genre"], "tin");
    assert_eq!(meta["byline"], "Thanh An");
    assert_eq!(meta["images"][0]["credit"], "Vũ Bình");
    let entries = read_zip(&out.join(format!("{slug}.zip")));
    let names: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    assert!(names.contains(&format!("{slug}/index.html").as_str()), "{names:?}");
    assert!(names.contains(&format!("{slug}/metadata.json").as_str()));
    assert!(names.contains(&format!("{slug}/{img}").as_str()));
    assert_eq!(entries.iter().find(|e| e.0.ends_with("index.html")).unwrap().1, html.as_bytes());
    // A package is for a person to upload: the piece is not yet published.
    assert_eq!(f.desk.assignment(&f.editor, &f.assignment).unwrap().state, State::Approved);
    assert!(f.desk.publications(&f.editor, Some(&f.assignment), None).unwrap().iter().all(|p| p.portal.is_none()));
    assert!(job.output.unwrap().contains(&slug));
    // Again: the folder is replaced whole, no temporary folder is left.
    f.desk.queue_publish(&f.editor, &f.assignment, "goi").unwrap();
    assert_eq!(worker.run_once(&f.desk).unwrap().unwrap().state, JobState::Done);
    let dirs: Vec<_> = std::fs::read_dir(&out).unwrap().flatten().filter(|e| e.path().is_dir()).collect();
    assert_eq!(dirs.len(), 1, "one package folder, no leftovers");
}

#[test]
fn an_unreachable_portal_is_retried_with_backoff_then_given_up() {
    let f = Fixture::new();
    // Port 1 on loopback: connection refused at once.
    let n = NewPortal {
        name: "tat".into(),
        kind: "wordpress".into(),
        base_url: "http://127.0.0.1:1".into(),
        username: "bientap".into(),
        password_env: Some("TOASOAN_TEST_PW_UNREACHABLE".into()),
        password: None,
    };
    f.desk.add_portal(&f.editor, n).unwrap();
    approved_with_photo(&f);
    let queued = f.desk.queue_publish(&f.editor, &f.assignment, "tat").unwrap();
    // The secret is read from the named variable (never stored).
    std::env::set_var("TOASOAN_TEST_PW_UNREACHABLE", "abcd efgh");
    let opts = WorkerOptions {
        backoff: Backoff { base: Duration::from_secs(60), max: Duration::from_secs(600), max_attempts: 3 },
        ..WorkerOptions::default()
    };
    let worker = Worker::new(opts);
    let job = worker.run_once(&f.desk).unwrap().unwrap();
    assert_eq!(job.state, JobState::Queued);
    assert_eq!(job.attempts, 1);
    assert_eq!(job.last_error_code.as_deref(), Some("portal_unavailable"));
    assert!(job.last_error.as_deref().unwrap().contains("không kết nối được"), "{job:?}");
    let wait = (job.next_attempt_at - queued.created_at).num_seconds();
    assert!((30..=60).contains(&wait), "first retry after 30–60 s (jittered), got {wait}");
    assert!(worker.run_once(&f.desk).unwrap().is_none(), "not due before its time");
    // Manual retry makes it due now; after max attempts it is failed, audited.
    let before = f.audit_len();
    f.desk.retry_job(&f.editor, &job.id).unwrap();
    let mut states = Vec::new();
    let job = loop {
        let j = worker.run_once(&f.desk).unwrap().unwrap();
        states.push(j.state);
        if j.state != JobState::Queued || states.len() > 5 {
            break j;
        }
        f.advance(chrono::Duration::minutes(10));
    };
    assert_eq!(states, [JobState::Queued, JobState::Queued, JobState::Failed], "given up after 3 attempts");
    assert_eq!(job.attempts, 3);
    assert_eq!(f.desk.assignment(&f.editor, &f.assignment).unwrap().state, State::Approved, "nothing published");
    let log = f.desk.audit_log(&f.head, Some(&f.assignment)).unwrap();
    assert!(log.iter().any(|e| e.action == "publish.failed"));
    assert!(log.iter().any(|e| e.action == "publish.retry"));
    assert!(f.audit_len() > before);
    assert!(!serde_json::to_string(&log).unwrap().contains("abcd efgh"), "no secret in the audit trail");
    // State rules: a failed job can be cancelled, not resolved; a cancelled one not retried.
    assert_eq!(
        f.desk.resolve_conflict(&f.editor, &job.id, ConflictChoice::Overwrite).unwrap_err().code(),
        "invalid_transition"
    );
    assert_eq!(f.desk.cancel_job(&f.an, &job.id).unwrap_err().code(), "forbidden");
    assert_eq!(f.desk.cancel_job(&f.editor, &job.id).unwrap().state, JobState::Cancelled);
    assert_eq!(f.desk.retry_job(&f.editor, &job.id).unwrap_err().code(), "invalid_transition");
    // With the old job cancelled, the piece can be queued again.
    f.desk.queue_publish(&f.editor, &f.assignment, "tat").unwrap();
}

/// With an OS keyring (a desktop session) the password is stored there and read
/// back; without one (CI, a headless server) the account is refused with a
/// clear `secret_unavailable` naming the alternative, and nothing is recorded.
#[test]
fn a_password_goes_to_the_keyring_or_the_account_is_not_recorded() {
    let f = Fixture::new();
    let before = f.audit_len();
    let n = NewPortal {
        name: format!("keyring-test-{}", std::process::id()),
        kind: "wordpress".into(),
        base_url: "https://cong.example.vn".into(),
        username: "bientap".into(),
        password_env: None,
        password: Some("abcd efgh ijkl mnop".into()),
    };
    match f.desk.add_portal(&f.editor, n) {
        Ok(p) => {
            assert_eq!(toasoan_core::secret::read(&p).unwrap(), "abcd efgh ijkl mnop");
            let entry = keyring::Entry::new(toasoan_core::secret::KEYRING_SERVICE, &format!("bientap@{}", p.name));
            entry.unwrap().delete_credential().unwrap();
            let log = serde_json::to_string(&f.desk.audit_log(&f.head, None).unwrap()).unwrap();
            assert!(!log.contains("abcd efgh"), "no secret in the audit trail");
        }
        Err(e) => {
            assert_eq!(e.code(), "secret_unavailable", "{e}");
            assert!(e.to_string().contains("biến môi trường"), "names the alternative: {e}");
            assert!(f.desk.portals().unwrap().is_empty(), "nothing recorded");
            assert_eq!(f.audit_len(), before);
        }
    }
}
