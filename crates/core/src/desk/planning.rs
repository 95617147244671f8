//! Planning: the desk's assignments on a calendar by deadline, each
//! reporter's load, and reporters' answers (accept / decline).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{audit, new_id, Desk};
use crate::domain::limits::check_chars;
use crate::domain::AuditAction;
use crate::domain::{Assignment, AssignmentResponse, Genre, Person, Priority, ResponseKind, Role, State};
use crate::error::{Error, Result};
use crate::store::AssignmentFilter;
use crate::text::{self, collate, format::date_vi};
use crate::time::{to_db, vn_date};
use crate::workflow::{authorize, Action, AT_RISK_DAYS};

/// The longest span a planning view covers (a month view shows six weeks).
pub const MAX_PLANNING_DAYS: i64 = 93;

/// Longest reason a reporter gives for declining.
const MAX_REASON_CHARS: usize = 2_000;

/// What a planning view shows (`Desk::planning`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanningQuery {
    /// First day shown.
    pub from: NaiveDate,
    /// Last day shown.
    pub to: NaiveDate,
    /// Only this reporter's (login).
    pub reporter: Option<String>,
    pub contract_id: Option<String>,
    pub policy_id: Option<String>,
    /// Only these states (all when empty).
    pub states: Vec<State>,
    pub genre: Option<Genre>,
}

/// One assignment on the calendar.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanEntry {
    pub assignment: Assignment,
    /// Past its deadline and not handed in.
    pub overdue: bool,
    /// Due within [`AT_RISK_DAYS`] days and not handed in.
    pub at_risk: bool,
}

/// A reporter's load in the period shown.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReporterLoad {
    pub login: String,
    pub name: String,
    /// Pieces due in the period and not yet approved.
    pub open: u32,
    /// Of which urgent.
    pub urgent: u32,
    /// Of which overdue.
    pub overdue: u32,
    /// Declined and waiting to be given to someone else.
    pub declined: u32,
}

/// The planning view.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Planning {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    /// By deadline, urgent first within a day.
    pub entries: Vec<PlanEntry>,
    /// Every active reporter (Vietnamese order), with no piece too.
    pub load: Vec<ReporterLoad>,
}

/// A reporter's answer, recorded.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ResponseOutcome {
    pub assignment: Assignment,
    pub response: AssignmentResponse,
}

/// Not yet handed in: the reporter's to write.
fn writing(s: State) -> bool {
    matches!(s, State::Assigned | State::Drafting | State::ChangesRequested)
}

