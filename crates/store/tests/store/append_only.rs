//! The append-only tables (revisions, approvals, the audit log,
//! publications, counting overrides, amendments, engagement snapshots,
//! reporters' answers, policy stages): their triggers refuse UPDATE and
//! DELETE even from a raw SQLite connection to the file, and the audit log
//! keeps the order events were appended in.

use toasoan_domain::engagement::NewSnapshot;
use toasoan_domain::ids::new_id;
use toasoan_domain::time::from_db;
use toasoan_domain::{Amendment, Approval, EngagementSource, Metric, PolicyStage, ResponseKind};
use toasoan_store::{NewAuditEvent, NewStageRow};

use crate::{at, count, day, file_store, piece, raw, revision, seed, T0};

/// Tried: one row in each append-only table (written through the API),
/// then from a raw connection to the file an UPDATE and a DELETE of each.
/// Every statement is refused by its trigger ("append-only"), and every
/// row is still there with its value.
#[test]
fn append_only_tables_refuse_update_and_delete_even_from_raw_sql() {
    let (dir, store) = file_store();
    let s = seed(&store);
    store
        .write(|db| {
            let (a, _) = piece(db, &s, "Thủ tục cấp sổ đỏ rút ngắn", "2026-03-20")?;
            let r = revision(1, "Thủ tục cấp sổ đỏ rút ngắn còn 10 ngày", "Nội dung gốc.", 120);
            db.insert_revision(&a, &s.reporter.id, &r)?;
            let approval = Approval {
                id: new_id(),
                assignment_id: a.clone(),
                revision_id: r.id.clone(),
                revision_seq: 1,
                content_hash: r.content_hash.clone(),
                approved_by: s.editor.login.clone(),
                approved_at: from_db(T0),
            };
            db.insert_approval(&approval, &s.editor.id)?;
            db.insert_publication(&new_id(), &a, "bao-dien-tu", "https://baobinhson.vn/so-do", T0, &s.editor.id)?;
            db.insert_override(&new_id(), &a, true, "Bài đặc biệt, được tính", &s.editor.id, T0)?;
            db.insert_response(&new_id(), &a, &s.reporter.id, ResponseKind::Accept, None, T0)?;
            db.insert_stage(
                &NewStageRow {
                    id: &new_id(),
                    policy_id: &s.policy_id,
                    stage: PolicyStage::BanHanh,
                    on: day("2026-02-01"),
                    document_id: None,
                    note: Some("Ban hành chính thức"),
                    recorded_by: &s.editor.id,
                },
                T0,
            )?;
            db.insert_snapshots(
                "lo-1",
                &[NewSnapshot {
                    assignment_id: a.clone(),
                    source: EngagementSource::Manual,
                    metric: Metric::Views,
                    value: 1200,
                    captured_at: T0.into(),
                }],
            )?;
            let amendment = Amendment {
                id: new_id(),
                contract_id: s.contract_id.clone(),
                number: "01/2026/PL-HĐĐH".into(),
                signed_on: Some(day("2026-02-10")),
                reason: "Tăng số lượng bài".into(),
                total_value_before: 150_000_000,
                total_value_after: 180_000_000,
                created_by: s.editor.login.clone(),
                created_at: from_db(T0),
                lines: Vec::new(),
            };
            db.insert_amendment(&amendment, &s.editor.id)?;
            db.append_audit(
                &NewAuditEvent {
                    actor: "minh",
                    action: "assignment.approve",
                    entity_kind: "assignment",
                    entity_id: &a,
                    detail: serde_json::json!({ "ghi_chú": "Duyệt bản 1" }),
                },
                T0,
            )?;
            Ok(())
        })
        .unwrap();
    let conn = raw(dir.path());
    let tables = [
        ("revisions", "body = 'sửa lén'"),
        ("approvals", "content_hash = 'giả'"),
        ("audit_log", "detail = '{}'"),
        ("publications", "url = 'https://gia.vn'"),
        ("counting_overrides", "reason = 'đổi ý'"),
        ("assignment_responses", "reason = 'đổi ý'"),
        ("policy_stages", "note = 'sửa'"),
        ("engagement_snapshots", "value = 999999"),
        ("contract_amendments", "reason = 'sửa'"),
    ];
    for (table, set) in tables {
        let rows = count(&conn, &format!("SELECT count(*) FROM {table}"));
        assert!(rows >= 1, "{table} has a row to attack");
        let update = conn.execute(&format!("UPDATE {table} SET {set}"), []);
        let e = update.expect_err(&format!("UPDATE {table} is refused")).to_string();
        assert!(e.contains("append-only"), "{table}: {e}");
        let delete = conn.execute(&format!("DELETE FROM {table}"), []);
        let e = delete.expect_err(&format!("DELETE FROM {table} is refused")).to_string();
        assert!(e.contains("append-only"), "{table}: {e}");
        assert_eq!(count(&conn, &format!("SELECT count(*) FROM {table}")), rows, "{table} keeps its rows");
    }
    drop(conn);
    // The values read through the store are the ones written.
    let (revs, audit) = store
        .read(|db| {
            let a = db.list_assignments(&Default::default())?.remove(0);
            Ok((db.revisions(&a.id)?, db.audit(Some(&a.id))?))
        })
        .unwrap();
    assert_eq!(revs.len(), 1);
    assert_eq!(revs[0].draft.body, "Nội dung gốc.");
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].detail["ghi_chú"], "Duyệt bản 1");
}

