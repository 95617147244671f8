//! Audience engagement use cases: manual entry, importing platform exports
//! (preview, then whole or nothing), polling the portal and the published
//! pages, a piece's figures over time, roll-ups per contract and policy, and
//! citizens' comments.
//!
//! Figures are observations, not decisions: a manual entry and an import are
//! audited in the transaction that records them; a poll run records each
//! piece's figures in its own short transaction (a killed poll keeps what it
//! read) and is audited once, its id on every snapshot it wrote.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;

use super::{audit, new_id, pieces, Desk};
use crate::domain::AuditAction;
use crate::domain::{EngagementSource, Metric, Person, PortalKind, State};
use crate::engagement::client as fetch;
use crate::engagement::csv::{self, Rejected};
use crate::engagement::matomo::Matomo;
use crate::engagement::page::{PageCounter, ViewPattern};
use crate::engagement::poll::{self, Job, PollOptions};
use crate::engagement::wordpress::PortalApi;
use crate::engagement::{
    normalize_url, poll_interval, Collector, FrozenFigures, MatomoSite, NewSnapshot, PollState, Reading, SnapshotRow,
    StoredComment, TopPiece, Totals,
};
use crate::error::{Error, Result};
use crate::publish::wordpress::WordPress;
use crate::secret;
use crate::store::Db;
use crate::time::{from_db, to_db, vn_day_end};
use crate::workflow::{authorize, Action};

/// An export row matched to a piece.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportMatch {
    /// Line in the file.
    pub line: u32,
    /// The piece.
    pub assignment_id: String,
    /// Its short number.
    pub num: i64,
    /// Its working title.
    pub title: String,
    /// "url", "post_id" (a link made by an earlier import).
    pub matched_by: String,
    /// The platform's post id, linked to the piece on import.
    pub post_id: Option<String>,
    /// Figures, as (metric code, value).
    pub figures: Vec<(Metric, i64)>,
}

/// An export row that is none of our pieces (other posts of the Page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Unmatched {
    /// Line in the file.
    pub line: u32,
    /// Title or message.
    pub title: String,
    /// Link or post id.
    pub reference: String,
}

/// What an import would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportPreview {
    /// Platform.
    pub source: EngagementSource,
    /// How the file was decoded.
    pub encoding: String,
    /// Which column gave which figure.
    pub columns: Vec<String>,
    /// Rows of our pieces.
    pub matched: Vec<ImportMatch>,
    /// Rows of other posts (skipped, not an error): the first
    /// [`MAX_REJECTED_LISTED`](crate::domain::limits::MAX_REJECTED_LISTED).
    pub unmatched: Vec<Unmatched>,
    /// Rows of other posts in all.
    pub unmatched_total: u32,
    /// Rows that cannot be read (the import is refused unless skipped):
    /// the first [`MAX_REJECTED_LISTED`](crate::domain::limits::MAX_REJECTED_LISTED).
    pub rejected: Vec<Rejected>,
    /// Rows that cannot be read, in all.
    pub rejected_total: u32,
    /// The figures' instant (UTC, stored form).
    pub captured_at: String,
    /// When the same file was imported before, if it was.
    pub imported_before: Option<String>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EngagementImport {
    /// The import's id (none when the file had been imported before).
    pub import_id: Option<String>,
    /// Snapshots recorded.
    pub snapshots: u32,
    /// The preview it acted on.
    pub preview: ImportPreview,
}

/// A piece's figures: totals now, per source, over time, and as frozen by an acceptance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PieceEngagement {
    /// The piece.
    pub assignment_id: String,
    /// All sources combined, now.
    pub totals: Totals,
    /// The newest figure per source and metric.
    pub latest: Vec<(EngagementSource, Metric, i64)>,
    /// Every snapshot, oldest first.
    pub series: Vec<SnapshotRow>,
    /// Views and comments frozen by the acceptance that accepted the piece:
    /// (round, until, views, comments).
    pub frozen: Option<FrozenFigures>,
    /// Poll state per source.
    pub polls: Vec<PollState>,
    /// Citizens' comments collected.
    pub comments: Vec<StoredComment>,
}

/// A contract's or a policy's engagement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Rollup {
    /// Sum over pieces.
    pub totals: Totals,
    /// Pieces with figures.
    pub pieces: i64,
    /// The most-viewed pieces.
    pub top: Vec<TopPiece>,
}

