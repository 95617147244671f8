//! The full-text index: an FTS5 table over *folded* text (see
//! [`crate::text::fold`]), keyed by assignment number. Contentless: the original
//! text lives in revisions; snippets are cut in Rust from it.

use rusqlite::{params, Connection};

use super::Db;
use crate::error::Result;
use crate::{render, text};

/// Folded text of one assignment, per indexed column.
#[derive(Debug, Clone, Default)]
pub struct IndexFields {
    /// Headline (or working title before the first draft).
    pub headline: String,
    /// Sapo.
    pub sapo: String,
    /// Plain text of the body.
    pub body: String,
    /// Assignment brief.
    pub brief: String,
    /// Policy name and document number.
    pub policy: String,
}

impl IndexFields {
    /// Builds folded index fields from original text.
    pub fn fold(headline: &str, sapo: &str, body_markdown: &str, brief: &str, policy: &str) -> Self {
        IndexFields {
            headline: text::fold(headline),
            sapo: text::fold(sapo),
            body: text::fold(&render::plain_text(body_markdown)),
            brief: text::fold(brief),
            policy: text::fold(policy),
        }
    }
}

/// A match: the assignment number (FTS rowid; higher is newer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchCandidate {
    /// Assignment number.
    pub num: i64,
}

impl Db<'_> {
    /// Replaces the index row of an assignment.
    pub fn index_assignment(&self, num: i64, f: &IndexFields) -> Result<()> {
        index(self.conn, num, f)
    }

    /// The newest `limit` matches of an FTS5 MATCH expression. Walking the index
    /// in rowid order stops after `limit` rows and computes no corpus statistics,
    /// so the cost does not grow with the number of matches or of pieces.
    pub fn search_candidates(&self, match_expr: &str, limit: usize) -> Result<Vec<SearchCandidate>> {
        let mut st = self.conn.prepare_cached(
            "SELECT rowid FROM search_index WHERE search_index MATCH ?1 ORDER BY rowid DESC LIMIT ?2",
        )?;
        let rows = st
            .query_map(params![match_expr, limit as i64], |r| Ok(SearchCandidate { num: r.get(0)? }))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

fn index(conn: &Connection, num: i64, f: &IndexFields) -> Result<()> {
    conn.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?.execute([num])?;
    conn.prepare_cached(
        "INSERT INTO search_index(rowid, headline, sapo, body, brief, policy) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![num, f.headline, f.sapo, f.body, f.brief, f.policy])?;
    Ok(())
}

/// Migration 2's backfill: indexes every existing assignment from its newest
/// revision (SQL pinned to schema v1 tables).
pub(super) fn backfill(conn: &Connection) -> Result<()> {
    let mut st = conn.prepare(
        "SELECT a.num, a.title, a.brief, p.name || ' ' || p.doc_number,
                v.headline, v.sapo, v.body
         FROM assignments a JOIN policies p ON p.id = a.policy_id
         LEFT JOIN revisions v ON v.assignment_id = a.id
              AND v.seq = (SELECT max(seq) FROM revisions WHERE assignment_id = a.id)",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (num, title, brief, policy, headline, sapo, body) in rows {
        let headline = headline.filter(|h| !h.is_empty()).unwrap_or(title);
        let f = IndexFields::fold(&headline, &sapo.unwrap_or_default(), &body.unwrap_or_default(), &brief, &policy);
        index(conn, num, &f)?;
    }
    Ok(())
}
