//! People, agencies, policies, contracts and line items.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{audit, new_id, Desk};
use crate::domain::AuditAction;
use crate::domain::{Agency, Channel, Contract, ContractLine, Genre, Person, Policy, PolicyStage, Role};
use crate::error::{Error, Result};
use crate::store::Db;
use crate::text::{
    self, collate,
    format::{check_dong, vnd, MAX_DONG},
};
use crate::time::to_db;
use crate::workflow::{authorize, value_warnings, Action};

/// A person to add.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewPerson {
    /// Login: 2–32 of a–z, 0–9, `.`, `_`, `-`.
    pub login: String,
    /// Real name.
    pub real_name: String,
    /// Pen name.
    pub pen_name: Option<String>,
    /// Role.
    pub role: Role,
}

/// A policy to add.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewPolicy {
    /// Name.
    pub name: String,
    /// Document number.
    pub doc_number: String,
    /// Issuing body.
    pub issuer: Option<String>,
    /// Stage.
    pub stage: PolicyStage,
}

/// A contract to add.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewContract {
    /// Agency id.
    pub agency_id: String,
    /// Contract number.
    pub number: String,
    /// Signing date.
    pub signed_on: Option<NaiveDate>,
    /// Period start.
    pub start_on: NaiveDate,
    /// Period end.
    pub end_on: NaiveDate,
    /// Total value in đồng (0 when `value_unknown`).
    pub total_value: i64,
    /// The value is not known yet (recorded later by an amendment): an
    /// unknown value is not 0 ₫.
    #[serde(default)]
    pub value_unknown: bool,
    /// Free notes.
    pub notes: String,
    /// Who signs for the agency (bên A).
    pub agency_signatory: String,
    /// The newsroom's name on the contract (bên B).
    pub newsroom_name: String,
    /// Who signs for the newsroom.
    pub newsroom_signatory: String,
    /// Policies covered.
    pub policy_ids: Vec<String>,
}

/// A line item to add.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewLine {
    /// Genre.
    pub genre: Genre,
    /// Channel.
    pub channel: Channel,
    /// Quantity.
    pub quantity: i64,
    /// Unit price in đồng.
    pub unit_price: i64,
    /// Tier: at least this many words.
    pub min_words: Option<i64>,
    /// Tier: at most this many words.
    pub max_words: Option<i64>,
}

fn check_login(login: &str) -> Result<String> {
    let l = login.trim();
    let ok = (2..=32).contains(&l.len())
        && l.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if !ok {
        return Err(Error::invalid("login", format!("«{login}»: 2–32 ký tự a–z, 0–9, dấu . _ -")));
    }
    Ok(l.to_string())
}

/// Where the newsroom's name is kept (this workbench's meta table).
pub(crate) const NEWSROOM_NAME_KEY: &str = "newsroom_name";

/// A one-line name (a person's, a policy's, an issuer's): NFC, trimmed, not
/// empty, at most 300 characters.
fn bounded_line(field: &'static str, s: &str) -> Result<String> {
    let v = text::required_line(field, s)?;
    crate::domain::limits::check_chars(field, &v, 300)?;
    Ok(v)
}

impl Desk {
    /// Makes a new newsroom on an empty data folder (the first screen's «Tạo
    /// tòa soạn mới»): its name, and its head, whose login comes from their
    /// given name ("Trần Quốc Hùng" → `hung`). One transaction: the head, the
    /// name and the audit event, or nothing. Refused once anyone is there.
    pub fn create_newsroom(&self, head_name: &str, newsroom_name: &str) -> Result<Person> {
        let newsroom = bounded_line("newsroom", newsroom_name)?;
        // Spaces typed twice between words are one.
        let real_name = bounded_line("name", head_name)?.split_whitespace().collect::<Vec<_>>().join(" ");
        let login = crate::text::login_from_name(&real_name);
        if login.is_empty() {
            return Err(Error::invalid("name", format!("«{real_name}»: cần họ và tên có chữ cái")));
        }
        let person = Person {
            id: new_id(),
            login: check_login(&login)?,
            real_name,
            pen_name: None,
            role: Role::Head,
            active: true,
        };
        let now = to_db(self.now());
        self.store.write(|db| {
            if db.people_count()? > 0 {
                return Err(Error::Conflict("thư mục dữ liệu này đã có một tòa soạn".into()));
            }
            db.insert_person(&person, &now)?;
            db.set_meta(NEWSROOM_NAME_KEY, &newsroom)?;
            audit(
                db,
                "system",
                AuditAction::NewsroomCreate,
                "person",
                &person.id,
                json!({ "newsroom": newsroom, "head": person.login }),
                &now,
            )?;
            Ok(person.clone())
        })
    }

