//! The contract ledger over many pieces, and the bảng kê documents.
//!
//! A contract of four lines (quota 5,000 in all) gets `pieces` assignments
//! through the desk API; 70 % are written, approved and published (dates spread
//! over the year), 10 % approved, the rest in progress; a few carry a head's
//! override. Measured: the ledger (`contract_report`: figures per line,
//! burn-down, at-risk list, projection), the acceptance preview, the running
//! dossier (all counted rows up to the quota: 5,000 in the full run) and its
//! XLSX and PDF rendering.

use std::time::Instant;

use chrono::{NaiveDate, TimeZone, Utc};
use toasoan_core::desk::{DraftPatch, NewAssignment, NewContract, NewLine, NewPolicy};
use toasoan_core::Desk;
use toasoan_documents::dossier;
use toasoan_domain::{Channel, Genre, PolicyStage, State};

use crate::{report, time, SENTENCES};

pub fn run(pieces: usize) {
    // A file store (the parts below read it through a second connection).
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    let (head, an, agency) = crate::people(&desk);
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let line = |genre, channel, quantity, unit_price, max_words| NewLine {
        genre,
        channel,
        quantity,
        unit_price,
        min_words: None,
        max_words,
    };
    let (contract, _) = desk
        .create_contract(
            &head,
            NewContract {
                agency_id: agency.id,
                number: "15/2026/HĐĐH-STP".into(),
                start_on: d(1, 1),
                end_on: d(12, 31),
                total_value: 9_000_000_000,
                newsroom_name: "Báo Bình Sơn".into(),
                ..Default::default()
            },
            vec![
                line(Genre::Tin, Channel::BaoDienTu, 2_500, 1_200_000, None),
                line(Genre::Bai, Channel::BaoDienTu, 1_500, 4_500_000, Some(1_500)),
                line(Genre::PhongSu, Channel::BaoIn, 600, 6_000_000, None),
                line(Genre::Infographic, Channel::MangXaHoi, 400, 3_000_000, None),
            ],
        )
        .unwrap();
    let policy = desk
        .add_policy(
            &head,
            NewPolicy {
                name: "Chỉ thị về tăng cường truyền thông chính sách".into(),
                doc_number: "07/CT-TTg".into(),
                issuer: None,
                stage: PolicyStage::ThucThi,
            },
        )
        .unwrap();
    let t = Instant::now();
    for i in 0..pieces {
        let line = &contract.lines[i % contract.lines.len()];
        let a = desk
            .add_assignment(
                &head,
                NewAssignment {
                    line_id: line.id.clone(),
                    policy_id: policy.id.clone(),
                    reporter: "an".into(),
                    editor: None,
                    due_on: d(1 + (i % 12) as u32, 28),
                    title: format!("Bình Sơn giải thích chính sách, bài số {i}"),
                    brief: String::new(),
                    ..Default::default()
                },
            )
            .unwrap();
        let stage = i % 10;
        if stage >= 8 {
            continue;
        }
        let body = (0..(3 + i % 9)).map(|k| SENTENCES[(i + k) % SENTENCES.len()]).collect::<Vec<_>>().join(" ");
        let patch = DraftPatch {
            headline: Some(format!("Người dân được gì từ chính sách mới? (số {i})")),
            sapo: Some(SENTENCES[i % SENTENCES.len()].into()),
            body: Some(body),
            byline: None,
        };
        desk.save_draft(&an, &a.id, patch).unwrap();
        desk.submit(&an, &a.id).unwrap();
        desk.approve(&head, &a.id).unwrap();
        if stage == 7 {
            continue;
        }
        let day = (i * 7919) % 320;
        // Published between 08:00 and 22:00 in Việt Nam, as portals are.
        let at = Utc.with_ymd_and_hms(2026, 1, 1, 1, 0, 0).unwrap()
            + chrono::Duration::days(day as i64)
            + chrono::Duration::minutes(((i * 37) % 840) as i64);
        desk.mark_published(&head, &a.id, &format!("https://binhson.gov.vn/tin/{}", a.num), Some(at)).unwrap();
        if i % 997 == 0 {
            desk.override_counting(&head, &a.id, false, "Trùng nội dung").unwrap();
        }
    }
    println!(
        "\nContract ledger over {pieces} pieces (built through the desk API in {:.1} s)\n",
        t.elapsed().as_secs_f64()
    );
    println!("| operation                                    | p50 (ms) | p95 (ms) |   runs |");
    println!("|----------------------------------------------|---------:|---------:|-------:|");
    report("ledger: contract_report", time(30, |_| desk.contract_report(&head, &contract.id).unwrap()));
    if std::env::var_os("TOASOAN_BENCH_PARTS").is_some() {
        let store = toasoan_store::Store::open(dir.path()).unwrap();
        let groups = || store.read(|db| Ok(db.ledger_groups(&contract.id, 420)?)).unwrap();
        report("  part: grouped ledger rows", time(30, |_| groups()));
        let open = [State::Assigned, State::Drafting, State::Submitted, State::ChangesRequested];
        report(
            "  part: at-risk (count + first 50)",
            time(30, |_| store.read(|db| Ok(db.due_pieces(&contract.id, &open, d(11, 25), 50)?)).unwrap()),
        );
    }
    let until = d(11, 15);
    report(
        "acceptance preview (until 15/11)",
        time(10, |_| desk.preview_acceptance(&head, &contract.id, until).unwrap()),
    );
    report("running dossier (rows from the store)", time(10, |_| desk.contract_dossier(&head, &contract.id).unwrap()));
    let dossier = desk.contract_dossier(&head, &contract.id).unwrap();
    let rows = dossier.items.len();
    report(&format!("bảng kê XLSX, {rows} rows"), time(5, |_| dossier::xlsx::render(&dossier).unwrap()));
    report(&format!("dossier PDF, {rows} rows"), time(3, |_| dossier::pdf::render(&dossier).unwrap()));
    let pdf = dossier::pdf::render(&dossier).unwrap();
    let xlsx = dossier::xlsx::render(&dossier).unwrap();
    println!("\nXLSX {} KiB, PDF {} KiB ({rows} rows)", xlsx.len() / 1024, pdf.len() / 1024);
}
