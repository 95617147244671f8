//! Backup, restore and the health check of a data folder (issue «Nothing
//! lost, nothing leaked»): a lost laptop must not lose the database, the
//! original photos or the proofs of publication.
//!
//! A backup is one ZIP archive: `toasoan.db` (SQLite's online backup API: one
//! consistent instant while the app goes on writing), every media file and
//! proof file the database refers to, and `manifest.json` last, with the size
//! and SHA-256 of each file and a digest of every table's rows. A restore
//! checks all of it before anything reaches the target folder, and never
//! replaces a store unless asked (`replace`), keeping the old one aside.
//! Portal passwords and the hub password live in the OS keyring and are not
//! in a backup.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{audit, Desk};
use crate::domain::media::{relative_path, Variant};
use crate::domain::AuditAction;
use crate::domain::Person;
use crate::error::{Error, Result};
use crate::store::{migrations, Store, DB_FILE};
use crate::time::to_db;

/// What a backup archive says it is.
pub const BACKUP_FORMAT: &str = "toa-soan-backup";
/// The archive layout version this binary writes and reads.
pub const BACKUP_VERSION: u32 = 1;
/// The manifest's name inside the archive.
const MANIFEST: &str = "manifest.json";
/// Largest manifest read (a million files is ~150 MB; far beyond a newsroom).
const MAX_MANIFEST: u64 = 256 << 20;
/// Files younger than this are never collected: an import may be writing them.
const GC_GRACE: std::time::Duration = std::time::Duration::from_secs(3600);
/// The folder proofs of publication live in, inside the data folder.
pub const PROOFS_DIR: &str = "publications";

/// One file in an archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// Path inside the archive and inside the data folder, with `/`.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the bytes.
    pub sha256: String,
}

/// The manifest of an archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`BACKUP_FORMAT`].
    pub format: String,
    /// [`BACKUP_VERSION`].
    pub version: u32,
    /// When the database was copied (UTC).
    pub created_at: String,
    /// The Tòa Soạn that wrote it.
    pub app_version: String,
    /// The database's schema version.
    pub schema_version: i64,
    /// The data folder it was made from.
    pub source_dir: String,
    /// SHA-256 of every table's rows at the backup instant.
    pub tables: BTreeMap<String, String>,
    /// Every file, the database first.
    pub files: Vec<ManifestFile>,
    /// Files the database refers to that were not in the data folder.
    pub missing: Vec<String>,
}

/// What a backup did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BackupReport {
    /// The archive written.
    pub path: String,
    /// When the database was copied (UTC, stored form).
    pub created_at: String,
    /// Files in the archive (the database included).
    pub files: u32,
    /// Bytes of those files.
    pub bytes: u64,
    /// Files the database refers to that were missing (named).
    pub missing: Vec<String>,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestoreReport {
    /// The data folder restored into.
    pub data_dir: String,
    /// When the backup was made.
    pub created_at: String,
    /// Files restored.
    pub files: u32,
    /// Where the store that was replaced was kept, if one was.
    pub previous_kept_at: Option<String>,
    /// The check of the restored folder.
    pub check: CheckReport,
}

/// What `check` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CheckReport {
    /// Nothing wrong.
    pub ok: bool,
    /// What is wrong, one line each (Vietnamese).
    pub problems: Vec<String>,
    /// Media files checked (originals hashed).
    pub media_files: u32,
    /// Proof files checked (hashed).
    pub proof_files: u32,
    /// SHA-256 of every table's rows (compare with a backup's manifest).
    pub tables: BTreeMap<String, String>,
}

/// What `media gc` found (and removed unless it was a dry run).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GcReport {
    /// Files no media row refers to, and temporary files left by a crash.
    pub orphans: Vec<String>,
    /// Their bytes.
    pub bytes: u64,
    /// Whether they were removed.
    pub removed: bool,
}

