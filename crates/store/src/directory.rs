//! The desk's reference data beyond names: people's details and
//! deactivation, agencies' contacts (focal points), policies' stages over
//! time, reporters' answers to assignments.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};

use super::{coded, date, Db};
use crate::Result;
use toasoan_domain::{AgencyContact, ContractBrief, PolicyStage, PolicyStageEntry, ResponseKind, Role};

const CONTACT_COLS: &str = "id, agency_id, name, position, role, phone, email";

fn contact(r: &Row<'_>) -> rusqlite::Result<AgencyContact> {
    Ok(AgencyContact {
        id: r.get(0)?,
        agency_id: r.get(1)?,
        name: r.get(2)?,
        position: r.get(3)?,
        role: coded(4, r.get(4)?)?,
        phone: r.get(5)?,
        email: r.get(6)?,
    })
}

/// A policy stage to record.
#[derive(Debug, Clone)]
pub struct NewStageRow<'a> {
    /// UUIDv7.
    pub id: &'a str,
    /// Policy.
    pub policy_id: &'a str,
    /// Stage reached.
    pub stage: PolicyStage,
    /// Day.
    pub on: NaiveDate,
    /// The document in the media library.
    pub document_id: Option<&'a str>,
    /// Note.
    pub note: Option<&'a str>,
    /// Who (person id).
    pub recorded_by: &'a str,
}

