//! The contract ledger: editing a contract, amendments (phụ lục) with their
//! history, and acceptance (nghiệm thu) that freezes a period's bảng kê.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::setup::{check_line, check_period, check_policies, check_terms, dedup, insert_line};
use super::{audit, new_id, pieces, Desk, NewLine};
use crate::domain::AuditAction;
use crate::domain::{Acceptance, AcceptanceItem, Amendment, AmendmentLine, Contract, ContractLine, Person};
use crate::dossier::{Dossier, DossierFormat, DossierKind};
use crate::error::{Error, Result};
use crate::store::Db;
use crate::text::{
    self,
    format::{check_dong, date_vi},
};
use crate::time::{to_db, vn_date};
use crate::workflow::counts;
use crate::workflow::{authorize, Action};

/// A contract's descriptive fields, replaced as a whole by
/// [`Desk::update_contract`]. Value, quantities and prices change only through
/// an amendment, so that their history is kept.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ContractEdit {
    /// Contract number.
    pub number: String,
    /// Signing date.
    pub signed_on: Option<NaiveDate>,
    /// Period start.
    pub start_on: NaiveDate,
    /// Period end.
    pub end_on: NaiveDate,
    /// Notes.
    pub notes: String,
    /// Who signs for the agency.
    pub agency_signatory: String,
    /// The newsroom's name on the contract.
    pub newsroom_name: String,
    /// Who signs for the newsroom.
    pub newsroom_signatory: String,
    /// Policies covered.
    pub policy_ids: Vec<String>,
}

impl ContractEdit {
    /// The edit that changes nothing: start from it and set what changes.
    pub fn of(c: &Contract) -> ContractEdit {
        ContractEdit {
            number: c.number.clone(),
            signed_on: c.signed_on,
            start_on: c.start_on,
            end_on: c.end_on,
            notes: c.notes.clone(),
            agency_signatory: c.agency_signatory.clone(),
            newsroom_name: c.newsroom_name.clone(),
            newsroom_signatory: c.newsroom_signatory.clone(),
            policy_ids: c.policy_ids.clone(),
        }
    }
}

/// A line's new terms in an amendment.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LineChange {
    /// Line id.
    pub line_id: String,
    /// New quantity.
    pub quantity: i64,
    /// New unit price in đồng.
    pub unit_price: i64,
}

/// An amendment (phụ lục) to record.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewAmendment {
    /// Its number.
    pub number: String,
    /// Signing date.
    pub signed_on: Option<NaiveDate>,
    /// Why.
    pub reason: String,
    /// New total value, if it changes.
    pub total_value: Option<i64>,
    /// Lines whose quantity or price changes.
    pub changes: Vec<LineChange>,
    /// Lines it adds.
    pub new_lines: Vec<NewLine>,
}

/// What an acceptance over a period would (or did) list.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AcceptancePreview {
    /// Contract id.
    pub contract_id: String,
    /// "Đợt" number it would get.
    pub seq: i64,
    /// First day covered.
    pub period_from: NaiveDate,
    /// Last day covered.
    pub period_until: NaiveDate,
    /// Rows of the bảng kê.
    pub items: Vec<AcceptanceItem>,
    /// Counted pieces beyond their line's quantity: not accepted, not paid.
    pub over_quota: Vec<AcceptanceItem>,
    /// Sum of the rows' amounts.
    pub total_amount: i64,
    /// The acceptance already recorded for exactly this period, if any.
    pub existing: Option<String>,
}

/// The result of [`Desk::create_acceptance`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AcceptanceOutcome {
    /// The acceptance.
    pub acceptance: Acceptance,
    /// False when it already existed (the call changed nothing).
    pub created: bool,
}

