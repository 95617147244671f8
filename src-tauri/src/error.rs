//! The error object that crosses IPC: `{code, message}` with a closed set of
//! codes. The UI shows its own translated text per code and the core's
//! (Vietnamese) message as the detail.

use serde::Serialize;
use specta::Type;
use toasoan_core::Error;

/// Every code the UI must translate. The core's codes plus the shell's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A role or ownership rule refused the action.
    Forbidden,
    /// The piece is not in a state that allows the action.
    InvalidTransition,
    /// No such record.
    NotFound,
    /// Bad input (field named in the message).
    InvalidInput,
    /// Someone else changed the data first.
    Conflict,
    /// The database was written by a newer Tòa Soạn.
    DatabaseTooNew,
    /// The file is not a Tòa Soạn database.
    NotADatabase,
    /// The data folder cannot be written.
    DataDirUnwritable,
    /// SQLite failed.
    Storage,
    /// The portal did not answer or answered with a temporary failure.
    PortalUnavailable,
    /// The portal refused (password, permission, data).
    PortalRejected,
    /// The portal's secret is in neither the keyring nor its variable.
    SecretUnavailable,
    /// The team hub cannot be reached now.
    HubUnavailable,
    /// The team hub refused (login, certificate, version, a rule).
    HubRejected,
    /// Another workbench is doing this now; retried later.
    Busy,
    /// A command that needs a signed-in person was called before sign-in.
    NotSignedIn,
    /// The settings file could not be read or written.
    Settings,
    /// A command failed unexpectedly (a bug): nothing was changed, and the
    /// app goes on.
    Internal,
}

impl ErrorCode {
    /// The snake_case code, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::InvalidTransition => "invalid_transition",
            ErrorCode::NotFound => "not_found",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::Conflict => "conflict",
            ErrorCode::DatabaseTooNew => "database_too_new",
            ErrorCode::NotADatabase => "not_a_database",
            ErrorCode::DataDirUnwritable => "data_dir_unwritable",
            ErrorCode::Storage => "storage",
            ErrorCode::PortalUnavailable => "portal_unavailable",
            ErrorCode::PortalRejected => "portal_rejected",
            ErrorCode::SecretUnavailable => "secret_unavailable",
            ErrorCode::HubUnavailable => "hub_unavailable",
            ErrorCode::HubRejected => "hub_rejected",
            ErrorCode::Busy => "busy",
            ErrorCode::NotSignedIn => "not_signed_in",
            ErrorCode::Settings => "settings",
            ErrorCode::Internal => "internal",
        }
    }

    /// Every code, for the test that keeps the UI's catalogue complete.
    pub const ALL: [ErrorCode; 18] = [
        ErrorCode::Forbidden,
        ErrorCode::InvalidTransition,
        ErrorCode::NotFound,
        ErrorCode::InvalidInput,
        ErrorCode::Conflict,
        ErrorCode::DatabaseTooNew,
        ErrorCode::NotADatabase,
        ErrorCode::DataDirUnwritable,
        ErrorCode::Storage,
        ErrorCode::PortalUnavailable,
        ErrorCode::PortalRejected,
        ErrorCode::SecretUnavailable,
        ErrorCode::HubUnavailable,
        ErrorCode::HubRejected,
        ErrorCode::Busy,
        ErrorCode::NotSignedIn,
        ErrorCode::Settings,
        ErrorCode::Internal,
    ];
}

/// What a failed command returns to the UI.
#[derive(Debug, Clone, Serialize, Type)]
pub struct IpcError {
    /// Closed set; the UI translates it.
    pub code: ErrorCode,
    /// The core's specific message (Vietnamese), shown as the detail.
    pub message: String,
}

impl IpcError {
    /// An error of the shell's own.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        IpcError { code, message: message.into() }
    }
}

impl From<Error> for IpcError {
    fn from(e: Error) -> Self {
        let code = match &e {
            Error::Forbidden { .. } => ErrorCode::Forbidden,
            Error::InvalidTransition { .. } => ErrorCode::InvalidTransition,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Invalid { .. } => ErrorCode::InvalidInput,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::DatabaseTooNew { .. } => ErrorCode::DatabaseTooNew,
            Error::NotADatabase { .. } => ErrorCode::NotADatabase,
            Error::DataDirNotWritable { .. } => ErrorCode::DataDirUnwritable,
            Error::Storage(_) => ErrorCode::Storage,
            Error::PortalUnavailable(_) => ErrorCode::PortalUnavailable,
            Error::PortalRejected(_) => ErrorCode::PortalRejected,
            Error::SecretUnavailable(_) => ErrorCode::SecretUnavailable,
            Error::HubUnavailable(_) => ErrorCode::HubUnavailable,
            Error::HubRejected(_) => ErrorCode::HubRejected,
            Error::Busy(_) => ErrorCode::Busy,
        };
        IpcError { code, message: e.to_string() }
    }
}

/// Result of every command.
pub type IpcResult<T> = Result<T, IpcError>;
