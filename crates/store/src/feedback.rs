//! Citizens' feedback from every channel (hotline, meetings, Zalo OA,
//! Facebook, the portal), with what became of it.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};

use super::{coded, date, Db};
use crate::Result;
use toasoan_domain::{Feedback, FeedbackChannel, FeedbackState};

const FEEDBACK_SELECT: &str = "SELECT f.id, f.policy_id, p.name, f.assignment_id, a.title, f.channel, f.text,
        f.received_on, f.state, f.forwarded_to, f.forwarded_on, f.answer, f.answered_on, r.login
     FROM feedback f JOIN policies p ON p.id = f.policy_id
     JOIN people r ON r.id = f.recorded_by
     LEFT JOIN assignments a ON a.id = f.assignment_id";

fn opt_date(idx: usize, s: Option<String>) -> rusqlite::Result<Option<NaiveDate>> {
    s.map(|s| date(idx, s)).transpose()
}

fn feedback(r: &Row<'_>) -> rusqlite::Result<Feedback> {
    Ok(Feedback {
        id: r.get(0)?,
        policy_id: r.get(1)?,
        policy_name: r.get(2)?,
        assignment_id: r.get(3)?,
        assignment_title: r.get(4)?,
        channel: coded(5, r.get(5)?)?,
        text: r.get(6)?,
        received_on: date(7, r.get(7)?)?,
        state: coded(8, r.get(8)?)?,
        forwarded_to: r.get(9)?,
        forwarded_on: opt_date(10, r.get(10)?)?,
        answer: r.get(11)?,
        answered_on: opt_date(12, r.get(12)?)?,
        recorded_by: r.get(13)?,
    })
}

/// Feedback to record.
#[derive(Debug, Clone)]
pub struct NewFeedbackRow<'a> {
    /// UUIDv7.
    pub id: &'a str,
    /// Policy.
    pub policy_id: &'a str,
    /// Piece, if any.
    pub assignment_id: Option<&'a str>,
    /// Channel.
    pub channel: FeedbackChannel,
    /// Text.
    pub text: &'a str,
    /// Day received.
    pub received_on: NaiveDate,
    /// Who records it (person id).
    pub recorded_by: &'a str,
}

/// Filter for [`Db::feedback_list`].
#[derive(Debug, Clone, Default)]
pub struct FeedbackFilter {
    /// Only about this policy.
    pub policy_id: Option<String>,
    /// Only in this state.
    pub state: Option<FeedbackState>,
    /// Only on pieces of this reporter (person id): what a reporter sees.
    pub reporter_id: Option<String>,
    /// Received on or after.
    pub from: Option<NaiveDate>,
    /// Received on or before.
    pub to: Option<NaiveDate>,
}

impl Db<'_> {
    /// Records feedback (state «mới»).
    pub fn insert_feedback(&self, f: &NewFeedbackRow<'_>, now: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO feedback(id, policy_id, assignment_id, channel, text, received_on, state, recorded_by,
                 created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'moi', ?7, ?8, ?8)",
            params![
                f.id,
                f.policy_id,
                f.assignment_id,
                f.channel.code(),
                f.text,
                f.received_on.to_string(),
                f.recorded_by,
                now
            ],
        )?;
        Ok(())
    }

    /// One piece of feedback.
    pub fn feedback(&self, id: &str) -> Result<Option<Feedback>> {
        let sql = format!("{FEEDBACK_SELECT} WHERE f.id = ?1");
        Ok(self.conn.query_row(&sql, [id], feedback).optional()?)
    }

    /// Marks feedback forwarded to an agency.
    pub fn forward_feedback(&self, id: &str, to: &str, on: NaiveDate, now: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE feedback SET state = 'da-chuyen', forwarded_to = ?2, forwarded_on = ?3, updated_at = ?4 WHERE id = ?1",
            params![id, to, on.to_string(), now],
        )?;
        Ok(())
    }

    /// Records the answer given.
    pub fn answer_feedback(&self, id: &str, answer: &str, on: NaiveDate, now: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE feedback SET state = 'da-tra-loi', answer = ?2, answered_on = ?3, updated_at = ?4 WHERE id = ?1",
            params![id, answer, on.to_string(), now],
        )?;
        Ok(())
    }

    /// Feedback matching a filter, newest first.
    pub fn feedback_list(&self, f: &FeedbackFilter) -> Result<Vec<Feedback>> {
        let mut sql = format!("{FEEDBACK_SELECT} WHERE 1 = 1");
        let mut args: Vec<String> = Vec::new();
        let mut cond = |sql: &mut String, c: &str, v: String| {
            args.push(v);
            sql.push_str(&format!(" AND {c} ?{}", args.len()));
        };
        if let Some(p) = &f.policy_id {
            cond(&mut sql, "f.policy_id =", p.clone());
        }
        if let Some(s) = f.state {
            cond(&mut sql, "f.state =", s.code().to_string());
        }
        if let Some(r) = &f.reporter_id {
            cond(&mut sql, "a.reporter_id =", r.clone());
        }
        if let Some(d) = f.from {
            cond(&mut sql, "f.received_on >=", d.to_string());
        }
        if let Some(d) = f.to {
            cond(&mut sql, "f.received_on <=", d.to_string());
        }
        sql.push_str(" ORDER BY f.received_on DESC, f.created_at DESC");
        let mut st = self.conn.prepare(&sql)?;
        let rows =
            st.query_map(rusqlite::params_from_iter(args.iter()), feedback)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
