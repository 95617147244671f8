//! Tòa Soạn core: the domain, the editorial workflow, the SQLite store, Vietnamese
//! text handling and Markdown rendering of a newsroom that delivers commissioned
//! policy communication.
//!
//! This crate never depends on tauri and never does terminal I/O: the `newsroom`
//! CLI and the desktop shell are thin front ends over [`desk::Desk`].
//!
//! Map:
//! - [`desk`]: the use cases (one method per thing a person does); every state
//!   change goes through [`workflow`] and writes an audit event in the same
//!   transaction.
//! - [`workflow`]: role rules and state transitions, in one place.
//! - [`store`]: the only module that speaks SQL.
//! - [`media`]: recognising, refusing and deriving imported files (pure), and
//!   the content-addressed file store.
//! - [`publish`]: what is sent to portals and the adapters that send it (the
//!   only HTTP in the core), with the journal that makes sends exactly-once.
//! - [`engagement`]: audience figures from portals, pages and platform
//!   exports (collectors, CSV readers, the rate-limited poll runner).
//! - [`text`], [`render`], [`checklist`], [`search`], [`diff`]: pure functions.

pub mod checklist;
pub mod demo;
pub mod desk;
pub mod diff;
pub mod domain;
pub mod dossier;
pub mod engagement;
pub mod error;
pub mod media;
pub mod publish;
pub mod render;
pub mod search;
pub mod store;
pub mod text;
pub mod time;
pub mod workflow;

pub use desk::Desk;
pub use error::{Error, Result};
