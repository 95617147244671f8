//! `toasoan-bench`: measures the figures recorded in BENCHMARKS.md.
//!
//! ```text
//! cargo run --release -p toasoan-bench            # full: 100,000 pieces
//! cargo run --release -p toasoan-bench -- --quick # smoke run (CI): 2,000 pieces
//! cargo run --release -p toasoan-bench -- media    # only the media import figures
//! cargo run --release -p toasoan-bench -- publish  # only publishing to the loopback WordPress
//! cargo run --release -p toasoan-bench -- ledger   # only the contract ledger and the bảng kê
//! cargo run --release -p toasoan-bench -- engagement   # only engagement roll-ups and polling pace
//! cargo run --release -p toasoan-bench -- hub      # only team mode against the test hub (scripts/hub-pg.sh)
//! cargo run --release -p toasoan-bench -- hub-load # the hub under load: 10 and 100 workbenches at once
//! cargo run --release -p toasoan-bench -- backup   # only backup, restore and check of a data folder
//! cargo run --release -p toasoan-bench -- planning # only the planning view (2,000 assignments, 50 reporters)
//! cargo run --release -p toasoan-bench -- autosave # only autosave (and the live preview)
//! cargo run --release -p toasoan-bench -- search   # only search over 100,000 pieces
//! cargo run --release -p toasoan-bench -- photos DIR N # N distinct 24 MP JPEGs written to DIR, each
//!                                                     # imported by the core (the window's reference,
//!                                                     # scripts/bench-upload.mjs)
//! ```
//!
//! Search runs on an in-memory store filled through the desk API (the same code
//! path as the app); autosave runs on a real file in WAL mode with
//! synchronous=FULL, where the fsync cost is.

mod backup;
mod engagement;
mod hub;
mod hub_load;
mod ledger;
mod media;
mod planning;
mod publish;

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use toasoan_core::desk::{DraftPatch, NewAssignment, NewContract, NewLine, NewPerson, NewPolicy};
use toasoan_core::Desk;
use toasoan_domain::{Channel, Draft, Genre, Person, PolicyStage, Role};

pub(crate) const SENTENCES: &[&str] = &[
    "UBND tỉnh Bình Sơn yêu cầu các sở, ngành chủ động cung cấp thông tin về chính sách cho báo chí.",
    "Người dân được hướng dẫn thủ tục tại bộ phận một cửa của xã.",
    "Theo Sở Tư pháp, nhiều văn bản quy phạm pháp luật mới đã được ban hành trong năm.",
    "Công tác truyền thông chính sách cần đi trước một bước để tạo đồng thuận xã hội.",
    "Hội nghị đã nghe báo cáo kết quả triển khai và thảo luận các giải pháp trong thời gian tới.",
    "Bà con ở thôn bản phấn khởi khi được hưởng chính sách hỗ trợ kịp thời.",
    "Ông Nguyễn Văn Thành, Chánh Văn phòng UBND tỉnh, cho biết tỉnh sẽ tiếp tục đối thoại với người dân.",
    "Dự thảo nghị quyết được đăng tải trên cổng thông tin điện tử để lấy ý kiến nhân dân.",
    "Nhiều hợp tác xã đề nghị đơn giản hóa hồ sơ đề nghị hỗ trợ.",
    "Lực lượng đoàn viên thanh niên hỗ trợ người cao tuổi kích hoạt tài khoản định danh điện tử.",
    "Mức chuẩn trợ giúp xã hội được điều chỉnh tăng từ đầu năm.",
    "Bảng giá đất mới được công bố công khai tại trụ sở UBND các xã, phường.",
    "Phóng viên đã có mặt tại hiện trường để ghi nhận ý kiến của người dân.",
    "Các cơ quan báo chí được đặt hàng tuyên truyền theo Nghị định 32/2019/NĐ-CP.",
    "Chỉ thị 07/CT-TTg xác định truyền thông chính sách là nhiệm vụ của mọi cơ quan hành chính.",
    "Quyết định 407/QĐ-TTg yêu cầu truyền thông dự thảo chính sách có tác động lớn đến xã hội.",
    "Kết quả tiếp thu, giải trình ý kiến góp ý sẽ được công khai.",
    "Chính quyền địa phương cam kết giải quyết dứt điểm các kiến nghị chính đáng.",
    "Trên địa bàn huyện Sơn Hà, tỷ lệ hồ sơ trực tuyến đạt hơn 80 phần trăm.",
    "Sở Nông nghiệp và Môi trường đề nghị các huyện tăng cường kiểm tra.",
];
const PLACES: &[&str] = &["Đà Nẵng", "Đắk Lắk", "Sơn Hà", "Tân Phú", "Đông Sơn", "Quảng Trị", "Lào Cai", "Hà Giang"];
const RARE: &str = "Suối Giàng";

