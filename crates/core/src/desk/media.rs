//! The media library: importing files (in parallel, with progress), captions and
//! credits, and which pieces use what.
//!
//! An import is two halves. [`crate::media::prepare`] does the CPU work on any
//! thread with no lock held; [`Desk::add_media`] writes the files and records
//! the item in one transaction, removing the files it wrote if that fails, so a
//! refused or failed import leaves neither rows nor stray files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{audit, new_id, Desk};
use crate::domain::AuditAction;
use crate::domain::MediaItem;
use crate::domain::{Draft, Person};
use crate::error::{Error, Result};
use crate::media::files::MediaFiles;
use crate::media::{self, Limits, Prepared};
use crate::render::{self, LibraryImage, Rendered};
use crate::store::{Db, MediaFilter, NewMediaRow};
use crate::text;
use crate::time::to_db;
use crate::workflow::{authorize, next_state, Action};

/// Result of importing one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportOutcome {
    /// The library item (new, or the one already holding these exact bytes).
    pub item: MediaItem,
    /// False when the same content was already in the library.
    pub created: bool,
}

/// Progress of a batch import, reported after each file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportProgress {
    /// Files finished so far (imported or refused).
    pub done: u32,
    /// Files in the batch.
    pub total: u32,
    /// The file just finished, as given.
    pub file: String,
    /// Its error message, when refused.
    pub error: Option<String>,
}

/// Caption, credit and alt text to set; `None` keeps the current value.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MediaPatch {
    /// Chú thích.
    pub caption: Option<String>,
    /// Credit, with or without a leading "Ảnh:".
    pub credit: Option<String>,
    /// Alt text.
    pub alt: Option<String>,
}

/// What to list; every set field narrows the list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MediaQuery {
    /// Used in this assignment.
    pub assignment_id: Option<String>,
    /// Used in a piece about this policy.
    pub policy_id: Option<String>,
    /// Imported on or after this Việt Nam date.
    pub from: Option<NaiveDate>,
    /// Imported on or before this Việt Nam date.
    pub to: Option<NaiveDate>,
    /// Words that must all appear (without diacritics) in name, caption, credit or alt.
    pub text: Option<String>,
}

const CAPTION_MAX: usize = 600;
const CREDIT_MAX: usize = 120;
const ALT_MAX: usize = 300;

/// Scheme of library references in a draft: `![](media:<id>)`.
pub const MEDIA_SCHEME: &str = "media:";

impl Desk {
    /// The data directory's media files; an in-memory desk has none.
    pub fn media_files(&self) -> Result<MediaFiles> {
        match self.store.path().parent() {
            Some(dir) if self.store.path() != Path::new(":memory:") => Ok(MediaFiles::new(dir)),
            _ => Err(Error::invalid("thư mục dữ liệu", "kho ở bộ nhớ tạm không có thư mục ảnh")),
        }
    }

    /// Stores a prepared file and records it (or finds the item already holding
    /// the same bytes), attaching it to `assignment` when given.
    pub fn add_media(&self, actor: &Person, p: &Prepared, assignment: Option<&str>) -> Result<ImportOutcome> {
        let files = self.media_files()?;
        let now = to_db(self.now());
        // Check the assignment before writing anything.
        if let Some(a) = assignment {
            self.store.read(|db| can_attach(db, actor, a).map(|_| ()))?;
        }
        let created_files = files.put(p)?;
        let result = self.store.write(|db| {
            let (id, created) = record_media(db, actor, p, &now)?;
            if let Some(a) = assignment {
                attach(db, actor, &id, a, &now)?;
            }
            let item = db.media(&id)?.ok_or_else(|| Error::not_found("ảnh/tệp", &id))?;
            Ok(ImportOutcome { item, created })
        });
        if result.is_err() {
            files.remove(&created_files);
        }
        result
    }

