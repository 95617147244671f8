//! The app's own preferences (language, data folder), kept per machine in
//! `$XDG_CONFIG_HOME/toa-soan/settings.json`. The newsroom's data lives in the
//! data folder, never here.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::{ErrorCode, IpcError, IpcResult};

/// UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Tiếng Việt (default).
    #[default]
    Vi,
    /// English.
    En,
}

/// Stored preferences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// UI language.
    #[serde(default)]
    pub language: Language,
    /// Data folder chosen by the user; `None` = the default one.
    #[serde(default)]
    pub data_dir: Option<PathBuf>,
    /// Folder of the daily backup (a USB stick, another disk); `None` = no
    /// scheduled backup.
    #[serde(default)]
    pub backup_dir: Option<PathBuf>,
    /// How many scheduled backups are kept there (the oldest are removed).
    #[serde(default = "default_keep")]
    pub backup_keep: u32,
}

/// Backups kept by default: a week of days.
fn default_keep() -> u32 {
    7
}

impl Default for Settings {
    fn default() -> Self {
        Settings { language: Language::default(), data_dir: None, backup_dir: None, backup_keep: default_keep() }
    }
}

/// Where the settings file lives.
pub fn settings_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("toa-soan").join("settings.json"))
}

/// The default data folder, shared with the `newsroom` CLI.
pub fn default_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("toa-soan"))
}

impl Settings {
    /// Reads the file; a missing file is the defaults, a damaged one is an error
    /// (the user is told, and the file is left for them to inspect).
    pub fn load(path: &Path) -> IpcResult<Settings> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| {
                IpcError::new(ErrorCode::Settings, format!("tệp cài đặt {} bị hỏng: {e}", path.display()))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
            Err(e) => Err(IpcError::new(ErrorCode::Settings, format!("không đọc được {}: {e}", path.display()))),
        }
    }

    /// Writes the file whole and durably (temporary file, synced, renamed,
    /// folder synced), so a crash never leaves half a file or the old one
    /// after "saved".
    pub fn save(&self, path: &Path) -> IpcResult<()> {
        let fail =
            |e: std::io::Error| IpcError::new(ErrorCode::Settings, format!("không ghi được {}: {e}", path.display()));
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let text = serde_json::to_string_pretty(self).unwrap_or_default();
        toasoan_files::write_atomic(path, text.as_bytes()).map_err(fail)
    }

    /// The data folder in effect.
    pub fn effective_data_dir(&self) -> Option<PathBuf> {
        self.data_dir.clone().or_else(default_data_dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_is_defaults_and_round_trip_keeps_values() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x").join("settings.json");
        assert_eq!(Settings::load(&path).unwrap(), Settings::default());
        let s = Settings {
            language: Language::En,
            data_dir: Some(dir.path().join("data")),
            backup_dir: Some(dir.path().join("usb")),
            backup_keep: 3,
        };
        s.save(&path).unwrap();
        assert_eq!(Settings::load(&path).unwrap(), s);
        // A file written before the backup settings existed still reads.
        std::fs::write(&path, r#"{"language":"vi","data_dir":null}"#).unwrap();
        assert_eq!(Settings::load(&path).unwrap().backup_keep, 7);
    }

    #[test]
    fn damaged_file_is_a_settings_error_and_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, "{not json").unwrap();
        let e = Settings::load(&path).unwrap_err();
        assert_eq!(e.code, ErrorCode::Settings);
        assert!(e.message.contains("bị hỏng"), "{}", e.message);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{not json");
    }
}
