//! The contract ledger's facts, kept by the V6 triggers on each piece (word
//! count and tier of the newest revision, first publication, newest
//! override) and read back grouped: `ledger_groups` by line, state,
//! override, tier and Việt Nam day of first publication; `contract_pieces`;
//! `period_groups` with summed audiences.

use toasoan_domain::engagement::Totals;
use toasoan_domain::ids::new_id;
use toasoan_domain::time::from_db;
use toasoan_domain::{LedgerGroup, State};
use toasoan_store::{Db, Store};

use crate::{at, day, line, piece, piece_row, revision, seed, Seed, R, T0};

/// A piece on `line_id` with a revision of `words` words (none for 0),
/// in `state`, published at each of `published` in that order.
fn ledger_piece(db: &Db<'_>, s: &Seed, line_id: &str, words: usize, state: State, published: &[String]) -> R<String> {
    let a = new_id();
    let mut row = piece_row(s, &a, "Bài sổ cái", "2026-03-20");
    row.line_id = line_id;
    db.insert_assignment(&row, T0)?;
    if words > 0 {
        db.insert_revision(&a, &s.reporter.id, &revision(1, "Tít", "Thân bài.", words))?;
    }
    db.set_state(&a, state, T0)?;
    for when in published {
        db.insert_publication(&new_id(), &a, "bao-dien-tu", "https://baobinhson.vn/bai", when, &s.editor.id)?;
    }
    Ok(a)
}

fn sorted(mut groups: Vec<LedgerGroup>) -> Vec<LedgerGroup> {
    groups.sort_by_key(|g| format!("{g:?}"));
    groups
}

fn group(line_id: &str, state: State, over: Option<bool>, in_tier: bool, on: Option<&str>, n: i64) -> LedgerGroup {
    LedgerGroup { line_id: line_id.into(), state, counts_override: over, in_tier, published_on: on.map(day), n }
}

/// Tried: a line of at least 100 words with pieces published either side of
/// Việt Nam midnight (16:59 and 17:00 UTC), one below the tier, two never
/// published, one with a head's overrides (false, then true). The groups
/// split exactly by day in Việt Nam (+07:00), tier, state and the newest
/// override, with the right counts.
#[test]
fn ledger_groups_split_by_vietnam_day_tier_state_and_override() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let l = &s.line_id;
    store
        .write(|db| {
            ledger_piece(db, &s, l, 150, State::Published, &[at(4, 16, 59)])?;
            ledger_piece(db, &s, l, 150, State::Published, &[at(4, 10, 0), at(6, 0, 0)])?;
            // Published later first, then earlier: the earliest counts.
            ledger_piece(db, &s, l, 150, State::Published, &[at(5, 1, 0), at(4, 17, 0)])?;
            ledger_piece(db, &s, l, 50, State::Published, &[at(4, 10, 0)])?;
            ledger_piece(db, &s, l, 0, State::Assigned, &[])?;
            ledger_piece(db, &s, l, 0, State::Assigned, &[])?;
            let g = ledger_piece(db, &s, l, 0, State::Assigned, &[])?;
            db.insert_override(&new_id(), &g, false, "Không tính", &s.editor.id, &at(5, 0, 0))?;
            db.insert_override(&new_id(), &g, true, "Tính, theo chỉ đạo", &s.editor.id, &at(5, 1, 0))?;
            Ok(())
        })
        .unwrap();
    let got = store.read(|db| Ok(db.ledger_groups(&s.contract_id, 420)?)).unwrap();
    let expected = vec![
        group(l, State::Published, None, true, Some("2026-03-04"), 2),
        group(l, State::Published, None, true, Some("2026-03-05"), 1),
        group(l, State::Published, None, false, Some("2026-03-04"), 1),
        group(l, State::Assigned, None, false, None, 2),
        group(l, State::Assigned, Some(true), false, None, 1),
    ];
    assert_eq!(sorted(got.clone()), sorted(expected));
    assert_eq!(got.iter().map(|g| g.n).sum::<i64>(), 7, "every piece once");
    assert!(got.windows(2).all(|w| w[0].published_on <= w[1].published_on), "ordered by day of publication: {got:?}");
}

/// Tried: two pieces published at 18:29 and 18:31 UTC, grouped at +05:30
/// (an offset of whole minutes, not hours) and at +07:00. At +05:30 they
/// fall either side of midnight (two days); at +07:00 on the same day.
#[test]
fn ledger_groups_use_the_minute_when_the_offset_is_not_whole_hours() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let l = &s.line_id;
    store
        .write(|db| {
            ledger_piece(db, &s, l, 150, State::Published, &[at(4, 18, 29)])?;
            ledger_piece(db, &s, l, 150, State::Published, &[at(4, 18, 31)])?;
            Ok(())
        })
        .unwrap();
    let half = store.read(|db| Ok(db.ledger_groups(&s.contract_id, 330)?)).unwrap();
    assert_eq!(
        sorted(half),
        sorted(vec![
            group(l, State::Published, None, true, Some("2026-03-04"), 1),
            group(l, State::Published, None, true, Some("2026-03-05"), 1),
        ])
    );
    let whole = store.read(|db| Ok(db.ledger_groups(&s.contract_id, 420)?)).unwrap();
    assert_eq!(whole, vec![group(l, State::Published, None, true, Some("2026-03-05"), 2)]);
}

