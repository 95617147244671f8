//! The contract ledger: editing, amendments with history, figures and
//! projection, acceptance (frozen, idempotent, never twice over a period),
//! and the dossier read back by other readers (calamine for the XLSX,
//! poppler's pdftotext for the PDF).

use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use chrono::{DateTime, TimeZone, Utc};
use toasoan_core::desk::{ContractEdit, DraftPatch, LineChange, NewAmendment, NewAssignment, NewContract, NewLine};
use toasoan_documents::dossier;
use toasoan_domain::{Channel, Genre, State};

use crate::util::{date, Fixture};

/// A published piece on `line`, written by `an`, approved and published by the
/// editor on `day` (Việt Nam morning).
pub(crate) fn published(f: &Fixture, line: &str, headline: &str, words: usize, day: (u32, u32)) -> String {
    published_at(f, line, headline, words, Utc.with_ymd_and_hms(2026, day.0, day.1, 2, 0, 0).unwrap())
}

/// Like [`published`], at an exact instant; `None` stops at approved.
pub(crate) fn published_at(
    f: &Fixture,
    line: &str,
    headline: &str,
    words: usize,
    at: impl Into<Option<DateTime<Utc>>>,
) -> String {
    let a = f
        .desk
        .add_assignment(
            &f.editor,
            NewAssignment {
                line_id: line.into(),
                policy_id: f.policy_id.clone(),
                reporter: "an".into(),
                editor: None,
                due_on: date(2026, 12, 1),
                title: headline.into(),
                brief: String::new(),
                ..Default::default()
            },
        )
        .unwrap();
    let body = vec!["chữ"; words].join(" ");
    f.desk
        .save_draft(
            &f.an,
            &a.id,
            DraftPatch {
                headline: Some(headline.into()),
                sapo: Some("Sapo ngắn gọn.".into()),
                body: Some(format!("Nghị định 32/2019/NĐ-CP. {body}")),
                byline: None,
            },
        )
        .unwrap();
    f.desk.submit(&f.an, &a.id).unwrap();
    f.desk.approve(&f.editor, &a.id).unwrap();
    let Some(at) = at.into() else { return a.id };
    let url = format!("https://binhson.gov.vn/tin/{}", a.num);
    f.desk.mark_published(&f.editor, &a.id, &url, Some(at)).unwrap();
    a.id
}

pub(crate) fn contract_id(f: &Fixture) -> String {
    f.desk.assignment(&f.head, &f.assignment).unwrap().contract_id
}

/// An amendment numbered `number` for `reason`, with no date of signing and
/// the contract's value unchanged.
fn amendment(number: &str, reason: &str, changes: Vec<LineChange>, new_lines: Vec<NewLine>) -> NewAmendment {
    NewAmendment {
        number: number.into(),
        signed_on: None,
        reason: reason.into(),
        total_value: None,
        changes,
        new_lines,
    }
}

/// The fixture's line at `quantity` pieces of `unit_price` đồng.
fn line_terms(f: &Fixture, quantity: i64, unit_price: i64) -> Vec<LineChange> {
    vec![LineChange { line_id: f.line_id.clone(), quantity, unit_price }]
}

fn state(f: &Fixture, id: &str) -> State {
    f.desk.assignment(&f.head, id).unwrap().state
}

#[test]
fn a_contract_with_lines_is_recorded_whole_or_not_at_all() {
    let f = Fixture::new();
    let agency = f.desk.agencies().unwrap().remove(0);
    let before = (f.desk.contracts(&f.head).unwrap().len(), f.audit_len());
    let good = NewLine {
        genre: Genre::Bai,
        channel: Channel::BaoDienTu,
        quantity: 10,
        unit_price: 4_500_000,
        min_words: None,
        max_words: Some(1500),
    };
    let contract = NewContract {
        agency_id: agency.id.clone(),
        number: "09/2026/HĐĐH".into(),
        start_on: date(2026, 1, 1),
        end_on: date(2026, 12, 31),
        total_value: 60_000_000,
        policy_ids: vec![f.policy_id.clone()],
        ..Default::default()
    };
    // Tried: a second line with a negative quantity, a tier with min > max,
    // an unknown policy. Each refused with the field named; nothing recorded.
    let bad_lines = [
        NewLine { quantity: -1, ..good.clone() },
        NewLine { min_words: Some(2000), max_words: Some(1000), ..good.clone() },
    ];
    for bad in bad_lines {
        let e = f.desk.create_contract(&f.head, contract.clone(), vec![good.clone(), bad]).unwrap_err();
        assert_eq!(e.code(), "invalid_input", "{e}");
    }
    let e = f
        .desk
        .create_contract(
            &f.head,
            NewContract { policy_ids: vec!["khong-co".into()], ..contract.clone() },
            vec![good.clone()],
        )
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
    assert_eq!(f.desk.create_contract(&f.editor, contract.clone(), vec![]).unwrap_err().code(), "forbidden");
    assert_eq!((f.desk.contracts(&f.head).unwrap().len(), f.audit_len()), before, "nothing recorded");

    let (k, warnings) = f.desk.create_contract(&f.head, contract, vec![good.clone(), good]).unwrap();
    assert_eq!(k.lines.len(), 2);
    assert_eq!(k.policy_ids, vec![f.policy_id.clone()]);
    // 2 × 10 × 4.5 M = 90 M > 60 M: a warning, not a refusal.
    assert_eq!(warnings, vec!["tổng các hạng mục 90.000.000 ₫ vượt giá trị hợp đồng 60.000.000 ₫".to_string()]);
    let r = f.desk.contract_report(&f.head, &k.id).unwrap();
    assert_eq!((r.lines_value, r.contract.total_value), (90_000_000, 60_000_000));
}

