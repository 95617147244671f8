//! Team mode's notifications: what reaches a person through sync, told in
//! the app. They are read off what a pull brings (the audit events of other
//! people about this person's pieces, a piece that just branched) and off
//! the hub's refusals of a push; a first copy tells nothing (its history is
//! not news). Solo mode has none: every change there is made at this desk.

use serde::Serialize;

use super::{new_id, Desk, Team};
use crate::domain::AuditAction;
use crate::domain::{Notification, NotificationKind, Person, Role, SyncRefusal};
use crate::error::{Error, Result};
use crate::store::{Db, RowIn};
use crate::time::to_db;

/// Most characters of a comment or a reason kept in a notification.
const DETAIL_CHARS: usize = 500;

/// What the window's team status shows besides the connection, read from
/// this workbench alone (no network).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HubCounts {
    /// Changes waiting to be sent.
    pub pending: u32,
    /// Pieces with two versions to merge.
    pub conflicts: u32,
    /// Unread notifications.
    pub unread: u32,
    /// Refused changes not yet dismissed.
    pub refused: u32,
    /// Rows received from the hub and set aside here (tried again on each sync).
    pub set_aside: u32,
    /// The last complete sync (UTC, stored form), if any.
    pub last_sync: Option<String>,
}

fn clip(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(DETAIL_CHARS) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The notifications `me` gets from pulled rows: other people's audit
/// events about `me`'s pieces (editors and heads also hear of pieces
/// submitted for review).
pub(super) fn from_pulled(db: &Db<'_>, me: &Person, rows: &[RowIn<'_>]) -> Result<()> {
    for r in rows.iter().filter(|r| r.tbl == "audit_log" && !r.deleted) {
        let d = r.data;
        let (Some(action), Some(actor), Some(kind), Some(piece), Some(at)) = (
            d["action"].as_str(),
            d["actor"].as_str(),
            d["entity_kind"].as_str(),
            d["entity_id"].as_str(),
            d["at"].as_str(),
        ) else {
            continue;
        };
        if actor == me.login || kind != "assignment" {
            continue;
        }
        let Some(reporter) = db.piece_reporter(piece)? else { continue };
        let mine = reporter == me.login;
        let detail: serde_json::Value = match &d["detail"] {
            serde_json::Value::String(s) => serde_json::from_str(s).unwrap_or_default(),
            v => v.clone(),
        };
        let (what, text) = match AuditAction::from_code(action) {
            Some(AuditAction::AssignmentAdd) if mine => (NotificationKind::Assigned, String::new()),
            Some(AuditAction::AssignmentSubmit) if matches!(me.role, Role::Editor | Role::Head) => {
                (NotificationKind::Submitted, String::new())
            }
            Some(AuditAction::AssignmentRequestChanges) if mine => {
                let comment = match detail["comment_id"].as_str() {
                    Some(c) => db.comment_text(c)?.unwrap_or_default(),
                    None => String::new(),
                };
                (NotificationKind::ChangesRequested, clip(&comment))
            }
            // A piece given to me by a reassignment is a new assignment to me.
            Some(AuditAction::AssignmentEdit)
                if mine
                    && detail["changes"].as_array().is_some_and(|c| {
                        c.iter().any(|x| x["field"] == "reporter" && x["after"] == me.login.as_str())
                    }) =>
            {
                (NotificationKind::Assigned, String::new())
            }
            Some(AuditAction::AssignmentDecline) if matches!(me.role, Role::Editor | Role::Head) => {
                (NotificationKind::Declined, clip(detail["reason"].as_str().unwrap_or_default()))
            }
            Some(AuditAction::AssignmentApprove) if mine => (NotificationKind::Approved, String::new()),
            Some(AuditAction::AssignmentPublish) | Some(AuditAction::PublishSent) if mine => {
                (NotificationKind::Published, detail["url"].as_str().unwrap_or_default().to_string())
            }
            _ => continue,
        };
        db.add_notification(r.id, what, Some(piece), actor, &text, at)?;
    }
    Ok(())
}

