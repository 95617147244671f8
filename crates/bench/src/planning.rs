//! The desk's planning view and the period report (issue «The whole desk in
//! the window»).
//!
//! Planning: `assignments` pieces over 50 reporters, due across one month
//! (a fifth urgent, some declined), and the month's planning view computed
//! through the desk (the app's code path): goal ≤ 50 ms for 2,000.
//! The period report over the engagement bench's 100,000 published pieces
//! and 1,000,000 snapshots is measured there (`engagement::run`).

use chrono::NaiveDate;
use toasoan_core::desk::{NewAssignment, NewContract, NewLine, NewPerson, NewPolicy, PlanningQuery};
use toasoan_core::Desk;
use toasoan_domain::{Channel, Genre, PolicyStage, Priority, ResponseKind, Role};

use crate::{report, time};

pub fn run(assignments: usize) {
    let desk = Desk::in_memory().unwrap();
    let (head, _an, agency) = crate::people(&desk);
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let reporters: Vec<_> = (0..50)
        .map(|i| {
            let p = NewPerson {
                login: format!("pv{i:02}"),
                real_name: format!("Phóng viên {i:02}"),
                pen_name: None,
                role: Role::Reporter,
            };
            desk.add_person(Some(&head), p).unwrap()
        })
        .collect();
    let line = NewLine {
        genre: Genre::Bai,
        channel: Channel::BaoDienTu,
        quantity: assignments as i64,
        unit_price: 3_500_000,
        min_words: None,
        max_words: None,
    };
    let contract = NewContract {
        agency_id: agency.id,
        number: "20/2026/HĐĐH".into(),
        start_on: d(1, 1),
        end_on: d(12, 31),
        total_value: 3_500_000 * assignments as i64,
        ..Default::default()
    };
    let (contract, _) = desk.create_contract(&head, contract, vec![line]).unwrap();
    let policy = NewPolicy {
        name: "Nghị quyết về hỗ trợ nông dân".into(),
        doc_number: "12/2026/NQ-HĐND".into(),
        issuer: None,
        stage: PolicyStage::BanHanh,
    };
    let policy = desk.add_policy(&head, policy).unwrap();
    for i in 0..assignments {
        let r = &reporters[i % reporters.len()];
        let a = desk
            .add_assignment(
                &head,
                NewAssignment {
                    line_id: contract.lines[0].id.clone(),
                    policy_id: policy.id.clone(),
                    reporter: r.login.clone(),
                    due_on: d(11, 1 + (i % 30) as u32),
                    title: format!("Bài kế hoạch số {i}"),
                    priority: if i % 5 == 0 { Priority::Gap } else { Priority::Thuong },
                    ..Default::default()
                },
            )
            .unwrap();
        if i % 17 == 0 {
            desk.respond(r, &a.id, ResponseKind::Decline, Some("Bận lịch khác")).unwrap();
        }
    }
    println!("\nPlanning: {assignments} assignments over 50 reporters in November 2026\n");
    println!("| operation                                    | p50 (ms) | p95 (ms) |   runs |");
    println!("|----------------------------------------------|---------:|---------:|-------:|");
    let month = PlanningQuery {
        from: d(10, 26),
        to: d(12, 6),
        reporter: None,
        contract_id: None,
        policy_id: None,
        states: vec![],
        genre: None,
    };
    let plan = desk.planning(&head, &month).unwrap();
    assert_eq!(plan.entries.len(), assignments);
    report("planning view, month (6 weeks)", time(50, |_| desk.planning(&head, &month).unwrap()));
    let week = PlanningQuery { from: d(11, 9), to: d(11, 15), ..month.clone() };
    report("planning view, one week", time(50, |_| desk.planning(&head, &week).unwrap()));
}
