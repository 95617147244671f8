//! The period report's one query ("kết quả truyền thông chính sách").

use rusqlite::params;

use super::{coded, Db};
use crate::Result;
use toasoan_domain::{PeriodGroup, PolicyStage, State};

/// (state, within the word tier, newest override, pieces): what decides
/// whether pieces count, and how many share it.
pub type Counting = (State, bool, Option<bool>, i64);

/// A piece of a line first published in a period, with what decides whether
/// it counts (see [`Db::line_pieces_in`]).
#[derive(Debug, Clone)]
pub struct LinePiece {
    /// Policy id.
    pub policy_id: String,
    /// Stage covered.
    pub stage: Option<PolicyStage>,
    /// State.
    pub state: State,
    /// Within the line's word tier.
    pub in_tier: bool,
    /// Newest counting override.
    pub counts_override: Option<bool>,
}

impl Db<'_> {
    /// Pieces first published in `[from_utc, until_utc)` (stored UTC
    /// instants), grouped by policy, stage, line, state and what decides
    /// whether they count, with their audience summed: one pass over the
    /// pieces, joined to their newest audience totals.
    pub fn period_groups(&self, from_utc: &str, until_utc: &str) -> Result<Vec<PeriodGroup>> {
        // Grouped first over the pieces alone, walking the covering index
        // `assignments_published` in group order (no sort), each joined to
        // its totals by number (`engagement_totals_num`); then the few groups
        // joined to their names.
        let mut st = self.conn.prepare_cached(
            "SELECT g.policy_id, p.name, g.stage, g.line_id, l.genre, l.channel, l.unit_price, l.quantity,
                    c.agency_id, ag.name, g.state, g.tier, g.over, g.n, g.views, g.visits, g.comments, g.shares,
                    g.reactions
             FROM (SELECT a.policy_id, a.stage, a.line_id, a.state, coalesce(a.in_tier, 0) AS tier,
                          a.counts_override AS over, count(*) AS n,
                          coalesce(sum(t.views), 0) AS views, coalesce(sum(t.visits), 0) AS visits,
                          coalesce(sum(t.comments), 0) AS comments, coalesce(sum(t.shares), 0) AS shares,
                          coalesce(sum(t.reactions), 0) AS reactions
                   FROM assignments a INDEXED BY assignments_published
                   LEFT JOIN engagement_totals t INDEXED BY engagement_totals_num ON t.num = a.num
                   WHERE a.first_published_at >= ?1 AND a.first_published_at < ?2
                   GROUP BY a.policy_id, a.stage, a.line_id, a.state, a.in_tier, a.counts_override) g
             JOIN contract_lines l ON l.id = g.line_id
             JOIN contracts c ON c.id = l.contract_id
             JOIN agencies ag ON ag.id = c.agency_id
             JOIN policies p ON p.id = g.policy_id",
        )?;
        let rows = st
            .query_map(params![from_utc, until_utc], |r| {
                Ok(PeriodGroup {
                    policy_id: r.get(0)?,
                    policy_name: r.get(1)?,
                    stage: r.get::<_, Option<String>>(2)?.map(|s| coded(2, s)).transpose()?,
                    line_id: r.get(3)?,
                    genre: coded(4, r.get(4)?)?,
                    channel: coded(5, r.get(5)?)?,
                    unit_price: r.get(6)?,
                    quantity: r.get(7)?,
                    agency_id: r.get(8)?,
                    agency_name: r.get(9)?,
                    state: coded(10, r.get(10)?)?,
                    in_tier: r.get::<_, i64>(11)? == 1,
                    counts_override: r.get::<_, Option<i64>>(12)?.map(|c| c == 1),
                    pieces: r.get(13)?,
                    audience: [r.get(14)?, r.get(15)?, r.get(16)?, r.get(17)?, r.get(18)?],
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Feedback received in `[from, to]` (Việt Nam days) per policy and channel.
    pub fn feedback_counts(&self, from: &str, to: &str) -> Result<Vec<(String, String, i64)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT policy_id, channel, count(*) FROM feedback WHERE received_on >= ?1 AND received_on <= ?2
             GROUP BY policy_id, channel",
        )?;
        let rows = st
            .query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// A line's pieces first published before `from_utc`, grouped by what
    /// decides whether they count: (state, in tier, override, pieces).
    pub fn line_counting_before(&self, line_id: &str, from_utc: &str) -> Result<Vec<Counting>> {
        let mut st = self.conn.prepare_cached(
            "SELECT state, coalesce(in_tier, 0), counts_override, count(*) FROM assignments
             WHERE line_id = ?1 AND first_published_at < ?2 GROUP BY 1, 2, 3",
        )?;
        let rows = st
            .query_map(params![line_id, from_utc], |r| {
                Ok((
                    coded(0, r.get(0)?)?,
                    r.get::<_, i64>(1)? == 1,
                    r.get::<_, Option<i64>>(2)?.map(|c| c == 1),
                    r.get(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// A line's pieces first published in `[from_utc, until_utc)`, oldest first.
    pub fn line_pieces_in(&self, line_id: &str, from_utc: &str, until_utc: &str) -> Result<Vec<LinePiece>> {
        let mut st = self.conn.prepare_cached(
            "SELECT policy_id, stage, state, coalesce(in_tier, 0), counts_override FROM assignments
             WHERE line_id = ?1 AND first_published_at >= ?2 AND first_published_at < ?3
             ORDER BY first_published_at, num",
        )?;
        let rows = st
            .query_map(params![line_id, from_utc, until_utc], |r| {
                Ok(LinePiece {
                    policy_id: r.get(0)?,
                    stage: r.get::<_, Option<String>>(1)?.map(|s| coded(1, s)).transpose()?,
                    state: coded(2, r.get(2)?)?,
                    in_tier: r.get::<_, i64>(3)? == 1,
                    counts_override: r.get::<_, Option<i64>>(4)?.map(|c| c == 1),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