/// How long a team workbench keeps a piece's polling to itself (under the
/// shortest interval between polls of a piece, an hour).
const POLL_LEASE: std::time::Duration = std::time::Duration::from_secs(50 * 60);

/// What a poll run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PollSummary {
    /// The run's id (on every snapshot it wrote).
    pub run_id: String,
    /// Collections made (piece × source).
    pub polled: u32,
    /// Of which read figures.
    pub ok: u32,
    /// Of which failed (after retries).
    pub failed: u32,
    /// Pieces not due yet (skipped).
    pub not_due: u32,
    /// Collections left to another workbench of the team (its lease on the
    /// hub is live).
    pub elsewhere: u32,
    /// Snapshots recorded.
    pub snapshots: u32,
    /// New comments collected.
    pub comments: u32,
    /// Failures: (assignment id, source, message).
    pub errors: Vec<(String, EngagementSource, String)>,
}

/// How a poll run chooses and paces its work.
#[derive(Debug, Clone, Default)]
pub struct PollRun {
    /// Poll every published piece, due or not.
    pub all: bool,
    /// Only this piece.
    pub assignment_id: Option<String>,
    /// Workers, rate limit, retries.
    pub options: PollOptions,
    /// Timeout of one request.
    pub timeout: Option<std::time::Duration>,
}

impl Desk {
    /// Records a figure typed in by an editor (or head) for a published
    /// piece, at `at` (now when `None`; never in the future).
    pub fn record_engagement(
        &self,
        actor: &Person,
        assignment_id: &str,
        source: EngagementSource,
        reading: Reading,
        at: Option<DateTime<Utc>>,
    ) -> Result<()> {
        authorize(actor, Action::RecordEngagement, None)?;
        if reading.value < 0 {
            return Err(Error::invalid("value", format!("số {} âm: số liệu bạn đọc không thể âm", reading.value)));
        }
        if reading.value > crate::domain::engagement::MAX_FIGURE {
            return Err(Error::invalid(
                "value",
                format!(
                    "số {} quá lớn: số liệu bạn đọc tối đa {}",
                    reading.value,
                    crate::text::format::grouped(crate::domain::engagement::MAX_FIGURE)
                ),
            ));
        }
        let now = self.now();
        let at = at.unwrap_or(now);
        if at > now {
            return Err(Error::invalid("at", "thời điểm ghi nhận ở tương lai"));
        }
        let (now_s, at_s) = (to_db(now), to_db(at));
        self.store.write(|db| {
            let a = published(db, assignment_id)?;
            let batch = new_id();
            let snap = NewSnapshot {
                assignment_id: a.clone(),
                source,
                metric: reading.metric,
                value: reading.value,
                captured_at: at_s.clone(),
            };
            if record_snapshots(db, &batch, &[snap], &now_s)? == 0 {
                return Err(Error::Conflict(format!(
                    "đã có số {} từ {} lúc {at_s} cho bài này",
                    reading.metric.label_vi(),
                    source.label_vi()
                )));
            }
            let detail = json!({ "batch": batch, "source": source, "metric": reading.metric, "value": reading.value, "at": at_s });
            audit(db, &actor.login, AuditAction::EngagementRecord, "assignment", &a, detail, &now_s)
        })
    }

