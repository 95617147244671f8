//! Tòa Soạn core: the desk of a newsroom that delivers commissioned policy
//! communication — every use case as one method of [`Desk`], the workflow
//! rules that authorize them, and the runners that work the publishing
//! outbox and the engagement polls.
//!
//! This crate never depends on tauri and never does terminal I/O: the
//! `newsroom` CLI and the desktop shell are thin front ends over [`Desk`].
//! It stands on the layer crates and re-exports none of them: a front end
//! names the pure crates it needs itself (`toasoan-domain` for records,
//! errors, text and time; `toasoan-documents`; `toasoan-media`;
//! `toasoan-files`) and reaches SQLite, PostgreSQL and HTTP only through the
//! desk, never through the store, hub or portal crates.
//!
//! Map:
//! - [`desk`]: the use cases (one method per thing a person does); every state
//!   change goes through [`workflow`] and writes an audit event in the same
//!   transaction.
//! - [`workflow`]: role rules, state transitions, the counting rule and the
//!   actions a person may take on a piece — in one place.
//! - [`publish`], [`engagement`]: the outbox's retry timing and slugs; the
//!   combination rule, the export readers and the poll runner.
//! - [`search`]: the folded fields a piece is indexed on (what a query means
//!   is `toasoan_domain::search`).
//! - [`secret`]: the one way a named secret is read (OS keyring or a named
//!   environment variable).
//! - [`team`]: the team runner (connect, sync when due, back off, listen),
//!   the same for the desktop app, `newsroom hub watch` and the benchmarks.
//! - [`demo`]: the demo newsroom, built through [`Desk`].

pub mod demo;
pub mod desk;
pub mod engagement;
pub mod publish;
pub mod search;
pub mod secret;
pub mod team;
pub mod workflow;

// The layers, named as the core's own modules for its code; none is public.
pub(crate) use toasoan_documents::{checklist, diff, dossier, render};
pub(crate) use toasoan_domain as domain;
pub(crate) use toasoan_domain::{error, text, time};
pub(crate) use toasoan_files as files;
pub(crate) use toasoan_hub as hub;
pub(crate) use toasoan_media as media;
pub(crate) use toasoan_store as store;

pub use desk::Desk;
/// The core's error and result: the domain's, the one typed error of every
/// layer (its closed code set crosses IPC and maps to the CLI's exit codes).
pub use toasoan_domain::error::{Error, Result};
