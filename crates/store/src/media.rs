//! The media library's rows: one per stored file (by content hash) and the
//! pieces each is used in.

use rusqlite::{params, OptionalExtension, Row};

use super::{coded, Db};
use crate::Result;
use toasoan_domain::media::{relative_path, Variant};
use toasoan_domain::time::from_db;
use toasoan_domain::{MediaItem, MediaKind, MediaUse};

/// Filter for [`Db::list_media`]; every set field narrows the list.
#[derive(Debug, Clone, Default)]
pub struct MediaFilter {
    /// Used in this assignment.
    pub assignment_id: Option<String>,
    /// Used in a piece about this policy.
    pub policy_id: Option<String>,
    /// Imported at or after this instant (stored form, UTC).
    pub from: Option<String>,
    /// Imported before this instant (stored form, UTC).
    pub until: Option<String>,
    /// Most items to return (newest first).
    pub limit: Option<i64>,
}

/// A library item to insert: what the media pipeline found out about a file.
#[derive(Debug, Clone)]
pub struct NewMediaRow<'a> {
    /// SHA-256 of the original.
    pub sha256: &'a str,
    /// Image or attachment.
    pub kind: MediaKind,
    /// MIME type from the content.
    pub mime: &'a str,
    /// Extension of the stored original.
    pub ext: &'a str,
    /// File name as imported (sanitized).
    pub original_name: &'a str,
    /// Size of the original.
    pub bytes: i64,
    /// Width, orientation applied (images).
    pub width: Option<u32>,
    /// Height, orientation applied (images).
    pub height: Option<u32>,
    /// Extension of the web derivative (images).
    pub web_ext: Option<&'a str>,
    /// Extension of the thumbnail (images).
    pub thumb_ext: Option<&'a str>,
}

const MEDIA_SELECT: &str = "SELECT m.id, m.sha256, m.kind, m.mime, m.ext, m.original_name, m.bytes, m.width,
        m.height, m.web_ext, m.thumb_ext, m.caption, m.credit, m.alt, p.login, m.imported_at, m.updated_at
     FROM media m JOIN people p ON p.id = m.imported_by";

fn media(r: &Row<'_>) -> rusqlite::Result<MediaItem> {
    let sha: String = r.get(1)?;
    let ext: String = r.get(4)?;
    let derived = |i: usize, v: Variant| -> rusqlite::Result<Option<String>> {
        Ok(r.get::<_, Option<String>>(i)?.map(|e| relative_path(&sha, v, &e)))
    };
    Ok(MediaItem {
        id: r.get(0)?,
        kind: coded(2, r.get(2)?)?,
        mime: r.get(3)?,
        original_path: relative_path(&sha, Variant::Original, &ext),
        original_name: r.get(5)?,
        bytes: r.get(6)?,
        width: r.get(7)?,
        height: r.get(8)?,
        web_path: derived(9, Variant::Web)?,
        thumb_path: derived(10, Variant::Thumb)?,
        caption: r.get(11)?,
        credit: r.get(12)?,
        alt: r.get(13)?,
        imported_by: r.get(14)?,
        imported_at: from_db(&r.get::<_, String>(15)?),
        updated_at: from_db(&r.get::<_, String>(16)?),
        uses: Vec::new(),
        sha256: sha,
    })
}

impl Db<'_> {
    /// Inserts a library item for a prepared file.
    pub fn insert_media(&self, id: &str, p: &NewMediaRow<'_>, imported_by: &str, now: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO media(id, sha256, kind, mime, ext, original_name, bytes, width, height,
                web_ext, thumb_ext, imported_by, imported_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
            params![
                id,
                p.sha256,
                p.kind.code(),
                p.mime,
                p.ext,
                p.original_name,
                p.bytes,
                p.width,
                p.height,
                p.web_ext,
                p.thumb_ext,
                imported_by,
                now
            ],
        )?;
        Ok(())
    }

    /// A library item by id, with its uses.
    pub fn media(&self, id: &str) -> Result<Option<MediaItem>> {
        let sql = format!("{MEDIA_SELECT} WHERE m.id = ?1");
        let item = self.conn.query_row(&sql, [id], media).optional()?;
        item.map(|m| self.with_uses(m)).transpose()
    }

    /// A library item by content hash.
    pub fn media_by_sha(&self, sha256: &str) -> Result<Option<MediaItem>> {
        let sql = format!("{MEDIA_SELECT} WHERE m.sha256 = ?1");
        let item = self.conn.query_row(&sql, [sha256], media).optional()?;
        item.map(|m| self.with_uses(m)).transpose()
    }

    fn with_uses(&self, mut m: MediaItem) -> Result<MediaItem> {
        let mut st = self.conn.prepare_cached(
            "SELECT a.id, a.num, a.title, po.id, po.name FROM media_uses u
             JOIN assignments a ON a.id = u.assignment_id JOIN policies po ON po.id = a.policy_id
             WHERE u.media_id = ?1 ORDER BY a.num",
        )?;
        m.uses = st
            .query_map([&m.id], |r| {
                Ok(MediaUse {
                    assignment_id: r.get(0)?,
                    assignment_num: r.get(1)?,
                    title: r.get(2)?,
                    policy_id: r.get(3)?,
                    policy_name: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(m)
    }

    /// Library items, newest first.
    pub fn list_media(&self, f: &MediaFilter) -> Result<Vec<MediaItem>> {
        let sql = format!(
            "{MEDIA_SELECT}
             WHERE (?1 IS NULL OR EXISTS (SELECT 1 FROM media_uses u WHERE u.media_id = m.id AND u.assignment_id = ?1))
               AND (?2 IS NULL OR EXISTS (SELECT 1 FROM media_uses u JOIN assignments a ON a.id = u.assignment_id
                                          WHERE u.media_id = m.id AND a.policy_id = ?2))
               AND (?3 IS NULL OR m.imported_at >= ?3)
               AND (?4 IS NULL OR m.imported_at < ?4)
             ORDER BY m.imported_at DESC, m.id DESC
             LIMIT ?5"
        );
        let mut st = self.conn.prepare(&sql)?;
        let items = st
            .query_map(params![f.assignment_id, f.policy_id, f.from, f.until, f.limit.unwrap_or(-1)], media)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        items.into_iter().map(|m| self.with_uses(m)).collect()
    }

    /// Records that `media_id` is used in `assignment_id`; false if it already was.
    pub fn attach_media(&self, media_id: &str, assignment_id: &str, by: &str, now: &str) -> Result<bool> {
        let n = self.conn.execute(
            "INSERT OR IGNORE INTO media_uses(media_id, assignment_id, added_by, added_at) VALUES (?1, ?2, ?3, ?4)",
            params![media_id, assignment_id, by, now],
        )?;
        Ok(n == 1)
    }

    /// Changes an item's caption, credit and alt text.
    pub fn update_media_text(&self, id: &str, caption: &str, credit: &str, alt: &str, now: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE media SET caption = ?2, credit = ?3, alt = ?4, updated_at = ?5 WHERE id = ?1",
            params![id, caption, credit, alt, now],
        )?;
        Ok(())
    }

    /// Items by id (unknown ids are skipped), for resolving `media:` references.
    pub fn media_many(&self, ids: &[String]) -> Result<Vec<MediaItem>> {
        let sql = format!("{MEDIA_SELECT} WHERE m.id = ?1");
        let mut st = self.conn.prepare_cached(&sql)?;
        let mut out = Vec::new();
        for id in ids {
            if let Some(m) = st.query_row([id], media).optional()? {
                out.push(m);
            }
        }
        Ok(out)
    }
}
