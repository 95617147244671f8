//! Typed errors of the core, with a closed set of stable codes.
//!
//! The message (`Display`) is Vietnamese and names the rule that was broken; the
//! code ([`Error::code`]) is what front ends match on (the UI translates per code,
//! the CLI prints both).

use std::path::PathBuf;

/// Result alias used across the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything the core can refuse or fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The acting person's role does not allow this (the rule is named).
    #[error("không được phép [{rule}]: {detail}")]
    Forbidden {
        /// Stable name of the role rule, e.g. `reporter-own-assignment`.
        rule: &'static str,
        /// Human explanation in Vietnamese.
        detail: String,
    },
    /// The workflow does not allow this action in the current state.
    #[error("không thể {action} khi bài đang ở trạng thái «{state}» [workflow]")]
    InvalidTransition {
        /// Vietnamese label of the attempted action.
        action: &'static str,
        /// Vietnamese label of the current state.
        state: &'static str,
    },
    /// An id or login that does not exist.
    #[error("không tìm thấy {kind} «{id}»")]
    NotFound {
        /// What was looked for, in Vietnamese (e.g. "hợp đồng").
        kind: &'static str,
        /// The id or login given.
        id: String,
    },
    /// Input that breaks a validation rule (the field is named).
    #[error("dữ liệu không hợp lệ ({field}): {reason}")]
    Invalid {
        /// The field or argument at fault.
        field: &'static str,
        /// What is wrong with it, in Vietnamese.
        reason: String,
    },
    /// The change conflicts with existing data (e.g. a login already taken).
    #[error("xung đột dữ liệu: {0}")]
    Conflict(String),
    /// The database was written by a newer version of Tòa Soạn.
    #[error("cơ sở dữ liệu {path} có phiên bản lược đồ {found}, mới hơn phiên bản {supported} mà chương trình này hiểu; hãy cập nhật Tòa Soạn (tệp không bị thay đổi)")]
    DatabaseTooNew {
        /// Database file.
        path: PathBuf,
        /// Schema version found in the file.
        found: i64,
        /// Newest schema version this binary knows.
        supported: i64,
    },
    /// The file is not an SQLite database, or it is damaged.
    #[error("tệp {path} không phải cơ sở dữ liệu Tòa Soạn hoặc đã bị hỏng ({reason}); tệp không bị thay đổi")]
    NotADatabase {
        /// Database file.
        path: PathBuf,
        /// What SQLite reported.
        reason: String,
    },
    /// The data directory cannot be created or written.
    #[error("không ghi được vào thư mục dữ liệu {path}: {reason}")]
    DataDirNotWritable {
        /// The directory.
        path: PathBuf,
        /// The operating system's reason.
        reason: String,
    },
    /// Any other storage failure (disk full, I/O error, locked database).
    #[error("lỗi lưu trữ: {0}")]
    Storage(String),
    /// The portal could not be reached or answered with a temporary failure
    /// (connection refused, timeout, 5xx, 429): the outbox retries later.
    #[error("cổng thông tin tạm thời không phản hồi: {0}")]
    PortalUnavailable(String),
    /// The portal refused the request for a reason retrying will not fix
    /// (wrong password, missing permission, invalid data).
    #[error("cổng thông tin từ chối: {0}")]
    PortalRejected(String),
    /// The portal account's secret is in neither the OS keyring nor its
    /// environment variable.
    #[error("không có mật khẩu ứng dụng của cổng: {0}")]
    SecretUnavailable(String),
    /// The team hub cannot be reached now (down, no network, timeout): local
    /// work goes on and waits to be sent.
    #[error("máy chủ chung tạm thời không kết nối được: {0}")]
    HubUnavailable(String),
    /// The team hub refused: a wrong login or password, a certificate, a
    /// schema of another version, or a rule it enforces.
    #[error("máy chủ chung từ chối: {0}")]
    HubRejected(String),
    /// Someone else is doing this now (another workbench of the team is
    /// sending the piece): it is retried later.
    #[error("đang bận: {0}")]
    Busy(String),
}

impl Error {
    /// The closed set of stable error codes, as crossing IPC and printed by the CLI.
    pub const CODES: [&'static str; 15] = [
        "forbidden",
        "invalid_transition",
        "not_found",
        "invalid_input",
        "conflict",
        "database_too_new",
        "not_a_database",
        "data_dir_unwritable",
        "storage",
        "portal_unavailable",
        "portal_rejected",
        "secret_unavailable",
        "hub_unavailable",
        "hub_rejected",
        "busy",
    ];

    /// Stable machine-readable code of this error (one of [`Error::CODES`]).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Forbidden { .. } => "forbidden",
            Error::InvalidTransition { .. } => "invalid_transition",
            Error::NotFound { .. } => "not_found",
            Error::Invalid { .. } => "invalid_input",
            Error::Conflict(_) => "conflict",
            Error::DatabaseTooNew { .. } => "database_too_new",
            Error::NotADatabase { .. } => "not_a_database",
            Error::DataDirNotWritable { .. } => "data_dir_unwritable",
            Error::Storage(_) => "storage",
            Error::PortalUnavailable(_) => "portal_unavailable",
            Error::PortalRejected(_) => "portal_rejected",
            Error::SecretUnavailable(_) => "secret_unavailable",
            Error::HubUnavailable(_) => "hub_unavailable",
            Error::HubRejected(_) => "hub_rejected",
            Error::Busy(_) => "busy",
        }
    }

    /// Shorthand for [`Error::Invalid`].
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Error::Invalid { field, reason: reason.into() }
    }

    /// Whether retrying later may succeed (the outbox backs off and retries).
    pub fn is_transient(&self) -> bool {
        matches!(self, Error::PortalUnavailable(_) | Error::Storage(_) | Error::HubUnavailable(_) | Error::Busy(_))
    }

    /// Shorthand for [`Error::NotFound`].
    pub fn not_found(kind: &'static str, id: impl Into<String>) -> Self {
        Error::NotFound { kind, id: id.into() }
    }
}