fn pct(mut v: Vec<Duration>, p: f64) -> f64 {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i].as_secs_f64() * 1e3
}

pub(crate) fn report(name: &str, v: Vec<Duration>) {
    println!("| {name:<44} | {:>8.3} | {:>8.3} | {:>6} |", pct(v.clone(), 0.5), pct(v.clone(), 0.95), v.len());
}

/// The benches' newsroom: a head (`hung`), a reporter (`an`) and the agency.
pub(crate) fn people(desk: &Desk) -> (Person, Person, toasoan_domain::Agency) {
    let p = |login: &str, role| NewPerson { login: login.into(), real_name: login.into(), pen_name: None, role };
    let head = desk.add_person(None, p("hung", Role::Head)).unwrap();
    let an = desk.add_person(Some(&head), p("an", Role::Reporter)).unwrap();
    let agency = desk.add_agency(&head, "Sở Tư pháp tỉnh Bình Sơn").unwrap();
    (head, an, agency)
}

/// `runs` timed calls of `f` after one untimed warm-up call (run 0).
pub(crate) fn time<T>(runs: usize, mut f: impl FnMut(usize) -> T) -> Vec<Duration> {
    let _ = f(0);
    (1..=runs)
        .map(|i| {
            let t = Instant::now();
            std::hint::black_box(f(i));
            t.elapsed()
        })
        .collect()
}

pub(crate) fn setup(desk: &Desk) -> (Person, Person, String, String) {
    let (head, an, agency) = people(desk);
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let c = desk
        .add_contract(
            &head,
            NewContract {
                agency_id: agency.id,
                number: "1/HĐ".into(),
                signed_on: None,
                start_on: d(1, 1),
                end_on: d(12, 31),
                total_value: 1,
                ..Default::default()
            },
        )
        .unwrap();
    let line = NewLine {
        genre: Genre::Bai,
        channel: Channel::BaoDienTu,
        quantity: 1,
        unit_price: 1,
        min_words: None,
        max_words: None,
    };
    let (line, _) = desk.add_line(&head, &c.id, line).unwrap();
    let policy = NewPolicy {
        name: "Chỉ thị về tăng cường truyền thông chính sách".into(),
        doc_number: "07/CT-TTg".into(),
        issuer: None,
        stage: PolicyStage::ThucThi,
    };
    let policy = desk.add_policy(&head, policy).unwrap();
    (head, an, line.id, policy.id)
}

/// One assignment for `an` on `line` and `policy`, due 01/12/2026.
pub(crate) fn add_piece(desk: &Desk, head: &Person, line: &str, policy: &str, title: String) -> String {
    let n = NewAssignment {
        line_id: line.to_string(),
        policy_id: policy.to_string(),
        reporter: "an".into(),
        editor: None,
        due_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        title,
        brief: "Giải thích chính sách cho người dân".into(),
        ..Default::default()
    };
    desk.add_assignment(head, n).unwrap().id
}

/// The assignment the team benches add: a piece titled `title` on `line`
/// and `policy` for `reporter`, due 20/12/2026, with no brief.
pub(crate) fn team_piece(line: &str, policy: &str, reporter: &str, title: String) -> NewAssignment {
    NewAssignment {
        line_id: line.to_string(),
        policy_id: policy.to_string(),
        reporter: reporter.into(),
        editor: None,
        due_on: NaiveDate::from_ymd_opt(2026, 12, 20).unwrap(),
        title,
        brief: String::new(),
        ..Default::default()
    }
}

pub(crate) fn body(rng: &mut StdRng, sentences: usize) -> String {
    let mut s = String::new();
    for i in 0..sentences {
        if i > 0 && i % 5 == 0 {
            s.push_str("\n\n");
        } else if i > 0 {
            s.push(' ');
        }
        s.push_str(SENTENCES[rng.random_range(0..SENTENCES.len())]);
        if rng.random_ratio(1, 6) {
            s.push_str(&format!(" Tại {} chính sách được đón nhận.", PLACES[rng.random_range(0..PLACES.len())]));
        }
    }
    s
}