#[test]
fn editing_a_contract_keeps_its_terms_and_is_audited() {
    let f = Fixture::new();
    let id = contract_id(&f);
    let k = f.desk.contract(&f.head, &id).unwrap();
    let mut e = ContractEdit::of(&k);
    e.agency_signatory = "Ông Nguyễn Văn Thành — Giám đốc".into();
    e.newsroom_name = "Báo Bình Sơn".into();
    e.notes = "Thanh toa\u{301}n theo đợt".into();
    assert_eq!(f.desk.update_contract(&f.editor, &id, e.clone()).unwrap_err().code(), "forbidden");
    let bad = ContractEdit { end_on: date(2025, 1, 1), ..e.clone() };
    assert_eq!(f.desk.update_contract(&f.head, &id, bad).unwrap_err().code(), "invalid_input");
    let after = f.desk.update_contract(&f.head, &id, e).unwrap();
    assert_eq!(after.notes, "Thanh toán theo đợt", "kept as NFC");
    assert_eq!((after.total_value, after.lines.clone()), (k.total_value, k.lines.clone()), "terms unchanged");
    let log = f.desk.audit_log(&f.head, Some(&id)).unwrap();
    let edit = log.iter().find(|e| e.action == "contract.edit").unwrap();
    assert_eq!(edit.detail["before"]["newsroom_name"], "");
    assert_eq!(edit.detail["after"]["newsroom_name"], "Báo Bình Sơn");
    // The same edit again changes nothing and records nothing.
    let n = f.audit_len();
    f.desk.update_contract(&f.head, &id, ContractEdit::of(&after)).unwrap();
    assert_eq!(f.audit_len(), n);
}

#[test]
fn amendments_change_terms_and_keep_what_they_were() {
    let f = Fixture::new();
    let id = contract_id(&f);
    let change = |q, p| NewAmendment {
        number: "01/PL".into(),
        signed_on: Some(date(2026, 6, 1)),
        reason: "Tăng số lượng tin theo đề nghị của Sở".into(),
        total_value: Some(490_000_000),
        changes: vec![LineChange { line_id: f.line_id.clone(), quantity: q, unit_price: p }],
        new_lines: vec![],
    };
    let n = f.audit_len();
    // Tried: editor; empty reason; a line of another contract; a change to the
    // same terms (nothing changes); quantity 0. All refused, nothing recorded.
    assert_eq!(f.desk.amend_contract(&f.editor, &id, change(12, 1_200_000)).unwrap_err().code(), "forbidden");
    let e = f.desk.amend_contract(&f.head, &id, NewAmendment { reason: " ".into(), ..change(12, 1_200_000) });
    assert_eq!(e.unwrap_err().code(), "invalid_input");
    let mut other = change(12, 1_200_000);
    other.changes[0].line_id = "khong-co".into();
    assert_eq!(f.desk.amend_contract(&f.head, &id, other).unwrap_err().code(), "not_found");
    let same = NewAmendment { total_value: None, ..change(10, 1_200_000) };
    assert_eq!(f.desk.amend_contract(&f.head, &id, same).unwrap_err().code(), "invalid_input");
    assert_eq!(f.desk.amend_contract(&f.head, &id, change(0, 1_200_000)).unwrap_err().code(), "invalid_input");
    assert_eq!(f.audit_len(), n);

    let mut a = change(12, 1_300_000);
    a.new_lines.push(NewLine {
        genre: Genre::Infographic,
        channel: Channel::MangXaHoi,
        quantity: 4,
        unit_price: 3_000_000,
        min_words: None,
        max_words: None,
    });
    let (m, _) = f.desk.amend_contract(&f.head, &id, a).unwrap();
    assert_eq!((m.total_value_before, m.total_value_after), (486_000_000, 490_000_000));
    assert_eq!(m.lines.len(), 2);
    assert_eq!((m.lines[0].quantity_before, m.lines[0].quantity_after), (Some(10), 12));
    assert_eq!((m.lines[0].unit_price_before, m.lines[0].unit_price_after), (Some(1_200_000), 1_300_000));
    assert_eq!(m.lines[1].quantity_before, None, "an added line has no before");
    let k = f.desk.contract(&f.head, &id).unwrap();
    assert_eq!(
        (k.total_value, k.lines.len(), k.lines[0].quantity, k.lines[0].unit_price),
        (490_000_000, 2, 12, 1_300_000)
    );
    // Same number again: conflict.
    assert_eq!(f.desk.amend_contract(&f.head, &id, change(13, 1_300_000)).unwrap_err().code(), "conflict");
    let history = f.desk.amendments(&f.editor, &id).unwrap();
    assert_eq!(history, vec![m]);
    // History is append-only in the database itself.
    let conn = rusqlite::Connection::open(f.dir.path().join(toasoan_store::DB_FILE)).unwrap();
    for sql in ["UPDATE contract_amendments SET reason = 'x'", "DELETE FROM amendment_lines"] {
        let e = conn.execute(sql, []).unwrap_err().to_string();
        assert!(e.contains("append-only"), "{sql}: {e}");
    }
}