    /// Names the newsroom (heads): what its screens and new contracts say.
    pub fn rename_newsroom(&self, actor: &Person, name: &str) -> Result<()> {
        authorize(actor, Action::ManagePeople, None)?;
        let name = bounded_line("newsroom", name)?;
        let now = to_db(self.now());
        self.store.write(|db| {
            let before = db.meta(NEWSROOM_NAME_KEY)?;
            if before.as_deref() == Some(name.as_str()) {
                return Ok(());
            }
            db.set_meta(NEWSROOM_NAME_KEY, &name)?;
            audit(
                db,
                &actor.login,
                AuditAction::NewsroomRename,
                "newsroom",
                NEWSROOM_NAME_KEY,
                json!({ "before": before, "after": name }),
                &now,
            )
        })
    }

    /// The newsroom's name, when it was made here or by the demo.
    pub fn newsroom_name(&self) -> Result<Option<String>> {
        self.store.read(|db| Ok(db.meta(NEWSROOM_NAME_KEY)?))
    }

    /// Adds a person. The very first person of a newsroom needs no actor and must
    /// be a head (so that someone can add the others); after that only heads add
    /// people.
    pub fn add_person(&self, actor: Option<&Person>, p: NewPerson) -> Result<Person> {
        let person = Person {
            id: new_id(),
            login: check_login(&p.login)?,
            real_name: bounded_line("name", &p.real_name)?,
            pen_name: p
                .pen_name
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|n| bounded_line("pen-name", n))
                .transpose()?,
            role: p.role,
            active: true,
        };
        let now = to_db(self.now());
        self.store.write(|db| {
            let actor_login = if db.people_count()? == 0 {
                crate::workflow::check_first_person(person.role)?;
                "system".to_string()
            } else {
                let actor = actor.ok_or(Error::Forbidden {
                    rule: "head-only-people",
                    detail: "chỉ lãnh đạo tòa soạn mới thêm được người".into(),
                })?;
                authorize(actor, Action::ManagePeople, None)?;
                actor.login.clone()
            };
            if db.person_by_login(&person.login)?.is_some() {
                return Err(Error::Conflict(format!("tên đăng nhập «{}» đã có người dùng", person.login)));
            }
            db.insert_person(&person, &now)?;
            audit(
                db,
                &actor_login,
                AuditAction::PersonAdd,
                "person",
                &person.id,
                json!({ "login": person.login, "role": person.role }),
                &now,
            )?;
            Ok(person)
        })
    }

    /// Everyone, in the order of Vietnamese lists of people: by given name,
    /// then middle and family name, then login ([`collate::sort_people`]).
    /// The people directory, the sign-in list and `newsroom user list`.
    pub fn people(&self) -> Result<Vec<Person>> {
        let mut v = self.store.read(|db| Ok(db.list_people()?))?;
        collate::sort_people(&mut v, |p| &p.real_name, |p| &p.login);
        Ok(v)
    }

    /// Adds a commissioning agency (heads).
    pub fn add_agency(&self, actor: &Person, name: &str) -> Result<Agency> {
        authorize(actor, Action::ManageContracts, None)?;
        let a = Agency { id: new_id(), name: bounded_line("name", name)? };
        let now = to_db(self.now());
        self.store.write(|db| {
            if db.agency_by_name(&a.name)?.is_some() {
                return Err(Error::Conflict(format!("cơ quan «{}» đã có", a.name)));
            }
            db.insert_agency(&a, &now)?;
            audit(db, &actor.login, AuditAction::AgencyAdd, "agency", &a.id, json!({ "name": a.name }), &now)?;
            Ok(a)
        })
    }

    /// Agencies in Vietnamese order.
    pub fn agencies(&self) -> Result<Vec<Agency>> {
        let mut v = self.store.read(|db| Ok(db.list_agencies()?))?;
        collate::sort_by_key(&mut v, |a| &a.name);
        Ok(v)
    }

    /// Adds a policy (editors, heads).
    pub fn add_policy(&self, actor: &Person, p: NewPolicy) -> Result<Policy> {
        authorize(actor, Action::ManagePolicies, None)?;
        let policy = Policy {
            id: new_id(),
            name: bounded_line("name", &p.name)?,
            doc_number: bounded_line("doc-number", &p.doc_number)?,
            issuer: p
                .issuer
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|i| bounded_line("issuer", i))
                .transpose()?,
            stage: p.stage,
        };
        let now = to_db(self.now());
        self.store.write(|db| {
            db.insert_policy(&policy, &now)?;
            audit(
                db,
                &actor.login,
                AuditAction::PolicyAdd,
                "policy",
                &policy.id,
                json!({ "name": policy.name, "doc_number": policy.doc_number }),
                &now,
            )?;
            Ok(policy)
        })
    }

    /// Policies in Vietnamese order.
    pub fn policies(&self) -> Result<Vec<Policy>> {
        let mut v = self.store.read(|db| Ok(db.list_policies()?))?;
        collate::sort_by_key(&mut v, |p| &p.name);
        Ok(v)
    }

    /// Adds a contract (heads). Line items are added with [`Desk::add_line`],
    /// or together with the contract by [`Desk::create_contract`].
    pub fn add_contract(&self, actor: &Person, c: NewContract) -> Result<Contract> {
        Ok(self.create_contract(actor, c, Vec::new())?.0)
    }

    /// Adds a contract with its line items in one transaction (heads): either
    /// all of it is recorded or, on any invalid field, nothing. Returns the
    /// contract and warnings (line items not adding up to the total value).
    pub fn create_contract(
        &self,
        actor: &Person,
        c: NewContract,
        lines: Vec<NewLine>,
    ) -> Result<(Contract, Vec<String>)> {
        authorize(actor, Action::ManageContracts, None)?;
        check_period(c.start_on, c.end_on, c.signed_on)?;
        let total_value = check_dong("value", c.total_value)?;
        if c.value_unknown && total_value != 0 {
            return Err(Error::invalid("value", "hợp đồng chưa rõ giá trị thì không ghi giá trị"));
        }
        let number = text::required_line("number", &c.number)?;
        for l in &lines {
            check_line(l)?;
        }
        let now = to_db(self.now());
        self.store.write(|db| {
            let agency = db.agency(&c.agency_id)?.ok_or_else(|| Error::not_found("cơ quan đặt hàng", &c.agency_id))?;
            if db.contract_number_taken(&agency.id, &number)? {
                return Err(Error::Conflict(format!("{} đã có hợp đồng số «{number}»", agency.name)));
            }
            check_policies(db, &c.policy_ids)?;
            let mut contract = Contract {
                id: new_id(),
                agency_id: agency.id,
                agency_name: agency.name,
                number,
                signed_on: c.signed_on,
                start_on: c.start_on,
                end_on: c.end_on,
                total_value,
                value_known: !c.value_unknown,
                notes: text::nfc(c.notes.trim()),
                agency_signatory: text::nfc(c.agency_signatory.trim()),
                newsroom_name: text::nfc(c.newsroom_name.trim()),
                newsroom_signatory: text::nfc(c.newsroom_signatory.trim()),
                policy_ids: dedup(c.policy_ids),
                lines: Vec::new(),
            };
            db.insert_contract(&contract, &now)?;
            audit(
                db,
                &actor.login,
                AuditAction::ContractAdd,
                "contract",
                &contract.id,
                json!({ "number": contract.number, "total_value": total_value, "value_known": contract.value_known,
                    "start": contract.start_on, "end": contract.end_on }),
                &now,
            )?;
            for l in lines {
                contract.lines.push(insert_line(db, &actor.login, &contract.id, l, &now)?);
            }
            let warnings = value_warnings(&contract);
            Ok((contract, warnings))
        })
    }

    /// Adds a line item to a contract (heads). Returns the line and warnings
    /// (e.g. lines worth more than the contract's total value).
    pub fn add_line(&self, actor: &Person, contract_id: &str, l: NewLine) -> Result<(ContractLine, Vec<String>)> {
        authorize(actor, Action::ManageContracts, None)?;
        check_line(&l)?;
        let now = to_db(self.now());
        self.store.write(|db| {
            let contract = db.contract(contract_id)?.ok_or_else(|| Error::not_found("hợp đồng", contract_id))?;
            let line = insert_line(db, &actor.login, &contract.id, l, &now)?;
            let lines_total = db.contract_lines_value(&contract.id)?;
            let mut warnings = Vec::new();
            if contract.value_known && lines_total > contract.total_value {
                warnings.push(format!(
                    "tổng các hạng mục {} vượt giá trị hợp đồng {}",
                    vnd(lines_total),
                    vnd(contract.total_value)
                ));
            }
            Ok((line, warnings))
        })
    }

    /// All contracts (editors, heads).
    pub fn contracts(&self, actor: &Person) -> Result<Vec<Contract>> {
        authorize(actor, Action::ViewContracts, None)?;
        self.store.read(|db| Ok(db.list_contracts()?))
    }

    /// One contract (editors, heads).
    pub fn contract(&self, actor: &Person, id: &str) -> Result<Contract> {
        authorize(actor, Action::ViewContracts, None)?;
        self.store.read(|db| db.contract(id.trim())?.ok_or_else(|| Error::not_found("hợp đồng", id)))
    }
}

