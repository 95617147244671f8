//! The SQLite store (rusqlite, bundled SQLite, WAL, foreign keys on).
//!
//! Architecture invariant: this is the only crate of the workspace that
//! depends on `rusqlite` and speaks SQL. Everything above works with [`Db`]
//! methods that take parameter structs of this crate and return records of
//! `toasoan-domain`; the store decides nothing (no workflow rule, no rendering,
//! no combination of figures) and mints ids only through
//! `toasoan_domain::ids::new_id`. Writes happen inside [`Store::write`], one `BEGIN IMMEDIATE`
//! transaction per use case, so a state change and its audit event commit
//! together or not at all.

mod assignments;
mod audit;
pub mod backup;
mod comments;
mod contracts;
mod directory;
mod engagement;
mod feedback;
mod ledger;
mod media;
pub mod migrations;
mod notifications;
mod people;
mod period;
mod publishing;
mod search;
pub mod sync;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode};

use toasoan_domain::{Error, Result as DomainResult};

pub use assignments::{AssignmentFilter, NewAssignmentRow};
pub use audit::NewAuditEvent;
pub use backup::{MediaFileRow, ProofFileRow};
pub use comments::CommentFilter;
pub use directory::NewStageRow;
pub use feedback::{FeedbackFilter, NewFeedbackRow};
pub use media::{MediaFilter, NewMediaRow};
pub use notifications::NOTIFICATIONS_SHOWN;
pub use period::LinePiece;
pub use publishing::{NewPortalRow, NewPublicationRow};
pub use search::{IndexFields, IndexRow, REINDEX_KEY};
pub use sync::{OutboxOp, Replicated, RowIn, REPLICATED};

/// A failure inside the store: the domain's [`Error`], into which SQLite's
/// errors are translated here (the only crate that knows them). Converts into
/// [`Error`] with `?`.
#[derive(Debug)]
pub struct StoreError(pub Error);

/// Result of the store's queries.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Error {
        e.0
    }
}

impl From<Error> for StoreError {
    fn from(e: Error) -> StoreError {
        StoreError(e)
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Name of the database file inside the data directory.
pub const DB_FILE: &str = "toasoan.db";

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Why the store is open for reading only (a full or read-only disk).
    read_only: Option<String>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// Query access inside a transaction (see [`Store::read`] and [`Store::write`]).
pub struct Db<'a> {
    conn: &'a Connection,
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError(match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
                Error::NotADatabase { path: PathBuf::new(), reason: e.to_string() }
            }
            Some(ErrorCode::ReadOnly) => Error::DataDirNotWritable { path: PathBuf::new(), reason: e.to_string() },
            Some(ErrorCode::DiskFull) => Error::Storage(format!("đĩa đầy: {e}")),
            _ => Error::Storage(e.to_string()),
        })
    }
}

impl Store {
    /// Opens (creating if needed) the store in `dir`, migrating it to the current
    /// schema. A database written by a newer binary, a file that is not SQLite,
    /// and a directory that cannot be written are refused with a clear error, and
    /// the file is left untouched.
    ///
    /// A folder that cannot be written — a full disk, read-only media (a
    /// backup opened from a DVD or a locked USB stick) — still opens an
    /// existing store, for reading only ([`Store::read_only`]): a reporter
    /// can read every draft on a full disk; each write is then refused,
    /// saying why ("đĩa đầy").
    pub fn open(dir: &Path) -> DomainResult<Store> {
        let unwritable =
            |e: std::io::Error| Error::DataDirNotWritable { path: dir.to_path_buf(), reason: e.to_string() };
        let path = dir.join(DB_FILE);
        // A new data folder is the person's alone (0700): drafts and original
        // photos (GPS included) are not for the machine's other users.
        // Prove the directory is writable before SQLite tries (WAL needs it too).
        let probe = dir.join(format!(".toasoan-write-test-{}", std::process::id()));
        let writable = toasoan_files::create_private_dir(dir).and_then(|_| fs::write(&probe, b"ok"));
        let _ = fs::remove_file(&probe);
        if let Err(e) = writable {
            if !path.is_file() {
                return Err(unwritable(e));
            }
            return Store::open_read_only(&path, why_read_only(&e));
        }
        check_header(&path)?;
        let conn = Connection::open(&path).map_err(|e| with_path(StoreError::from(e).0, &path))?;
        let store = Store { conn, path, read_only: None };
        store.init().map_err(|e| with_path(e, &store.path))?;
        Ok(store)
    }