#[test]
fn the_ledger_figures_and_the_projected_shortfall() {
    use toasoan_core::desk::projected;
    // 3 delivered after 30 of 120 days → 12 by the end.
    assert_eq!(projected(3, date(2026, 1, 1), date(2026, 4, 30), date(2026, 1, 30)), Some(12));
    assert_eq!(projected(3, date(2026, 1, 1), date(2026, 4, 30), date(2025, 12, 1)), None, "not started");
    assert_eq!(projected(3, date(2026, 1, 1), date(2026, 4, 30), date(2026, 6, 1)), Some(3), "over");

    let f = Fixture::new();
    let id = contract_id(&f);
    published(&f, &f.line_id, "Tin một", 50, (3, 2));
    published(&f, &f.line_id, "Tin hai", 50, (6, 2));
    // Today is 20/11/2026, the period 15/01–15/12/2026 (335 days, 310 elapsed).
    let r = f.desk.contract_report(&f.head, &id).unwrap();
    let l = &r.lines[0];
    assert_eq!((l.delivered, l.value_delivered, l.value_remaining), (2, 2_400_000, 9_600_000));
    assert_eq!(l.projected, Some(2 * 335 / 310));
    assert_eq!(l.shortfall, 10 - 2);
    assert_eq!((r.shortfall, r.value_remaining, r.accepted, r.value_accepted), (8, 9_600_000, 0, 0));
}

/// Issue «The whole desk in the window», fix on the way: accepting one piece
/// by hand moved it to *accepted* outside any round, and rounds take only
/// published pieces, so it never reached a bảng kê — a payment hole. Now a
/// piece is accepted only through a round: the manual path is refused with
/// the contract and the command named, and changes nothing.
#[test]
fn a_piece_is_accepted_only_through_an_acceptance_round() {
    let f = Fixture::new();
    let id = contract_id(&f);
    let number = f.desk.contract(&f.head, &id).unwrap().number;
    let p = published(&f, &f.line_id, "Tin nghiệm thu qua đợt", 120, (3, 2));
    let n = f.audit_len();
    let e = f.desk.accept(&f.head, &p).unwrap_err();
    assert_eq!(e.code(), "forbidden", "{e}");
    let said = e.to_string();
    assert!(said.contains("acceptance-round") && said.contains(&number), "{said}");
    // The way out in the product's words (the CLI adds its command: cli tests).
    assert!(said.contains(&format!("mã {id}")) && said.contains("«Nghiệm thu»"), "{said}");
    assert_eq!(state(&f, &p), State::Published);
    assert_eq!(f.audit_len(), n, "a refusal writes nothing");
    // An editor is refused by role first.
    assert!(f.desk.accept(&f.editor, &p).unwrap_err().to_string().contains("head-only-acceptance"));

    // Through a round the piece is accepted and has its bảng kê row.
    let out = f.desk.create_acceptance(&f.head, &id, date(2026, 6, 30)).unwrap();
    assert_eq!(out.acceptance.items.iter().map(|i| i.assignment_id.as_str()).collect::<Vec<_>>(), vec![p.as_str()]);
    assert_eq!(state(&f, &p), State::Accepted);
    // Every accepted piece of the contract is on a bảng kê.
    let report = f.desk.contract_report(&f.head, &id).unwrap();
    let listed: usize = report.acceptances.iter().map(|x| f.desk.acceptance(&f.head, &x.id).unwrap().items.len()).sum();
    assert_eq!(report.accepted as usize, listed);
}