    /// Reads a platform export and shows what importing it would do; records nothing.
    pub fn preview_import(
        &self,
        actor: &Person,
        source: EngagementSource,
        bytes: &[u8],
        as_of: Option<NaiveDate>,
    ) -> Result<ImportPreview> {
        authorize(actor, Action::RecordEngagement, None)?;
        let now = self.now();
        let captured = match as_of {
            Some(d) => {
                let end = vn_day_end(d);
                if end > now && crate::time::vn_date(now) < d {
                    return Err(Error::invalid("as_of", "ngày số liệu ở tương lai"));
                }
                end.min(now)
            }
            None => now,
        };
        let parsed = csv::parse(bytes, source)?;
        let sha = crate::domain::ids::sha256_hex(bytes);
        self.store.read(|db| {
            let urls: HashMap<String, String> =
                db.publication_urls()?.into_iter().filter_map(|(u, a)| normalize_url(&u).map(|n| (n, a))).collect();
            let mut matched = Vec::new();
            let mut unmatched = Vec::new();
            let mut unmatched_total = 0u32;
            for row in &parsed.rows {
                let by_url = row.url.as_deref().and_then(normalize_url).and_then(|u| urls.get(&u).cloned());
                let by_video = (source == EngagementSource::YouTube)
                    .then(|| row.post_id.as_deref().map(|id| format!("https://www.youtube.com/watch?v={id}")))
                    .flatten()
                    .and_then(|u| normalize_url(&u))
                    .and_then(|u| urls.get(&u).cloned());
                let by_link = match &row.post_id {
                    Some(id) => db.engagement_link(source, id)?,
                    None => None,
                };
                // Facebook and Zalo posts that share the portal's link name it in their text.
                let by_text = links_in(&row.title).find_map(|u| urls.get(&u).cloned());
                let (found, how) = match (by_url.or(by_video), by_link, by_text) {
                    (Some(a), _, _) => (Some(a), "url"),
                    (None, Some(a), _) => (Some(a), "post_id"),
                    (None, None, Some(a)) => (Some(a), "url"),
                    _ => (None, ""),
                };
                match found {
                    Some(a) => {
                        let piece = pieces::load(db, &a)?;
                        matched.push(ImportMatch {
                            line: row.line,
                            assignment_id: a,
                            num: piece.num,
                            title: piece.title,
                            matched_by: how.into(),
                            post_id: row.post_id.clone(),
                            figures: row.readings.iter().map(|r| (r.metric, r.value)).collect(),
                        });
                    }
                    None => {
                        unmatched_total += 1;
                        if unmatched.len() < crate::domain::limits::MAX_REJECTED_LISTED {
                            unmatched.push(Unmatched {
                                line: row.line,
                                title: row.title.chars().take(120).collect(),
                                reference: row.url.clone().or(row.post_id.clone()).unwrap_or_default(),
                            });
                        }
                    }
                }
            }
            Ok(ImportPreview {
                source,
                encoding: parsed.encoding.clone(),
                columns: parsed.columns.clone(),
                matched,
                unmatched,
                unmatched_total,
                rejected: parsed.rejected.clone(),
                rejected_total: parsed.rejected_total as u32,
                captured_at: to_db(captured),
                imported_before: db.import_by_hash(source, &sha)?.map(|(_, at)| at),
            })
        })
    }

    /// Imports a platform export whole or not at all: refused (nothing
    /// recorded) while any row is rejected, unless `skip_rejected`; the same
    /// file again records nothing. Links each matched post id to its piece.
    pub fn import_engagement(
        &self,
        actor: &Person,
        source: EngagementSource,
        file_name: &str,
        bytes: &[u8],
        as_of: Option<NaiveDate>,
        skip_rejected: bool,
    ) -> Result<EngagementImport> {
        let preview = self.preview_import(actor, source, bytes, as_of)?;
        if preview.rejected_total > 0 && !skip_rejected {
            let list: Vec<String> =
                preview.rejected.iter().take(5).map(|r| format!("dòng {}: {}", r.line, r.reason)).collect();
            return Err(Error::invalid(
                "file",
                format!(
                    "{} dòng không đọc được ({}{}); chưa nhập gì — sửa tệp, hoặc bỏ qua các dòng này",
                    preview.rejected_total,
                    list.join("; "),
                    if preview.rejected_total > 5 { "; …" } else { "" }
                ),
            ));
        }
        if preview.imported_before.is_some() {
            return Ok(EngagementImport { import_id: None, snapshots: 0, preview });
        }
        let sha = crate::domain::ids::sha256_hex(bytes);
        let now = to_db(self.now());
        let id = new_id();
        let snapshots = self.store.write(|db| {
            // Several rows of one export may name one piece (a post and its
            // re-share linking to the same article): their figures add up,
            // one snapshot per piece and metric (the snapshots' key).
            let mut sums: std::collections::BTreeMap<(&str, &str), (Metric, i64)> = std::collections::BTreeMap::new();
            for m in &preview.matched {
                for (metric, value) in &m.figures {
                    let sum = sums.entry((m.assignment_id.as_str(), metric.code())).or_insert((*metric, 0));
                    sum.1 = sum.1.saturating_add(*value);
                }
                if let Some(post) = &m.post_id {
                    db.insert_link(source, post, &m.assignment_id, &now)?;
                }
            }
            let snaps: Vec<NewSnapshot> = sums
                .into_iter()
                .map(|((piece, _), (metric, value))| NewSnapshot {
                    assignment_id: piece.to_string(),
                    source,
                    metric,
                    value,
                    captured_at: preview.captured_at.clone(),
                })
                .collect();
            let n = record_snapshots(db, &id, &snaps, &now)?;
            db.insert_import(
                &id,
                source,
                file_name,
                &sha,
                &preview.captured_at,
                preview.matched.len(),
                &actor.id,
                &now,
            )?;
            let detail = json!({
                "source": source, "file": file_name, "sha256": sha, "matched": preview.matched.len(),
                "unmatched": preview.unmatched_total, "rejected": preview.rejected_total, "snapshots": n,
            });
            audit(db, &actor.login, AuditAction::EngagementImport, "engagement_import", &id, detail, &now)?;
            Ok(n)
        })?;
        Ok(EngagementImport { import_id: Some(id), snapshots: snapshots as u32, preview })
    }

