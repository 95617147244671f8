//! Portal accounts, the publishing outbox, what each portal already holds of
//! ours (posts, uploaded images, terms) and the proofs of publication.
//!
//! The `portal_posts`/`portal_media` rows are the publishing journal: an intent
//! ("sending", `create_started_at`) is committed before each request whose
//! outcome could be lost, and the remote id right after the answer, so a worker
//! killed at any moment resumes by looking the object up instead of creating it
//! twice.

use rusqlite::{params, OptionalExtension, Row};

use super::{coded, Db};
use crate::Result;
use toasoan_domain::time::from_db;
use toasoan_domain::{ClaimedJob, PostRecord, RemoteMediaRecord};
use toasoan_domain::{Portal, Publication, PublishConflict, PublishJob};

/// A portal row to insert.
#[derive(Debug, Clone)]
pub struct NewPortalRow<'a> {
    /// UUIDv7.
    pub id: &'a str,
    /// Unique name.
    pub name: &'a str,
    /// `wordpress` or `package`.
    pub kind: &'a str,
    /// Site address or output folder.
    pub base_url: &'a str,
    /// Account name.
    pub username: &'a str,
    /// Environment variable with the secret.
    pub password_env: Option<&'a str>,
    /// Person id.
    pub created_by: &'a str,
}

/// A proof to record.
#[derive(Debug, Clone)]
pub struct NewPublicationRow<'a> {
    /// UUIDv7.
    pub id: &'a str,
    /// Assignment.
    pub assignment_id: &'a str,
    /// Channel code.
    pub channel: &'a str,
    /// Public URL.
    pub url: &'a str,
    /// When (stored form).
    pub published_at: &'a str,
    /// Person id.
    pub recorded_by: &'a str,
    /// Portal, job, remote id, revision, sent body hash and path, page copy and hash.
    pub portal_id: Option<&'a str>,
    /// Job.
    pub job_id: Option<&'a str>,
    /// Remote id.
    pub remote_id: Option<&'a str>,
    /// Revision.
    pub revision_seq: Option<i64>,
    /// SHA-256 of the body sent.
    pub sent_sha256: Option<&'a str>,
    /// Where that body is saved.
    pub sent_path: Option<&'a str>,
    /// Where the page copy is saved.
    pub page_path: Option<&'a str>,
    /// SHA-256 of the page copy.
    pub page_sha256: Option<&'a str>,
}

const PORTAL_SELECT: &str = "SELECT id, name, kind, base_url, username, password_env, created_at FROM portals";

fn portal(r: &Row<'_>) -> rusqlite::Result<Portal> {
    Ok(Portal {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: coded(2, r.get(2)?)?,
        base_url: r.get(3)?,
        username: r.get(4)?,
        password_env: r.get(5)?,
        created_at: from_db(&r.get::<_, String>(6)?),
    })
}

const JOB_SELECT: &str = "SELECT j.id, j.assignment_id, a.num, a.title, p.name, p.kind, j.revision_seq, j.state,
        j.attempts, j.next_attempt_at, j.last_error_code, j.last_error, j.conflict, j.publication_id, j.result,
        u.login, j.created_at, j.updated_at, j.portal_id, j.overwrite_remote_hash
     FROM publish_jobs j JOIN assignments a ON a.id = j.assignment_id JOIN portals p ON p.id = j.portal_id
     JOIN people u ON u.id = j.created_by";