#[test]
fn acceptance_freezes_counted_pieces_within_quota_once_per_period() {
    let f = Fixture::new();
    let id = contract_id(&f);
    // Quantity 2 for the line, three published pieces, one too long for a tier-less
    // line would still count: the third is over the quota.
    f.desk
        .amend_contract(&f.head, &id, amendment("01/PL", "Giảm còn 2 tin", line_terms(&f, 2, 1_200_000), vec![]))
        .unwrap();
    let p1 = published(&f, &f.line_id, "Đà Nẵng đặt hàng báo chí", 120, (3, 2));
    let p2 = published(&f, &f.line_id, "Bình Sơn công khai đầu mối phát ngôn", 340, (4, 10));
    let p3 = published(&f, &f.line_id, "Tin thứ ba vượt định mức", 80, (5, 1));
    // An approved, unpublished piece never appears.
    let draft = f.desk.assignment(&f.head, &f.assignment).unwrap().id;

    // Tried: editor (forbidden), a day in the future, after the contract end,
    // before its start: refused, nothing recorded.
    let n = f.audit_len();
    assert_eq!(f.desk.create_acceptance(&f.editor, &id, date(2026, 6, 30)).unwrap_err().code(), "forbidden");
    for until in [date(2026, 11, 21), date(2026, 12, 31), date(2026, 1, 1)] {
        let e = f.desk.create_acceptance(&f.head, &id, until).unwrap_err();
        assert_eq!(e.code(), "invalid_input", "{until}: {e}");
    }
    // Nothing published by 31/01: refused with the reason.
    let e = f.desk.create_acceptance(&f.head, &id, date(2026, 1, 31)).unwrap_err();
    assert!(e.to_string().contains("không có tác phẩm"), "{e}");
    assert_eq!(f.audit_len(), n);

    let preview = f.desk.preview_acceptance(&f.head, &id, date(2026, 6, 30)).unwrap();
    assert_eq!(preview.items.iter().map(|i| i.assignment_id.clone()).collect::<Vec<_>>(), vec![p1.clone(), p2.clone()]);
    assert_eq!(preview.over_quota.iter().map(|i| i.assignment_id.clone()).collect::<Vec<_>>(), vec![p3.clone()]);
    assert_eq!(f.audit_len(), n, "a preview records nothing");

    let out = f.desk.create_acceptance(&f.head, &id, date(2026, 6, 30)).unwrap();
    assert!(out.created);
    let x = &out.acceptance;
    assert_eq!((x.seq, x.period_from, x.period_until), (1, date(2026, 1, 15), date(2026, 6, 30)));
    assert_eq!(x.total_amount, 2_400_000);
    assert_eq!(x.items[0].headline, "Đà Nẵng đặt hàng báo chí");
    assert_eq!(x.items[0].position, 1);
    assert_eq!(x.items[1].words, 346, "words of the approved version: sapo (3) + body (3 + 340)");
    assert_eq!(x.items[1].author, "Thanh An", "the byline (pen name)");
    assert!(x.items[0].content_hash.as_deref().is_some_and(|h| h.len() == 64));
    assert_eq!(x.items[0].url, "https://binhson.gov.vn/tin/2");
    assert_eq!((state(&f, &p1), state(&f, &p2), state(&f, &p3)), (State::Accepted, State::Accepted, State::Published));
    assert_eq!(state(&f, &draft), State::Assigned);
    let report = f.desk.contract_report(&f.head, &id).unwrap();
    assert_eq!((report.accepted, report.value_accepted, report.acceptances.len()), (2, 2_400_000, 1));

    // Same period again: the same acceptance, nothing changes.
    let n = f.audit_len();
    let again = f.desk.create_acceptance(&f.head, &id, date(2026, 6, 30)).unwrap();
    assert!(!again.created);
    assert_eq!(again.acceptance, out.acceptance);
    assert_eq!(f.audit_len(), n);
    // A period inside the accepted one: refused as a conflict.
    let e = f.desk.create_acceptance(&f.head, &id, date(2026, 5, 31)).unwrap_err();
    assert_eq!(e.code(), "conflict", "{e}");
    assert!(e.to_string().contains("đợt nghiệm thu 1"), "{e}");
    // The quantity may no longer drop below what was accepted.
    let e = f
        .desk
        .amend_contract(&f.head, &id, amendment("02/PL", "Giảm", line_terms(&f, 1, 1_200_000), vec![]))
        .unwrap_err();
    assert!(e.to_string().contains("đã nghiệm thu 2"), "{e}");
    // Raise the quantity: the third piece goes into the next period.
    f.desk
        .amend_contract(&f.head, &id, amendment("02/PL", "Tăng lại 3 tin", line_terms(&f, 3, 1_500_000), vec![]))
        .unwrap();
    let second = f.desk.create_acceptance(&f.head, &id, date(2026, 10, 31)).unwrap().acceptance;
    assert_eq!((second.seq, second.period_from), (2, date(2026, 7, 1)));
    assert_eq!(second.items.len(), 1);
    assert_eq!(second.items[0].unit_price, 1_500_000, "the price in force at acceptance");
    let first = f.desk.acceptance(&f.head, &out.acceptance.id).unwrap();
    assert_eq!(first.items[0].unit_price, 1_200_000, "frozen: the first list keeps its prices");
    // Append-only in the database itself.
    let conn = rusqlite::Connection::open(f.dir.path().join(toasoan_store::DB_FILE)).unwrap();
    for sql in ["UPDATE acceptance_items SET amount = 0", "DELETE FROM acceptances"] {
        let e = conn.execute(sql, []).unwrap_err().to_string();
        assert!(e.contains("append-only"), "{sql}: {e}");
    }
}