    /// Imports `paths` with at most `workers` files decoded at once, calling
    /// `progress` after each. Each file succeeds or fails on its own; results
    /// come back in the order of `paths`.
    pub fn import_files(
        &self,
        actor: &Person,
        paths: &[PathBuf],
        assignment: Option<&str>,
        limits: &Limits,
        workers: usize,
        progress: &mut dyn FnMut(&ImportProgress),
    ) -> Vec<Result<ImportOutcome>> {
        let total = paths.len();
        let mut results: Vec<Option<Result<ImportOutcome>>> = (0..total).map(|_| None).collect();
        let next = AtomicUsize::new(0);
        let (tx, rx) = mpsc::sync_channel::<(usize, Result<Prepared>)>(workers.max(1));
        std::thread::scope(|s| {
            for _ in 0..workers.clamp(1, total.max(1)) {
                let tx = tx.clone();
                let next = &next;
                s.spawn(move || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = paths.get(i) else { break };
                    if tx.send((i, media::prepare_file(path, limits))).is_err() {
                        break;
                    }
                });
            }
            drop(tx);
            // Recording happens here, on the desk's thread, as files come in.
            for (done, (i, prepared)) in rx.iter().enumerate() {
                let r = prepared.and_then(|p| self.add_media(actor, &p, assignment));
                progress(&ImportProgress {
                    done: (done + 1) as u32,
                    total: total as u32,
                    file: paths[i].display().to_string(),
                    error: r.as_ref().err().map(|e| e.to_string()),
                });
                results[i] = Some(r);
            }
        });
        results.into_iter().map(|r| r.unwrap_or_else(|| Err(Error::Storage("nhập tệp bị gián đoạn".into())))).collect()
    }

    /// One library item with the pieces it is used in.
    pub fn media_item(&self, _actor: &Person, id: &str) -> Result<MediaItem> {
        self.store.read(|db| db.media(id.trim())?.ok_or_else(|| Error::not_found("ảnh/tệp", id)))
    }

    /// The library, newest first. The library is shared by the newsroom: everyone
    /// signed in sees it, to reuse photos across pieces.
    pub fn media_list(&self, _actor: &Person, q: &MediaQuery) -> Result<Vec<MediaItem>> {
        let start_of = |d: NaiveDate| Some(to_db(crate::time::vn_day_start(d)));
        if let (Some(f), Some(t)) = (q.from, q.to) {
            if t < f {
                return Err(Error::invalid("đến ngày", "ngày kết thúc trước ngày bắt đầu"));
            }
        }
        let filter = MediaFilter {
            assignment_id: q.assignment_id.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(Into::into),
            policy_id: q.policy_id.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(Into::into),
            from: q.from.and_then(start_of),
            until: q.to.and_then(|d| d.succ_opt()).and_then(start_of),
            limit: None,
        };
        let items = self.store.read(|db| Ok(db.list_media(&filter)?))?;
        let words: Vec<String> =
            q.text.as_deref().map(|t| text::tokens(&text::fold(t)).map(String::from).collect()).unwrap_or_default();
        if words.is_empty() {
            return Ok(items);
        }
        Ok(items
            .into_iter()
            .filter(|m| {
                let hay = text::fold(&format!("{} {} {} {}", m.original_name, m.caption, m.credit, m.alt));
                let toks: Vec<&str> = text::tokens(&hay).collect();
                words.iter().all(|w| toks.iter().any(|t| t.starts_with(w.as_str())))
            })
            .collect())
    }

    /// Sets caption, credit and alt text (the importer, editors and heads).
    pub fn edit_media(&self, actor: &Person, id: &str, patch: MediaPatch) -> Result<MediaItem> {
        let now = to_db(self.now());
        self.store.write(|db| {
            let m = db.media(id.trim())?.ok_or_else(|| Error::not_found("ảnh/tệp", id))?;
            authorize(actor, Action::EditMedia, Some(&m.imported_by))?;
            let caption = clean_field(patch.caption, &m.caption, "chú thích", CAPTION_MAX)?;
            let credit = clean_field(patch.credit.map(|c| strip_credit_prefix(&c)), &m.credit, "tác giả", CREDIT_MAX)?;
            let alt = clean_field(patch.alt, &m.alt, "mô tả ảnh", ALT_MAX)?;
            if (&caption, &credit, &alt) == (&m.caption, &m.credit, &m.alt) {
                return Ok(m);
            }
            db.update_media_text(&m.id, &caption, &credit, &alt, &now)?;
            let detail = json!({ "caption": caption, "credit": credit, "alt": alt });
            audit(db, &actor.login, AuditAction::MediaEdit, "media", &m.id, detail, &now)?;
            db.media(&m.id)?.ok_or_else(|| Error::not_found("ảnh/tệp", id))
        })
    }

    /// Records that a library item is used in a piece (reuse across pieces).
    pub fn attach_media(&self, actor: &Person, id: &str, assignment: &str) -> Result<MediaItem> {
        let now = to_db(self.now());
        self.store.write(|db| {
            let m = db.media(id.trim())?.ok_or_else(|| Error::not_found("ảnh/tệp", id))?;
            attach(db, actor, &m.id, assignment, &now)?;
            db.media(&m.id)?.ok_or_else(|| Error::not_found("ảnh/tệp", id))
        })
    }

    /// The library items a draft refers to (`media:<id>`), by id.
    pub fn media_of_draft(&self, body: &str) -> Result<HashMap<String, MediaItem>> {
        let ids = media_refs(body);
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let items = self.store.read(|db| Ok(db.media_many(&ids)?))?;
        Ok(items.into_iter().map(|m| (m.id.clone(), m)).collect())
    }

    /// Renders a draft with its library images resolved: `src` is `url_prefix`
    /// followed by the web derivative's path, and the library's caption, credit
    /// and alt text fill in what the Markdown leaves out.
    pub fn render_draft(&self, draft: &Draft, url_prefix: &str) -> Result<Rendered> {
        let library = self.library_images(&draft.body, url_prefix)?;
        Ok(render::render_with(&draft.body, &library))
    }

    pub(super) fn library_images(&self, body: &str, url_prefix: &str) -> Result<HashMap<String, LibraryImage>> {
        Ok(self
            .media_of_draft(body)?
            .into_iter()
            .filter_map(|(id, m)| {
                let web = m.web_path.as_ref()?;
                Some((
                    id,
                    LibraryImage {
                        src: format!("{url_prefix}{web}"),
                        alt: m.alt.clone(),
                        caption: m.figure_caption(),
                        credit: m.credit.trim().to_string(),
                    },
                ))
            })
            .collect())
    }
}

