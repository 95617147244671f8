//! The whole desk (issue «The whole desk in the window»): priority,
//! reporters' answers, people edited and deactivated, agencies' focal
//! points, policies through their stages, citizens' feedback, planning and
//! the period report. Every refusal is checked to change nothing.

use chrono::Duration;
use toasoan_core::desk::PlanningQuery;
use toasoan_core::desk::{
    AssignmentEdit, EditedAssignment, FeedbackQuery, NewAssignment, NewContact, NewFeedback, PersonEdit,
};
use toasoan_core::Error;
use toasoan_documents::dossier::period;
use toasoan_domain::{ContactRole, FeedbackChannel, FeedbackState, PolicyStage, Priority, ResponseKind, Role, State};
use toasoan_media::{prepare, Limits};

use crate::util::{date, Fixture};

/// A piece for `binh` on the fixture's line and policy.
fn binh_piece(f: &Fixture, title: &str, priority: Priority, due: chrono::NaiveDate) -> NewAssignment {
    NewAssignment {
        line_id: f.line_id.clone(),
        policy_id: f.policy_id.clone(),
        reporter: "binh".into(),
        due_on: due,
        title: title.into(),
        priority,
        ..Default::default()
    }
}

fn second_piece(f: &Fixture, title: &str, priority: Priority, due: chrono::NaiveDate) -> String {
    f.desk.add_assignment(&f.editor, binh_piece(f, title, priority, due)).unwrap().id
}

/// The editor gives the fixture's piece to `reporter`.
fn reassign(f: &Fixture, reporter: &str) -> Result<EditedAssignment, Error> {
    f.desk.edit_assignment(
        &f.editor,
        &f.assignment,
        AssignmentEdit { reporter: Some(reporter.into()), ..Default::default() },
    )
}

fn publish(f: &Fixture) {
    f.write_piece();
    f.desk.submit(&f.an, &f.assignment).unwrap();
    f.desk.approve(&f.editor, &f.assignment).unwrap();
    f.desk.mark_published(&f.editor, &f.assignment, "https://stp.binhson.gov.vn/tin/1", None).unwrap();
}

#[test]
fn an_urgent_piece_tops_every_list_and_its_priority_and_stage_are_edited_like_the_rest() {
    let f = Fixture::new();
    // Due later than the fixture's piece, but urgent: first anyway.
    let urgent = second_piece(&f, "Bác bỏ tin sai về phí đặt hàng", Priority::Gap, date(2026, 11, 30));
    let list = f.desk.assignments(&f.editor, false, vec![]).unwrap();
    assert_eq!(list[0].id, urgent);
    assert_eq!(list[0].priority, Priority::Gap);
    // A new piece covers its policy's current stage unless told otherwise.
    assert_eq!(list[0].stage, Some(PolicyStage::ThucThi));
    // The review queue: urgent first too.
    f.write_piece();
    f.desk.submit(&f.an, &f.assignment).unwrap();
    let binh = f.desk.person("binh").unwrap();
    f.desk
        .save_draft(
            &binh,
            &urgent,
            toasoan_core::desk::DraftPatch {
                headline: Some("Không có phí đặt hàng".into()),
                body: Some("Nội dung".into()),
                ..Default::default()
            },
        )
        .unwrap();
    f.desk.submit(&binh, &urgent).unwrap();
    let queue = f.desk.assignments(&f.editor, false, vec![State::Submitted]).unwrap();
    assert_eq!(queue.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), [urgent.as_str(), f.assignment.as_str()]);
    // Priority and stage change through the edit, each named.
    let out = f
        .desk
        .edit_assignment(
            &f.editor,
            &f.assignment,
            AssignmentEdit { priority: Some(Priority::Gap), stage: Some(PolicyStage::BanHanh), ..Default::default() },
        )
        .unwrap();
    let fields: Vec<&str> = out.changed.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["priority", "stage"]);
    assert_eq!(out.assignment.priority, Priority::Gap);
    assert_eq!(out.assignment.stage, Some(PolicyStage::BanHanh));
}

