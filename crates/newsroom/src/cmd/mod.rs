//! The commands, one module per noun of the command line (ripgrep-style):
//! each owns its clap grammar and its handler, `run(self, &Ctx)` on the
//! noun's enum (or flags struct), a few lines over a [`toasoan_core::Desk`]
//! method per verb, with the shared context ([`crate::cli::Ctx`]: the desk,
//! the data folder, `--json`, the acting person). All rules live in the core.
//! Each module ends with its text renderers (what a person reads without
//! `--json`), named after what they print, so a handler is parse, call the
//! desk, `emit(json, &value, || renderer(&value))`; the few that several
//! nouns share are in [`crate::output`].

pub mod acceptance;
pub mod agency;
pub mod assignment;
pub mod audit;
pub mod backup;
pub mod comment;
pub mod conflict;
pub mod contract;
pub mod draft;
pub mod engagement;
pub mod feedback;
pub mod hub;
pub mod media;
pub mod policy;
pub mod portal;
pub mod publishing;
pub mod report;
pub mod review;
pub mod search;
pub mod setup;
pub mod user;