/// A contract with two lines and three accepted pieces, as a dossier.
fn dossier_fixture() -> (Fixture, dossier::Dossier) {
    let f = Fixture::new();
    let id = contract_id(&f);
    let (_, _) = f
        .desk
        .amend_contract(
            &f.head,
            &id,
            amendment(
                "01/PL",
                "Thêm hạng mục bài",
                vec![],
                vec![NewLine {
                    genre: Genre::Bai,
                    channel: Channel::BaoDienTu,
                    quantity: 5,
                    unit_price: 4_500_000,
                    min_words: None,
                    max_words: Some(1500),
                }],
            ),
        )
        .unwrap();
    let bai = f.desk.contract(&f.head, &id).unwrap().lines[1].id.clone();
    let mut e = ContractEdit::of(&f.desk.contract(&f.head, &id).unwrap());
    e.newsroom_name = "Báo Bình Sơn".into();
    e.agency_signatory = "Ông Nguyễn Văn Thành — Giám đốc".into();
    e.newsroom_signatory = "Ông Trần Quốc Hùng — Tổng Biên tập".into();
    f.desk.update_contract(&f.head, &id, e).unwrap();
    published(&f, &f.line_id, "Đà Nẵng đặt hàng báo chí theo Nghị định 32", 120, (3, 2));
    published(&f, &f.line_id, "Sở Tư pháp công khai đầu mối phát ngôn", 200, (3, 9));
    published(&f, &bai, "Người dân được gì khi bảng giá đất điều chỉnh hằng năm?", 1200, (4, 1));
    let x = f.desk.create_acceptance(&f.head, &id, date(2026, 4, 30)).unwrap().acceptance;
    let d = f.desk.acceptance_dossier(&f.head, &x.id).unwrap();
    (f, d)
}