    /// A read-only connection to the database file at `path`: first an
    /// ordinary one (sharing the write-ahead log with any writer), and where
    /// that cannot start — a WAL database with no `-shm` file and no room to
    /// make one — the file taken as immutable.
    fn read_only_connection(path: &Path) -> DomainResult<Connection> {
        use rusqlite::OpenFlags;
        check_header(path)?;
        let ro = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let try_open = |extra: &str| -> DomainResult<Connection> {
            let uri = format!("{}{extra}", url_path(path));
            let conn = Connection::open_with_flags(uri, ro).map_err(|e| with_path(StoreError::from(e).0, path))?;
            // Reading proves the connection works (a WAL database without its
            // -shm fails here, not at open).
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0))
                .map_err(|e| with_path(StoreError::from(e).0, path))?;
            Ok(conn)
        };
        try_open("?mode=ro").or_else(|_| try_open("?immutable=1"))
    }

    /// Opens the store at `path` for reading only: first as an ordinary
    /// read-only connection (which shares the write-ahead log with any
    /// writer), and where that cannot start — no `-shm` file and no room
    /// to make one — as an immutable file.
    fn open_read_only(path: &Path, reason: String) -> DomainResult<Store> {
        let conn = Store::read_only_connection(path)?;
        let store = Store { conn, path: path.to_path_buf(), read_only: Some(reason) };
        let found = store.schema_version()?;
        if found > migrations::LATEST {
            return Err(Error::DatabaseTooNew { path: path.to_path_buf(), found, supported: migrations::LATEST });
        }
        if found < migrations::LATEST {
            return Err(Error::DataDirNotWritable {
                path: path.parent().unwrap_or(path).to_path_buf(),
                reason: format!(
                    "{}; cơ sở dữ liệu (phiên bản {found}) cần được nâng cấp lên phiên bản {} trước khi dùng, mà việc đó phải ghi",
                    store.read_only.as_deref().unwrap_or_default(),
                    migrations::LATEST
                ),
            });
        }
        store.conn.execute_batch("PRAGMA foreign_keys = ON;").map_err(StoreError::from)?;
        store.conn.busy_handler(Some(retry_soon)).map_err(StoreError::from)?;
        Ok(store)
    }

    /// Opens a database file for reading only, as it is (no migration): a
    /// backup's snapshot. Refused when it is newer than this binary.
    pub fn open_file_read_only(path: &Path) -> DomainResult<Store> {
        let conn = Store::read_only_connection(path)?;
        let store = Store { conn, path: path.to_path_buf(), read_only: Some("bản sao chỉ để đọc".into()) };
        let found = store.schema_version()?;
        if found > migrations::LATEST {
            return Err(Error::DatabaseTooNew { path: path.to_path_buf(), found, supported: migrations::LATEST });
        }
        Ok(store)
    }

    /// Why the store is open for reading only, if it is: "đĩa đầy", "ổ đĩa
    /// chỉ cho đọc"…
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// An in-memory store, for tests and benchmarks.
    pub fn open_in_memory() -> DomainResult<Store> {
        let conn = Connection::open_in_memory().map_err(StoreError::from)?;
        let store = Store { conn, path: PathBuf::from(":memory:"), read_only: None };
        store.init()?;
        Ok(store)
    }

    fn init(&self) -> DomainResult<()> {
        let found = self.schema_version()?;
        if found > migrations::LATEST {
            return Err(Error::DatabaseTooNew { path: self.path.clone(), found, supported: migrations::LATEST });
        }
        self.conn
            .execute_batch(
                "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;",
            )
            .map_err(StoreError::from)?;
        // Another connection writing (the team worker applying a pull, the
        // CLI, a background worker): wait for it, trying again every
        // millisecond. SQLite's own busy timeout sleeps longer and longer
        // between tries and missed the short gaps between a pull's pages,
        // so an autosave waited seconds (and failed after 5 s) during a
        // first copy.
        self.conn.busy_handler(Some(retry_soon)).map_err(StoreError::from)?;
        migrations::migrate(&self.conn)?;
        Ok(())
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Current schema version of the open database.
    pub fn schema_version(&self) -> DomainResult<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(StoreError::from)?)
    }

    /// Runs read-only queries on one consistent snapshot.
    pub fn read<T>(&self, f: impl FnOnce(&Db<'_>) -> DomainResult<T>) -> DomainResult<T> {
        self.run("BEGIN DEFERRED", f)
    }

    /// Runs `f` in one write transaction: committed if it returns `Ok`, rolled back
    /// (nothing changed) if it returns `Err`.
    ///
    /// On a store open for reading only, refused before anything runs,
    /// saying why.
    pub fn write<T>(&self, f: impl FnOnce(&Db<'_>) -> DomainResult<T>) -> DomainResult<T> {
        if let Some(why) = &self.read_only {
            return Err(Error::DataDirNotWritable {
                path: self.path.parent().unwrap_or(&self.path).to_path_buf(),
                reason: format!("{why} — dữ liệu đang mở chỉ để đọc, không lưu được thay đổi nào"),
            });
        }
        self.run("BEGIN IMMEDIATE", f)
    }

    fn run<T>(&self, begin: &str, f: impl FnOnce(&Db<'_>) -> DomainResult<T>) -> DomainResult<T> {
        self.conn.execute_batch(begin).map_err(|e| with_path(StoreError::from(e).0, &self.path))?;
        let result = f(&Db { conn: &self.conn });
        match result {
            Ok(v) => {
                if let Err(e) = self.conn.execute_batch("COMMIT") {
                    let _ = self.conn.execute_batch("ROLLBACK");
                    return Err(with_path(StoreError::from(e).0, &self.path));
                }
                Ok(v)
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(with_path(e, &self.path))
            }
        }
    }
}

/// The reason a folder could not be written, in words people use.
fn why_read_only(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "đĩa đầy".to_string(),
        ErrorKind::ReadOnlyFilesystem => "ổ đĩa chỉ cho đọc".to_string(),
        ErrorKind::PermissionDenied => "không có quyền ghi vào thư mục dữ liệu".to_string(),
        _ => format!("không ghi được vào thư mục dữ liệu ({e})"),
    }
}

/// A file path as an SQLite URI (`file:` + percent-encoded path).
fn url_path(path: &Path) -> String {
    let raw = path.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file:");
    if !raw.starts_with('/') {
        // Windows: file:/C:/…
        out.push('/');
    }
    for b in raw.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' | b':' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// How long a write waits for another connection's transaction to end
/// before it fails as `storage` ("database is locked").
const BUSY_WAIT: Duration = Duration::from_secs(30);

/// SQLite's busy handler: sleeps a millisecond and tries again, for up to
/// [`BUSY_WAIT`].
fn retry_soon(attempt: i32) -> bool {
    std::thread::sleep(Duration::from_millis(1));
    (attempt as u128) < BUSY_WAIT.as_millis()
}

/// Fills in the path of path-less storage errors raised deep in queries.
fn with_path(e: Error, path: &Path) -> Error {
    match e {
        Error::NotADatabase { path: p, reason } if p.as_os_str().is_empty() => {
            Error::NotADatabase { path: path.to_path_buf(), reason }
        }
        Error::DataDirNotWritable { path: p, reason } if p.as_os_str().is_empty() => {
            Error::DataDirNotWritable { path: path.parent().unwrap_or(path).to_path_buf(), reason }
        }
        other => other,
    }
}

/// Refuses, without writing, a non-empty file that does not start with SQLite's
/// magic header.
///
/// Done once per file per process: closing *any* descriptor of a file drops
/// every POSIX lock this process holds on it, including the locks of SQLite
/// connections other threads have open (a second desk opened by the publishing
/// worker would otherwise silently unlock the first, and SQLite then reports
/// "disk I/O error" or worse). The first open of a file in a process happens
/// before any connection to it exists.
fn check_header(path: &Path) -> DomainResult<()> {
    static CHECKED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    let key = match (path.parent().and_then(|d| d.canonicalize().ok()), path.file_name()) {
        (Some(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    };
    let mut checked = CHECKED.lock().unwrap_or_else(|e| e.into_inner());
    if checked.contains(&key) {
        return Ok(());
    }
    check_header_now(path)?;
    checked.push(key);
    Ok(())
}

fn check_header_now(path: &Path) -> DomainResult<()> {
    let Ok(mut f) = fs::File::open(path) else {
        return Ok(());
    };
    let mut head = [0u8; 16];
    let n = f.read(&mut head).map_err(|e| Error::Storage(e.to_string()))?;
    if n == 0 {
        return Ok(());
    }
    if n < 16 || &head != b"SQLite format 3\0" {
        return Err(Error::NotADatabase {
            path: path.to_path_buf(), reason: "không có phần đầu tệp SQLite".into()
        });
    }
    Ok(())
}

impl Db<'_> {
    /// Reads a value of the `meta` table.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self.conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    /// Removes a value of the `meta` table.
    pub fn delete_meta(&self, key: &str) -> Result<()> {
        self.conn.execute("DELETE FROM meta WHERE key = ?1", [key])?;
        Ok(())
    }

    /// Writes a value of the `meta` table.
    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}

/// Parses a coded enum stored in a column.
fn coded<T: std::str::FromStr>(idx: usize, s: String) -> rusqlite::Result<T> {
    s.parse().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, format!("unknown code {s}").into())
    })
}

fn date(idx: usize, s: String) -> rusqlite::Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d")
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e)))
}
