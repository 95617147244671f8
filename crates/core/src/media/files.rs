//! The content-addressed file store under `<data dir>/media/`.
//!
//! Layout: `media/<first two hex digits>/<sha256>.<ext>` for the original,
//! `<sha256>.web.<jpg|png>` and `<sha256>.thumb.<jpg|png>` beside it. Files are
//! written to a temporary name in the same folder, synced and renamed, so a file
//! with a final name is always complete; one already there (the same content
//! imported before) is left alone.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::Prepared;
use crate::error::{Error, Result};

/// Name of the media folder inside the data directory.
pub const MEDIA_DIR: &str = "media";

/// The media folder of a data directory.
#[derive(Debug, Clone)]
pub struct MediaFiles {
    root: PathBuf,
}

/// Which stored file of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// The original, byte for byte.
    Original,
    /// Long edge 1600 px, metadata stripped.
    Web,
    /// Long edge 320 px, metadata stripped.
    Thumb,
}

/// Path of a stored file relative to the media folder, e.g. `ab/ab12…ef.web.jpg`.
pub fn relative_path(sha256: &str, variant: Variant, ext: &str) -> String {
    let dir = sha256.get(..2).unwrap_or("00");
    match variant {
        Variant::Original => format!("{dir}/{sha256}.{ext}"),
        Variant::Web => format!("{dir}/{sha256}.web.{ext}"),
        Variant::Thumb => format!("{dir}/{sha256}.thumb.{ext}"),
    }
}

/// True for a well-formed derivative path as [`relative_path`] makes them
/// (`xx/<64 hex>.web|thumb.jpg|png`): what a front end may serve, nothing else.
pub fn is_derivative_path(rel: &str) -> bool {
    let Some((dir, file)) = rel.split_once('/') else {
        return false;
    };
    let Some((sha, rest)) = file.split_once('.') else {
        return false;
    };
    let hex = |s: &str| s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    dir.len() == 2
        && sha.len() == 64
        && hex(sha)
        && sha.starts_with(dir)
        && matches!(rest, "web.jpg" | "web.png" | "thumb.jpg" | "thumb.png")
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

/// Writes `bytes` to `path` unless it exists; true when it wrote.
fn write_new(path: &Path, bytes: &[u8]) -> Result<bool> {
    if path.exists() {
        return Ok(false);
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let unwritable = |e: std::io::Error| Error::DataDirNotWritable { path: dir.to_path_buf(), reason: e.to_string() };
    fs::create_dir_all(dir).map_err(unwritable)?;
    let mut tmp = tempfile::Builder::new().prefix(".import-").tempfile_in(dir).map_err(unwritable)?;
    tmp.write_all(bytes).map_err(unwritable)?;
    tmp.as_file().sync_all().map_err(unwritable)?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(true),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(unwritable(e.error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_formed_derivative_paths_are_servable() {
        let sha = "ab".to_string() + &"0".repeat(62);
        assert!(is_derivative_path(&relative_path(&sha, Variant::Web, "jpg")));
        assert!(is_derivative_path(&relative_path(&sha, Variant::Thumb, "png")));
        assert!(!is_derivative_path(&relative_path(&sha, Variant::Original, "jpg")), "originals keep GPS");
        for bad in ["../toasoan.db", "ab/../../etc/passwd", "cd/ab00.web.jpg", "", "ab/x.web.jpg"] {
            assert!(!is_derivative_path(bad), "{bad}");
        }
        let upper = "AB".to_string() + &"0".repeat(62);
        assert!(!is_derivative_path(&format!("AB/{upper}.web.jpg")));
    }
}