/// Period rules shared by creating and editing a contract.
pub(super) fn check_period(start: NaiveDate, end: NaiveDate, signed: Option<NaiveDate>) -> Result<()> {
    if end < start {
        return Err(Error::invalid(
            "end",
            format!("ngày kết thúc {} trước ngày bắt đầu {}", text::format::date_vi(end), text::format::date_vi(start)),
        ));
    }
    if signed.is_some_and(|s| s > end) {
        return Err(Error::invalid("signed", "ngày ký sau khi hợp đồng đã hết hạn"));
    }
    Ok(())
}

/// Line rules: quantity 1…1,000,000, price in range, quantity × price in range,
/// positive word tiers with min ≤ max.
pub(super) fn check_line(l: &NewLine) -> Result<()> {
    check_terms(l.quantity, l.unit_price)?;
    for (field, v) in [("min-words", l.min_words), ("max-words", l.max_words)] {
        if let Some(v) = v {
            if v <= 0 {
                return Err(Error::invalid(field, format!("số chữ phải dương, không phải {v}")));
            }
        }
    }
    if let (Some(min), Some(max)) = (l.min_words, l.max_words) {
        if min > max {
            return Err(Error::invalid("min-words", format!("mức tối thiểu {min} lớn hơn mức tối đa {max}")));
        }
    }
    Ok(())
}