impl Desk {
    /// The desk's assignments due in `[from, to]` with overdue and at-risk
    /// marked, and each active reporter's load (editors, heads).
    pub fn planning(&self, actor: &Person, q: &PlanningQuery) -> Result<Planning> {
        authorize(actor, Action::ManageAssignments, None)?;
        if q.to < q.from {
            return Err(Error::invalid(
                "to",
                format!("ngày cuối {} trước ngày đầu {}", date_vi(q.to), date_vi(q.from)),
            ));
        }
        if (q.to - q.from).num_days() >= MAX_PLANNING_DAYS {
            return Err(Error::invalid("to", format!("kế hoạch xem tối đa {MAX_PLANNING_DAYS} ngày một lần")));
        }
        let today = vn_date(self.now());
        let soon = today + chrono::Duration::days(AT_RISK_DAYS);
        let (assignments, people) = self.store.read(|db| {
            let list = db.list_assignments(&AssignmentFilter {
                reporter: q.reporter.as_deref().map(|r| r.trim().to_string()),
                states: q.states.clone(),
                contract_id: q.contract_id.clone(),
                policy_id: q.policy_id.clone(),
                genre: q.genre.map(|g| g.code().to_string()),
                due_from: Some(q.from),
                due_to: Some(q.to),
            })?;
            Ok((list, db.list_people()?))
        })?;
        let mut load: Vec<ReporterLoad> = people
            .iter()
            .filter(|p| p.role == Role::Reporter && p.active)
            .filter(|p| q.reporter.as_deref().is_none_or(|r| r.trim() == p.login))
            .map(|p| ReporterLoad {
                login: p.login.clone(),
                name: p.real_name.clone(),
                open: 0,
                urgent: 0,
                overdue: 0,
                declined: 0,
            })
            .collect();
        collate::sort_people(&mut load, |l| &l.name, |l| &l.login);
        let mut entries = Vec::with_capacity(assignments.len());
        for a in assignments {
            let overdue = writing(a.state) && a.due_on < today;
            let at_risk = writing(a.state) && !overdue && a.due_on <= soon;
            if let Some(l) = load.iter_mut().find(|l| l.login == a.reporter) {
                if writing(a.state) || a.state == State::Submitted {
                    l.open += 1;
                    l.urgent += u32::from(a.priority == Priority::Gap);
                    l.overdue += u32::from(overdue);
                }
                let declined = a.response.as_ref().is_some_and(|r| r.response == ResponseKind::Decline);
                l.declined += u32::from(declined && a.state == State::Assigned);
            }
            entries.push(PlanEntry { assignment: a, overdue, at_risk });
        }
        // By day; within a day urgent first (the store's order is urgent first overall).
        entries.sort_by(|x, y| {
            let (a, b) = (&x.assignment, &y.assignment);
            a.due_on
                .cmp(&b.due_on)
                .then((a.priority == Priority::Thuong).cmp(&(b.priority == Priority::Thuong)))
                .then(a.num.cmp(&b.num))
        });
        Ok(Planning { from: q.from, to: q.to, today, entries, load })
    }

    /// The reporter accepts or declines their assignment (a decline needs a
    /// reason; the editor sees it and gives the piece to someone else).
    /// Only the piece's reporter answers, before handing it in.
    pub fn respond(
        &self,
        actor: &Person,
        id: &str,
        response: ResponseKind,
        reason: Option<&str>,
    ) -> Result<ResponseOutcome> {
        let reason = reason.map(|r| text::nfc(r.trim())).filter(|r| !r.is_empty());
        if response == ResponseKind::Decline && reason.is_none() {
            return Err(Error::invalid("reason", "từ chối việc cần nêu lý do"));
        }
        if let Some(r) = &reason {
            check_chars("reason", r, MAX_REASON_CHARS)?;
        }
        let at = self.now();
        let now = to_db(at);
        self.store.write(|db| {
            let a = super::pieces::load(db, id)?;
            authorize(actor, Action::Respond, Some(&a.reporter))?;
            if a.reporter != actor.login {
                return Err(Error::Forbidden {
                    rule: "reporter-own-assignment",
                    detail: format!("chỉ phóng viên được giao ({}) mới nhận hoặc từ chối việc này", a.reporter),
                });
            }
            if !matches!(a.state, State::Assigned | State::Drafting) {
                return Err(Error::InvalidTransition { action: response.label_vi(), state: a.state.label_vi() });
            }
            if a.response.as_ref().is_some_and(|r| r.response == response) {
                return Err(Error::Conflict(format!("bạn đã {} việc #{} rồi", response.label_vi(), a.num)));
            }
            let me = db.person_by_login(&actor.login)?.ok_or_else(|| Error::not_found("người dùng", &actor.login))?;
            db.insert_response(&new_id(), &a.id, &me.id, response, reason.as_deref(), &now)?;
            let action = match response {
                ResponseKind::Accept => AuditAction::AssignmentTaken,
                ResponseKind::Decline => AuditAction::AssignmentDecline,
            };
            audit(db, &actor.login, action, "assignment", &a.id, json!({ "reason": reason }), &now)?;
            let assignment = super::pieces::load(db, &a.id)?;
            let response = assignment.response.clone().ok_or_else(|| Error::Storage("response vanished".into()))?;
            Ok(ResponseOutcome { assignment, response })
        })
    }
}
