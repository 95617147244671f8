//! People, agencies and policies.

use rusqlite::{params, OptionalExtension, Row};

use super::{coded, Db};
use crate::Result;
use toasoan_domain::{Agency, Person, Policy};

const PERSON_COLS: &str = "id, login, real_name, pen_name, role, deactivated_at IS NULL";

fn person(r: &Row<'_>) -> rusqlite::Result<Person> {
    Ok(Person {
        id: r.get(0)?,
        login: r.get(1)?,
        real_name: r.get(2)?,
        pen_name: r.get(3)?,
        role: coded(4, r.get(4)?)?,
        active: r.get(5)?,
    })
}

fn policy(r: &Row<'_>) -> rusqlite::Result<Policy> {
    Ok(Policy { id: r.get(0)?, name: r.get(1)?, doc_number: r.get(2)?, issuer: r.get(3)?, stage: coded(4, r.get(4)?)? })
}

impl Db<'_> {
    /// Inserts a person.
    pub fn insert_person(&self, p: &Person, now: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO people(id, login, real_name, pen_name, role, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![p.id, p.login, p.real_name, p.pen_name, p.role.code(), now],
        )?;
        Ok(())
    }

    /// A person by login.
    pub fn person_by_login(&self, login: &str) -> Result<Option<Person>> {
        let sql = format!("SELECT {PERSON_COLS} FROM people WHERE login = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([login], person).optional()?)
    }

    /// Number of people.
    pub fn people_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM people", [], |r| r.get(0))?)
    }

    /// All people (unsorted; the desk sorts in Vietnamese order).
    pub fn list_people(&self) -> Result<Vec<Person>> {
        let sql = format!("SELECT {PERSON_COLS} FROM people");
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map([], person)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Inserts an agency.
    pub fn insert_agency(&self, a: &Agency, now: &str) -> Result<()> {
        self.conn
            .execute("INSERT INTO agencies(id, name, created_at) VALUES (?1, ?2, ?3)", params![a.id, a.name, now])?;
        Ok(())
    }

    /// An agency by id.
    pub fn agency(&self, id: &str) -> Result<Option<Agency>> {
        Ok(self
            .conn
            .query_row("SELECT id, name FROM agencies WHERE id = ?1", [id], |r| {
                Ok(Agency { id: r.get(0)?, name: r.get(1)? })
            })
            .optional()?)
    }

    /// An agency by exact name.
    pub fn agency_by_name(&self, name: &str) -> Result<Option<Agency>> {
        Ok(self
            .conn
            .query_row("SELECT id, name FROM agencies WHERE name = ?1", [name], |r| {
                Ok(Agency { id: r.get(0)?, name: r.get(1)? })
            })
            .optional()?)
    }

    /// All agencies.
    pub fn list_agencies(&self) -> Result<Vec<Agency>> {
        let mut st = self.conn.prepare("SELECT id, name FROM agencies")?;
        let rows = st
            .query_map([], |r| Ok(Agency { id: r.get(0)?, name: r.get(1)? }))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Inserts a policy.
    pub fn insert_policy(&self, p: &Policy, now: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO policies(id, name, doc_number, issuer, stage, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![p.id, p.name, p.doc_number, p.issuer, p.stage.code(), now],
        )?;
        Ok(())
    }

    /// A policy by id.
    pub fn policy(&self, id: &str) -> Result<Option<Policy>> {
        Ok(self
            .conn
            .query_row("SELECT id, name, doc_number, issuer, stage FROM policies WHERE id = ?1", [id], policy)
            .optional()?)
    }

    /// All policies.
    pub fn list_policies(&self) -> Result<Vec<Policy>> {
        let mut st = self.conn.prepare("SELECT id, name, doc_number, issuer, stage FROM policies")?;
        let rows = st.query_map([], policy)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

impl Db<'_> {
    /// The argon2id hash of a profile's passphrase, if it has one.
    pub fn passphrase_of(&self, person_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT phc FROM profile_passphrases WHERE person_id = ?1", [person_id], |r| r.get(0))
            .optional()?)
    }

    /// Sets (or replaces) a profile's passphrase hash.
    pub fn set_passphrase(&self, person_id: &str, phc: &str, now: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO profile_passphrases(person_id, phc, set_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(person_id) DO UPDATE SET phc = excluded.phc, set_at = excluded.set_at",
            [person_id, phc, now],
        )?;
        Ok(())
    }

    /// Removes a profile's passphrase; true when it had one.
    pub fn clear_passphrase(&self, person_id: &str) -> Result<bool> {
        Ok(self.conn.execute("DELETE FROM profile_passphrases WHERE person_id = ?1", [person_id])? > 0)
    }

    /// Logins whose profiles have a passphrase.
    pub fn logins_with_passphrase(&self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare(
            "SELECT p.login FROM profile_passphrases x JOIN people p ON p.id = x.person_id ORDER BY p.login",
        )?;
        let rows = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(rows)
    }
}
