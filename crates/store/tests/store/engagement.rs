//! Engagement figures: snapshots are kept once per piece, source, metric and
//! instant; the newest figure per source and metric is the one with the
//! latest instant, whatever order they arrive in; a piece's totals are
//! replaced, not added.

use toasoan_domain::engagement::{NewSnapshot, Totals};
use toasoan_domain::{EngagementSource, Metric};
use toasoan_store::Store;

use crate::{at, piece, seed, T0};

fn snap(a: &str, source: EngagementSource, metric: Metric, value: i64, when: &str) -> NewSnapshot {
    NewSnapshot { assignment_id: a.into(), source, metric, value, captured_at: when.into() }
}

/// Tried: views captured on the 5th (300), then on the 7th (900), then a
/// late import of the 6th (500), then the 7th's again (a re-import). All
/// three instants are in the series; the newest figure stays the 7th's;
/// the re-import adds nothing and touches no piece.
#[test]
fn the_newest_figure_is_the_latest_captured_whatever_the_arrival_order() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let a = store.write(|db| Ok(piece(db, &s, "Bài có số liệu", "2026-03-20")?.0)).unwrap();
    let (fb, views, comments) = (EngagementSource::Facebook, Metric::Views, Metric::Comments);
    let batches = [
        vec![snap(&a, fb, views, 300, &at(5, 0, 0)), snap(&a, fb, comments, 4, &at(5, 0, 0))],
        vec![snap(&a, fb, views, 900, &at(7, 0, 0))],
        vec![snap(&a, fb, views, 500, &at(6, 0, 0))],
    ];
    for (i, b) in batches.iter().enumerate() {
        let (new, touched) =
            store.write(|db| Ok(db.insert_snapshots(&format!("lô-{i}"), b).map(|(n, t)| (n, t.len()))?)).unwrap();
        assert_eq!((new, touched), (b.len(), 1), "batch {i}");
    }
    let again = vec![snap(&a, fb, views, 900, &at(7, 0, 0))];
    let (new, touched) =
        store.write(|db| Ok(db.insert_snapshots("lô-lại", &again).map(|(n, t)| (n, t.len()))?)).unwrap();
    assert_eq!((new, touched), (0, 0));
    let (mut latest, series) = store.read(|db| Ok((db.latest(&a)?, db.series(&a)?))).unwrap();
    latest.sort_by_key(|(_, m, _)| m.code());
    assert_eq!(latest, [(fb, comments, 4), (fb, views, 900)]);
    let views_series: Vec<i64> = series.iter().filter(|r| r.metric == views).map(|r| r.value).collect();
    assert_eq!(views_series, [300, 500, 900], "oldest first by instant");
    let mut as_of_6 = store.read(|db| Ok(db.latest_as_of(&a, &at(6, 12, 0))?)).unwrap();
    as_of_6.sort_by_key(|(_, m, _)| m.code());
    assert_eq!(as_of_6, [(fb, comments, 4), (fb, views, 500)]);
}

/// Tried: a piece's totals set twice. The second replaces the first; a
/// piece without totals has none.
#[test]
fn a_pieces_totals_are_replaced() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let (a, b) = store
        .write(|db| Ok((piece(db, &s, "Có tổng", "2026-03-20")?.0, piece(db, &s, "Chưa có", "2026-03-20")?.0)))
        .unwrap();
    let first = Totals { views: 100, visits: 80, comments: 3, shares: 2, reactions: 10 };
    let second = Totals { views: 250, visits: 200, comments: 5, shares: 4, reactions: 30 };
    store.write(|db| Ok(db.set_totals(&a, &first, T0)?)).unwrap();
    store.write(|db| Ok(db.set_totals(&a, &second, &at(3, 0, 0))?)).unwrap();
    let (ta, tb) = store.read(|db| Ok((db.piece_totals(&a)?, db.piece_totals(&b)?))).unwrap();
    assert_eq!(ta, Some(second));
    assert_eq!(tb, None);
}
