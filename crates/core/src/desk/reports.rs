//! Read-side views: search, the pre-publish checklist, rendering, the contract
//! report and the audit log.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Desk;
use crate::checklist::{self, Checklist};
use crate::domain::LedgerGroup;
use crate::domain::{Acceptance, Amendment, Assignment, AuditEvent, Contract, ContractLine, Draft, Person, State};
use crate::error::{Error, Result};
use crate::render::{self, LibraryImage, Rendered};
use crate::search::{self, Query, SearchHit, CANDIDATE_WINDOW};
use crate::time::vn_date;
use crate::workflow::{authorize, counts_parts, money_total, projected, Action, AT_RISK_DAYS, AT_RISK_LIST};

/// Figures of one contract line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LineReport {
    /// The line.
    pub line: ContractLine,
    /// Assignments not cancelled.
    pub assigned: i64,
    /// Being written or reviewed.
    pub in_progress: i64,
    /// Approved, not yet published.
    pub approved: i64,
    /// Published or accepted, and within the line's length tier: counts.
    pub delivered: i64,
    /// Accepted by the agency.
    pub accepted: i64,
    /// min(delivered, quantity) × unit price.
    pub value_delivered: i64,
    /// Quantity × unit price − value delivered.
    pub value_remaining: i64,
    /// Delivered beyond the quantity (not paid).
    pub over_quota: i64,
    /// Delivered by the end of the period at the pace so far (none before it starts).
    pub projected: Option<i64>,
    /// Quantity − projected, when positive: pieces the pace will leave undelivered.
    pub shortfall: i64,
}

/// Figures of a contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ContractReport {
    /// The contract.
    pub contract: Contract,
    /// Per line.
    pub lines: Vec<LineReport>,
    /// Sum of quantities.
    pub quota: i64,
    /// Sum of delivered.
    pub delivered: i64,
    /// Sum of value delivered.
    pub value_delivered: i64,
    /// Days from today (Việt Nam) to the end of the period; negative when over.
    pub days_left: i64,
    /// Pieces still to deliver at the end of each day of the period, up to today.
    pub burndown: Vec<BurnPoint>,
    /// Pieces not yet approved that are overdue or due within [`AT_RISK_DAYS`],
    /// soonest first, at most [`AT_RISK_LIST`].
    pub at_risk: Vec<Assignment>,
    /// How many pieces are at risk in all.
    pub at_risk_count: i64,
    /// Sum of accepted.
    pub accepted: i64,
    /// Value of the accepted pieces (frozen at acceptance).
    pub value_accepted: i64,
    /// Sum of the lines' value − value delivered.
    pub value_remaining: i64,
    /// Sum of quantity × unit price over the lines (compare with the total value).
    pub lines_value: i64,
    /// Pieces delivered by the end of the period at the pace so far.
    pub projected: Option<i64>,
    /// Sum of the lines' shortfalls: more than zero means the contract is at risk.
    pub shortfall: i64,
    /// Amendments, oldest first.
    pub amendments: Vec<Amendment>,
    /// Acceptances, oldest first (without their rows).
    pub acceptances: Vec<Acceptance>,
}

/// One day of a contract's burn-down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BurnPoint {
    /// Calendar day (Việt Nam).
    pub date: NaiveDate,
    /// Quota minus pieces delivered (published within tier) by the end of that day.
    pub remaining: i64,
}

