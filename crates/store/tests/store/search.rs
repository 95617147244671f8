//! The full-text index over folded text: a piece indexed with
//! `index_assignment` is found by the MATCH expressions the domain makes
//! from a query with or without diacritics, per column and newest first;
//! re-indexing replaces the old text; `pieces_to_index` builds each row from
//! the newest revision or the working title.

use toasoan_domain::search::Query;
use toasoan_domain::text::{fold, nfc};
use toasoan_store::{IndexFields, Store};

use crate::{piece, revision, seed};

/// The folded fields of a piece, as the desk makes them.
fn fields(headline: &str, body: &str, policy: &str) -> IndexFields {
    IndexFields {
        headline: fold(&nfc(headline)),
        sapo: String::new(),
        body: fold(&nfc(body)),
        brief: String::new(),
        policy: fold(&nfc(policy)),
    }
}

/// The numbers a query finds with one of its expressions.
fn find(store: &Store, expr: &str) -> Vec<i64> {
    store.read(|db| Ok(db.search_candidates(expr, 50, i64::MIN)?)).unwrap().into_iter().map(|c| c.num).collect()
}

/// Tried: three pieces indexed by their folded text (one in NFD, as macOS
/// delivers it), then queries typed without diacritics, with them, and as a
/// quoted phrase. Each finds exactly the pieces holding every word, newest
/// first; "đ" is found by "d"; the headline expression ignores the body.
#[test]
fn an_indexed_piece_is_found_by_its_folded_text() {
    let store = Store::open_in_memory().unwrap();
    store
        .write(|db| {
            db.index_assignment(
                1,
                &fields("Đà Nẵng tăng tốc giải ngân", "Nghị định mới về đầu tư công.", "Luật Đầu tư công"),
            )?;
            // NFD input: "Nghị định" decomposed.
            let nfd = "Nghi\u{0323} đi\u{0323}nh 32 về đặt hàng";
            db.index_assignment(2, &fields(nfd, "Báo chí được đặt hàng.", "32/2019/NĐ-CP"))?;
            db.index_assignment(3, &fields("Hà Nội mở rộng", "Đà Nẵng và Hà Nội phối hợp.", ""))?;
            Ok(())
        })
        .unwrap();
    let q = |s: &str| Query::parse(s).unwrap();
    assert_eq!(find(&store, &q("da nang").match_expr()), [3, 1]);
    assert_eq!(find(&store, &q("Đà Nẵng").match_expr()), [3, 1], "the same with diacritics");
    assert_eq!(find(&store, &q("da nang").headline_expr()), [1], "piece 3 has it in its body only");
    assert_eq!(find(&store, &q("nghi dinh").match_expr()), [2, 1]);
    assert_eq!(find(&store, &q("\"nghi dinh 32\"").match_expr()), [2], "a phrase");
    assert_eq!(find(&store, &q("32/2019/NĐ-CP").match_expr()), [2], "a document number, by its parts");
    assert!(find(&store, &q("quảng ninh").match_expr()).is_empty());
}

/// Tried: a piece indexed with one headline, then indexed again with
/// another. The old words no longer find it and the new ones do (one row per
/// piece, replaced).
#[test]
fn indexing_a_piece_again_replaces_its_row() {
    let store = Store::open_in_memory().unwrap();
    store.write(|db| Ok(db.index_assignment(7, &fields("Giá điện tăng", "", ""))?)).unwrap();
    store.write(|db| Ok(db.index_assignment(7, &fields("Giá xăng giảm", "", ""))?)).unwrap();
    let q = |s: &str| Query::parse(s).unwrap().match_expr();
    assert!(find(&store, &q("dien")).is_empty(), "the old text is gone");
    assert_eq!(find(&store, &q("xang giam")), [7]);
    assert_eq!(find(&store, &q("gia")), [7], "once");
}

/// Tried: two pieces, one with two revisions and one with none.
/// `pieces_to_index` gives the first the newest revision's headline and body
/// (not the first's) and the second its working title; both carry the
/// policy's name and number, and the brief.
#[test]
fn pieces_to_index_take_the_newest_revision_or_the_working_title() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let b = store
        .write(|db| {
            let (a, _) = piece(db, &s, "Tựa tạm A", "2026-03-20")?;
            let (b, _) = piece(db, &s, "Tựa tạm B", "2026-03-21")?;
            db.insert_revision(&a, &s.reporter.id, &revision(1, "Bản đầu", "Thân đầu.", 120))?;
            db.insert_revision(&a, &s.reporter.id, &revision(2, "Bản cuối", "Thân cuối.", 130))?;
            Ok(b)
        })
        .unwrap();
    let (all, one, none) =
        store.read(|db| Ok((db.pieces_to_index()?, db.piece_to_index(&b)?, db.piece_to_index("không-có")?))).unwrap();
    assert_eq!(all.len(), 2);
    let ra = all.iter().find(|r| r.num == 1).unwrap();
    assert_eq!((ra.headline.as_str(), ra.body.as_str()), ("Bản cuối", "Thân cuối."));
    assert_eq!(ra.sapo, "Người dân được hướng dẫn cụ thể.");
    assert_eq!(ra.policy, "Nghị định về đặt hàng báo chí 32/2019/NĐ-CP");
    assert_eq!(ra.brief, "Giải thích các điểm mới cho bạn đọc");
    let rb = one.unwrap();
    assert_eq!((rb.num, rb.headline.as_str(), rb.body.as_str()), (2, "Tựa tạm B", ""));
    assert!(none.is_none());
}
