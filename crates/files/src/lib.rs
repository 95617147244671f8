//! Files that survive a crash or a power cut: the one way Tòa Soạn writes a
//! file it must not lose or show half-written (media, dossiers, proofs of
//! publication, publication packages, settings, backups).
//!
//! A rename makes a new file visible whole, but only an fsync of the folder
//! makes the rename itself durable: without it, a power cut after "saved"
//! can bring back the old name, or none (issue «Nothing lost, nothing
//! leaked», item 9). Every function here syncs the file's bytes, renames,
//! then syncs the folder.
//!
//! Architecture invariant: no workspace dependency, `std::io` errors only;
//! callers name the file in their own error.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The folder a path lives in (`.` for a bare file name).
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Makes the entries of `dir` (a rename, a new file) durable. On Windows,
/// where a folder cannot be opened to sync, NTFS journals its metadata and
/// this does nothing.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Writes `bytes` to `path`, replacing any file there whole: a temporary file
/// beside it, synced, renamed over it, the folder synced. A reader sees the
/// old file or the new one, never half of one, and after a crash the new one
/// stays once this returned.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = parent(path);
    let mut tmp = tempfile::Builder::new().prefix(".toasoan-").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// Writes `bytes` to `path` unless a file is already there (content-addressed
/// files: the same name is the same bytes). Returns whether it wrote.
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    let dir = parent(path);
    let mut tmp = tempfile::Builder::new().prefix(".toasoan-").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    match tmp.persist_noclobber(path) {
        Ok(_) => {
            sync_dir(dir)?;
            Ok(true)
        }
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e.error),
    }
}

/// Moves a finished file or folder (`from`) to `to` in the same folder tree,
/// and makes the move durable (both folders synced).
pub fn rename_durable(from: &Path, to: &Path) -> io::Result<()> {
    fs::rename(from, to)?;
    sync_dir(parent(to))?;
    if parent(from) != parent(to) {
        sync_dir(parent(from))?;
    }
    Ok(())
}

/// Makes a written and closed file durable. Windows flushes a file only
/// through a handle open for writing (`FlushFileBuffers` on a read-only one is
/// "Access denied", found running the tests under Wine); Unix syncs any handle.
pub fn sync_file(path: &Path) -> io::Result<()> {
    fs::OpenOptions::new().read(true).write(cfg!(windows)).open(path)?.sync_all()
}

/// Syncs every file under `dir` and the folders themselves (a folder built
/// file by file, before it is renamed into place).
pub fn sync_tree(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            sync_tree(&path)?;
        } else {
            sync_file(&path)?;
        }
    }
    sync_dir(dir)
}

/// Puts the finished folder `staged` in place of `target`. Where `target`
/// already exists, the two are exchanged in one step (Linux
/// `renameat2(RENAME_EXCHANGE)`), so `target` always names a whole folder —
/// the old one, then the new one — and the old one is removed from the
/// staged name afterwards. Elsewhere, the old folder is first moved aside
/// (a moment with no folder at `target`, but never a half one).
pub fn replace_dir(staged: &Path, target: &Path) -> io::Result<()> {
    sync_tree(staged)?;
    if !target.exists() {
        return rename_durable(staged, target);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, staged, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => {
                sync_dir(parent(target))?;
                // `staged` now names the old folder.
                return fs::remove_dir_all(staged);
            }
            // A file system without exchange (some network mounts): below.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    let aside = aside_name(target);
    fs::rename(target, &aside)?;
    rename_durable(staged, target)?;
    fs::remove_dir_all(&aside)
}

/// Exchanges the folders `a` and `b` in one step where the system can
/// (Linux `renameat2(RENAME_EXCHANGE)`): `true` when done; `false` where it
/// cannot (another system, a file system without exchange), nothing moved.
pub fn exchange_dirs(a: &Path, b: &Path) -> io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => {
                sync_dir(parent(b))?;
                return Ok(true);
            }
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    let _ = (a, b);
    Ok(false)
}

fn aside_name(target: &Path) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    parent(target).join(format!(".{name}.old-{}", std::process::id()))
}

/// Creates `dir` and its missing parents; the folders created are the
/// owner's alone (0700 on Unix): drafts, original photos (GPS included) and
/// backups are not for the machine's other users.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Makes an existing folder the owner's alone (0700 on Unix; nothing
/// elsewhere, where folders inherit the user profile's permissions).
pub fn make_private(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_replaces_the_file_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bang-ke.xlsx");
        write_atomic(&p, b"mot").unwrap();
        write_atomic(&p, b"hai").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"hai");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no .toasoan- leftovers");
        assert!(write_new(&dir.path().join("a"), b"1").unwrap());
        assert!(!write_new(&dir.path().join("a"), b"2").unwrap(), "never clobbered");
        assert_eq!(fs::read(dir.path().join("a")).unwrap(), b"1");
    }

    /// Issue «Nothing lost, nothing leaked», item 9: a package was replaced
    /// by `remove_dir_all` then `rename`, a moment with nothing. Tried: a
    /// reader thread looking at the folder all through forty swaps; it always
    /// finds a whole package (an index and its metadata from the same round).
    #[test]
    fn a_replaced_folder_is_always_there_whole() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("goi");
        let make = |n: u32| {
            let staged = tempfile::Builder::new().prefix(".stage").tempdir_in(dir.path()).unwrap().keep();
            fs::write(staged.join("index.html"), format!("{n}")).unwrap();
            fs::write(staged.join("metadata.json"), format!("{n}")).unwrap();
            staged
        };
        replace_dir(&make(0), &target).unwrap();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (t, s) = (target.clone(), stop.clone());
        let reader = std::thread::spawn(move || {
            let mut looks = 0u32;
            while !s.load(std::sync::atomic::Ordering::Relaxed) {
                let index = fs::read_to_string(t.join("index.html"));
                let meta = fs::read_to_string(t.join("metadata.json"));
                if cfg!(target_os = "linux") {
                    let (i, m) = (index.expect("index present"), meta.expect("metadata present"));
                    assert!(i.parse::<u32>().unwrap() <= m.parse::<u32>().unwrap(), "index {i}, metadata {m}");
                }
                looks += 1;
            }
            looks
        });
        for n in 1..=40 {
            replace_dir(&make(n), &target).unwrap();
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        assert!(reader.join().unwrap() > 0);
        assert_eq!(fs::read_to_string(target.join("index.html")).unwrap(), "40");
        let left: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, vec![std::ffi::OsString::from("goi")], "old folders removed");
    }

    #[cfg(unix)]
    #[test]
    fn private_folders_are_the_owners_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b");
        create_private_dir(&p).unwrap();
        assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o700);
    }
}
