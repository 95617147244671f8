//! Publishing in team mode: one piece, one post. Every editor's workbench
//! has its own outbox and its own portal account, so two of them may queue
//! the same approved piece for the same portal. Before sending, a workbench
//! claims the piece on the hub (`toasoan.publish_claims`, keyed by the
//! piece and the portal's address, under a lease); the claim carries the
//! journal of our post (slug, remote id, a create under way, the last
//! fingerprints), written to the hub before each request it announces, so a
//! workbench that takes over after a lease ran out updates that post
//! instead of creating a second one. A claim marked done for a revision
//! stops every other workbench's job for that revision (cancelled, with an
//! audit event naming who sent it); a newer approved revision claims again
//! and updates the same post. Images are recorded on the hub per portal
//! (`toasoan.portal_media`), so a photo is uploaded once whoever sends it.
//! A workbench without the portal's secret offers the send on the hub and
//! waits; one holding the secret takes the offer ([`Desk::take_offers`],
//! `FOR UPDATE SKIP LOCKED`) and sends it as its own person.
//!
//! Architecture invariant: in team mode no request reaches a WordPress
//! portal without a live claim of this workbench; when the hub cannot be
//! reached the job waits (`hub_unavailable`, retried) rather than risk a
//! second post. Package portals write files on this machine and need no claim.

use std::time::Duration;

use serde_json::json;
use toasoan_hub::{Claim, Hub};

use super::super::{audit, Desk};
use super::outbox::{load_job, DeskJournal};
use crate::domain::AuditAction;
use crate::domain::{ClaimedJob, JobState, Portal, PortalKind, PostRecord, PublishJob, RemoteMediaRecord, Role};
use crate::error::{Error, Result};
use crate::publish::{Journal, RemoteImage};
use crate::secret;
use crate::time::to_db;

/// How a job may go on.
pub(super) enum Team {
    /// Not in team mode (or a package portal): as always.
    Solo,
    /// Claimed on the hub: send with [`TeamJournal`], then [`TeamClaim::done`].
    Claimed(TeamClaim),
    /// Sent already from another workbench: the job was cancelled.
    SentElsewhere(PublishJob),
}

/// This workbench's live claim on one piece and portal.
pub(super) struct TeamClaim {
    hub: Hub,
    piece: String,
    portal: String,
    holder: String,
    seq: i32,
}

/// The hub's name of a portal: its address, lower-cased, without a final `/`
/// (every workbench configures its own account and its own portal id).
pub(crate) fn portal_key(base_url: &str) -> String {
    base_url.trim().trim_end_matches('/').to_lowercase()
}

fn record_json(p: &PostRecord) -> Result<serde_json::Value> {
    serde_json::to_value(p).map_err(|e| Error::Storage(e.to_string()))
}

impl Desk {
    /// Claims `job` on the hub when this workbench is in team mode.
    pub(super) fn team_claim(&self, job: &ClaimedJob, portal: &Portal, lease: Duration) -> Result<Team> {
        if portal.kind != PortalKind::WordPress {
            return Ok(Team::Solo);
        }
        let Some(holder) = self.team().workbench()? else { return Ok(Team::Solo) };
        let mut hub = self.team().open()?;
        let piece = job.job.assignment_id.clone();
        let key = portal_key(&portal.base_url);
        let seq =
            i32::try_from(job.job.revision_seq).map_err(|_| Error::invalid("revision", "số phiên bản quá lớn"))?;
        match hub.claim_publish(&piece, &key, &holder, seq, lease)? {
            Claim::Held(login) => Err(Error::Busy(format!(
                "máy của «{login}» đang đăng bài này lên {}; sẽ thử lại khi xong hoặc hết hạn giữ chỗ",
                portal.base_url
            ))),
            Claim::Done(login, post) => Ok(Team::SentElsewhere(self.job_sent_elsewhere(job, &login, &post)?)),
            Claim::Ours(post) => {
                // What another workbench wrote of our post before its lease ran out.
                // (Only a journal of this piece's post: its slug ends with the
                // piece's own suffix; a journal naming another post is ignored.)
                let own = crate::publish::stable_slug("", &piece);
                let suffix = own.trim_start_matches("bai");
                if let Ok(record) = serde_json::from_value::<PostRecord>(post) {
                    if !record.slug.is_empty() && record.slug.ends_with(suffix) {
                        let now = to_db(self.now());
                        self.store.write(|db| Ok(db.adopt_post(&job.portal_id, &piece, &record, &now)?))?;
                    }
                }
                Ok(Team::Claimed(TeamClaim { hub, piece, portal: key, holder, seq }))
            }
        }
    }