impl Desk {
    /// Replaces a contract's descriptive fields (heads); audited with before
    /// and after. The period may not shrink past an acceptance already made.
    pub fn update_contract(&self, actor: &Person, id: &str, e: ContractEdit) -> Result<Contract> {
        authorize(actor, Action::ManageContracts, None)?;
        check_period(e.start_on, e.end_on, e.signed_on)?;
        let number = text::required_line("number", &e.number)?;
        let now = to_db(self.now());
        self.store.write(|db| {
            let before = load(db, id)?;
            if number != before.number && db.contract_number_taken(&before.agency_id, &number)? {
                return Err(Error::Conflict(format!("{} đã có hợp đồng số «{number}»", before.agency_name)));
            }
            check_policies(db, &e.policy_ids)?;
            let accepted = db.acceptances(&before.id)?;
            if let (Some(first), Some(last)) = (accepted.first(), accepted.last()) {
                if e.start_on > first.period_from || e.end_on < last.period_until {
                    return Err(Error::invalid(
                        "end",
                        format!(
                            "thời hạn phải bao gồm các kỳ đã nghiệm thu ({} – {})",
                            date_vi(first.period_from),
                            date_vi(last.period_until)
                        ),
                    ));
                }
            }
            let after = Contract {
                number,
                signed_on: e.signed_on,
                start_on: e.start_on,
                end_on: e.end_on,
                notes: text::nfc(e.notes.trim()),
                agency_signatory: text::nfc(e.agency_signatory.trim()),
                newsroom_name: text::nfc(e.newsroom_name.trim()),
                newsroom_signatory: text::nfc(e.newsroom_signatory.trim()),
                policy_ids: dedup(e.policy_ids),
                ..before.clone()
            };
            if after == before {
                return Ok(after);
            }
            db.update_contract_head(&after)?;
            let detail = json!({ "before": ContractEdit::of(&before), "after": ContractEdit::of(&after) });
            audit(db, &actor.login, AuditAction::ContractEdit, "contract", &after.id, detail, &now)?;
            Ok(after)
        })
    }

    /// Records an amendment (heads): new quantities or prices of lines, new
    /// lines, a new total value. The lines take the new terms; the amendment
    /// keeps what they were. A quantity may not drop below what was already
    /// accepted. Returns the amendment and value warnings.
    pub fn amend_contract(&self, actor: &Person, id: &str, a: NewAmendment) -> Result<(Amendment, Vec<String>)> {
        authorize(actor, Action::ManageContracts, None)?;
        let number = text::required_line("number", &a.number)?;
        let reason = text::nfc(a.reason.trim());
        if reason.is_empty() {
            return Err(Error::invalid("reason", "cần ghi nội dung, lý do của phụ lục"));
        }
        if let Some(v) = a.total_value {
            check_dong("value", v)?;
        }
        for c in &a.changes {
            check_terms(c.quantity, c.unit_price)?;
        }
        for l in &a.new_lines {
            check_line(l)?;
        }
        let at = self.now();
        let now = to_db(at);
        self.store.write(|db| {
            let contract = load(db, id)?;
            if db.amendment_number_taken(&contract.id, &number)? {
                return Err(Error::Conflict(format!("hợp đồng {} đã có phụ lục số «{number}»", contract.number)));
            }
            if let Some(s) = a.signed_on {
                if contract.signed_on.is_some_and(|c| s < c) {
                    return Err(Error::invalid("signed", "phụ lục không thể ký trước hợp đồng"));
                }
            }
            let accepted: HashMap<String, i64> = db.accepted_per_line(&contract.id)?.into_iter().collect();
            let mut changed = Vec::new();
            for c in &a.changes {
                let Some(line) = contract.lines.iter().find(|l| l.id == c.line_id.trim()) else {
                    return Err(Error::not_found("hạng mục của hợp đồng này", &c.line_id));
                };
                if changed.iter().any(|l: &AmendmentLine| l.line_id == line.id) {
                    return Err(Error::invalid("line", format!("hạng mục {} được sửa hai lần", line.label_vi())));
                }
                let done = accepted.get(&line.id).copied().unwrap_or(0);
                if c.quantity < done {
                    return Err(Error::invalid(
                        "quantity",
                        format!(
                            "{}: đã nghiệm thu {done}, không thể giảm số lượng xuống {}",
                            line.label_vi(),
                            c.quantity
                        ),
                    ));
                }
                if c.quantity == line.quantity && c.unit_price == line.unit_price {
                    continue;
                }
                changed.push(AmendmentLine {
                    line_id: line.id.clone(),
                    quantity_before: Some(line.quantity),
                    quantity_after: c.quantity,
                    unit_price_before: Some(line.unit_price),
                    unit_price_after: c.unit_price,
                });
            }
            let value_after = a.total_value.unwrap_or(contract.total_value);
            if changed.is_empty() && a.new_lines.is_empty() && value_after == contract.total_value {
                return Err(Error::invalid("changes", "phụ lục không thay đổi số lượng, đơn giá hay giá trị nào"));
            }
            for l in &changed {
                db.set_line_terms(&l.line_id, l.quantity_after, l.unit_price_after)?;
            }
            for l in a.new_lines.clone() {
                let line = insert_line(db, &actor.login, &contract.id, l, &now)?;
                changed.push(AmendmentLine {
                    line_id: line.id,
                    quantity_before: None,
                    quantity_after: line.quantity,
                    unit_price_before: None,
                    unit_price_after: line.unit_price,
                });
            }
            if value_after != contract.total_value {
                db.set_contract_value(&contract.id, value_after)?;
            }
            let amendment = Amendment {
                id: new_id(),
                contract_id: contract.id.clone(),
                number,
                signed_on: a.signed_on,
                reason,
                total_value_before: contract.total_value,
                total_value_after: value_after,
                created_by: actor.login.clone(),
                created_at: crate::time::from_db(&now),
                lines: changed,
            };
            db.insert_amendment(&amendment, &actor.id)?;
            let detail = json!({ "amendment_id": amendment.id, "number": amendment.number, "reason": amendment.reason,
                "total_value_before": amendment.total_value_before, "total_value_after": amendment.total_value_after,
                "lines": amendment.lines });
            audit(db, &actor.login, AuditAction::ContractAmend, "contract", &contract.id, detail, &now)?;
            let warnings = crate::workflow::value_warnings(&load(db, &contract.id)?);
            Ok((amendment, warnings))
        })
    }