fn job(r: &Row<'_>) -> rusqlite::Result<ClaimedJob> {
    let conflict: Option<String> = r.get(12)?;
    let conflict: Option<PublishConflict> = conflict.and_then(|c| serde_json::from_str(&c).ok());
    Ok(ClaimedJob {
        job: PublishJob {
            id: r.get(0)?,
            assignment_id: r.get(1)?,
            assignment_num: r.get(2)?,
            title: r.get(3)?,
            portal: r.get(4)?,
            portal_kind: coded(5, r.get(5)?)?,
            revision_seq: r.get(6)?,
            state: coded(7, r.get(7)?)?,
            attempts: r.get(8)?,
            next_attempt_at: from_db(&r.get::<_, String>(9)?),
            last_error_code: r.get(10)?,
            last_error: r.get(11)?,
            conflict,
            publication_id: r.get(13)?,
            output: r.get(14)?,
            created_by: r.get(15)?,
            created_at: from_db(&r.get::<_, String>(16)?),
            updated_at: from_db(&r.get::<_, String>(17)?),
        },
        portal_id: r.get(18)?,
        overwrite_remote_hash: r.get(19)?,
    })
}

const PUBLICATION_SELECT: &str = "SELECT u.id, u.assignment_id, a.num, a.title, u.channel, p.name, u.remote_id, u.url,
        u.published_at, u.revision_seq, u.sent_sha256, u.sent_path, u.page_path, u.page_sha256, r.login
     FROM publications u JOIN assignments a ON a.id = u.assignment_id
     LEFT JOIN portals p ON p.id = u.portal_id JOIN people r ON r.id = u.recorded_by";

fn publication(r: &Row<'_>) -> rusqlite::Result<Publication> {
    Ok(Publication {
        id: r.get(0)?,
        assignment_id: r.get(1)?,
        assignment_num: r.get(2)?,
        title: r.get(3)?,
        channel: coded(4, r.get(4)?)?,
        portal: r.get(5)?,
        remote_id: r.get(6)?,
        url: r.get(7)?,
        published_at: from_db(&r.get::<_, String>(8)?),
        revision_seq: r.get(9)?,
        sent_sha256: r.get(10)?,
        sent_path: r.get(11)?,
        page_path: r.get(12)?,
        page_sha256: r.get(13)?,
        recorded_by: r.get(14)?,
    })
}

