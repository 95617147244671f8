//! Team mode's capture and apply: changes go to the outbox only while
//! capture is on (never the migrations' own events), a piece's change names
//! what it changed from and leaves local columns out, the outbox is acked
//! in order, pulled rows apply with capture off (idempotently, setting aside
//! those that do not fit), append-only deletes are allowed only while
//! applying, refusals and sync state are kept.

use serde_json::json;
use toasoan_domain::ids::new_id;
use toasoan_domain::{MediaKind, Role, State};
use toasoan_store::{NewAuditEvent, NewMediaRow, RowIn, Store};

use crate::{file_store, person, piece, raw, revision, seed, T0};

fn no_refusal(_: &RowIn<'_>) -> Option<String> {
    None
}

/// Tried: a person added with capture off (a solo workbench), then capture
/// turned on and another added. Only the second is in the outbox, as its
/// table, id and columns (the Vietnamese name as written).
#[test]
fn changes_are_captured_only_while_capture_is_on() {
    let store = Store::open_in_memory().unwrap();
    assert!(!store.read(|db| Ok(db.capturing()?)).unwrap(), "a new store is solo");
    let solo = person("an", "Lê Thanh An", Role::Reporter);
    let team = person("bich", "Hoàng Ngọc Bích", Role::Editor);
    store.write(|db| Ok(db.insert_person(&solo, T0)?)).unwrap();
    assert_eq!(store.read(|db| Ok(db.outbox_len()?)).unwrap(), 0);
    store
        .write(|db| {
            db.set_capture(true)?;
            Ok(db.insert_person(&team, T0)?)
        })
        .unwrap();
    let (on, ops) = store.read(|db| Ok((db.capturing()?, db.outbox_ops(10)?))).unwrap();
    assert!(on);
    assert_eq!(ops.len(), 1, "{ops:?}");
    assert_eq!((ops[0].tbl.as_str(), ops[0].row_id.as_str()), ("people", team.id.as_str()));
    let data = ops[0].data.as_ref().unwrap();
    assert_eq!(data["real_name"], "Hoàng Ngọc Bích");
    assert_eq!(data["role"], "editor");
}

/// Tried: with capture on, audit events by `system` and by a person. Only
/// the person's event is captured (the migrations' own stay local).
#[test]
fn the_systems_own_audit_events_are_not_captured() {
    let store = Store::open_in_memory().unwrap();
    store
        .write(|db| {
            db.set_capture(true)?;
            for actor in ["system", "lan"] {
                db.append_audit(
                    &NewAuditEvent {
                        actor,
                        action: "assignment.create",
                        entity_kind: "assignment",
                        entity_id: "x",
                        detail: json!({}),
                    },
                    T0,
                )?;
            }
            Ok(())
        })
        .unwrap();
    let ops = store.read(|db| Ok(db.outbox_ops(10)?)).unwrap();
    assert_eq!(ops.len(), 1, "{ops:?}");
    assert_eq!(ops[0].tbl, "audit_log");
    assert_eq!(ops[0].data.as_ref().unwrap()["actor"], "lan");
    assert!(ops[0].data.as_ref().unwrap().get("seq").is_none(), "seq is local");
}

/// Tried: with capture on, a piece moved from `assigned` to `drafting`, then
/// a revision. The piece's change carries the new state and, under `_from`,
/// only the fields it changed with their old values; columns local to this
/// workbench (number, words, tier) are never sent.
#[test]
fn a_pieces_change_names_what_it_changed_from_and_keeps_local_columns_home() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let a = store.write(|db| Ok(piece(db, &s, "Chuyển đổi số cấp xã", "2026-03-20")?.0)).unwrap();
    store
        .write(|db| {
            db.set_capture(true)?;
            db.set_state(&a, State::Drafting, "2026-03-03T00:00:00.000Z")?;
            Ok(())
        })
        .unwrap();
    let ops = store.read(|db| Ok(db.outbox_ops(10)?)).unwrap();
    assert_eq!(ops.len(), 1, "{ops:?}");
    let data = ops[0].data.as_ref().unwrap();
    assert_eq!((ops[0].tbl.as_str(), ops[0].row_id.as_str()), ("assignments", a.as_str()));
    assert_eq!(data["state"], "drafting");
    assert_eq!(data["title"], "Chuyển đổi số cấp xã");
    assert_eq!(data["_from"], json!({ "state": "assigned", "updated_at": T0 }));
    for local in ["num", "words", "in_tier", "first_published_at", "counts_override"] {
        assert!(data.get(local).is_none(), "{local} is local: {data}");
    }
    // The revision's trigger updates the piece's local words and tier:
    // that is no change to send.
    store.write(|db| Ok(db.insert_revision(&a, &s.reporter.id, &revision(1, "Tít", "Thân.", 150))?)).unwrap();
    let tables: Vec<String> = store.read(|db| Ok(db.outbox_ops(10)?)).unwrap().into_iter().map(|o| o.tbl).collect();
    assert_eq!(tables, ["assignments", "revisions"]);
}

