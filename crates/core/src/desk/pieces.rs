//! Assignments and the pieces written for them: drafting, autosave, revisions,
//! and the review transitions.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{active_person, audit, content_hash, new_id, person, Desk};
use crate::diff::{self, FieldDiff};
use crate::domain::AuditAction;
use crate::domain::WorkingCopy;
use crate::domain::{Approval, Assignment, Draft, Person, PieceAction, PolicyStage, Priority, Revision, State};
use crate::error::{Error, Result};
use crate::render;
use crate::search;
use crate::store::{AssignmentFilter, Db, NewAssignmentRow};
use crate::text;
use crate::text::format::date_vi;
use crate::time::to_db;
use crate::workflow::{self, authorize, next_state, Action};

/// A pause in typing longer than this ends a burst: the next autosave first seals
/// the previous text into a revision.
pub const AUTOSAVE_BURST_GAP: Duration = Duration::seconds(30);
/// A burst longer than this is sealed even while typing goes on.
pub const AUTOSAVE_BURST_MAX: Duration = Duration::minutes(5);

/// An assignment to create.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewAssignment {
    /// Contract line id.
    pub line_id: String,
    /// Policy id.
    pub policy_id: String,
    /// Reporter login.
    pub reporter: String,
    /// Responsible editor login.
    pub editor: Option<String>,
    /// Deadline.
    pub due_on: NaiveDate,
    /// Working title.
    pub title: String,
    /// Brief.
    pub brief: String,
    /// Thường or gấp.
    #[serde(default)]
    pub priority: Priority,
    /// The policy stage it covers (the policy's current stage when not said).
    #[serde(default)]
    pub stage: Option<PolicyStage>,
}

/// Changes to an assignment's terms (`newsroom assignment edit`); `None`
/// keeps the current value, `editor: Some("")` removes the editor.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AssignmentEdit {
    /// Working title.
    pub title: Option<String>,
    /// Brief.
    pub brief: Option<String>,
    /// Deadline.
    pub due_on: Option<NaiveDate>,
    /// Reporter login (a reassignment).
    pub reporter: Option<String>,
    /// Responsible editor login; empty for none.
    pub editor: Option<String>,
    /// Policy id.
    pub policy_id: Option<String>,
    /// Thường or gấp.
    #[serde(default)]
    pub priority: Option<Priority>,
    /// The policy stage it covers.
    #[serde(default)]
    pub stage: Option<PolicyStage>,
}

/// An edited assignment and what the editor should know about it (a
/// deadline before the assignment was made or after its contract ends).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EditedAssignment {
    pub assignment: Assignment,
    /// The fields that changed, each with its value before and after.
    pub changed: Vec<FieldChange>,
    pub warnings: Vec<String>,
}

/// One field of an assignment edit: its value before and after.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// Fields to change in an explicit save; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct DraftPatch {
    /// New headline.
    pub headline: Option<String>,
    /// New sapo.
    pub sapo: Option<String>,
    /// New body.
    pub body: Option<String>,
    /// New byline.
    pub byline: Option<String>,
}

/// Result of an explicit save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SaveOutcome {
    /// The newest revision after the save.
    pub revision: Revision,
    /// False when the text was identical to the newest revision (nothing added).
    pub created: bool,
    /// State after the save.
    pub state: State,
}

/// Result of an autosave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AutosaveOutcome {
    /// When the text was made durable.
    pub saved_at: DateTime<Utc>,
    /// The revision sealed from the previous burst, if this autosave began a new one.
    pub sealed_revision: Option<i64>,
    /// State after the autosave.
    pub state: State,
}

/// Typed text as it is kept: within the bounds of
/// [`crate::domain::limits`] (checked before the work of normalizing), NFC,
/// headline, sapo and byline trimmed.
pub(super) fn normalize(d: Draft) -> Result<Draft> {
    crate::domain::limits::check_draft(&d)?;
    Ok(Draft {
        headline: text::nfc(d.headline.trim()),
        sapo: text::nfc(d.sapo.trim()),
        body: text::nfc(&d.body),
        byline: text::nfc(d.byline.trim()),
    })
}