fn io_err(what: &str, path: &Path, e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::StorageFull {
        return Error::Storage(format!("đĩa đầy khi {what} {}", path.display()));
    }
    Error::Storage(format!("{what} {}: {e}", path.display()))
}

fn damaged(why: impl std::fmt::Display) -> Error {
    Error::invalid("archive", format!("bản sao lưu bị hỏng hoặc không đầy đủ: {why}; không khôi phục gì"))
}

/// The file a proof row names: stored relative to the data folder (and
/// older absolute paths, looked up under this folder's `publications/`
/// when the folder has moved: a restore, another machine).
pub fn proof_path(data_dir: &Path, stored: &str) -> PathBuf {
    let p = Path::new(stored);
    if p.is_relative() {
        return data_dir.join(p);
    }
    if p.exists() {
        return p.to_path_buf();
    }
    let comps: Vec<_> = p.components().collect();
    match comps.iter().rposition(|c| c.as_os_str() == PROOFS_DIR) {
        Some(i) => comps[i..].iter().fold(data_dir.to_path_buf(), |acc, c| acc.join(c)),
        None => p.to_path_buf(),
    }
}

/// A proof file's name in an archive: its path under the data folder.
fn proof_archive_name(data_dir: &Path, stored: &str) -> Option<String> {
    let resolved = proof_path(data_dir, stored);
    let rel = resolved.strip_prefix(data_dir).ok()?;
    Some(rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/"))
}

/// Copies `r` into `w`, hashing on the way: (bytes, SHA-256). Stops with
/// `InvalidData` past `limit` bytes (an archive entry longer than its
/// manifest says).
fn copy_hashed(r: &mut impl Read, w: &mut impl Write, limit: u64) -> std::io::Result<(u64, String)> {
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 0u64;
    loop {
        let k = r.read(&mut buf)?;
        if k == 0 {
            break;
        }
        n += k as u64;
        if n > limit {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "dài hơn ghi trong manifest"));
        }
        h.update(&buf[..k]);
        w.write_all(&buf[..k])?;
    }
    Ok((n, format!("{:x}", h.finalize())))
}

fn sha256_file(path: &Path) -> std::io::Result<(u64, String)> {
    copy_hashed(&mut fs::File::open(path)?, &mut std::io::sink(), u64::MAX)
}

/// The files a database refers to: (name in the archive and the folder, the
/// expected SHA-256 when the row records it).
fn referenced_files(store: &Store, data_dir: &Path) -> Result<Vec<(String, Option<String>)>> {
    let (media, proofs) = store.read(|db| Ok((db.media_file_rows()?, db.proof_file_rows()?)))?;
    let mut out = Vec::new();
    for m in media {
        out.push((format!("media/{}", relative_path(&m.sha256, Variant::Original, &m.ext)), Some(m.sha256.clone())));
        if let Some(ext) = &m.web_ext {
            out.push((format!("media/{}", relative_path(&m.sha256, Variant::Web, ext)), None));
        }
        if let Some(ext) = &m.thumb_ext {
            out.push((format!("media/{}", relative_path(&m.sha256, Variant::Thumb, ext)), None));
        }
    }
    for p in proofs {
        if let Some(name) = proof_archive_name(data_dir, &p.path) {
            out.push((name, p.sha256));
        }
    }
    let mut seen = HashSet::new();
    out.retain(|(n, _)| seen.insert(n.clone()));
    Ok(out)
}

/// A name from an archive as a safe relative path: plain components only.
fn safe_relative(name: &str) -> Option<PathBuf> {
    let p = Path::new(name);
    if name.is_empty() || name.contains('\\') || p.is_absolute() {
        return None;
    }
    p.components().all(|c| matches!(c, Component::Normal(_))).then(|| p.to_path_buf())
}

impl Desk {
    /// The data folder (none for an in-memory desk).
    pub fn data_dir(&self) -> Option<PathBuf> {
        let p = self.store.path();
        (p != Path::new(":memory:")).then(|| p.parent().map(Path::to_path_buf)).flatten()
    }

