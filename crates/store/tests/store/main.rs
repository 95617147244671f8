//! The store's own tests: `toasoan-store` against the real (bundled)
//! SQLite, in memory and in temporary folders, through its public API only
//! (`Store::open`, `Store::read`, `Store::write`, the `Db` methods). A
//! failure here names the store, not the core above it.
//!
//! This file holds the shared helpers: a small newsroom (people, an agency, a
//! policy, a contract with one line), pieces and revisions, fixed instants,
//! and a raw SQLite connection to a store's file for what the API must not
//! allow (an UPDATE of an append-only table). The modules test one area each.

mod append_only;
mod assignments;
mod backup;
mod engagement;
mod ledger;
mod notifications;
mod opening;
mod reference;
mod search;
mod sync;
mod transactions;

use std::path::Path;

use chrono::NaiveDate;
use toasoan_domain::ids::{content_hash, new_id};
use toasoan_domain::time::from_db;
use toasoan_domain::{
    Agency, Channel, Contract, ContractLine, Draft, Genre, Person, Policy, PolicyStage, Priority, Revision, Role,
};
use toasoan_store::{Db, NewAssignmentRow, Store, DB_FILE};

/// The domain's result, what `Store::read` and `Store::write` closures return.
pub type R<T> = toasoan_domain::Result<T>;

/// A fixed instant in the stored form (UTC, milliseconds, `Z`).
pub const T0: &str = "2026-03-02T01:00:00.000Z";

/// An instant of March 2026 in the stored form: day, hour, minute (UTC).
pub fn at(day: u32, hour: u32, minute: u32) -> String {
    format!("2026-03-{day:02}T{hour:02}:{minute:02}:00.000Z")
}

/// A calendar day.
pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A person with a fresh id.
pub fn person(login: &str, real_name: &str, role: Role) -> Person {
    Person { id: new_id(), login: login.into(), real_name: real_name.into(), pen_name: None, role, active: true }
}

/// A contract head (no lines) of `agency_id`, for 2026.
pub fn contract(agency_id: &str, number: &str) -> Contract {
    Contract {
        id: new_id(),
        agency_id: agency_id.into(),
        agency_name: String::new(),
        number: number.into(),
        signed_on: Some(day("2026-01-05")),
        start_on: day("2026-01-01"),
        end_on: day("2026-12-31"),
        total_value: 150_000_000,
        value_known: true,
        notes: "Hợp đồng đặt hàng tuyên truyền chính sách".into(),
        agency_signatory: "Ông Trần Văn Bình — Giám đốc".into(),
        newsroom_name: "Báo Bình Sơn".into(),
        newsroom_signatory: "Bà Nguyễn Thị Hoa — Tổng biên tập".into(),
        policy_ids: Vec::new(),
        lines: Vec::new(),
    }
}

/// A line of `contract_id`: articles on the online paper, with a word tier.
pub fn line(contract_id: &str, min_words: Option<i64>, max_words: Option<i64>) -> ContractLine {
    ContractLine {
        id: new_id(),
        contract_id: contract_id.into(),
        genre: Genre::Bai,
        channel: Channel::BaoDienTu,
        quantity: 20,
        unit_price: 3_000_000,
        min_words,
        max_words,
    }
}

/// A small newsroom: a reporter, an editor, an agency, a policy, a contract
/// with one line (at least 100 words).
#[derive(Debug, Clone)]
pub struct Seed {
    pub reporter: Person,
    pub editor: Person,
    pub agency_id: String,
    pub policy_id: String,
    pub contract_id: String,
    pub line_id: String,
}

/// Writes the [`Seed`] newsroom in the caller's transaction.
pub fn seed_in(db: &Db<'_>) -> R<Seed> {
    let reporter = person("lan", "Nguyễn Thị Lan", Role::Reporter);
    let editor = person("minh", "Trần Quang Minh", Role::Editor);
    db.insert_person(&reporter, T0)?;
    db.insert_person(&editor, T0)?;
    let agency = Agency { id: new_id(), name: "Sở Tư pháp tỉnh Bình Sơn".into() };
    db.insert_agency(&agency, T0)?;
    let policy = Policy {
        id: new_id(),
        name: "Nghị định về đặt hàng báo chí".into(),
        doc_number: "32/2019/NĐ-CP".into(),
        issuer: Some("Chính phủ".into()),
        stage: PolicyStage::ThucThi,
    };
    db.insert_policy(&policy, T0)?;
    let mut c = contract(&agency.id, "15/2026/HĐ-STP");
    c.policy_ids = vec![policy.id.clone()];
    db.insert_contract(&c, T0)?;
    let l = line(&c.id, Some(100), None);
    db.insert_line(&l, T0)?;
    Ok(Seed { reporter, editor, agency_id: agency.id, policy_id: policy.id, contract_id: c.id, line_id: l.id })
}

/// Writes the [`Seed`] newsroom in its own transaction.
pub fn seed(store: &Store) -> Seed {
    store.write(seed_in).unwrap()
}

/// The row of a new piece on the seed's line, due on `due`.
pub fn piece_row<'a>(s: &'a Seed, id: &'a str, title: &'a str, due: &str) -> NewAssignmentRow<'a> {
    NewAssignmentRow {
        id,
        line_id: &s.line_id,
        policy_id: &s.policy_id,
        title,
        brief: "Giải thích các điểm mới cho bạn đọc",
        reporter_id: &s.reporter.id,
        editor_id: Some(&s.editor.id),
        due_on: day(due),
        priority: Priority::Thuong,
        stage: Some(PolicyStage::ThucThi),
    }
}

/// Inserts a piece on the seed's line; returns its id and number.
pub fn piece(db: &Db<'_>, s: &Seed, title: &str, due: &str) -> R<(String, i64)> {
    let id = new_id();
    let num = db.insert_assignment(&piece_row(s, &id, title, due), T0)?;
    Ok((id, num))
}

/// A revision numbered `seq` with this headline and body, of `words` words.
pub fn revision(seq: i64, headline: &str, body: &str, words: usize) -> Revision {
    let draft = Draft {
        headline: headline.into(),
        sapo: "Người dân được hướng dẫn cụ thể.".into(),
        body: body.into(),
        byline: "Thu Lan".into(),
    };
    Revision {
        id: new_id(),
        seq,
        content_hash: content_hash(&draft),
        draft,
        author: "lan".into(),
        reason: "save".into(),
        created_at: from_db(&at(2, 2, seq as u32)),
        word_count: words,
    }
}

/// A store in a new temporary folder (kept alive by the returned guard).
pub fn file_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}

/// A second, raw connection to the database file of the store in `dir`,
/// with foreign keys on: what a person with a SQLite shell could do.
pub fn raw(dir: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(dir.join(DB_FILE)).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;").unwrap();
    conn
}

/// One integer from a raw query.
pub fn count(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The stable code of a domain error (`storage`, `not_a_database`…).
pub fn code(e: &toasoan_domain::Error) -> &'static str {
    e.code()
}
