//! The editorial workflow through the desk: the full walk, role rules, and
//! refused changes that leave nothing behind.

use toasoan_core::desk::{content_hash, AssignmentEdit, DraftPatch, NewAssignment, NewContract, NewLine};
use toasoan_domain::{Channel, Genre, Person, State};

use crate::util::{date, Fixture};

#[test]
fn contract_to_approval_walk_with_audit_and_hash() {
    let f = Fixture::new();
    let d = &f.desk;
    f.write_piece();
    assert_eq!(d.assignment(&f.an, &f.assignment).unwrap().state, State::Drafting);
    let submitted = d.submit(&f.an, &f.assignment).unwrap();
    assert_eq!(d.assignment(&f.an, &f.assignment).unwrap().state, State::Submitted);

    let cid = d.request_changes(&f.editor, &f.assignment, "Bổ sung ý kiến người dân").unwrap();
    assert_eq!(d.assignment(&f.an, &f.assignment).unwrap().state, State::ChangesRequested);
    let comments = d.comments(&f.an, Some(&f.assignment), true).unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].id, cid);

    d.save_draft(
        &f.an,
        &f.assignment,
        DraftPatch {
            body: Some(format!("{}\n\nÔng A nói: rất cần.", submitted.draft.body)), ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(d.assignment(&f.an, &f.assignment).unwrap().state, State::Drafting);
    d.submit(&f.an, &f.assignment).unwrap();
    let approval = d.approve(&f.editor, &f.assignment).unwrap();
    let latest = d.history(&f.an, &f.assignment).unwrap().pop().unwrap();
    assert_eq!(approval.revision_seq, latest.seq);
    assert_eq!(approval.content_hash, latest.content_hash);
    assert_eq!(approval.content_hash, content_hash(&latest.draft));
    assert_eq!(latest.draft.byline, "Thanh An", "byline defaults to the pen name");
    assert_eq!(d.assignment(&f.an, &f.assignment).unwrap().state, State::Approved);

    let actions: Vec<String> =
        d.audit_log(&f.head, Some(&f.assignment)).unwrap().into_iter().map(|e| e.action).collect();
    for expected in [
        "assignment.add",
        "assignment.draft",
        "revision.append",
        "assignment.submit",
        "comment.add",
        "assignment.request-changes",
        "assignment.approve",
    ] {
        assert!(actions.iter().any(|a| a == expected), "missing {expected} in {actions:?}");
    }

    d.mark_published(&f.editor, &f.assignment, "https://baobinhson.vn/a.html", None).unwrap();
    let report = d.contract_report(&f.head, &d.assignment(&f.head, &f.assignment).unwrap().contract_id).unwrap();
    assert_eq!(report.delivered, 1);
    assert_eq!(report.value_delivered, 1_200_000);
}

#[test]
fn role_rules_are_named_and_change_nothing() {
    let f = Fixture::new();
    let d = &f.desk;
    f.write_piece();
    let before = f.audit_len();

    let e =
        d.save_draft(&f.binh, &f.assignment, DraftPatch { body: Some("x".into()), ..Default::default() }).unwrap_err();
    assert_eq!(e.code(), "forbidden");
    assert!(e.to_string().contains("reporter-own-assignment"), "{e}");
    let e = d.submit(&f.binh, &f.assignment).unwrap_err();
    assert!(e.to_string().contains("reporter-own-assignment"), "{e}");
    let e = d.approve(&f.an, &f.assignment).unwrap_err();
    assert!(e.to_string().contains("editor-reviews"), "{e}");
    let e = d.add_agency(&f.editor, "Sở Y tế").unwrap_err();
    assert!(e.to_string().contains("head-only-contracts"), "{e}");
    let e = d.approve(&f.editor, &f.assignment).unwrap_err();
    assert_eq!(e.code(), "invalid_transition", "drafting cannot be approved: {e}");
    let e = d.accept(&f.editor, &f.assignment).unwrap_err();
    assert!(e.to_string().contains("head-only-acceptance"), "{e}");

    assert_eq!(f.audit_len(), before, "refused actions write nothing");
    assert_eq!(d.history(&f.an, &f.assignment).unwrap().len(), 1);
    assert_eq!(d.assignment(&f.an, &f.assignment).unwrap().state, State::Drafting);
}

#[test]
fn submit_needs_a_headline_and_leaves_state_alone() {
    let f = Fixture::new();
    let d = &f.desk;
    d.save_draft(&f.an, &f.assignment, DraftPatch { body: Some("Chỉ có chính văn.".into()), ..Default::default() })
        .unwrap();
    let before = f.audit_len();
    let e = d.submit(&f.an, &f.assignment).unwrap_err();
    assert_eq!(e.code(), "invalid_input");
    assert!(e.to_string().contains("tít"), "{e}");
    assert_eq!(d.assignment(&f.an, &f.assignment).unwrap().state, State::Drafting);
    assert_eq!(f.audit_len(), before);
    // Submitting with nothing written at all is refused by the workflow.
    let f2 = Fixture::new();
    assert_eq!(f2.desk.submit(&f2.an, &f2.assignment).unwrap_err().code(), "invalid_transition");
}

#[test]
fn unknown_ids_and_bad_money_and_dates_are_refused() {
    let f = Fixture::new();
    let d = &f.desk;
    let before = f.audit_len();
    assert_eq!(d.submit(&f.an, "01900000-0000-7000-8000-000000000000").unwrap_err().code(), "not_found");
    assert_eq!(d.submit(&f.an, "9999").unwrap_err().code(), "not_found");
    assert_eq!(d.person("khong-co").unwrap_err().code(), "not_found");
    let agency = d.agencies().unwrap().remove(0);
    let base = NewContract {
        agency_id: agency.id.clone(),
        number: "01/2027".into(),
        signed_on: None,
        start_on: date(2027, 1, 1),
        end_on: date(2027, 12, 31),
        total_value: 1,
        ..Default::default()
    };
    let e = d.add_contract(&f.head, NewContract { end_on: date(2026, 12, 31), ..base.clone() }).unwrap_err();
    assert!(e.to_string().contains("trước ngày bắt đầu"), "{e}");
    assert_eq!(
        d.add_contract(&f.head, NewContract { total_value: -5, ..base.clone() }).unwrap_err().code(),
        "invalid_input"
    );
    assert_eq!(
        d.add_contract(&f.head, NewContract { total_value: i64::MAX, ..base.clone() }).unwrap_err().code(),
        "invalid_input"
    );
    let contract = d.add_contract(&f.head, base.clone()).unwrap();
    let line = |quantity, unit_price| NewLine {
        genre: Genre::Bai,
        channel: Channel::BaoIn,
        quantity,
        unit_price,
        min_words: None,
        max_words: None,
    };
    assert_eq!(d.add_line(&f.head, &contract.id, line(0, 1)).unwrap_err().code(), "invalid_input");
    assert_eq!(d.add_line(&f.head, &contract.id, line(5, -1)).unwrap_err().code(), "invalid_input");
    let e = d.add_line(&f.head, &contract.id, line(1_000_000, 999_999_999_999_999)).unwrap_err();
    assert!(e.to_string().contains("vượt giới hạn"), "{e}");
    let (_, warnings) = d.add_line(&f.head, &contract.id, line(2, 3)).unwrap();
    assert_eq!(warnings.len(), 1, "lines worth more than the contract warn");
    assert_eq!(d.add_contract(&f.head, base).unwrap_err().code(), "conflict");
    assert_eq!(d.contract(&f.head, &contract.id).unwrap().lines.len(), 1);
    // contract + line + their audit events only.
    assert_eq!(f.audit_len(), before + 2);
    let e = d
        .add_assignment(
            &f.editor,
            NewAssignment {
                line_id: f.line_id.clone(),
                policy_id: f.policy_id.clone(),
                reporter: "khong-co".into(),
                editor: None,
                due_on: date(2026, 12, 1),
                title: "X".into(),
                brief: String::new(),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
}

#[test]
fn comments_edit_delete_by_author_only_and_list_across_desk() {
    let f = Fixture::new();
    let d = &f.desk;
    let c = d.add_comment(&f.editor, &f.assignment, "Kiểm tra lại số liệu").unwrap();
    assert_eq!(d.edit_comment(&f.an, &c.id, "sửa trộm").unwrap_err().code(), "forbidden");
    let edited = d.edit_comment(&f.editor, &c.id, "Kiểm tra lại số liệu năm 2025").unwrap();
    assert!(edited.edited_at.is_some());
    assert_eq!(d.add_comment(&f.binh, &f.assignment, "không phải bài của tôi").unwrap_err().code(), "forbidden");
    let mine = d.add_comment(&f.an, &f.assignment, "Đã cập nhật").unwrap();
    assert_eq!(d.comments(&f.head, None, false).unwrap().len(), 2);
    assert_eq!(d.comments(&f.binh, None, false).unwrap().len(), 0, "reporters see comments on their own pieces");
    d.resolve_comment(&f.editor, &c.id).unwrap();
    assert_eq!(d.comments(&f.editor, None, true).unwrap().len(), 1);
    assert_eq!(d.delete_comment(&f.editor, &mine.id).unwrap_err().code(), "forbidden");
    d.delete_comment(&f.an, &mine.id).unwrap();
    assert_eq!(d.comments(&f.head, Some(&f.assignment), false).unwrap().len(), 1);
    let log = d.audit_log(&f.head, Some(&f.assignment)).unwrap();
    assert!(
        log.iter().any(|e| e.action == "comment.delete" && e.detail["text"] == "Đã cập nhật"),
        "deleted text kept in the audit log"
    );
    assert!(log.iter().any(|e| e.action == "comment.edit" && e.detail["old"] == "Kiểm tra lại số liệu"));
}

#[test]
fn diff_between_revisions_and_nfd_input_stored_as_nfc() {
    let f = Fixture::new();
    let d = &f.desk;
    let nfd = "Nghi\u{323} \u{111}i\u{323}nh"; // "Nghị định" typed on macOS
    d.save_draft(
        &f.an,
        &f.assignment,
        DraftPatch { headline: Some(nfd.into()), body: Some("Một.\nHai.\n".into()), ..Default::default() },
    )
    .unwrap();
    d.save_draft(&f.an, &f.assignment, DraftPatch { body: Some("Một.\nHai sửa.\n".into()), ..Default::default() })
        .unwrap();
    let draft = d.draft(&f.an, &f.assignment).unwrap();
    assert_eq!(draft.headline, "Nghị định");
    let (_, _, diff) = d.diff(&f.an, &f.assignment, 1, 2).unwrap();
    let body = diff.iter().find(|x| x.field == "body").unwrap();
    assert!(body.changed && !diff.iter().find(|x| x.field == "headline").unwrap().changed);
    assert_eq!(d.diff(&f.an, &f.assignment, 1, 7).unwrap_err().code(), "not_found");
    // Saving the same text again adds no revision.
    let again = d.save_draft(&f.an, &f.assignment, DraftPatch::default()).unwrap();
    assert!(!again.created);
    assert_eq!(d.history(&f.an, &f.assignment).unwrap().len(), 2);
}

#[test]
fn first_person_must_be_a_head_and_then_heads_add_people() {
    let dir = tempfile::tempdir().unwrap();
    let d = toasoan_core::Desk::open(dir.path()).unwrap();
    use toasoan_domain::Role;
    let e = d.add_person(None, crate::util::person("an", "An", Role::Reporter)).unwrap_err();
    assert_eq!(e.code(), "invalid_input");
    let head = d.add_person(None, crate::util::person("hung", "Hùng", Role::Head)).unwrap();
    assert_eq!(d.add_person(None, crate::util::person("x1", "X", Role::Editor)).unwrap_err().code(), "forbidden");
    assert_eq!(
        d.add_person(Some(&head), crate::util::person("hung", "Khác", Role::Editor)).unwrap_err().code(),
        "conflict"
    );
    assert_eq!(
        d.add_person(Some(&head), crate::util::person("Bad Login", "X", Role::Editor)).unwrap_err().code(),
        "invalid_input"
    );
    for (login, name) in [("d1", "Đức"), ("d2", "Dũng"), ("a1", "Ân"), ("a2", "Anh")] {
        d.add_person(Some(&head), crate::util::person(login, name, Role::Reporter)).unwrap();
    }
    let names: Vec<String> = d.people().unwrap().into_iter().map(|p| p.real_name).collect();
    assert_eq!(names, ["Anh", "Ân", "Dũng", "Đức", "Hùng"]);
}

/// The buttons the app shows come from `piece_actions`: along the whole
/// workflow, an action is listed for exactly the people the desk lets do it,
/// and the desk refuses it from everyone it is not listed for.
#[test]
fn piece_actions_list_exactly_what_the_desk_accepts() {
    use toasoan_domain::PieceAction::{self, *};
    let f = Fixture::new();
    let a = f.assignment.clone();
    let people = [&f.an, &f.binh, &f.editor, &f.head];
    // Another reporter cannot even read the piece: nothing is listed for them.
    let listed = |who: &Person| f.desk.piece_actions(who, &a).unwrap_or_default();
    let holders = |action: PieceAction| -> Vec<String> {
        people.iter().filter(|p| listed(p).contains(&action)).map(|p| p.login.clone()).collect()
    };
    // Assigned: only its reporter writes; nobody may submit an empty piece's
    // state yet (the workflow needs a draft), review or publish.
    assert_eq!(holders(Write), ["an"]);
    assert_eq!(holders(CopyEdit), ["lan", "hung"], "editors and heads copy-edit; the reporter writes");
    assert!(holders(Approve).is_empty() && holders(Publish).is_empty());
    assert!(f.desk.piece_actions(&f.binh, &a).is_err_and(|e| e.code() == "forbidden"), "binh cannot read an's piece");
    f.write_piece();
    // Editors and heads may hand a piece in for its reporter; another reporter may not.
    assert_eq!(holders(Submit), ["an", "lan", "hung"]);
    assert_eq!(f.desk.submit(&f.binh, &a).unwrap_err().code(), "forbidden", "not listed for binh");
    f.desk.submit(&f.an, &a).unwrap();
    // Submitted: the reporter no longer writes; editors and heads review.
    assert!(holders(Write).is_empty());
    assert_eq!(holders(CopyEdit), ["lan", "hung"], "copy-editing in review");
    assert_eq!(holders(Approve), ["lan", "hung"]);
    assert_eq!(holders(RequestChanges), ["lan", "hung"]);
    assert!(f.desk.approve(&f.an, &a).is_err(), "not listed for the reporter");
    f.desk.request_changes(&f.editor, &a, "Thêm số liệu").unwrap();
    assert_eq!(holders(Write), ["an"], "changes requested: the reporter writes again");
    f.desk.submit(&f.an, &a).unwrap();
    f.desk.approve(&f.editor, &a).unwrap();
    // Approved: published by editors and heads; still sent back if needed.
    assert_eq!(holders(Publish), ["lan", "hung"]);
    assert!(holders(Approve).is_empty());
    assert!(holders(CopyEdit).is_empty(), "an approved text is not edited: the approval certifies it");
    assert!(f.desk.mark_published(&f.an, &a, "https://binhson.gov.vn/a", None).is_err());
    f.desk.mark_published(&f.editor, &a, "https://binhson.gov.vn/a", None).unwrap();
    assert!(holders(Publish).is_empty());
    assert_eq!(holders(RecordEngagement), ["lan", "hung"]);
    assert_eq!(holders(OverrideCounting), ["hung"]);
    assert_eq!(holders(Cancel), ["lan", "hung"]);
    assert_eq!(holders(EditAssignment), ["lan", "hung"]);
    f.desk.cancel(&f.head, &a, "Cơ quan rút đặt hàng").unwrap();
    assert!(holders(Cancel).is_empty() && holders(Comment).is_empty() && holders(OverrideCounting).is_empty());
    assert!(holders(EditAssignment).is_empty(), "a cancelled assignment is not edited");
    // Across the desk: screens per role.
    use toasoan_core::workflow::capabilities;
    use toasoan_domain::Capability;
    assert_eq!(capabilities(&f.an), [Capability::OwnWork]);
    assert!(capabilities(&f.editor).contains(&Capability::Review));
    assert!(!capabilities(&f.editor).contains(&Capability::ManageContracts));
    assert!(capabilities(&f.head).contains(&Capability::ManagePeople));
}

/// Issue «The whole desk in the window»: an assignment can be changed once
/// made — a new deadline, another reporter, a better title — by editors and
/// heads, each change audited with its value before and after; bad input
/// and the wrong moment change nothing.
#[test]
fn an_editor_changes_an_assignments_terms_and_each_change_is_audited() {
    let f = Fixture::new();
    let d = &f.desk;
    let id = f.assignment.clone();
    let edit = |who: &toasoan_domain::Person, e: AssignmentEdit| d.edit_assignment(who, &id, e);
    let before = f.audit_len();
    let original = d.assignment(&f.head, &id).unwrap();

    // Tried: a reporter; nothing to change; a 501-character title; an unknown
    // reporter; a reporter as the editor. Each refused, nothing written.
    let e = edit(&f.an, AssignmentEdit { due_on: Some(date(2026, 12, 10)), ..Default::default() }).unwrap_err();
    assert_eq!(e.code(), "forbidden", "{e}");
    let e = edit(&f.editor, AssignmentEdit::default()).unwrap_err();
    assert!(e.to_string().contains("không có gì thay đổi"), "{e}");
    let same = AssignmentEdit { title: Some(original.title.clone()), ..Default::default() };
    assert_eq!(edit(&f.editor, same).unwrap_err().code(), "invalid_input", "the same title is no change");
    let e = edit(&f.editor, AssignmentEdit { title: Some("T".repeat(501)), ..Default::default() }).unwrap_err();
    assert!(e.to_string().contains("500"), "the limit is named: {e}");
    let e = edit(&f.editor, AssignmentEdit { reporter: Some("khong-co".into()), ..Default::default() }).unwrap_err();
    assert_eq!(e.code(), "not_found", "{e}");
    let e = edit(&f.editor, AssignmentEdit { editor: Some("binh".into()), ..Default::default() }).unwrap_err();
    assert!(e.to_string().contains("phóng viên"), "{e}");
    assert_eq!(f.audit_len(), before);
    assert_eq!(d.assignment(&f.head, &id).unwrap(), original);

    // A new title, brief, reporter and a deadline after the contract's end:
    // done, with a warning naming both dates.
    let out = edit(
        &f.editor,
        AssignmentEdit {
            title: Some("  Gọi đường dây nóng của xã  ".into()),
            brief: Some("Phỏng vấn cán bộ tư pháp xã.".into()),
            due_on: Some(date(2026, 12, 31)),
            reporter: Some("binh".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let fields: Vec<&str> = out.changed.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["title", "brief", "due", "reporter"]);
    assert_eq!((out.changed[3].before.as_str(), out.changed[3].after.as_str()), ("an", "binh"));
    assert_eq!(out.assignment.title, "Gọi đường dây nóng của xã", "trimmed");
    assert_eq!((out.assignment.reporter.as_str(), out.assignment.due_on), ("binh", date(2026, 12, 31)));
    assert!(out.warnings.iter().any(|w| w.contains("31/12/2026") && w.contains("15/12/2026")), "{:?}", out.warnings);
    let events = d.audit_log(&f.head, Some(&id)).unwrap();
    let last = events.iter().find(|e| e.action == "assignment.edit").expect("audited");
    assert_eq!(last.actor, "lan");
    assert!(last.detail.to_string().contains("\"before\":\"an\""), "{}", last.detail);
    assert_eq!(f.audit_len(), before + 1);
    // The piece is now Bình's: An no longer reads it; search finds the new title.
    assert_eq!(d.assignment(&f.an, &id).unwrap_err().code(), "forbidden");
    assert_eq!(d.assignment(&f.binh, &id).unwrap().title, "Gọi đường dây nóng của xã");
    assert!(d.search(&f.editor, "duong day nong", 10).unwrap().iter().any(|h| h.assignment_id == id));

    // A deadline before the assignment was made: allowed, said.
    let out = edit(&f.editor, AssignmentEdit { due_on: Some(date(2026, 11, 1)), ..Default::default() }).unwrap();
    assert!(out.warnings.iter().any(|w| w.contains("trước ngày giao việc 20/11/2026")), "{:?}", out.warnings);

    // Submitted: the deadline may move, the reporter may not change.
    d.save_draft(
        &f.binh,
        &id,
        DraftPatch { headline: Some("Tít".into()), body: Some("Chính văn.".into()), ..Default::default() },
    )
    .unwrap();
    d.submit(&f.binh, &id).unwrap();
    let n = f.audit_len();
    let e = edit(&f.editor, AssignmentEdit { reporter: Some("an".into()), ..Default::default() }).unwrap_err();
    assert_eq!(e.code(), "invalid_transition", "{e}");
    assert_eq!(f.audit_len(), n);
    edit(&f.editor, AssignmentEdit { due_on: Some(date(2026, 12, 5)), ..Default::default() }).unwrap();
    // Cancelled: nothing more.
    d.cancel(&f.editor, &id, "Sở lùi kế hoạch").unwrap();
    let e = edit(&f.head, AssignmentEdit { due_on: Some(date(2026, 12, 6)), ..Default::default() }).unwrap_err();
    assert_eq!(e.code(), "invalid_transition", "{e}");
}