#[test]
fn a_reporter_accepts_or_declines_only_their_own_piece_before_handing_it_in() {
    let f = Fixture::new();
    let before = f.audit_len();
    // Not theirs: refused, for another reporter and for the desk alike.
    for who in [&f.binh, &f.editor, &f.head] {
        let e = f.desk.respond(who, &f.assignment, ResponseKind::Accept, None).unwrap_err();
        assert!(matches!(e, Error::Forbidden { rule: "reporter-own-assignment", .. }), "{e:?}");
    }
    // A decline needs a reason (blank is none).
    for reason in [None, Some("   ")] {
        let e = f.desk.respond(&f.an, &f.assignment, ResponseKind::Decline, reason).unwrap_err();
        assert!(e.to_string().contains("lý do"), "{e}");
    }
    assert_eq!(f.audit_len(), before, "refusals change nothing");
    let out = f
        .desk
        .respond(&f.an, &f.assignment, ResponseKind::Decline, Some("Tuần này tôi đi công tác huyện Tây Sơn"))
        .unwrap();
    assert_eq!(out.response.response, ResponseKind::Decline);
    assert_eq!(out.response.by, "an");
    // The editor sees it: on the piece, and in the planning load.
    let a = f.desk.assignment(&f.editor, &f.assignment).unwrap();
    assert_eq!(a.response.unwrap().reason.as_deref(), Some("Tuần này tôi đi công tác huyện Tây Sơn"));
    let plan = planning(&f, date(2026, 11, 16), date(2026, 11, 29));
    let an = plan.load.iter().find(|l| l.login == "an").unwrap();
    assert_eq!(an.declined, 1);
    // The same answer twice is refused; changing one's mind is allowed.
    let e = f.desk.respond(&f.an, &f.assignment, ResponseKind::Decline, Some("lại")).unwrap_err();
    assert!(matches!(e, Error::Conflict(_)), "{e:?}");
    f.desk.respond(&f.an, &f.assignment, ResponseKind::Accept, None).unwrap();
    // Reassigned, the new reporter has not answered yet.
    f.advance(Duration::minutes(5));
    reassign(&f, "binh").unwrap();
    assert!(f.desk.assignment(&f.editor, &f.assignment).unwrap().response.is_none());
    // Given back to an, their old answers no longer stand: they answer afresh.
    f.advance(Duration::minutes(5));
    reassign(&f, "an").unwrap();
    assert!(f.desk.assignment(&f.editor, &f.assignment).unwrap().response.is_none());
    f.desk.respond(&f.an, &f.assignment, ResponseKind::Accept, None).unwrap();
    reassign(&f, "binh").unwrap();
    // Handed in: no more answers.
    let binh = f.desk.person("binh").unwrap();
    f.desk
        .save_draft(
            &binh,
            &f.assignment,
            toasoan_core::desk::DraftPatch {
                headline: Some("Tít".into()),
                body: Some("Bài".into()),
                ..Default::default()
            },
        )
        .unwrap();
    f.desk.submit(&binh, &f.assignment).unwrap();
    let e = f.desk.respond(&binh, &f.assignment, ResponseKind::Accept, None).unwrap_err();
    assert!(matches!(e, Error::InvalidTransition { .. }), "{e:?}");
}

