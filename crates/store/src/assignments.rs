//! Assignments, their append-only revisions, the autosave working copy,
//! approvals and recorded publications.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};

use super::{coded, date, Db};
use crate::Result;
use toasoan_domain::time::{from_db, to_db};
use toasoan_domain::{Approval, Assignment, AssignmentResponse, Draft, PolicyStage, Priority, Revision, State};
use toasoan_domain::{ContractPiece, LedgerGroup, WorkingCopy};

/// Line index, state, override, tier flag, day of first publication.
type GroupKey = (usize, State, Option<bool>, bool, Option<NaiveDate>);

/// Consecutive index rows with the same raw values (see [`Store::ledger_groups`]).
struct Run {
    key: GroupKey,
    over: Option<i64>,
    tier: Option<i64>,
    published: bool,
    n: i64,
}

/// The Việt Nam calendar day of a stored UTC instant ("2026-03-04T18:30:00.000Z"
/// at +420 minutes is 2026-03-05), read from its digits.
fn vn_day(t: &str, offset_minutes: i64) -> Option<NaiveDate> {
    let n = |r: std::ops::Range<usize>| t.get(r).and_then(|x| x.parse::<u32>().ok());
    let day = NaiveDate::from_ymd_opt(n(0..4)? as i32, n(5..7)?, n(8..10)?)?;
    let minutes = i64::from(n(11..13)?) * 60 + i64::from(n(14..16)?) + offset_minutes;
    day.checked_add_signed(chrono::Duration::days(minutes.div_euclid(1440)))
}

/// Row to insert for a new assignment.
#[derive(Debug, Clone)]
pub struct NewAssignmentRow<'a> {
    /// UUIDv7.
    pub id: &'a str,
    /// Line item.
    pub line_id: &'a str,
    /// Policy.
    pub policy_id: &'a str,
    /// Working title.
    pub title: &'a str,
    /// Brief.
    pub brief: &'a str,
    /// Reporter person id.
    pub reporter_id: &'a str,
    /// Editor person id.
    pub editor_id: Option<&'a str>,
    /// Deadline.
    pub due_on: NaiveDate,
    /// Thường or gấp.
    pub priority: Priority,
    /// The policy stage it covers.
    pub stage: Option<PolicyStage>,
}

/// Filter for [`Db::list_assignments`].
#[derive(Debug, Clone, Default)]
pub struct AssignmentFilter {
    /// Only this reporter's (login).
    pub reporter: Option<String>,
    /// Only these states.
    pub states: Vec<State>,
    /// Only this contract.
    pub contract_id: Option<String>,
    /// Only this policy.
    pub policy_id: Option<String>,
    /// Only this genre (code).
    pub genre: Option<String>,
    /// Due on or after this day.
    pub due_from: Option<NaiveDate>,
    /// Due on or before this day.
    pub due_to: Option<NaiveDate>,
}

const ASSIGNMENT_SELECT: &str = "SELECT a.id, a.num, a.title, a.brief, a.state, a.due_on,
        a.line_id, l.genre, l.channel, c.id, c.number,
        p.id, p.name, p.doc_number, r.login, r.real_name, e.login, a.created_at, a.updated_at,
        a.priority, a.stage,
        (SELECT json_object('response', x.response, 'reason', x.reason, 'by', xp.login, 'at', x.at)
         FROM assignment_responses x JOIN people xp ON xp.id = x.person_id
         WHERE x.assignment_id = a.id AND x.person_id = a.reporter_id
           AND x.at >= coalesce(a.assigned_at, a.created_at)
         ORDER BY x.at DESC, x.id DESC LIMIT 1)
     FROM assignments a
     JOIN contract_lines l ON l.id = a.line_id
     JOIN contracts c ON c.id = l.contract_id
     JOIN policies p ON p.id = a.policy_id
     JOIN people r ON r.id = a.reporter_id
     LEFT JOIN people e ON e.id = a.editor_id";

