//! The durable outbox: queue, retry, cancel, resolve a conflict; claim a due
//! job, build its [`Article`], finish or fail it; the per-job [`Journal`]
//! (each entry its own committed transaction); proofs of publication.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::super::pieces::{load, transition};
use super::super::{audit, new_id, person, Desk};
use super::portals::portal_of;
use crate::domain::ids::sha256_hex;
use crate::domain::media::Variant;
use crate::domain::AuditAction;
use crate::domain::{ClaimedJob, PostRecord, RemoteMediaRecord};
use crate::domain::{JobState, Person, Publication, PublishJob, State};
use crate::error::{Error, Result};
use crate::publish::{
    backoff, image_file_name, stable_slug, Article, ArticleImage, Backoff, Journal, Outcome, RemoteImage,
};
use crate::store::{Db, NewPublicationRow};
use crate::time::to_db;
use crate::workflow::{authorize, next_state, Action};

/// What an editor decides about a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ConflictChoice {
    /// Send our version over the portal's (only while the portal's copy is
    /// still the one the editor saw).
    Overwrite,
    /// Keep the portal's version: the job is cancelled, nothing is sent.
    KeepPortal,
}

fn job_not_found(id: &str) -> Error {
    Error::not_found("lệnh đăng bài", id)
}

pub(super) fn load_job(db: &Db<'_>, id: &str) -> Result<ClaimedJob> {
    db.job(id.trim())?.ok_or_else(|| job_not_found(id))
}

impl Desk {
    /// Queues the approved piece for publishing on `portal` (editors, heads).
    pub fn queue_publish(&self, actor: &Person, assignment_id: &str, portal: &str) -> Result<PublishJob> {
        let id = new_id();
        let now = to_db(self.now());
        self.store.write(|db| {
            let a = load(db, assignment_id)?;
            authorize(actor, Action::Publish, Some(&a.reporter))?;
            next_state(a.state, Action::Publish, actor.role)?;
            let p = portal_of(db, portal)?;
            let approval = db
                .approvals(&a.id)?
                .into_iter()
                .max_by_key(|x| x.revision_seq)
                .ok_or_else(|| Error::invalid("assignment", "bài chưa có lần duyệt nào"))?;
            if let Some(active) = db.active_job(&a.id, &p.id)? {
                return Err(Error::Conflict(format!(
                    "bài #{} đã có lệnh đăng lên «{}» đang chờ hoặc đang gửi ({active})",
                    a.num, p.name
                )));
            }
            db.insert_job(&id, &a.id, &p.id, approval.revision_seq, &actor.id, &now)?;
            let detail = json!({ "job_id": id, "portal": p.name, "revision_seq": approval.revision_seq });
            audit(db, &actor.login, AuditAction::PublishQueue, "assignment", &a.id, detail, &now)?;
            Ok(load_job(db, &id)?.job)
        })
    }

    /// Jobs of the outbox, newest first: of one piece (anyone who may read it),
    /// or all of them (editors, heads).
    pub fn publish_jobs(&self, actor: &Person, assignment_id: Option<&str>) -> Result<Vec<PublishJob>> {
        self.store.read(|db| match assignment_id {
            Some(id) => {
                let a = load(db, id)?;
                authorize(actor, Action::Read, Some(&a.reporter))?;
                Ok(db.jobs(Some(&a.id), 500)?)
            }
            None => {
                authorize(actor, Action::ManagePortals, None)?;
                Ok(db.jobs(None, 500)?)
            }
        })
    }

    /// One job.
    pub fn publish_job(&self, actor: &Person, id: &str) -> Result<PublishJob> {
        self.store.read(|db| {
            let j = load_job(db, id)?;
            let a = load(db, &j.job.assignment_id)?;
            authorize(actor, Action::Read, Some(&a.reporter))?;
            Ok(j.job)
        })
    }

    /// Sends a failed or waiting job again now (editors, heads).
    pub fn retry_job(&self, actor: &Person, id: &str) -> Result<PublishJob> {
        self.change_job(actor, id, AuditAction::PublishRetry, |db, j, now| match j.job.state {
            JobState::Failed | JobState::Queued => Ok(db.requeue_job(&j.job.id, None, now)?),
            s => Err(job_state_error("gửi lại", s)),
        })
    }

