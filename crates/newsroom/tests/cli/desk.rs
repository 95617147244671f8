//! The whole desk from the command line (issue «The whole desk in the
//! window»): the spellings and `--json` shapes the issue names.

use super::{id, newsroom, Cli};

fn agency(cli: &Cli) -> String {
    cli.ok(Some("hung"), &["agency", "list"])["agencies"][0]["id"].as_str().unwrap().to_string()
}

fn policy(cli: &Cli) -> String {
    cli.ok(Some("lan"), &["policy", "list"])["policies"][0]["id"].as_str().unwrap().to_string()
}

#[test]
fn assignment_priority_accept_decline_and_plan() {
    let cli = Cli::new();
    let (contract, a) = newsroom(&cli);
    cli.fails(Some("lan"), &["assignment", "edit", &a, "--priority", "rat-gap"], "invalid_input", 5);
    let out = cli.ok(Some("lan"), &["assignment", "edit", &a, "--priority", "gap", "--stage", "ban-hanh"]);
    assert_eq!(out["assignment"]["priority"], "gap", "{out}");
    assert_eq!(out["assignment"]["stage"], "ban-hanh", "{out}");
    // Only the piece's reporter answers; a decline needs its reason.
    cli.fails(Some("binh"), &["assignment", "accept", &a], "forbidden", 3);
    cli.fails(Some("an"), &["assignment", "decline", &a, "--reason", "  "], "invalid_input", 5);
    let out = cli.ok(Some("an"), &["assignment", "decline", &a, "--reason", "Đang nghỉ phép đến 10/12"]);
    assert_eq!(out["response"]["response"], "decline", "{out}");
    assert_eq!(out["assignment"]["response"]["reason"], "Đang nghỉ phép đến 10/12", "{out}");
    cli.fails(Some("an"), &["assignment", "decline", &a, "--reason", "lại"], "conflict", 6);
    // The editor sees the decline in the plan and reassigns.
    let plan = cli.ok(Some("lan"), &["assignment", "plan", "--from", "2026-11-30", "--to", "2026-12-06"]);
    assert_eq!(plan["entries"][0]["assignment"]["id"], a.as_str(), "{plan}");
    let an = plan["load"].as_array().unwrap().iter().find(|l| l["login"] == "an").unwrap();
    assert_eq!(an["declined"], 1, "{plan}");
    let filtered = cli.ok(
        Some("lan"),
        &[
            "assignment",
            "plan",
            "--from",
            "2026-11-30",
            "--to",
            "2026-12-06",
            "--contract",
            &contract,
            "--genre",
            "phong-su",
        ],
    );
    assert!(filtered["entries"].as_array().unwrap().is_empty(), "{filtered}");
    cli.fails(Some("an"), &["assignment", "plan", "--from", "2026-11-30", "--to", "2026-12-06"], "forbidden", 3);
    cli.fails(Some("lan"), &["assignment", "plan", "--from", "2026-01-01", "--to", "2026-12-31"], "invalid_input", 5);
    cli.ok(Some("lan"), &["assignment", "edit", &a, "--reporter", "binh"]);
    let out = cli.ok(Some("binh"), &["assignment", "accept", &a]);
    assert_eq!(out["response"]["response"], "accept", "{out}");
    // Urgent first in every list.
    let list = cli.ok(Some("lan"), &["assignment", "list"]);
    assert_eq!(list["assignments"][0]["priority"], "gap", "{list}");
}

#[test]
fn user_edit_and_deactivate_keep_the_person_in_the_history() {
    let cli = Cli::new();
    let (_, a) = newsroom(&cli);
    cli.fails(Some("lan"), &["user", "deactivate", "binh"], "forbidden", 3);
    let out = cli.ok(Some("hung"), &["user", "edit", "binh", "--pen-name", "Bình Minh", "--role", "editor"]);
    assert_eq!(out["changed"].as_array().unwrap().len(), 2, "{out}");
    assert_eq!(out["person"]["role"], "editor", "{out}");
    cli.ok(Some("hung"), &["user", "edit", "binh", "--role", "reporter"]);
    let out = cli.ok(Some("hung"), &["user", "deactivate", "an"]);
    assert_eq!(out["person"]["active"], false, "{out}");
    assert!(out["warnings"][0].as_str().unwrap().contains("1 bài"), "{out}");
    // They act no more; they stay listed.
    cli.fails(Some("an"), &["assignment", "list"], "forbidden", 3);
    let people = cli.ok(Some("hung"), &["user", "list"]);
    assert!(people["people"].as_array().unwrap().iter().any(|p| p["login"] == "an" && p["active"] == false));
    // A piece is not given to them.
    cli.ok(Some("lan"), &["assignment", "edit", &a, "--reporter", "binh"]);
    let e = cli.fails(Some("lan"), &["assignment", "edit", &a, "--reporter", "an"], "forbidden", 3);
    assert!(e.contains("ngừng hoạt động"), "{e}");
    cli.ok(Some("hung"), &["user", "reactivate", "an"]);
    cli.ok(Some("an"), &["assignment", "list"]);
}