pub(super) fn load(db: &Db<'_>, id: &str) -> Result<Assignment> {
    db.assignment(id.trim())?.ok_or_else(|| Error::not_found("việc được giao", id))
}

/// Moves `a` by `action` after checking roles; audits the transition.
pub(super) fn transition(
    db: &Db<'_>,
    actor: &Person,
    a: &Assignment,
    action: Action,
    detail: serde_json::Value,
    now: &str,
) -> Result<State> {
    authorize(actor, action, Some(&a.reporter))?;
    let to = next_state(a.state, action, actor.role)?;
    if to != a.state {
        db.set_state(&a.id, to, now)?;
        let mut d = json!({ "from": a.state, "to": to });
        if let (Some(m), serde_json::Value::Object(extra)) = (d.as_object_mut(), detail) {
            m.extend(extra);
        }
        audit(db, &actor.login, transition_audit(action), "assignment", &a.id, d, now)?;
    }
    Ok(to)
}

/// The audit action of a workflow move.
fn transition_audit(a: Action) -> AuditAction {
    match a {
        Action::EditDraft => AuditAction::AssignmentDraft,
        Action::Submit => AuditAction::AssignmentSubmit,
        Action::RequestChanges => AuditAction::AssignmentRequestChanges,
        Action::Approve => AuditAction::AssignmentApprove,
        Action::Publish => AuditAction::AssignmentPublish,
        Action::Accept => AuditAction::AssignmentAccept,
        Action::Cancel => AuditAction::AssignmentCancel,
        _ => AuditAction::AssignmentOther,
    }
}

/// The text a person sees now: the autosave buffer, else the newest revision,
/// else an empty draft signed with the reporter's byline.
fn current(db: &Db<'_>, a: &Assignment) -> Result<Draft> {
    if let Some(wc) = db.working_copy(&a.id)? {
        return Ok(wc.draft);
    }
    if let Some(r) = db.latest_revision(&a.id)? {
        return Ok(r.draft);
    }
    let reporter = person(db, &a.reporter)?;
    Ok(Draft { byline: reporter.byline().to_string(), ..Draft::default() })
}