    /// A contract's amendments, oldest first (editors, heads).
    pub fn amendments(&self, actor: &Person, contract_id: &str) -> Result<Vec<Amendment>> {
        authorize(actor, Action::ViewContracts, None)?;
        self.store.read(|db| Ok(db.amendments(&load(db, contract_id)?.id)?))
    }

    /// What an acceptance of `contract_id` up to `until` would list (heads):
    /// nothing is recorded.
    pub fn preview_acceptance(&self, actor: &Person, contract_id: &str, until: NaiveDate) -> Result<AcceptancePreview> {
        authorize(actor, Action::Accept, None)?;
        let today = vn_date(self.now());
        self.store.read(|db| plan(db, &load(db, contract_id)?, until, today))
    }

    /// Accepts a contract's counted, published pieces up to `until` (heads):
    /// freezes their bảng kê rows (unit price, words, URL, proofs, engagement
    /// known at that date), moves each piece to *accepted* through the workflow,
    /// and audits it, all in one transaction. Asking again for the same period
    /// returns the recorded acceptance and changes nothing; a period that
    /// overlaps an earlier acceptance is refused.
    pub fn create_acceptance(&self, actor: &Person, contract_id: &str, until: NaiveDate) -> Result<AcceptanceOutcome> {
        authorize(actor, Action::Accept, None)?;
        let at = self.now();
        let now = to_db(at);
        self.store.write(|db| {
            let contract = load(db, contract_id)?;
            let p = plan(db, &contract, until, vn_date(at))?;
            if let Some(existing) = p.existing {
                let acceptance = db.acceptance(&existing)?.ok_or_else(|| Error::not_found("biên bản", &existing))?;
                return Ok(AcceptanceOutcome { acceptance, created: false });
            }
            if p.items.is_empty() {
                return Err(Error::invalid(
                    "until",
                    format!(
                        "không có tác phẩm nào đủ điều kiện nghiệm thu đến {} (đã đăng, được tính, còn trong định mức)",
                        date_vi(until)
                    ),
                ));
            }
            let acceptance = Acceptance {
                id: new_id(),
                contract_id: contract.id.clone(),
                seq: p.seq,
                period_from: p.period_from,
                period_until: p.period_until,
                total_amount: p.total_amount,
                created_by: actor.login.clone(),
                created_at: crate::time::from_db(&now),
                items: p.items,
            };
            db.insert_acceptance(&acceptance, &actor.id)?;
            for item in &acceptance.items {
                let a = pieces::load(db, &item.assignment_id)?;
                pieces::transition(
                    db,
                    actor,
                    &a,
                    Action::Accept,
                    json!({ "acceptance_id": acceptance.id, "position": item.position }),
                    &now,
                )?;
            }
            let detail = json!({ "seq": acceptance.seq, "from": acceptance.period_from, "until": acceptance.period_until,
                "items": acceptance.items.len(), "total_amount": acceptance.total_amount,
                "over_quota": p.over_quota.iter().map(|i| &i.assignment_id).collect::<Vec<_>>() });
            audit(db, &actor.login, AuditAction::ContractAccept, "contract", &contract.id, detail, &now)?;
            Ok(AcceptanceOutcome { acceptance, created: true })
        })
    }

