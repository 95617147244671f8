//! Property tests of two invariants (issue «Nothing lost, nothing leaked»):
//! text goes in in any normalization and comes out NFC; an export is
//! imported whole or not at all, whatever mix of good and bad rows it has.

use proptest::prelude::*;
use toasoan_domain::text;
use toasoan_domain::{Draft, EngagementSource};
use unicode_normalization::{is_nfc, UnicodeNormalization};

use crate::ledger::published;
use crate::util::{date, Fixture};

/// Vietnamese letters and marks, composed and decomposed, and a few others.
fn vietnamese() -> impl Strategy<Value = String> {
    let alphabet: Vec<char> =
        "aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬĐÈÉẺẼẸỀẾỂỄỆỲỴ .,:;\n\u{300}\u{301}\u{303}\u{309}\u{323}\u{306}\u{302}\u{31b}"
            .chars()
            .collect();
    proptest::collection::vec(proptest::sample::select(alphabet), 0..120).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever normalization the text arrives in (Word, macOS and the web
    /// send NFD), what is kept and shown is NFC, and means the same.
    #[test]
    fn text_goes_in_any_form_and_comes_out_nfc(headline in vietnamese(), body in vietnamese(), nfd in any::<bool>()) {
        let f = Fixture::new();
        let (headline, body) = if nfd { (headline.nfd().collect(), body.nfd().collect()) } else { (headline, body) };
        let d = Draft { headline: headline.clone(), sapo: String::new(), body: body.clone(), byline: String::new() };
        f.desk.autosave(&f.an, &f.assignment, d).unwrap();
        let kept = f.desk.draft(&f.an, &f.assignment).unwrap();
        prop_assert!(is_nfc(&kept.headline) && is_nfc(&kept.body));
        prop_assert_eq!(kept.body, text::nfc(&body));
        prop_assert_eq!(kept.headline, text::nfc(headline.trim()));
    }

    /// An export mixing rows of our two pieces, other posts and unreadable
    /// rows: refused whole (nothing recorded) while any row is unreadable,
    /// recorded whole otherwise.
    #[test]
    fn an_import_is_all_or_nothing(rows in proptest::collection::vec((0u8..4, 0i64..100_000), 1..30)) {
        let f = Fixture::new();
        let a = published(&f, &f.line_id, "Bài một", 300, (3, 2));
        let n = f.desk.assignment(&f.head, &a).unwrap().num;
        let mut csv = String::from("Post ID,Title,Description,Permalink,Views,Comments,Shares\n");
        let mut bad = 0;
        for (i, (kind, views)) in rows.iter().enumerate() {
            match kind {
                0 => csv.push_str(&format!("99_{i},,Bài,https://binhson.gov.vn/tin/{n}?utm_source={i},{views},1,0\n")),
                1 => csv.push_str(&format!("99_{i},,Khác,https://facebook.com/p/{i},{views},1,0\n")),
                2 => { bad += 1; csv.push_str(&format!("99_{i},,Lỗi,https://facebook.com/p/{i},nhiều,1,0\n")) }
                _ => { bad += 1; csv.push_str(&format!("99_{i},,thiếu cột\n")) }
            }
        }
        let before = f.desk.audit_log(&f.head, None).unwrap().len();
        let fb = EngagementSource::Facebook;
        let out = f.desk.import_engagement(&f.editor, fb, "fb.csv", csv.as_bytes(), Some(date(2026, 3, 10)), false);
        let series = f.desk.engagement(&f.head, &a).unwrap().series.len();
        if bad > 0 {
            prop_assert!(out.is_err());
            prop_assert_eq!(series, 0, "nothing recorded");
            prop_assert_eq!(f.desk.audit_log(&f.head, None).unwrap().len(), before);
        } else {
            let out = out.unwrap();
            // One snapshot per piece and metric: rows naming one piece add up.
            let pairs: std::collections::BTreeSet<_> = out
                .preview
                .matched
                .iter()
                .flat_map(|m| m.figures.iter().map(move |(metric, _)| (m.assignment_id.clone(), metric.code())))
                .collect();
            prop_assert_eq!(out.snapshots as usize, pairs.len());
            if !pairs.is_empty() {
                let sum: i64 = out.preview.matched.iter().flat_map(|m| &m.figures).filter(|(m, _)| *m == toasoan_domain::Metric::Views).map(|(_, v)| v).sum();
                let views = f.desk.engagement(&f.head, &a).unwrap().totals.views;
                prop_assert_eq!(views, sum, "the rows' views add up");
            }
            prop_assert_eq!(f.desk.audit_log(&f.head, None).unwrap().len(), before + 1);
        }
    }
}