fn search_bench(pieces: usize) {
    let desk = Desk::in_memory().unwrap();
    let (head, an, line, policy) = setup(&desk);
    let mut rng = StdRng::seed_from_u64(7);
    let t = Instant::now();
    for i in 0..pieces {
        let title = format!("Bình Sơn: {} số {i}", SENTENCES[i % SENTENCES.len()].chars().take(40).collect::<String>());
        let a = add_piece(&desk, &head, &line, &policy, title);
        let mut b = body(&mut rng, 12);
        if i % 5_000 == 0 {
            b.push_str(&format!(" Hợp tác xã chè {RARE} tham gia chương trình."));
        }
        let headline =
            format!("{} — {}", PLACES[i % PLACES.len()], &b[..b.char_indices().nth(50).map_or(b.len(), |(k, _)| k)]);
        desk.save_draft(
            &an,
            &a,
            DraftPatch { headline: Some(headline), sapo: Some(SENTENCES[i % 7].into()), body: Some(b), byline: None },
        )
        .unwrap();
    }
    println!("\nSearch over {pieces} pieces (built through the desk API in {:.1} s)\n", t.elapsed().as_secs_f64());
    println!("| query (kind)                                 | p50 (ms) | p95 (ms) |   runs |");
    println!("|----------------------------------------------|---------:|---------:|-------:|");
    let queries: &[(&str, &str)] = &[
        ("suoi giang (rare term)", "suoi giang"),
        ("\"truyen thong chinh sach\" (phrase)", "\"truyen thong chinh sach\""),
        ("chinh sach (in most pieces)", "chinh sach"),
        ("binh son (province, in every piece)", "binh son"),
        ("nghi dinh (two syllables, no diacritics)", "nghi dinh"),
        ("07/CT-TTg (document number)", "07/CT-TTg"),
        ("da nang nguoi dan (place + common)", "da nang nguoi dan"),
        ("suoi giang chinh sach (rare + common)", "suoi giang chinh sach"),
    ];
    for (name, q) in queries {
        let _ = desk.search(&head, q, 20).unwrap();
        let runs: Vec<Duration> = (0..60)
            .map(|_| {
                let t = Instant::now();
                let hits = desk.search(&head, q, 20).unwrap();
                std::hint::black_box(hits);
                t.elapsed()
            })
            .collect();
        report(name, runs);
    }
}

fn render_bench() {
    let mut rng = StdRng::seed_from_u64(11);
    let mut md = String::from("# Tít bài\n\n");
    let mut words = 0;
    let mut i = 0;
    while words < 10_000 {
        let para = body(&mut rng, 4);
        words += toasoan_domain::text::word_count(&para);
        md.push_str(&para);
        md.push_str(" Xem [văn bản](https://baobinhson.vn/van-ban.html) và **điểm mới**.\n\n");
        if i % 15 == 0 {
            md.push_str(&format!(
                "![Ảnh {i}](anh/{i}.jpg)\n*Quang cảnh hội nghị. Ảnh: Thu Hà*\n\n## Phần {i}\n\n- ý một\n- ý hai\n\n"
            ));
        }
        i += 1;
    }
    let words = toasoan_domain::text::word_count(&toasoan_documents::render::plain_text(&md));
    let time = |f: &dyn Fn() -> usize| -> Vec<Duration> {
        (0..200)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect()
    };
    println!("\nMarkdown → sanitized HTML of a {words}-word draft\n");
    println!("| step                                         | p50 (ms) | p95 (ms) |   runs |");
    println!("|----------------------------------------------|---------:|---------:|-------:|");
    report("toasoan render (what we ship)", time(&|| toasoan_documents::render::render(&md).html.len()));
    report(
        "pulldown-cmark alone (reference)",
        time(&|| {
            let mut s = String::new();
            pulldown_cmark::html::push_html(&mut s, pulldown_cmark::Parser::new(&md));
            s.len()
        }),
    );
    let hostile = "<div>".repeat(100_000) + "x" + &"</div>".repeat(100_000) + "\n";
    report("hostile: 100,000 nested <div>s (1 MiB)", time(&|| toasoan_documents::render::render(&hostile).html.len()));
    report(
        "pulldown-cmark + ammonia on all (naive)",
        time(&|| {
            let mut s = String::new();
            pulldown_cmark::html::push_html(&mut s, pulldown_cmark::Parser::new(&md));
            ammonia::clean(&s).len()
        }),
    );
}