#[test]
fn the_bang_ke_xlsx_read_back_cell_by_cell() {
    let (f, d) = dossier_fixture();
    let path = f.dir.path().join("bang-ke.xlsx");
    dossier::save(&path, &dossier::xlsx::render(&d).unwrap()).unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), vec!["Bảng kê".to_string(), "Minh chứng".to_string()]);
    let ws = wb.worksheet_range("Bảng kê").unwrap();
    let s = |r: u32, c: u32| ws.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    let text = |r, c| match s(r, c) {
        Data::String(t) => t,
        other => panic!("({r},{c}) is {other:?}"),
    };
    let num = |r, c| match s(r, c) {
        Data::Float(v) => v,
        Data::Int(v) => v as f64,
        other => panic!("({r},{c}) is {other:?}"),
    };
    assert_eq!(text(0, 0), "BẢNG KÊ TÁC PHẨM BÁO CHÍ THỰC HIỆN ĐẶT HÀNG");
    assert!(text(1, 0).contains("08/2026/HĐĐH-STP") && text(1, 0).contains("Báo Bình Sơn"), "{}", text(1, 0));
    assert_eq!(text(2, 0), "Nghiệm thu đợt 1: từ ngày 15/01/2026 đến ngày 30/04/2026");
    let h = dossier::xlsx::HEADER_ROW;
    let headers: Vec<String> = (0..13).map(|c| text(h, c)).collect();
    assert_eq!(headers, dossier::xlsx::HEADERS.map(String::from).to_vec());
    assert_eq!(&headers[..3], ["STT", "Tên tác phẩm", "Tác giả"]);
    // Group I: tin · báo điện tử, two rows, subtotal.
    assert_eq!(text(h + 1, 0), "I");
    assert!(text(h + 1, 1).starts_with("Tin · báo điện tử"), "{}", text(h + 1, 1));
    assert_eq!(num(h + 2, 0), 1.0);
    assert_eq!(text(h + 2, 1), "Đà Nẵng đặt hàng báo chí theo Nghị định 32");
    assert_eq!(text(h + 2, 2), "Thanh An");
    assert_eq!(text(h + 2, 3), "Tin");
    assert_eq!(text(h + 2, 4), "Báo điện tử");
    // The date is a real date (02/03/2026), shown dd/mm/yyyy.
    match s(h + 2, 6) {
        Data::DateTime(dt) => assert_eq!(dt.as_datetime().unwrap().date(), date(2026, 3, 2)),
        other => panic!("date cell is {other:?}"),
    }
    assert!(text(h + 2, 7).starts_with("https://binhson.gov.vn/tin/"));
    assert_eq!(num(h + 2, 8), 126.0, "sapo (3) + body (3 + 120)");
    assert_eq!((num(h + 2, 9), num(h + 2, 10)), (1_200_000.0, 1_200_000.0));
    assert_eq!(s(h + 2, 11), Data::Empty, "views unknown: blank, not zero");
    assert_eq!(num(h + 3, 0), 2.0);
    assert!(text(h + 4, 1).starts_with("Cộng hạng mục I (2 tác phẩm)"));
    assert_eq!(num(h + 4, 10), 2_400_000.0);
    // Group II: one article at 4.5 M.
    assert_eq!(text(h + 5, 0), "II");
    assert_eq!(num(h + 6, 0), 3.0);
    assert_eq!(num(h + 6, 10), 4_500_000.0);
    assert_eq!(num(h + 7, 10), 4_500_000.0);
    assert!(text(h + 8, 1).starts_with("TỔNG CỘNG (3 tác phẩm)"));
    assert_eq!(num(h + 8, 10), 6_900_000.0);
    assert_eq!(text(h + 9, 0), "Bằng chữ: Sáu triệu chín trăm nghìn đồng.");
    // Totals are formulas: per line item and the sum of those.
    let formulas = wb.worksheet_formula("Bảng kê").unwrap();
    let fx = |r: u32, c: u32| formulas.get_value((r, c)).cloned().unwrap_or_default();
    assert_eq!(fx(h + 4, 10), format!("SUM(K{}:K{})", h + 3, h + 4));
    assert_eq!(fx(h + 7, 10), format!("SUM(K{}:K{})", h + 7, h + 7));
    assert_eq!(fx(h + 8, 10), format!("K{}+K{}", h + 5, h + 8));
    // Money cells carry the thousands format.
    let raw = std::fs::read(&path).unwrap();
    let mut zip = zip_styles(&raw);
    assert!(zip.contains("#,##0"), "money format in styles.xml");
    zip.clear();
    // Proofs sheet: one row per piece with URL and hash column.
    let proofs = wb.worksheet_range("Minh chứng").unwrap();
    assert_eq!(proofs.get_value((0, 5)), Some(&Data::String("SHA-256 nội dung gửi".into())));
    assert_eq!(proofs.height(), 4);
}

fn zip_styles(raw: &[u8]) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(raw)).unwrap();
    let mut s = String::new();
    z.by_name("xl/styles.xml").unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn the_pdf_dossier_reads_back_as_vietnamese_text_with_totals() {
    let (f, d) = dossier_fixture();
    let path = f.dir.path().join("ho-so.pdf");
    dossier::save(&path, &dossier::pdf::render(&d).unwrap()).unwrap();
    if let Ok(p) = std::env::var("TOASOAN_KEEP_PDF") {
        std::fs::copy(&path, p).unwrap();
    }
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/test.sh");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "BẢNG KÊ TÁC PHẨM BÁO CHÍ THỰC HIỆN ĐẶT HÀNG",
        "Nghiệm thu đợt 1: từ ngày 15/01/2026 đến ngày 30/04/2026",
        "Đà Nẵng đặt hàng báo chí theo Nghị định 32",
        "Người dân được gì khi bảng giá đất",
        "Cộng hạng mục I (2 tác phẩm)",
        "2.400.000",
        "6.900.000",
        "Bằng chữ: Sáu triệu chín trăm nghìn đồng.",
        "MINH CHỨNG ĐĂNG TẢI",
        "https://binhson.gov.vn/tin/",
        "BIÊN BẢN NGHIỆM THU",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÊN ĐẶT HÀNG (Bên A): Sở Tư pháp tỉnh Bình Sơn",
        "Ông Nguyễn Văn Thành — Giám đốc",
        "BÊN NHẬN ĐẶT HÀNG (Bên B): Báo Bình Sơn",
        "Tổng giá trị nghiệm thu: 6.900.000 ₫",
        "ĐẠI DIỆN BÊN A",
        "Trang 1/3",
    ] {
        assert!(text.contains(needle), "missing «{needle}» in:\n{text}");
    }
    // Text comes out composed (NFC), as it went in.
    use unicode_normalization::UnicodeNormalization;
    assert_eq!(text.nfc().collect::<String>(), text);
    // Fonts are embedded (subsets), so it prints the same everywhere.
    let fonts = Command::new("pdffonts").arg(&path).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(fonts.contains("NotoSerif-Regular") && fonts.contains("NotoSerif-Bold"), "{fonts}");
    assert!(fonts.lines().skip(2).all(|l| l.contains(" yes yes ")), "every font embedded and subset:\n{fonts}");
}

