//! `Store::write` is all or nothing and `Store::read` one snapshot: a
//! closure's error rolls back every row it wrote (the store stays usable), a
//! failing statement does too, foreign keys and CHECK constraints are
//! enforced, and a read does not see a write committed meanwhile.

use toasoan_domain::{Error, Role};
use toasoan_store::{NewAuditEvent, Store};

use crate::{contract, file_store, line, person, piece, piece_row, revision, seed, T0};

fn audit_event(entity: &str) -> NewAuditEvent<'_> {
    NewAuditEvent {
        actor: "lan",
        action: "person.add",
        entity_kind: "person",
        entity_id: entity,
        detail: serde_json::json!({ "tên": "Võ Văn Tùng" }),
    }
}

/// Tried: a write that adds a person, an audit event and a meta value,
/// then returns an error of its own. The error comes back as it was, and
/// none of the three rows is there; the next write commits normally.
#[test]
fn a_write_whose_closure_fails_leaves_nothing_behind() {
    let store = Store::open_in_memory().unwrap();
    let count = |store: &Store| {
        store.read(|db| Ok((db.people_count()?, db.audit(None)?.len(), db.meta("thu-nghiem")?))).unwrap()
    };
    let before = count(&store);
    let tung = person("tung", "Võ Văn Tùng", Role::Reporter);
    let e = store
        .write(|db| {
            db.insert_person(&tung, T0)?;
            db.append_audit(&audit_event(&tung.id), T0)?;
            db.set_meta("thu-nghiem", "có")?;
            // The rows are there inside the transaction…
            assert_eq!(db.people_count()?, before.0 + 1);
            Err::<(), _>(Error::Conflict("đổi ý giữa chừng".into()))
        })
        .unwrap_err();
    assert!(matches!(&e, Error::Conflict(m) if m == "đổi ý giữa chừng"), "{e:?}");
    // …and gone after.
    assert_eq!(count(&store), before);
    assert!(store.read(|db| Ok(db.person_by_login("tung")?)).unwrap().is_none());
    // The store goes on.
    store.write(|db| Ok(db.insert_person(&tung, T0)?)).unwrap();
    assert_eq!(count(&store).0, before.0 + 1);
}

/// Tried: a write that adds a person, then a second person with the same
/// login (the UNIQUE constraint refuses it) propagated with `?`. The write
/// fails as `storage` and the first person is not there either.
#[test]
fn a_failing_statement_rolls_back_the_whole_write() {
    let store = Store::open_in_memory().unwrap();
    let e = store
        .write(|db| {
            db.insert_person(&person("thu", "Đỗ Minh Thư", Role::Reporter), T0)?;
            db.insert_person(&person("thu", "Đỗ Anh Thư", Role::Editor), T0)?;
            Ok(())
        })
        .unwrap_err();
    assert_eq!(e.code(), "storage");
    assert!(e.to_string().contains("UNIQUE"), "{e}");
    assert_eq!(store.read(|db| Ok(db.people_count()?)).unwrap(), 0);
}

/// Tried: a piece on a contract line that does not exist, a revision of a
/// piece that does not exist, a contract of an agency that does not exist.
/// Each is refused (FOREIGN KEY) and nothing is written.
#[test]
fn foreign_keys_are_enforced() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let e = store
        .write(|db| {
            let mut row = piece_row(&s, "mồ-côi", "Bài không có hạng mục", "2026-03-20");
            row.line_id = "hạng-mục-không-có";
            Ok(db.insert_assignment(&row, T0)?)
        })
        .unwrap_err();
    assert!(e.to_string().contains("FOREIGN KEY"), "{e}");
    let e = store
        .write(|db| Ok(db.insert_revision("bài-không-có", &s.reporter.id, &revision(1, "Tít", "Thân.", 10))?))
        .unwrap_err();
    assert!(e.to_string().contains("FOREIGN KEY"), "{e}");
    let e = store.write(|db| Ok(db.insert_contract(&contract("cơ-quan-không-có", "9/HĐ"), T0)?)).unwrap_err();
    assert!(e.to_string().contains("FOREIGN KEY"), "{e}");
    let (pieces, contracts) =
        store.read(|db| Ok((db.list_assignments(&Default::default())?.len(), db.list_contracts()?.len()))).unwrap();
    let problems = store.integrity_problems().unwrap();
    assert_eq!((pieces, contracts), (0, 1));
    assert!(problems.is_empty(), "{problems:?}");
}

/// Tried: a contract ending before it starts, a line with quantity 0. The
/// schema's CHECKs refuse both.
#[test]
fn check_constraints_refuse_impossible_contracts() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let mut backwards = contract(&s.agency_id, "16/2026/HĐ-STP");
    backwards.end_on = crate::day("2025-12-31");
    let e = store.write(|db| Ok(db.insert_contract(&backwards, T0)?)).unwrap_err();
    assert!(e.to_string().contains("CHECK"), "{e}");
    let mut none = line(&s.contract_id, None, None);
    none.quantity = 0;
    let e = store.write(|db| Ok(db.insert_line(&none, T0)?)).unwrap_err();
    assert!(e.to_string().contains("CHECK"), "{e}");
    let c = store.read(|db| Ok(db.contract(&s.contract_id)?)).unwrap().unwrap();
    assert_eq!(c.lines.len(), 1, "only the seed's line");
    assert!(store.read(|db| Ok(db.contract(&backwards.id)?)).unwrap().is_none());
}

/// Tried: two stores on one folder. Inside one `read` of the first, the
/// second commits a new piece; the read still counts the pieces it saw at
/// its start (one snapshot), and the next read sees the new one.
#[test]
fn a_read_is_one_snapshot_while_another_connection_writes() {
    let (dir, first) = file_store();
    let s = seed(&first);
    first.write(|db| piece(db, &s, "Bài thứ nhất", "2026-03-20")).unwrap();
    let second = Store::open(dir.path()).unwrap();
    let (at_start, at_end) = first
        .read(|db| {
            let at_start = db.list_assignments(&Default::default())?.len();
            second.write(|db2| piece(db2, &s, "Bài thứ hai", "2026-03-21")).unwrap();
            let at_end = db.list_assignments(&Default::default())?.len();
            Ok((at_start, at_end))
        })
        .unwrap();
    assert_eq!((at_start, at_end), (1, 1));
    assert_eq!(first.read(|db| Ok(db.list_assignments(&Default::default())?.len())).unwrap(), 2);
}
