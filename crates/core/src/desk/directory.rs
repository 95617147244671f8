//! People (edit, deactivate), agencies with their focal points, policies
//! through their stages.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::media::record_media;
use super::pieces::FieldChange;
use super::{audit, new_id, person, Desk};
use crate::domain::limits::{check_chars, MAX_FEEDBACK_CHARS};
use crate::domain::AuditAction;
use crate::domain::{
    AgencyContact, AgencyPage, Assignment, ContactRole, Person, PolicyPage, PolicyStage, PolicyStageEntry, Role,
    StagePieces,
};
use crate::error::{Error, Result};
use crate::media::Prepared;
use crate::store::{AssignmentFilter, FeedbackFilter, NewStageRow};
use crate::text::{self, collate};
use crate::time::to_db;
use crate::workflow::{authorize, reads_only_own, Action};

/// Changes to a person (`newsroom user edit`); `None` keeps the value,
/// `pen_name: Some("")` removes the pen name.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PersonEdit {
    /// Real name.
    pub real_name: Option<String>,
    /// Pen name; empty for none.
    pub pen_name: Option<String>,
    /// Role.
    pub role: Option<Role>,
}

/// A person after an edit or a deactivation, with what changed and what the
/// head should know (pieces still to reassign).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PersonUpdate {
    pub person: Person,
    pub changed: Vec<FieldChange>,
    pub warnings: Vec<String>,
}

/// A contact to add to an agency.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewContact {
    pub name: String,
    pub position: String,
    pub role: ContactRole,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// Longest name, position or note a contact or stage keeps.
const MAX_LINE_CHARS: usize = 300;

/// A phone number as people type it in Việt Nam: digits with spaces, dots,
/// dashes or parentheses; 0 or +84 then 8–10 digits (mobile 10 digits,
/// landlines 10–11 with the area code). Kept as typed, trimmed.
pub fn check_phone(s: &str) -> Result<String> {
    let v = text::nfc(s.trim());
    let bad = || {
        Error::invalid(
            "phone",
            format!(
                "«{v}» không phải số điện thoại: cần 0 hoặc +84 rồi 8–10 chữ số, ví dụ 0236 3822 111 hoặc 0905 123 456"
            ),
        )
    };
    if v.chars().count() > 30 || !v.chars().all(|c| c.is_ascii_digit() || " .-()+".contains(c)) {
        return Err(bad());
    }
    let digits: String = v.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    let rest = if let Some(r) = digits.strip_prefix("+84") {
        r
    } else if let Some(r) = digits.strip_prefix('0') {
        r
    } else {
        return Err(bad());
    };
    if !(8..=10).contains(&rest.len()) || rest.contains('+') {
        return Err(bad());
    }
    Ok(v)
}

/// An e-mail address: one @, a name before it, a domain with a dot after
/// it, no spaces, at most 254 characters.
pub fn check_email(s: &str) -> Result<String> {
    let v = s.trim().to_string();
    let ok = v.len() <= 254
        && !v.chars().any(|c| c.is_whitespace() || c.is_control() || "<>,;\"".contains(c))
        && match v.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
            }
            None => false,
        };
    if !ok {
        return Err(Error::invalid("email", format!("«{v}» không phải địa chỉ thư điện tử")));
    }
    Ok(v)
}

fn line(field: &'static str, s: &str) -> Result<String> {
    let v = text::required_line(field, s)?;
    check_chars(field, &v, MAX_LINE_CHARS)?;
    Ok(v)
}