/// Quantity and unit price of a line, alone and multiplied.
pub(super) fn check_terms(quantity: i64, unit_price: i64) -> Result<()> {
    if quantity <= 0 || quantity > 1_000_000 {
        return Err(Error::invalid("quantity", format!("số lượng phải từ 1 đến 1.000.000, không phải {quantity}")));
    }
    let unit_price = check_dong("unit-price", unit_price)?;
    quantity
        .checked_mul(unit_price)
        .filter(|v| *v <= MAX_DONG)
        .ok_or_else(|| Error::invalid("unit-price", "số lượng × đơn giá vượt giới hạn số tiền"))?;
    Ok(())
}

/// Every policy id names a recorded policy.
pub(super) fn check_policies(db: &Db<'_>, ids: &[String]) -> Result<()> {
    for id in ids {
        if db.policy(id)?.is_none() {
            return Err(Error::not_found("chính sách", id));
        }
    }
    Ok(())
}

pub(super) fn dedup(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids.dedup();
    ids
}

/// Inserts a validated line and audits it.
pub(super) fn insert_line(db: &Db<'_>, actor: &str, contract_id: &str, l: NewLine, now: &str) -> Result<ContractLine> {
    let line = ContractLine {
        id: new_id(),
        contract_id: contract_id.to_string(),
        genre: l.genre,
        channel: l.channel,
        quantity: l.quantity,
        unit_price: l.unit_price,
        min_words: l.min_words,
        max_words: l.max_words,
    };
    db.insert_line(&line, now)?;
    audit(
        db,
        actor,
        AuditAction::ContractLineAdd,
        "contract",
        contract_id,
        json!({ "line_id": line.id, "genre": line.genre, "channel": line.channel, "quantity": line.quantity, "unit_price": line.unit_price, "value": line.value() }),
        now,
    )?;
    Ok(line)
}