/// Ids referred to as `media:<id>` in a draft's Markdown, in order, once each.
pub fn media_refs(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (pos, _) in body.match_indices(MEDIA_SCHEME) {
        let id: String =
            body[pos + MEDIA_SCHEME.len()..].chars().take_while(|c| c.is_ascii_hexdigit() || *c == '-').collect();
        if id.len() == 36 && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// The row a prepared file becomes.
fn media_row(p: &Prepared) -> NewMediaRow<'_> {
    NewMediaRow {
        sha256: &p.sha256,
        kind: p.kind,
        mime: p.mime,
        ext: p.ext,
        original_name: &p.original_name,
        bytes: p.original.len() as i64,
        width: p.dimensions.map(|d| d.0),
        height: p.dimensions.map(|d| d.1),
        web_ext: p.web.as_ref().map(|w| w.ext),
        thumb_ext: p.thumb.as_ref().map(|t| t.ext),
    }
}

fn can_attach(db: &Db<'_>, actor: &Person, assignment: &str) -> Result<crate::domain::Assignment> {
    let a = db.assignment(assignment.trim())?.ok_or_else(|| Error::not_found("việc được giao", assignment))?;
    authorize(actor, Action::EditDraft, Some(&a.reporter))?;
    next_state(a.state, Action::EditDraft, actor.role)?;
    Ok(a)
}

fn attach(db: &Db<'_>, actor: &Person, media_id: &str, assignment: &str, now: &str) -> Result<()> {
    let a = can_attach(db, actor, assignment)?;
    if db.attach_media(media_id, &a.id, &actor.id, now)? {
        audit(
            db,
            &actor.login,
            AuditAction::MediaAttach,
            "media",
            media_id,
            json!({ "assignment": a.id, "num": a.num }),
            now,
        )?;
    }
    Ok(())
}

fn clean_field(new: Option<String>, old: &str, field: &'static str, max: usize) -> Result<String> {
    let Some(v) = new else { return Ok(old.to_string()) };
    let v = text::nfc(v.trim());
    if v.chars().any(|c| c.is_control() && c != '\n') {
        return Err(Error::invalid(field, "có ký tự điều khiển"));
    }
    let n = v.chars().count();
    if n > max {
        return Err(Error::invalid(field, format!("dài {n} ký tự, tối đa {max}")));
    }
    Ok(v)
}

/// "Ảnh: Thu Hà" and "Thu Hà" are the same credit; the library keeps the name.
fn strip_credit_prefix(c: &str) -> String {
    let t = c.trim();
    match render::credit_of(t) {
        Some(name) if text::fold(t).starts_with("anh") || text::fold(t).starts_with("nguon") => name,
        _ => t.to_string(),
    }
}

/// Records a stored file in the library, or finds the item that already
/// holds the same bytes: (id, newly recorded).
pub(crate) fn record_media(db: &Db<'_>, actor: &Person, p: &Prepared, now: &str) -> Result<(String, bool)> {
    Ok(match db.media_by_sha(&p.sha256)? {
        Some(existing) => (existing.id, false),
        None => {
            let id = new_id();
            db.insert_media(&id, &media_row(p), &actor.id, now)?;
            let detail = json!({ "sha256": p.sha256, "name": p.original_name, "mime": p.mime,
                                 "bytes": p.original.len(), "dimensions": p.dimensions });
            audit(db, &actor.login, AuditAction::MediaImport, "media", &id, detail, now)?;
            (id, true)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_are_found_once_in_order() {
        let a = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
        let b = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c";
        let body = format!("![](media:{b})\n\ntext media:short ![x](media:{a}) ![](media:{b})");
        assert_eq!(media_refs(&body), vec![b.to_string(), a.to_string()]);
    }

    #[test]
    fn credit_prefix_is_dropped() {
        assert_eq!(strip_credit_prefix("Ảnh: Thu Hà"), "Thu Hà");
        assert_eq!(strip_credit_prefix("ảnh - TTXVN"), "TTXVN");
        assert_eq!(strip_credit_prefix("Minh Anh"), "Minh Anh");
        assert_eq!(strip_credit_prefix("Ánh Dương"), "Ánh Dương");
    }
}
