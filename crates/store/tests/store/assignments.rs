//! Assignments and what hangs on them: numbering and lookup by id or `#num`,
//! list order and filters, a contract's due pieces, revisions and their
//! parents, the autosave working copy, approvals, a reporter's answer (kept
//! while the piece stays theirs), comments.

use toasoan_domain::ids::new_id;
use toasoan_domain::time::from_db;
use toasoan_domain::{Approval, Draft, Priority, ResponseKind, Role, State, WorkingCopy};
use toasoan_store::{AssignmentFilter, CommentFilter, Store};

use crate::{at, day, person, piece, piece_row, revision, seed, T0};

/// Tried: two pieces with Vietnamese titles. Numbers are 1 and 2; each is
/// found by id, by number and by `#number`, with its contract, line, policy
/// and people joined; a new piece is `assigned`; an unknown one is `None`.
#[test]
fn a_piece_is_numbered_and_found_by_id_or_number() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let ((a1, n1), (_, n2)) = store
        .write(|db| {
            Ok((piece(db, &s, "Hướng dẫn đăng ký khai sinh", "2026-03-20")?, piece(db, &s, "Đất đai", "2026-03-21")?))
        })
        .unwrap();
    assert_eq!((n1, n2), (1, 2));
    let (by_id, by_num, by_hash, missing, newest) = store
        .read(|db| {
            Ok((
                db.assignment(&a1)?,
                db.assignment("1")?,
                db.assignment("#1")?,
                db.assignment("#99")?,
                db.newest_num()?,
            ))
        })
        .unwrap();
    let a = by_id.unwrap();
    assert_eq!(Some(&a), by_num.as_ref());
    assert_eq!(Some(&a), by_hash.as_ref());
    assert!(missing.is_none());
    assert_eq!(newest, 2);
    assert_eq!(a.title, "Hướng dẫn đăng ký khai sinh");
    assert_eq!(a.state, State::Assigned);
    assert_eq!(a.due_on, day("2026-03-20"));
    assert_eq!(a.contract_id, s.contract_id);
    assert_eq!(a.contract_number, "15/2026/HĐ-STP");
    assert_eq!(a.policy_doc_number, "32/2019/NĐ-CP");
    assert_eq!(a.reporter, "lan");
    assert_eq!(a.reporter_name, "Nguyễn Thị Lan");
    assert_eq!(a.editor.as_deref(), Some("minh"));
    assert_eq!(a.genre, toasoan_domain::Genre::Bai);
    assert_eq!(a.created_at, from_db(T0));
    assert!(a.response.is_none());
}

/// Tried: four pieces, one urgent, with deadlines out of order, one moved to
/// `submitted`. The list puts the urgent piece first, then by deadline,
/// then by number; filters by state, reporter and deadline range narrow it.
#[test]
fn pieces_are_listed_urgent_first_then_by_deadline_and_filtered() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let other = person("hai", "Lý Văn Hải", Role::Reporter);
    store
        .write(|db| {
            db.insert_person(&other, T0)?;
            piece(db, &s, "Muộn nhất", "2026-03-30")?;
            let (b, _) = piece(db, &s, "Sớm nhất", "2026-03-10")?;
            let gap_id = new_id();
            let mut gap = piece_row(&s, &gap_id, "Gấp: bác bỏ tin sai", "2026-03-25");
            gap.priority = Priority::Gap;
            db.insert_assignment(&gap, T0)?;
            let hai_id = new_id();
            let mut hai = piece_row(&s, &hai_id, "Của Hải", "2026-03-15");
            hai.reporter_id = &other.id;
            db.insert_assignment(&hai, T0)?;
            db.set_state(&b, State::Submitted, T0)?;
            Ok(())
        })
        .unwrap();
    let titles = |f: AssignmentFilter| -> Vec<String> {
        store.read(|db| Ok(db.list_assignments(&f)?)).unwrap().into_iter().map(|a| a.title).collect()
    };
    assert_eq!(titles(Default::default()), ["Gấp: bác bỏ tin sai", "Sớm nhất", "Của Hải", "Muộn nhất"]);
    assert_eq!(titles(AssignmentFilter { states: vec![State::Submitted], ..Default::default() }), ["Sớm nhất"]);
    assert_eq!(titles(AssignmentFilter { reporter: Some("hai".into()), ..Default::default() }), ["Của Hải"]);
    assert_eq!(
        titles(AssignmentFilter {
            due_from: Some(day("2026-03-11")),
            due_to: Some(day("2026-03-25")),
            ..Default::default()
        }),
        ["Gấp: bác bỏ tin sai", "Của Hải"]
    );
    assert!(titles(AssignmentFilter { contract_id: Some("khác".into()), ..Default::default() }).is_empty());
    assert_eq!(titles(AssignmentFilter { genre: Some("bai".into()), ..Default::default() }).len(), 4);
}

