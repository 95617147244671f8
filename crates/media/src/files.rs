//! The content-addressed file store under `<data dir>/media/`.
//!
//! Layout: `media/<first two hex digits>/<sha256>.<ext>` for the original,
//! `<sha256>.web.<jpg|png>` and `<sha256>.thumb.<jpg|png>` beside it. Files are
//! written to a temporary name in the same folder, synced and renamed, so a file
//! with a final name is always complete; one already there (the same content
//! imported before) is left alone.

use std::fs;
use std::path::{Path, PathBuf};

use super::Prepared;
pub use toasoan_domain::media::{is_derivative_path, relative_path, Variant};
use toasoan_domain::{Error, Result};

/// Name of the media folder inside the data directory.
pub const MEDIA_DIR: &str = "media";

/// The media folder of a data directory.
#[derive(Debug, Clone)]
pub struct MediaFiles {
    root: PathBuf,
}

impl MediaFiles {
    /// The media folder of the data directory `data_dir`.
    pub fn new(data_dir: &Path) -> MediaFiles {
        MediaFiles { root: data_dir.join(MEDIA_DIR) }
    }

    /// The media folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Absolute path of a stored file.
    pub fn path(&self, sha256: &str, variant: Variant, ext: &str) -> PathBuf {
        self.root.join(relative_path(sha256, variant, ext))
    }

    /// Writes the original and derivatives of `p`, returning the files this call
    /// created (to remove again if recording the item fails).
    pub fn put(&self, p: &Prepared) -> Result<Vec<PathBuf>> {
        let mut created = Vec::new();
        let mut files: Vec<(PathBuf, &[u8])> = vec![(self.path(&p.sha256, Variant::Original, p.ext), &p.original)];
        if let Some(w) = &p.web {
            files.push((self.path(&p.sha256, Variant::Web, w.ext), &w.bytes));
        }
        if let Some(t) = &p.thumb {
            files.push((self.path(&p.sha256, Variant::Thumb, t.ext), &t.bytes));
        }
        for (path, bytes) in files {
            match write_new(&path, bytes) {
                Ok(true) => created.push(path),
                Ok(false) => {}
                Err(e) => {
                    self.remove(&created);
                    return Err(e);
                }
            }
        }
        Ok(created)
    }

    /// Removes files made by [`MediaFiles::put`] (best effort: used while
    /// undoing a failed import).
    pub fn remove(&self, created: &[PathBuf]) {
        for p in created {
            let _ = fs::remove_file(p);
        }
    }
}

/// Writes a whole file that arrived from elsewhere (temporary name, synced,
/// renamed; one already there is left alone).
pub fn write_new_file(path: &Path, bytes: &[u8]) -> Result<bool> {
    write_new(path, bytes)
}

/// Writes `bytes` to `path` unless it exists; true when it wrote. Durable
/// once it returns (file and folder synced: `toasoan_files::write_new`).
fn write_new(path: &Path, bytes: &[u8]) -> Result<bool> {
    if path.exists() {
        return Ok(false);
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let unwritable = |e: std::io::Error| Error::DataDirNotWritable { path: dir.to_path_buf(), reason: e.to_string() };
    toasoan_files::create_private_dir(dir).map_err(unwritable)?;
    toasoan_files::write_new(path, bytes).map_err(unwritable)
}
