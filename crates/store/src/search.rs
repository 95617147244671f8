//! The full-text index: an FTS5 table over *folded* text (see
//! `toasoan_domain::text::fold`), keyed by assignment number. Contentless: the original
//! text lives in revisions; snippets are cut in Rust from it.

use rusqlite::{params, Connection};

use super::Db;
use crate::Result;
use toasoan_domain::SearchCandidate;

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

impl Db<'_> {
    /// Replaces the index row of an assignment.
    pub fn index_assignment(&self, num: i64, f: &IndexFields) -> Result<()> {
        index(self.conn, num, f)
    }

    /// The newest `limit` matches of an FTS5 MATCH expression among the
    /// pieces numbered `from` or later. Walking the index in rowid order stops
    /// after `limit` rows and computes no corpus statistics, so the cost does
    /// not grow with the number of matches; `from` bounds it when matches are
    /// rare among pieces holding every word (FTS5 seeks to it).
    pub fn search_candidates(&self, match_expr: &str, limit: usize, from: i64) -> Result<Vec<SearchCandidate>> {
        let mut st = self.conn.prepare_cached(
            "SELECT rowid FROM search_index WHERE search_index MATCH ?1 AND rowid >= ?3 ORDER BY rowid DESC LIMIT ?2",
        )?;
        let rows = st
            .query_map(params![match_expr, limit as i64, from], |r| Ok(SearchCandidate { num: r.get(0)? }))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The highest assignment number (0 when there is none).
    pub fn newest_num(&self) -> Result<i64> {
        Ok(self.conn.prepare_cached("SELECT coalesce(max(num), 0) FROM assignments")?.query_row([], |r| r.get(0))?)
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

/// Migration 2's backfill: the index is filled by the desk, which knows how
/// Markdown becomes text; the store only notes that it must be (see
/// [`Db::pieces_to_index`], [`REINDEX_KEY`]).
pub(super) fn backfill(conn: &Connection) -> Result<()> {
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, 'pending')", [REINDEX_KEY])?;
    Ok(())
}

/// `meta` key set while the search index must be rebuilt from the pieces.
pub const REINDEX_KEY: &str = "search_reindex";

/// What the index is built from, for one assignment: its newest revision
/// (or its working title when it has none).
#[derive(Debug, Clone)]
pub struct IndexRow {
    /// Assignment number (the index's rowid).
    pub num: i64,
    /// Headline of the newest revision, else the working title.
    pub headline: String,
    /// Sapo of the newest revision.
    pub sapo: String,
    /// Markdown body of the newest revision.
    pub body: String,
    /// Brief.
    pub brief: String,
    /// Policy name and document number.
    pub policy: String,
}

impl Db<'_> {
    /// Every assignment with what its index row is built from.
    pub fn pieces_to_index(&self) -> Result<Vec<IndexRow>> {
        self.index_rows(None)
    }

    /// What the index row of one assignment is built from (after a pull).
    pub fn piece_to_index(&self, assignment_id: &str) -> Result<Option<IndexRow>> {
        Ok(self.index_rows(Some(assignment_id))?.pop())
    }

    fn index_rows(&self, only: Option<&str>) -> Result<Vec<IndexRow>> {
        // Two statements, not `?1 IS NULL OR a.id = ?1`: SQLite would scan
        // every assignment for the one asked (a pull reindexes piece by piece).
        let sql = format!(
            "SELECT a.num, a.title, a.brief, p.name || ' ' || p.doc_number,
                    v.headline, v.sapo, v.body
             FROM assignments a JOIN policies p ON p.id = a.policy_id
             LEFT JOIN revisions v ON v.assignment_id = a.id
                  AND v.seq = (SELECT max(seq) FROM revisions WHERE assignment_id = a.id){}",
            if only.is_some() { " WHERE a.id = ?1" } else { "" }
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let params: Vec<&str> = only.into_iter().collect();
        let rows = st
            .query_map(rusqlite::params_from_iter(params), |r| {
                let title: String = r.get(1)?;
                Ok(IndexRow {
                    num: r.get(0)?,
                    headline: r.get::<_, Option<String>>(4)?.filter(|h| !h.is_empty()).unwrap_or(title),
                    sapo: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                    body: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
                    brief: r.get(2)?,
                    policy: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::IndexFields;
    use crate::Store;

    /// The bound a walk is given: rows numbered below it are not looked at;
    /// without it (`i64::MIN`) every match is, newest first.
    #[test]
    fn a_walk_stops_at_its_lower_bound() {
        let store = Store::open_in_memory().unwrap();
        let f = |h: &str| IndexFields { headline: h.into(), ..Default::default() };
        let nums: Vec<i64> = store
            .write(|db| {
                for (num, h) in [(3, "nghi dinh moi"), (40_000, "nghi quyet ve dinh muc"), (50_000, "nghi dinh 32")] {
                    db.index_assignment(num, &f(h))?;
                }
                let all = db.search_candidates("\"nghi dinh\"", 200, i64::MIN)?;
                let recent = db.search_candidates("\"nghi dinh\"", 200, 40_000)?;
                assert_eq!(recent.iter().map(|c| c.num).collect::<Vec<_>>(), [50_000]);
                Ok(all.iter().map(|c| c.num).collect())
            })
            .unwrap();
        assert_eq!(nums, [50_000, 3], "newest first, every match");
    }
}