fn autosave_bench() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    let (head, an, line, policy) = setup(&desk);
    let a = desk
        .add_assignment(
            &head,
            NewAssignment {
                line_id: line,
                policy_id: policy,
                reporter: "an".into(),
                editor: None,
                due_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                title: "Tự lưu".into(),
                brief: String::new(),
                ..Default::default()
            },
        )
        .unwrap();
    let mut rng = StdRng::seed_from_u64(3);
    println!("\nAutosave on a file store (WAL, synchronous=FULL)\n");
    println!("| draft size                                   | p50 (ms) | p95 (ms) |   runs |");
    println!("|----------------------------------------------|---------:|---------:|-------:|");
    for sentences in [60usize, 600] {
        let mut text = body(&mut rng, sentences);
        let words = toasoan_domain::text::word_count(&text);
        let runs: Vec<Duration> = (0..300)
            .map(|k| {
                text.push_str(if k % 2 == 0 { " a" } else { "b" });
                let d = Draft { headline: "Tít".into(), sapo: String::new(), body: text.clone(), byline: "An".into() };
                let t = Instant::now();
                desk.autosave(&an, &a.id, d).unwrap();
                t.elapsed()
            })
            .collect();
        report(&format!("{words} words, one keystroke per autosave"), runs);
    }
    // What the editor's live preview costs per keystroke (the `preview` command:
    // the core's renderer plus the checklist of the unsaved text).
    let text = body(&mut rng, 600);
    let words = toasoan_domain::text::word_count(&text);
    let d = Draft { headline: "Tít".into(), sapo: "Sa pô.".into(), body: text, byline: "An".into() };
    let runs: Vec<Duration> = (0..200)
        .map(|_| {
            let t = Instant::now();
            let (checklist, rendered) = desk.preview_draft(&an, &a.id, &d, "media://localhost/").unwrap();
            std::hint::black_box((checklist.ok, rendered.html.len()));
            t.elapsed()
        })
        .collect();
    println!("\nLive preview per keystroke (render + checklist of unsaved text)\n");
    println!("| draft size                                   | p50 (ms) | p95 (ms) |   runs |");
    println!("|----------------------------------------------|---------:|---------:|-------:|");
    report(&format!("{words} words"), runs);
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let pieces = if quick { 2_000 } else { 100_000 };
    println!("toasoan-bench ({})", if quick { "quick" } else { "full" });
    if std::env::args().any(|a| a == "media") {
        media::run(quick);
        return;
    }
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "photos") {
        let dir = args.get(i + 1).expect("photos DIR N");
        let n = args.get(i + 2).and_then(|n| n.parse().ok()).unwrap_or(5);
        media::photos(std::path::Path::new(dir), n);
        return;
    }
    if std::env::args().any(|a| a == "ledger") {
        let pieces = std::env::var("TOASOAN_BENCH_PIECES").ok().and_then(|v| v.parse().ok()).unwrap_or(pieces);
        ledger::run(pieces);
        return;
    }
    let poll_targets = if quick { 100 } else { 1_000 };
    if std::env::args().any(|a| a == "engagement") {
        let pieces = std::env::var("TOASOAN_BENCH_PIECES").ok().and_then(|v| v.parse().ok()).unwrap_or(pieces);
        engagement::run(pieces, poll_targets);
        return;
    }
    let publish_pieces = if quick { 6 } else { 100 };
    if std::env::args().any(|a| a == "publish") {
        publish::run(publish_pieces, 1);
        publish::run(publish_pieces, 2);
        return;
    }
    if std::env::args().any(|a| a == "backup") {
        let pieces = std::env::var("TOASOAN_BENCH_PIECES").ok().and_then(|v| v.parse().ok()).unwrap_or(pieces);
        backup::run(pieces);
        return;
    }
    if std::env::args().any(|a| a == "planning") {
        planning::run(2_000);
        return;
    }
    if std::env::args().any(|a| a == "autosave") {
        autosave_bench();
        return;
    }
    if std::env::args().any(|a| a == "search") {
        search_bench(pieces);
        return;
    }
    if std::env::args().any(|a| a == "hub-load") {
        hub_load::run();
        return;
    }
    if std::env::args().any(|a| a == "hub") {
        let pieces = std::env::var("TOASOAN_BENCH_PIECES").ok().and_then(|v| v.parse().ok()).unwrap_or(pieces);
        hub::run(pieces);
        return;
    }
    render_bench();
    autosave_bench();
    search_bench(pieces);
    backup::run(pieces);
    ledger::run(pieces);
    engagement::run(pieces, poll_targets);
    planning::run(2_000);
    media::run(quick);
    publish::run(publish_pieces, 2);
    hub::run(if quick { 500 } else { pieces });
}