#[test]
fn a_deactivated_person_keeps_their_history_but_signs_in_and_gets_work_no_more() {
    let f = Fixture::new();
    // Heads only.
    let e = f.desk.deactivate_person(&f.editor, "binh").unwrap_err();
    assert!(matches!(e, Error::Forbidden { rule: "head-only-people", .. }), "{e:?}");
    // Not oneself; never the last head.
    let e = f.desk.deactivate_person(&f.head, "hung").unwrap_err();
    assert!(matches!(e, Error::Forbidden { rule: "not-self", .. }), "{e:?}");
    let e =
        f.desk.edit_person(&f.head, "hung", PersonEdit { role: Some(Role::Editor), ..Default::default() }).unwrap_err();
    assert!(matches!(e, Error::Forbidden { rule: "last-head", .. }), "{e:?}");
    // An's open piece is named for reassignment.
    let out = f.desk.deactivate_person(&f.head, "an").unwrap();
    assert!(!out.person.active);
    assert!(out.warnings[0].contains("còn 1 bài"), "{:?}", out.warnings);
    // Still listed (the history names them), but cannot act.
    assert!(f.desk.people().unwrap().iter().any(|p| p.login == "an" && !p.active));
    let e = f.desk.person("an").unwrap_err();
    assert!(matches!(e, Error::Forbidden { rule: "person-inactive", .. }), "{e:?}");
    // No new work, no reassignment to them; nothing written.
    f.desk.deactivate_person(&f.head, "binh").unwrap();
    let before = f.audit_len();
    let e = reassign(&f, "binh").unwrap_err();
    assert!(matches!(e, Error::Forbidden { rule: "person-inactive", .. }), "{e:?}");
    let e = f
        .desk
        .add_assignment(&f.editor, binh_piece(&f, "Bài mới", Priority::default(), date(2026, 12, 1)))
        .unwrap_err();
    assert!(matches!(e, Error::Forbidden { rule: "person-inactive", .. }), "{e:?}");
    assert_eq!(f.audit_len(), before);
    // The piece they had is still theirs to reassign (a title edit works).
    f.desk
        .edit_assignment(
            &f.editor,
            &f.assignment,
            AssignmentEdit { title: Some("Tít mới".into()), ..Default::default() },
        )
        .unwrap();
    // Twice is a conflict; back again works.
    assert!(matches!(f.desk.deactivate_person(&f.head, "an").unwrap_err(), Error::Conflict(_)));
    assert!(f.desk.reactivate_person(&f.head, "an").unwrap().person.active);
    f.desk.person("an").unwrap();
}

#[test]
fn a_head_edits_name_pen_name_and_role_and_each_change_is_named() {
    let f = Fixture::new();
    let e = f.desk.edit_person(&f.head, "binh", PersonEdit::default()).unwrap_err();
    assert!(e.to_string().contains("không có gì thay đổi"), "{e}");
    let e = f
        .desk
        .edit_person(&f.editor, "binh", PersonEdit { real_name: Some("Vũ Bình".into()), ..Default::default() })
        .unwrap_err();
    assert!(matches!(e, Error::Forbidden { rule: "head-only-people", .. }), "{e:?}");
    let out = f
        .desk
        .edit_person(
            &f.head,
            "binh",
            PersonEdit {
                real_name: Some("Vũ Thị Bình".into()),
                pen_name: Some("Bình An".into()),
                role: Some(Role::Editor),
            },
        )
        .unwrap();
    let fields: Vec<&str> = out.changed.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["pen_name", "role"]);
    assert_eq!(out.person.role, Role::Editor);
    let out =
        f.desk.edit_person(&f.head, "binh", PersonEdit { pen_name: Some("".into()), ..Default::default() }).unwrap();
    assert_eq!(out.person.pen_name, None);
}