/// The WHERE conditions of a filter (appended after `WHERE 1 = 1`) and their arguments.
fn filter_sql(f: &AssignmentFilter) -> (String, Vec<String>) {
    let mut sql = String::new();
    let mut args: Vec<String> = Vec::new();
    if let Some(r) = &f.reporter {
        args.push(r.clone());
        sql.push_str(&format!(" AND r.login = ?{}", args.len()));
    }
    if let Some(c) = &f.contract_id {
        args.push(c.clone());
        sql.push_str(&format!(" AND c.id = ?{}", args.len()));
    }
    if let Some(p) = &f.policy_id {
        args.push(p.clone());
        sql.push_str(&format!(" AND a.policy_id = ?{}", args.len()));
    }
    if let Some(g) = &f.genre {
        args.push(g.clone());
        sql.push_str(&format!(" AND l.genre = ?{}", args.len()));
    }
    if let Some(d) = f.due_from {
        args.push(d.to_string());
        sql.push_str(&format!(" AND a.due_on >= ?{}", args.len()));
    }
    if let Some(d) = f.due_to {
        args.push(d.to_string());
        sql.push_str(&format!(" AND a.due_on <= ?{}", args.len()));
    }
    if !f.states.is_empty() {
        let list: Vec<String> = f.states.iter().map(|s| format!("'{}'", s.code())).collect();
        sql.push_str(&format!(" AND a.state IN ({})", list.join(",")));
    }
    (sql, args)
}

fn assignment(r: &Row<'_>) -> rusqlite::Result<Assignment> {
    Ok(Assignment {
        id: r.get(0)?,
        num: r.get(1)?,
        title: r.get(2)?,
        brief: r.get(3)?,
        state: coded(4, r.get(4)?)?,
        due_on: date(5, r.get(5)?)?,
        line_id: r.get(6)?,
        genre: coded(7, r.get(7)?)?,
        channel: coded(8, r.get(8)?)?,
        contract_id: r.get(9)?,
        contract_number: r.get(10)?,
        policy_id: r.get(11)?,
        policy_name: r.get(12)?,
        policy_doc_number: r.get(13)?,
        reporter: r.get(14)?,
        reporter_name: r.get(15)?,
        editor: r.get(16)?,
        created_at: from_db(&r.get::<_, String>(17)?),
        updated_at: from_db(&r.get::<_, String>(18)?),
        priority: r.get::<_, Option<String>>(19)?.map(|p| coded(19, p)).transpose()?.unwrap_or_default(),
        stage: r.get::<_, Option<String>>(20)?.map(|p| coded(20, p)).transpose()?,
        response: r.get::<_, Option<String>>(21)?.map(|j| response(21, &j)).transpose()?,
    })
}

/// A reporter's answer, as the select's JSON object carries it.
fn response(idx: usize, j: &str) -> rusqlite::Result<AssignmentResponse> {
    let bad = |e: String| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, e.into());
    let v: serde_json::Value = serde_json::from_str(j).map_err(|e| bad(e.to_string()))?;
    let text = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
    Ok(AssignmentResponse {
        response: coded(idx, text("response").unwrap_or_default())?,
        reason: text("reason"),
        by: text("by").unwrap_or_default(),
        at: from_db(&text("at").unwrap_or_default()),
    })
}

const REVISION_SELECT: &str = "SELECT v.id, v.seq, v.headline, v.sapo, v.body, v.byline, v.content_hash,
        p.login, v.reason, v.created_at, v.word_count
     FROM revisions v JOIN people p ON p.id = v.author_id";

fn revision(r: &Row<'_>) -> rusqlite::Result<Revision> {
    Ok(Revision {
        id: r.get(0)?,
        seq: r.get(1)?,
        draft: Draft { headline: r.get(2)?, sapo: r.get(3)?, body: r.get(4)?, byline: r.get(5)? },
        content_hash: r.get(6)?,
        author: r.get(7)?,
        reason: r.get(8)?,
        created_at: from_db(&r.get::<_, String>(9)?),
        word_count: r.get::<_, i64>(10)? as usize,
    })
}