    fn require_data_dir(&self) -> Result<PathBuf> {
        self.data_dir().ok_or_else(|| Error::invalid("data-dir", "kho ở bộ nhớ tạm không sao lưu được"))
    }

    /// The scheduled backup: an archive named after the time
    /// (`toa-soan-yyyy-MM-dd-HHmmss-mmm.zip`, Việt Nam time) in the folder `dir`
    /// (a USB stick, another disk), then all but the newest `keep` archives
    /// of that name removed — other files in the folder are never touched.
    /// The window's daily worker and `newsroom backup --into DIR --keep N`
    /// (a cron job) both use it.
    pub fn backup_rotating(&self, actor: Option<&Person>, dir: &Path, keep: u32) -> Result<BackupReport> {
        if !(1..=MAX_KEEP).contains(&keep) {
            return Err(Error::invalid("keep", format!("số bản sao lưu giữ lại phải từ 1 đến {MAX_KEEP}")));
        }
        if !dir.is_dir() {
            return Err(Error::invalid(
                "backup_dir",
                format!("không thấy thư mục sao lưu {} (thẻ nhớ chưa cắm?)", dir.display()),
            ));
        }
        let stamp = crate::time::vn_naive(self.now()).format("%Y-%m-%d-%H%M%S-%3f");
        let report = self.backup(actor, &dir.join(format!("{ROTATING_PREFIX}{stamp}.zip")))?;
        prune_rotating(dir, keep as usize);
        Ok(report)
    }

    /// Backs the data folder up into the archive `to` (replaced whole if it
    /// exists; written under a temporary name, synced, then renamed): the
    /// database as of one instant — the app may go on writing meanwhile —,
    /// the media and proof files it refers to, and the manifest. Recorded in
    /// the audit trail (`actor`, or "system" for the scheduled backup).
    pub fn backup(&self, actor: Option<&Person>, to: &Path) -> Result<BackupReport> {
        let data_dir = self.require_data_dir()?;
        let dest_dir = match to.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if dest_dir.starts_with(&data_dir) {
            return Err(Error::invalid(
                "to",
                "không lưu bản sao lưu vào trong chính thư mục dữ liệu (mất máy là mất cả hai); chọn ổ khác, thẻ nhớ USB…",
            ));
        }
        fs::create_dir_all(&dest_dir).map_err(|e| io_err("không tạo được thư mục", &dest_dir, e))?;
        let work = tempfile::tempdir().map_err(|e| Error::Storage(format!("thư mục tạm: {e}")))?;
        let snapshot = work.path().join(DB_FILE);
        let created_at = to_db(self.now());
        self.store.backup_to(&snapshot)?;

        // What the snapshot refers to, read from the snapshot itself.
        let (files, tables, schema_version) = {
            let snap = Store::open_file_read_only(&snapshot)?;
            (referenced_files(&snap, &data_dir)?, snap.table_digests()?, snap.schema_version()?)
        };

        let mut tmp = tempfile::Builder::new()
            .prefix(".toasoan-backup-")
            .tempfile_in(&dest_dir)
            .map_err(|e| io_err("không ghi được vào", &dest_dir, e))?;
        let mut manifest = Manifest {
            format: BACKUP_FORMAT.into(),
            version: BACKUP_VERSION,
            created_at: created_at.clone(),
            app_version: env!("CARGO_PKG_VERSION").into(),
            schema_version,
            source_dir: data_dir.display().to_string(),
            tables,
            files: Vec::new(),
            missing: Vec::new(),
        };
        {
            let mut zip = zip::ZipWriter::new(tmp.as_file_mut());
            add_file(&mut zip, DB_FILE, &snapshot, true, &mut manifest)?;
            for (name, _) in &files {
                let path = data_dir.join(name);
                match fs::metadata(&path) {
                    Ok(m) if m.is_file() => {
                        add_file(&mut zip, name, &path, !name.starts_with("media/"), &mut manifest)?
                    }
                    _ => manifest.missing.push(name.clone()),
                }
            }
            let text = serde_json::to_vec_pretty(&manifest).map_err(|e| Error::Storage(e.to_string()))?;
            zip.start_file(MANIFEST, zip_options(true, text.len() as u64))
                .map_err(|e| Error::Storage(format!("zip: {e}")))?;
            zip.write_all(&text).map_err(|e| io_err("không ghi được", to, e))?;
            zip.finish().map_err(|e| Error::Storage(format!("zip: {e}")))?;
        }
        tmp.as_file().sync_all().map_err(|e| io_err("không ghi được", to, e))?;
        tmp.persist(to).map_err(|e| io_err("không ghi được", to, e.error))?;
        crate::files::sync_dir(&dest_dir).map_err(|e| io_err("không ghi được", &dest_dir, e))?;

        let bytes = manifest.files.iter().map(|f| f.bytes).sum();
        let report = BackupReport {
            path: to.display().to_string(),
            created_at,
            files: manifest.files.len() as u32,
            bytes,
            missing: manifest.missing.clone(),
        };
        // The backup itself is recorded (a read-only store cannot, and
        // that is no reason to refuse a backup).
        if self.read_only().is_none() {
            let now = to_db(self.now());
            let who = actor.map_or("system", |p| p.login.as_str());
            self.store.write(|db| {
                db.set_meta(LAST_BACKUP_KEY, &json!({ "at": report.created_at, "path": report.path }).to_string())?;
                let detail = json!({ "path": report.path, "files": report.files, "bytes": report.bytes,
                    "missing": report.missing.len() });
                audit(db, who, AuditAction::BackupCreate, "data_dir", "backup", detail, &now)
            })?;
        }
        Ok(report)
    }