impl Desk {
    /// Changes a person's name, pen name or role (heads). A newsroom keeps
    /// at least one active head.
    pub fn edit_person(&self, actor: &Person, login: &str, e: PersonEdit) -> Result<PersonUpdate> {
        authorize(actor, Action::ManagePeople, None)?;
        let real_name = e.real_name.as_deref().map(|n| line("name", n)).transpose()?;
        let pen_name = match e.pen_name.as_deref().map(str::trim) {
            Some("") => Some(None),
            Some(p) => Some(Some(line("pen-name", p)?)),
            None => None,
        };
        let now = to_db(self.now());
        self.store.write(|db| {
            let p = person(db, login)?;
            let real = real_name.clone().unwrap_or_else(|| p.real_name.clone());
            let pen = pen_name.clone().unwrap_or_else(|| p.pen_name.clone());
            let role = e.role.unwrap_or(p.role);
            let mut changed = Vec::new();
            let mut note = |field: &str, before: &str, after: &str| {
                if before != after {
                    changed.push(FieldChange { field: field.into(), before: before.into(), after: after.into() });
                }
            };
            note("name", &p.real_name, &real);
            note("pen_name", p.pen_name.as_deref().unwrap_or(""), pen.as_deref().unwrap_or(""));
            note("role", p.role.code(), role.code());
            if changed.is_empty() {
                return Err(Error::invalid("edit", "không có gì thay đổi: nêu ít nhất một trường mới"));
            }
            if p.role == Role::Head && role != Role::Head && p.active && active_heads(db)? <= 1 {
                return Err(Error::Forbidden {
                    rule: "last-head",
                    detail: "tòa soạn phải còn ít nhất một lãnh đạo đang hoạt động".into(),
                });
            }
            db.update_person(&p.id, &real, pen.as_deref(), role)?;
            audit(
                db,
                &actor.login,
                AuditAction::PersonEdit,
                "person",
                &p.id,
                json!({ "login": p.login, "changes": changed }),
                &now,
            )?;
            let person = person(db, &p.login)?;
            Ok(PersonUpdate { person, changed, warnings: Vec::new() })
        })
    }

    /// Deactivates a person (heads): never deleted, since the history names
    /// them; they sign in no more and get no new work. Their pieces still
    /// open are named in a warning, for the editor to reassign.
    pub fn deactivate_person(&self, actor: &Person, login: &str) -> Result<PersonUpdate> {
        self.set_active(actor, login, false)
    }

    /// Reactivates a deactivated person (heads).
    pub fn reactivate_person(&self, actor: &Person, login: &str) -> Result<PersonUpdate> {
        self.set_active(actor, login, true)
    }

    fn set_active(&self, actor: &Person, login: &str, active: bool) -> Result<PersonUpdate> {
        authorize(actor, Action::ManagePeople, None)?;
        let now = to_db(self.now());
        self.store.write(|db| {
            let p = person(db, login)?;
            if p.active == active {
                let what = if active { "đang hoạt động" } else { "đã ngừng hoạt động" };
                return Err(Error::Conflict(format!("«{}» ({}) {what}", p.real_name, p.login)));
            }
            if !active && p.login == actor.login {
                return Err(Error::Forbidden {
                    rule: "not-self",
                    detail: "không tự cho mình ngừng hoạt động; hãy nhờ một lãnh đạo khác".into(),
                });
            }
            if !active && p.role == Role::Head && active_heads(db)? <= 1 {
                return Err(Error::Forbidden {
                    rule: "last-head",
                    detail: "tòa soạn phải còn ít nhất một lãnh đạo đang hoạt động".into(),
                });
            }
            db.set_person_deactivated(&p.id, (!active).then_some(now.as_str()))?;
            let action = if active { AuditAction::PersonReactivate } else { AuditAction::PersonDeactivate };
            audit(db, &actor.login, action, "person", &p.id, json!({ "login": p.login }), &now)?;
            let mut warnings = Vec::new();
            let open = db.open_pieces_of(&p.id)?;
            if !active && open > 0 {
                warnings.push(format!("{} còn {open} bài chưa nộp: hãy giao lại cho người khác", p.real_name));
            }
            let before = if active { "inactive" } else { "active" };
            let after = if active { "active" } else { "inactive" };
            let changed = vec![FieldChange { field: "active".into(), before: before.into(), after: after.into() }];
            Ok(PersonUpdate { person: person(db, &p.login)?, changed, warnings })
        })
    }

    /// Adds a contact (a focal point, a spokesperson, a leader in charge) to
    /// an agency (editors, heads).
    pub fn add_contact(&self, actor: &Person, agency_id: &str, c: NewContact) -> Result<AgencyContact> {
        authorize(actor, Action::ManagePolicies, None)?;
        let contact = AgencyContact {
            id: new_id(),
            agency_id: agency_id.trim().to_string(),
            name: line("name", &c.name)?,
            position: line("position", &c.position)?,
            role: c.role,
            phone: c.phone.as_deref().filter(|p| !p.trim().is_empty()).map(check_phone).transpose()?,
            email: c.email.as_deref().filter(|p| !p.trim().is_empty()).map(check_email).transpose()?,
        };
        let now = to_db(self.now());
        self.store.write(|db| {
            let agency = db.agency(&contact.agency_id)?.ok_or_else(|| Error::not_found("cơ quan", agency_id))?;
            db.insert_contact(&contact, &now)?;
            audit(
                db,
                &actor.login,
                AuditAction::AgencyContactAdd,
                "agency",
                &agency.id,
                json!({ "contact_id": contact.id, "name": contact.name, "role": contact.role }),
                &now,
            )?;
            Ok(contact.clone())
        })
    }

