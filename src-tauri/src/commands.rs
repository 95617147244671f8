//! The IPC commands: each one a thin wrapper that calls one core function as the
//! signed-in person. No rule lives here; the core's workflow decides.
//!
//! One file per area, named as the area is everywhere (store, core, CLI, UI);
//! the helpers and the IPC records they share stay here.

use crate::error::ErrorCode;
use crate::error::IpcError;
use crate::error::IpcResult;
use crate::media_protocol::MEDIA_URL;
use crate::settings::default_data_dir;
use crate::settings::Language;
use crate::state::AppState;
use chrono::NaiveDate;
use serde::Deserialize;
use serde::Serialize;
use specta::Type;
use tauri::ipc::Channel;
use tauri::ipc::Request;
use tauri::State;
use toasoan_core::desk::AcceptanceOutcome;
use toasoan_core::desk::AcceptancePreview;
use toasoan_core::desk::AssignmentEdit;
use toasoan_core::desk::AutosaveOutcome;
use toasoan_core::desk::ConflictChoice;
use toasoan_core::desk::ContractEdit;
use toasoan_core::desk::ContractReport;
use toasoan_core::desk::DraftPatch;
use toasoan_core::desk::EditedAssignment;
use toasoan_core::desk::EngagementImport;
use toasoan_core::desk::FeedbackQuery;
use toasoan_core::desk::ImportOutcome;
use toasoan_core::desk::ImportPreview;
use toasoan_core::desk::MediaPatch;
use toasoan_core::desk::MediaQuery;
use toasoan_core::desk::NewAmendment;
use toasoan_core::desk::NewAssignment;
use toasoan_core::desk::NewContact;
use toasoan_core::desk::NewContract;
use toasoan_core::desk::NewFeedback;
use toasoan_core::desk::NewLine;
use toasoan_core::desk::NewPerson;
use toasoan_core::desk::NewPolicy;
use toasoan_core::desk::NewPortal;
use toasoan_core::desk::PersonEdit;
use toasoan_core::desk::PersonUpdate;
use toasoan_core::desk::PieceEngagement;
use toasoan_core::desk::Planning;
use toasoan_core::desk::PlanningQuery;
use toasoan_core::desk::ResponseOutcome;
use toasoan_core::desk::Rollup;
use toasoan_core::desk::SaveOutcome;
use toasoan_documents::checklist::Checklist;
use toasoan_documents::diff::FieldDiff;
use toasoan_documents::dossier::DossierFormat;
use toasoan_documents::render::Rendered;
use toasoan_domain::engagement::Reading;
use toasoan_domain::limits::MAX_IMPORT_BYTES;
use toasoan_domain::search::SearchHit;
use toasoan_domain::text::legacy;
use toasoan_domain::Agency;
use toasoan_domain::AgencyContact;
use toasoan_domain::AgencyPage;
use toasoan_domain::Amendment;
use toasoan_domain::Assignment;
use toasoan_domain::AuditEvent;
use toasoan_domain::Capability;
use toasoan_domain::Comment;
use toasoan_domain::Contract;
use toasoan_domain::Draft;
use toasoan_domain::EngagementSource;
use toasoan_domain::Feedback;
use toasoan_domain::MediaItem;
use toasoan_domain::Metric;
use toasoan_domain::PeriodReport;
use toasoan_domain::Person;
use toasoan_domain::PieceAction;
use toasoan_domain::Policy;
use toasoan_domain::PolicyPage;
use toasoan_domain::PolicyStage;
use toasoan_domain::PolicyStageEntry;
use toasoan_domain::Portal;
use toasoan_domain::Publication;
use toasoan_domain::PublishJob;
use toasoan_domain::ResponseKind;
use toasoan_domain::Revision;
use toasoan_domain::State as PieceState;

