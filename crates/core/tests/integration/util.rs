//! Shared fixtures: a desk in a temporary directory with a head, an editor, two
//! reporters, one contract line, one policy and one assignment for `an`.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use toasoan_core::desk::{DraftPatch, NewAssignment, NewContract, NewLine, NewPerson, NewPolicy};
use toasoan_core::Desk;
use toasoan_domain::{Channel, Genre, Person, PolicyStage, Role};

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub desk: Desk,
    pub head: Person,
    pub editor: Person,
    pub an: Person,
    pub binh: Person,
    pub line_id: String,
    pub policy_id: String,
    pub assignment: String,
    pub clock: Arc<Mutex<DateTime<Utc>>>,
}

impl Fixture {
    /// The desk's database through a second connection: the tests that look
    /// under the desk (the desk never hands out its store).
    pub fn store(&self) -> toasoan_store::Store {
        toasoan_store::Store::open(self.dir.path()).unwrap()
    }

    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(Mutex::new(Utc.with_ymd_and_hms(2026, 11, 20, 2, 0, 0).unwrap()));
        let c = clock.clone();
        let desk = Desk::open(dir.path()).unwrap().with_clock(Arc::new(move || *c.lock().unwrap()));
        let head = desk.add_person(None, person("hung", "Trần Quốc Hùng", Role::Head)).unwrap();
        let editor = desk.add_person(Some(&head), person("lan", "Phạm Thị Lan", Role::Editor)).unwrap();
        let mut p = person("an", "Lê Thanh An", Role::Reporter);
        p.pen_name = Some("Thanh An".into());
        let an = desk.add_person(Some(&head), p).unwrap();
        let binh = desk.add_person(Some(&head), person("binh", "Vũ Thị Bình", Role::Reporter)).unwrap();
        let agency = desk.add_agency(&head, "Sở Tư pháp tỉnh Bình Sơn").unwrap();
        let contract = desk
            .add_contract(
                &head,
                NewContract {
                    agency_id: agency.id,
                    number: "08/2026/HĐĐH-STP".into(),
                    signed_on: None,
                    start_on: date(2026, 1, 15),
                    end_on: date(2026, 12, 15),
                    total_value: 486_000_000,
                    ..Default::default()
                },
            )
            .unwrap();
        let (line, _) = desk
            .add_line(
                &head,
                &contract.id,
                NewLine {
                    genre: Genre::Tin,
                    channel: Channel::BaoDienTu,
                    quantity: 10,
                    unit_price: 1_200_000,
                    min_words: None,
                    max_words: None,
                },
            )
            .unwrap();
        let policy = desk
            .add_policy(
                &editor,
                NewPolicy {
                    name: "Nghị định về đặt hàng báo chí".into(),
                    doc_number: "32/2019/NĐ-CP".into(),
                    issuer: Some("Chính phủ".into()),
                    stage: PolicyStage::ThucThi,
                },
            )
            .unwrap();
        let a = desk
            .add_assignment(
                &editor,
                NewAssignment {
                    line_id: line.id.clone(),
                    policy_id: policy.id.clone(),
                    reporter: "an".into(),
                    editor: Some("lan".into()),
                    due_on: date(2026, 11, 25),
                    title: "Đặt hàng báo chí ở Đà Nẵng".into(),
                    brief: "Giải thích Nghị định 32/2019/NĐ-CP".into(),
                    ..Default::default()
                },
            )
            .unwrap();
        Fixture { dir, desk, head, editor, an, binh, line_id: line.id, policy_id: policy.id, assignment: a.id, clock }
    }

    pub fn advance(&self, by: Duration) {
        *self.clock.lock().unwrap() += by;
    }

    /// Writes a complete piece as `an`.
    pub fn write_piece(&self) {
        self.desk
            .save_draft(
                &self.an,
                &self.assignment,
                DraftPatch {
                    headline: Some("Đà Nẵng đặt hàng báo chí theo Nghị định 32".into()),
                    sapo: Some("Thành phố công khai danh mục đặt hàng.".into()),
                    body: Some("Theo Nghị định 32/2019/NĐ-CP, các cơ quan được đặt hàng báo chí.".into()),
                    byline: None,
                },
            )
            .unwrap();
    }

    /// Number of audit events: must not move when a change is refused.
    pub fn audit_len(&self) -> usize {
        self.desk.audit_log(&self.head, None).unwrap().len()
    }
}

pub fn person(login: &str, name: &str, role: Role) -> NewPerson {
    NewPerson { login: login.into(), real_name: name.into(), pen_name: None, role }
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}