/// Tried: five pieces of the contract with several deadlines and states,
/// asked for open ones due by 20/03, at most two. The two soonest come back
/// and the count says how many in all; a cancelled piece and one due later
/// are not counted.
#[test]
fn due_pieces_lists_the_soonest_and_counts_them_all() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    store
        .write(|db| {
            piece(db, &s, "Hạn 18", "2026-03-18")?;
            piece(db, &s, "Hạn 12", "2026-03-12")?;
            piece(db, &s, "Hạn 15", "2026-03-15")?;
            piece(db, &s, "Hạn 25", "2026-03-25")?;
            let (c, _) = piece(db, &s, "Hạn 11, đã hủy", "2026-03-11")?;
            db.set_state(&c, State::Cancelled, T0)?;
            Ok(())
        })
        .unwrap();
    let open = [State::Assigned, State::Drafting];
    let (first, all) = store.read(|db| Ok(db.due_pieces(&s.contract_id, &open, day("2026-03-20"), 2)?)).unwrap();
    assert_eq!(first.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(), ["Hạn 12", "Hạn 15"]);
    assert_eq!(all, 3);
    let (none, zero) = store.read(|db| Ok(db.due_pieces("hợp-đồng-khác", &open, day("2026-12-31"), 10)?)).unwrap();
    assert!(none.is_empty());
    assert_eq!(zero, 0);
}

/// Tried: three revisions of a piece. They come back oldest first with their
/// text; the newest is the latest; each is found by number and id; each
/// one's parent is the one before it (the first has none); the only leaf
/// is the newest.
#[test]
fn revisions_chain_to_their_parents() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let revs = [
        revision(1, "Tăng lương cơ sở", "Bản nháp đầu tiên.", 110),
        revision(2, "Tăng lương cơ sở từ 1/7", "Bản sửa, thêm số liệu.", 140),
        revision(3, "Lương cơ sở tăng từ 1/7", "Bản nộp.", 160),
    ];
    let a = store
        .write(|db| {
            let (a, _) = piece(db, &s, "Lương cơ sở", "2026-03-20")?;
            for r in &revs {
                db.insert_revision(&a, &s.reporter.id, r)?;
            }
            Ok(a)
        })
        .unwrap();
    store
        .read(|db| {
            let all = db.revisions(&a)?;
            assert_eq!(all.iter().map(|r| r.seq).collect::<Vec<_>>(), [1, 2, 3]);
            assert_eq!(all[1].draft, revs[1].draft);
            assert_eq!(all[1].content_hash, revs[1].content_hash);
            assert_eq!(all[1].word_count, 140);
            assert_eq!(all[1].author, "lan");
            assert_eq!(db.latest_revision(&a)?.unwrap().id, revs[2].id);
            assert_eq!(db.revision(&a, 2)?.unwrap().id, revs[1].id);
            assert_eq!(db.revision_by_id(&revs[0].id)?.unwrap().seq, 1);
            assert!(db.revision(&a, 4)?.is_none());
            assert_eq!(db.revision_parent(&revs[0].id)?, None);
            assert_eq!(db.revision_parent(&revs[1].id)?, Some(revs[0].id.clone()));
            assert_eq!(db.revision_parent(&revs[2].id)?, Some(revs[1].id.clone()));
            assert_eq!(db.leaf_revisions(&a)?, [revs[2].id.clone()]);
            Ok(())
        })
        .unwrap();
}

/// Tried: an autosave, a second autosave of the same piece, then clearing
/// it. The second replaces the first (one buffer per piece) and clearing
/// leaves none.
#[test]
fn the_working_copy_is_replaced_then_cleared() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let wc = |body: &str, saved: &str| WorkingCopy {
        draft: Draft {
            headline: "Cải cách thủ tục".into(),
            sapo: String::new(),
            body: body.into(),
            byline: "Thu Lan".into(),
        },
        author_id: s.reporter.id.clone(),
        burst_started_at: from_db(&at(2, 3, 0)),
        saved_at: from_db(saved),
    };
    let a = store.write(|db| Ok(piece(db, &s, "Cải cách thủ tục", "2026-03-20")?.0)).unwrap();
    store.write(|db| Ok(db.put_working_copy(&a, &wc("Đoạn một.", &at(2, 3, 1)))?)).unwrap();
    store.write(|db| Ok(db.put_working_copy(&a, &wc("Đoạn một. Đoạn hai.", &at(2, 3, 2)))?)).unwrap();
    let got = store.read(|db| Ok(db.working_copy(&a)?)).unwrap().unwrap();
    assert_eq!(got, wc("Đoạn một. Đoạn hai.", &at(2, 3, 2)));
    store.write(|db| Ok(db.clear_working_copy(&a)?)).unwrap();
    assert!(store.read(|db| Ok(db.working_copy(&a)?)).unwrap().is_none());
}