    /// When and where the last good backup was made, if one was.
    pub fn last_backup(&self) -> Result<Option<(String, String)>> {
        let raw = self.store.read(|db| Ok(db.meta(LAST_BACKUP_KEY)?))?;
        Ok(raw
            .and_then(|r| serde_json::from_str::<serde_json::Value>(&r).ok())
            .and_then(|v| Some((v["at"].as_str()?.to_string(), v["path"].as_str()?.to_string()))))
    }

    /// Checks the data folder: SQLite's integrity and foreign-key checks,
    /// and every file the database refers to present, originals and proofs
    /// with the SHA-256 recorded for them.
    pub fn check(&self) -> Result<CheckReport> {
        let data_dir = self.require_data_dir()?;
        let mut problems = self.store.integrity_problems()?;
        let (mut media_files, mut proof_files) = (0u32, 0u32);
        for (name, want) in referenced_files(&self.store, &data_dir)? {
            let path = data_dir.join(&name);
            let is_proof = name.starts_with(PROOFS_DIR);
            match (&want, fs::metadata(&path)) {
                (_, Err(_)) => problems.push(format!("thiếu tệp {name}")),
                (None, Ok(_)) => media_files += 1,
                (Some(sha), Ok(_)) => {
                    match sha256_file(&path) {
                        Ok((_, got)) if &got == sha => {}
                        Ok(_) => problems.push(format!("tệp {name} đã bị thay đổi (mã băm không khớp)")),
                        Err(e) => problems.push(format!("không đọc được {name}: {e}")),
                    }
                    if is_proof {
                        proof_files += 1;
                    } else {
                        media_files += 1;
                    }
                }
            }
        }
        let tables = self.store.table_digests()?;
        Ok(CheckReport { ok: problems.is_empty(), problems, media_files, proof_files, tables })
    }

