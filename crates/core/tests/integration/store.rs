//! The store refuses what it must not touch: newer databases, non-SQLite and
//! corrupt files, unwritable directories; migrations work from every earlier
//! version; revisions, approvals and the audit log are append-only.

use std::fs;

use toasoan_core::Desk;
use toasoan_store::{migrations, Store, DB_FILE};

use crate::util::Fixture;

#[test]
fn migrates_from_every_earlier_version_keeping_data() {
    for from in 0..migrations::LATEST {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            migrations::migrate_to(&conn, from).unwrap();
            if from >= 1 {
                // Data written by the old schema (v1 tables; named columns, as later
                // versions add some).
                conn.execute_batch(
                    "INSERT INTO people(id, login, real_name, pen_name, role, created_at) VALUES ('p1','an','Lê Thanh An',NULL,'reporter','2026-01-01T00:00:00.000Z');
                     INSERT INTO agencies(id, name, created_at) VALUES ('ag','Sở Tư pháp','2026-01-01T00:00:00.000Z');
                     INSERT INTO policies(id, name, doc_number, issuer, stage, created_at) VALUES ('po','Nghị định đặt hàng','32/2019/NĐ-CP',NULL,'thuc-thi','2026-01-01T00:00:00.000Z');
                     INSERT INTO contracts(id, agency_id, number, signed_on, start_on, end_on, total_value, created_at) VALUES ('c','ag','1/HĐ',NULL,'2026-01-01','2026-12-31',100,'2026-01-01T00:00:00.000Z');
                     INSERT INTO contract_lines(id, contract_id, genre, channel, quantity, unit_price, min_words, max_words, created_at) VALUES ('l','c','tin','bao-dien-tu',1,100,NULL,NULL,'2026-01-01T00:00:00.000Z');
                     INSERT INTO assignments(num, id, line_id, policy_id, title, brief, reporter_id, editor_id, due_on, state, created_at, updated_at) VALUES (1,'a','l','po','Đà Nẵng tăng tốc','',\'p1\',NULL,'2026-02-01','drafting','2026-01-01T00:00:00.000Z','2026-01-01T00:00:00.000Z');
                     INSERT INTO revisions(id, assignment_id, seq, headline, sapo, body, byline, content_hash, word_count, author_id, reason, created_at) VALUES ('r','a',1,'Đà Nẵng tăng tốc','', 'Nội dung về Nghị định','', 'h', 4, 'p1','save','2026-01-01T00:00:00.000Z');",
                )
                .unwrap();
            }
        }
        let desk = Desk::open(dir.path()).unwrap();
        assert_eq!(desk.schema_version().unwrap(), migrations::LATEST, "from v{from}");
        if from >= 1 {
            let an = desk.person("an").unwrap();
            if from < 2 {
                let hits = desk.search(&an, "da nang", 10).unwrap();
                assert_eq!(hits.len(), 1, "v{from} data indexed by the search migration");
            }
            assert_eq!(desk.history(&an, "a").unwrap().len(), 1);
            // The media library (v3) starts empty and takes imports on old data.
            let q = toasoan_core::desk::MediaQuery::default();
            assert!(desk.media_list(&an, &q).unwrap().is_empty(), "from v{from}");
        }
    }
}

#[test]
fn a_newer_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let path = dir.path().join(DB_FILE);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {}", migrations::LATEST + 5)).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    }
    let before = fs::read(&path).unwrap();
    let e = Desk::open(dir.path()).unwrap_err();
    assert_eq!(e.code(), "database_too_new");
    assert!(e.to_string().contains("cập nhật Tòa Soạn"), "{e}");
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn non_sqlite_and_corrupt_files_give_a_clear_error_not_a_panic() {
    for (name, content) in [
        ("text", b"Day la ban thao, khong phai co so du lieu\n".to_vec()),
        ("short", b"SQLite".to_vec()),
        ("truncated", {
            let mut v = b"SQLite format 3\0".to_vec();
            v.extend(std::iter::repeat_n(0xAB, 2000));
            v
        }),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        fs::write(&path, &content).unwrap();
        let e = Desk::open(dir.path()).unwrap_err();
        assert_eq!(e.code(), "not_a_database", "{name}: {e}");
        assert!(e.to_string().contains("không bị thay đổi"), "{name}: {e}");
        assert_eq!(fs::read(&path).unwrap(), content, "{name}: file untouched");
    }
}

#[test]
fn an_unwritable_data_dir_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    // A path below a regular file can never be created, even by root.
    let file = dir.path().join("not-a-dir");
    fs::write(&file, b"x").unwrap();
    let e = Desk::open(&file.join("data")).unwrap_err();
    assert_eq!(e.code(), "data_dir_unwritable", "{e}");
    // A read-only file system (sysfs is mounted read-only in containers and on
    // most systems) — skipped where it happens to be writable.
    let sys = std::path::Path::new("/sys/fs/toasoan-test");
    if fs::create_dir(sys).is_err() {
        let e = Desk::open(sys).unwrap_err();
        assert_eq!(e.code(), "data_dir_unwritable", "{e}");
    }
}

#[test]
fn revisions_approvals_and_audit_are_append_only() {
    let f = Fixture::new();
    f.write_piece();
    f.desk.submit(&f.an, &f.assignment).unwrap();
    f.desk.approve(&f.editor, &f.assignment).unwrap();
    f.desk.mark_published(&f.editor, &f.assignment, "https://binhson.gov.vn/a", None).unwrap();
    f.desk.override_counting(&f.head, &f.assignment, true, "Cơ quan đặt hàng chấp nhận").unwrap();
    let conn = rusqlite::Connection::open(f.dir.path().join(DB_FILE)).unwrap();
    for sql in [
        "UPDATE publications SET url = 'x'",
        "DELETE FROM publications",
        "UPDATE counting_overrides SET counts = 0",
        "DELETE FROM counting_overrides",
        "UPDATE revisions SET body = 'sửa lén'",
        "DELETE FROM revisions",
        "UPDATE approvals SET content_hash = 'x'",
        "DELETE FROM approvals",
        "UPDATE audit_log SET actor = 'x'",
        "DELETE FROM audit_log",
    ] {
        let e = conn.execute_batch(sql).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
}

#[test]
fn ids_are_uuid_v7_and_times_utc() {
    let f = Fixture::new();
    let a = f.desk.assignment(&f.head, &f.assignment).unwrap();
    let id = a.id.as_bytes();
    assert_eq!(id.len(), 36);
    assert_eq!(id[14], b'7', "UUID version 7: {}", a.id);
    let conn = rusqlite::Connection::open(f.dir.path().join(DB_FILE)).unwrap();
    let at: String = conn.query_row("SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    assert!(at.ends_with('Z'), "{at}");
}

/// Issue «Nothing lost, nothing leaked», item 9: the data folder was created
/// 0755, its drafts and original photos readable by the machine's other users.
#[cfg(unix)]
#[test]
fn a_new_data_folder_is_its_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("toa-soan").join("nested");
    drop(Store::open(&dir).unwrap());
    for d in [root.path().join("toa-soan"), dir] {
        let mode = fs::metadata(&d).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{}: {mode:o}", d.display());
    }
}
