//! Team mode's in-app notifications: what reached this workbench's person
//! through sync (a new assignment, changes requested, an approval, a
//! publication, a conflict, a refusal), with a read mark. Local only: each
//! workbench keeps its own person's list; nothing here replicates.

use rusqlite::{params, OptionalExtension};

use super::Db;
use crate::Result;
use toasoan_domain::{Notification, NotificationKind};

/// Schema v9: the notifications list.
pub(crate) const V9: &str = include_str!("migrations/0009-notifications.sql");

/// Most notifications listed at once.
pub const NOTIFICATIONS_SHOWN: usize = 200;

impl Db<'_> {
    /// Adds a notification; the same id twice is kept once (a page of a
    /// pull applied again tells nothing new).
    pub fn add_notification(
        &self,
        id: &str,
        kind: NotificationKind,
        assignment_id: Option<&str>,
        actor: &str,
        detail: &str,
        at: &str,
    ) -> Result<bool> {
        let n = self.conn.execute(
            "INSERT OR IGNORE INTO notifications (id, kind, assignment_id, actor, detail, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, kind.code(), assignment_id, actor, detail, at],
        )?;
        Ok(n == 1)
    }

    /// The newest notifications first (at most [`NOTIFICATIONS_SHOWN`]),
    /// each with its piece's working title.
    pub fn notifications(&self) -> Result<Vec<Notification>> {
        let mut st = self.conn.prepare_cached(
            "SELECT n.id, n.kind, n.assignment_id, COALESCE(a.title, ''), n.actor, n.detail, n.at, n.read_at IS NOT NULL
             FROM notifications n LEFT JOIN assignments a ON a.id = n.assignment_id
             ORDER BY n.at DESC, n.id DESC LIMIT ?1",
        )?;
        let rows = st
            .query_map([NOTIFICATIONS_SHOWN as i64], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // A kind this binary does not know (a newer one wrote it) is skipped, not an error.
        Ok(rows
            .into_iter()
            .filter_map(|(id, kind, assignment_id, title, actor, detail, at, read)| {
                Some(Notification { id, kind: kind.parse().ok()?, assignment_id, title, actor, detail, at, read })
            })
            .collect())
    }

    /// How many notifications are unread.
    pub fn unread_notifications(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM notifications WHERE read_at IS NULL", [], |r| r.get(0))?)
    }

    /// Marks these notifications read (all of them when `ids` is `None`);
    /// returns how many changed.
    pub fn mark_notifications_read(&self, ids: Option<&[String]>, now: &str) -> Result<usize> {
        match ids {
            None => Ok(self.conn.execute("UPDATE notifications SET read_at = ?1 WHERE read_at IS NULL", [now])?),
            Some(ids) => {
                let mut st = self
                    .conn
                    .prepare_cached("UPDATE notifications SET read_at = ?1 WHERE id = ?2 AND read_at IS NULL")?;
                let mut n = 0;
                for id in ids {
                    n += st.execute([now, id.as_str()])?;
                }
                Ok(n)
            }
        }
    }

    /// Marks read every notification about a piece (the person opened it).
    pub fn mark_piece_notifications_read(&self, assignment_id: &str, now: &str) -> Result<usize> {
        Ok(self.conn.execute(
            "UPDATE notifications SET read_at = ?1 WHERE assignment_id = ?2 AND read_at IS NULL",
            [now, assignment_id],
        )?)
    }

    /// The reporter's login of a piece, when the piece is here.
    pub fn piece_reporter(&self, assignment_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT p.login FROM assignments a JOIN people p ON p.id = a.reporter_id WHERE a.id = ?1",
                [assignment_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// A comment's text, when it is here and not deleted.
    pub fn comment_text(&self, comment_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT text FROM comments WHERE id = ?1 AND deleted_at IS NULL", [comment_id], |r| r.get(0))
            .optional()?)
    }

    /// Removes a piece's notifications (the piece left this person's scope).
    pub(crate) fn delete_piece_notifications(&self, assignment_id: &str) -> Result<()> {
        self.conn.execute("DELETE FROM notifications WHERE assignment_id = ?1", [assignment_id])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;
    use toasoan_domain::NotificationKind;

    #[test]
    fn a_notification_is_kept_once_listed_newest_first_and_marked_read() {
        let store = Store::open_in_memory().unwrap();
        store
            .write(|db| {
                assert!(db.add_notification(
                    "n1",
                    NotificationKind::Approved,
                    None,
                    "lan",
                    "",
                    "2026-12-01 01:00:00"
                )?);
                assert!(!db.add_notification(
                    "n1",
                    NotificationKind::Approved,
                    None,
                    "lan",
                    "",
                    "2026-12-01 01:00:00"
                )?);
                db.add_notification("n2", NotificationKind::Refused, None, "hub", "lý do", "2026-12-01 02:00:00")?;
                Ok(())
            })
            .unwrap();
        let (list, unread) = store.read(|db| Ok((db.notifications()?, db.unread_notifications()?))).unwrap();
        assert_eq!(list.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(), ["n2", "n1"]);
        assert_eq!(unread, 2);
        let changed =
            store.write(|db| Ok(db.mark_notifications_read(Some(&["n1".into()]), "2026-12-01 03:00:00")?)).unwrap();
        assert_eq!(changed, 1);
        assert_eq!(store.read(|db| Ok(db.unread_notifications()?)).unwrap(), 1);
        store.write(|db| Ok(db.mark_notifications_read(None, "2026-12-01 03:00:00")?)).unwrap();
        assert_eq!(store.read(|db| Ok(db.unread_notifications()?)).unwrap(), 0);
    }
}
