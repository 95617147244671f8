//! Contract amendments (phụ lục) and acceptances (nghiệm thu): both append-only.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};

use super::{coded, date, Db};
use crate::Result;
use toasoan_domain::time::{from_db, to_db};
use toasoan_domain::AcceptanceCandidate;
use toasoan_domain::{Acceptance, AcceptanceItem, Amendment, AmendmentLine};

fn amendment_head(r: &Row<'_>) -> rusqlite::Result<Amendment> {
    Ok(Amendment {
        id: r.get(0)?,
        contract_id: r.get(1)?,
        number: r.get(2)?,
        signed_on: r.get::<_, Option<String>>(3)?.map(|s| date(3, s)).transpose()?,
        reason: r.get(4)?,
        total_value_before: r.get(5)?,
        total_value_after: r.get(6)?,
        created_by: r.get(7)?,
        created_at: from_db(&r.get::<_, String>(8)?),
        lines: Vec::new(),
    })
}

fn acceptance_head(r: &Row<'_>) -> rusqlite::Result<Acceptance> {
    Ok(Acceptance {
        id: r.get(0)?,
        contract_id: r.get(1)?,
        seq: r.get(2)?,
        period_from: date(3, r.get(3)?)?,
        period_until: date(4, r.get(4)?)?,
        total_amount: r.get(5)?,
        created_by: r.get(6)?,
        created_at: from_db(&r.get::<_, String>(7)?),
        items: Vec::new(),
    })
}

const ACCEPTANCE_SELECT: &str = "SELECT x.id, x.contract_id, x.seq, x.period_from, x.period_until, x.total_amount,
            p.login, x.created_at
     FROM acceptances x JOIN people p ON p.id = x.created_by";