    /// A piece's figures (anyone who may read the piece).
    pub fn engagement(&self, actor: &Person, assignment_id: &str) -> Result<PieceEngagement> {
        self.store.read(|db| {
            let a = pieces::load(db, assignment_id)?;
            authorize(actor, Action::Read, Some(&a.reporter))?;
            let frozen = db.frozen_figures(&a.id)?;
            Ok(PieceEngagement {
                totals: db.piece_totals(&a.id)?.unwrap_or_default(),
                latest: db.latest(&a.id)?,
                series: db.series(&a.id)?,
                frozen,
                polls: db.poll_state(&a.id)?,
                comments: db.citizen_comments(None, Some(&a.id))?,
                assignment_id: a.id,
            })
        })
    }

    /// A contract's engagement: totals over its pieces and the `top` most viewed.
    pub fn contract_engagement(&self, actor: &Person, contract_id: &str, top: usize) -> Result<Rollup> {
        authorize(actor, Action::ViewContracts, None)?;
        self.store.read(|db| {
            db.contract(contract_id)?.ok_or_else(|| Error::not_found("hợp đồng", contract_id))?;
            rollup(db, contract_id, false, top)
        })
    }

    /// A policy's engagement: totals over its pieces and the `top` most viewed.
    pub fn policy_engagement(&self, actor: &Person, policy_id: &str, top: usize) -> Result<Rollup> {
        authorize(actor, Action::ViewContracts, None)?;
        self.store.read(|db| {
            db.policy(policy_id)?.ok_or_else(|| Error::not_found("chính sách", policy_id))?;
            rollup(db, policy_id, true, top)
        })
    }

    /// Citizens' comments on a policy's pieces, for the agency's digest.
    pub fn citizen_feedback(&self, actor: &Person, policy_id: &str) -> Result<Vec<StoredComment>> {
        authorize(actor, Action::ViewContracts, None)?;
        self.store.read(|db| {
            db.policy(policy_id)?.ok_or_else(|| Error::not_found("chính sách", policy_id))?;
            Ok(db.citizen_comments(Some(policy_id), None)?)
        })
    }

    /// The citizen-feedback digest of a policy as an XLSX workbook, for the
    /// commissioning agency.
    pub fn feedback_digest(&self, actor: &Person, policy_id: &str) -> Result<Vec<u8>> {
        let comments = self.citizen_feedback(actor, policy_id)?;
        let policy = self
            .store
            .read(|db| Ok(db.policy(policy_id)?))?
            .ok_or_else(|| Error::not_found("chính sách", policy_id))?;
        let other =
            self.feedback_list(actor, &super::FeedbackQuery { policy_id: Some(policy.id.clone()), state: None })?;
        crate::dossier::feedback::xlsx(&policy, &comments, &other, crate::time::vn_date(self.now()))
    }