#[test]
fn the_v6_backfill_gives_the_same_figures_as_the_old_lookups() {
    use toasoan_store::{migrations, DB_FILE};
    // A v5 database with a published piece, an override on another, words on both.
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
        migrations::migrate_to(&conn, 5).unwrap();
        conn.execute_batch(
            "INSERT INTO people VALUES ('p1','hung','Trần Quốc Hùng',NULL,'head','2026-01-01T00:00:00.000Z');
             INSERT INTO agencies VALUES ('ag','Sở Tư pháp','2026-01-01T00:00:00.000Z');
             INSERT INTO policies VALUES ('po','Nghị định đặt hàng','32/2019/NĐ-CP',NULL,'thuc-thi','2026-01-01T00:00:00.000Z');
             INSERT INTO contracts VALUES ('c','ag','1/HĐ',NULL,'2026-01-01','2026-12-31',300,'2026-01-01T00:00:00.000Z');
             INSERT INTO contract_lines VALUES ('l','c','bai','bao-dien-tu',3,100,NULL,1000,'2026-01-01T00:00:00.000Z');
             INSERT INTO assignments VALUES (1,'a','l','po','Một','','p1',NULL,'2026-02-01','published','2026-01-01T00:00:00.000Z','2026-01-01T00:00:00.000Z');
             INSERT INTO assignments VALUES (2,'b','l','po','Hai','','p1',NULL,'2026-02-01','drafting','2026-01-01T00:00:00.000Z','2026-01-01T00:00:00.000Z');
             INSERT INTO assignments VALUES (3,'x','l','po','Ba','','p1',NULL,'2026-02-01','published','2026-01-01T00:00:00.000Z','2026-01-01T00:00:00.000Z');
             INSERT INTO revisions VALUES ('r1','a',1,'Một','','x','','h',2000,'p1','save','2026-01-01T00:00:00.000Z');
             INSERT INTO revisions VALUES ('r2','a',2,'Một','','x','','h',900,'p1','save','2026-01-02T00:00:00.000Z');
             INSERT INTO revisions VALUES ('r3','x',1,'Ba','','x','','h',1200,'p1','save','2026-01-02T00:00:00.000Z');
             INSERT INTO publications(id, assignment_id, channel, url, published_at, recorded_by)
                 VALUES ('u2','a','bao-dien-tu','https://x/2','2026-03-05T01:00:00.000Z','p1'),
                        ('u1','a','bao-dien-tu','https://x/1','2026-03-04T01:00:00.000Z','p1'),
                        ('u3','x','bao-dien-tu','https://x/3','2026-03-06T01:00:00.000Z','p1');
             INSERT INTO counting_overrides VALUES ('o1','b',1,'Đăng trên fanpage','p1','2026-03-01T00:00:00.000Z');",
        )
        .unwrap();
    }
    let desk = toasoan_core::Desk::open(dir.path()).unwrap();
    let head = desk.person("hung").unwrap();
    let pieces = toasoan_store::Store::open(dir.path()).unwrap().read(|db| Ok(db.contract_pieces("c")?)).unwrap();
    let a = pieces.iter().find(|p| p.id == "a").unwrap();
    assert_eq!(a.words, Some(900), "newest revision");
    assert_eq!(a.published_at.unwrap().to_rfc3339(), "2026-03-04T01:00:00+00:00", "first publication");
    assert_eq!(pieces.iter().find(|p| p.id == "b").unwrap().counts_override, Some(true));
    let r = desk.contract_report(&head, "c").unwrap();
    // a (900 words, published) and b (override) count; x (1,200 words > 1,000) does not.
    assert_eq!(r.lines[0].delivered, 2);
}