pub mod acceptance;
pub mod agencies;
pub mod backup;
pub mod contracts;
pub mod engagement;
pub mod exports;
pub mod feedback;
pub mod media;
pub mod people;
pub mod pieces;
pub mod planning;
pub mod publishing;
pub mod reports;
pub mod review;
pub mod session;
pub mod team;

/// What the start screen and settings need to know.
#[derive(Debug, Clone, Serialize, Type)]
pub struct AppInfo {
    /// App version.
    pub version: String,
    /// UI language.
    pub language: Language,
    /// Data folder in effect.
    pub data_dir: Option<String>,
    /// The default data folder.
    pub default_data_dir: Option<String>,
    /// Why the data folder could not be opened.
    pub open_error: Option<crate::error::IpcError>,
    /// Signed-in person.
    pub user: Option<Person>,
    /// The hub login this workbench belongs to (team mode), if joined.
    pub team_login: Option<String>,
    /// Why the data folder is open for reading only (a full or read-only
    /// disk), if it is: every change is refused meanwhile.
    pub read_only: Option<String>,
}

/// Progress of long work, streamed to the UI.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Progress {
    /// Units done.
    pub done: u32,
    /// Units in all.
    pub total: u32,
}

/// Live preview of text being typed: the published HTML and the checklist.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Preview {
    /// Sanitized HTML, exactly as it will be published.
    pub rendered: Rendered,
    /// The pre-publish checklist of this text.
    pub checklist: Checklist,
}

/// Two revisions and what changed between them.
#[derive(Debug, Clone, Serialize, Type)]
pub struct DiffView {
    /// Older revision.
    pub old: Revision,
    /// Newer revision.
    pub new: Revision,
    /// Per-field changes.
    pub fields: Vec<FieldDiff>,
}

/// Pasted text that looks like TCVN3 or VNI, with its Unicode conversion.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct LegacyText {
    /// "TCVN3 (ABC)" or "VNI-Windows".
    pub encoding: String,
    /// The text converted to Unicode (NFC).
    pub converted: String,
}

/// The scheduled backup: its folder, how many are kept, the last good one
/// and the last failure.
#[derive(Debug, Clone, Serialize, Type)]
pub struct BackupStatus {
    /// Folder of the daily backup, if set.
    pub dir: Option<String>,
    /// Archives kept there.
    pub keep: u32,
    /// When the last good backup was made (UTC), if ever.
    pub last_at: Option<String>,
    /// Where it was written.
    pub last_path: Option<String>,
    /// Why the last try failed, if it did.
    pub last_error: Option<String>,
}

/// Commands whose argument is the raw request body (bytes, not JSON); the
/// shell's invoke handler routes them past the typed ones.
pub const RAW: &[&str] = &["import_media_bytes"];

/// A contract as recorded, with warnings (line items not adding up).
#[derive(Debug, Clone, Serialize, Type)]
pub struct ContractSaved {
    /// The contract.
    pub contract: Contract,
    /// Warnings, in Vietnamese.
    pub warnings: Vec<String>,
}

/// An amendment as recorded, with warnings.
#[derive(Debug, Clone, Serialize, Type)]
pub struct AmendmentSaved {
    /// The amendment.
    pub amendment: Amendment,
    /// Warnings, in Vietnamese.
    pub warnings: Vec<String>,
}

/// A file chosen in the window: its name and its bytes as base64.
#[derive(Debug, Clone, serde::Deserialize, specta::Type)]
pub struct Upload {
    pub name: String,
    pub data_base64: String,
}

/// Decodes and checks an upload off the async runtime.
async fn prepare(upload: Option<Upload>) -> IpcResult<Option<toasoan_media::Prepared>> {
    let Some(u) = upload else { return Ok(None) };
    let p = tauri::async_runtime::spawn_blocking(move || crate::media_protocol::prepare(&u.name, &u.data_base64))
        .await
        .map_err(|e| IpcError::new(ErrorCode::Internal, e.to_string()))??;
    Ok(Some(p))
}