/// Tried: a second line with no word tier, a piece on each. Each line has
/// its own groups; a piece with no revision is within a line without tier
/// (0 words, no bound) and outside one of at least 100 words.
#[test]
fn ledger_groups_keep_lines_apart() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let open = line(&s.contract_id, None, None);
    store
        .write(|db| {
            db.insert_line(&open, T0)?;
            ledger_piece(db, &s, &s.line_id, 0, State::Assigned, &[])?;
            ledger_piece(db, &s, &open.id, 0, State::Assigned, &[])?;
            Ok(())
        })
        .unwrap();
    let got = store.read(|db| Ok(db.ledger_groups(&s.contract_id, 420)?)).unwrap();
    assert_eq!(
        sorted(got),
        sorted(vec![
            group(&s.line_id, State::Assigned, None, false, None, 1),
            group(&open.id, State::Assigned, None, true, None, 1),
        ])
    );
    assert!(store.read(|db| Ok(db.ledger_groups("hợp-đồng-khác", 420)?)).unwrap().is_empty());
}

/// Tried: a piece revised from 50 to 150 words, published twice (later
/// first), overridden twice. `contract_pieces` reads the newest revision's
/// words, the earliest publication and the newest override.
#[test]
fn contract_pieces_carry_what_the_triggers_keep() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let a = store
        .write(|db| {
            let (a, _) = piece(db, &s, "Sửa nhiều lần", "2026-03-20")?;
            db.insert_revision(&a, &s.reporter.id, &revision(1, "Ngắn", "Ngắn.", 50))?;
            db.insert_revision(&a, &s.reporter.id, &revision(2, "Dài", "Dài hơn.", 150))?;
            db.set_state(&a, State::Published, T0)?;
            db.insert_publication(&new_id(), &a, "bao-in", "https://baobinhson.vn/in", &at(9, 0, 0), &s.editor.id)?;
            db.insert_publication(&new_id(), &a, "bao-dien-tu", "https://baobinhson.vn/a", &at(8, 0, 0), &s.editor.id)?;
            db.insert_override(&new_id(), &a, true, "Tính", &s.editor.id, &at(9, 1, 0))?;
            db.insert_override(&new_id(), &a, false, "Không tính nữa", &s.editor.id, &at(9, 2, 0))?;
            Ok(a)
        })
        .unwrap();
    let pieces = store.read(|db| Ok(db.contract_pieces(&s.contract_id)?)).unwrap();
    assert_eq!(pieces.len(), 1);
    let p = &pieces[0];
    assert_eq!(p.id, a);
    assert_eq!(p.line_id, s.line_id);
    assert_eq!(p.state, State::Published);
    assert_eq!(p.words, Some(150));
    assert_eq!(p.published_at, Some(from_db(&at(8, 0, 0))));
    assert_eq!(p.counts_override, Some(false));
    let groups = store.read(|db| Ok(db.ledger_groups(&s.contract_id, 420)?)).unwrap();
    assert_eq!(groups, vec![group(&s.line_id, State::Published, Some(false), true, Some("2026-03-08"), 1)]);
}

/// Tried: three published pieces, two in the period with audience totals
/// (views 100 and 50), one published before it, and one never published.
/// `period_groups` has one group of two pieces, its audience summed, named
/// with the policy and agency; the earlier one is in `line_counting_before`.
#[test]
fn period_groups_count_pieces_first_published_in_the_period_with_their_audience() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let l = s.line_id.clone();
    store
        .write(|db| {
            let totals = |views, comments| Totals { views, visits: views / 2, comments, shares: 1, reactions: 2 };
            let a = ledger_piece(db, &s, &l, 150, State::Published, &[at(10, 3, 0)])?;
            db.set_totals(&a, &totals(100, 4), T0)?;
            let b = ledger_piece(db, &s, &l, 150, State::Published, &[at(12, 3, 0)])?;
            db.set_totals(&b, &totals(50, 1), T0)?;
            ledger_piece(db, &s, &l, 150, State::Published, &[at(1, 3, 0)])?;
            ledger_piece(db, &s, &l, 0, State::Drafting, &[])?;
            Ok(())
        })
        .unwrap();
    let (groups, before, during) = store
        .read(|db| {
            Ok((
                db.period_groups(&at(5, 0, 0), &at(20, 0, 0))?,
                db.line_counting_before(&l, &at(5, 0, 0))?,
                db.line_pieces_in(&l, &at(5, 0, 0), &at(20, 0, 0))?,
            ))
        })
        .unwrap();
    assert_eq!(groups.len(), 1, "{groups:?}");
    let g = &groups[0];
    assert_eq!(g.pieces, 2);
    assert_eq!(g.audience, [150, 75, 5, 2, 4]);
    assert_eq!(g.policy_name, "Nghị định về đặt hàng báo chí");
    assert_eq!(g.agency_name, "Sở Tư pháp tỉnh Bình Sơn");
    assert_eq!(g.unit_price, 3_000_000);
    assert_eq!((g.state, g.in_tier, g.counts_override), (State::Published, true, None));
    assert_eq!(before, vec![(State::Published, true, None, 1)]);
    assert_eq!(during.len(), 2);
    assert!(during.iter().all(|p| p.in_tier && p.policy_id == s.policy_id));
}