/// A piece that just branched: both of its versions' authors hear of it.
pub(super) fn branched(db: &Db<'_>, me: &Person, piece: &str, now: &str) -> Result<()> {
    let leaves = db.leaf_revisions(piece)?;
    let mut other = String::new();
    for id in &leaves {
        if let Some(r) = db.revision_by_id(id)? {
            if r.author != me.login {
                other = r.author;
            }
        }
    }
    db.add_notification(&new_id(), NotificationKind::Conflict, Some(piece), &other, "", now)?;
    Ok(())
}

/// The piece a refused row belongs to: the row itself, or its `assignment_id`.
pub(super) fn refused_piece(tbl: &str, row_id: &str, data: Option<&serde_json::Value>) -> Option<String> {
    if tbl == "assignments" {
        Some(row_id.to_string())
    } else {
        data.and_then(|d| d["assignment_id"].as_str()).map(str::to_string)
    }
}

/// A change of this workbench the hub refused, told to its author (once
/// per piece and push: one act is several rows).
pub(super) fn refused(db: &Db<'_>, piece: Option<&str>, reason: &str, now: &str) -> Result<()> {
    db.add_notification(&new_id(), NotificationKind::Refused, piece, "", &clip(reason), now)?;
    Ok(())
}

impl Desk {
    /// This workbench's person's notifications, newest first (at most
    /// `toasoan_store::NOTIFICATIONS_SHOWN`).
    pub fn notifications(&self, actor: &Person) -> Result<Vec<Notification>> {
        self.own_list(actor)?;
        self.store.read(|db| Ok(db.notifications()?))
    }

    /// Marks notifications read (`None`: all of them); returns how many changed.
    pub fn mark_notifications_read(&self, actor: &Person, ids: Option<Vec<String>>) -> Result<u32> {
        self.own_list(actor)?;
        if ids.as_ref().is_some_and(|ids| ids.len() > crate::store::NOTIFICATIONS_SHOWN) {
            return Err(Error::invalid(
                "ids",
                format!("tối đa {} thông báo mỗi lần", crate::store::NOTIFICATIONS_SHOWN),
            ));
        }
        let now = to_db(self.now());
        let n = self.store.write(|db| Ok(db.mark_notifications_read(ids.as_deref(), &now)?))?;
        Ok(n as u32)
    }

    /// Marks read the notifications about a piece its person opened.
    pub fn mark_piece_notifications_read(&self, actor: &Person, piece: &str) -> Result<()> {
        self.own_list(actor)?;
        let now = to_db(self.now());
        self.store.write(|db| Ok(db.mark_piece_notifications_read(piece, &now).map(|_| ())?))
    }

    /// Dismisses a refusal its author has read (the row's text stays in it).
    pub fn dismiss_refusal(&self, actor: &Person, id: i64) -> Result<()> {
        self.own_list(actor)?;
        let done = self.store.write(|db| Ok(db.dismiss_refusal(id)?))?;
        if done {
            Ok(())
        } else {
            Err(Error::not_found("thay đổi bị từ chối", id.to_string()))
        }
    }

    /// Notifications and refusals belong to the workbench's hub person:
    /// another profile (solo mode) has none to read.
    fn own_list(&self, actor: &Person) -> Result<()> {
        match self.team().link()? {
            Some(l) if l.login != actor.login => Err(Error::Forbidden {
                rule: "workbench-login",
                detail: format!("máy này thuộc về «{}»; thông báo của người khác không xem được ở đây", l.login),
            }),
            _ => Ok(()),
        }
    }
}

impl Team<'_> {
    /// This workbench's refused changes not yet dismissed (its person's own).
    pub fn refusals(&self, actor: &Person) -> Result<Vec<SyncRefusal>> {
        self.desk.own_list(actor)?;
        self.desk.store.read(|db| Ok(db.refusals()?))
    }

    /// Pending changes, conflicts, unread notifications and refusals here
    /// (solo mode: all zero).
    pub fn counts(&self) -> Result<HubCounts> {
        if self.link()?.is_none() {
            return Ok(HubCounts::default());
        }
        self.desk.store.read(|db| {
            Ok(HubCounts {
                pending: db.outbox_len()? as u32,
                conflicts: db.branched_pieces()?.len() as u32,
                unread: db.unread_notifications()? as u32,
                refused: db.refusal_count()? as u32,
                set_aside: db.set_aside_count()? as u32,
                last_sync: db.sync_value("hub.last_sync")?,
            })
        })
    }
}
