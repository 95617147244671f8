//! Editorial comments.

use rusqlite::{params, OptionalExtension, Row};

use super::Db;
use crate::Result;
use toasoan_domain::time::from_db;
use toasoan_domain::Comment;

/// Filter for [`Db::list_comments`].
#[derive(Debug, Clone, Default)]
pub struct CommentFilter {
    /// Only this assignment.
    pub assignment_id: Option<String>,
    /// Only unresolved comments.
    pub unresolved_only: bool,
}

const COMMENT_SELECT: &str = "SELECT c.id, c.assignment_id, a.num, p.login, c.text, c.created_at, c.edited_at,
        c.resolved_at, rp.login
     FROM comments c
     JOIN assignments a ON a.id = c.assignment_id
     JOIN people p ON p.id = c.author_id
     LEFT JOIN people rp ON rp.id = c.resolved_by
     WHERE c.deleted_at IS NULL";

fn comment(r: &Row<'_>) -> rusqlite::Result<Comment> {
    let opt_time = |i: usize| -> rusqlite::Result<_> { Ok(r.get::<_, Option<String>>(i)?.map(|s| from_db(&s))) };
    Ok(Comment {
        id: r.get(0)?,
        assignment_id: r.get(1)?,
        assignment_num: r.get(2)?,
        author: r.get(3)?,
        text: r.get(4)?,
        created_at: from_db(&r.get::<_, String>(5)?),
        edited_at: opt_time(6)?,
        resolved_at: opt_time(7)?,
        resolved_by: r.get(8)?,
    })
}

impl Db<'_> {
    /// Inserts a comment.
    pub fn insert_comment(&self, id: &str, assignment_id: &str, author_id: &str, text: &str, now: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO comments(id, assignment_id, author_id, text, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, assignment_id, author_id, text, now],
        )?;
        Ok(())
    }

    /// A comment (not deleted) by id.
    pub fn comment(&self, id: &str) -> Result<Option<Comment>> {
        let sql = format!("{COMMENT_SELECT} AND c.id = ?1");
        Ok(self.conn.query_row(&sql, [id], comment).optional()?)
    }

    /// Changes a comment's text.
    pub fn edit_comment(&self, id: &str, text: &str, now: &str) -> Result<()> {
        self.conn.execute("UPDATE comments SET text = ?2, edited_at = ?3 WHERE id = ?1", params![id, text, now])?;
        Ok(())
    }

    /// Marks a comment deleted (its text stays in the audit log).
    pub fn delete_comment(&self, id: &str, now: &str) -> Result<()> {
        self.conn.execute("UPDATE comments SET deleted_at = ?2 WHERE id = ?1", params![id, now])?;
        Ok(())
    }

    /// Marks a comment resolved.
    pub fn resolve_comment(&self, id: &str, by_id: &str, now: &str) -> Result<()> {
        self.conn
            .execute("UPDATE comments SET resolved_at = ?3, resolved_by = ?2 WHERE id = ?1", params![id, by_id, now])?;
        Ok(())
    }

    /// Comments, oldest first.
    pub fn list_comments(&self, f: &CommentFilter) -> Result<Vec<Comment>> {
        let mut sql = COMMENT_SELECT.to_string();
        if f.unresolved_only {
            sql.push_str(" AND c.resolved_at IS NULL");
        }
        let mut st;
        let rows = if let Some(a) = &f.assignment_id {
            sql.push_str(" AND c.assignment_id = ?1 ORDER BY c.created_at, c.id");
            st = self.conn.prepare(&sql)?;
            st.query_map([a], comment)?.collect::<rusqlite::Result<Vec<_>>>()?
        } else {
            sql.push_str(" ORDER BY c.created_at, c.id");
            st = self.conn.prepare(&sql)?;
            st.query_map([], comment)?.collect::<rusqlite::Result<Vec<_>>>()?
        };
        Ok(rows)
    }

    /// Number of unresolved comments on an assignment.
    pub fn unresolved_comments(&self, assignment_id: &str) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM comments WHERE assignment_id = ?1 AND resolved_at IS NULL AND deleted_at IS NULL",
            [assignment_id],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }
}
