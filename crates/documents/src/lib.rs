//! Tòa Soạn's documents: what a piece and a contract look like on paper and
//! on screen.
//!
//! - [`render`]: Markdown → sanitized HTML (the preview, the portal) and plain
//!   text (the search index, word counts).
//! - [`checklist`]: the pre-publish checklist of a draft.
//! - [`diff`]: per-field word-level differences between revisions.
//! - [`dossier`]: the acceptance dossier — the bảng kê spreadsheet, the
//!   printable PDF — and the readers' feedback digest.
//!
//! And the documents read from outside:
//! - [`exports`]: the social platforms' CSV exports (Facebook, YouTube, Zalo).
//! - [`page`]: the view counter printed on a published page.
//!
//! Architecture invariant: pure functions from records to text or bytes; the
//! only I/O is [`dossier::save`], which writes a finished file whole. No
//! database, no network: the desk loads what a document shows and hands it in.

pub mod checklist;
pub mod diff;
pub mod dossier;
pub mod exports;
pub mod page;
pub mod render;
