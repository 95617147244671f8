//! Contracts and their line items.

use rusqlite::{params, OptionalExtension, Row};

use super::{coded, date, Db};
use crate::Result;
use toasoan_domain::{Contract, ContractLine};

fn line(r: &Row<'_>) -> rusqlite::Result<ContractLine> {
    Ok(ContractLine {
        id: r.get(0)?,
        contract_id: r.get(1)?,
        genre: coded(2, r.get(2)?)?,
        channel: coded(3, r.get(3)?)?,
        quantity: r.get(4)?,
        unit_price: r.get(5)?,
        min_words: r.get(6)?,
        max_words: r.get(7)?,
    })
}

const LINE_COLS: &str = "id, contract_id, genre, channel, quantity, unit_price, min_words, max_words";

fn contract_head(r: &Row<'_>) -> rusqlite::Result<Contract> {
    Ok(Contract {
        id: r.get(0)?,
        agency_id: r.get(1)?,
        agency_name: r.get(2)?,
        number: r.get(3)?,
        signed_on: r.get::<_, Option<String>>(4)?.map(|s| date(4, s)).transpose()?,
        start_on: date(5, r.get(5)?)?,
        end_on: date(6, r.get(6)?)?,
        total_value: r.get(7)?,
        notes: r.get(8)?,
        agency_signatory: r.get(9)?,
        newsroom_name: r.get(10)?,
        newsroom_signatory: r.get(11)?,
        value_known: r.get::<_, Option<i64>>(12)? != Some(1),
        policy_ids: Vec::new(),
        lines: Vec::new(),
    })
}

const CONTRACT_SELECT: &str =
    "SELECT c.id, c.agency_id, a.name, c.number, c.signed_on, c.start_on, c.end_on, c.total_value,
            c.notes, c.agency_signatory, c.newsroom_name, c.newsroom_signatory, c.value_unknown
     FROM contracts c JOIN agencies a ON a.id = c.agency_id";

impl Db<'_> {
    /// Inserts a contract head (lines are inserted separately).
    pub fn insert_contract(&self, c: &Contract, now: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO contracts(id, agency_id, number, signed_on, start_on, end_on, total_value, created_at,
                                   notes, agency_signatory, newsroom_name, newsroom_signatory, value_unknown)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                c.id,
                c.agency_id,
                c.number,
                c.signed_on.map(|d| d.to_string()),
                c.start_on.to_string(),
                c.end_on.to_string(),
                c.total_value,
                now,
                c.notes,
                c.agency_signatory,
                c.newsroom_name,
                c.newsroom_signatory,
                (!c.value_known).then_some(1)
            ],
        )?;
        self.set_contract_policies(&c.id, &c.policy_ids)?;
        Ok(())
    }

    /// Rewrites a contract's descriptive fields (number, dates, parties, notes,
    /// policies). Value, quantities and prices change only through amendments.
    pub fn update_contract_head(&self, c: &Contract) -> Result<()> {
        self.conn.execute(
            "UPDATE contracts SET number = ?2, signed_on = ?3, start_on = ?4, end_on = ?5, notes = ?6,
                    agency_signatory = ?7, newsroom_name = ?8, newsroom_signatory = ?9
             WHERE id = ?1",
            params![
                c.id,
                c.number,
                c.signed_on.map(|d| d.to_string()),
                c.start_on.to_string(),
                c.end_on.to_string(),
                c.notes,
                c.agency_signatory,
                c.newsroom_name,
                c.newsroom_signatory
            ],
        )?;
        self.set_contract_policies(&c.id, &c.policy_ids)
    }

    fn set_contract_policies(&self, contract_id: &str, policy_ids: &[String]) -> Result<()> {
        self.conn.execute("DELETE FROM contract_policies WHERE contract_id = ?1", [contract_id])?;
        let mut st =
            self.conn.prepare_cached("INSERT INTO contract_policies(contract_id, policy_id) VALUES (?1, ?2)")?;
        for p in policy_ids {
            st.execute([contract_id, p])?;
        }
        Ok(())
    }

    /// Sets a contract's total value (amendments only): from then on it is
    /// known.
    pub fn set_contract_value(&self, contract_id: &str, value: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE contracts SET total_value = ?2, value_unknown = NULL WHERE id = ?1",
            params![contract_id, value],
        )?;
        Ok(())
    }

    /// Sets a line's quantity and unit price (amendments only).
    pub fn set_line_terms(&self, line_id: &str, quantity: i64, unit_price: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE contract_lines SET quantity = ?2, unit_price = ?3 WHERE id = ?1",
            params![line_id, quantity, unit_price],
        )?;
        Ok(())
    }

    /// True when the agency already has a contract with that number.
    pub fn contract_number_taken(&self, agency_id: &str, number: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM contracts WHERE agency_id = ?1 AND number = ?2)",
            [agency_id, number],
            |r| r.get(0),
        )?)
    }

    /// Inserts a line item.
    pub fn insert_line(&self, l: &ContractLine, now: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO contract_lines(id, contract_id, genre, channel, quantity, unit_price, min_words, max_words, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                l.id,
                l.contract_id,
                l.genre.code(),
                l.channel.code(),
                l.quantity,
                l.unit_price,
                l.min_words,
                l.max_words,
                now
            ],
        )?;
        Ok(())
    }

    /// A contract with its lines.
    pub fn contract(&self, id: &str) -> Result<Option<Contract>> {
        let sql = format!("{CONTRACT_SELECT} WHERE c.id = ?1");
        let Some(mut c) = self.conn.query_row(&sql, [id], contract_head).optional()? else {
            return Ok(None);
        };
        c.lines = self.lines_of(id)?;
        c.policy_ids = self.policies_of(id)?;
        Ok(Some(c))
    }

    fn lines_of(&self, contract_id: &str) -> Result<Vec<ContractLine>> {
        let sql = format!("SELECT {LINE_COLS} FROM contract_lines WHERE contract_id = ?1 ORDER BY created_at, id");
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map([contract_id], line)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn policies_of(&self, contract_id: &str) -> Result<Vec<String>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT policy_id FROM contract_policies WHERE contract_id = ?1 ORDER BY policy_id")?;
        let rows = st.query_map([contract_id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(rows)
    }

    /// All contracts with their lines, newest period first.
    pub fn list_contracts(&self) -> Result<Vec<Contract>> {
        let sql = format!("{CONTRACT_SELECT} ORDER BY c.start_on DESC, c.number");
        let mut st = self.conn.prepare(&sql)?;
        let mut out = st.query_map([], contract_head)?.collect::<rusqlite::Result<Vec<_>>>()?;
        for c in &mut out {
            c.lines = self.lines_of(&c.id)?;
            c.policy_ids = self.policies_of(&c.id)?;
        }
        Ok(out)
    }

    /// A line item by id.
    pub fn line(&self, id: &str) -> Result<Option<ContractLine>> {
        let sql = format!("SELECT {LINE_COLS} FROM contract_lines WHERE id = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([id], line).optional()?)
    }

    /// Sum of quantity × unit price over a contract's lines.
    pub fn contract_lines_value(&self, contract_id: &str) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT coalesce(sum(quantity * unit_price), 0) FROM contract_lines WHERE contract_id = ?1",
            [contract_id],
            |r| r.get(0),
        )?)
    }
}