    /// Removes a contact from the agency's list (kept in the history).
    pub fn remove_contact(&self, actor: &Person, id: &str) -> Result<AgencyContact> {
        authorize(actor, Action::ManagePolicies, None)?;
        let now = to_db(self.now());
        self.store.write(|db| {
            let c = db.contact(id.trim())?.ok_or_else(|| Error::not_found("người liên hệ", id))?;
            if db.contact_removed(&c.id)? {
                return Err(Error::Conflict(format!("{} đã được bỏ khỏi danh sách liên hệ", c.name)));
            }
            db.remove_contact(&c.id, &now)?;
            audit(
                db,
                &actor.login,
                AuditAction::AgencyContactRemove,
                "agency",
                &c.agency_id,
                json!({ "contact_id": c.id, "name": c.name }),
                &now,
            )?;
            Ok(c)
        })
    }

    /// An agency's page: its focal points, its contracts (for those who see
    /// contracts) and the policies they cover.
    pub fn agency_page(&self, actor: &Person, agency_id: &str) -> Result<AgencyPage> {
        let sees_contracts = authorize(actor, Action::ViewContracts, None).is_ok();
        self.store.read(|db| {
            let agency = db.agency(agency_id.trim())?.ok_or_else(|| Error::not_found("cơ quan", agency_id))?;
            let mut contacts = db.contacts_of(&agency.id)?;
            order_contacts(&mut contacts);
            let contracts = if sees_contracts { db.contracts_of(&agency.id)? } else { Vec::new() };
            let mut policies = Vec::new();
            for id in db.policies_of_agency(&agency.id)? {
                if let Some(p) = db.policy(&id)? {
                    policies.push(p);
                }
            }
            collate::sort_by_key(&mut policies, |p| &p.name);
            Ok(AgencyPage { agency, contacts, contracts, policies })
        })
    }

    /// Whom to ask about a piece: the contacts of the agency whose contract
    /// it is on (its reporter, editors, heads).
    pub fn piece_contacts(&self, actor: &Person, assignment_id: &str) -> Result<Vec<AgencyContact>> {
        let a = self.assignment(actor, assignment_id)?;
        self.store.read(|db| match db.agency_of_piece(&a.id)? {
            Some(agency) => {
                let mut contacts = db.contacts_of(&agency)?;
                order_contacts(&mut contacts);
                Ok(contacts)
            }
            None => Ok(Vec::new()),
        })
    }