    /// A contract's acceptances, oldest first, without their rows (editors, heads).
    pub fn acceptances(&self, actor: &Person, contract_id: &str) -> Result<Vec<Acceptance>> {
        authorize(actor, Action::ViewContracts, None)?;
        self.store.read(|db| Ok(db.acceptances(&load(db, contract_id)?.id)?))
    }

    /// One acceptance with its rows (editors, heads).
    pub fn acceptance(&self, actor: &Person, id: &str) -> Result<Acceptance> {
        authorize(actor, Action::ViewContracts, None)?;
        self.store.read(|db| db.acceptance(id.trim())?.ok_or_else(|| Error::not_found("biên bản nghiệm thu", id)))
    }

    /// The dossier of a recorded acceptance: its frozen rows, the contract,
    /// the proofs (editors, heads).
    pub fn acceptance_dossier(&self, actor: &Person, id: &str) -> Result<Dossier> {
        let x = self.acceptance(actor, id)?;
        let contract = self.store.read(|db| load(db, &x.contract_id))?;
        Ok(Dossier {
            kind: DossierKind::Acceptance { seq: x.seq, accepted_at: x.created_at },
            contract,
            period_from: x.period_from,
            period_until: x.period_until,
            items: x.items,
            generated_at: self.now(),
        })
    }

    /// The running dossier of a contract (editors, heads): the rows already
    /// accepted, then the counted pieces that the next acceptance would take,
    /// up to today. Nothing is frozen; the documents say "tạm tính".
    pub fn contract_dossier(&self, actor: &Person, contract_id: &str) -> Result<Dossier> {
        authorize(actor, Action::ViewContracts, None)?;
        let now = self.now();
        let today = vn_date(now);
        self.store.read(|db| {
            let contract = load(db, contract_id)?;
            let mut items = Vec::new();
            for x in db.acceptances(&contract.id)? {
                if let Some(x) = db.acceptance(&x.id)? {
                    items.extend(x.items);
                }
            }
            let until = today.min(contract.end_on).max(contract.start_on);
            let next = plan(db, &contract, until, until.max(today));
            if let Ok(p) = next {
                items.extend(p.items);
            }
            order(&contract, &mut items);
            Ok(Dossier {
                kind: DossierKind::Running,
                period_from: contract.start_on,
                period_until: until,
                contract,
                items,
                generated_at: now,
            })
        })
    }
}

impl Desk {
    /// Writes a dossier document into `dir` (created if needed) and returns
    /// its path: the recorded acceptance's when `acceptance` is given, else
    /// the contract's running one (editors, heads).
    pub fn export_dossier(
        &self,
        actor: &Person,
        contract_id: &str,
        acceptance: Option<&str>,
        format: DossierFormat,
        dir: &std::path::Path,
    ) -> Result<std::path::PathBuf> {
        let d = match acceptance {
            Some(id) => self.acceptance_dossier(actor, id)?,
            None => self.contract_dossier(actor, contract_id)?,
        };
        let bytes = format.render(&d)?;
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::DataDirNotWritable { path: dir.to_path_buf(), reason: e.to_string() })?;
        let path = dir.join(d.file_name(format));
        crate::dossier::save(&path, &bytes)?;
        Ok(path)
    }
}

fn load(db: &Db<'_>, id: &str) -> Result<Contract> {
    db.contract(id.trim())?.ok_or_else(|| Error::not_found("hợp đồng", id))
}

/// Bảng kê order: line by line in contract order, then by publication time;
/// positions renumbered from 1.
fn order(contract: &Contract, items: &mut [AcceptanceItem]) {
    let rank: HashMap<&str, usize> = contract.lines.iter().enumerate().map(|(i, l)| (l.id.as_str(), i)).collect();
    items.sort_by_key(|i| (rank.get(i.line_id.as_str()).copied().unwrap_or(usize::MAX), i.published_at));
    for (n, i) in items.iter_mut().enumerate() {
        i.position = n as i64 + 1;
    }
}

