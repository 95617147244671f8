//! Engagement rows: snapshots (append-only), the newest figure per piece,
//! source and metric, per-piece totals for roll-ups, imports, links of social
//! posts to pieces, citizens' comments and the poll schedule.
//!
//! Invariant: `engagement_latest` is derived from the snapshots, only by
//! [`Db::insert_snapshots`], and `engagement_totals` only by
//! [`Db::set_totals`], both in the caller's transaction; the desk computes
//! the totals (the combination rule is not the store's).

use std::collections::{BTreeSet, HashMap};

use rusqlite::{params, OptionalExtension};

use super::{coded, Db};
use crate::Result;
use toasoan_domain::engagement::{
    CitizenComment, FrozenFigures, NewSnapshot, PollState, PollTarget, SnapshotRow, StoredComment, Target, TopPiece,
    Totals,
};
use toasoan_domain::{EngagementSource, Metric};

impl Db<'_> {
    /// Records snapshots (an existing `(piece, source, metric, instant)` is
    /// left as it is) and keeps the newest figure per piece, source and
    /// metric. Returns how many were new and the pieces whose figures changed
    /// (whose totals the caller must set again, in the same transaction).
    pub fn insert_snapshots<'s>(&self, batch_id: &str, snaps: &'s [NewSnapshot]) -> Result<(usize, BTreeSet<&'s str>)> {
        let mut ins = self.conn.prepare_cached(
            "INSERT OR IGNORE INTO engagement_snapshots(id, assignment_id, source, metric, value, captured_at, batch_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let mut latest = self.conn.prepare_cached(
            "INSERT INTO engagement_latest(assignment_id, source, metric, value, captured_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(assignment_id, source, metric) DO UPDATE SET value = excluded.value, captured_at = excluded.captured_at
             WHERE excluded.captured_at >= engagement_latest.captured_at",
        )?;
        let mut new = 0;
        let mut touched = BTreeSet::new();
        for s in snaps {
            let n = ins.execute(params![
                toasoan_domain::ids::new_id(),
                s.assignment_id,
                s.source.code(),
                s.metric.code(),
                s.value,
                s.captured_at,
                batch_id
            ])?;
            if n == 1 {
                new += 1;
                latest.execute(params![s.assignment_id, s.source.code(), s.metric.code(), s.value, s.captured_at])?;
                touched.insert(s.assignment_id.as_str());
            }
        }
        Ok((new, touched))
    }

    /// Sets a piece's totals (computed by the desk from [`Db::latest`]).
    pub fn set_totals(&self, assignment_id: &str, t: &Totals, now: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO engagement_totals(assignment_id, contract_id, policy_id, views, visits, comments, shares,
                     reactions, updated_at, num)
                 SELECT a.id, l.contract_id, a.policy_id, ?2, ?3, ?4, ?5, ?6, ?7, a.num
                 FROM assignments a JOIN contract_lines l ON l.id = a.line_id WHERE a.id = ?1
                 ON CONFLICT(assignment_id) DO UPDATE SET views = excluded.views, visits = excluded.visits,
                     comments = excluded.comments, shares = excluded.shares, reactions = excluded.reactions,
                     updated_at = excluded.updated_at",
            )?
            .execute(params![assignment_id, t.views, t.visits, t.comments, t.shares, t.reactions, now])?;
        Ok(())
    }

    /// The newest figure per source and metric of a piece.
    pub fn latest(&self, assignment_id: &str) -> Result<Vec<(EngagementSource, Metric, i64)>> {
        let mut st =
            self.conn.prepare_cached("SELECT source, metric, value FROM engagement_latest WHERE assignment_id = ?1")?;
        let rows = st
            .query_map([assignment_id], |r| Ok((coded(0, r.get(0)?)?, coded(1, r.get(1)?)?, r.get(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// A piece's totals (all sources combined), if it has any figure.
    pub fn piece_totals(&self, assignment_id: &str) -> Result<Option<Totals>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT views, visits, comments, shares, reactions FROM engagement_totals WHERE assignment_id = ?1",
            )?
            .query_row([assignment_id], totals_row)
            .optional()?)
    }

    /// Every snapshot of a piece, oldest first.
    pub fn series(&self, assignment_id: &str) -> Result<Vec<SnapshotRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT source, metric, value, captured_at FROM engagement_snapshots
             WHERE assignment_id = ?1 ORDER BY captured_at, source, metric",
        )?;
        let rows = st
            .query_map([assignment_id], |r| {
                Ok(SnapshotRow {
                    source: coded(0, r.get(0)?)?,
                    metric: coded(1, r.get(1)?)?,
                    value: r.get(2)?,
                    captured_at: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// A piece's newest figure per source and metric as they stood at
    /// `cutoff` (captured at or before it); empty without any.
    pub fn latest_as_of(&self, assignment_id: &str, cutoff: &str) -> Result<Vec<(EngagementSource, Metric, i64)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT source, metric, value FROM engagement_snapshots
             WHERE assignment_id = ?1 AND captured_at <= ?2 ORDER BY captured_at",
        )?;
        let mut newest: HashMap<(EngagementSource, Metric), i64> = HashMap::new();
        let mut rows = st.query(params![assignment_id, cutoff])?;
        while let Some(r) = rows.next()? {
            newest.insert((coded(0, r.get(0)?)?, coded(1, r.get(1)?)?), r.get(2)?);
        }
        Ok(newest.into_iter().map(|((s, m), v)| (s, m, v)).collect())
    }

    /// Sum of the totals of a contract's (`by_policy` false) or a policy's
    /// pieces, how many pieces have figures, and the `top` pieces by views.
    pub fn engagement_rollup(&self, id: &str, by_policy: bool, top: usize) -> Result<(Totals, i64, Vec<TopPiece>)> {
        let col = if by_policy { "policy_id" } else { "contract_id" };
        let (totals, n) = self
            .conn
            .prepare_cached(&format!(
                "SELECT coalesce(sum(views), 0), coalesce(sum(visits), 0), coalesce(sum(comments), 0),
                        coalesce(sum(shares), 0), coalesce(sum(reactions), 0), count(*)
                 FROM engagement_totals WHERE {col} = ?1"
            ))?
            .query_row([id], |r| Ok((totals_row(r)?, r.get(5)?)))?;
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT t.views, t.visits, t.comments, t.shares, t.reactions, a.id, a.num, a.title
             FROM engagement_totals t JOIN assignments a ON a.id = t.assignment_id
             WHERE t.{col} = ?1 ORDER BY t.views DESC, t.comments DESC LIMIT ?2"
        ))?;
        let rows = st
            .query_map(params![id, top as i64], |r| {
                Ok(TopPiece { totals: totals_row(r)?, assignment_id: r.get(5)?, num: r.get(6)?, title: r.get(7)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((totals, n, rows))
    }

    /// Published pieces (first publication per piece) a poll may read, with
    /// the portal post id when published through a portal account.
    pub fn poll_targets(&self) -> Result<Vec<PollTarget>> {
        let mut st = self.conn.prepare(
            "SELECT p.assignment_id, p.url, p.remote_id, p.portal_id, p.published_at FROM publications p
             WHERE p.published_at = (SELECT min(q.published_at) FROM publications q WHERE q.assignment_id = p.assignment_id)
             GROUP BY p.assignment_id ORDER BY p.published_at",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok(PollTarget {
                    target: Target { assignment_id: r.get(0)?, url: r.get(1)?, remote_id: r.get(2)? },
                    portal_id: r.get(3)?,
                    published_at: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// When each piece is next due for `source` (pieces never polled are absent).
    pub fn poll_due(&self, source: EngagementSource) -> Result<HashMap<String, String>> {
        let mut st =
            self.conn.prepare_cached("SELECT assignment_id, next_due_at FROM engagement_polls WHERE source = ?1")?;
        let rows = st
            .query_map([source.code()], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<HashMap<_, _>>>()?;
        Ok(rows)
    }

    /// Records a poll of one piece: when it is next due and, on failure, why.
    pub fn record_poll(
        &self,
        assignment_id: &str,
        source: EngagementSource,
        now: &str,
        next_due: &str,
        error: Option<&str>,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO engagement_polls(assignment_id, source, last_polled_at, next_due_at, failures, last_error)
                 VALUES (?1, ?2, ?3, ?4, CASE WHEN ?5 IS NULL THEN 0 ELSE 1 END, ?5)
                 ON CONFLICT(assignment_id, source) DO UPDATE SET last_polled_at = excluded.last_polled_at,
                     next_due_at = excluded.next_due_at, last_error = excluded.last_error,
                     failures = CASE WHEN excluded.last_error IS NULL THEN 0 ELSE engagement_polls.failures + 1 END",
            )?
            .execute(params![assignment_id, source.code(), now, next_due, error])?;
        Ok(())
    }

    /// The poll state of a piece: (source, last polled, next due, failures, last error).
    pub fn poll_state(&self, assignment_id: &str) -> Result<Vec<PollState>> {
        let mut st = self.conn.prepare_cached(
            "SELECT source, last_polled_at, next_due_at, failures, last_error FROM engagement_polls
             WHERE assignment_id = ?1 ORDER BY source",
        )?;
        let rows = st
            .query_map([assignment_id], |r| {
                Ok(PollState {
                    source: coded(0, r.get(0)?)?,
                    last_polled_at: r.get(1)?,
                    next_due_at: r.get(2)?,
                    failures: r.get(3)?,
                    last_error: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Stores comments not seen before; returns how many were new.
    pub fn insert_comments(
        &self,
        assignment_id: &str,
        source: EngagementSource,
        comments: &[CitizenComment],
        now: &str,
    ) -> Result<usize> {
        let mut st = self.conn.prepare_cached(
            "INSERT OR IGNORE INTO citizen_comments(id, assignment_id, source, remote_id, author, text, posted_at,
                 collected_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut n = 0;
        for c in comments {
            n += st.execute(params![
                toasoan_domain::ids::new_id(),
                assignment_id,
                source.code(),
                c.remote_id,
                c.author,
                c.text,
                c.posted_at,
                now
            ])?;
        }
        Ok(n)
    }

    /// Citizens' comments on the pieces of a policy (or of one piece), oldest first.
    pub fn citizen_comments(&self, policy_id: Option<&str>, assignment_id: Option<&str>) -> Result<Vec<StoredComment>> {
        let mut st = self.conn.prepare_cached(
            "SELECT c.assignment_id, a.title, c.source, c.author, c.text, c.posted_at
             FROM citizen_comments c JOIN assignments a ON a.id = c.assignment_id
             WHERE (?1 IS NULL OR a.policy_id = ?1) AND (?2 IS NULL OR c.assignment_id = ?2)
             ORDER BY a.num, c.posted_at, length(c.remote_id), c.remote_id",
        )?;
        let rows = st
            .query_map(params![policy_id, assignment_id], |r| {
                Ok(StoredComment {
                    assignment_id: r.get(0)?,
                    title: r.get(1)?,
                    source: coded(2, r.get(2)?)?,
                    author: r.get(3)?,
                    text: r.get(4)?,
                    posted_at: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Every publication URL with its piece (matching export rows).
    pub fn publication_urls(&self) -> Result<Vec<(String, String)>> {
        let mut st = self.conn.prepare("SELECT url, assignment_id FROM publications")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The piece a social post was linked to.
    pub fn engagement_link(&self, source: EngagementSource, external_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT assignment_id FROM engagement_links WHERE source = ?1 AND external_id = ?2")?
            .query_row(params![source.code(), external_id], |r| r.get(0))
            .optional()?)
    }

    /// Links a social post to a piece (kept if it already exists).
    pub fn insert_link(
        &self,
        source: EngagementSource,
        external_id: &str,
        assignment_id: &str,
        now: &str,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR IGNORE INTO engagement_links(source, external_id, assignment_id, linked_at) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![source.code(), external_id, assignment_id, now])?;
        Ok(())
    }

    /// An import of this file (by content) from this source, if any: (id, imported at).
    pub fn import_by_hash(&self, source: EngagementSource, sha256: &str) -> Result<Option<(String, String)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id, imported_at FROM engagement_imports WHERE source = ?1 AND sha256 = ?2")?
            .query_row(params![source.code(), sha256], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// Records an import.
    #[allow(clippy::too_many_arguments)]
    pub fn insert_import(
        &self,
        id: &str,
        source: EngagementSource,
        file_name: &str,
        sha256: &str,
        captured_at: &str,
        rows: usize,
        by: &str,
        now: &str,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO engagement_imports(id, source, file_name, sha256, captured_at, rows_imported, imported_by, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![id, source.code(), file_name, sha256, captured_at, rows as i64, by, now],
        )?;
        Ok(())
    }
}

impl Db<'_> {
    /// A portal's view-counter pattern, if one was set.
    pub fn view_pattern(&self, portal_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT view_pattern FROM portals WHERE id = ?1")?
            .query_row([portal_id], |r| r.get(0))
            .optional()?
            .flatten())
    }

    /// The acceptance that accepted a piece and the figures it froze:
    /// (round, until, views, comments).
    pub fn frozen_figures(&self, assignment_id: &str) -> Result<Option<FrozenFigures>> {
        let row: Option<(i64, String, Option<i64>, Option<i64>)> = self
            .conn
            .prepare_cached(
                "SELECT x.seq, x.period_until, i.views, i.comments FROM acceptance_items i
                 JOIN acceptances x ON x.id = i.acceptance_id WHERE i.assignment_id = ?1",
            )?
            .query_row([assignment_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        row.map(|(seq, until, views, comments)| {
            Ok(FrozenFigures { seq, until: super::date(1, until)?, views, comments })
        })
        .transpose()
    }

    /// Records a Matomo site.
    pub fn insert_matomo_site(&self, m: &toasoan_domain::engagement::MatomoSite, by: &str, now: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO matomo_sites(id, name, base_url, site_id, url_prefix, token_env, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![m.id, m.name, m.base_url, m.site_id, m.url_prefix, m.token_env, by, now],
        )?;
        Ok(())
    }

    /// Every Matomo site, by name.
    pub fn matomo_sites(&self) -> Result<Vec<toasoan_domain::engagement::MatomoSite>> {
        let mut st = self
            .conn
            .prepare("SELECT id, name, base_url, site_id, url_prefix, token_env FROM matomo_sites ORDER BY name")?;
        let rows = st
            .query_map([], |r| {
                Ok(toasoan_domain::engagement::MatomoSite {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    base_url: r.get(2)?,
                    site_id: r.get(3)?,
                    url_prefix: r.get(4)?,
                    token_env: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Sets (or clears) a portal's view-counter pattern.
    pub fn set_view_pattern(&self, portal_id: &str, pattern: Option<&str>) -> Result<()> {
        self.conn.execute("UPDATE portals SET view_pattern = ?2 WHERE id = ?1", params![portal_id, pattern])?;
        Ok(())
    }
}

fn totals_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Totals> {
    Ok(Totals { views: r.get(0)?, visits: r.get(1)?, comments: r.get(2)?, shares: r.get(3)?, reactions: r.get(4)? })
}
