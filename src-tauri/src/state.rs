//! What the running app holds: its settings, the open desk and who is signed in.
//! Commands reach the core only through [`AppState::with_desk`] and
//! [`AppState::with_user`], which turn every failure into an [`IpcError`].

use std::path::PathBuf;
use std::sync::Mutex;

use toasoan_core::domain::Person;
use toasoan_core::Desk;

use crate::error::{ErrorCode, IpcError, IpcResult};
use crate::settings::{settings_path, Settings};

/// The app's managed state.
pub struct AppState {
    inner: Mutex<Inner>,
}

struct Inner {
    settings_path: Option<PathBuf>,
    settings: Settings,
    data_dir: Option<PathBuf>,
    desk: Option<Desk>,
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

    /// A state over an already opened desk (tests).
    pub fn with_desk_for_tests(desk: Desk, settings_path: Option<PathBuf>) -> AppState {
        AppState::from_parts(settings_path, Settings::default(), None, Some(desk), None)
    }

    fn from_parts(
        settings_path: Option<PathBuf>,
        settings: Settings,
        data_dir: Option<PathBuf>,
        desk: Option<Desk>,
        open_error: Option<IpcError>,
    ) -> AppState {
        AppState { inner: Mutex::new(Inner { settings_path, settings, data_dir, desk, open_error, user: None }) }
    }

    fn lock(&self) -> IpcResult<std::sync::MutexGuard<'_, Inner>> {
        self.inner.lock().map_err(|_| {
            IpcError::new(ErrorCode::Storage, "trạng thái ứng dụng bị hỏng sau một lỗi trước đó; hãy khởi động lại")
        })
    }

    /// Current settings, folder, open error and user.
    /// A workbench joined to a hub belongs to one person, its hub login:
    /// that person is signed in without choosing a profile.
    pub fn snapshot(&self) -> IpcResult<Snapshot> {
        let mut g = self.lock()?;
        let team = g.desk.as_ref().map(|d| d.hub_person()).transpose()?.flatten();
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
        })
    }

    /// A desk of its own on the open data folder (its own SQLite
    /// connection): for work that waits on the network (joining a hub,
    /// testing a connection), so the window's commands never wait for it.
    pub fn fresh_desk(&self) -> IpcResult<Desk> {
        let dir = {
            let g = self.lock()?;
            g.desk.as_ref().ok_or_else(|| desk_missing(&g))?;
            g.data_dir.clone()
        };
        match dir {
            Some(d) => Ok(Desk::open(&d)?),
            None => Err(IpcError::new(ErrorCode::DataDirUnwritable, "chưa mở được thư mục dữ liệu")),
        }
    }

    /// Runs `f` on the open desk.
    pub fn with_desk<T>(&self, f: impl FnOnce(&Desk) -> toasoan_core::Result<T>) -> IpcResult<T> {
        let g = self.lock()?;
        let desk = g.desk.as_ref().ok_or_else(|| desk_missing(&g))?;
        f(desk).map_err(IpcError::from)
    }

    /// Runs `f` on the open desk as the signed-in person.
    pub fn with_user<T>(&self, f: impl FnOnce(&Desk, &Person) -> toasoan_core::Result<T>) -> IpcResult<T> {
        let g = self.lock()?;
        let desk = g.desk.as_ref().ok_or_else(|| desk_missing(&g))?;
        let user = g.user.as_ref().ok_or_else(|| IpcError::new(ErrorCode::NotSignedIn, "chưa chọn người dùng"))?;
        f(desk, user).map_err(IpcError::from)
    }

    /// The data folder of the open desk, if one is open (the outbox worker
    /// opens its own connection there).
    pub fn open_data_dir(&self) -> Option<PathBuf> {
        let g = self.lock().ok()?;
        g.desk.as_ref()?;
        g.data_dir.clone()
    }

    /// The signed-in person, if any (the background worker polls engagement
    /// in their name).
    pub fn signed_in(&self) -> Option<Person> {
        self.lock().ok()?.user.clone()
    }

    /// The media folder of the open data folder, if one is open.
    pub fn media_root(&self) -> Option<PathBuf> {
        let g = self.lock().ok()?;
        g.desk.as_ref()?.media_files().ok().map(|f| f.root().to_path_buf())
    }

    /// Signs `login` in (the person must exist in the desk).
    pub fn sign_in(&self, login: &str) -> IpcResult<Person> {
        let mut g = self.lock()?;
        let desk = g.desk.as_ref().ok_or_else(|| desk_missing(&g))?;
        if let Some(link) = desk.hub_link()? {
            if link.login != login.trim() {
                return Err(toasoan_core::Error::Forbidden {
                    rule: "workbench-login",
                    detail: format!(
                        "máy này đã nối vào máy chủ chung với tài khoản «{}»; muốn làm việc với tài khoản khác, hãy dùng một thư mục dữ liệu khác và đăng nhập bằng tài khoản đó",
                        link.login
                    ),
                }
                .into());
            }
        }
        let p = desk.person(login)?;
        g.user = Some(p.clone());
        Ok(p)
    }

    /// Signs out.
    pub fn sign_out(&self) -> IpcResult<()> {
        self.lock()?.user = None;
        Ok(())
    }

    /// Changes settings and saves them; when the data folder changes, the new
    /// folder is opened first and the switch happens only if that worked.
    pub fn update_settings(&self, f: impl FnOnce(&mut Settings)) -> IpcResult<()> {
        let mut g = self.lock()?;
        let mut next = g.settings.clone();
        f(&mut next);
        let new_dir = next.effective_data_dir();
        let reopen = new_dir != g.data_dir || g.desk.is_none();
        let desk = match (&new_dir, reopen) {
            (Some(dir), true) => Some(Desk::open(dir)?),
            _ => None,
        };
        if let Some(path) = &g.settings_path {
            next.save(path)?;
        }
        g.settings = next;
        if let Some(d) = desk {
            g.desk = Some(d);
            g.data_dir = new_dir;
            g.open_error = None;
            g.user = None;
        }
        Ok(())
    }
}

fn desk_missing(g: &Inner) -> IpcError {
    g.open_error.clone().unwrap_or_else(|| IpcError::new(ErrorCode::DataDirUnwritable, "chưa mở được thư mục dữ liệu"))
}
