//! Read-side views: search, the pre-publish checklist, rendering, the contract
//! report and the audit log.

use serde::{Deserialize, Serialize};

use super::Desk;
use crate::checklist::{self, Checklist};
use crate::domain::{AuditEvent, Contract, ContractLine, Person, Role, State};
use crate::error::{Error, Result};
use crate::render::{self, Rendered};
use crate::search::{self, Query, SearchHit, CANDIDATE_WINDOW};
use crate::time::vn_date;
use crate::workflow::{authorize, Action};

/// Figures of one contract line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
}

/// Figures of a contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
}

fn in_tier(line: &ContractLine, words: Option<i64>) -> bool {
    let w = words.unwrap_or(0);
    line.min_words.is_none_or(|m| w >= m) && line.max_words.is_none_or(|m| w <= m)
}

impl Desk {
    /// Searches headlines, sapos, bodies, briefs and policy names without caring
    /// for diacritics or case (see [`crate::search`] for the ranking design).
    pub fn search(&self, actor: &Person, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let q = Query::parse(query).ok_or_else(|| Error::invalid("query", "cần ít nhất một từ để tìm"))?;
        self.store.read(|db| {
            let exprs = search::tier_exprs(&q);
            let tiers =
                exprs.iter().map(|(_, e)| db.search_candidates(e, CANDIDATE_WINDOW)).collect::<Result<Vec<_>>>()?;
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
                if actor.role == Role::Reporter && a.reporter != actor.login {
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
        let a = self.assignment(actor, id)?;
        let draft = self.draft(actor, id)?;
        let (line, unresolved) = self.store.read(|db| {
            let line = db.line(&a.line_id)?.ok_or_else(|| Error::not_found("hạng mục hợp đồng", &a.line_id))?;
            Ok((line, db.unresolved_comments(&a.id)?))
        })?;
        Ok(checklist::check(
            &draft,
            &checklist::Context {
                genre: a.genre,
                min_words: line.min_words,
                max_words: line.max_words,
                doc_number: &a.policy_doc_number,
                unresolved_comments: unresolved,
            },
        ))
    }

    /// The piece's current body rendered exactly as it will be published.
    pub fn render(&self, actor: &Person, id: &str) -> Result<Rendered> {
        Ok(render::render(&self.draft(actor, id)?.body))
    }

    /// Quota, delivery and money per line of a contract (editors, heads).
    pub fn contract_report(&self, actor: &Person, contract_id: &str) -> Result<ContractReport> {
        authorize(actor, Action::ViewContracts, None)?;
        let today = vn_date(self.now());
        self.store.read(|db| {
            let contract = db.contract(contract_id.trim())?.ok_or_else(|| Error::not_found("hợp đồng", contract_id))?;
            let pieces = db.contract_pieces(&contract.id)?;
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
                };
                for (_, state, words) in pieces.iter().filter(|(l, _, _)| *l == line.id) {
                    if *state != State::Cancelled {
                        r.assigned += 1;
                    }
                    match state {
                        State::Assigned | State::Drafting | State::Submitted | State::ChangesRequested => {
                            r.in_progress += 1
                        }
                        State::Approved => r.approved += 1,
                        State::Published | State::Accepted if in_tier(line, *words) => {
                            r.delivered += 1;
                            if *state == State::Accepted {
                                r.accepted += 1;
                            }
                        }
                        _ => {}
                    }
                }
                r.value_delivered = r.delivered.min(line.quantity).saturating_mul(line.unit_price);
                lines.push(r);
            }
            Ok(ContractReport {
                quota: lines.iter().map(|l| l.line.quantity).sum(),
                delivered: lines.iter().map(|l| l.delivered).sum(),
                value_delivered: lines.iter().map(|l| l.value_delivered).sum(),
                days_left: (contract.end_on - today).num_days(),
                contract,
                lines,
            })
        })
    }

    /// The audit log, oldest first, optionally about one entity (editors, heads).
    pub fn audit_log(&self, actor: &Person, entity_id: Option<&str>) -> Result<Vec<AuditEvent>> {
        authorize(actor, Action::ViewContracts, None)?;
        self.store.read(|db| db.audit(entity_id))
    }
}
