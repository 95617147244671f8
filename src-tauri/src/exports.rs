//! Files the app wrote for a person to hand over (the acceptance dossier, the
//! period report): a copy saved where they choose through the system's save
//! dialog, and the file or its folder opened with the system's programs.
//!
//! Only files the app itself made may be opened: those under the data
//! folder's `exports/` and the copies saved from them in this run — a window
//! that misbehaves cannot have the shell open anything else.
//! `TOASOAN_SAVE_AS_DIR` (the end-to-end tests) stands in for the dialog: the
//! copy goes into that folder under the suggested name.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;
use toasoan_core::Error;

use crate::error::IpcResult;

/// The app, for its dialog and opener plugins (set once the window starts).
static APP: OnceLock<AppHandle> = OnceLock::new();

/// Keeps the app's handle for the save dialog and the opener.
pub fn start(app: AppHandle) {
    let _ = APP.set(app);
}

fn app() -> IpcResult<&'static AppHandle> {
    APP.get().ok_or_else(|| Error::invalid("window", "cửa sổ ứng dụng chưa sẵn sàng").into())
}

/// The copies saved in this run (they may be opened too).
fn saved() -> &'static Mutex<HashSet<PathBuf>> {
    static SAVED: OnceLock<Mutex<HashSet<PathBuf>>> = OnceLock::new();
    SAVED.get_or_init(Default::default)
}

/// `path`, if it is a file the app made: under `exports` or saved from there.
pub fn ours(exports: &Path, path: &str) -> IpcResult<PathBuf> {
    let refused = || Error::invalid("path", "chỉ mở được tệp do Tòa Soạn xuất ra");
    let p = Path::new(path).canonicalize().map_err(|_| Error::invalid("path", format!("không có tệp {path}")))?;
    let under_exports = exports.canonicalize().map(|e| p.starts_with(e)).unwrap_or(false);
    let was_saved = saved().lock().map(|s| s.contains(&p)).unwrap_or(false);
    if under_exports || was_saved {
        Ok(p)
    } else {
        Err(refused().into())
    }
}

/// Saves a copy of the exported file `from` where the person chooses (its
/// own name suggested, in their Documents folder); `None` if they cancel.
pub async fn save_copy(from: PathBuf) -> IpcResult<Option<String>> {
    let name = from.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let to = match std::env::var_os("TOASOAN_SAVE_AS_DIR") {
        Some(dir) => Some(PathBuf::from(dir).join(&name)),
        None => {
            let mut dialog = app()?.dialog().file().set_file_name(&name);
            if let Some(docs) = dirs::document_dir() {
                dialog = dialog.set_directory(docs);
            }
            // The dialog waits for the person: off the async runtime's threads.
            tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file())
                .await
                .map_err(|e| Error::invalid("path", e.to_string()))?
                .and_then(|chosen| chosen.into_path().ok())
        }
    };
    let Some(to) = to else { return Ok(None) };
    let copied = tauri::async_runtime::spawn_blocking(move || -> std::io::Result<PathBuf> {
        let bytes = std::fs::read(&from)?;
        toasoan_files::write_atomic(&to, &bytes)?;
        to.canonicalize()
    })
    .await
    .map_err(|e| Error::invalid("path", e.to_string()))?
    .map_err(|e| Error::invalid("path", format!("không lưu được bản sao: {e}")))?;
    if let Ok(mut s) = saved().lock() {
        s.insert(copied.clone());
    }
    Ok(Some(copied.display().to_string()))
}

/// Opens the file (`folder` false) or shows it in its folder.
pub fn open(path: &Path, folder: bool) -> IpcResult<()> {
    let app = app()?;
    let r = if folder {
        app.opener().reveal_item_in_dir(path)
    } else {
        app.opener().open_path(path.display().to_string(), None::<&str>)
    };
    r.map_err(|e| Error::invalid("path", format!("không mở được {}: {e}", path.display())).into())
}