    /// Cancels a job that is not being sent (editors, heads).
    pub fn cancel_job(&self, actor: &Person, id: &str) -> Result<PublishJob> {
        self.change_job(actor, id, AuditAction::PublishCancel, |db, j, now| match j.job.state {
            JobState::Queued | JobState::Failed | JobState::Conflict => {
                Ok(db.set_job_state(&j.job.id, JobState::Cancelled.code(), None, None, None, now)?)
            }
            s => Err(job_state_error("hủy", s)),
        })
    }

    /// Decides a conflict: overwrite the portal's copy (only while it is still
    /// the one shown) or keep it and cancel the job (editors, heads).
    pub fn resolve_conflict(&self, actor: &Person, id: &str, choice: ConflictChoice) -> Result<PublishJob> {
        let action = match choice {
            ConflictChoice::Overwrite => AuditAction::PublishOverwrite,
            ConflictChoice::KeepPortal => AuditAction::PublishKeepPortal,
        };
        self.change_job(actor, id, action, |db, j, now| {
            let Some(c) = j.job.conflict.as_ref().filter(|_| j.job.state == JobState::Conflict) else {
                return Err(job_state_error("giải quyết xung đột", j.job.state));
            };
            match choice {
                ConflictChoice::Overwrite => Ok(db.requeue_job(&j.job.id, Some(&c.theirs_hash), now)?),
                ConflictChoice::KeepPortal => {
                    Ok(db.set_job_state(&j.job.id, JobState::Cancelled.code(), None, None, None, now)?)
                }
            }
        })
    }