#[test]
fn the_stored_tier_flag_matches_the_rule() {
    // The report groups pieces by a tier flag the V6 trigger stores; the
    // acceptance and `counts` use `ContractLine::in_tier`. Both must agree at
    // every boundary.
    let f = Fixture::new();
    let id = contract_id(&f);
    let tier = |min, max| NewLine {
        genre: Genre::Bai,
        channel: Channel::BaoDienTu,
        quantity: 50,
        unit_price: 1,
        min_words: min,
        max_words: max,
    };
    f.desk
        .amend_contract(
            &f.head,
            &id,
            amendment(
                "01/PL",
                "Thêm các hạng mục theo độ dài",
                vec![],
                vec![tier(None, Some(100)), tier(Some(101), None), tier(Some(50), Some(60))],
            ),
        )
        .unwrap();
    let lines = f.desk.contract(&f.head, &id).unwrap().lines;
    // Words of a piece = 6 (sapo + "Nghị định 32/2019/NĐ-CP.") + n.
    for line in &lines {
        for n in [44, 54, 55, 94, 95] {
            published(&f, &line.id, &format!("Bài {n} chữ"), n, (3, 2));
        }
    }
    let report = f.desk.contract_report(&f.head, &id).unwrap();
    let pieces = f.store().read(|db| Ok(db.contract_pieces(&id)?)).unwrap();
    let delivered: Vec<i64> = report.lines.iter().map(|l| l.delivered).collect();
    let by_rule: Vec<i64> = lines
        .iter()
        .map(|l| pieces.iter().filter(|p| p.line_id == l.id && toasoan_core::desk::counts(l, p)).count() as i64)
        .collect();
    assert_eq!(delivered, by_rule);
    // No tier: all 5; ≤ 100: 50, 60, 61, 100; ≥ 101: 101; 50–60: 50, 60.
    assert_eq!(delivered, vec![5, 4, 1, 2]);
}

#[test]
fn the_grouped_ledger_rows_equal_a_count_of_every_piece() {
    // The report counts runs of equal index rows and decodes the Việt Nam day
    // from the UTC hour. Pieces around Việt Nam's midnight (17:00 UTC), in
    // the same hour, unpublished and overridden, in two tiers, must land in
    // the same groups as a piece-by-piece count with the time-zone database.
    let f = Fixture::new();
    let id = contract_id(&f);
    let tier = NewLine {
        genre: Genre::Bai,
        channel: Channel::BaoDienTu,
        quantity: 50,
        unit_price: 1,
        min_words: None,
        max_words: Some(100),
    };
    f.desk.amend_contract(&f.head, &id, amendment("01/PL", "Thêm hạng mục bài ngắn", vec![], vec![tier])).unwrap();
    let lines = f.desk.contract(&f.head, &id).unwrap().lines;
    let line = &lines.iter().find(|l| l.max_words == Some(100)).unwrap().id;
    let at = |d, h, m, s| Some(Utc.with_ymd_and_hms(2026, 3, d, h, m, s).unwrap());
    let instants = [
        at(4, 16, 0, 0),
        at(4, 16, 59, 59),
        at(4, 17, 0, 0),
        at(4, 17, 30, 0),
        at(4, 17, 59, 59),
        at(4, 2, 0, 0),
        at(5, 16, 59, 0),
        None,
        None,
        at(31, 23, 0, 0),
    ];
    for (k, when) in instants.iter().enumerate() {
        let id = published_at(&f, line, &format!("Bài {k}"), 10 + 500 * (k % 2), *when);
        if k % 4 == 1 {
            f.desk.override_counting(&f.head, &id, k % 8 == 1, "Quyết định của trưởng ban").unwrap();
        }
    }
    let groups = f.store().read(|db| Ok(db.ledger_groups(&id, 420)?)).unwrap();
    let mut grouped: Vec<_> = groups
        .iter()
        .map(|g| (g.line_id.clone(), g.state, g.counts_override, g.in_tier, g.published_on, g.n))
        .collect();
    let pieces = f.store().read(|db| Ok(db.contract_pieces(&id)?)).unwrap();
    let mut by_piece: std::collections::HashMap<_, i64> = Default::default();
    for p in &pieces {
        let l = lines.iter().find(|l| l.id == p.line_id).unwrap();
        let key = (
            p.line_id.clone(),
            p.state,
            p.counts_override,
            l.in_tier(p.words.unwrap_or(0)),
            p.published_at.map(toasoan_domain::time::vn_date),
        );
        *by_piece.entry(key).or_default() += 1;
    }
    let mut counted: Vec<_> = by_piece.into_iter().map(|((l, s, o, t, d), n)| (l, s, o, t, d, n)).collect();
    grouped.sort_by_key(|g| format!("{g:?}"));
    counted.sort_by_key(|g| format!("{g:?}"));
    assert_eq!(grouped, counted);
    // 4 March 16:59:59 UTC is still the 4th in Việt Nam, 17:00 the 5th;
    // 31 March 23:00 UTC is 1 April.
    let on =
        |m, d| grouped.iter().filter(|g| g.4 == chrono::NaiveDate::from_ymd_opt(2026, m, d)).map(|g| g.5).sum::<i64>();
    assert_eq!((on(3, 4), on(3, 5), on(3, 6), on(4, 1)), (3, 4, 0, 1));
}