/// Works out an acceptance of `contract` up to `until`: period checks, then
/// the published pieces that count (PRODUCT.md §4), first published on or
/// before `until`, within each line's quantity left after earlier acceptances.
fn plan(db: &Db<'_>, contract: &Contract, until: NaiveDate, today: NaiveDate) -> Result<AcceptancePreview> {
    let earlier = db.acceptances(&contract.id)?;
    let existing = db.acceptance_until(&contract.id, until)?;
    if let Some(id) = existing {
        let x = db.acceptance(&id)?.ok_or_else(|| Error::not_found("biên bản", &id))?;
        return Ok(AcceptancePreview {
            contract_id: contract.id.clone(),
            seq: x.seq,
            period_from: x.period_from,
            period_until: x.period_until,
            total_amount: x.total_amount,
            items: x.items,
            over_quota: Vec::new(),
            existing: Some(id),
        });
    }
    if let Some(last) = earlier.last() {
        if until <= last.period_until {
            return Err(Error::Conflict(format!(
                "kỳ đến {} đã nằm trong đợt nghiệm thu {} ({} – {}); mỗi kỳ chỉ nghiệm thu một lần",
                date_vi(until),
                last.seq,
                date_vi(last.period_from),
                date_vi(last.period_until)
            )));
        }
    }
    let period_from = earlier.last().and_then(|l| l.period_until.succ_opt()).unwrap_or(contract.start_on);
    if until < contract.start_on {
        return Err(Error::invalid("until", format!("trước ngày bắt đầu hợp đồng {}", date_vi(contract.start_on))));
    }
    if until > contract.end_on {
        return Err(Error::invalid("until", format!("sau ngày kết thúc hợp đồng {}", date_vi(contract.end_on))));
    }
    if until > today {
        return Err(Error::invalid("until", format!("{} chưa đến: chỉ nghiệm thu những gì đã đăng", date_vi(until))));
    }
    let lines: HashMap<&str, &ContractLine> = contract.lines.iter().map(|l| (l.id.as_str(), l)).collect();
    let pieces: HashMap<String, _> = db.contract_pieces(&contract.id)?.into_iter().map(|p| (p.id.clone(), p)).collect();
    let mut left: HashMap<&str, i64> = contract.lines.iter().map(|l| (l.id.as_str(), l.quantity)).collect();
    for (line, n) in db.accepted_per_line(&contract.id)? {
        if let Some(l) = left.get_mut(line.as_str()) {
            *l -= n;
        }
    }
    let (mut items, mut over_quota) = (Vec::new(), Vec::new());
    for c in db.acceptance_candidates(&contract.id)? {
        let (Some(line), Some(piece)) = (lines.get(c.line_id.as_str()), pieces.get(&c.assignment_id)) else {
            continue;
        };
        if !counts(line, piece) || vn_date(c.published_at) > until {
            continue;
        }
        let item = AcceptanceItem {
            position: 0,
            assignment_id: c.assignment_id,
            line_id: c.line_id,
            headline: c.headline,
            author: c.author,
            genre: line.genre,
            channel: line.channel,
            outlet: c.outlet,
            published_at: c.published_at,
            url: c.url,
            remote_id: c.remote_id,
            sent_sha256: c.sent_sha256,
            content_hash: c.content_hash,
            words: c.words,
            unit_price: line.unit_price,
            amount: line.unit_price,
            // Filled below for the pieces accepted (as of the end of `until`).
            views: None,
            comments: None,
        };
        let room = left.get_mut(line.id.as_str()).expect("every line has a quota");
        if *room > 0 {
            *room -= 1;
            items.push(item);
        } else {
            over_quota.push(item);
        }
    }
    order(contract, &mut items);
    order(contract, &mut over_quota);
    // Engagement frozen as it stood at the end of `until` (Việt Nam); no
    // figure at all stays unknown, not zero.
    let cutoff = to_db(crate::time::vn_day_end(until));
    for item in &mut items {
        let latest = db.latest_as_of(&item.assignment_id, &cutoff)?;
        if !latest.is_empty() {
            let t = crate::engagement::combine(&latest);
            item.views = Some(t.views);
            item.comments = Some(t.comments);
        }
    }
    Ok(AcceptancePreview {
        contract_id: contract.id.clone(),
        seq: earlier.last().map_or(1, |l| l.seq + 1),
        period_from,
        period_until: until,
        total_amount: crate::workflow::money_total(items.iter().map(|i| i.amount))
            .ok_or_else(|| Error::invalid("amount", "tổng tiền của biên bản vượt giới hạn số nguyên"))?,
        items,
        over_quota,
        existing: None,
    })
}