    fn change_job(
        &self,
        actor: &Person,
        id: &str,
        action: AuditAction,
        f: impl FnOnce(&Db<'_>, &ClaimedJob, &str) -> Result<()>,
    ) -> Result<PublishJob> {
        authorize(actor, Action::ManagePortals, None)?;
        let now = to_db(self.now());
        self.store.write(|db| {
            let j = load_job(db, id)?;
            let from = j.job.state;
            f(db, &j, &now)?;
            let after = load_job(db, &j.job.id)?.job;
            let detail = json!({ "job_id": j.job.id, "portal": j.job.portal, "from": from, "to": after.state });
            audit(db, &actor.login, action, "assignment", &j.job.assignment_id, detail, &now)?;
            Ok(after)
        })
    }

    /// Proofs of publication: of one piece (anyone who may read it) or of a
    /// contract (editors, heads). The proof files are named by their full
    /// path in this data folder.
    pub fn publications(
        &self,
        actor: &Person,
        assignment_id: Option<&str>,
        contract_id: Option<&str>,
    ) -> Result<Vec<Publication>> {
        self.store.read(|db| {
            let a = match assignment_id {
                Some(id) => {
                    let a = load(db, id)?;
                    authorize(actor, Action::Read, Some(&a.reporter))?;
                    Some(a.id)
                }
                None => {
                    authorize(actor, Action::ViewContracts, None)?;
                    None
                }
            };
            let mut list = db.publications(a.as_deref(), contract_id)?;
            if let Some(dir) = self.data_dir() {
                for p in &mut list {
                    for path in [&mut p.sent_path, &mut p.page_path].into_iter().flatten() {
                        *path = crate::desk::proof_path(&dir, path).display().to_string();
                    }
                }
            }
            Ok(list)
        })
    }

    /// The data folder's root for saved proofs.
    fn proofs_dir(&self) -> Result<PathBuf> {
        Ok(self.media_files()?.root().parent().map(Path::to_path_buf).unwrap_or_default().join(crate::desk::PROOFS_DIR))
    }

    /// Claims the next due job for `holder` (a worker), with its article.
    pub fn claim_job(&self, holder: &str, lease: Duration) -> Result<Option<(ClaimedJob, Article)>> {
        let holders = self.store.read(|db| Ok(db.sending_holders()?))?;
        let dead: Vec<String> = holders.into_iter().filter(|h| h != holder && holder_is_dead(h)).collect();
        let at = self.now();
        let now = to_db(at);
        let until = to_db(at + chrono::Duration::from_std(lease).unwrap_or_default());
        let claimed = self.store.write(|db| {
            let Some(id) = db.next_due_job(&now, &dead)? else {
                return Ok(None);
            };
            db.lease_job(&id, holder, &until, &now)?;
            Ok(Some(load_job(db, &id)?))
        })?;
        let Some(job) = claimed else {
            return Ok(None);
        };
        match self.article(&job) {
            Ok(article) => Ok(Some((job, article))),
            Err(e) => {
                // A piece that cannot be built will not build on retry either.
                self.fail_job(&job, &e, &Backoff::default(), 0.5)?;
                Err(e)
            }
        }
    }

    fn article(&self, job: &ClaimedJob) -> Result<Article> {
        let files = self.media_files()?;
        let (a, rev, approved_at, contract, agency) = self.store.read(|db| {
            let a = load(db, &job.job.assignment_id)?;
            let rev = db
                .revision(&a.id, job.job.revision_seq)?
                .ok_or_else(|| Error::not_found("phiên bản", job.job.revision_seq.to_string()))?;
            let approval = db.approvals(&a.id)?.into_iter().find(|x| x.revision_seq == rev.seq);
            let contract = db.contract(&a.contract_id)?;
            let agency = match &contract {
                Some(c) => db.agency(&c.agency_id)?.map(|x| x.name),
                None => None,
            };
            Ok((a, rev, approval.map(|x| x.approved_at), contract, agency))
        })?;
        let media = self.media_of_draft(&rev.draft.body)?;
        let mut images = Vec::new();
        for id in crate::desk::media_refs(&rev.draft.body) {
            let Some(m) = media.get(&id) else {
                return Err(Error::invalid("body", format!("ảnh media:{id} không có trong thư viện")));
            };
            let (Some(_), Some(ext)) = (&m.web_path, m.web_path.as_deref().and_then(|p| p.rsplit('.').next())) else {
                continue; // attachments are not images
            };
            images.push(ArticleImage {
                media_id: id.clone(),
                sha256: m.sha256.clone(),
                path: files.path(&m.sha256, Variant::Web, ext),
                file_name: image_file_name(&m.sha256, ext)?,
                mime: if ext == "png" { "image/png".into() } else { "image/jpeg".into() },
                alt: m.alt.clone(),
                caption: m.figure_caption(),
                credit: m.credit.trim().to_string(),
            });
        }
        let headline = if rev.draft.headline.trim().is_empty() { a.title.clone() } else { rev.draft.headline.clone() };
        Ok(Article {
            slug: stable_slug(&headline, &a.id),
            assignment_id: a.id.clone(),
            assignment_num: a.num,
            revision_seq: rev.seq,
            content_hash: rev.content_hash.clone(),
            headline,
            sapo: rev.draft.sapo.clone(),
            byline: rev.draft.byline.clone(),
            markdown: rev.draft.body.clone(),
            genre: a.genre,
            policy: a.policy_name.clone(),
            policy_doc_number: a.policy_doc_number.clone(),
            contract_number: contract.map(|c| c.number).unwrap_or_default(),
            agency: agency.unwrap_or_default(),
            channel: a.channel.label_vi().to_string(),
            approved_at: approved_at.map(to_db).unwrap_or_default(),
            images,
            overwrite_remote_hash: job.overwrite_remote_hash.clone(),
        })
    }

    /// Records how a claimed job ended: the proof, the transition to published
    /// and the audit event in one transaction; or the conflict to decide.
    pub fn finish_job(&self, job: &ClaimedJob, outcome: Outcome) -> Result<PublishJob> {
        let at = self.now();
        let now = to_db(at);
        match outcome {
            Outcome::Conflict(c) => {
                let conflict = serde_json::to_string(&c).map_err(|e| Error::Storage(e.to_string()))?;
                self.store.write(|db| {
                    db.set_job_state(&job.job.id, JobState::Conflict.code(), None, None, Some(&conflict), &now)?;
                    let detail = json!({ "job_id": job.job.id, "portal": job.job.portal, "remote_id": c.remote_id });
                    audit(
                        db,
                        "system",
                        AuditAction::PublishConflict,
                        "assignment",
                        &job.job.assignment_id,
                        detail,
                        &now,
                    )?;
                    Ok(load_job(db, &job.job.id)?.job)
                })
            }
            Outcome::Sent(sent) => {
                let pub_id = new_id();
                // Proofs are kept under the data folder and recorded by their
                // path inside it, so the folder can move (a restore, a new
                // machine) with its proofs.
                let rel_dir = format!("{}/{}", super::super::backup::PROOFS_DIR, job.job.assignment_id);
                let dir = self.proofs_dir()?.join(&job.job.assignment_id);
                crate::files::create_private_dir(&dir)
                    .map_err(|e| Error::Storage(format!("{}: {e}", dir.display())))?;
                write_synced(&dir.join(format!("{pub_id}.sent")), &sent.body)?;
                let sent_hash = sha256_hex(&sent.body);
                let page = match &sent.page {
                    Some(bytes) => {
                        write_synced(&dir.join(format!("{pub_id}.page.html")), bytes)?;
                        Some((format!("{rel_dir}/{pub_id}.page.html"), sha256_hex(bytes)))
                    }
                    None => None,
                };
                let sent_path = format!("{rel_dir}/{pub_id}.sent");
                self.store.write(|db| {
                    let a = load(db, &job.job.assignment_id)?;
                    let creator = person(db, &job.job.created_by)?;
                    if !sent.public {
                        let result = sent.output.clone().unwrap_or_default();
                        db.finish_job(&job.job.id, None, Some(&result), &now)?;
                        let detail = json!({ "job_id": job.job.id, "portal": job.job.portal, "output": result,
                            "sent_sha256": sent_hash });
                        audit(db, "system", AuditAction::PublishPackage, "assignment", &a.id, detail, &now)?;
                        return Ok(load_job(db, &job.job.id)?.job);
                    }
                    db.insert_proof(&NewPublicationRow {
                        id: &pub_id,
                        assignment_id: &a.id,
                        channel: a.channel.code(),
                        url: &sent.url,
                        published_at: &now,
                        recorded_by: &creator.id,
                        portal_id: Some(&job.portal_id),
                        job_id: Some(&job.job.id),
                        remote_id: Some(&sent.remote_id),
                        revision_seq: Some(job.job.revision_seq),
                        sent_sha256: Some(&sent_hash),
                        sent_path: Some(&sent_path),
                        page_path: page.as_ref().map(|p| p.0.as_str()),
                        page_sha256: page.as_ref().map(|p| p.1.as_str()),
                    })?;
                    let detail = json!({ "publication_id": pub_id, "job_id": job.job.id, "portal": job.job.portal,
                        "remote_id": sent.remote_id, "url": sent.url, "sent_sha256": sent_hash,
                        "revision_seq": job.job.revision_seq });
                    if a.state == State::Approved {
                        // As the editor who queued it: the rules were checked then and again now.
                        transition(db, &creator, &a, Action::Publish, detail, &now)?;
                    } else {
                        audit(db, "system", AuditAction::PublishSent, "assignment", &a.id, detail, &now)?;
                    }
                    db.finish_job(&job.job.id, Some(&pub_id), None, &now)?;
                    Ok(load_job(db, &job.job.id)?.job)
                })
            }
        }
    }

    /// Records a failed attempt: retried later with backoff when the failure is
    /// temporary, otherwise (or after too many attempts) marked failed.
    pub fn fail_job(&self, job: &ClaimedJob, error: &Error, policy: &Backoff, unit: f64) -> Result<PublishJob> {
        let at = self.now();
        let now = to_db(at);
        self.store.write(|db| {
            let current = load_job(db, &job.job.id)?;
            let attempts = current.job.attempts;
            let message = error.to_string();
            if error.is_transient() && attempts < policy.max_attempts {
                let delay = backoff(policy, attempts, unit);
                let next = to_db(at + chrono::Duration::from_std(delay).unwrap_or_default());
                db.set_job_state(&job.job.id, "queued", Some(&next), Some((error.code(), &message)), None, &now)?;
            } else {
                db.set_job_state(&job.job.id, "failed", None, Some((error.code(), &message)), None, &now)?;
                let detail = json!({ "job_id": job.job.id, "portal": job.job.portal, "attempts": attempts,
                    "error": { "code": error.code(), "message": message } });
                audit(db, "system", AuditAction::PublishFailed, "assignment", &job.job.assignment_id, detail, &now)?;
            }
            Ok(load_job(db, &job.job.id)?.job)
        })
    }

    /// The journal of one job, over this desk's store.
    pub fn journal<'a>(&'a self, job: &'a ClaimedJob) -> DeskJournal<'a> {
        DeskJournal { desk: self, portal_id: &job.portal_id, assignment_id: &job.job.assignment_id }
    }

    /// How many jobs are queued or being sent, and the earliest next attempt.
    pub fn outbox_pending(&self) -> Result<(i64, Option<chrono::DateTime<Utc>>)> {
        let (n, next) = self.store.read(|db| Ok(db.outbox_pending()?))?;
        Ok((n, next.as_deref().map(crate::time::from_db)))
    }
}

fn job_state_error(action: &'static str, s: JobState) -> Error {
    Error::InvalidTransition { action, state: s.label_vi() }
}

/// A proof file, written whole and durably (never in place: a crash while
/// writing leaves the previous proof or none, never half of one).
fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::files::write_atomic(path, bytes).map_err(|e| Error::Storage(format!("{}: {e}", path.display())))
}