impl Db<'_> {
    /// Inserts a portal account.
    pub fn insert_portal(&self, p: &NewPortalRow<'_>, now: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO portals(id, name, kind, base_url, username, password_env, created_by, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            params![p.id, p.name, p.kind, p.base_url, p.username, p.password_env, p.created_by, now],
        )?;
        Ok(())
    }

    /// The portal with this name (case-insensitive) or id.
    pub fn portal(&self, name_or_id: &str) -> Result<Option<Portal>> {
        Ok(self
            .conn
            .query_row(&format!("{PORTAL_SELECT} WHERE name = ?1 OR id = ?1"), [name_or_id], portal)
            .optional()?)
    }

    /// Every portal account, by name.
    pub fn portals(&self) -> Result<Vec<Portal>> {
        let mut st = self.conn.prepare(&format!("{PORTAL_SELECT} ORDER BY name"))?;
        let rows = st.query_map([], portal)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Queues a publishing job.
    #[allow(clippy::too_many_arguments)]
    pub fn insert_job(
        &self,
        id: &str,
        assignment_id: &str,
        portal_id: &str,
        revision_seq: i64,
        created_by: &str,
        now: &str,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO publish_jobs(id, assignment_id, portal_id, revision_seq, state, next_attempt_at,
                created_by, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'queued', ?6, ?5, ?6, ?6)",
            params![id, assignment_id, portal_id, revision_seq, created_by, now],
        )?;
        Ok(())
    }

    /// The active (queued, sending or conflict) job of a piece on a portal.
    pub fn active_job(&self, assignment_id: &str, portal_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM publish_jobs WHERE assignment_id = ?1 AND portal_id = ?2
                   AND state IN ('queued', 'sending', 'conflict')",
                [assignment_id, portal_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// One job.
    pub fn job(&self, id: &str) -> Result<Option<ClaimedJob>> {
        Ok(self.conn.query_row(&format!("{JOB_SELECT} WHERE j.id = ?1"), [id], job).optional()?)
    }

    /// Jobs, newest first; of one assignment when given.
    pub fn jobs(&self, assignment_id: Option<&str>, limit: i64) -> Result<Vec<PublishJob>> {
        let mut st = self.conn.prepare(&format!(
            "{JOB_SELECT} WHERE (?1 IS NULL OR j.assignment_id = ?1) ORDER BY j.created_at DESC, j.id DESC LIMIT ?2"
        ))?;
        let rows = st.query_map(params![assignment_id, limit], |r| job(r).map(|c| c.job))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The next job a worker may take: queued and due, or sending under an
    /// expired lease or a lease whose holder is in `dead_holders`.
    pub fn next_due_job(&self, now: &str, dead_holders: &[String]) -> Result<Option<String>> {
        let due: Option<String> = self
            .conn
            .query_row(
                "SELECT id FROM publish_jobs
                 WHERE (state = 'queued' AND next_attempt_at <= ?1) OR (state = 'sending' AND lease_until <= ?1)
                 ORDER BY next_attempt_at, id LIMIT 1",
                [now],
                |r| r.get(0),
            )
            .optional()?;
        if due.is_some() || dead_holders.is_empty() {
            return Ok(due);
        }
        let mut st = self.conn.prepare("SELECT id, lease_holder FROM publish_jobs WHERE state = 'sending'")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))?;
        for row in rows {
            let (id, holder) = row?;
            if holder.is_some_and(|h| dead_holders.contains(&h)) {
                return Ok(Some(id));
            }
        }
        Ok(None)
    }

    /// Lease holders of jobs being sent.
    pub fn sending_holders(&self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare(
            "SELECT DISTINCT lease_holder FROM publish_jobs WHERE state = 'sending' AND lease_holder IS NOT NULL",
        )?;
        let rows = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Earliest next attempt among queued jobs, and how many are queued or sending.
    pub fn outbox_pending(&self) -> Result<(i64, Option<String>)> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*), MIN(CASE WHEN state = 'queued' THEN next_attempt_at ELSE lease_until END)
             FROM publish_jobs WHERE state IN ('queued', 'sending')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// Marks a job as being sent by `holder` until `lease_until`.
    pub fn lease_job(&self, id: &str, holder: &str, lease_until: &str, now: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE publish_jobs SET state = 'sending', attempts = attempts + 1, lease_holder = ?2,
                lease_until = ?3, updated_at = ?4 WHERE id = ?1",
            params![id, holder, lease_until, now],
        )?;
        Ok(())
    }

    /// Extends a lease still held by `holder`.
    pub fn renew_lease(&self, id: &str, holder: &str, lease_until: &str) -> Result<bool> {
        let n = self.conn.execute(
            "UPDATE publish_jobs SET lease_until = ?3 WHERE id = ?1 AND lease_holder = ?2 AND state = 'sending'",
            params![id, holder, lease_until],
        )?;
        Ok(n == 1)
    }

    /// Changes a job's state and what goes with it. `None` fields are left as
    /// they are except the error and lease, which are replaced.
    #[allow(clippy::too_many_arguments)]
    pub fn set_job_state(
        &self,
        id: &str,
        state: &str,
        next_attempt_at: Option<&str>,
        error: Option<(&str, &str)>,
        conflict: Option<&str>,
        now: &str,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE publish_jobs SET state = ?2, next_attempt_at = COALESCE(?3, next_attempt_at),
                last_error_code = ?4, last_error = ?5, conflict = COALESCE(?6, conflict),
                lease_holder = NULL, lease_until = NULL, updated_at = ?7
             WHERE id = ?1",
            params![id, state, next_attempt_at, error.map(|e| e.0), error.map(|e| e.1), conflict, now],
        )?;
        Ok(())
    }

    /// Re-queues a job by hand (after a failure or a conflict), optionally
    /// allowing an overwrite of the portal's copy with this fingerprint.
    pub fn requeue_job(&self, id: &str, overwrite_remote_hash: Option<&str>, now: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE publish_jobs SET state = 'queued', next_attempt_at = ?3, attempts = 0,
                overwrite_remote_hash = COALESCE(?2, overwrite_remote_hash), conflict = NULL,
                lease_holder = NULL, lease_until = NULL, updated_at = ?3
             WHERE id = ?1",
            params![id, overwrite_remote_hash, now],
        )?;
        Ok(())
    }

    /// Marks a job done with its proof (or the package written).
    pub fn finish_job(&self, id: &str, publication_id: Option<&str>, result: Option<&str>, now: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE publish_jobs SET state = 'done', publication_id = ?2, result = ?3, last_error_code = NULL,
                last_error = NULL, conflict = NULL, lease_holder = NULL, lease_until = NULL, updated_at = ?4
             WHERE id = ?1",
            params![id, publication_id, result, now],
        )?;
        Ok(())
    }

    /// Our post on a portal, if we ever started one.
    pub fn portal_post(&self, portal_id: &str, assignment_id: &str) -> Result<Option<PostRecord>> {
        Ok(self
            .conn
            .query_row(
                "SELECT slug, remote_id, create_started_at, last_remote_hash, last_sent_hash
                 FROM portal_posts WHERE portal_id = ?1 AND assignment_id = ?2",
                [portal_id, assignment_id],
                |r| {
                    Ok(PostRecord {
                        slug: r.get(0)?,
                        remote_id: r.get(1)?,
                        create_started_at: r.get(2)?,
                        last_remote_hash: r.get(3)?,
                        last_sent_hash: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }

    /// Takes the record of our post from another workbench (team mode: the
    /// hub's claim carries it), so this one updates that post instead of
    /// creating a second.
    pub fn adopt_post(&self, portal_id: &str, assignment_id: &str, p: &PostRecord, now: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO portal_posts(portal_id, assignment_id, slug, remote_id, create_started_at, last_remote_hash,
                 last_sent_hash, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(portal_id, assignment_id) DO UPDATE SET slug = excluded.slug,
                remote_id = coalesce(excluded.remote_id, portal_posts.remote_id),
                create_started_at = coalesce(excluded.create_started_at, portal_posts.create_started_at),
                last_remote_hash = coalesce(excluded.last_remote_hash, portal_posts.last_remote_hash),
                last_sent_hash = coalesce(excluded.last_sent_hash, portal_posts.last_sent_hash),
                updated_at = excluded.updated_at",
            params![
                portal_id,
                assignment_id,
                p.slug,
                p.remote_id,
                p.create_started_at,
                p.last_remote_hash,
                p.last_sent_hash,
                now
            ],
        )?;
        Ok(())
    }

    /// Records that a create of the post with `slug` is about to be sent.
    pub fn post_create_started(&self, portal_id: &str, assignment_id: &str, slug: &str, now: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO portal_posts(portal_id, assignment_id, slug, create_started_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)
             ON CONFLICT(portal_id, assignment_id) DO UPDATE SET slug = excluded.slug,
                create_started_at = excluded.create_started_at, updated_at = excluded.updated_at",
            params![portal_id, assignment_id, slug, now],
        )?;
        Ok(())
    }

    /// The portal refused our create (nothing made): its start is moved to
    /// `long_ago`, so the next attempt looks it up and sends again at once.
    pub fn post_create_refused(&self, portal_id: &str, assignment_id: &str, long_ago: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE portal_posts SET create_started_at = ?3
             WHERE portal_id = ?1 AND assignment_id = ?2 AND remote_id IS NULL AND create_started_at IS NOT NULL",
            params![portal_id, assignment_id, long_ago],
        )?;
        Ok(())
    }

    /// Records the remote id of our post.
    pub fn post_created(&self, portal_id: &str, assignment_id: &str, remote_id: &str, now: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE portal_posts SET remote_id = ?3, updated_at = ?4 WHERE portal_id = ?1 AND assignment_id = ?2",
            params![portal_id, assignment_id, remote_id, now],
        )?;
        Ok(())
    }

    /// Records what the portal holds right after our write.
    pub fn post_written(
        &self,
        portal_id: &str,
        assignment_id: &str,
        remote_hash: &str,
        sent_hash: &str,
        now: &str,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE portal_posts SET last_remote_hash = ?3, last_sent_hash = ?4, updated_at = ?5
             WHERE portal_id = ?1 AND assignment_id = ?2",
            params![portal_id, assignment_id, remote_hash, sent_hash, now],
        )?;
        Ok(())
    }

    /// An image as a portal holds it.
    pub fn portal_media(&self, portal_id: &str, sha256: &str) -> Result<Option<RemoteMediaRecord>> {
        Ok(self
            .conn
            .query_row(
                "SELECT slug, remote_id, url, state, updated_at FROM portal_media WHERE portal_id = ?1 AND sha256 = ?2",
                [portal_id, sha256],
                |r| {
                    Ok(RemoteMediaRecord {
                        slug: r.get(0)?,
                        remote_id: r.get(1)?,
                        url: r.get(2)?,
                        done: r.get::<_, String>(3)? == "done",
                        updated_at: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }

    /// Takes what another workbench recorded of an image on this portal
    /// (team mode), unless this one knows it as uploaded already.
    pub fn adopt_portal_media(&self, portal_id: &str, sha256: &str, m: &RemoteMediaRecord) -> Result<()> {
        self.conn.execute(
            "INSERT INTO portal_media(portal_id, sha256, slug, remote_id, url, state, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(portal_id, sha256) DO UPDATE SET slug = excluded.slug, remote_id = excluded.remote_id,
                url = excluded.url, state = excluded.state, updated_at = excluded.updated_at
             WHERE portal_media.state <> 'done'",
            params![
                portal_id,
                sha256,
                m.slug,
                m.remote_id,
                m.url,
                if m.done { "done" } else { "sending" },
                m.updated_at
            ],
        )?;
        Ok(())
    }

    /// Records that an upload is about to be sent.
    pub fn media_upload_started(&self, portal_id: &str, sha256: &str, slug: &str, now: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO portal_media(portal_id, sha256, slug, state, updated_at) VALUES (?1, ?2, ?3, 'sending', ?4)
             ON CONFLICT(portal_id, sha256) DO UPDATE SET updated_at = excluded.updated_at
             WHERE portal_media.state = 'sending'",
            params![portal_id, sha256, slug, now],
        )?;
        Ok(())
    }

    /// The portal refused our upload (nothing made): its start is moved to
    /// `long_ago`, so the next attempt looks it up and sends again at once.
    pub fn media_upload_refused(&self, portal_id: &str, sha256: &str, long_ago: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE portal_media SET updated_at = ?3 WHERE portal_id = ?1 AND sha256 = ?2 AND state = 'sending'",
            params![portal_id, sha256, long_ago],
        )?;
        Ok(())
    }

    /// Records an uploaded image.
    pub fn media_uploaded(&self, portal_id: &str, sha256: &str, remote_id: &str, url: &str, now: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE portal_media SET remote_id = ?3, url = ?4, state = 'done', updated_at = ?5
             WHERE portal_id = ?1 AND sha256 = ?2",
            params![portal_id, sha256, remote_id, url, now],
        )?;
        Ok(())
    }

    /// A term's remote id.
    pub fn portal_term(&self, portal_id: &str, taxonomy: &str, slug: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT remote_id FROM portal_terms WHERE portal_id = ?1 AND taxonomy = ?2 AND slug = ?3",
                [portal_id, taxonomy, slug],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Records a term's remote id.
    pub fn set_portal_term(&self, portal_id: &str, taxonomy: &str, slug: &str, remote_id: i64) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO portal_terms(portal_id, taxonomy, slug, remote_id) VALUES (?1, ?2, ?3, ?4)",
            params![portal_id, taxonomy, slug, remote_id],
        )?;
        Ok(())
    }

    /// Records a proof of publication.
    pub fn insert_proof(&self, p: &NewPublicationRow<'_>) -> Result<()> {
        self.conn.execute(
            "INSERT INTO publications(id, assignment_id, channel, url, published_at, recorded_by, portal_id, job_id,
                remote_id, revision_seq, sent_sha256, sent_path, page_path, page_sha256)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                p.id,
                p.assignment_id,
                p.channel,
                p.url,
                p.published_at,
                p.recorded_by,
                p.portal_id,
                p.job_id,
                p.remote_id,
                p.revision_seq,
                p.sent_sha256,
                p.sent_path,
                p.page_path,
                p.page_sha256
            ],
        )?;
        Ok(())
    }

    /// Publications, newest first: of one assignment, or of one contract.
    pub fn publications(&self, assignment_id: Option<&str>, contract_id: Option<&str>) -> Result<Vec<Publication>> {
        let mut st = self.conn.prepare(&format!(
            "{PUBLICATION_SELECT}
             WHERE (?1 IS NULL OR u.assignment_id = ?1)
               AND (?2 IS NULL OR a.line_id IN (SELECT id FROM contract_lines WHERE contract_id = ?2))
             ORDER BY u.published_at DESC, u.id DESC"
        ))?;
        let rows = st.query_map(params![assignment_id, contract_id], publication)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

#[cfg(test)]
mod tests {
    use toasoan_domain::{Person, Role};

    use super::NewPortalRow;
    use crate::Store;

    const T0: &str = "2026-12-07 10:00:00";
    const T1: &str = "2026-12-07 10:00:05";
    const LONG_AGO: &str = "1970-01-01 00:00:00";

    /// The upload journal behind the grace period: an upload started is
    /// "sending" with its start time; WordPress's refusal moves the start to
    /// long ago (the next attempt asks at once); starting it again refreshes
    /// the time (a second lost answer waits the grace again); a done upload
    /// is never touched by either. Tried against in-memory SQLite, the
    /// schema's own constraints on.
    #[test]
    fn an_upload_refused_is_asked_about_at_once_and_a_new_start_waits_again() {
        let store = Store::open_in_memory().unwrap();
        store
            .write(|db| {
                let head = Person {
                    id: "p1".into(),
                    login: "hung".into(),
                    real_name: "Trần Quốc Hùng".into(),
                    pen_name: None,
                    role: Role::Head,
                    active: true,
                };
                db.insert_person(&head, T0)?;
                let portal = NewPortalRow {
                    id: "w1",
                    name: "cong-tinh",
                    kind: "wordpress",
                    base_url: "https://congtt.binhson.gov.vn",
                    username: "bientap",
                    password_env: None,
                    created_by: "p1",
                };
                db.insert_portal(&portal, T0)?;
                let (a, b) = ("a".repeat(64), "b".repeat(64));
                db.media_upload_started("w1", &a, "ts-img-a", T0)?;
                db.media_upload_started("w1", &b, "ts-img-b", T0)?;
                db.media_uploaded("w1", &b, "7", "https://congtt.binhson.gov.vn/b.jpg", T0)?;

                db.media_upload_refused("w1", &a, LONG_AGO)?;
                db.media_upload_refused("w1", &b, LONG_AGO)?;
                let ra = db.portal_media("w1", &a)?.unwrap();
                assert_eq!((ra.done, ra.updated_at.as_str(), ra.slug.as_str()), (false, LONG_AGO, "ts-img-a"));
                assert_eq!(db.portal_media("w1", &b)?.unwrap().updated_at, T0, "a done upload is not moved");

                db.media_upload_started("w1", &a, "ts-img-other", T1)?;
                let ra = db.portal_media("w1", &a)?.unwrap();
                assert_eq!(
                    (ra.updated_at.as_str(), ra.slug.as_str()),
                    (T1, "ts-img-a"),
                    "sent again: a fresh start, same slug"
                );
                db.media_upload_started("w1", &b, "ts-img-b", T1)?;
                let rb = db.portal_media("w1", &b)?.unwrap();
                assert_eq!((rb.done, rb.updated_at.as_str()), (true, T0), "a done upload stays done");
                Ok(())
            })
            .unwrap();
    }
}
