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
//! Architecture invariant: nothing here touches the store; the HTTP lives in
//! [`fetch`] and the WordPress client of [`crate::publish::wordpress`].

pub mod csv;
pub mod fetch;
pub mod matomo;
pub mod page;
pub mod poll;
pub mod wordpress;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::domain::{EngagementSource, Metric};
use crate::error::Result;

/// One figure read from a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Reading {
    /// What is counted.
    pub metric: Metric,
    /// How many (never negative).
    pub value: i64,
}

/// A reader's comment on the portal (the seeds' "phản hồi của Nhân dân").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenComment {
    /// The portal's comment id.
    pub remote_id: String,
    /// Name the reader gave.
    pub author: String,
    /// Plain text, NFC.
    pub text: String,
    /// When it was posted (UTC, RFC 3339).
    pub posted_at: String,
}

/// A published piece, as a collector needs to find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Assignment id.
    pub assignment_id: String,
    /// Public URL of its first publication.
    pub url: String,
    /// The portal's post id, when published through a portal account.
    pub remote_id: Option<String>,
}

/// What one collection of one piece found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Collected {
    /// Figures.
    pub readings: Vec<Reading>,
    /// Comments' text (portal sources only).
    pub comments: Vec<CitizenComment>,
}

/// A source that goes and looks (the poll scheduler runs these).
pub trait Collector: Send + Sync {
    /// Which source the figures are recorded under.
    fn source(&self) -> EngagementSource;
    /// Host whose rate limit this collection draws on.
    fn host(&self, target: &Target) -> String;
    /// Reads the figures of one piece. Temporary failures are
    /// `Error::PortalUnavailable` (retried with backoff), others permanent.
    fn collect(&self, target: &Target) -> Result<Collected>;
}

/// A piece's engagement, all sources combined (see [`combine`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Totals {
    /// Views.
    pub views: i64,
    /// Visits (or reach).
    pub visits: i64,
    /// Comments.
    pub comments: i64,
    /// Shares.
    pub shares: i64,
    /// Reactions.
    pub reactions: i64,
}

impl Totals {
    /// The figure of one metric.
    pub fn get(&self, m: Metric) -> i64 {
        match m {
            Metric::Views => self.views,
            Metric::Visits => self.visits,
            Metric::Comments => self.comments,
            Metric::Shares => self.shares,
            Metric::Reactions => self.reactions,
        }
    }

    fn slot(&mut self, m: Metric) -> &mut i64 {
        match m {
            Metric::Views => &mut self.views,
            Metric::Visits => &mut self.visits,
            Metric::Comments => &mut self.comments,
            Metric::Shares => &mut self.shares,
            Metric::Reactions => &mut self.reactions,
        }
    }

    /// Adds another piece's totals (roll-ups).
    pub fn add(&mut self, other: &Totals) {
        for m in Metric::ALL {
            *self.slot(*m) += other.get(*m);
        }
    }
}

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
            *t.slot(metric) += value;
        }
    }
    for (metric, value) in portal {
        *t.slot(metric) += value;
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

/// Reads a count as written by Vietnamese and English pages and exports:
/// "1.234", "1,234", "1 234" (also with a no-break space), "92". `None` for
/// anything else, including "1.5K" (an abbreviation is not a count).
pub fn parse_count(s: &str) -> Option<i64> {
    let s = s.trim();
    let sep = s.chars().find(|c| matches!(c, '.' | ',' | ' ' | '\u{a0}' | '\u{202f}'));
    let groups: Vec<&str> = match sep {
        Some(c) => s.split(c).collect(),
        None => vec![s],
    };
    // Separators group thousands: one kind throughout, three digits after each.
    let digits = groups.iter().all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()));
    let grouped = groups.len() == 1 || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    if !(digits && grouped) {
        return None;
    }
    groups.concat().parse().ok()
}

/// A URL as compared when matching export rows to pieces: scheme and host
/// lower-cased, `www.` dropped, no fragment, no trailing slash, tracking
/// parameters (`utm_*`, `fbclid`) removed, `http` and `https` alike.
pub fn normalize_url(url: &str) -> Option<String> {
    let u = url::Url::parse(url.trim()).ok()?;
    if !matches!(u.scheme(), "http" | "https") {
        return None;
    }
    let host = u.host_str()?.trim_start_matches("www.").to_ascii_lowercase();
    let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
    let query: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, _)| !k.starts_with("utm_") && k != "fbclid" && k != "zarsrc")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let path = u.path().trim_end_matches('/');
    let mut out = format!("{host}{port}{path}");
    if !query.is_empty() {
        out.push('?');
        out.push_str(&query.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&"));
    }
    Some(out)
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
    fn counts_are_read_as_vietnamese_and_english_pages_write_them() {
        for (s, v) in [
            ("92", Some(92)),
            ("1.234", Some(1234)),
            ("1,234", Some(1234)),
            ("1 234 567", Some(1_234_567)),
            ("12\u{a0}345", Some(12_345)),
            ("1.234.567", Some(1_234_567)),
            ("0", Some(0)),
            ("1.5K", None),
            ("1.23", None),
            ("1,234.5", None),
            ("12345.678", None),
            ("", None),
            ("-3", None),
            ("abc", None),
        ] {
            assert_eq!(parse_count(s), v, "{s:?}");
        }
    }

    #[test]
    fn urls_match_whatever_the_platform_added() {
        let n = |s| normalize_url(s).unwrap();
        assert_eq!(n("https://www.BinhSon.gov.vn/tin/12/?utm_source=fb&fbclid=x#top"), "binhson.gov.vn/tin/12");
        assert_eq!(n("http://binhson.gov.vn/tin/12"), "binhson.gov.vn/tin/12");
        assert_eq!(n("http://127.0.0.1:8089/?p=12"), "127.0.0.1:8089?p=12");
        assert_eq!(normalize_url("không phải url"), None);
        assert_eq!(normalize_url("ftp://x.vn/a"), None);
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
