//! What the running app holds: its settings, who is signed in, and a pool
//! of desks on the open data folder. Commands reach the core only through
//! [`AppState::with_desk`] and [`AppState::with_user`], which turn every
//! failure into an [`IpcError`].
//!
//! No lock is held while the core works (issue «Nothing lost, nothing
//! leaked», item 4). The app's own state sits behind a mutex taken for
//! moments only; each command borrows a desk of its own from the pool (its
//! own SQLite connection: WAL lets readers go on while one writer commits,
//! and writers wait for each other in SQLite, each for one short
//! transaction) and runs on a blocking thread, so one slow command stalls
//! neither the other screens nor the async runtime. A command that panics
//! gets an `internal` error, its desk is dropped (its open transaction
//! rolled back with the connection), and every later command works.

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use toasoan_core::Desk;
use toasoan_domain::Person;

use crate::error::{ErrorCode, IpcError, IpcResult};
use crate::settings::{settings_path, Settings};

/// Idle desks kept for the next commands; more are opened when more
/// commands run at once, and dropped when they come back to a full pool.
const IDLE_DESKS: usize = 4;

/// The app's managed state.
pub struct AppState {
    inner: Mutex<Inner>,
    /// Idle desks on the open folder, tagged with the folder's generation.
    idle: Mutex<Vec<(u64, Desk)>>,
}

struct Inner {
    settings_path: Option<PathBuf>,
    settings: Settings,
    /// The folder whose store opened; `None` when it could not be opened.
    open_dir: Option<PathBuf>,
    /// The folder in effect (shown even when it could not be opened).
    data_dir: Option<PathBuf>,
    /// Bumped whenever another folder is opened: older desks are dropped.
    generation: u64,
    open_error: Option<IpcError>,
    user: Option<Person>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AppState")
    }
}

/// A snapshot for the UI's start screen and settings.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Preferences.
    pub settings: Settings,
    /// Data folder in effect.
    pub data_dir: Option<PathBuf>,
    /// Why the desk could not be opened, if it could not.
    pub open_error: Option<IpcError>,
    /// Who is signed in.
    pub user: Option<Person>,
    /// The hub login this workbench belongs to (team mode).
    pub team_login: Option<String>,
    /// Why the data folder is open for reading only (a full or read-only
    /// disk), if it is.
    pub read_only: Option<String>,
}

/// A desk borrowed from the pool for one command.
struct Lease {
    desk: Desk,
    generation: u64,
}

impl AppState {
    /// Reads the settings file and opens the desk in the data folder. Failures
    /// are kept and shown by the UI, never fatal.
    pub fn load() -> AppState {
        let path = settings_path();
        let (settings, mut open_error) = match path.as_deref().map(Settings::load).transpose() {
            Ok(s) => (s.unwrap_or_default(), None),
            Err(e) => (Settings::default(), Some(e)),
        };
        let data_dir = settings.effective_data_dir();
        let desk = match (&data_dir, &open_error) {
            (Some(dir), None) => Desk::open(dir).map_err(|e| open_error = Some(e.into())).ok(),
            _ => None,
        };
        AppState::from_parts(path, settings, data_dir, desk, open_error)
    }

    /// A state over an already opened desk (tests); more desks are opened
    /// on the same folder.
    pub fn with_desk_for_tests(desk: Desk, settings_path: Option<PathBuf>) -> AppState {
        let dir = desk.database_path().parent().map(PathBuf::from);
        AppState::from_parts(settings_path, Settings::default(), dir, Some(desk), None)
    }

    fn from_parts(
        settings_path: Option<PathBuf>,
        settings: Settings,
        data_dir: Option<PathBuf>,
        desk: Option<Desk>,
        open_error: Option<IpcError>,
    ) -> AppState {
        let open_dir = desk.as_ref().and(data_dir.clone());
        AppState {
            inner: Mutex::new(Inner {
                settings_path,
                settings,
                open_dir,
                data_dir,
                generation: 0,
                open_error,
                user: None,
            }),
            idle: Mutex::new(desk.into_iter().map(|d| (0, d)).collect()),
        }
    }

    /// The app's own state, for a moment. A panic elsewhere never leaves it
    /// unusable: nothing in it is half-changed by a panic (each change is
    /// one assignment), so a poisoned lock is taken as it is.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A desk for one command: an idle one of the open folder, or a new
    /// connection to it.
    fn lease(&self) -> IpcResult<Lease> {
        let (dir, generation) = {
            let g = self.lock();
            (g.open_dir.clone().ok_or_else(|| desk_missing(&g))?, g.generation)
        };
        let pooled = {
            let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
            idle.retain(|(gen, _)| *gen == generation);
            idle.pop()
        };
        let desk = match pooled {
            Some((_, desk)) => desk,
            None => Desk::open(&dir)?,
        };
        Ok(Lease { desk, generation })
    }

    /// Gives a desk back after a command that finished (panicked ones are
    /// never given back).
    fn give_back(&self, lease: Lease) {
        if self.lock().generation != lease.generation {
            return;
        }
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < IDLE_DESKS {
            idle.push((lease.generation, lease.desk));
        }
    }