#[test]
fn agency_contacts_and_show() {
    let cli = Cli::new();
    newsroom(&cli);
    let ag = agency(&cli);
    let add = |who: &str, role: &str, phone: &str| {
        let args = [
            "agency",
            "contact",
            "add",
            &ag,
            "--name",
            "Nguyễn Thị Hoa",
            "--position",
            "Phó Chánh Văn phòng Sở",
            "--role",
            role,
            "--phone",
            phone,
            "--email",
            "hoa@stp.binhson.gov.vn",
        ];
        (who.to_string(), args.iter().map(|s| s.to_string()).collect::<Vec<String>>())
    };
    let fails = |(who, args): (String, Vec<String>), code: &str, exit: i32| {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        cli.fails(Some(&who), &a, code, exit)
    };
    let e = fails(add("lan", "dau-moi", "0905"), "invalid_input", 5);
    assert!(e.contains("số điện thoại"), "{e}");
    fails(add("lan", "truong-phong", "0905 123 456"), "invalid_input", 5);
    fails(add("an", "dau-moi", "0905 123 456"), "forbidden", 3);
    let (who, args) = add("lan", "dau-moi", "0905 123 456");
    let c = cli.ok(Some(&who), &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(c["role"], "dau-moi");
    let page = cli.ok(Some("an"), &["agency", "show", &ag]);
    assert_eq!(page["contacts"][0]["name"], "Nguyễn Thị Hoa", "{page}");
    assert_eq!(page["contracts"].as_array().unwrap().len(), 0, "a reporter does not see contracts: {page}");
    let page = cli.ok(Some("hung"), &["agency", "show", &ag]);
    assert_eq!(page["contracts"].as_array().unwrap().len(), 1, "{page}");
    cli.ok(Some("lan"), &["agency", "contact", "remove", &id(&c)]);
    assert!(cli.ok(Some("lan"), &["agency", "show", &ag])["contacts"].as_array().unwrap().is_empty());
}

#[test]
fn policy_stage_with_its_document_and_show() {
    let cli = Cli::new();
    newsroom(&cli);
    let p = policy(&cli);
    let pdf = cli.dir.path().join("quyet-dinh.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").unwrap();
    let png = cli.dir.path().join("anh.pdf");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n").unwrap();
    let pdf = pdf.to_str().unwrap();
    cli.fails(Some("an"), &["policy", "stage", &p, "--stage", "ban-hanh", "--on", "2026-11-10"], "forbidden", 3);
    cli.fails(Some("lan"), &["policy", "stage", &p, "--stage", "da-xong", "--on", "2026-11-10"], "invalid_input", 5);
    cli.fails(
        Some("lan"),
        &["policy", "stage", &p, "--stage", "ban-hanh", "--on", "2026-11-10", "--document", png.to_str().unwrap()],
        "invalid_input",
        5,
    );
    let s = cli.ok(
        Some("lan"),
        &[
            "policy",
            "stage",
            &p,
            "--stage",
            "ban-hanh",
            "--on",
            "2026-11-10",
            "--document",
            pdf,
            "--note",
            "Quyết định 1234/QĐ-UBND",
        ],
    );
    assert_eq!(s["stage"], "ban-hanh", "{s}");
    assert_eq!(s["document_name"], "quyet-dinh.pdf", "{s}");
    let page = cli.ok(Some("lan"), &["policy", "show", &p]);
    assert_eq!(page["policy"]["stage"], "ban-hanh", "{page}");
    assert_eq!(page["timeline"].as_array().unwrap().len(), 1, "{page}");
    assert_eq!(page["stages"][0]["stage"], "thuc-thi", "the piece covers the stage of its assignment: {page}");
}

#[test]
fn feedback_add_list_answer_and_the_period_report_with_its_files() {
    let cli = Cli::new();
    let (_, a) = newsroom(&cli);
    let p = policy(&cli);
    cli.fails(Some("an"), &["feedback", "add", "--policy", &p, "--channel", "zalo", "--text", "Hỏi"], "forbidden", 3);
    cli.fails(
        Some("lan"),
        &["feedback", "add", "--policy", &p, "--channel", "thu-tay", "--text", "Hỏi"],
        "invalid_input",
        5,
    );
    let f = cli.ok(
        Some("lan"),
        &[
            "feedback",
            "add",
            "--policy",
            &p,
            "--channel",
            "duong-day-nong",
            "--text",
            "Người dân hỏi thủ tục",
            "--assignment",
            &a,
            "--on",
            "2026-11-28",
        ],
    );
    assert_eq!(f["state"], "moi", "{f}");
    assert_eq!(cli.ok(Some("an"), &["feedback", "list"])["feedback"].as_array().unwrap().len(), 1);
    assert_eq!(cli.ok(Some("binh"), &["feedback", "list"])["feedback"].as_array().unwrap().len(), 0);
    let done = cli.ok(Some("lan"), &["feedback", "answer", &id(&f), "--text", "Sở đã hướng dẫn qua điện thoại"]);
    assert_eq!(done["state"], "da-tra-loi", "{done}");
    let answered = cli.ok(Some("lan"), &["feedback", "list", "--policy", &p, "--state", "da-tra-loi"]);
    assert_eq!(answered["feedback"].as_array().unwrap().len(), 1);
    // The period report: nothing published yet, the feedback counted; files written.
    let xlsx = cli.dir.path().join("ket-qua.xlsx");
    let pdf = cli.dir.path().join("ket-qua.pdf");
    let r = cli.ok(
        Some("hung"),
        &[
            "report",
            "period",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--xlsx",
            xlsx.to_str().unwrap(),
            "--pdf",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(r["totals"]["feedback"], 1, "{r}");
    assert_eq!(r["totals"]["pieces"], 0, "{r}");
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    assert_eq!(r["files"]["pdf"], pdf.to_str().unwrap());
    cli.fails(Some("an"), &["report", "period", "--from", "2026-11-01", "--to", "2026-11-30"], "forbidden", 3);
    cli.fails(Some("hung"), &["report", "period", "--from", "2026-12-01", "--to", "2026-11-30"], "invalid_input", 5);
}