    /// Writes the citizen-feedback digest of a policy under `dir` and returns
    /// its path ("y-kien-ban-doc-<policy slug>-<date>.xlsx").
    pub fn export_feedback(
        &self,
        actor: &Person,
        policy_id: &str,
        dir: &std::path::Path,
    ) -> Result<std::path::PathBuf> {
        let bytes = self.feedback_digest(actor, policy_id)?;
        let policy = self
            .store
            .read(|db| Ok(db.policy(policy_id)?))?
            .ok_or_else(|| Error::not_found("chính sách", policy_id))?;
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::DataDirNotWritable { path: dir.to_path_buf(), reason: e.to_string() })?;
        let name = format!(
            "y-kien-ban-doc-{}-{}.xlsx",
            crate::text::slug(&policy.doc_number),
            crate::time::vn_date(self.now()).format("%Y%m%d")
        );
        let path = dir.join(name);
        crate::dossier::save(&path, &bytes)?;
        Ok(path)
    }

    /// Sets how a portal's pages print their view counter (a template with
    /// `{n}`, or a regular expression; empty = the default).
    pub fn set_view_pattern(&self, actor: &Person, portal: &str, pattern: &str) -> Result<()> {
        authorize(actor, Action::ManagePortals, None)?;
        ViewPattern::parse(pattern)?;
        let pattern = crate::text::nfc(pattern.trim());
        let now = to_db(self.now());
        self.store.write(|db| {
            let p = db.portal(portal)?.ok_or_else(|| Error::not_found("cổng", portal))?;
            db.set_view_pattern(&p.id, (!pattern.is_empty()).then_some(pattern.as_str()))?;
            audit(
                db,
                &actor.login,
                AuditAction::PortalViewPattern,
                "portal",
                &p.id,
                json!({ "pattern": pattern }),
                &now,
            )
        })
    }

    /// Records a Matomo site that measures the pages under `url_prefix`
    /// (editors, heads); its token stays in the environment variable named.
    pub fn add_matomo_site(
        &self,
        actor: &Person,
        name: &str,
        base_url: &str,
        site_id: i64,
        url_prefix: &str,
        token_env: &str,
    ) -> Result<MatomoSite> {
        authorize(actor, Action::ManagePortals, None)?;
        let name = crate::text::required_line("name", name)?;
        for (field, url) in [("url", base_url), ("prefix", url_prefix)] {
            crate::domain::limits::check_url_len(field, url)?;
            if normalize_url(url).is_none() {
                return Err(Error::invalid(field, format!("«{url}» không phải địa chỉ http(s)")));
            }
        }
        // No `user:pass@` in either address, and the token only over
        // https:// (http:// to this machine itself): before anything is
        // stored or audited.
        Matomo::check_site(base_url, url_prefix)?;
        if site_id <= 0 {
            return Err(Error::invalid("site_id", "mã trang (idSite) phải là số nguyên dương"));
        }
        secret::check_env_name(token_env)?;
        let site = MatomoSite {
            id: new_id(),
            name,
            base_url: base_url.trim().to_string(),
            site_id,
            url_prefix: url_prefix.trim().to_string(),
            token_env: token_env.to_string(),
        };
        let now = to_db(self.now());
        self.store.write(|db| {
            if db.matomo_sites()?.iter().any(|m| m.name == site.name) {
                return Err(Error::Conflict(format!("đã có trang Matomo tên «{}»", site.name)));
            }
            db.insert_matomo_site(&site, &actor.id, &now)?;
            audit(db, &actor.login, AuditAction::MatomoAdd, "matomo_site", &site.id, json!(site), &now)?;
            Ok(site.clone())
        })
    }

    /// The Matomo sites (anyone signed in).
    pub fn matomo_sites(&self) -> Result<Vec<MatomoSite>> {
        self.store.read(|db| Ok(db.matomo_sites()?))
    }

    /// Polls the published pieces that are due (or all): the portal's API for
    /// pieces published through a WordPress account, the counter on every
    /// published page, and Matomo for pages under a Matomo site's prefix.
    pub fn poll_engagement(&self, actor: &Person, run: &PollRun) -> Result<PollSummary> {
        authorize(actor, Action::RecordEngagement, None)?;
        let run_id = new_id();
        let mut plan = self.plan_poll(run)?;
        // Team mode: each piece and source is read by one workbench per lease.
        let keys: Vec<(String, String)> = plan
            .jobs
            .iter()
            .map(|j| (j.target.assignment_id.clone(), j.collector.source().code().to_string()))
            .collect();
        let mut elsewhere = 0;
        if let Some(mine) = self.team().claim_polls(&keys, POLL_LEASE)? {
            let before = plan.jobs.len();
            plan.jobs
                .retain(|j| mine.contains(&(j.target.assignment_id.clone(), j.collector.source().code().to_string())));
            elsewhere = (before - plan.jobs.len()) as u32;
        }
        let summary =
            Mutex::new(PollSummary { run_id: run_id.clone(), not_due: plan.not_due, elsewhere, ..Default::default() });
        poll::run(plan.jobs, &run.options, |r| {
            let recorded = self.record_polled(&run_id, &plan.published, &r);
            summary.lock().unwrap_or_else(|e| e.into_inner()).count(&r, recorded);
        });
        let summary = summary.into_inner().unwrap_or_else(|e| e.into_inner());
        let now_s = to_db(self.now());
        self.store
            .write(|db| {
                let detail = json!({
                    "polled": summary.polled, "ok": summary.ok, "failed": summary.failed, "not_due": summary.not_due,
                    "elsewhere": summary.elsewhere,
                    "snapshots": summary.snapshots, "comments": summary.comments,
                });
                audit(db, &actor.login, AuditAction::EngagementPoll, "engagement_poll", &run_id, detail, &now_s)
            })
            .map(|_| summary)
    }

    /// What a poll run will read: one job per piece and source that is due,
    /// with its collector (one per portal account, page pattern and Matomo
    /// site; a missing secret fails only the pieces that need it).
    fn plan_poll(&self, run: &PollRun) -> Result<PollPlan> {
        let now = self.now();
        let timeout = run.timeout.unwrap_or(std::time::Duration::from_secs(20));
        let http = fetch::Http::new(timeout, std::time::Duration::from_secs(10), "engagement")?;
        // A piece may be named by its short number or its id.
        let only = match &run.assignment_id {
            Some(id) => Some(self.store.read(|db| pieces::load(db, id))?.id),
            None => None,
        };
        self.store.read(|db| {
            let due_wp = db.poll_due(EngagementSource::WordPress)?;
            let due_page = db.poll_due(EngagementSource::Page)?;
            let due_matomo = db.poll_due(EngagementSource::Matomo)?;
            let targets = db.poll_targets()?;
            let published: HashMap<String, String> =
                targets.iter().map(|t| (t.target.assignment_id.clone(), t.published_at.clone())).collect();
            // One collector per Matomo site whose token is at hand; a missing
            // token fails that site's pieces with the variable's name.
            let today = crate::time::vn_date(now).to_string();
            let from: HashMap<String, String> = targets
                .iter()
                .map(|t| (t.target.assignment_id.clone(), crate::time::vn_date(from_db(&t.published_at)).to_string()))
                .collect();
            let mut matomo: Vec<(MatomoSite, Arc<dyn Collector>)> = Vec::new();
            for site in db.matomo_sites()? {
                let token = secret::named(&site.token_env, &format!("token_auth của Matomo «{}»", site.name));
                let c = Matomo::new(http.clone(), site.clone(), token, from.clone(), today.clone());
                matomo.push((site, Arc::new(c)));
            }
            let is_due =
                |due: &HashMap<String, String>, id: &str| run.all || due.get(id).is_none_or(|d| from_db(d) <= now);
            let mut apis: HashMap<String, Option<Arc<dyn Collector>>> = HashMap::new();
            let mut pages: HashMap<Option<String>, Arc<dyn Collector>> = HashMap::new();
            let (mut jobs, mut not_due) = (Vec::new(), 0u32);
            for t in targets {
                if only.as_ref().is_some_and(|id| *id != t.target.assignment_id) {
                    continue;
                }
                let before = jobs.len();
                if let (Some(portal_id), Some(_)) = (&t.portal_id, &t.target.remote_id) {
                    if !apis.contains_key(portal_id) {
                        let api = match db.portal(portal_id)? {
                            Some(p) if p.kind == PortalKind::WordPress => {
                                let password = secret::read(&p)?;
                                let opts = crate::publish::wordpress::Options { timeout, ..Default::default() };
                                let wp = WordPress::new(&p.base_url, &p.username, &password, opts)?;
                                Some(Arc::new(PortalApi::new(wp, &p.base_url)) as Arc<dyn Collector>)
                            }
                            _ => None,
                        };
                        apis.insert(portal_id.clone(), api);
                    }
                    if let Some(Some(api)) = apis.get(portal_id) {
                        if is_due(&due_wp, &t.target.assignment_id) {
                            jobs.push(Job { target: t.target.clone(), collector: api.clone() });
                        }
                    }
                }
                if !pages.contains_key(&t.portal_id) {
                    let pattern = match &t.portal_id {
                        Some(p) => db.view_pattern(p)?.map(|s| ViewPattern::parse(&s)).transpose()?.unwrap_or_default(),
                        None => ViewPattern::default(),
                    };
                    pages.insert(t.portal_id.clone(), Arc::new(PageCounter::new(http.clone(), pattern)));
                }
                if is_due(&due_page, &t.target.assignment_id) {
                    jobs.push(Job { target: t.target.clone(), collector: pages[&t.portal_id].clone() });
                }
                for (site, c) in &matomo {
                    if Matomo::measures(site, &t.target.url) && is_due(&due_matomo, &t.target.assignment_id) {
                        jobs.push(Job { target: t.target.clone(), collector: c.clone() });
                    }
                }
                if jobs.len() == before {
                    not_due += 1;
                }
            }
            Ok(PollPlan { jobs, not_due, published })
        })
    }

    /// Records what one collection found (snapshots, comments, the next due
    /// time) or its failure, in one short transaction: a killed poll keeps
    /// what it read. Returns the new snapshots and comments.
    fn record_polled(
        &self,
        run_id: &str,
        published: &HashMap<String, String>,
        r: &poll::JobResult,
    ) -> Result<(usize, usize)> {
        let at = self.now();
        let at_s = to_db(at);
        let age = published.get(&r.target.assignment_id).map(|p| at - from_db(p)).unwrap_or_default();
        let next = to_db(at + poll_interval(age));
        self.store.write(|db| match &r.outcome {
            Ok(c) => {
                let snaps: Vec<NewSnapshot> = c
                    .readings
                    .iter()
                    .map(|x| NewSnapshot {
                        assignment_id: r.target.assignment_id.clone(),
                        source: r.source,
                        metric: x.metric,
                        value: x.value,
                        captured_at: at_s.clone(),
                    })
                    .collect();
                let n = record_snapshots(db, run_id, &snaps, &at_s)?;
                let k = db.insert_comments(&r.target.assignment_id, r.source, &c.comments, &at_s)?;
                db.record_poll(&r.target.assignment_id, r.source, &at_s, &next, None)?;
                Ok((n, k))
            }
            Err(e) => {
                // Failures come back sooner than the age would say, at most hourly.
                let retry = to_db(at + poll_interval(age).min(chrono::Duration::hours(1)));
                db.record_poll(&r.target.assignment_id, r.source, &at_s, &retry, Some(&e.to_string()))?;
                Ok((0, 0))
            }
        })
    }
}

