//! Backups: `backup_to` writes one self-contained file (rollback journal,
//! not WAL) that `open_file_read_only` opens as it is — same rows, same
//! digests, sound — and on which every write is refused; a file already at
//! the destination is replaced; an older backup opens without migration;
//! the rows name the media and proof files a backup must pack.

use std::fs;

use toasoan_domain::ids::new_id;
use toasoan_domain::{Error, MediaKind};
use toasoan_store::{migrations, MediaFileRow, NewMediaRow, NewPublicationRow, ProofFileRow, Store, DB_FILE};

use crate::{code, file_store, piece, revision, seed, T0};

/// Bytes 18 and 19 of an SQLite file: 1 for a rollback journal, 2 for WAL.
fn journal_bytes(path: &std::path::Path) -> (u8, u8) {
    let b = fs::read(path).unwrap();
    (b[18], b[19])
}

/// Tried: a store in a folder with a piece and its revision, backed up into
/// a folder whose name has spaces and diacritics. The backup opens read-only
/// (no migration) at the newest version, with the same digest for every
/// table, the same piece and text, no integrity problem; it is a single
/// rollback-journal file; every write on it is refused without running and
/// reading it changes no byte.
#[test]
fn a_backup_opens_read_only_with_the_same_rows_and_refuses_every_write() {
    let (_dir, store) = file_store();
    let s = seed(&store);
    let a = store
        .write(|db| {
            let (a, _) = piece(db, &s, "Sao lưu trước khi nâng cấp", "2026-03-20")?;
            db.insert_revision(&a, &s.reporter.id, &revision(1, "Tít đã lưu", "Nội dung cần giữ.", 120))?;
            Ok(a)
        })
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("bản sao lưu #1");
    fs::create_dir(&folder).unwrap();
    let dest = folder.join("toà soạn 100%.db");
    store.backup_to(&dest).unwrap();
    assert_eq!(journal_bytes(&dest), (1, 1), "a rollback-journal file, not WAL");
    assert_eq!(journal_bytes(store.path()), (2, 2), "the live store is WAL");
    let bytes = fs::read(&dest).unwrap();

    let copy = Store::open_file_read_only(&dest).unwrap();
    assert_eq!(copy.read_only(), Some("bản sao chỉ để đọc"));
    assert_eq!(copy.path(), dest);
    assert_eq!(copy.schema_version().unwrap(), migrations::LATEST);
    assert_eq!(copy.table_digests().unwrap(), store.table_digests().unwrap());
    assert!(copy.integrity_problems().unwrap().is_empty());
    let revs = copy.read(|db| Ok(db.revisions(&a)?)).unwrap();
    assert_eq!(revs.len(), 1);
    assert_eq!(revs[0].draft.body, "Nội dung cần giữ.");
    assert_eq!(copy.read(|db| Ok(db.people_count()?)).unwrap(), 2);

    let mut ran = false;
    let e = copy
        .write(|db| {
            ran = true;
            Ok(db.set_meta("ghi", "vào bản sao")?)
        })
        .unwrap_err();
    assert!(!ran, "the closure never runs");
    match &e {
        Error::DataDirNotWritable { path, reason } => {
            assert_eq!(path, &folder);
            assert!(reason.contains("bản sao chỉ để đọc"), "{reason}");
        }
        other => panic!("expected data_dir_unwritable, got {other:?}"),
    }
    drop(copy);
    assert_eq!(fs::read(&dest).unwrap(), bytes, "reading the backup changed nothing");
    assert!(!folder.join("toà soạn 100%.db-wal").exists());
}

/// Tried: a file already at the destination (an older backup, or junk),
/// then `backup_to` there. It is replaced by a sound copy of the store.
#[test]
fn a_backup_replaces_the_file_at_its_destination() {
    let (_dir, store) = file_store();
    seed(&store);
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("sao-luu.db");
    fs::write(&dest, "không phải SQLite").unwrap();
    store.backup_to(&dest).unwrap();
    let copy = Store::open_file_read_only(&dest).unwrap();
    assert_eq!(copy.read(|db| Ok(db.person_by_login("minh")?)).unwrap().unwrap().real_name, "Trần Quang Minh");
    assert_eq!(copy.table_digests().unwrap(), store.table_digests().unwrap());
}

