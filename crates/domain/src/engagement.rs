//! Audience engagement records: a figure read from a source ([`Reading`]),
//! readers' comments, the piece a collector looks for ([`Target`]) and a
//! piece's [`Totals`]; counts and URLs as pages and exports write them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{EngagementSource, Metric};

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

    /// The figure of one metric, to change it.
    pub fn slot(&mut self, m: Metric) -> &mut i64 {
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

/// The largest audience figure taken: a million million, far beyond any
/// real count, and small enough that summing every source of every piece
/// of a contract stays exact in an i64 (and in a JavaScript number).
pub const MAX_FIGURE: i64 = 1_000_000_000_000;

/// Reads a count as written by Vietnamese and English pages and exports:
/// "1.234", "1,234", "1 234" (also with a no-break space), "92". `None` for
/// anything else, including "1.5K" (an abbreviation is not a count) and a
/// figure over [`MAX_FIGURE`].
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
    groups.concat().parse().ok().filter(|n| *n <= MAX_FIGURE)
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
}

/// A snapshot to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSnapshot {
    /// The piece.
    pub assignment_id: String,
    /// Where it came from.
    pub source: EngagementSource,
    /// What.
    pub metric: Metric,
    /// How many.
    pub value: i64,
    /// When captured (UTC, stored form).
    pub captured_at: String,
}

/// A recorded snapshot (series queries).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SnapshotRow {
    /// Where it came from.
    pub source: EngagementSource,
    /// What.
    pub metric: Metric,
    /// How many.
    pub value: i64,
    /// When captured (UTC, stored form).
    pub captured_at: String,
}

/// A piece in a roll-up's top list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TopPiece {
    /// Assignment id.
    pub assignment_id: String,
    /// Short number.
    pub num: i64,
    /// Working title.
    pub title: String,
    /// Its totals.
    pub totals: Totals,
}

/// A published piece a poll may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollTarget {
    /// What the collectors need.
    pub target: Target,
    /// Portal account it was published through, if any.
    pub portal_id: Option<String>,
    /// First publication (stored form).
    pub published_at: String,
}

/// A citizen comment as stored, with its piece (digest).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StoredComment {
    /// The piece.
    pub assignment_id: String,
    /// The piece's headline (working title).
    pub title: String,
    /// Where it came from.
    pub source: EngagementSource,
    /// Name the reader gave.
    pub author: String,
    /// Plain text.
    pub text: String,
    /// When posted (UTC, stored form).
    pub posted_at: String,
}

/// Figures frozen by an acceptance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FrozenFigures {
    /// Acceptance round.
    pub seq: i64,
    /// Its last day.
    pub until: NaiveDate,
    /// Views then (unknown when nothing had been collected).
    pub views: Option<i64>,
    /// Comments then.
    pub comments: Option<i64>,
}

/// Where the polling of one piece and source stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PollState {
    /// Source.
    pub source: EngagementSource,
    /// Last poll (UTC, stored form).
    pub last_polled_at: String,
    /// Next due.
    pub next_due_at: String,
    /// Failures in a row.
    pub failures: i64,
    /// Last error.
    pub last_error: Option<String>,
}

/// A Matomo site that measures a portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MatomoSite {
    /// UUIDv7.
    pub id: String,
    /// Short unique name.
    pub name: String,
    /// Matomo's address ("https://thongke.binhson.gov.vn/").
    pub base_url: String,
    /// `idSite`.
    pub site_id: i64,
    /// The public URLs it measures start with this ("https://binhson.gov.vn/").
    pub url_prefix: String,
    /// Environment variable holding the `token_auth`.
    pub token_env: String,
}