#[test]
fn focal_points_are_checked_and_shown_beside_the_agencys_pieces() {
    let f = Fixture::new();
    let agency = f.desk.agencies().unwrap()[0].id.clone();
    let contact = |name: &str, role, phone: Option<&str>, email: Option<&str>| NewContact {
        name: name.into(),
        position: "Chánh Văn phòng Sở".into(),
        role,
        phone: phone.map(Into::into),
        email: email.map(Into::into),
    };
    let before = f.audit_len();
    let e = f.desk.add_contact(&f.an, &agency, contact("A", ContactRole::DauMoi, None, None)).unwrap_err();
    assert!(matches!(e, Error::Forbidden { rule: "editor-assigns", .. }), "{e:?}");
    let e = f.desk.add_contact(&f.editor, &agency, contact("A", ContactRole::DauMoi, Some("12345"), None)).unwrap_err();
    assert!(e.to_string().contains("số điện thoại"), "{e}");
    let e = f
        .desk
        .add_contact(&f.editor, &agency, contact("A", ContactRole::DauMoi, None, Some("vanphong@stp")))
        .unwrap_err();
    assert!(e.to_string().contains("thư điện tử"), "{e}");
    let e = f.desk.add_contact(&f.editor, "khong-co", contact("A", ContactRole::DauMoi, None, None)).unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e:?}");
    assert_eq!(f.audit_len(), before, "refusals change nothing");
    f.desk
        .add_contact(&f.head, &agency, contact("Trần Văn Bình", ContactRole::LanhDao, Some("0236 3822 111"), None))
        .unwrap();
    let focal = f
        .desk
        .add_contact(
            &f.editor,
            &agency,
            contact("Nguyễn Thị Hoa", ContactRole::DauMoi, Some("0905 123 456"), Some("hoa@stp.binhson.gov.vn")),
        )
        .unwrap();
    // Focal points first, on the agency's page and beside the piece, for its reporter.
    let page = f.desk.agency_page(&f.editor, &agency).unwrap();
    assert_eq!(page.contacts.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Nguyễn Thị Hoa", "Trần Văn Bình"]);
    assert_eq!(page.contracts.len(), 1);
    assert_eq!(page.policies.len(), 1);
    let beside = f.desk.piece_contacts(&f.an, &f.assignment).unwrap();
    assert_eq!(beside[0].phone.as_deref(), Some("0905 123 456"));
    // A reporter reads the contacts but not the contracts; not another's piece.
    assert!(f.desk.agency_page(&f.an, &agency).unwrap().contracts.is_empty());
    assert!(f.desk.piece_contacts(&f.binh, &f.assignment).is_err());
    f.desk.remove_contact(&f.editor, &focal.id).unwrap();
    assert_eq!(f.desk.agency_page(&f.editor, &agency).unwrap().contacts.len(), 1);
}

#[test]
fn a_policy_moves_through_its_stages_with_its_document_and_a_refusal_stores_nothing() {
    let f = Fixture::new();
    let pdf =
        prepare("quyet-dinh-ban-hanh.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n".to_vec(), &Limits::default()).unwrap();
    let png = prepare("anh.png", crate::images::png_rgba(4, 4), &Limits::default()).unwrap();
    let before = f.audit_len();
    let media_before = f.desk.media_list(&f.editor, &Default::default()).unwrap().len();
    let e = f
        .desk
        .record_policy_stage(&f.an, &f.policy_id, PolicyStage::BanHanh, date(2026, 11, 10), Some(&pdf), None)
        .unwrap_err();
    assert!(matches!(e, Error::Forbidden { rule: "editor-assigns", .. }), "{e:?}");
    let e = f
        .desk
        .record_policy_stage(&f.editor, &f.policy_id, PolicyStage::BanHanh, date(2026, 11, 10), Some(&png), None)
        .unwrap_err();
    assert!(e.to_string().contains("PDF"), "{e}");
    let e = f
        .desk
        .record_policy_stage(&f.editor, &f.policy_id, PolicyStage::BanHanh, date(1980, 1, 1), Some(&pdf), None)
        .unwrap_err();
    assert!(e.to_string().contains("01/01/1980"), "{e}");
    let e = f
        .desk
        .record_policy_stage(&f.editor, "khong-co", PolicyStage::BanHanh, date(2026, 11, 10), Some(&pdf), None)
        .unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e:?}");
    assert_eq!(f.audit_len(), before, "refusals change nothing");
    assert_eq!(f.desk.media_list(&f.editor, &Default::default()).unwrap().len(), media_before, "no file kept");
    // The consultation, then the issuing with its decision: the newest day is the policy's stage.
    f.desk
        .record_policy_stage(
            &f.editor,
            &f.policy_id,
            PolicyStage::LayYKien,
            date(2026, 3, 1),
            None,
            Some("Dự thảo lần 1"),
        )
        .unwrap();
    let issued = f
        .desk
        .record_policy_stage(&f.head, &f.policy_id, PolicyStage::BanHanh, date(2026, 11, 10), Some(&pdf), None)
        .unwrap();
    assert_eq!(issued.document_name.as_deref(), Some("quyet-dinh-ban-hanh.pdf"));
    // Recorded late, an earlier stage does not move the policy back.
    f.desk.record_policy_stage(&f.editor, &f.policy_id, PolicyStage::ThongQua, date(2026, 10, 20), None, None).unwrap();
    let page = f.desk.policy_page(&f.editor, &f.policy_id).unwrap();
    assert_eq!(page.policy.stage, PolicyStage::BanHanh);
    let stages: Vec<PolicyStage> = page.timeline.iter().map(|s| s.stage).collect();
    assert_eq!(stages, [PolicyStage::LayYKien, PolicyStage::ThongQua, PolicyStage::BanHanh]);
    // Pieces per stage: the fixture's piece covers the stage its policy had then.
    assert_eq!(page.stages.len(), 1);
    assert_eq!(page.stages[0].stage, PolicyStage::ThucThi);
    // The document is in the library.
    let doc = f.desk.media_item(&f.editor, issued.document_id.as_deref().unwrap()).unwrap();
    assert_eq!(doc.mime, "application/pdf");
}