    /// Files under `media/` no library item refers to (left by a crash
    /// between writing a file and recording it) and temporary files,
    /// older than an hour; removed unless `dry_run`.
    pub fn media_gc(&self, actor: &Person, dry_run: bool) -> Result<GcReport> {
        crate::workflow::authorize(actor, crate::workflow::Action::ManagePortals, None)?;
        let data_dir = self.require_data_dir()?;
        let known: HashSet<String> = referenced_files(&self.store, &data_dir)?
            .into_iter()
            .filter(|(n, _)| n.starts_with("media/"))
            .map(|(n, _)| n)
            .collect();
        let root = data_dir.join("media");
        let mut orphans = Vec::new();
        let mut bytes = 0u64;
        let now = std::time::SystemTime::now();
        let Ok(shards) = fs::read_dir(&root) else {
            return Ok(GcReport { orphans, bytes, removed: !dry_run });
        };
        for shard in shards.flatten() {
            let Ok(entries) = fs::read_dir(shard.path()) else { continue };
            for e in entries.flatten() {
                let Ok(meta) = e.metadata() else { continue };
                let old =
                    meta.modified().ok().and_then(|m| now.duration_since(m).ok()).is_some_and(|age| age >= GC_GRACE);
                let name = format!("media/{}/{}", shard.file_name().to_string_lossy(), e.file_name().to_string_lossy());
                if meta.is_file() && old && !known.contains(&name) {
                    bytes += meta.len();
                    orphans.push(name);
                }
            }
        }
        orphans.sort();
        if !dry_run && !orphans.is_empty() {
            for o in &orphans {
                let p = data_dir.join(o);
                fs::remove_file(&p).map_err(|e| io_err("không xóa được", &p, e))?;
            }
            let now = to_db(self.now());
            self.store.write(|db| {
                let detail = json!({ "files": orphans.len(), "bytes": bytes });
                audit(db, &actor.login, AuditAction::MediaGc, "data_dir", "media", detail, &now)
            })?;
        }
        Ok(GcReport { orphans, bytes, removed: !dry_run })
    }
}

/// Where the last good backup is recorded (`meta`).
const LAST_BACKUP_KEY: &str = "last_backup";

fn zip_options(deflate: bool, size: u64) -> zip::write::SimpleFileOptions {
    let method = if deflate { zip::CompressionMethod::Deflated } else { zip::CompressionMethod::Stored };
    zip::write::SimpleFileOptions::default().compression_method(method).large_file(size >= u32::MAX as u64)
}

/// Streams `path` into the archive as `name`, hashing it on the way.
fn add_file(
    zip: &mut zip::ZipWriter<&mut fs::File>,
    name: &str,
    path: &Path,
    deflate: bool,
    manifest: &mut Manifest,
) -> Result<()> {
    let size = fs::metadata(path).map_err(|e| io_err("không đọc được", path, e))?.len();
    zip.start_file(name, zip_options(deflate, size)).map_err(|e| Error::Storage(format!("zip: {e}")))?;
    let mut f = fs::File::open(path).map_err(|e| io_err("không đọc được", path, e))?;
    let (n, sha256) =
        copy_hashed(&mut f, zip, u64::MAX).map_err(|e| io_err("không ghi được bản sao lưu khi chép", path, e))?;
    manifest.files.push(ManifestFile { path: name.into(), bytes: n, sha256 });
    Ok(())
}

/// Reads an archive's manifest, refusing what is not a backup of ours, a
/// damaged one, or one made by a newer Tòa Soạn.
pub fn read_manifest(archive: &Path) -> Result<Manifest> {
    let f = fs::File::open(archive).map_err(|e| io_err("không mở được", archive, e))?;
    let mut zip = zip::ZipArchive::new(f).map_err(|e| {
        Error::invalid("archive", format!("{} không phải bản sao lưu Tòa Soạn ({e})", archive.display()))
    })?;
    let mut text = Vec::new();
    zip.by_name(MANIFEST)
        .map_err(|_| damaged("không có manifest.json"))?
        .take(MAX_MANIFEST)
        .read_to_end(&mut text)
        .map_err(|e| damaged(format!("manifest.json: {e}")))?;
    let m: Manifest = serde_json::from_slice(&text).map_err(|e| damaged(format!("manifest.json: {e}")))?;
    if m.format != BACKUP_FORMAT {
        return Err(Error::invalid("archive", format!("{} không phải bản sao lưu Tòa Soạn", archive.display())));
    }
    if m.version > BACKUP_VERSION || m.schema_version > migrations::LATEST {
        return Err(Error::invalid(
            "archive",
            format!(
                "bản sao lưu do Tòa Soạn {} tạo (cơ sở dữ liệu phiên bản {}, mới hơn phiên bản {} mà chương trình này hiểu); hãy cập nhật Tòa Soạn rồi khôi phục; không khôi phục gì",
                m.app_version,
                m.schema_version,
                migrations::LATEST
            ),
        ));
    }
    Ok(m)
}

