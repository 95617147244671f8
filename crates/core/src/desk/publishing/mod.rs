//! Publishing use cases: portal accounts, the durable outbox (queue, retry,
//! cancel, resolve a conflict), the worker that sends jobs, and the proofs.
//!
//! The outbox lives in SQLite (`publish_jobs`). A worker *claims* a due job
//! (one transaction: state `sending`, a lease naming the process), builds the
//! [`Article`] from the approved revision, and lets the portal's [`Adapter`]
//! send it with a [`Journal`] over the store — each journal entry its own
//! small transaction, committed before the request it announces. No
//! transaction is held across HTTP. The end (proof + workflow transition to
//! published + audit event + job done) is again one transaction. A worker
//! killed at any point leaves a `sending` job whose holder is dead (or whose
//! lease expires); the next worker takes it and resumes from the journal.
//!
//! - [`portals`]: portal accounts and their secrets;
//! - [`outbox`]: the jobs, the journal and the proofs;
//! - [`worker`]: sending, one job at a time or a whole `sync`;
//! - [`team`]: in team mode, the hub's claim that keeps one piece to one
//!   post when several editors' workbenches publish.

mod outbox;
mod portals;
mod team;
mod worker;

pub use outbox::{ConflictChoice, DeskJournal};
pub use portals::NewPortal;
pub use worker::{sync, sync_with, SyncSummary, Worker, WorkerOptions};