impl Db<'_> {
    /// Records an amendment and its line changes (the caller applies them).
    pub fn insert_amendment(&self, a: &Amendment, actor_id: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO contract_amendments(id, contract_id, number, signed_on, reason, total_value_before,
                                             total_value_after, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                a.id,
                a.contract_id,
                a.number,
                a.signed_on.map(|d| d.to_string()),
                a.reason,
                a.total_value_before,
                a.total_value_after,
                actor_id,
                to_db(a.created_at)
            ],
        )?;
        let mut st = self.conn.prepare_cached(
            "INSERT INTO amendment_lines(amendment_id, line_id, quantity_before, quantity_after, unit_price_before,
                                         unit_price_after)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for l in &a.lines {
            st.execute(params![
                a.id,
                l.line_id,
                l.quantity_before,
                l.quantity_after,
                l.unit_price_before,
                l.unit_price_after
            ])?;
        }
        Ok(())
    }

    /// True when the contract already has an amendment with that number.
    pub fn amendment_number_taken(&self, contract_id: &str, number: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM contract_amendments WHERE contract_id = ?1 AND number = ?2)",
            [contract_id, number],
            |r| r.get(0),
        )?)
    }

    /// A contract's amendments, oldest first, with their line changes.
    pub fn amendments(&self, contract_id: &str) -> Result<Vec<Amendment>> {
        let mut st = self.conn.prepare(
            "SELECT m.id, m.contract_id, m.number, m.signed_on, m.reason, m.total_value_before, m.total_value_after,
                    p.login, m.created_at
             FROM contract_amendments m JOIN people p ON p.id = m.created_by
             WHERE m.contract_id = ?1 ORDER BY m.created_at, m.id",
        )?;
        let mut out = st.query_map([contract_id], amendment_head)?.collect::<rusqlite::Result<Vec<_>>>()?;
        let mut lines = self.conn.prepare_cached(
            "SELECT line_id, quantity_before, quantity_after, unit_price_before, unit_price_after
             FROM amendment_lines WHERE amendment_id = ?1 ORDER BY rowid",
        )?;
        for a in &mut out {
            a.lines = lines
                .query_map([&a.id], |r| {
                    Ok(AmendmentLine {
                        line_id: r.get(0)?,
                        quantity_before: r.get(1)?,
                        quantity_after: r.get(2)?,
                        unit_price_before: r.get(3)?,
                        unit_price_after: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
        }
        Ok(out)
    }

    /// Published pieces of a contract, with their approved text's figures and
    /// their first publication: what an acceptance would list.
    pub fn acceptance_candidates(&self, contract_id: &str) -> Result<Vec<AcceptanceCandidate>> {
        let mut st = self.conn.prepare(
            "SELECT a.id, a.line_id, a.state, coalesce(nullif(r.headline, ''), a.title), coalesce(r.byline, ''),
                    coalesce(r.word_count, 0), ap.content_hash, p.published_at, p.url, po.name, p.remote_id,
                    p.sent_sha256
             FROM assignments a
             JOIN contract_lines l ON l.id = a.line_id
             JOIN publications p ON p.id = (SELECT id FROM publications WHERE assignment_id = a.id
                                            ORDER BY published_at, id LIMIT 1)
             LEFT JOIN approvals ap ON ap.id = (SELECT id FROM approvals WHERE assignment_id = a.id
                                               ORDER BY approved_at DESC, id DESC LIMIT 1)
             LEFT JOIN revisions r ON r.id = ap.revision_id
             LEFT JOIN portals po ON po.id = p.portal_id
             WHERE l.contract_id = ?1 AND a.state = 'published'
             ORDER BY p.published_at, a.num",
        )?;
        let rows = st
            .query_map([contract_id], |r| {
                Ok(AcceptanceCandidate {
                    assignment_id: r.get(0)?,
                    line_id: r.get(1)?,
                    state: coded(2, r.get(2)?)?,
                    headline: r.get(3)?,
                    author: r.get(4)?,
                    words: r.get(5)?,
                    content_hash: r.get(6)?,
                    published_at: from_db(&r.get::<_, String>(7)?),
                    url: r.get(8)?,
                    outlet: r.get(9)?,
                    remote_id: r.get(10)?,
                    sent_sha256: r.get(11)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Records an acceptance and its frozen list.
    pub fn insert_acceptance(&self, x: &Acceptance, actor_id: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO acceptances(id, contract_id, seq, period_from, period_until, total_amount, created_by,
                                     created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                x.id,
                x.contract_id,
                x.seq,
                x.period_from.to_string(),
                x.period_until.to_string(),
                x.total_amount,
                actor_id,
                to_db(x.created_at)
            ],
        )?;
        let mut st = self.conn.prepare_cached(
            "INSERT INTO acceptance_items(acceptance_id, position, assignment_id, line_id, headline, author, genre,
                 channel, outlet, published_at, url, remote_id, sent_sha256, content_hash, words, unit_price, amount,
                 views, comments)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        )?;
        for i in &x.items {
            st.execute(params![
                x.id,
                i.position,
                i.assignment_id,
                i.line_id,
                i.headline,
                i.author,
                i.genre.code(),
                i.channel.code(),
                i.outlet,
                to_db(i.published_at),
                i.url,
                i.remote_id,
                i.sent_sha256,
                i.content_hash,
                i.words,
                i.unit_price,
                i.amount,
                i.views,
                i.comments
            ])?;
        }
        Ok(())
    }

    /// A contract's acceptances, oldest first (heads only: without items).
    pub fn acceptances(&self, contract_id: &str) -> Result<Vec<Acceptance>> {
        let sql = format!("{ACCEPTANCE_SELECT} WHERE x.contract_id = ?1 ORDER BY x.seq");
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map([contract_id], acceptance_head)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The acceptance of a contract covering up to `until`, if any.
    pub fn acceptance_until(&self, contract_id: &str, until: NaiveDate) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM acceptances WHERE contract_id = ?1 AND period_until = ?2",
                params![contract_id, until.to_string()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// An acceptance with its items.
    pub fn acceptance(&self, id: &str) -> Result<Option<Acceptance>> {
        let sql = format!("{ACCEPTANCE_SELECT} WHERE x.id = ?1");
        let Some(mut x) = self.conn.query_row(&sql, [id], acceptance_head).optional()? else {
            return Ok(None);
        };
        let mut st = self.conn.prepare_cached(
            "SELECT position, assignment_id, line_id, headline, author, genre, channel, outlet, published_at, url,
                    remote_id, sent_sha256, content_hash, words, unit_price, amount, views, comments
             FROM acceptance_items WHERE acceptance_id = ?1 ORDER BY position",
        )?;
        x.items = st
            .query_map([id], |r| {
                Ok(AcceptanceItem {
                    position: r.get(0)?,
                    assignment_id: r.get(1)?,
                    line_id: r.get(2)?,
                    headline: r.get(3)?,
                    author: r.get(4)?,
                    genre: coded(5, r.get(5)?)?,
                    channel: coded(6, r.get(6)?)?,
                    outlet: r.get(7)?,
                    published_at: from_db(&r.get::<_, String>(8)?),
                    url: r.get(9)?,
                    remote_id: r.get(10)?,
                    sent_sha256: r.get(11)?,
                    content_hash: r.get(12)?,
                    words: r.get(13)?,
                    unit_price: r.get(14)?,
                    amount: r.get(15)?,
                    views: r.get(16)?,
                    comments: r.get(17)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Some(x))
    }

    /// Pieces of each line already accepted: line id → count.
    pub fn accepted_per_line(&self, contract_id: &str) -> Result<Vec<(String, i64)>> {
        let mut st = self.conn.prepare(
            "SELECT i.line_id, count(*) FROM acceptance_items i JOIN acceptances x ON x.id = i.acceptance_id
             WHERE x.contract_id = ?1 GROUP BY i.line_id",
        )?;
        let rows =
            st.query_map([contract_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