/// Tried: three captured changes, acked up to the second. The outbox keeps
/// the third only; acking again changes nothing.
#[test]
fn the_outbox_is_acked_in_order() {
    let store = Store::open_in_memory().unwrap();
    store
        .write(|db| {
            db.set_capture(true)?;
            for (login, name) in [("a", "Ánh"), ("b", "Bảo"), ("c", "Cường")] {
                db.insert_person(&person(login, name, Role::Reporter), T0)?;
            }
            Ok(())
        })
        .unwrap();
    let ops = store.read(|db| Ok(db.outbox_ops(10)?)).unwrap();
    assert_eq!(ops.len(), 3);
    assert!(ops.windows(2).all(|w| w[0].seq < w[1].seq));
    store.write(|db| Ok(db.ack_outbox(ops[1].seq)?)).unwrap();
    store.write(|db| Ok(db.ack_outbox(ops[1].seq)?)).unwrap();
    let left = store.read(|db| Ok(db.outbox_ops(10)?)).unwrap();
    assert_eq!(left, vec![ops[2].clone()]);
    assert_eq!(left[0].data.as_ref().unwrap()["real_name"], "Cường");
    assert_eq!(store.read(|db| Ok(db.outbox_len()?)).unwrap(), 1);
}

/// Tried: a page of pulled rows (a person, an agency) applied on a workbench
/// joined to a hub, then the same page again. Nothing applied goes back to
/// the outbox; capture is on again after `end_apply`; the second apply
/// changes no row of any table.
#[test]
fn pulled_rows_apply_without_capture_and_idempotently() {
    let store = Store::open_in_memory().unwrap();
    store.write(|db| Ok(db.set_capture(true)?)).unwrap();
    let person = json!({ "id": "p-hub", "login": "dung", "real_name": "Phan Văn Dũng", "pen_name": null,
                         "role": "reporter", "created_at": T0, "deactivated_at": null });
    let agency = json!({ "id": "ag-hub", "name": "Sở Y tế tỉnh Bình Sơn", "created_at": T0 });
    let page = [
        RowIn { tbl: "people", id: "p-hub", data: &person, deleted: false },
        RowIn { tbl: "agencies", id: "ag-hub", data: &agency, deleted: false },
    ];
    let apply = |store: &Store| {
        store
            .write(|db| {
                let n = db.apply_rows(&page, T0, &no_refusal)?;
                db.end_apply()?;
                Ok(n)
            })
            .unwrap()
    };
    assert_eq!(apply(&store), (2, 0));
    let digests = store.table_digests().unwrap();
    let (dung, outbox, capturing) =
        store.read(|db| Ok((db.person_by_login("dung")?, db.outbox_len()?, db.capturing()?))).unwrap();
    assert_eq!(dung.unwrap().real_name, "Phan Văn Dũng");
    assert_eq!(outbox, 0, "a pulled row is never sent back");
    assert!(capturing);
    assert_eq!(apply(&store).1, 0);
    assert_eq!(store.table_digests().unwrap(), digests, "the same page again changes nothing");
}