#[test]
fn feedback_from_every_channel_is_recorded_forwarded_and_answered() {
    let f = Fixture::new();
    let new = |text: &str, assignment: Option<&str>| NewFeedback {
        policy_id: f.policy_id.clone(),
        channel: FeedbackChannel::DuongDayNong,
        text: text.into(),
        assignment_id: assignment.map(Into::into),
        received_on: None,
    };
    let before = f.audit_len();
    let e = f.desk.add_feedback(&f.an, new("Hỏi về phí", None)).unwrap_err();
    assert!(matches!(e, Error::Forbidden { rule: "editor-reviews", .. }), "{e:?}");
    assert!(f.desk.add_feedback(&f.editor, new("   ", None)).unwrap_err().to_string().contains("trống"));
    let mut future = new("Ngày sai", None);
    future.received_on = Some(date(2026, 12, 1));
    assert!(f.desk.add_feedback(&f.editor, future).unwrap_err().to_string().contains("tương lai"));
    let long = "ý ".repeat(20_000);
    assert!(f.desk.add_feedback(&f.editor, new(&long, None)).unwrap_err().to_string().contains("tối đa"));
    assert_eq!(f.audit_len(), before, "refusals change nothing");
    let general = f.desk.add_feedback(&f.editor, new("Người dân hỏi thủ tục đặt hàng", None)).unwrap();
    let mut zalo = new("Bài viết dễ hiểu, cảm ơn tòa soạn", Some(&f.assignment));
    zalo.channel = FeedbackChannel::Zalo;
    zalo.received_on = Some(date(2026, 11, 18));
    let on_piece = f.desk.add_feedback(&f.editor, zalo).unwrap();
    assert_eq!(on_piece.state, FeedbackState::Moi);
    // The reporter sees what came under their piece; the desk sees all.
    assert_eq!(f.desk.feedback_list(&f.an, &FeedbackQuery::default()).unwrap().len(), 1);
    assert_eq!(f.desk.feedback_list(&f.binh, &FeedbackQuery::default()).unwrap().len(), 0);
    assert_eq!(f.desk.feedback_list(&f.editor, &FeedbackQuery::default()).unwrap().len(), 2);
    let fwd = f.desk.forward_feedback(&f.editor, &general.id, "Văn phòng Sở Tư pháp").unwrap();
    assert_eq!(fwd.state, FeedbackState::DaChuyen);
    let done = f.desk.answer_feedback(&f.editor, &general.id, "Sở đã trả lời qua đường dây nóng ngày 20/11").unwrap();
    assert_eq!((done.state, done.answered_on), (FeedbackState::DaTraLoi, Some(date(2026, 11, 20))));
    let answered = f
        .desk
        .feedback_list(&f.editor, &FeedbackQuery { state: Some(FeedbackState::DaTraLoi), ..Default::default() })
        .unwrap();
    assert_eq!(answered.len(), 1);
    assert!(matches!(f.desk.forward_feedback(&f.editor, &general.id, "Sở").unwrap_err(), Error::Conflict(_)));
    // The policy's page shows it; the digest for the agency is made with it.
    assert_eq!(f.desk.policy_page(&f.editor, &f.policy_id).unwrap().feedback.len(), 2);
    assert!(f.desk.feedback_digest(&f.editor, &f.policy_id).unwrap().starts_with(b"PK"));
}