/// The jobs of a poll run and what recording their results needs.
struct PollPlan {
    jobs: Vec<Job>,
    not_due: u32,
    /// First publication of each piece (its age sets the next poll).
    published: HashMap<String, String>,
}

impl PollSummary {
    /// Counts one collection and how recording it went.
    fn count(&mut self, r: &poll::JobResult, recorded: Result<(usize, usize)>) {
        self.polled += 1;
        match (&r.outcome, recorded) {
            (Ok(_), Ok((n, k))) => {
                self.ok += 1;
                self.snapshots += n as u32;
                self.comments += k as u32;
            }
            (Err(e), _) => {
                self.failed += 1;
                self.errors.push((r.target.assignment_id.clone(), r.source, e.to_string()));
            }
            (Ok(_), Err(e)) => {
                self.failed += 1;
                self.errors.push((r.target.assignment_id.clone(), r.source, e.to_string()));
            }
        }
    }
}

/// The piece, if it has been published (figures exist only for published pieces).
fn published(db: &Db<'_>, id: &str) -> Result<String> {
    let a = pieces::load(db, id)?;
    if !matches!(a.state, State::Published | State::Accepted) {
        return Err(Error::InvalidTransition {
            action: Action::RecordEngagement.label_vi(),
            state: a.state.label_vi(),
        });
    }
    Ok(a.id)
}

/// The URLs written in a text, normalised.
fn links_in(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '(' | ')'))
        .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
        .filter_map(|w| normalize_url(w.trim_end_matches(['.', ',', ';', '!', '?'])))
}

fn rollup(db: &Db<'_>, id: &str, by_policy: bool, top: usize) -> Result<Rollup> {
    let (totals, pieces, top) = db.engagement_rollup(id, by_policy, top)?;
    Ok(Rollup { totals, pieces, top })
}

/// Records snapshots and sets the totals of every piece whose figures
/// changed by the combination rule ([`crate::engagement::combine`]), in the
/// caller's transaction. Returns how many snapshots were new.
pub(crate) fn record_snapshots(db: &Db<'_>, batch_id: &str, snaps: &[NewSnapshot], now: &str) -> Result<usize> {
    let (new, touched) = db.insert_snapshots(batch_id, snaps)?;
    for id in touched {
        let totals = crate::engagement::combine(&db.latest(id)?);
        db.set_totals(id, &totals, now)?;
    }
    Ok(new)
}