/// Tried: a page with a good person, a piece whose contract line never came,
/// a row of a table that does not replicate, and a row the caller refuses.
/// The person applies; the three others are set aside with their reasons,
/// the page does not stop.
#[test]
fn pulled_rows_that_do_not_fit_are_set_aside_and_the_rest_apply() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let good = json!({ "id": "p-ok", "login": "giang", "real_name": "Trương Thu Giang", "pen_name": null,
                       "role": "editor", "created_at": T0, "deactivated_at": null });
    let orphan = json!({ "id": "a-orphan", "line_id": "không-có", "policy_id": s.policy_id, "title": "Mồ côi",
                         "brief": "", "reporter_id": s.reporter.id, "editor_id": null, "due_on": "2026-03-20",
                         "state": "assigned", "created_at": T0, "updated_at": T0, "priority": null,
                         "stage": null, "assigned_at": T0 });
    let stranger = json!({ "x": 1 });
    let refused = json!({ "id": "ag-x", "name": "Cơ quan lạ", "created_at": T0 });
    let page = [
        RowIn { tbl: "people", id: "p-ok", data: &good, deleted: false },
        RowIn { tbl: "assignments", id: "a-orphan", data: &orphan, deleted: false },
        RowIn { tbl: "sync_state", id: "hub", data: &stranger, deleted: false },
        RowIn { tbl: "agencies", id: "ag-x", data: &refused, deleted: false },
    ];
    let refuse = |r: &RowIn<'_>| (r.tbl == "agencies").then(|| "tên cơ quan bị từ chối".to_string());
    let counts = store
        .write(|db| {
            let n = db.apply_rows(&page, T0, &refuse)?;
            db.end_apply()?;
            Ok(n)
        })
        .unwrap();
    assert_eq!(counts, (1, 3));
    let (giang, orphan, aside, n) = store
        .read(|db| {
            Ok((
                db.person_by_login("giang")?,
                db.assignment("a-orphan")?,
                db.set_aside_rows(10)?,
                db.set_aside_count()?,
            ))
        })
        .unwrap();
    assert!(giang.is_some());
    assert!(orphan.is_none());
    assert_eq!(n, 3);
    let reason = |tbl: &str| aside.iter().find(|a| a.tbl == tbl).map(|a| a.reason.clone()).unwrap();
    assert!(reason("assignments").contains("FOREIGN KEY"), "{}", reason("assignments"));
    assert_eq!(reason("sync_state"), "bảng không đồng bộ");
    assert_eq!(reason("agencies"), "tên cơ quan bị từ chối");
    assert_eq!(aside.iter().find(|a| a.tbl == "assignments").unwrap().data.as_ref().unwrap()["title"], "Mồ côi");
}

/// Tried: a piece with a revision on a file store; then (a) a raw DELETE of
/// the revision, refused; (b) `remove_piece` in a write, which may delete it
/// while applying, then `end_apply`; (c) a raw DELETE of another piece's
/// revision, refused again. The relaxation lasts only while applying.
#[test]
fn append_only_deletes_are_allowed_only_while_applying() {
    let (dir, store) = file_store();
    let s = seed(&store);
    let (gone, kept) = store
        .write(|db| {
            let (gone, _) = piece(db, &s, "Rời khỏi phạm vi", "2026-03-20")?;
            let (kept, _) = piece(db, &s, "Ở lại", "2026-03-21")?;
            db.insert_revision(&gone, &s.reporter.id, &revision(1, "Tít", "Thân.", 120))?;
            db.insert_revision(&kept, &s.reporter.id, &revision(1, "Tít", "Thân.", 120))?;
            db.set_capture(true)?;
            Ok((gone, kept))
        })
        .unwrap();
    let conn = raw(dir.path());
    let e = conn.execute("DELETE FROM revisions WHERE assignment_id = ?1", [&gone]).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    store
        .write(|db| {
            db.remove_piece(&gone)?;
            db.end_apply()?;
            Ok(())
        })
        .unwrap();
    let (g, k) = store.read(|db| Ok((db.assignment(&gone)?, db.revisions(&kept)?.len()))).unwrap();
    assert!(g.is_none(), "the piece left");
    assert_eq!(k, 1);
    let e = conn.execute("DELETE FROM revisions WHERE assignment_id = ?1", [&kept]).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    assert_eq!(store.read(|db| Ok(db.outbox_len()?)).unwrap(), 0, "removing a piece here is not a change to send");
}

