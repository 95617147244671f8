//! Counting rules (PRODUCT.md §4): a matrix over states, length tiers and a
//! head's overrides, through the pure rule and through the contract report.

use chrono::Utc;
use toasoan_core::desk::counts;
use toasoan_domain::ContractPiece;
use toasoan_domain::{Channel, ContractLine, Genre, State};

use crate::util::Fixture;

fn line(min: Option<i64>, max: Option<i64>) -> ContractLine {
    ContractLine {
        id: "l".into(),
        contract_id: "c".into(),
        genre: Genre::Bai,
        channel: Channel::BaoDienTu,
        quantity: 10,
        unit_price: 4_500_000,
        min_words: min,
        max_words: max,
    }
}

fn piece(state: State, words: i64, over: Option<bool>) -> ContractPiece {
    ContractPiece {
        id: "a".into(),
        line_id: "l".into(),
        state,
        words: Some(words),
        published_at: Some(Utc::now()),
        counts_override: over,
    }
}

#[test]
fn the_counting_matrix() {
    use State::*;
    let short = line(None, Some(1500));
    let long = line(Some(1501), None);
    for state in State::ALL.iter().copied() {
        let published = matches!(state, Published | Accepted);
        for (l, words, in_tier) in
            [(&short, 900, true), (&short, 1600, false), (&long, 1600, true), (&long, 1500, false)]
        {
            let expected = published && in_tier;
            assert_eq!(counts(l, &piece(state, words, None)), expected, "{state:?} {words} words");
            // A head's override decides either way, except for a cancelled piece.
            assert_eq!(counts(l, &piece(state, words, Some(true))), state != Cancelled, "{state:?} forced in");
            assert!(!counts(l, &piece(state, words, Some(false))), "{state:?} forced out");
        }
    }
}

#[test]
fn overrides_are_head_only_need_a_reason_and_change_the_report() {
    let f = Fixture::new();
    let contract = f.desk.assignment(&f.head, &f.assignment).unwrap().contract_id;
    let delivered = |f: &Fixture| f.desk.contract_report(&f.head, &contract).unwrap().lines[0].delivered;
    assert_eq!(delivered(&f), 0);
    let before = f.audit_len();
    assert_eq!(f.desk.override_counting(&f.editor, &f.assignment, true, "lý do").unwrap_err().code(), "forbidden");
    assert_eq!(f.desk.override_counting(&f.head, &f.assignment, true, "   ").unwrap_err().code(), "invalid_input");
    assert_eq!(f.desk.override_counting(&f.head, "khong-co", true, "lý do").unwrap_err().code(), "not_found");
    assert_eq!(f.audit_len(), before, "refusals record nothing");
    // The piece counts although it is only assigned.
    f.desk
        .override_counting(
            &f.head,
            &f.assignment,
            true,
            "Bài đăng trên fanpage của Sở, được cơ quan đặt hàng chấp nhận",
        )
        .unwrap();
    assert_eq!(delivered(&f), 1);
    // An NFD reason (as macOS or Word deliver it) is kept as NFC.
    f.desk.override_counting(&f.head, &f.assignment, false, "Tru\u{300}ng nội dung với bài #3").unwrap();
    assert_eq!(delivered(&f), 0, "the newest decision applies");
    let log = f.desk.audit_log(&f.head, Some(&f.assignment)).unwrap();
    let overrides: Vec<_> = log.iter().filter(|e| e.action == "assignment.override").collect();
    assert_eq!(overrides.len(), 2);
    assert_eq!(overrides[1].detail["counts"], false);
    assert_eq!(overrides[1].detail["reason"], "Trùng nội dung với bài #3");
}
