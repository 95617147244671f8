//! What a backup needs of the database: a copy as of one instant while other
//! connections go on writing (SQLite's online backup API), the integrity
//! checks, a digest of every table's rows, and the files the rows refer to
//! (media, proofs of publication) so the desk can pack and check them.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use toasoan_domain::{Error, Result as DomainResult};

use crate::{Db, Result, Store, StoreError};

/// A media row's files: the original and its derivatives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFileRow {
    /// Content hash of the original (its name).
    pub sha256: String,
    /// Extension of the original.
    pub ext: String,
    /// Extension of the web derivative, if any.
    pub web_ext: Option<String>,
    /// Extension of the thumbnail, if any.
    pub thumb_ext: Option<String>,
    /// Size of the original in bytes.
    pub bytes: i64,
}

/// A proof file a publication row refers to, with its recorded hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofFileRow {
    /// The publication.
    pub publication_id: String,
    /// The path as stored (absolute in rows written before schema v10's
    /// release, relative to the data folder since).
    pub path: String,
    /// SHA-256 recorded when it was written.
    pub sha256: Option<String>,
}

impl Store {
    /// Writes the database as of one instant to `dest` (a new file; one
    /// there is replaced): one step of the online backup API, so the copy is
    /// one consistent snapshot while other connections keep writing (WAL:
    /// they do not wait for it). The copy is left in rollback-journal mode,
    /// a single self-contained file.
    pub fn backup_to(&self, dest: &Path) -> DomainResult<()> {
        let fail = |e: rusqlite::Error| Error::Storage(format!("sao lưu cơ sở dữ liệu vào {}: {e}", dest.display()));
        let _ = std::fs::remove_file(dest);
        let mut dst = Connection::open(dest).map_err(fail)?;
        {
            let backup = Backup::new(&self.conn, &mut dst).map_err(fail)?;
            loop {
                match backup.step(-1).map_err(fail)? {
                    StepResult::Done => break,
                    // Another connection held a lock for a moment: again.
                    _ => std::thread::sleep(std::time::Duration::from_millis(5)),
                }
            }
        }
        dst.execute_batch("PRAGMA journal_mode = DELETE;").map_err(fail)?;
        dst.close().map_err(|(_, e)| fail(e))?;
        Ok(())
    }

    /// What SQLite's own checks find wrong (`integrity_check`,
    /// `foreign_key_check`); empty when the database is sound.
    pub fn integrity_problems(&self) -> DomainResult<Vec<String>> {
        let mut out = Vec::new();
        let ok: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")
            .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect())
            .map_err(StoreError::from)?;
        out.extend(ok.into_iter().filter(|l| l != "ok"));
        let fks: Vec<(String, i64, String)> = self
            .conn
            .prepare("PRAGMA foreign_key_check")
            .and_then(|mut st| st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect())
            .map_err(StoreError::from)?;
        out.extend(fks.into_iter().map(|(t, row, parent)| format!("{t} dòng {row}: không có {parent} tương ứng")));
        Ok(out)
    }

    /// A SHA-256 of every table's rows, in rowid order, per table (search
    /// index tables included): two databases with the same digests hold the
    /// same rows.
    pub fn table_digests(&self) -> DomainResult<BTreeMap<String, String>> {
        self.read(|db| Ok(digests(db.conn)?))
    }
}

fn digests(conn: &Connection) -> Result<BTreeMap<String, String>> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = BTreeMap::new();
    for t in tables {
        let without_rowid: bool =
            conn.query_row("SELECT sql LIKE '%WITHOUT ROWID%' FROM sqlite_schema WHERE name = ?1", [&t], |r| r.get(0))?;
        let order = if without_rowid { "1" } else { "rowid" };
        let mut st = conn.prepare(&format!("SELECT * FROM \"{t}\" ORDER BY {order}"))?;
        let n = st.column_count();
        let mut h = Sha256::new();
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            for i in 0..n {
                use rusqlite::types::ValueRef;
                match r.get_ref(i)? {
                    ValueRef::Null => h.update(b"N"),
                    ValueRef::Integer(v) => h.update(format!("I{v}")),
                    ValueRef::Real(v) => h.update(format!("R{v}")),
                    ValueRef::Text(v) => {
                        h.update(format!("T{}:", v.len()));
                        h.update(v);
                    }
                    ValueRef::Blob(v) => {
                        h.update(format!("B{}:", v.len()));
                        h.update(v);
                    }
                }
            }
            h.update(b"\n");
        }
        out.insert(t, format!("{:x}", h.finalize()));
    }
    Ok(out)
}

impl Db<'_> {
    /// Every media row's files.
    pub fn media_file_rows(&self) -> Result<Vec<MediaFileRow>> {
        let mut st = self.conn.prepare("SELECT sha256, ext, web_ext, thumb_ext, bytes FROM media ORDER BY sha256")?;
        let rows = st
            .query_map([], |r| {
                Ok(MediaFileRow {
                    sha256: r.get(0)?,
                    ext: r.get(1)?,
                    web_ext: r.get(2)?,
                    thumb_ext: r.get(3)?,
                    bytes: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Every proof file publications refer to (what was sent, the saved page).
    pub fn proof_file_rows(&self) -> Result<Vec<ProofFileRow>> {
        let mut st = self.conn.prepare(
            "SELECT id, sent_path, sent_sha256 FROM publications WHERE sent_path IS NOT NULL
             UNION ALL
             SELECT id, page_path, page_sha256 FROM publications WHERE page_path IS NOT NULL
             ORDER BY 1, 2",
        )?;
        let rows = st
            .query_map([], |r| Ok(ProofFileRow { publication_id: r.get(0)?, path: r.get(1)?, sha256: r.get(2)? }))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