/// Appends a revision unless `draft` equals the newest one; reindexes for search.
fn append_revision(
    db: &Db<'_>,
    actor_login: &str,
    author_id: &str,
    a: &Assignment,
    draft: Draft,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<(Revision, bool)> {
    let latest = db.latest_revision(&a.id)?;
    let hash = content_hash(&draft);
    if let Some(l) = latest.as_ref().filter(|l| l.content_hash == hash) {
        return Ok((l.clone(), false));
    }
    let word_count = text::word_count(&draft.sapo) + text::word_count(&render::plain_text(&draft.body));
    let rev = Revision {
        id: new_id(),
        seq: latest.map_or(1, |l| l.seq + 1),
        draft,
        content_hash: hash,
        author: String::new(),
        reason: reason.to_string(),
        created_at: at,
        word_count,
    };
    db.insert_revision(&a.id, author_id, &rev)?;
    let headline = if rev.draft.headline.is_empty() { &a.title } else { &rev.draft.headline };
    let policy = format!("{} {}", a.policy_name, a.policy_doc_number);
    db.index_assignment(a.num, &search::index_fields(headline, &rev.draft.sapo, &rev.draft.body, &a.brief, &policy))?;
    let now = to_db(at);
    audit(
        db,
        actor_login,
        AuditAction::RevisionAppend,
        "assignment",
        &a.id,
        json!({ "seq": rev.seq, "content_hash": rev.content_hash, "reason": reason, "words": word_count }),
        &now,
    )?;
    let stored = db.latest_revision(&a.id)?.ok_or_else(|| Error::Storage("revision vanished".into()))?;
    Ok((stored, true))
}

/// Seals the autosave buffer into a revision (if it holds anything new).
fn seal(db: &Db<'_>, actor_login: &str, a: &Assignment, at: DateTime<Utc>) -> Result<Option<i64>> {
    let Some(wc) = db.working_copy(&a.id)? else {
        return Ok(None);
    };
    let (rev, created) = append_revision(db, actor_login, &wc.author_id, a, wc.draft, "autosave", wc.saved_at.min(at))?;
    db.clear_working_copy(&a.id)?;
    Ok(created.then_some(rev.seq))
}

impl Desk {
    /// Creates an assignment from a contract line (editors, heads).
    pub fn add_assignment(&self, actor: &Person, n: NewAssignment) -> Result<Assignment> {
        authorize(actor, Action::ManageAssignments, None)?;
        let title = text::required_line("title", &n.title)?;
        let brief = text::nfc(n.brief.trim());
        let now = to_db(self.now());
        self.store.write(|db| {
            let line = db.line(n.line_id.trim())?.ok_or_else(|| Error::not_found("hạng mục hợp đồng", &n.line_id))?;
            let policy = db.policy(n.policy_id.trim())?.ok_or_else(|| Error::not_found("chính sách", &n.policy_id))?;
            let reporter = active_person(db, &n.reporter)?;
            let editor = n.editor.as_deref().map(|e| active_person(db, e)).transpose()?;
            if let Some(e) = &editor {
                workflow::check_editor(e)?;
            }
            let id = new_id();
            let stage = n.stage.unwrap_or(policy.stage);
            let num = db.insert_assignment(
                &NewAssignmentRow {
                    id: &id,
                    line_id: &line.id,
                    policy_id: &policy.id,
                    title: &title,
                    brief: &brief,
                    reporter_id: &reporter.id,
                    editor_id: editor.as_ref().map(|e| e.id.as_str()),
                    due_on: n.due_on,
                    priority: n.priority,
                    stage: Some(stage),
                },
                &now,
            )?;
            let policy_text = format!("{} {}", policy.name, policy.doc_number);
            db.index_assignment(num, &search::index_fields(&title, "", "", &brief, &policy_text))?;
            audit(
                db,
                &actor.login,
                AuditAction::AssignmentAdd,
                "assignment",
                &id,
                json!({ "num": num, "title": title, "reporter": reporter.login, "line_id": line.id, "due": n.due_on,
                        "priority": n.priority, "stage": stage }),
                &now,
            )?;
            load(db, &id)
        })
    }

    /// Changes an assignment's terms (editors, heads): title, brief,
    /// deadline, reporter, editor, policy — all in one transaction with one
    /// audit event naming each change (before → after). Refused for a
    /// cancelled or accepted piece; a new reporter only while the piece is
    /// still the reporter's to write (assigned, drafting, changes requested).
    /// A deadline before the assignment was made or after its contract ends
    /// is allowed with a warning naming the date.
    pub fn edit_assignment(&self, actor: &Person, id: &str, e: AssignmentEdit) -> Result<EditedAssignment> {
        authorize(actor, Action::ManageAssignments, None)?;
        let title = e.title.as_deref().map(|t| text::required_line("title", t)).transpose()?;
        if let Some(t) = &title {
            crate::domain::limits::check_chars("title", t, crate::domain::limits::MAX_HEADLINE_CHARS)?;
        }
        let brief = e.brief.as_deref().map(|b| text::nfc(b.trim()));
        if let Some(b) = &brief {
            crate::domain::limits::check_chars("brief", b, crate::domain::limits::MAX_SAPO_CHARS)?;
        }
        let now = to_db(self.now());
        self.store.write(|db| {
            let a = load(db, id)?;
            if matches!(a.state, State::Cancelled | State::Accepted) {
                return Err(Error::InvalidTransition {
                    action: "sửa việc được giao", state: a.state.label_vi()
                });
            }
            let mut changed: Vec<FieldChange> = Vec::new();
            let mut note = |field: &str, before: &str, after: &str| {
                if before != after {
                    changed.push(FieldChange { field: field.into(), before: before.into(), after: after.into() });
                }
            };
            let title = title.clone().unwrap_or_else(|| a.title.clone());
            note("title", &a.title, &title);
            let brief = brief.clone().unwrap_or_else(|| a.brief.clone());
            note("brief", &a.brief, &brief);
            let due_on = e.due_on.unwrap_or(a.due_on);
            note("due", &a.due_on.to_string(), &due_on.to_string());
            let reporter = match e.reporter.as_deref() {
                Some(login) if login.trim() != a.reporter => active_person(db, login)?,
                _ => person(db, &a.reporter)?,
            };
            if reporter.login != a.reporter
                && !matches!(a.state, State::Assigned | State::Drafting | State::ChangesRequested)
            {
                return Err(Error::InvalidTransition {
                    action: "giao cho phóng viên khác", state: a.state.label_vi()
                });
            }
            note("reporter", &a.reporter, &reporter.login);
            let editor = match e.editor.as_deref().map(str::trim) {
                Some("") => None,
                Some(login) if Some(login) != a.editor.as_deref() => Some(active_person(db, login)?),
                Some(login) => Some(person(db, login)?),
                None => a.editor.as_deref().map(|l| person(db, l)).transpose()?,
            };
            if let Some(ed) = &editor {
                workflow::check_editor(ed)?;
            }
            note("editor", a.editor.as_deref().unwrap_or(""), editor.as_ref().map(|p| p.login.as_str()).unwrap_or(""));
            let policy = match e.policy_id.as_deref() {
                Some(p) => db.policy(p.trim())?.ok_or_else(|| Error::not_found("chính sách", p))?,
                None => db.policy(&a.policy_id)?.ok_or_else(|| Error::not_found("chính sách", &a.policy_id))?,
            };
            note("policy", &a.policy_id, &policy.id);
            let priority = e.priority.unwrap_or(a.priority);
            note("priority", a.priority.code(), priority.code());
            let stage = e.stage.or(a.stage);
            note("stage", a.stage.map_or("", PolicyStage::code), stage.map_or("", PolicyStage::code));
            if changed.is_empty() {
                return Err(Error::invalid("edit", "không có gì thay đổi: nêu ít nhất một trường mới"));
            }
            db.update_assignment(
                &NewAssignmentRow {
                    id: &a.id,
                    line_id: &a.line_id,
                    policy_id: &policy.id,
                    title: &title,
                    brief: &brief,
                    reporter_id: &reporter.id,
                    editor_id: editor.as_ref().map(|p| p.id.as_str()),
                    due_on,
                    priority,
                    stage,
                },
                &now,
            )?;
            let latest = db.latest_revision(&a.id)?;
            let (headline, sapo, body) = latest
                .as_ref()
                .map(|r| (r.draft.headline.as_str(), r.draft.sapo.as_str(), r.draft.body.as_str()))
                .unwrap_or(("", "", ""));
            let headline = if headline.is_empty() { title.as_str() } else { headline };
            let policy_text = format!("{} {}", policy.name, policy.doc_number);
            db.index_assignment(a.num, &search::index_fields(headline, sapo, body, &brief, &policy_text))?;
            audit(
                db,
                &actor.login,
                AuditAction::AssignmentEdit,
                "assignment",
                &a.id,
                json!({ "changes": changed }),
                &now,
            )?;
            let mut warnings = Vec::new();
            let made = crate::time::vn_date(a.created_at);
            // Said when the deadline is set, not again on every later edit.
            let moved = due_on != a.due_on;
            if moved && due_on < made {
                warnings.push(format!("hạn nộp {} trước ngày giao việc {}", date_vi(due_on), date_vi(made)));
            }
            let line = db.line(&a.line_id)?.ok_or_else(|| Error::not_found("dòng hợp đồng", &a.line_id))?;
            if let Some(c) = db.contract(&line.contract_id)?.filter(|_| moved) {
                if due_on > c.end_on {
                    warnings.push(format!(
                        "hạn nộp {} sau ngày kết thúc hợp đồng {} ({})",
                        date_vi(due_on),
                        c.number,
                        date_vi(c.end_on)
                    ));
                }
            }
            Ok(EditedAssignment { assignment: load(db, &a.id)?, changed, warnings })
        })
    }

    /// One assignment (reporters: their own).
    pub fn assignment(&self, actor: &Person, id: &str) -> Result<Assignment> {
        let a = self.store.read(|db| load(db, id))?;
        authorize(actor, Action::Read, Some(&a.reporter))?;
        Ok(a)
    }

    /// What `actor` may do with the piece now: the buttons the app shows.
    pub fn piece_actions(&self, actor: &Person, id: &str) -> Result<Vec<PieceAction>> {
        let a = self.assignment(actor, id)?;
        Ok(workflow::piece_actions(actor, &a))
    }

    /// Assignments by deadline. Reporters only ever see their own; `mine` limits
    /// anyone to their own.
    pub fn assignments(&self, actor: &Person, mine: bool, states: Vec<State>) -> Result<Vec<Assignment>> {
        let reporter = (mine || workflow::reads_only_own(actor)).then(|| actor.login.clone());
        self.store.read(|db| Ok(db.list_assignments(&AssignmentFilter { reporter, states, ..Default::default() })?))
    }

    /// The current text of a piece (autosave buffer included).
    pub fn draft(&self, actor: &Person, id: &str) -> Result<Draft> {
        self.store.read(|db| {
            let a = load(db, id)?;
            authorize(actor, Action::Read, Some(&a.reporter))?;
            current(db, &a)
        })
    }

    /// Explicit save: seals any autosaved text, then appends a revision with the
    /// patch applied (no revision when nothing changed).
    pub fn save_draft(&self, actor: &Person, id: &str, patch: DraftPatch) -> Result<SaveOutcome> {
        let at = self.now();
        let now = to_db(at);
        self.store.write(|db| {
            let a = load(db, id)?;
            let state = transition(db, actor, &a, Action::EditDraft, json!({}), &now)?;
            seal(db, &actor.login, &a, at)?;
            let cur = current(db, &a)?;
            let draft = normalize(Draft {
                headline: patch.headline.unwrap_or(cur.headline),
                sapo: patch.sapo.unwrap_or(cur.sapo),
                body: patch.body.unwrap_or(cur.body),
                byline: patch.byline.unwrap_or(cur.byline),
            })?;
            let (revision, created) = append_revision(db, &actor.login, &actor.id, &a, draft, "save", at)?;
            Ok(SaveOutcome { revision, created, state })
        })
    }

    /// Autosave: makes the typed text durable at once (one small transaction, WAL,
    /// synchronous=FULL) and coalesces bursts of typing into revisions: when the
    /// last autosave is older than [`AUTOSAVE_BURST_GAP`], or the burst older than
    /// [`AUTOSAVE_BURST_MAX`], the previous text is sealed into a revision first.
    pub fn autosave(&self, actor: &Person, id: &str, draft: Draft) -> Result<AutosaveOutcome> {
        let at = self.now();
        let now = to_db(at);
        let draft = normalize(draft)?;
        self.store.write(|db| {
            let a = load(db, id)?;
            let state = transition(db, actor, &a, Action::EditDraft, json!({}), &now)?;
            let mut burst_started_at = at;
            let mut sealed_revision = None;
            if let Some(wc) = db.working_copy(&a.id)? {
                let burst_over = at - wc.saved_at > AUTOSAVE_BURST_GAP
                    || at - wc.burst_started_at > AUTOSAVE_BURST_MAX
                    || wc.author_id != actor.id;
                if burst_over {
                    sealed_revision = seal(db, &actor.login, &a, at)?;
                } else {
                    burst_started_at = wc.burst_started_at;
                }
            }
            db.put_working_copy(
                &a.id,
                &WorkingCopy { draft, author_id: actor.id.clone(), burst_started_at, saved_at: at },
            )?;
            Ok(AutosaveOutcome { saved_at: at, sealed_revision, state })
        })
    }

    /// Revisions of a piece, oldest first.
    pub fn history(&self, actor: &Person, id: &str) -> Result<Vec<Revision>> {
        self.store.read(|db| {
            let a = load(db, id)?;
            authorize(actor, Action::Read, Some(&a.reporter))?;
            Ok(db.revisions(&a.id)?)
        })
    }

    /// One revision by number.
    pub fn revision(&self, actor: &Person, id: &str, seq: i64) -> Result<Revision> {
        self.store.read(|db| {
            let a = load(db, id)?;
            authorize(actor, Action::Read, Some(&a.reporter))?;
            db.revision(&a.id, seq)?.ok_or_else(|| Error::not_found("bản lưu", format!("{seq}")))
        })
    }

    /// Differences between revisions `a` and `b` of a piece.
    pub fn diff(&self, actor: &Person, id: &str, a: i64, b: i64) -> Result<(Revision, Revision, Vec<FieldDiff>)> {
        let ra = self.revision(actor, id, a)?;
        let rb = self.revision(actor, id, b)?;
        let d = diff::diff(&ra.draft, &rb.draft);
        Ok((ra, rb, d))
    }

    /// Submits the piece for review. Needs a headline and a body.
    pub fn submit(&self, actor: &Person, id: &str) -> Result<Revision> {
        let at = self.now();
        let now = to_db(at);
        self.store.write(|db| {
            let a = load(db, id)?;
            authorize(actor, Action::Submit, Some(&a.reporter))?;
            next_state(a.state, Action::Submit, actor.role)?;
            seal(db, &actor.login, &a, at)?;
            let rev =
                db.latest_revision(&a.id)?.ok_or_else(|| Error::invalid("draft", "chưa có bản viết nào để nộp"))?;
            if rev.draft.headline.trim().is_empty() {
                return Err(Error::invalid("headline", "tít đang trống — cần có tít trước khi nộp bài"));
            }
            if rev.draft.body.trim().is_empty() {
                return Err(Error::invalid("body", "chính văn đang trống — không thể nộp bài"));
            }
            transition(
                db,
                actor,
                &a,
                Action::Submit,
                json!({ "seq": rev.seq, "content_hash": rev.content_hash }),
                &now,
            )?;
            Ok(rev)
        })
    }

    /// Sends the piece back with a comment (editors, heads).
    pub fn request_changes(&self, actor: &Person, id: &str, comment: &str) -> Result<String> {
        let text = text::nfc(comment.trim());
        if text.is_empty() {
            return Err(Error::invalid("comment", "cần ghi rõ yêu cầu sửa"));
        }
        let at = self.now();
        let now = to_db(at);
        self.store.write(|db| {
            let a = load(db, id)?;
            authorize(actor, Action::RequestChanges, Some(&a.reporter))?;
            next_state(a.state, Action::RequestChanges, actor.role)?;
            seal(db, &actor.login, &a, at)?;
            let cid = super::comments::insert(db, actor, &a.id, &text, &now)?;
            transition(db, actor, &a, Action::RequestChanges, json!({ "comment_id": cid }), &now)?;
            Ok(cid)
        })
    }

    /// Approves the exact newest revision (editors, heads) and records its hash.
    pub fn approve(&self, actor: &Person, id: &str) -> Result<Approval> {
        let at = self.now();
        let now = to_db(at);
        self.store.write(|db| {
            let a = load(db, id)?;
            authorize(actor, Action::Approve, Some(&a.reporter))?;
            next_state(a.state, Action::Approve, actor.role)?;
            seal(db, &actor.login, &a, at)?;
            let rev =
                db.latest_revision(&a.id)?.ok_or_else(|| Error::invalid("draft", "chưa có bản viết nào để duyệt"))?;
            let approval = Approval {
                id: new_id(),
                assignment_id: a.id.clone(),
                revision_id: rev.id.clone(),
                revision_seq: rev.seq,
                content_hash: rev.content_hash.clone(),
                approved_by: actor.login.clone(),
                approved_at: at,
            };
            db.insert_approval(&approval, &actor.id)?;
            transition(
                db,
                actor,
                &a,
                Action::Approve,
                json!({ "approval_id": approval.id, "seq": rev.seq, "content_hash": rev.content_hash }),
                &now,
            )?;
            Ok(approval)
        })
    }

    /// Approvals of a piece, oldest first.
    pub fn approvals(&self, actor: &Person, id: &str) -> Result<Vec<Approval>> {
        self.store.read(|db| {
            let a = load(db, id)?;
            authorize(actor, Action::Read, Some(&a.reporter))?;
            Ok(db.approvals(&a.id)?)
        })
    }

    /// Records that an approved piece was published at `url` (editors, heads).
    /// The portal adapters record richer proof; this is the manual path.
    pub fn mark_published(
        &self,
        actor: &Person,
        id: &str,
        url: &str,
        published_at: Option<DateTime<Utc>>,
    ) -> Result<State> {
        let url = url.trim();
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://")) || url.contains(char::is_whitespace) {
            return Err(Error::invalid("url", format!("«{url}» không phải địa chỉ http(s)")));
        }
        crate::domain::limits::check_url_len("url", url)?;
        let at = self.now();
        let now = to_db(at);
        self.store.write(|db| {
            let a = load(db, id)?;
            let pid = new_id();
            let state = transition(db, actor, &a, Action::Publish, json!({ "publication_id": pid, "url": url }), &now)?;
            db.insert_publication(&pid, &a.id, a.channel.code(), url, &to_db(published_at.unwrap_or(at)), &actor.id)?;
            Ok(state)
        })
    }

    /// A head's written decision that a piece counts (or does not count) toward
    /// its contract line, whatever the rules say; the newest decision applies,
    /// every one is kept and audited.
    pub fn override_counting(&self, actor: &Person, id: &str, counts: bool, reason: &str) -> Result<String> {
        authorize(actor, Action::OverrideCounting, None)?;
        let reason = text::nfc(reason.trim());
        if reason.is_empty() {
            return Err(Error::invalid("reason", "cần ghi lý do điều chỉnh cách tính"));
        }
        if reason.chars().count() > 1000 {
            return Err(Error::invalid("reason", "lý do dài quá 1.000 ký tự"));
        }
        let oid = new_id();
        let now = to_db(self.now());
        self.store.write(|db| {
            let a = load(db, id)?;
            if a.state == State::Cancelled {
                return Err(Error::InvalidTransition {
                    action: Action::OverrideCounting.label_vi(),
                    state: a.state.label_vi(),
                });
            }
            db.insert_override(&oid, &a.id, counts, &reason, &actor.id, &now)?;
            let detail = json!({ "override_id": oid, "counts": counts, "reason": reason });
            audit(db, &actor.login, AuditAction::AssignmentOverride, "assignment", &a.id, detail, &now)?;
            Ok(oid)
        })
    }

    /// A piece alone is never accepted: acceptance is what the agency pays
    /// for, so it happens only through an acceptance round of the piece's
    /// contract ([`Desk::create_acceptance`]), which freezes its bảng kê row.
    /// (Accepting a piece here once moved it to *accepted* outside any round,
    /// and rounds take only *published* pieces: it never reached a bảng kê.)
    /// The refusal names the contract and the command; nothing changes.
    pub fn accept(&self, actor: &Person, id: &str) -> Result<State> {
        authorize(actor, Action::Accept, None)?;
        self.store.read(|db| {
            let a = load(db, id)?;
            let line = db.line(&a.line_id)?.ok_or_else(|| Error::not_found("dòng hợp đồng", &a.line_id))?;
            let c = db.contract(&line.contract_id)?.ok_or_else(|| Error::not_found("hợp đồng", &line.contract_id))?;
            let (number, contract_id) = (c.number, c.id);
            Err(Error::Forbidden {
                rule: "acceptance-round",
                detail: format!(
                    "bài chỉ được nghiệm thu trong một đợt nghiệm thu của hợp đồng {number} (mã {contract_id}), để có dòng trong bảng kê: \
                     hãy lập đợt nghiệm thu ở màn hình Hợp đồng › «Nghiệm thu»"
                ),
            })
        })
    }

    /// Cancels an assignment with a reason (editors, heads).
    pub fn cancel(&self, actor: &Person, id: &str, reason: &str) -> Result<State> {
        let reason = text::nfc(reason.trim());
        if reason.is_empty() {
            return Err(Error::invalid("reason", "cần ghi lý do hủy"));
        }
        let now = to_db(self.now());
        self.store.write(|db| {
            let a = load(db, id)?;
            transition(db, actor, &a, Action::Cancel, json!({ "reason": reason }), &now)
        })
    }
}
