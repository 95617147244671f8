//! Editorial comments: add, edit and delete (by their author), resolve, list per
//! piece and across the desk.

use serde_json::json;

use super::{audit, new_id, Desk};
use crate::domain::AuditAction;
use crate::domain::{Comment, Person};
use crate::error::{Error, Result};
use crate::store::{CommentFilter, Db};
use crate::text;
use crate::time::to_db;
use crate::workflow::{self, authorize, next_state, Action};

fn comment_text(s: &str) -> Result<String> {
    crate::domain::limits::check_chars("text", s.trim(), crate::domain::limits::MAX_FEEDBACK_CHARS)?;
    let t = text::nfc(s.trim());
    if t.is_empty() {
        return Err(Error::invalid("text", "góp ý không được để trống"));
    }
    Ok(t)
}

fn load_comment(db: &Db<'_>, id: &str) -> Result<Comment> {
    db.comment(id.trim())?.ok_or_else(|| Error::not_found("góp ý", id))
}

fn author_only(actor: &Person, c: &Comment) -> Result<()> {
    if c.author != actor.login {
        return Err(Error::Forbidden {
            rule: "comment-author-only",
            detail: format!("chỉ tác giả góp ý ({}) được sửa hoặc xóa góp ý này", c.author),
        });
    }
    Ok(())
}

/// Records a comment on a piece, with its audit event, in the caller's
/// transaction (a plain comment, or the one that requests changes).
pub(super) fn insert(db: &Db<'_>, actor: &Person, assignment_id: &str, text: &str, now: &str) -> Result<String> {
    let id = new_id();
    db.insert_comment(&id, assignment_id, &actor.id, text, now)?;
    let detail = json!({ "comment_id": id, "text": text });
    audit(db, &actor.login, AuditAction::CommentAdd, "assignment", assignment_id, detail, now)?;
    Ok(id)
}

impl Desk {
    /// Adds a comment to a piece.
    pub fn add_comment(&self, actor: &Person, assignment: &str, text: &str) -> Result<Comment> {
        let text = comment_text(text)?;
        let now = to_db(self.now());
        self.store.write(|db| {
            let a = db.assignment(assignment.trim())?.ok_or_else(|| Error::not_found("việc được giao", assignment))?;
            authorize(actor, Action::Comment, Some(&a.reporter))?;
            next_state(a.state, Action::Comment, actor.role)?;
            let id = insert(db, actor, &a.id, &text, &now)?;
            load_comment(db, &id)
        })
    }

    /// Changes a comment's text (its author only); the old text stays in the audit log.
    pub fn edit_comment(&self, actor: &Person, id: &str, text: &str) -> Result<Comment> {
        let text = comment_text(text)?;
        let now = to_db(self.now());
        self.store.write(|db| {
            let c = load_comment(db, id)?;
            author_only(actor, &c)?;
            db.edit_comment(&c.id, &text, &now)?;
            audit(
                db,
                &actor.login,
                AuditAction::CommentEdit,
                "assignment",
                &c.assignment_id,
                json!({ "comment_id": c.id, "old": c.text, "new": text }),
                &now,
            )?;
            load_comment(db, &c.id)
        })
    }

    /// Deletes a comment (its author only); the text stays in the audit log.
    pub fn delete_comment(&self, actor: &Person, id: &str) -> Result<()> {
        let now = to_db(self.now());
        self.store.write(|db| {
            let c = load_comment(db, id)?;
            author_only(actor, &c)?;
            db.delete_comment(&c.id, &now)?;
            audit(
                db,
                &actor.login,
                AuditAction::CommentDelete,
                "assignment",
                &c.assignment_id,
                json!({ "comment_id": c.id, "text": c.text }),
                &now,
            )
        })
    }

    /// Marks a comment resolved (its author, editors, heads).
    pub fn resolve_comment(&self, actor: &Person, id: &str) -> Result<Comment> {
        let now = to_db(self.now());
        self.store.write(|db| {
            let c = load_comment(db, id)?;
            authorize(actor, Action::ResolveComment, Some(&c.author))?;
            if c.resolved_at.is_none() {
                db.resolve_comment(&c.id, &actor.id, &now)?;
                audit(
                    db,
                    &actor.login,
                    AuditAction::CommentResolve,
                    "assignment",
                    &c.assignment_id,
                    json!({ "comment_id": c.id }),
                    &now,
                )?;
            }
            load_comment(db, &c.id)
        })
    }

    /// Comments on one piece, or across the desk (reporters: on their own pieces).
    pub fn comments(&self, actor: &Person, assignment: Option<&str>, unresolved_only: bool) -> Result<Vec<Comment>> {
        self.store.read(|db| {
            let assignment_id = match assignment {
                Some(x) => {
                    let a = db.assignment(x.trim())?.ok_or_else(|| Error::not_found("việc được giao", x))?;
                    authorize(actor, Action::Read, Some(&a.reporter))?;
                    Some(a.id)
                }
                None => None,
            };
            let all = db.list_comments(&CommentFilter { assignment_id, unresolved_only })?;
            if !workflow::reads_only_own(actor) {
                return Ok(all);
            }
            let mut own = Vec::new();
            for c in all {
                if db.assignment(&c.assignment_id)?.is_some_and(|a| a.reporter == actor.login) {
                    own.push(c);
                }
            }
            Ok(own)
        })
    }
}
