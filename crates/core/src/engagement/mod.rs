//! Audience engagement: figures collected for published pieces over time.
//!
//! A figure is a [`Reading`] (metric, value) of one [`EngagementSource`];
//! stored, it becomes a snapshot with the instant it was captured. Sources:
//! - collectors that go and look ([`Collector`]): the portal's REST API
//!   ([`wordpress`]) and the view counter printed on the published page
//!   ([`page`]), run by the poll scheduler ([`poll`]);
//! - exports people bring: Facebook, YouTube and Zalo OA CSV files ([`csv`]);
//! - manual entry.
//!
//! How figures of different sources make one total is [`combine`]: the
//! portal's own figures count the same readers of the same page, so the
//! largest one is taken; social platforms are separate audiences and add up.
//!
//! The records ([`Reading`], [`Totals`]…) live in `toasoan-domain`; the
//! collectors that go and look over HTTP in `toasoan-portal`. Here: the rules
//! ([`combine`], [`poll_interval`]), the CSV readers and the poll runner.
//!
//! Architecture invariant: nothing here touches the store or the network;
//! the desk records what the runner returns.

pub mod poll;

use std::collections::HashMap;

// The records are the domain's, the readers the documents', the collectors
// the portal's: named here for the core's own code, public nowhere.
pub(crate) use toasoan_documents::exports as csv;
pub(crate) use toasoan_domain::engagement::*;
pub(crate) use toasoan_portal::client;
pub(crate) use toasoan_portal::engagement::{matomo, page, wordpress, Collector};

use crate::domain::{EngagementSource, Metric};

/// One piece's newest figure per source and metric → its totals: for each
/// metric, the largest of the portal's own sources (they count the same
/// readers) plus every other source (separate audiences).
pub fn combine(latest: &[(EngagementSource, Metric, i64)]) -> Totals {
    let mut portal: HashMap<Metric, i64> = HashMap::new();
    let mut t = Totals::default();
    for &(source, metric, value) in latest {
        if source.is_portal() {
            let best = portal.entry(metric).or_default();
            *best = (*best).max(value);
        } else {
            // Saturating: figures are bounded on entry (`MAX_FIGURE`), and a
            // sum must never wrap into a wrong figure in a payment dossier.
            let slot = t.slot(metric);
            *slot = slot.saturating_add(value);
        }
    }
    for (metric, value) in portal {
        let slot = t.slot(metric);
        *slot = slot.saturating_add(value);
    }
    t
}

/// How long after a poll a piece is due again: engagement moves fast in the
/// first days and slowly afterwards.
pub fn poll_interval(age: chrono::Duration) -> chrono::Duration {
    if age < chrono::Duration::days(2) {
        chrono::Duration::hours(1)
    } else if age < chrono::Duration::days(14) {
        chrono::Duration::hours(6)
    } else if age < chrono::Duration::days(90) {
        chrono::Duration::days(1)
    } else {
        chrono::Duration::days(7)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EngagementSource::*;

    #[test]
    fn portal_sources_take_the_largest_and_social_ones_add_up() {
        let t = combine(&[
            (WordPress, Metric::Views, 1200),
            (Page, Metric::Views, 1234),
            (Matomo, Metric::Views, 1100),
            (WordPress, Metric::Comments, 7),
            (Facebook, Metric::Views, 5000),
            (Facebook, Metric::Comments, 30),
            (Facebook, Metric::Shares, 12),
            (YouTube, Metric::Views, 800),
            (Manual, Metric::Views, 66),
        ]);
        assert_eq!(t.views, 1234 + 5000 + 800 + 66);
        assert_eq!((t.comments, t.shares, t.reactions, t.visits), (37, 12, 0, 0));
        assert_eq!(combine(&[]), Totals::default());
    }

    #[test]
    fn young_pieces_are_polled_more_often() {
        let d = chrono::Duration::days;
        assert_eq!(poll_interval(chrono::Duration::hours(3)), chrono::Duration::hours(1));
        assert_eq!(poll_interval(d(5)), chrono::Duration::hours(6));
        assert_eq!(poll_interval(d(30)), d(1));
        assert_eq!(poll_interval(d(400)), d(7));
    }
}