    /// Takes the sends other workbenches of the newsroom offered (they have
    /// no secret for the portal) to portals this one can reach, and queues
    /// each as this workbench's person. Returns how many were queued. A
    /// piece not yet here at that revision is left for later.
    pub fn take_offers(&self, lease: Duration) -> Result<usize> {
        let (Some(holder), Some(me)) = (self.team().workbench()?, self.team().member()?) else { return Ok(0) };
        if !matches!(me.role, Role::Editor | Role::Head) {
            return Ok(0);
        }
        let portals: Vec<Portal> = self
            .portals()?
            .into_iter()
            .filter(|p| p.kind == PortalKind::WordPress && secret::read(p).is_ok())
            .collect();
        let mut keys: Vec<String> = portals.iter().map(|p| portal_key(&p.base_url)).collect();
        keys.sort();
        keys.dedup();
        if keys.is_empty() {
            return Ok(0);
        }
        let mut hub = self.team().open()?;
        let (mut queued, mut skip) = (0, Vec::new());
        while let Some(offer) = hub.take_offer(&keys, &skip, &holder, lease)? {
            let Some(portal) = portals.iter().find(|p| portal_key(&p.base_url) == offer.portal) else { break };
            let taken = match self.queue_publish(&me, &offer.piece, &portal.name) {
                Ok(job) if job.revision_seq >= i64::from(offer.seq) => true,
                Ok(job) => {
                    // The approved revision asked for has not arrived here yet.
                    self.cancel_job(&me, &job.id)?;
                    false
                }
                // A job of ours for it is on its way already.
                Err(Error::Conflict(_)) => true,
                Err(_) => false,
            };
            if taken {
                queued += 1;
            } else {
                hub.release_claim(&offer.piece, &offer.portal, &holder)?;
            }
            skip.push(offer.piece);
            if skip.len() >= 1000 {
                break;
            }
        }
        Ok(queued)
    }

    /// Cancels a job whose piece another workbench has published on this portal.
    fn job_sent_elsewhere(&self, job: &ClaimedJob, login: &str, post: &serde_json::Value) -> Result<PublishJob> {
        let now = to_db(self.now());
        let message = format!("bài đã được «{login}» đăng lên cổng này từ máy khác; không đăng lần nữa");
        self.store.write(|db| {
            db.set_job_state(&job.job.id, JobState::Cancelled.code(), None, Some(("conflict", &message)), None, &now)?;
            let detail = json!({ "job_id": job.job.id, "portal": job.job.portal, "by": login,
                "remote_id": post.get("remote_id") });
            audit(db, "system", AuditAction::PublishSentElsewhere, "assignment", &job.job.assignment_id, detail, &now)?;
            Ok(load_job(db, &job.job.id)?.job)
        })
    }
}

impl TeamClaim {
    /// The journal of the claimed job: this workbench's, with each entry
    /// about our post also written to the claim before its request goes.
    pub(super) fn journal<'a>(&'a mut self, local: DeskJournal<'a>) -> TeamJournal<'a> {
        TeamJournal { local, claim: self }
    }