/// Remaining pieces per day from the start of the period to today (or its end).
/// A piece counts on the day (Việt Nam) of its first publication, if it
/// [`counts`].
fn burndown(contract: &Contract, groups: &[LedgerGroup], quota: i64, today: NaiveDate) -> Vec<BurnPoint> {
    let mut delivered_on: Vec<(NaiveDate, i64)> = groups
        .iter()
        .filter(|g| counts_parts(g.state, g.in_tier, g.counts_override))
        .filter_map(|g| g.published_on.map(|d| (d, g.n)))
        .collect();
    delivered_on.sort();
    let last = today.min(contract.end_on);
    let mut points = Vec::new();
    let mut day = contract.start_on;
    let (mut i, mut done) = (0, 0);
    while day <= last {
        while i < delivered_on.len() && delivered_on[i].0 <= day {
            done += delivered_on[i].1;
            i += 1;
        }
        points.push(BurnPoint { date: day, remaining: quota - done });
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    points
}

impl Desk {
    /// Searches headlines, sapos, bodies, briefs and policy names without caring
    /// for diacritics or case (see [`crate::search`] for the ranking design).
    pub fn search(&self, actor: &Person, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let q = Query::parse(query).ok_or_else(|| Error::invalid("query", "cần ít nhất một từ để tìm"))?;
        self.store.read(|db| {
            let exprs = search::tier_exprs(&q);
            let narrow_from = db.newest_num()? - search::NARROW_WINDOW;
            let last = exprs.len() - 1;
            let tiers = exprs
                .iter()
                .enumerate()
                .map(|(i, (_, e))| {
                    let from = if i == last { i64::MIN } else { narrow_from };
                    Ok(db.search_candidates(e, CANDIDATE_WINDOW, from)?)
                })
                .collect::<Result<Vec<_>>>()?;
            let tier_of = |num: i64| {
                let i = tiers.iter().position(|t| t.iter().any(|c| c.num == num)).unwrap_or(tiers.len() - 1);
                exprs[i].0
            };
            let mut hits = Vec::new();
            for c in search::rank(&tiers) {
                if hits.len() >= limit {
                    break;
                }
                let Some(a) = db.assignment(&c.num.to_string())? else {
                    continue;
                };
                if authorize(actor, Action::Read, Some(&a.reporter)).is_err() {
                    continue;
                }
                let rev = db.latest_revision(&a.id)?;
                let (headline, body) = match &rev {
                    Some(r) if !r.draft.headline.is_empty() => (r.draft.headline.as_str(), r.draft.body.as_str()),
                    Some(r) => (a.title.as_str(), r.draft.body.as_str()),
                    None => (a.title.as_str(), a.brief.as_str()),
                };
                let plain = render::plain_text(body);
                hits.push(SearchHit {
                    assignment_id: a.id.clone(),
                    num: a.num,
                    headline: search::highlight(headline, &q),
                    snippet: search::snippet(&plain, &q, 30),
                    state: a.state,
                    genre: a.genre,
                    reporter: a.reporter.clone(),
                    tier: tier_of(c.num),
                });
            }
            Ok(hits)
        })
    }

    /// The pre-publish checklist of a piece's current text.
    pub fn checklist(&self, actor: &Person, id: &str) -> Result<Checklist> {
        let draft = self.draft(actor, id)?;
        self.check_draft(actor, id, &draft)
    }

    /// The pre-publish checklist of text being typed (not yet saved), for the
    /// editor's live panel: same rules, same context as [`Desk::checklist`].
    pub fn check_draft(&self, actor: &Person, id: &str, draft: &Draft) -> Result<Checklist> {
        let library = self.library_images(&draft.body, "")?;
        self.check_with(actor, id, draft, &library)
    }

    /// The live preview of text being typed: its checklist and its rendering,
    /// with the draft's library images looked up once for both.
    pub fn preview_draft(
        &self,
        actor: &Person,
        id: &str,
        draft: &Draft,
        url_prefix: &str,
    ) -> Result<(Checklist, Rendered)> {
        crate::domain::limits::check_draft(draft)?;
        let library = self.library_images(&draft.body, url_prefix)?;
        Ok((self.check_with(actor, id, draft, &library)?, render::render_with(&draft.body, &library)))
    }

    fn check_with(
        &self,
        actor: &Person,
        id: &str,
        draft: &Draft,
        library: &HashMap<String, LibraryImage>,
    ) -> Result<Checklist> {
        let a = self.assignment(actor, id)?;
        let (line, unresolved) = self.store.read(|db| {
            let line = db.line(&a.line_id)?.ok_or_else(|| Error::not_found("hạng mục hợp đồng", &a.line_id))?;
            Ok((line, db.unresolved_comments(&a.id)?))
        })?;
        Ok(checklist::check(
            draft,
            &checklist::Context {
                genre: a.genre,
                min_words: line.min_words,
                max_words: line.max_words,
                doc_number: &a.policy_doc_number,
                unresolved_comments: unresolved,
                library,
            },
        ))
    }

    /// The piece's current body rendered exactly as it will be published.
    pub fn render(&self, actor: &Person, id: &str) -> Result<Rendered> {
        self.render_draft(&self.draft(actor, id)?, "")
    }

    /// Quota, delivery and money per line of a contract (editors, heads).
    pub fn contract_report(&self, actor: &Person, contract_id: &str) -> Result<ContractReport> {
        authorize(actor, Action::ViewContracts, None)?;
        let today = vn_date(self.now());
        self.store
            .read(|db| {
                let contract =
                    db.contract(contract_id.trim())?.ok_or_else(|| Error::not_found("hợp đồng", contract_id))?;
                let groups = db.ledger_groups(&contract.id, crate::time::vn_offset_minutes(self.now()))?;
                let mut lines = Vec::new();
                for line in &contract.lines {
                    let mut r = LineReport {
                        line: line.clone(),
                        assigned: 0,
                        in_progress: 0,
                        approved: 0,
                        delivered: 0,
                        accepted: 0,
                        value_delivered: 0,
                        value_remaining: 0,
                        over_quota: 0,
                        projected: None,
                        shortfall: 0,
                    };
                    for g in groups.iter().filter(|g| g.line_id == line.id) {
                        if g.state == State::Cancelled {
                            continue;
                        }
                        r.assigned += g.n;
                        if counts_parts(g.state, g.in_tier, g.counts_override) {
                            r.delivered += g.n;
                            if g.state == State::Accepted {
                                r.accepted += g.n;
                            }
                            continue;
                        }
                        match g.state {
                            State::Assigned | State::Drafting | State::Submitted | State::ChangesRequested => {
                                r.in_progress += g.n
                            }
                            State::Approved => r.approved += g.n,
                            _ => {}
                        }
                    }
                    r.value_delivered = r.delivered.min(line.quantity).saturating_mul(line.unit_price);
                    r.value_remaining = line.value() - r.value_delivered;
                    r.over_quota = (r.delivered - line.quantity).max(0);
                    r.projected = projected(r.delivered, contract.start_on, contract.end_on, today);
                    r.shortfall = r.projected.map_or(0, |p| (line.quantity - p).max(0));
                    lines.push(r);
                }
                let quota: i64 = lines.iter().map(|l| l.line.quantity).sum();
                let burndown = burndown(&contract, &groups, quota, today);
                let delivered = lines.iter().map(|l| l.delivered).sum();
                let acceptances = db.acceptances(&contract.id)?;
                // Money: checked (a sum of stored amounts must never wrap).
                let money = |amounts: &mut dyn Iterator<Item = i64>| {
                    money_total(amounts).ok_or_else(|| Error::invalid("report", "tổng giá trị vượt giới hạn số nguyên"))
                };
                Ok(ContractReport {
                    burndown,
                    at_risk: Vec::new(),
                    at_risk_count: 0,
                    quota,
                    delivered,
                    value_delivered: money(&mut lines.iter().map(|l| l.value_delivered))?,
                    days_left: (contract.end_on - today).num_days(),
                    accepted: lines.iter().map(|l| l.accepted).sum(),
                    value_accepted: money(&mut acceptances.iter().map(|x| x.total_amount))?,
                    value_remaining: money(&mut lines.iter().map(|l| l.value_remaining))?,
                    lines_value: money(&mut contract.lines.iter().map(ContractLine::value))?,
                    projected: projected(delivered, contract.start_on, contract.end_on, today),
                    shortfall: lines.iter().map(|l| l.shortfall).sum(),
                    amendments: db.amendments(&contract.id)?,
                    acceptances,
                    contract,
                    lines,
                })
            })
            .and_then(|mut report| {
                let open = [State::Assigned, State::Drafting, State::Submitted, State::ChangesRequested];
                let until = today.checked_add_signed(chrono::Duration::days(AT_RISK_DAYS)).unwrap_or(today);
                (report.at_risk, report.at_risk_count) =
                    self.store.read(|db| Ok(db.due_pieces(&report.contract.id, &open, until, AT_RISK_LIST)?))?;
                Ok(report)
            })
    }

    /// The audit log, oldest first, optionally about one entity (editors, heads).
    pub fn audit_log(&self, actor: &Person, entity_id: Option<&str>) -> Result<Vec<AuditEvent>> {
        authorize(actor, Action::ViewContracts, None)?;
        self.store.read(|db| Ok(db.audit(entity_id)?))
    }
}
