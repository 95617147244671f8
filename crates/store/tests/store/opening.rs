//! Opening a store and its schema: a fresh store is at the newest version
//! with one audit event per migration; an old database is upgraded with its
//! rows; a newer, a foreign or a corrupt file is refused and left byte for
//! byte; a failing migration leaves the version before it; a folder that
//! cannot be written opens an existing store for reading only.

use std::fs;

use toasoan_domain::{Error, Role};
use toasoan_store::{migrations, Store, DB_FILE, REINDEX_KEY};

use crate::{code, count, person, raw, seed, T0};

/// Tried: a fresh in-memory store. Its schema is the newest this binary
/// knows, one migration per listed step, each recorded once in the audit log
/// by `system` with its from/to versions, in order.
#[test]
fn a_fresh_store_is_at_the_newest_schema_with_one_audit_event_per_migration() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(migrations::LATEST, migrations::MIGRATIONS.len() as i64);
    assert_eq!(migrations::LATEST, 12, "a new migration: update this test and the upgrade tests");
    assert_eq!(store.schema_version().unwrap(), migrations::LATEST);
    let events = store.read(|db| Ok(db.audit(None)?)).unwrap();
    let schema: Vec<_> = events.iter().filter(|e| e.entity_kind == "schema").collect();
    assert_eq!(schema.len() as i64, migrations::LATEST);
    for (i, e) in schema.iter().enumerate() {
        let to = i as i64 + 1;
        assert_eq!(e.actor, "system");
        assert_eq!(e.action, "schema.migrate");
        assert_eq!(e.entity_id, to.to_string());
        assert_eq!(e.detail["from"], to - 1);
        assert_eq!(e.detail["to"], to);
        assert_eq!(e.detail["what"], migrations::MIGRATIONS[i].0);
    }
    assert_eq!(store.path(), std::path::Path::new(":memory:"));
    assert!(store.read_only().is_none());
}

/// Tried: open a folder, write a person, close, open it again. The person is
/// there and the migrations did not run a second time (still one event each).
#[test]
fn reopening_a_folder_keeps_its_rows_and_migrates_nothing_again() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.path(), dir.path().join(DB_FILE));
        store.write(|db| Ok(db.insert_person(&person("hoa", "Phạm Thị Hoà", Role::Head), T0)?)).unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let (hoa, migrations_run) = store
        .read(|db| {
            let hoa = db.person_by_login("hoa")?;
            let n = db.audit(None)?.iter().filter(|e| e.action == "schema.migrate").count();
            Ok((hoa, n))
        })
        .unwrap();
    let hoa = hoa.expect("the person written before is there");
    assert_eq!(hoa.real_name, "Phạm Thị Hoà");
    assert_eq!(hoa.role, Role::Head);
    assert_eq!(migrations_run as i64, migrations::LATEST);
}

/// Tried: `Store::open` on a folder that does not exist yet. It is made,
/// with the database inside, and (on Unix) readable by its owner alone.
#[test]
fn a_new_data_folder_is_made_and_kept_private() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("Tòa Soạn").join("dữ liệu");
    let store = Store::open(&dir).unwrap();
    assert!(dir.join(DB_FILE).is_file());
    assert_eq!(store.schema_version().unwrap(), migrations::LATEST);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "the data folder is its owner's alone");
    }
    // No probe file is left behind.
    let names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".toasoan-write-test"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

