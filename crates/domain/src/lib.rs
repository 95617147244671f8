//! Tòa Soạn's domain: the vocabulary every other crate speaks.
//!
//! Coded enums (roles, genres, channels, stages, states…: a stable ASCII code
//! and Vietnamese and English labels), the records the store returns and the
//! desk works with, the typed [`Error`] with its closed code set, ids, time
//! (UTC stored, Asia/Ho_Chi_Minh shown) and Vietnamese text.
//!
//! Architecture invariant: no I/O. This crate reads no file, opens no
//! database or socket and knows no front end; it depends on no other crate of
//! the workspace. Everything above it may depend on it.

pub mod audit;
pub mod engagement;
pub mod error;
pub mod ids;
pub mod ledger;
pub mod limits;
pub mod media;
pub mod publishing;
mod records;
pub mod search;
pub mod team;
pub mod text;
pub mod time;

pub use audit::AuditAction;
pub use error::{Error, Result};
pub use ledger::{AcceptanceCandidate, ContractPiece, LedgerGroup, PeriodGroup};
pub use media::{MediaItem, MediaUse};
pub use publishing::{ClaimedJob, PostRecord, RemoteMediaRecord};
pub use records::*;