impl Db<'_> {
    /// Changes a person's name, pen name and role.
    pub fn update_person(&self, id: &str, real_name: &str, pen_name: Option<&str>, role: Role) -> Result<()> {
        self.conn.execute(
            "UPDATE people SET real_name = ?2, pen_name = ?3, role = ?4 WHERE id = ?1",
            params![id, real_name, pen_name, role.code()],
        )?;
        Ok(())
    }

    /// Deactivates (`Some(now)`) or reactivates (`None`) a person.
    pub fn set_person_deactivated(&self, id: &str, at: Option<&str>) -> Result<()> {
        self.conn.execute("UPDATE people SET deactivated_at = ?2 WHERE id = ?1", params![id, at])?;
        Ok(())
    }

    /// Pieces a person still has to write (assigned, drafting, changes requested).
    pub fn open_pieces_of(&self, person_id: &str) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM assignments WHERE reporter_id = ?1
             AND state IN ('assigned', 'drafting', 'changes-requested')",
            [person_id],
            |r| r.get(0),
        )?)
    }

    /// Records a reporter's answer to an assignment.
    pub fn insert_response(
        &self,
        id: &str,
        assignment_id: &str,
        person_id: &str,
        response: ResponseKind,
        reason: Option<&str>,
        at: &str,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO assignment_responses(id, assignment_id, person_id, response, reason, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, assignment_id, person_id, response.code(), reason, at],
        )?;
        Ok(())
    }

    /// Adds a contact to an agency.
    pub fn insert_contact(&self, c: &AgencyContact, now: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO agency_contacts(id, agency_id, name, position, role, phone, email, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![c.id, c.agency_id, c.name, c.position, c.role.code(), c.phone, c.email, now],
        )?;
        Ok(())
    }

    /// A contact by id (removed ones included).
    pub fn contact(&self, id: &str) -> Result<Option<AgencyContact>> {
        let sql = format!("SELECT {CONTACT_COLS} FROM agency_contacts WHERE id = ?1");
        Ok(self.conn.query_row(&sql, [id], contact).optional()?)
    }

    /// Whether a contact was removed from its agency's list.
    pub fn contact_removed(&self, id: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT removed_at IS NOT NULL FROM agency_contacts WHERE id = ?1", [id], |r| r.get(0))?)
    }

    /// Marks a contact removed (kept: the history may name them).
    pub fn remove_contact(&self, id: &str, now: &str) -> Result<()> {
        self.conn.execute("UPDATE agency_contacts SET removed_at = ?2 WHERE id = ?1", params![id, now])?;
        Ok(())
    }

    /// An agency's current contacts: focal points first, then spokespeople,
    /// then leaders (the desk sorts names within a role).
    pub fn contacts_of(&self, agency_id: &str) -> Result<Vec<AgencyContact>> {
        let sql = format!(
            "SELECT {CONTACT_COLS} FROM agency_contacts WHERE agency_id = ?1 AND removed_at IS NULL
             ORDER BY CASE role WHEN 'dau-moi' THEN 0 WHEN 'phat-ngon' THEN 1 ELSE 2 END"
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map([agency_id], contact)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The agency whose contract a piece is on.
    pub fn agency_of_piece(&self, assignment_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT c.agency_id FROM assignments a JOIN contract_lines l ON l.id = a.line_id
                 JOIN contracts c ON c.id = l.contract_id WHERE a.id = ?1",
                [assignment_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// An agency's contracts, newest first, with their pieces (not cancelled).
    pub fn contracts_of(&self, agency_id: &str) -> Result<Vec<ContractBrief>> {
        let mut st = self.conn.prepare(
            "SELECT c.id, c.number, c.start_on, c.end_on,
                    (SELECT count(*) FROM assignments a JOIN contract_lines l ON l.id = a.line_id
                     WHERE l.contract_id = c.id AND a.state <> 'cancelled')
             FROM contracts c WHERE c.agency_id = ?1 ORDER BY c.start_on DESC, c.number",
        )?;
        let rows = st
            .query_map([agency_id], |r| {
                Ok(ContractBrief {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    start_on: date(2, r.get(2)?)?,
                    end_on: date(3, r.get(3)?)?,
                    pieces: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Ids of the policies an agency's contracts cover or its pieces explain.
    pub fn policies_of_agency(&self, agency_id: &str) -> Result<Vec<String>> {
        let mut st = self.conn.prepare(
            "SELECT cp.policy_id FROM contract_policies cp JOIN contracts c ON c.id = cp.contract_id
             WHERE c.agency_id = ?1
             UNION
             SELECT a.policy_id FROM assignments a JOIN contract_lines l ON l.id = a.line_id
             JOIN contracts c ON c.id = l.contract_id WHERE c.agency_id = ?1",
        )?;
        let rows = st.query_map([agency_id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(rows)
    }

    /// Records a policy reaching a stage and makes the newest stage (by
    /// day, then by when recorded) the policy's current one.
    pub fn insert_stage(&self, s: &NewStageRow<'_>, now: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO policy_stages(id, policy_id, stage, on_date, document_id, note, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![s.id, s.policy_id, s.stage.code(), s.on.to_string(), s.document_id, s.note, s.recorded_by, now],
        )?;
        self.conn.execute(
            "UPDATE policies SET stage = (SELECT stage FROM policy_stages WHERE policy_id = ?1
                                          ORDER BY on_date DESC, recorded_at DESC, id DESC LIMIT 1)
             WHERE id = ?1",
            [s.policy_id],
        )?;
        Ok(())
    }

    /// A policy's stages, oldest first.
    pub fn stages_of(&self, policy_id: &str) -> Result<Vec<PolicyStageEntry>> {
        let mut st = self.conn.prepare_cached(
            "SELECT s.id, s.stage, s.on_date, s.document_id, m.original_name, s.note, p.login
             FROM policy_stages s JOIN people p ON p.id = s.recorded_by
             LEFT JOIN media m ON m.id = s.document_id
             WHERE s.policy_id = ?1 ORDER BY s.on_date, s.recorded_at, s.id",
        )?;
        let rows = st
            .query_map([policy_id], |r| {
                Ok(PolicyStageEntry {
                    id: r.get(0)?,
                    stage: coded(1, r.get(1)?)?,
                    on: date(2, r.get(2)?)?,
                    document_id: r.get(3)?,
                    document_name: r.get(4)?,
                    note: r.get(5)?,
                    recorded_by: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