/// Tried: approvals of revisions 1 then 2. They are listed oldest first,
/// each with its revision's number, hash and the approver's login.
#[test]
fn approvals_name_the_exact_revision_and_approver() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let r1 = revision(1, "Bản một", "Một.", 120);
    let r2 = revision(2, "Bản hai", "Hai.", 130);
    let a = store
        .write(|db| {
            let (a, _) = piece(db, &s, "Hai lần duyệt", "2026-03-20")?;
            for (r, when) in [(&r1, at(3, 1, 0)), (&r2, at(3, 2, 0))] {
                db.insert_revision(&a, &s.reporter.id, r)?;
                let approval = Approval {
                    id: new_id(),
                    assignment_id: a.clone(),
                    revision_id: r.id.clone(),
                    revision_seq: r.seq,
                    content_hash: r.content_hash.clone(),
                    approved_by: String::new(),
                    approved_at: from_db(&when),
                };
                db.insert_approval(&approval, &s.editor.id)?;
            }
            Ok(a)
        })
        .unwrap();
    let list = store.read(|db| Ok(db.approvals(&a)?)).unwrap();
    let got: Vec<(i64, &str, &str)> =
        list.iter().map(|x| (x.revision_seq, x.content_hash.as_str(), x.approved_by.as_str())).collect();
    assert_eq!(got, [(1, r1.content_hash.as_str(), "minh"), (2, r2.content_hash.as_str(), "minh")]);
    assert_eq!(list[1].approved_at, from_db(&at(3, 2, 0)));
}

/// Tried: the reporter accepts a piece; its terms are changed (same
/// reporter, later); then it is given to another reporter. The answer shows
/// after the first change (still theirs) and no longer after the second
/// (the new reporter has not answered); the line is never changed.
#[test]
fn a_reporters_answer_holds_until_the_piece_is_given_to_someone_else() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let hai = person("hai", "Lý Văn Hải", Role::Reporter);
    let id = new_id();
    store
        .write(|db| {
            db.insert_person(&hai, T0)?;
            db.insert_assignment(&piece_row(&s, &id, "Phòng chống ngập", "2026-03-20"), T0)?;
            db.insert_response(&new_id(), &id, &s.reporter.id, ResponseKind::Accept, None, &at(2, 2, 0))?;
            Ok(())
        })
        .unwrap();
    let answered = store.read(|db| Ok(db.assignment(&id)?)).unwrap().unwrap().response.unwrap();
    assert_eq!(answered.response, ResponseKind::Accept);
    assert_eq!(answered.by, "lan");

    let mut row = piece_row(&s, &id, "Phòng chống ngập úng đô thị", "2026-03-22");
    row.line_id = "không-đổi-được";
    store.write(|db| Ok(db.update_assignment(&row, &at(3, 0, 0))?)).unwrap();
    let a = store.read(|db| Ok(db.assignment(&id)?)).unwrap().unwrap();
    assert_eq!(a.title, "Phòng chống ngập úng đô thị");
    assert_eq!(a.due_on, day("2026-03-22"));
    assert_eq!(a.line_id, s.line_id, "the line stays");
    assert!(a.response.is_some(), "same reporter: the answer stands");

    let mut row = piece_row(&s, &id, "Phòng chống ngập úng đô thị", "2026-03-22");
    row.reporter_id = &hai.id;
    store.write(|db| Ok(db.update_assignment(&row, &at(4, 0, 0))?)).unwrap();
    let a = store.read(|db| Ok(db.assignment(&id)?)).unwrap().unwrap();
    assert_eq!(a.reporter, "hai");
    assert!(a.response.is_none(), "the new reporter has not answered: {:?}", a.response);
}

/// Tried: three comments on a piece, one edited, one resolved, one deleted.
/// The list hides the deleted one, keeps creation order, shows the edit and
/// who resolved; the unresolved count is 1.
#[test]
fn comments_are_edited_resolved_and_deleted_softly() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let (c1, c2, c3) = (new_id(), new_id(), new_id());
    let a = store
        .write(|db| {
            let (a, _) = piece(db, &s, "Góp ý bài", "2026-03-20")?;
            db.insert_comment(&c1, &a, &s.editor.id, "Cần thêm số liệu.", &at(2, 1, 0))?;
            db.insert_comment(&c2, &a, &s.editor.id, "Tít dài quá.", &at(2, 2, 0))?;
            db.insert_comment(&c3, &a, &s.reporter.id, "Em sửa rồi ạ.", &at(2, 3, 0))?;
            db.edit_comment(&c1, "Cần thêm số liệu năm 2025.", &at(2, 4, 0))?;
            db.resolve_comment(&c2, &s.reporter.id, &at(2, 5, 0))?;
            db.delete_comment(&c3, &at(2, 6, 0))?;
            Ok(a)
        })
        .unwrap();
    let (all, open, unresolved, deleted) = store
        .read(|db| {
            let f = CommentFilter { assignment_id: Some(a.clone()), unresolved_only: false };
            let open = CommentFilter { assignment_id: Some(a.clone()), unresolved_only: true };
            Ok((db.list_comments(&f)?, db.list_comments(&open)?, db.unresolved_comments(&a)?, db.comment(&c3)?))
        })
        .unwrap();
    assert_eq!(all.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), ["Cần thêm số liệu năm 2025.", "Tít dài quá."]);
    assert_eq!(all[0].edited_at, Some(from_db(&at(2, 4, 0))));
    assert_eq!(all[1].resolved_by.as_deref(), Some("lan"));
    assert_eq!(open.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), [c1.as_str()]);
    assert_eq!(unresolved, 1);
    assert!(deleted.is_none(), "a deleted comment is not found");
}