/// The [`Journal`] of one job: each entry is its own committed transaction.
pub struct DeskJournal<'a> {
    desk: &'a Desk,
    portal_id: &'a str,
    assignment_id: &'a str,
}

impl DeskJournal<'_> {
    fn now(&self) -> String {
        to_db(self.desk.now())
    }

    /// Takes another workbench's record of an image on this portal.
    pub(super) fn adopt_image(&self, sha256: &str, m: &RemoteMediaRecord) -> Result<()> {
        self.desk.store.write(|db| Ok(db.adopt_portal_media(self.portal_id, sha256, m)?))
    }
}

impl Journal for DeskJournal<'_> {
    fn image(&mut self, sha256: &str) -> Result<Option<RemoteMediaRecord>> {
        self.desk.store.read(|db| Ok(db.portal_media(self.portal_id, sha256)?))
    }

    fn images_sending(&mut self, images: &[(String, String)]) -> Result<()> {
        let now = self.now();
        self.desk.store.write(|db| {
            for (sha, slug) in images {
                db.media_upload_started(self.portal_id, sha, slug, &now)?;
            }
            Ok(())
        })
    }

    fn image_done(&mut self, sha256: &str, image: &RemoteImage) -> Result<()> {
        let now = self.now();
        self.desk.store.write(|db| Ok(db.media_uploaded(self.portal_id, sha256, &image.id, &image.url, &now)?))
    }

    fn image_refused(&mut self, sha256: &str) -> Result<()> {
        let long_ago = to_db(DateTime::<Utc>::UNIX_EPOCH);
        self.desk.store.write(|db| Ok(db.media_upload_refused(self.portal_id, sha256, &long_ago)?))
    }

    fn term(&mut self, taxonomy: &str, slug: &str) -> Result<Option<i64>> {
        self.desk.store.read(|db| Ok(db.portal_term(self.portal_id, taxonomy, slug)?))
    }

    fn term_done(&mut self, taxonomy: &str, slug: &str, id: i64) -> Result<()> {
        self.desk.store.write(|db| Ok(db.set_portal_term(self.portal_id, taxonomy, slug, id)?))
    }

    fn post(&mut self) -> Result<Option<PostRecord>> {
        self.desk.store.read(|db| Ok(db.portal_post(self.portal_id, self.assignment_id)?))
    }

    fn create_sending(&mut self, slug: &str) -> Result<()> {
        let now = self.now();
        self.desk.store.write(|db| Ok(db.post_create_started(self.portal_id, self.assignment_id, slug, &now)?))
    }

    fn create_refused(&mut self) -> Result<()> {
        let long_ago = to_db(DateTime::<Utc>::UNIX_EPOCH);
        self.desk.store.write(|db| Ok(db.post_create_refused(self.portal_id, self.assignment_id, &long_ago)?))
    }

    fn post_created(&mut self, remote_id: &str) -> Result<()> {
        let now = self.now();
        self.desk.store.write(|db| Ok(db.post_created(self.portal_id, self.assignment_id, remote_id, &now)?))
    }

    fn post_written(&mut self, remote_hash: &str, sent_hash: &str) -> Result<()> {
        let now = self.now();
        self.desk
            .store
            .write(|db| Ok(db.post_written(self.portal_id, self.assignment_id, remote_hash, sent_hash, &now)?))
    }
}

/// A lease holder is `pid:<pid>:<token>`; on Linux a holder whose process is
/// gone is dead at once (elsewhere its lease has to expire).
fn holder_is_dead(holder: &str) -> bool {
    let Some(pid) = holder.strip_prefix("pid:").and_then(|r| r.split(':').next()) else {
        return false;
    };
    if pid == std::process::id().to_string() {
        return false;
    }
    cfg!(target_os = "linux") && Path::new("/proc/self").exists() && !Path::new(&format!("/proc/{pid}")).exists()
}