/// The name prefix of the archives [`Desk::backup_rotating`] writes and prunes.
pub const ROTATING_PREFIX: &str = "toa-soan-";
/// The most archives a rotation keeps.
pub const MAX_KEEP: u32 = 365;

/// Removes all but the newest `keep` archives named by a rotation.
fn prune_rotating(dir: &Path, keep: usize) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let mut ours: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(ROTATING_PREFIX) && n.ends_with(".zip") && !n.contains(".tmp"))
        })
        .collect();
    // The names carry the time, so their order is the archives' order.
    ours.sort();
    let extra = ours.len().saturating_sub(keep);
    for old in ours.into_iter().take(extra) {
        let _ = fs::remove_file(old);
    }
}

/// Restores the archive into `data_dir`. Everything is extracted beside the
/// target and checked first — every file's size and SHA-256 against the
/// manifest, SQLite's integrity, every referenced file present, the rows'
/// digest — so a damaged archive changes nothing. A folder that already
/// holds a store is replaced only with `replace`, and then kept aside
/// (renamed, never deleted).
pub fn restore(archive: &Path, data_dir: &Path, replace: bool) -> Result<RestoreReport> {
    let manifest = read_manifest(archive)?;
    if data_dir.join(DB_FILE).exists() && !replace {
        return Err(Error::Conflict(format!(
            "{} đã có dữ liệu Tòa Soạn; không ghi đè. Khôi phục vào thư mục khác, hoặc chọn thay thế dữ liệu đang có (dữ liệu cũ được giữ lại bên cạnh)",
            data_dir.display()
        )));
    }
    let parent = match data_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| io_err("không tạo được thư mục", &parent, e))?;
    let staging = tempfile::Builder::new()
        .prefix(".toasoan-restore-")
        .tempdir_in(&parent)
        .map_err(|e| io_err("không ghi được vào", &parent, e))?;
    crate::files::make_private(staging.path()).map_err(|e| io_err("không ghi được vào", staging.path(), e))?;

    let f = fs::File::open(archive).map_err(|e| io_err("không mở được", archive, e))?;
    let mut zip = zip::ZipArchive::new(f).map_err(damaged)?;
    if manifest.files.first().map(|f| f.path.as_str()) != Some(DB_FILE) {
        return Err(damaged("không có cơ sở dữ liệu"));
    }
    for want in &manifest.files {
        let rel = safe_relative(&want.path).ok_or_else(|| damaged(format!("tên tệp lạ «{}»", want.path)))?;
        let out = staging.path().join(&rel);
        if let Some(dir) = out.parent() {
            crate::files::create_private_dir(dir).map_err(|e| io_err("không tạo được thư mục", dir, e))?;
        }
        let mut entry = zip.by_name(&want.path).map_err(|_| damaged(format!("thiếu tệp {}", want.path)))?;
        let mut file = fs::File::create(&out).map_err(|e| io_err("không ghi được", &out, e))?;
        let (n, sha256) = copy_hashed(&mut entry, &mut file, want.bytes).map_err(|e| match e.kind() {
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::PermissionDenied => io_err("không ghi được", &out, e),
            _ => damaged(format!("{}: {e}", want.path)),
        })?;
        if n != want.bytes || sha256 != want.sha256 {
            return Err(damaged(format!("tệp {} không khớp mã băm trong manifest", want.path)));
        }
        file.sync_all().map_err(|e| io_err("không ghi được", &out, e))?;
    }

    // The restored folder, checked as a data folder (an older database is
    // migrated here, before it is put in place).
    let check = {
        let desk = Desk::open(staging.path())?;
        if manifest.schema_version == migrations::LATEST && desk.store.table_digests()? != manifest.tables {
            return Err(damaged("dữ liệu trong cơ sở dữ liệu khác với lúc sao lưu"));
        }
        let mut check = desk.check()?;
        if !desk.store.integrity_problems()?.is_empty() {
            return Err(damaged(format!("cơ sở dữ liệu: {}", check.problems.join("; "))));
        }
        // Files already missing when the backup was made are said, not refused.
        check.problems = check
            .problems
            .into_iter()
            .map(|p| match manifest.missing.iter().find(|m| p.ends_with(m.as_str())) {
                Some(_) => format!("{p} (đã thiếu từ lúc sao lưu)"),
                None => p,
            })
            .collect();
        check.ok = check.problems.is_empty();
        // A restored workbench joined to a hub is a new workbench there.
        desk.store.write(super::hub::new_workbench_identity)?;
        check
    };
    crate::files::sync_tree(staging.path()).map_err(|e| io_err("không ghi được", staging.path(), e))?;

    let staged = staging.keep();
    let mut previous = None;
    if data_dir.exists() {
        let has_anything = fs::read_dir(data_dir).map(|mut d| d.next().is_some()).unwrap_or(true);
        if has_anything {
            let stamp = Utc::now().format("%Y%m%d-%H%M%S");
            let name = data_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let aside = parent.join(format!("{name}.truoc-khoi-phuc-{stamp}"));
            // In one step where the system can: the data folder is always a
            // whole one, the old then the restored (the old one then sits at
            // the staged name, and is moved aside, kept).
            if crate::files::exchange_dirs(&staged, data_dir).map_err(|e| io_err("không thay được", data_dir, e))?
            {
                fs::rename(&staged, &aside).map_err(|e| io_err("không đổi tên được", &staged, e))?;
                return Ok(RestoreReport {
                    data_dir: data_dir.display().to_string(),
                    created_at: manifest.created_at,
                    files: manifest.files.len() as u32,
                    previous_kept_at: Some(aside.display().to_string()),
                    check,
                });
            }
            fs::rename(data_dir, &aside).map_err(|e| io_err("không đổi tên được", data_dir, e))?;
            previous = Some(aside.display().to_string());
        } else {
            fs::remove_dir(data_dir).map_err(|e| io_err("không thay được", data_dir, e))?;
        }
    }
    crate::files::rename_durable(&staged, data_dir).map_err(|e| io_err("không đặt được vào chỗ", data_dir, e))?;
    Ok(RestoreReport {
        data_dir: data_dir.display().to_string(),
        created_at: manifest.created_at,
        files: manifest.files.len() as u32,
        previous_kept_at: previous,
        check,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_names_are_plain_relative_paths() {
        for ok in ["toasoan.db", "media/ab/abcd.jpg", "publications/x/y.sent"] {
            assert!(safe_relative(ok).is_some(), "{ok}");
        }
        for bad in ["", "/etc/passwd", "../x", "media/../../x", "a\\b", "./x"] {
            assert!(safe_relative(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn proof_paths_follow_the_data_folder() {
        let dir = Path::new("/moi/toa-soan");
        assert_eq!(proof_path(dir, "publications/a/b.sent"), dir.join("publications/a/b.sent"));
        assert_eq!(
            proof_path(dir, "/cu/toa-soan/publications/a/b.sent"),
            dir.join("publications").join("a").join("b.sent")
        );
        assert_eq!(
            proof_archive_name(dir, "/cu/toa-soan/publications/a/b.sent").as_deref(),
            Some("publications/a/b.sent")
        );
    }
}
