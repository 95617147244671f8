//! The desk: every use case of the newsroom as one method.
//!
//! Architecture invariant: each state-changing method runs in one
//! [`Store::write`] transaction that (1) loads what it changes, (2) asks
//! [`workflow`] whether the acting person may do it and what state follows,
//! (3) applies it and (4) appends an audit event. An error at any step rolls
//! everything back: no partial rows.

mod backup;
mod comments;
mod conflicts;
mod directory;
mod engagement;
mod feedback;
mod hub;
mod ledger;
mod media;
mod notifications;
mod passphrase;
mod period;
mod pieces;
mod planning;
mod publishing;
mod reports;
mod setup;

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::domain::AuditAction;
use crate::domain::Person;
use crate::error::{Error, Result};
use crate::store::{Db, NewAuditEvent, Store};
use crate::time::{self, Clock};

pub use crate::workflow::{counts, projected, value_warnings, AT_RISK_DAYS};
pub use backup::{
    proof_path, read_manifest, restore, BackupReport, CheckReport, GcReport, Manifest, ManifestFile, RestoreReport,
    BACKUP_FORMAT, BACKUP_VERSION, MAX_KEEP, PROOFS_DIR, ROTATING_PREFIX,
};
pub use conflicts::{merge3, ConflictSummary, ConflictView, MergedField, Resolution};
pub use directory::{NewContact, PersonEdit, PersonUpdate};
pub use engagement::{
    EngagementImport, ImportMatch, ImportPreview, PieceEngagement, PollRun, PollSummary, Rollup, Unmatched,
};
pub use feedback::{FeedbackQuery, NewFeedback};
pub use hub::{
    hub_password, hub_upgrade, HubForm, HubLink, HubMove, HubProbe, HubStatus, HubStep, HubUpgrade, InvitationJoin,
    RefusedChange, SyncReport, Team,
};
pub use ledger::{AcceptanceOutcome, AcceptancePreview, ContractEdit, LineChange, NewAmendment};
pub use media::{media_refs, ImportOutcome, ImportProgress, MediaPatch, MediaQuery, MEDIA_SCHEME};
pub use notifications::HubCounts;
pub use passphrase::{PASSPHRASE_MAX_CHARS, PASSPHRASE_MIN_CHARS};
pub use period::MAX_PERIOD_DAYS;
pub use pieces::{
    AssignmentEdit, AutosaveOutcome, DraftPatch, EditedAssignment, FieldChange, NewAssignment, SaveOutcome,
    AUTOSAVE_BURST_GAP, AUTOSAVE_BURST_MAX,
};
pub use planning::{PlanEntry, Planning, PlanningQuery, ReporterLoad, ResponseOutcome};
pub use publishing::{sync, sync_with, ConflictChoice, DeskJournal, NewPortal, SyncSummary, Worker, WorkerOptions};
pub use reports::{BurnPoint, ContractReport, LineReport};
pub use setup::{NewContract, NewLine, NewPerson, NewPolicy};

/// The newsroom desk over one store.
pub struct Desk {
    store: Store,
    clock: Clock,
}

impl std::fmt::Debug for Desk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Desk").field("store", &self.store).finish()
    }
}

pub use crate::domain::ids::{content_hash, new_id};

impl Desk {
    /// Opens the desk on the store in `dir` (created and migrated as needed).
    pub fn open(dir: &Path) -> Result<Desk> {
        Desk::on(Store::open(dir)?)
    }

    /// A desk on an in-memory store (tests, benchmarks).
    pub fn in_memory() -> Result<Desk> {
        Desk::on(Store::open_in_memory()?)
    }

    fn on(store: Store) -> Result<Desk> {
        let desk = Desk { store, clock: time::system_clock() };
        desk.reindex_if_asked()?;
        Ok(desk)
    }

    /// Rebuilds the search index when a migration asked for it (the store
    /// cannot turn Markdown into text; see `toasoan_store::REINDEX_KEY`).
    fn reindex_if_asked(&self) -> Result<()> {
        use crate::store::REINDEX_KEY;
        if self.store.read_only().is_some() || self.store.read(|db| Ok(db.meta(REINDEX_KEY)?))?.is_none() {
            return Ok(());
        }
        self.store.write(|db| {
            for p in db.pieces_to_index()? {
                let f = crate::search::index_fields(&p.headline, &p.sapo, &p.body, &p.brief, &p.policy);
                db.index_assignment(p.num, &f)?;
            }
            db.delete_meta(REINDEX_KEY)?;
            Ok(())
        })
    }

    /// Replaces the clock (tests drive autosave bursts with it).
    pub fn with_clock(mut self, clock: Clock) -> Desk {
        self.clock = clock;
        self
    }

    /// Why this desk is open for reading only (a full or read-only disk),
    /// if it is: every change is then refused with that reason.
    pub fn read_only(&self) -> Option<&str> {
        self.store.read_only()
    }

    /// The underlying store (the desk's own: no front end reaches SQLite).
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// The database file this desk works on (`:memory:` for an in-memory
    /// desk); its folder is the data folder.
    pub fn database_path(&self) -> &Path {
        self.store.path()
    }

    /// The database's schema version.
    pub fn schema_version(&self) -> Result<i64> {
        self.store.schema_version()
    }

    fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// The person with this login, to act as: a deactivated person acts no more.
    pub fn person(&self, login: &str) -> Result<Person> {
        self.store.read(|db| active_person(db, login))
    }
}

fn person(db: &Db<'_>, login: &str) -> Result<Person> {
    db.person_by_login(login.trim())?.ok_or_else(|| Error::not_found("người dùng", login))
}

/// A person who may act or be given work: refused once deactivated.
fn active_person(db: &Db<'_>, login: &str) -> Result<Person> {
    let p = person(db, login)?;
    if !p.active {
        return Err(Error::Forbidden {
            rule: "person-inactive",
            detail: format!("«{}» ({}) đã ngừng hoạt động trong tòa soạn", p.real_name, p.login),
        });
    }
    Ok(p)
}

fn audit(
    db: &Db<'_>,
    actor: &str,
    action: AuditAction,
    entity_kind: &str,
    entity_id: &str,
    detail: serde_json::Value,
    now: &str,
) -> Result<()> {
    let action = action.code();
    Ok(db.append_audit(&NewAuditEvent { actor, action, entity_kind, entity_id, detail }, now)?)
}