    /// Marks the claim's revision sent: other workbenches' jobs for it stop.
    pub(super) fn done(&mut self, desk: &Desk, job: &ClaimedJob) -> Result<()> {
        let post = desk.store.read(|db| Ok(db.portal_post(&job.portal_id, &job.job.assignment_id)?))?;
        let post = record_json(&post.unwrap_or_default())?;
        self.hub.record_claim(&self.piece, &self.portal, &self.holder, &post, Some(self.seq))
    }

    /// This workbench cannot send it (no secret for the portal here): lets
    /// the claim go and asks the others.
    pub(super) fn offer(mut self) -> Result<()> {
        self.hub.release_claim(&self.piece, &self.portal, &self.holder)?;
        self.hub.offer_publish(&self.piece, &self.portal, self.seq)
    }
}

/// [`DeskJournal`] mirrored to the hub's claim for the post entries.
pub(super) struct TeamJournal<'a> {
    local: DeskJournal<'a>,
    claim: &'a mut TeamClaim,
}

impl TeamJournal<'_> {
    fn mirror(&mut self) -> Result<()> {
        let post = self.local.post()?.unwrap_or_default();
        let c = &mut *self.claim;
        c.hub.record_claim(&c.piece, &c.portal, &c.holder, &record_json(&post)?, None)
    }
}

impl Journal for TeamJournal<'_> {
    fn image(&mut self, sha256: &str) -> Result<Option<RemoteMediaRecord>> {
        let mine = self.local.image(sha256)?;
        if mine.as_ref().is_some_and(|m| m.done) {
            return Ok(mine);
        }
        let c = &mut *self.claim;
        let Some(h) = c.hub.portal_image(&c.portal, sha256)? else { return Ok(mine) };
        if mine.is_some() && !h.done {
            return Ok(mine);
        }
        let theirs = RemoteMediaRecord {
            slug: h.slug,
            remote_id: h.remote_id,
            url: h.url,
            done: h.done,
            updated_at: h.updated_at,
        };
        self.local.adopt_image(sha256, &theirs)?;
        Ok(Some(theirs))
    }

    fn images_sending(&mut self, images: &[(String, String)]) -> Result<()> {
        self.local.images_sending(images)?;
        let c = &mut *self.claim;
        for (sha, slug) in images {
            c.hub.image_sending(&c.portal, sha, slug)?;
        }
        Ok(())
    }

    fn image_done(&mut self, sha256: &str, image: &RemoteImage) -> Result<()> {
        self.local.image_done(sha256, image)?;
        let slug = self.local.image(sha256)?.map(|m| m.slug).unwrap_or_default();
        let c = &mut *self.claim;
        c.hub.image_uploaded(&c.portal, sha256, &slug, &image.id, &image.url)
    }

    fn image_refused(&mut self, sha256: &str) -> Result<()> {
        // The hub's record stays "sending": this workbench's own record,
        // asked first, now says the grace is over.
        self.local.image_refused(sha256)
    }

    fn term(&mut self, taxonomy: &str, slug: &str) -> Result<Option<i64>> {
        self.local.term(taxonomy, slug)
    }

    fn term_done(&mut self, taxonomy: &str, slug: &str, id: i64) -> Result<()> {
        self.local.term_done(taxonomy, slug, id)
    }

    fn post(&mut self) -> Result<Option<PostRecord>> {
        self.local.post()
    }

    fn create_sending(&mut self, slug: &str) -> Result<()> {
        self.local.create_sending(slug)?;
        self.mirror()
    }

    fn create_refused(&mut self) -> Result<()> {
        self.local.create_refused()?;
        self.mirror()
    }

    fn post_created(&mut self, remote_id: &str) -> Result<()> {
        self.local.post_created(remote_id)?;
        self.mirror()
    }

    fn post_written(&mut self, remote_hash: &str, sent_hash: &str) -> Result<()> {
        self.local.post_written(remote_hash, sent_hash)?;
        self.mirror()
    }
}