/// Tried: a database at schema v1 (built with `migrate_to`) with a person
/// and a piece in it, then `Store::open`. It reaches the newest version,
/// keeps the rows, records only the missing migrations (2…newest), and
/// notes that the search index must be rebuilt (v2's backfill).
#[test]
fn an_old_database_is_upgraded_keeping_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
        migrations::migrate_to(&conn, 1).unwrap();
        assert_eq!(count(&conn, "PRAGMA user_version"), 1);
        conn.execute_batch(
            "INSERT INTO people(id, login, real_name, pen_name, role, created_at)
                 VALUES ('p1', 'an', 'Lê Thanh An', 'Thanh An', 'reporter', '2026-01-01T00:00:00.000Z');
             INSERT INTO agencies(id, name, created_at) VALUES ('ag', 'Sở Tư pháp', '2026-01-01T00:00:00.000Z');
             INSERT INTO policies(id, name, doc_number, issuer, stage, created_at)
                 VALUES ('po', 'Nghị định đặt hàng', '32/2019/NĐ-CP', NULL, 'thuc-thi', '2026-01-01T00:00:00.000Z');
             INSERT INTO contracts(id, agency_id, number, signed_on, start_on, end_on, total_value, created_at)
                 VALUES ('c', 'ag', '1/HĐ', NULL, '2026-01-01', '2026-12-31', 100, '2026-01-01T00:00:00.000Z');
             INSERT INTO contract_lines(id, contract_id, genre, channel, quantity, unit_price, min_words, max_words, created_at)
                 VALUES ('l', 'c', 'tin', 'bao-dien-tu', 1, 100, NULL, NULL, '2026-01-01T00:00:00.000Z');
             INSERT INTO assignments(num, id, line_id, policy_id, title, brief, reporter_id, editor_id, due_on, state, created_at, updated_at)
                 VALUES (1, 'a', 'l', 'po', 'Đà Nẵng tăng tốc', '', 'p1', NULL, '2026-02-01', 'drafting', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');",
        )
        .unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::LATEST);
    let (an, piece, migrated, reindex) = store
        .read(|db| {
            let migrated: Vec<String> =
                db.audit(None)?.into_iter().filter(|e| e.action == "schema.migrate").map(|e| e.entity_id).collect();
            Ok((db.person_by_login("an")?, db.assignment("a")?, migrated, db.meta(REINDEX_KEY)?))
        })
        .unwrap();
    assert_eq!(an.unwrap().pen_name.as_deref(), Some("Thanh An"));
    let piece = piece.unwrap();
    assert_eq!(piece.title, "Đà Nẵng tăng tốc");
    assert_eq!(piece.num, 1);
    assert_eq!(piece.priority, toasoan_domain::Priority::Thuong, "NULL priority (pre-v11) reads as thường");
    let expected: Vec<String> = (1..=migrations::LATEST).map(|v| v.to_string()).collect();
    assert_eq!(migrated, expected, "v1 once (by migrate_to), then 2…newest once each");
    assert_eq!(reindex.as_deref(), Some("pending"));
}

/// Tried: a store whose file says `user_version` = newest + 1 (a newer
/// Tòa Soạn wrote it). `Store::open` and `open_file_read_only` both refuse
/// it with `database_too_new` naming both versions, and the file is left
/// byte for byte as it was.
#[test]
fn a_newer_database_is_refused_and_left_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let path = dir.path().join(DB_FILE);
    {
        let conn = raw(dir.path());
        conn.execute_batch(&format!("PRAGMA user_version = {}", migrations::LATEST + 1)).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    }
    let before = fs::read(&path).unwrap();
    let e = Store::open(dir.path()).unwrap_err();
    match &e {
        Error::DatabaseTooNew { path: p, found, supported } => {
            assert_eq!(p, &path);
            assert_eq!(*found, migrations::LATEST + 1);
            assert_eq!(*supported, migrations::LATEST);
        }
        other => panic!("expected database_too_new, got {other:?}"),
    }
    assert!(e.to_string().contains("cập nhật Tòa Soạn"), "{e}");
    assert_eq!(fs::read(&path).unwrap(), before, "the newer file is not touched");
    let e = Store::open_file_read_only(&path).unwrap_err();
    assert_eq!(code(&e), "database_too_new");
    assert_eq!(fs::read(&path).unwrap(), before);
}

/// Tried: a `toasoan.db` that is Vietnamese text, not SQLite. Refused with
/// `not_a_database` naming the file; the text is left as it was and no
/// database is made beside it.
#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let text = "Đây là bản thảo về Nghị định, không phải cơ sở dữ liệu.\n".as_bytes();
    fs::write(&path, text).unwrap();
    let e = Store::open(dir.path()).unwrap_err();
    match &e {
        Error::NotADatabase { path: p, .. } => assert_eq!(p, &path),
        other => panic!("expected not_a_database, got {other:?}"),
    }
    assert!(e.to_string().contains("không bị thay đổi"), "{e}");
    assert_eq!(fs::read(&path).unwrap(), text);
    assert!(!dir.path().join(format!("{DB_FILE}-wal")).exists());
    assert_eq!(code(&Store::open_file_read_only(&path).unwrap_err()), "not_a_database");
}

/// Tried: a file with SQLite's header and garbage after it (a damaged
/// copy). Refused with `not_a_database` naming the file, not a panic, and
/// the bytes are unchanged.
#[test]
fn a_corrupt_sqlite_file_is_refused_clearly_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(std::iter::repeat_n(0xAB, 4096));
    fs::write(&path, &bytes).unwrap();
    let e = Store::open(dir.path()).unwrap_err();
    match &e {
        Error::NotADatabase { path: p, reason } => {
            assert_eq!(p, &path);
            assert!(!reason.is_empty());
        }
        other => panic!("expected not_a_database, got {other:?}"),
    }
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