/// Tried: a piece whose revisions branched (a pulled revision written on
/// the same parent as a local one: two leaves) is then removed from this
/// workbench (the piece was given to another reporter). Expected: the piece
/// and its conflict mark go. This found a bug (fixed): `remove_piece` named
/// the local tables it cleared and missed `sync_conflicts`, whose foreign
/// key then refused the piece's DELETE, failing the whole pull; it now
/// clears every local table that points at the piece.
#[test]
fn a_branched_piece_can_leave_this_workbench() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let r1 = revision(1, "Bản gốc", "Gốc.", 120);
    let a = store
        .write(|db| {
            let (a, _) = piece(db, &s, "Hai nhánh", "2026-03-20")?;
            db.insert_revision(&a, &s.reporter.id, &r1)?;
            db.insert_revision(&a, &s.reporter.id, &revision(2, "Nhánh ở đây", "Sửa ở máy này.", 125))?;
            db.set_capture(true)?;
            Ok(a)
        })
        .unwrap();
    let theirs = json!({ "id": new_id(), "assignment_id": a, "seq": 2, "headline": "Nhánh ở hub",
                         "sapo": "", "body": "Sửa ở máy khác.", "byline": "Thu Lan", "content_hash": "h",
                         "word_count": 130, "author_id": s.editor.id, "reason": "save",
                         "created_at": T0, "parent_id": r1.id, "merge_of": null });
    let row = [RowIn { tbl: "revisions", id: theirs["id"].as_str().unwrap(), data: &theirs, deleted: false }];
    let branched = store
        .write(|db| {
            // (Renumbered to 3 beside the local 2, so counted as 0 applied.)
            let (_, set_aside) = db.apply_rows(&row, T0, &no_refusal)?;
            assert_eq!(set_aside, 0);
            let b = db.refresh_conflict(&a, T0)?;
            db.end_apply()?;
            Ok(b)
        })
        .unwrap();
    assert!(branched, "two leaves: a branch");
    let (leaves, conflicts) = store.read(|db| Ok((db.leaf_revisions(&a)?.len(), db.branched_pieces()?))).unwrap();
    assert_eq!((leaves, conflicts), (2, vec![a.clone()]));
    let left = store.write(|db| {
        db.remove_piece(&a)?;
        db.end_apply()?;
        Ok(())
    });
    assert!(left.is_ok(), "removing a branched piece fails: {left:?}");
    let (piece, conflicts) = store.read(|db| Ok((db.assignment(&a)?, db.branched_pieces()?))).unwrap();
    assert!(piece.is_none());
    assert!(conflicts.is_empty());
}

/// Tried: with capture on, an image imported here. Its original, web copy
/// and thumbnail are queued to go up to the hub, by their content paths;
/// `file_done` takes one off the queue.
#[test]
fn media_imported_in_team_mode_are_queued_to_travel() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let sha = format!("ab{}", "0".repeat(62));
    store
        .write(|db| {
            db.set_capture(true)?;
            let row = NewMediaRow {
                sha256: &sha,
                kind: MediaKind::Image,
                mime: "image/png",
                ext: "png",
                original_name: "bản đồ quy hoạch.png",
                bytes: 1000,
                width: Some(800),
                height: Some(600),
                web_ext: Some("jpg"),
                thumb_ext: Some("webp"),
            };
            Ok(db.insert_media(&new_id(), &row, &s.reporter.id, T0)?)
        })
        .unwrap();
    let up = store.read(|db| Ok(db.pending_files("up")?)).unwrap();
    assert_eq!(up, [format!("ab/{sha}.png"), format!("ab/{sha}.thumb.webp"), format!("ab/{sha}.web.jpg")]);
    assert!(store.read(|db| Ok(db.pending_files("down")?)).unwrap().is_empty());
    store.write(|db| Ok(db.file_done(&up[0])?)).unwrap();
    assert_eq!(store.read(|db| Ok(db.pending_files("up")?)).unwrap().len(), 2);
}

/// Tried: a refused change of a revision recorded, then dismissed twice; a
/// sync value set twice. The refusal names its piece (from the row's
/// `assignment_id`) and keeps the row; the first dismissal counts, the second
/// does not; the sync value is replaced.
#[test]
fn refusals_and_sync_state_are_kept() {
    let store = Store::open_in_memory().unwrap();
    let op = toasoan_store::OutboxOp {
        seq: 5,
        tbl: "revisions".into(),
        row_id: "r-1".into(),
        data: Some(json!({ "id": "r-1", "assignment_id": "a-9", "body": "Văn bản không mất" })),
    };
    store.write(|db| Ok(db.record_refusal(&op, "bài đã được giao cho người khác", T0)?)).unwrap();
    let list = store.read(|db| Ok(db.refusals()?)).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].assignment_id.as_deref(), Some("a-9"));
    assert_eq!(list[0].reason, "bài đã được giao cho người khác");
    assert!(list[0].data.as_deref().unwrap().contains("Văn bản không mất"));
    let id = list[0].id;
    assert!(store.write(|db| Ok(db.dismiss_refusal(id)?)).unwrap());
    assert!(!store.write(|db| Ok(db.dismiss_refusal(id)?)).unwrap());
    assert_eq!(store.read(|db| Ok(db.refusal_count()?)).unwrap(), 0);

    store.write(|db| Ok(db.set_sync_value("hub", "https://hub.baobinhson.vn")?)).unwrap();
    store.write(|db| Ok(db.set_sync_value("hub", "https://hub2.baobinhson.vn")?)).unwrap();
    let (hub, none) = store.read(|db| Ok((db.sync_value("hub")?, db.sync_value("không-có")?))).unwrap();
    assert_eq!(hub.as_deref(), Some("https://hub2.baobinhson.vn"));
    assert!(none.is_none());
}
