//! Citizens' feedback from every channel: recorded, forwarded to the agency,
//! answered.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{audit, new_id, Desk};
use crate::domain::limits::{check_chars, MAX_FEEDBACK_CHARS};
use crate::domain::AuditAction;
use crate::domain::{Feedback, FeedbackChannel, FeedbackState, Person};
use crate::error::{Error, Result};
use crate::store::{FeedbackFilter, NewFeedbackRow};
use crate::text::{self, format::date_vi};
use crate::time::{to_db, vn_date};
use crate::workflow::{authorize, reads_only_own, Action};

/// Feedback to record (`newsroom feedback add`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewFeedback {
    pub policy_id: String,
    pub channel: FeedbackChannel,
    pub text: String,
    /// The piece it came under or is about.
    pub assignment_id: Option<String>,
    /// Day received; today when not said.
    pub received_on: Option<NaiveDate>,
}

/// What to list (`newsroom feedback list`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FeedbackQuery {
    pub policy_id: Option<String>,
    pub state: Option<FeedbackState>,
}

/// Feedback older than this many years is refused as a typing error.
const OLDEST_YEARS: i64 = 20;

fn body(field: &'static str, s: &str) -> Result<String> {
    let v = text::nfc(s.trim());
    if v.is_empty() {
        return Err(Error::invalid(field, "không được để trống"));
    }
    check_chars(field, &v, MAX_FEEDBACK_CHARS)?;
    Ok(v)
}

impl Desk {
    /// Records a citizen's feedback (editors, heads), state «mới».
    pub fn add_feedback(&self, actor: &Person, f: NewFeedback) -> Result<Feedback> {
        authorize(actor, Action::ManageFeedback, None)?;
        let text = body("text", &f.text)?;
        let today = vn_date(self.now());
        let on = f.received_on.unwrap_or(today);
        if on > today {
            return Err(Error::invalid(
                "on",
                format!("ngày nhận {} ở tương lai (hôm nay {})", date_vi(on), date_vi(today)),
            ));
        }
        if on < today - chrono::Duration::days(366 * OLDEST_YEARS) {
            return Err(Error::invalid("on", format!("ngày nhận {} quá xa (hơn {OLDEST_YEARS} năm)", date_vi(on))));
        }
        let now = to_db(self.now());
        self.store.write(|db| {
            let policy = db.policy(f.policy_id.trim())?.ok_or_else(|| Error::not_found("chính sách", &f.policy_id))?;
            let piece = match f.assignment_id.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
                Some(a) => Some(db.assignment(a)?.ok_or_else(|| Error::not_found("bài", a))?),
                None => None,
            };
            if let Some(p) = piece.as_ref().filter(|p| p.policy_id != policy.id) {
                return Err(Error::invalid(
                    "assignment",
                    format!("bài #{} «{}» nói về chính sách khác ({})", p.num, p.title, p.policy_name),
                ));
            }
            let id = new_id();
            db.insert_feedback(
                &NewFeedbackRow {
                    id: &id,
                    policy_id: &policy.id,
                    assignment_id: piece.as_ref().map(|p| p.id.as_str()),
                    channel: f.channel,
                    text: &text,
                    received_on: on,
                    recorded_by: &actor.id,
                },
                &now,
            )?;
            audit(
                db,
                &actor.login,
                AuditAction::FeedbackAdd,
                "feedback",
                &id,
                json!({ "policy_id": policy.id, "channel": f.channel, "assignment_id": piece.as_ref().map(|p| &p.id) }),
                &now,
            )?;
            db.feedback(&id)?.ok_or_else(|| Error::Storage("feedback vanished".into()))
        })
    }

    /// Feedback, newest first: editors and heads see all, a reporter what
    /// came under their own pieces.
    pub fn feedback_list(&self, actor: &Person, q: &FeedbackQuery) -> Result<Vec<Feedback>> {
        self.store.read(|db| {
            let reporter_id = if reads_only_own(actor) {
                Some(db.person_by_login(&actor.login)?.map(|p| p.id).unwrap_or_default())
            } else {
                None
            };
            Ok(db.feedback_list(&FeedbackFilter {
                policy_id: q.policy_id.as_deref().map(|p| p.trim().to_string()),
                state: q.state,
                reporter_id,
                ..Default::default()
            })?)
        })
    }

    /// Marks feedback forwarded to the agency (or a person there).
    pub fn forward_feedback(&self, actor: &Person, id: &str, to: &str) -> Result<Feedback> {
        authorize(actor, Action::ManageFeedback, None)?;
        let to = text::required_line("to", to)?;
        check_chars("to", &to, 300)?;
        let now = to_db(self.now());
        let today = vn_date(self.now());
        self.store.write(|db| {
            let f = db.feedback(id.trim())?.ok_or_else(|| Error::not_found("ý kiến", id))?;
            if f.state == FeedbackState::DaTraLoi {
                return Err(Error::Conflict(format!(
                    "ý kiến này đã được trả lời ngày {}; không chuyển lại",
                    f.answered_on.map(date_vi).unwrap_or_default()
                )));
            }
            db.forward_feedback(&f.id, &to, today, &now)?;
            audit(db, &actor.login, AuditAction::FeedbackForward, "feedback", &f.id, json!({ "to": to }), &now)?;
            db.feedback(&f.id)?.ok_or_else(|| Error::Storage("feedback vanished".into()))
        })
    }

    /// Records the answer given to the citizen (state «đã trả lời»).
    pub fn answer_feedback(&self, actor: &Person, id: &str, answer: &str) -> Result<Feedback> {
        authorize(actor, Action::ManageFeedback, None)?;
        let answer = body("text", answer)?;
        let now = to_db(self.now());
        let today = vn_date(self.now());
        self.store.write(|db| {
            let f = db.feedback(id.trim())?.ok_or_else(|| Error::not_found("ý kiến", id))?;
            db.answer_feedback(&f.id, &answer, today, &now)?;
            audit(
                db,
                &actor.login,
                AuditAction::FeedbackAnswer,
                "feedback",
                &f.id,
                json!({ "chars": answer.chars().count(), "again": f.state == FeedbackState::DaTraLoi }),
                &now,
            )?;
            db.feedback(&f.id)?.ok_or_else(|| Error::Storage("feedback vanished".into()))
        })
    }
}