    /// Records that a policy reached a stage on a day (editors, heads), with
    /// its document (a PDF, kept in the media library) and a note. The
    /// newest stage by day becomes the policy's current one. The file is
    /// stored only once everything else was checked; a refusal stores nothing.
    pub fn record_policy_stage(
        &self,
        actor: &Person,
        policy_id: &str,
        stage: PolicyStage,
        on: NaiveDate,
        document: Option<&Prepared>,
        note: Option<&str>,
    ) -> Result<PolicyStageEntry> {
        authorize(actor, Action::ManagePolicies, None)?;
        let note = note.map(|n| text::nfc(n.trim())).filter(|n| !n.is_empty());
        if let Some(n) = &note {
            check_chars("note", n, MAX_FEEDBACK_CHARS)?;
        }
        let earliest = NaiveDate::from_ymd_opt(1990, 1, 1).expect("a date");
        let latest = crate::time::vn_date(self.now()) + chrono::Duration::days(3660);
        if on < earliest || on > latest {
            return Err(Error::invalid(
                "on",
                format!("ngày {} nằm ngoài khoảng cho phép (01/01/1990 – 10 năm tới)", text::format::date_vi(on)),
            ));
        }
        if let Some(d) = document {
            if d.mime != "application/pdf" {
                return Err(Error::invalid(
                    "document",
                    format!("«{}» là {}, văn bản chính sách cần là tệp PDF", d.original_name, d.mime),
                ));
            }
        }
        let policy_id = policy_id.trim().to_string();
        self.store.read(|db| db.policy(&policy_id)?.ok_or_else(|| Error::not_found("chính sách", &policy_id)))?;
        let files = self.media_files()?;
        let created_files = match document {
            Some(d) => files.put(d)?,
            None => Vec::new(),
        };
        let now = to_db(self.now());
        let result = self.store.write(|db| {
            let policy = db.policy(&policy_id)?.ok_or_else(|| Error::not_found("chính sách", &policy_id))?;
            let document_id = match document {
                Some(d) => Some(record_media(db, actor, d, &now)?.0),
                None => None,
            };
            let id = new_id();
            db.insert_stage(
                &NewStageRow {
                    id: &id,
                    policy_id: &policy.id,
                    stage,
                    on,
                    document_id: document_id.as_deref(),
                    note: note.as_deref(),
                    recorded_by: &actor.id,
                },
                &now,
            )?;
            audit(
                db,
                &actor.login,
                AuditAction::PolicyStage,
                "policy",
                &policy.id,
                json!({ "stage": stage, "on": on, "document_id": document_id, "from": policy.stage }),
                &now,
            )?;
            db.stages_of(&policy.id)?
                .into_iter()
                .find(|s| s.id == id)
                .ok_or_else(|| Error::Storage("policy stage vanished".into()))
        });
        if result.is_err() {
            files.remove(&created_files);
        }
        result
    }

    /// A policy's page: its stages over time, the pieces covering each stage
    /// (a reporter sees their own), and citizens' feedback about it.
    pub fn policy_page(&self, actor: &Person, policy_id: &str) -> Result<PolicyPage> {
        let own = reads_only_own(actor);
        self.store.read(|db| {
            let policy = db.policy(policy_id.trim())?.ok_or_else(|| Error::not_found("chính sách", policy_id))?;
            let timeline = db.stages_of(&policy.id)?;
            let pieces = db.list_assignments(&AssignmentFilter {
                policy_id: Some(policy.id.clone()),
                reporter: own.then(|| actor.login.clone()),
                ..Default::default()
            })?;
            let mut stages: Vec<StagePieces> = Vec::new();
            for st in PolicyStage::ALL {
                let of: Vec<Assignment> = pieces.iter().filter(|a| a.stage == Some(*st)).cloned().collect();
                if !of.is_empty() {
                    stages.push(StagePieces { stage: *st, pieces: of });
                }
            }
            let me = db.person_by_login(&actor.login)?.map(|p| p.id);
            let feedback = db.feedback_list(&FeedbackFilter {
                policy_id: Some(policy.id.clone()),
                reporter_id: if own { me } else { None },
                ..Default::default()
            })?;
            Ok(PolicyPage { policy, timeline, stages, feedback })
        })
    }
}

fn role_rank(r: ContactRole) -> usize {
    ContactRole::ALL.iter().position(|x| *x == r).unwrap_or(usize::MAX)
}

/// An agency's contacts as shown: focal points first (by role), and within a
/// role in the order of Vietnamese lists of people (given name first), two
/// of the same name by id.
fn order_contacts(contacts: &mut [AgencyContact]) {
    collate::sort_people(contacts, |c| &c.name, |c| &c.id);
    contacts.sort_by_key(|c| role_rank(c.role));
}

fn active_heads(db: &crate::store::Db<'_>) -> Result<usize> {
    Ok(db.list_people()?.iter().filter(|p| p.role == Role::Head && p.active).count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_as_vietnamese_people_type_them() {
        for ok in ["0905 123 456", "0236.3822.111", "+84 905 123 456", "(0236) 3822 111", "02363822111"] {
            assert!(check_phone(ok).is_ok(), "{ok}");
        }
        for bad in ["", "123", "0905-abc", "09051234567890", "84905123456", "++84905123456", "0905 123 456 ext 2"] {
            assert!(check_phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails_need_a_name_and_a_dotted_domain() {
        for ok in ["vanphong@stp.binhson.gov.vn", "a.b+c@x.vn"] {
            assert!(check_email(ok).is_ok(), "{ok}");
        }
        for bad in ["", "a@b", "@x.vn", "a b@x.vn", "a@@x.vn", "a@x..vn", "a@.x.vn", "a@x.vn."] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }
}