impl Db<'_> {
    /// Inserts an assignment in state `assigned`; returns its number.
    pub fn insert_assignment(&self, a: &NewAssignmentRow<'_>, now: &str) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO assignments(id, line_id, policy_id, title, brief, reporter_id, editor_id, due_on, state,
                 created_at, updated_at, priority, stage, assigned_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'assigned', ?9, ?9, ?10, ?11, ?9)",
            params![
                a.id,
                a.line_id,
                a.policy_id,
                a.title,
                a.brief,
                a.reporter_id,
                a.editor_id,
                a.due_on.to_string(),
                now,
                a.priority.code(),
                a.stage.map(PolicyStage::code)
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Replaces an assignment's terms: title, brief, policy, reporter,
    /// editor, deadline. Its line is not changed (`a.line_id` is ignored):
    /// a piece stays on the contract line it was assigned from.
    pub fn update_assignment(&self, a: &NewAssignmentRow<'_>, now: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE assignments SET policy_id = ?2, title = ?3, brief = ?4, reporter_id = ?5, editor_id = ?6,
                 due_on = ?7, updated_at = ?8, priority = ?9, stage = ?10,
                 assigned_at = CASE WHEN reporter_id IS NOT ?5 THEN ?8 ELSE assigned_at END
             WHERE id = ?1",
            params![
                a.id,
                a.policy_id,
                a.title,
                a.brief,
                a.reporter_id,
                a.editor_id,
                a.due_on.to_string(),
                now,
                a.priority.code(),
                a.stage.map(PolicyStage::code)
            ],
        )?;
        Ok(())
    }

    /// An assignment by UUID or by number.
    pub fn assignment(&self, id_or_num: &str) -> Result<Option<Assignment>> {
        let by_num = id_or_num.trim_start_matches('#').parse::<i64>().ok();
        let sql = if by_num.is_some() {
            format!("{ASSIGNMENT_SELECT} WHERE a.num = ?1")
        } else {
            format!("{ASSIGNMENT_SELECT} WHERE a.id = ?1")
        };
        let mut st = self.conn.prepare_cached(&sql)?;
        Ok(match by_num {
            Some(n) => st.query_row([n], assignment).optional()?,
            None => st.query_row([id_or_num], assignment).optional()?,
        })
    }

    /// Assignments matching a filter: urgent first, then by deadline and number.
    pub fn list_assignments(&self, f: &AssignmentFilter) -> Result<Vec<Assignment>> {
        let (cond, args) = filter_sql(f);
        let mut sql = format!("{ASSIGNMENT_SELECT} WHERE 1 = 1{cond}");
        // Urgent pieces first (they top the review queue), then by deadline.
        sql.push_str(" ORDER BY coalesce(a.priority, 'thuong') = 'thuong', a.due_on, a.num");
        let mut st = self.conn.prepare(&sql)?;
        let rows =
            st.query_map(rusqlite::params_from_iter(args.iter()), assignment)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// A contract's pieces in `states` due on or before `due_until`: the first
    /// `limit` (soonest due first) and how many in all. Both walk the
    /// `assignments_due` index; only the listed ones are joined.
    pub fn due_pieces(
        &self,
        contract_id: &str,
        states: &[State],
        due_until: NaiveDate,
        limit: usize,
    ) -> Result<(Vec<Assignment>, i64)> {
        let list: Vec<String> = states.iter().map(|s| format!("'{}'", s.code())).collect();
        let cond = format!(
            "a.line_id IN (SELECT id FROM contract_lines WHERE contract_id = ?1) AND a.state IN ({}) AND a.due_on <= ?2",
            list.join(",")
        );
        let due = due_until.to_string();
        let count: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM assignments a WHERE {cond}"),
            params![contract_id, due],
            |r| r.get(0),
        )?;
        let mut st = self
            .conn
            .prepare(&format!("SELECT a.num FROM assignments a WHERE {cond} ORDER BY a.due_on, a.num LIMIT {limit}"))?;
        let nums =
            st.query_map(params![contract_id, due], |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        let mut out = Vec::with_capacity(nums.len());
        for n in nums {
            if let Some(a) = self.assignment(&n.to_string())? {
                out.push(a);
            }
        }
        Ok((out, count))
    }

    /// Moves an assignment to a new state.
    pub fn set_state(&self, assignment_id: &str, state: State, now: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE assignments SET state = ?2, updated_at = ?3 WHERE id = ?1",
            params![assignment_id, state.code(), now],
        )?;
        Ok(())
    }

    /// The newest revision of an assignment.
    pub fn latest_revision(&self, assignment_id: &str) -> Result<Option<Revision>> {
        let sql = format!("{REVISION_SELECT} WHERE v.assignment_id = ?1 ORDER BY v.seq DESC LIMIT 1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([assignment_id], revision).optional()?)
    }

    /// Revision number `seq` of an assignment.
    pub fn revision(&self, assignment_id: &str, seq: i64) -> Result<Option<Revision>> {
        let sql = format!("{REVISION_SELECT} WHERE v.assignment_id = ?1 AND v.seq = ?2");
        Ok(self.conn.prepare_cached(&sql)?.query_row(params![assignment_id, seq], revision).optional()?)
    }

    /// A revision by its id.
    pub fn revision_by_id(&self, id: &str) -> Result<Option<Revision>> {
        let sql = format!("{REVISION_SELECT} WHERE v.id = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([id], revision).optional()?)
    }

    /// All revisions, oldest first.
    pub fn revisions(&self, assignment_id: &str) -> Result<Vec<Revision>> {
        let sql = format!("{REVISION_SELECT} WHERE v.assignment_id = ?1 ORDER BY v.seq");
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map([assignment_id], revision)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Appends a revision (revisions are never updated or deleted); its
    /// parent is the piece's newest revision until now (two revisions on one
    /// parent are two branches, from two workbenches).
    pub fn insert_revision(&self, assignment_id: &str, author_id: &str, rev: &Revision) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO revisions(id, assignment_id, seq, headline, sapo, body, byline, content_hash, word_count,
                     author_id, reason, created_at, parent_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
                     (SELECT p.id FROM revisions p WHERE p.assignment_id = ?2 ORDER BY p.seq DESC LIMIT 1))",
            )?
            .execute(params![
                rev.id,
                assignment_id,
                rev.seq,
                rev.draft.headline,
                rev.draft.sapo,
                rev.draft.body,
                rev.draft.byline,
                rev.content_hash,
                rev.word_count as i64,
                author_id,
                rev.reason,
                to_db(rev.created_at)
            ])?;
        Ok(())
    }

    /// The autosave buffer of an assignment.
    pub fn working_copy(&self, assignment_id: &str) -> Result<Option<WorkingCopy>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT headline, sapo, body, byline, author_id, burst_started_at, saved_at
                 FROM working_copies WHERE assignment_id = ?1",
            )?
            .query_row([assignment_id], |r| {
                Ok(WorkingCopy {
                    draft: Draft { headline: r.get(0)?, sapo: r.get(1)?, body: r.get(2)?, byline: r.get(3)? },
                    author_id: r.get(4)?,
                    burst_started_at: from_db(&r.get::<_, String>(5)?),
                    saved_at: from_db(&r.get::<_, String>(6)?),
                })
            })
            .optional()?)
    }

    /// Writes the autosave buffer.
    pub fn put_working_copy(&self, assignment_id: &str, wc: &WorkingCopy) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO working_copies(assignment_id, headline, sapo, body, byline, author_id, burst_started_at, saved_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT(assignment_id) DO UPDATE SET headline = excluded.headline, sapo = excluded.sapo,
                   body = excluded.body, byline = excluded.byline, author_id = excluded.author_id,
                   burst_started_at = excluded.burst_started_at, saved_at = excluded.saved_at",
            )?
            .execute(params![
                assignment_id,
                wc.draft.headline,
                wc.draft.sapo,
                wc.draft.body,
                wc.draft.byline,
                wc.author_id,
                to_db(wc.burst_started_at),
                to_db(wc.saved_at)
            ])?;
        Ok(())
    }

    /// Drops the autosave buffer (after it was sealed into a revision).
    pub fn clear_working_copy(&self, assignment_id: &str) -> Result<()> {
        self.conn.prepare_cached("DELETE FROM working_copies WHERE assignment_id = ?1")?.execute([assignment_id])?;
        Ok(())
    }

    /// Appends an approval.
    pub fn insert_approval(&self, a: &Approval, approver_id: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO approvals(id, assignment_id, revision_id, content_hash, approved_by, approved_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![a.id, a.assignment_id, a.revision_id, a.content_hash, approver_id, to_db(a.approved_at)],
        )?;
        Ok(())
    }

    /// All approvals of an assignment, oldest first.
    pub fn approvals(&self, assignment_id: &str) -> Result<Vec<Approval>> {
        let mut st = self.conn.prepare(
            "SELECT a.id, a.assignment_id, a.revision_id, v.seq, a.content_hash, p.login, a.approved_at
             FROM approvals a JOIN revisions v ON v.id = a.revision_id JOIN people p ON p.id = a.approved_by
             WHERE a.assignment_id = ?1 ORDER BY a.approved_at, a.id",
        )?;
        let rows = st
            .query_map([assignment_id], |r| {
                Ok(Approval {
                    id: r.get(0)?,
                    assignment_id: r.get(1)?,
                    revision_id: r.get(2)?,
                    revision_seq: r.get(3)?,
                    content_hash: r.get(4)?,
                    approved_by: r.get(5)?,
                    approved_at: from_db(&r.get::<_, String>(6)?),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Records a head's counting override (append-only; the newest applies).
    pub fn insert_override(
        &self,
        id: &str,
        assignment_id: &str,
        counts: bool,
        reason: &str,
        by: &str,
        now: &str,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO counting_overrides(id, assignment_id, counts, reason, decided_by, decided_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, assignment_id, i64::from(counts), reason, by, now],
        )?;
        Ok(())
    }

    /// Records a publication of an assignment.
    pub fn insert_publication(
        &self,
        id: &str,
        assignment_id: &str,
        channel: &str,
        url: &str,
        published_at: &str,
        recorded_by: &str,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO publications(id, assignment_id, channel, url, published_at, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, assignment_id, channel, url, published_at, recorded_by],
        )?;
        Ok(())
    }

    /// A contract's pieces grouped for the ledger (see [`LedgerGroup`]), from
    /// the columns the V6 triggers keep, read straight off the covering index
    /// `assignments_ledger` and counted in Rust without allocating per piece.
    /// `utc_offset_minutes` is Việt Nam's offset from UTC, from the time-zone
    /// database (`toasoan_domain::time::vn_offset_minutes`).
    pub fn ledger_groups(&self, contract_id: &str, utc_offset_minutes: i64) -> Result<Vec<LedgerGroup>> {
        let lines: Vec<String> = {
            let mut st = self.conn.prepare_cached("SELECT id FROM contract_lines WHERE contract_id = ?1")?;
            let rows = st.query_map([contract_id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
            rows
        };
        let mut st = self.conn.prepare_cached(
            "SELECT state, counts_override, in_tier, first_published_at FROM assignments WHERE line_id = ?1",
        )?;
        // The day of an instant depends only on its UTC hour when the offset
        // is whole hours ("2026-03-04T16"), on its minute otherwise.
        let prefix = if utc_offset_minutes % 60 == 0 { 13 } else { 16 };
        let mut counts: std::collections::HashMap<GroupKey, i64> = std::collections::HashMap::new();
        // Rows come in index order, so equal keys arrive together: compare the
        // raw values with the previous row's and decode a key once per run.
        let (mut prev_state, mut prev_when) = (Vec::new(), Vec::new());
        for (li, line) in lines.iter().enumerate() {
            let mut run: Option<Run> = None;
            let mut rows = st.query([line])?;
            while let Some(r) = rows.next()? {
                let state = r.get_ref(0)?.as_bytes().map_err(rusqlite::Error::from)?;
                let over = r.get::<_, Option<i64>>(1)?;
                let tier = r.get::<_, Option<i64>>(2)?;
                let when = r.get_ref(3)?.as_bytes_or_null().map_err(rusqlite::Error::from)?;
                let when = when.map(|w| &w[..w.len().min(prefix)]);
                if let Some(run) = &mut run {
                    if run.over == over
                        && run.tier == tier
                        && prev_state == state
                        && run.published == when.is_some()
                        && when.is_none_or(|w| w == prev_when.as_slice())
                    {
                        run.n += 1;
                        continue;
                    }
                }
                if let Some(run) = run.take() {
                    *counts.entry(run.key).or_default() += run.n;
                }
                let decoded: State = coded(0, String::from_utf8_lossy(state).into_owned())?;
                let day = match r.get_ref(3)?.as_str_or_null().map_err(rusqlite::Error::from)? {
                    Some(t) => vn_day(t, utc_offset_minutes),
                    None => None,
                };
                prev_state.clear();
                prev_state.extend_from_slice(state);
                prev_when.clear();
                prev_when.extend_from_slice(when.unwrap_or_default());
                let key = (li, decoded, over.map(|c| c == 1), tier.unwrap_or(0) == 1, day);
                run = Some(Run { key, over, tier, published: when.is_some(), n: 1 });
            }
            if let Some(run) = run {
                *counts.entry(run.key).or_default() += run.n;
            }
        }
        let mut out: Vec<LedgerGroup> = counts
            .into_iter()
            .map(|((li, state, counts_override, in_tier, published_on), n)| LedgerGroup {
                line_id: lines[li].clone(),
                state,
                counts_override,
                in_tier,
                published_on,
                n,
            })
            .collect();
        out.sort_by(|a, b| (&a.line_id, a.published_on).cmp(&(&b.line_id, b.published_on)));
        Ok(out)
    }

    /// Per assignment of a contract: id, line, state, word count of the newest
    /// revision, first publication and newest override (for the contract
    /// report, burn-down and acceptance). Read from the columns the V6
    /// triggers keep on `assignments`: one scan, no lookup per piece.
    pub fn contract_pieces(&self, contract_id: &str) -> Result<Vec<ContractPiece>> {
        let mut st = self.conn.prepare(
            "SELECT a.id, a.line_id, a.state, a.words, a.first_published_at, a.counts_override
             FROM contract_lines l JOIN assignments a ON a.line_id = l.id
             WHERE l.contract_id = ?1",
        )?;
        let rows = st
            .query_map([contract_id], |r| {
                let published: Option<String> = r.get(4)?;
                Ok(ContractPiece {
                    id: r.get(0)?,
                    line_id: r.get(1)?,
                    state: coded(2, r.get(2)?)?,
                    words: r.get(3)?,
                    published_at: published.as_deref().map(from_db),
                    counts_override: r.get::<_, Option<i64>>(5)?.map(|c| c == 1),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

#[cfg(test)]
mod ledger_tests {
    #[test]
    fn the_vn_day_of_a_stored_instant() {
        let d = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(super::vn_day("2026-03-04T16:59:59.000Z", 420), Some(d("2026-03-04")));
        assert_eq!(super::vn_day("2026-03-04T17:00:00.000Z", 420), Some(d("2026-03-05")));
        assert_eq!(super::vn_day("2026-12-31T23:00:00.000Z", 420), Some(d("2027-01-01")));
        assert_eq!(super::vn_day("nonsense", 420), None);
    }
}