/// Tried: an empty `toasoan.db` (a crash right after it was created). It
/// is taken as a new database, not refused: the store opens at the newest
/// version.
#[test]
fn an_empty_database_file_is_taken_as_a_new_store() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(DB_FILE), b"").unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::LATEST);
}

/// Tried: a database at v11 in which the table v12 creates already exists,
/// so migration 12 fails. `Store::open` reports it, and the database stays
/// at v11 with no audit event for v12: each migration commits with its
/// version bump and its event, or not at all.
#[test]
fn a_failing_migration_leaves_the_version_before_it() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
        migrations::migrate_to(&conn, 11).unwrap();
        conn.execute_batch("CREATE TABLE sync_setaside (x TEXT)").unwrap();
    }
    let e = Store::open(dir.path()).unwrap_err();
    assert_eq!(code(&e), "storage", "{e:?}");
    assert!(e.to_string().contains("sync_setaside"), "{e}");
    let conn = raw(dir.path());
    assert_eq!(count(&conn, "PRAGMA user_version"), 11);
    assert_eq!(count(&conn, "SELECT count(*) FROM audit_log WHERE action = 'schema.migrate'"), 11);
    assert_eq!(count(&conn, "SELECT count(*) FROM audit_log WHERE entity_kind = 'schema' AND entity_id = '12'"), 0);
}

/// Makes `dir` unwritable for `Store::open` even when the tests run as root
/// (for whom permissions are no obstacle): its write probe's name is taken
/// by a folder, so the probe cannot be written.
fn block_write_probe(dir: &std::path::Path) {
    fs::create_dir(dir.join(format!(".toasoan-write-test-{}", std::process::id()))).unwrap();
}

/// Tried: a store with a piece, then its folder made unwritable. It opens
/// for reading only, saying why; every draft can be read; every write is
/// refused before it runs (the closure is not called), naming the folder and
/// saying that nothing can be saved; the file is left as it was.
#[test]
fn an_unwritable_folder_opens_an_existing_store_for_reading_only() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        let s = seed(&store);
        store.write(|db| crate::piece(db, &s, "Hướng dẫn thủ tục đất đai", "2026-03-20")).unwrap();
    }
    let before = fs::read(dir.path().join(DB_FILE)).unwrap();
    block_write_probe(dir.path());
    let store = Store::open(dir.path()).unwrap();
    let why = store.read_only().expect("open for reading only").to_string();
    assert!(why.contains("không ghi được"), "{why}");
    let pieces = store.read(|db| Ok(db.list_assignments(&Default::default())?)).unwrap();
    assert_eq!(pieces.len(), 1);
    assert_eq!(pieces[0].title, "Hướng dẫn thủ tục đất đai");
    let mut ran = false;
    let e = store
        .write(|db| {
            ran = true;
            Ok(db.set_meta("thu", "không được ghi")?)
        })
        .unwrap_err();
    assert!(!ran, "the write's closure never runs on a read-only store");
    match &e {
        Error::DataDirNotWritable { path, reason } => {
            assert_eq!(path, dir.path());
            assert!(reason.contains("chỉ để đọc"), "{reason}");
            assert!(reason.starts_with(&why), "the reason says why first: {reason}");
        }
        other => panic!("expected data_dir_unwritable, got {other:?}"),
    }
    drop(store);
    assert_eq!(fs::read(dir.path().join(DB_FILE)).unwrap(), before, "reading changed nothing");
}

/// Tried: an unwritable folder with no store, and one whose store is at an
/// older version (it would need a migration, which writes). Both are refused
/// with `data_dir_unwritable`; the second says an upgrade is needed.
#[test]
fn an_unwritable_folder_without_a_current_store_is_refused() {
    let empty = tempfile::tempdir().unwrap();
    block_write_probe(empty.path());
    let e = Store::open(empty.path()).unwrap_err();
    assert_eq!(code(&e), "data_dir_unwritable");
    assert!(!empty.path().join(DB_FILE).exists());

    let old = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(old.path().join(DB_FILE)).unwrap();
        migrations::migrate_to(&conn, 5).unwrap();
    }
    block_write_probe(old.path());
    let e = Store::open(old.path()).unwrap_err();
    assert_eq!(code(&e), "data_dir_unwritable");
    assert!(e.to_string().contains("nâng cấp"), "{e}");
    assert_eq!(count(&raw(old.path()), "PRAGMA user_version"), 5, "not migrated");
}