/// Tried: three audit events appended in three transactions with instants
/// going backwards, about two entities. `audit(None)` lists them in the
/// order they were appended (strictly increasing `seq`), not by instant;
/// `audit(Some(id))` lists only that entity's, in the same order; the
/// detail comes back as written.
#[test]
fn the_audit_log_keeps_the_order_of_appending() {
    let store = toasoan_store::Store::open_in_memory().unwrap();
    let before = store.read(|db| Ok(db.audit(None)?.len())).unwrap();
    let events = [("a", "thứ nhất", at(9, 0, 0)), ("b", "thứ hai", at(8, 0, 0)), ("a", "thứ ba", at(7, 0, 0))];
    for (entity, note, when) in &events {
        store
            .write(|db| {
                Ok(db.append_audit(
                    &NewAuditEvent {
                        actor: "lan",
                        action: "comment.add",
                        entity_kind: "assignment",
                        entity_id: entity,
                        detail: serde_json::json!({ "ghi_chú": note }),
                    },
                    when,
                )?)
            })
            .unwrap();
    }
    let (all, of_a) = store.read(|db| Ok((db.audit(None)?, db.audit(Some("a"))?))).unwrap();
    let appended = &all[before..];
    let notes: Vec<&str> = appended.iter().map(|e| e.detail["ghi_chú"].as_str().unwrap()).collect();
    assert_eq!(notes, ["thứ nhất", "thứ hai", "thứ ba"]);
    assert!(all.windows(2).all(|w| w[0].seq < w[1].seq), "seq strictly increasing");
    let notes_a: Vec<&str> = of_a.iter().map(|e| e.detail["ghi_chú"].as_str().unwrap()).collect();
    assert_eq!(notes_a, ["thứ nhất", "thứ ba"]);
    assert_eq!(of_a[0].at, from_db(&at(9, 0, 0)));
    assert_eq!(of_a[0].actor, "lan");
    assert_eq!(of_a[0].entity_kind, "assignment");
}

/// Tried: a second revision numbered like the first (seq 1 twice). The
/// store refuses it, and the piece keeps one revision.
#[test]
fn a_revision_number_is_given_once_per_piece() {
    let store = toasoan_store::Store::open_in_memory().unwrap();
    let s = seed(&store);
    let a = store
        .write(|db| {
            let (a, _) = piece(db, &s, "Bảo hiểm y tế học sinh", "2026-03-20")?;
            db.insert_revision(&a, &s.reporter.id, &revision(1, "Bản một", "Thân bài.", 120))?;
            Ok(a)
        })
        .unwrap();
    let e = store
        .write(|db| Ok(db.insert_revision(&a, &s.reporter.id, &revision(1, "Bản một khác", "Khác.", 130))?))
        .unwrap_err();
    assert_eq!(e.code(), "storage");
    assert!(e.to_string().contains("UNIQUE"), "{e}");
    let revs = store.read(|db| Ok(db.revisions(&a)?)).unwrap();
    assert_eq!(revs.iter().map(|r| r.draft.headline.as_str()).collect::<Vec<_>>(), ["Bản một"]);
}