/// Tried: a backup of an in-memory store. It holds the same rows.
#[test]
fn an_in_memory_store_backs_up_too() {
    let store = Store::open_in_memory().unwrap();
    seed(&store);
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("bo-nho.db");
    store.backup_to(&dest).unwrap();
    let copy = Store::open_file_read_only(&dest).unwrap();
    assert_eq!(copy.table_digests().unwrap(), store.table_digests().unwrap());
    assert_eq!(copy.read(|db| Ok(db.list_contracts()?)).unwrap()[0].number, "15/2026/HĐ-STP");
}

/// Tried: a backup file at schema v3 (an older Tòa Soạn). It opens as it is,
/// at v3, without migration and without a byte changed.
#[test]
fn an_older_backup_opens_as_it_is() {
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join(DB_FILE);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        migrations::migrate_to(&conn, 3).unwrap();
    }
    let before = fs::read(&path).unwrap();
    let copy = Store::open_file_read_only(&path).unwrap();
    assert_eq!(copy.schema_version().unwrap(), 3);
    drop(copy);
    assert_eq!(fs::read(&path).unwrap(), before);
}

/// Tried: a backup destination in a folder that does not exist. Refused as
/// `storage`, saying where.
#[test]
fn a_backup_to_a_missing_folder_fails_clearly() {
    let store = Store::open_in_memory().unwrap();
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("không-có").join("sao-luu.db");
    let e = store.backup_to(&dest).unwrap_err();
    assert_eq!(code(&e), "storage");
    assert!(e.to_string().contains("sao-luu.db"), "{e}");
}

/// Tried: an image (with web copy and thumbnail), an attachment, and a
/// publication with a sent body and a page copy. `media_file_rows` names each
/// original with its derivatives' extensions, by hash; `proof_file_rows`
/// names both proof files with their hashes.
#[test]
fn the_rows_name_the_files_a_backup_must_pack() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let (img, pdf) = ("b".repeat(64), "a".repeat(64));
    let pub_id = new_id();
    store
        .write(|db| {
            let (a, _) = piece(db, &s, "Ảnh lễ ký kết", "2026-03-20")?;
            let image = NewMediaRow {
                sha256: &img,
                kind: MediaKind::Image,
                mime: "image/jpeg",
                ext: "jpg",
                original_name: "lễ ký kết.jpg",
                bytes: 2_000_000,
                width: Some(4000),
                height: Some(3000),
                web_ext: Some("jpg"),
                thumb_ext: Some("webp"),
            };
            db.insert_media(&new_id(), &image, &s.reporter.id, T0)?;
            let doc = NewMediaRow {
                sha256: &pdf,
                kind: MediaKind::Attachment,
                mime: "application/pdf",
                ext: "pdf",
                original_name: "Nghị định 32.pdf",
                bytes: 300_000,
                width: None,
                height: None,
                web_ext: None,
                thumb_ext: None,
            };
            db.insert_media(&new_id(), &doc, &s.reporter.id, T0)?;
            db.insert_proof(&NewPublicationRow {
                id: &pub_id,
                assignment_id: &a,
                channel: "bao-dien-tu",
                url: "https://baobinhson.vn/anh-le-ky-ket",
                published_at: T0,
                recorded_by: &s.editor.id,
                portal_id: None,
                job_id: None,
                remote_id: Some("42"),
                revision_seq: Some(1),
                sent_sha256: Some("c0ffee"),
                sent_path: Some("proofs/sent.html"),
                page_path: Some("proofs/page.html"),
                page_sha256: None,
            })?;
            Ok(())
        })
        .unwrap();
    let (media, proofs) = store.read(|db| Ok((db.media_file_rows()?, db.proof_file_rows()?))).unwrap();
    assert_eq!(
        media,
        [
            MediaFileRow { sha256: pdf.clone(), ext: "pdf".into(), web_ext: None, thumb_ext: None, bytes: 300_000 },
            MediaFileRow {
                sha256: img.clone(),
                ext: "jpg".into(),
                web_ext: Some("jpg".into()),
                thumb_ext: Some("webp".into()),
                bytes: 2_000_000
            },
        ]
    );
    assert_eq!(
        proofs,
        [
            ProofFileRow { publication_id: pub_id.clone(), path: "proofs/page.html".into(), sha256: None },
            ProofFileRow {
                publication_id: pub_id.clone(),
                path: "proofs/sent.html".into(),
                sha256: Some("c0ffee".into())
            },
        ]
    );
}