/// The planning view from `from` to `to`, of everyone, every contract, policy, state and genre.
fn whole_plan(from: chrono::NaiveDate, to: chrono::NaiveDate) -> PlanningQuery {
    PlanningQuery { from, to, reporter: None, contract_id: None, policy_id: None, states: vec![], genre: None }
}

fn planning(f: &Fixture, from: chrono::NaiveDate, to: chrono::NaiveDate) -> toasoan_core::desk::Planning {
    f.desk.planning(&f.editor, &whole_plan(from, to)).unwrap()
}

#[test]
fn planning_marks_overdue_and_at_risk_and_counts_each_reporters_load() {
    let f = Fixture::new();
    // Today is 20/11; the fixture's piece is due 25/11 (not yet at risk), binh's 22/11 (at risk).
    let soon = second_piece(&f, "Hỏi đáp về đặt hàng", Priority::Gap, date(2026, 11, 22));
    let plan = planning(&f, date(2026, 11, 16), date(2026, 11, 29));
    assert_eq!(plan.entries.len(), 2);
    let e = plan.entries.iter().find(|e| e.assignment.id == soon).unwrap();
    assert!(e.at_risk && !e.overdue);
    let binh = plan.load.iter().find(|l| l.login == "binh").unwrap();
    assert_eq!((binh.open, binh.urgent, binh.overdue), (1, 1, 0));
    // Four days later the fixture's piece is overdue.
    f.advance(Duration::days(6));
    let plan = planning(&f, date(2026, 11, 16), date(2026, 11, 29));
    assert!(plan.entries.iter().find(|e| e.assignment.id == f.assignment).unwrap().overdue);
    // Outside the range: nothing; a range too long or backwards is refused; reporters do not plan.
    assert!(planning(&f, date(2026, 12, 1), date(2026, 12, 7)).entries.is_empty());
    assert!(f
        .desk
        .planning(&f.editor, &whole_plan(date(2026, 1, 1), date(2026, 6, 1)))
        .unwrap_err()
        .to_string()
        .contains("93"));
    assert!(f.desk.planning(&f.editor, &whole_plan(date(2026, 2, 1), date(2026, 1, 1))).is_err());
    assert!(f.desk.planning(&f.an, &whole_plan(date(2026, 11, 16), date(2026, 11, 22))).is_err());
}