    /// Runs `f` on a leased desk on a blocking thread; a panic becomes an
    /// `internal` error.
    async fn run<T: Send + 'static>(&self, f: impl FnOnce(&Desk) -> IpcResult<T> + Send + 'static) -> IpcResult<T> {
        let lease = self.lease()?;
        let joined = tauri::async_runtime::spawn_blocking(move || {
            let out = std::panic::catch_unwind(AssertUnwindSafe(|| f(&lease.desk)));
            (lease, out)
        })
        .await;
        match joined {
            Ok((lease, Ok(result))) => {
                self.give_back(lease);
                result
            }
            Ok((_, Err(panic))) => Err(internal(panic)),
            Err(e) => Err(IpcError::new(ErrorCode::Internal, format!("thao tác bị dừng giữa chừng: {e}"))),
        }
    }

    /// Runs `f` on the open desk.
    pub async fn with_desk<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Desk) -> toasoan_core::Result<T> + Send + 'static,
    ) -> IpcResult<T> {
        self.run(move |d| f(d).map_err(IpcError::from)).await
    }

    /// Runs `f` on the open desk as the signed-in person.
    pub async fn with_user<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Desk, &Person) -> toasoan_core::Result<T> + Send + 'static,
    ) -> IpcResult<T> {
        let user = self.signed_in().ok_or_else(|| IpcError::new(ErrorCode::NotSignedIn, "chưa chọn người dùng"))?;
        self.run(move |d| f(d, &user).map_err(IpcError::from)).await
    }

    /// Runs `f` on a desk of this thread (for the few calls that are not
    /// commands: the media protocol, the start screen).
    fn now_with<T>(&self, f: impl FnOnce(&Desk) -> toasoan_core::Result<T>) -> IpcResult<T> {
        let lease = self.lease()?;
        let out = f(&lease.desk).map_err(IpcError::from);
        self.give_back(lease);
        out
    }

    /// Current settings, folder, open error and user.
    /// A workbench joined to a hub belongs to one person, its hub login:
    /// that person is signed in without choosing a profile.
    pub fn snapshot(&self) -> IpcResult<Snapshot> {
        let opened = self.lock().open_dir.is_some();
        let (team, read_only) = if opened {
            self.now_with(|d| Ok((d.team().member()?, d.read_only().map(String::from))))?
        } else {
            (None, None)
        };
        let mut g = self.lock();
        if let Some(p) = &team {
            if g.user.as_ref().map(|u| &u.login) != Some(&p.login) {
                g.user = Some(p.clone());
            }
        }
        Ok(Snapshot {
            settings: g.settings.clone(),
            data_dir: g.data_dir.clone(),
            open_error: g.open_error.clone(),
            user: g.user.clone(),
            team_login: team.map(|p| p.login),
            read_only,
        })
    }

    /// A desk of its own on the open data folder (its own SQLite
    /// connection): for work that waits on the network (joining a hub,
    /// testing a connection), so the window's commands never wait for it.
    pub fn fresh_desk(&self) -> IpcResult<Desk> {
        let dir = {
            let g = self.lock();
            g.open_dir.clone().ok_or_else(|| desk_missing(&g))?
        };
        Ok(Desk::open(&dir)?)
    }

    /// The data folder of the open desk, if one is open (the outbox worker
    /// opens its own connection there).
    pub fn open_data_dir(&self) -> Option<PathBuf> {
        self.lock().open_dir.clone()
    }

    /// The current settings.
    pub fn settings(&self) -> Settings {
        self.lock().settings.clone()
    }

    /// The signed-in person, if any (the background worker polls engagement
    /// in their name).
    pub fn signed_in(&self) -> Option<Person> {
        self.lock().user.clone()
    }

    /// The media folder of the open data folder, if one is open.
    pub fn media_root(&self) -> Option<PathBuf> {
        self.now_with(|d| d.media_files()).ok().map(|f| f.root().to_path_buf())
    }

    /// Signs `login` in (the person must exist in the desk, and give their
    /// profile's passphrase if it has one).
    pub fn sign_in(&self, login: &str, passphrase: Option<&str>) -> IpcResult<Person> {
        let p = self.now_with(|desk| match desk.workbench_person(Some(login))? {
            Some(me) => Ok(me),
            None => desk.sign_in(login, passphrase),
        })?;
        self.lock().user = Some(p.clone());
        Ok(p)
    }

    /// Signs out.
    pub fn sign_out(&self) -> IpcResult<()> {
        self.lock().user = None;
        Ok(())
    }

    /// Changes settings and saves them; when the data folder changes, the new
    /// folder is opened first and the switch happens only if that worked.
    pub fn update_settings(&self, f: impl FnOnce(&mut Settings)) -> IpcResult<()> {
        let mut g = self.lock();
        let mut next = g.settings.clone();
        f(&mut next);
        let new_dir = next.effective_data_dir();
        let reopen = new_dir != g.data_dir || g.open_dir.is_none();
        let desk = match (&new_dir, reopen) {
            (Some(dir), true) => Some(Desk::open(dir)?),
            _ => None,
        };
        if let Some(path) = &g.settings_path {
            next.save(path)?;
        }
        g.settings = next;
        if let Some(d) = desk {
            g.generation += 1;
            g.open_dir = new_dir.clone();
            g.data_dir = new_dir;
            g.open_error = None;
            g.user = None;
            let generation = g.generation;
            drop(g);
            let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
            idle.clear();
            idle.push((generation, d));
        }
        Ok(())
    }
}

/// The error a panicking command returns, with what it said.
fn internal(panic: Box<dyn std::any::Any + Send>) -> IpcError {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    eprintln!("toasoan: a command failed unexpectedly: {what}");
    IpcError::new(
        ErrorCode::Internal,
        format!(
            "lỗi bất ngờ trong chương trình ({what}); thao tác này không được thực hiện, mọi việc khác vẫn dùng được"
        ),
    )
}

fn desk_missing(g: &Inner) -> IpcError {
    g.open_error.clone().unwrap_or_else(|| IpcError::new(ErrorCode::DataDirUnwritable, "chưa mở được thư mục dữ liệu"))
}