#[test]
fn the_period_report_counts_pieces_published_in_the_range_with_their_value_and_feedback() {
    let f = Fixture::new();
    publish(&f);
    let mut fb = NewFeedback {
        policy_id: f.policy_id.clone(),
        channel: FeedbackChannel::HoiNghi,
        text: "Ý kiến tại hội nghị đối thoại".into(),
        assignment_id: None,
        received_on: Some(date(2026, 11, 19)),
    };
    f.desk.add_feedback(&f.editor, fb.clone()).unwrap();
    fb.received_on = Some(date(2026, 10, 1));
    f.desk.add_feedback(&f.editor, fb).unwrap();
    let r = f.desk.period_report(&f.editor, date(2026, 11, 1), date(2026, 11, 30)).unwrap();
    assert_eq!((r.totals.pieces, r.totals.counted, r.totals.value), (1, 1, 1_200_000));
    assert_eq!(r.totals.feedback, 1, "only feedback received in the period");
    assert_eq!(r.by_policy[0].label, "Nghị định về đặt hàng báo chí");
    assert_eq!(r.by_stage[0].label, "thực thi");
    assert_eq!(r.by_genre[0].key, "tin");
    assert_eq!(r.by_agency[0].label, "Sở Tư pháp tỉnh Bình Sơn");
    // The day is Việt Nam's: published 20/11 09:00 (+07) is outside a range ending 19/11.
    let before = f.desk.period_report(&f.editor, date(2026, 11, 1), date(2026, 11, 19)).unwrap();
    assert_eq!(before.totals.pieces, 0);
    // The documents.
    assert!(period::pdf(&r).unwrap().starts_with(b"%PDF"));
    assert!(period::xlsx(&r).unwrap().starts_with(b"PK"));
    // Refusals.
    assert!(f.desk.period_report(&f.an, date(2026, 11, 1), date(2026, 11, 30)).is_err());
    assert!(f.desk.period_report(&f.editor, date(2026, 12, 1), date(2026, 11, 1)).is_err());
    assert!(f
        .desk
        .period_report(&f.editor, date(2000, 1, 1), date(2026, 11, 1))
        .unwrap_err()
        .to_string()
        .contains("3660"));
}

#[test]
fn the_period_report_values_a_line_up_to_its_quantity_counting_what_was_published_before() {
    let f = Fixture::new();
    let contract = f.desk.contracts(&f.head).unwrap()[0].id.clone();
    let (line, _) = f
        .desk
        .add_line(
            &f.head,
            &contract,
            toasoan_core::desk::NewLine {
                genre: toasoan_domain::Genre::PhongSu,
                channel: toasoan_domain::Channel::BaoIn,
                quantity: 2,
                unit_price: 12_000_000,
                min_words: None,
                max_words: None,
            },
        )
        .unwrap();
    let publish_on = |title: &str, day: u32| {
        let id = f
            .desk
            .add_assignment(
                &f.editor,
                NewAssignment {
                    line_id: line.id.clone(),
                    policy_id: f.policy_id.clone(),
                    reporter: "an".into(),
                    due_on: date(2026, 11, 30),
                    title: title.into(),
                    ..Default::default()
                },
            )
            .unwrap()
            .id;
        let patch = toasoan_core::desk::DraftPatch {
            headline: Some(title.into()),
            body: Some("Phóng sự về đặt hàng báo chí.".into()),
            ..Default::default()
        };
        f.desk.save_draft(&f.an, &id, patch).unwrap();
        f.desk.submit(&f.an, &id).unwrap();
        f.desk.approve(&f.editor, &id).unwrap();
        let at = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, day, 3, 0, 0).unwrap();
        f.desk.mark_published(&f.editor, &id, &format!("https://baobinhson.vn/ps/{day}"), Some(at)).unwrap();
    };
    // One before the period, three in it: the line pays two, so one in the period.
    publish_on("Phóng sự một", 2);
    for (i, day) in [11, 12, 13].iter().enumerate() {
        publish_on(&format!("Phóng sự {}", i + 2), *day);
    }
    let r = f.desk.period_report(&f.editor, date(2026, 11, 10), date(2026, 11, 20)).unwrap();
    let ps = r.by_genre.iter().find(|x| x.key == "phong-su").unwrap();
    assert_eq!((ps.pieces, ps.counted, ps.value), (3, 3, 12_000_000), "{ps:?}");
    let whole = f.desk.period_report(&f.editor, date(2026, 11, 1), date(2026, 11, 20)).unwrap();
    let ps = whole.by_genre.iter().find(|x| x.key == "phong-su").unwrap();
    assert_eq!((ps.pieces, ps.value), (4, 24_000_000), "{ps:?}");
}
