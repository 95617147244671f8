//! End-to-end tests of the `newsroom` binary: the command spellings and `--json`
//! output that users' scripts rely on.

// Built for Windows (scripts/test-windows.sh), the Unix-only tests are left
// out and some helpers only they use go unused.
#![cfg_attr(not(unix), allow(dead_code))]

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

mod desk;
mod hub;
mod portal;
mod safety;

/// The CLI under test. Cross-compiled on Linux and run under Wine
/// (scripts/test-windows.sh), cargo's path to it is a Unix path, which a
/// Windows process reaches through Wine's drive Z: (mapped to `/`).
fn newsroom_bin() -> std::path::PathBuf {
    let path = env!("CARGO_BIN_EXE_newsroom");
    if cfg!(windows) && path.starts_with('/') {
        format!("Z:{}", path.replace('/', "\\")).into()
    } else {
        path.into()
    }
}

/// The one harness of the CLI tests: `newsroom --json` on a data folder, as
/// a scripted user runs it. A workbench of the hub tests (`hub::Workbench`)
/// is this harness pointed at another folder with the hub's passwords in its
/// environment.
struct Cli {
    /// A temporary folder of its own: the data folder unless `at` names
    /// another, and where [`Cli::file`] writes the files given to commands.
    dir: tempfile::TempDir,
    /// Another data folder to work on instead of `dir` (a restored one, a
    /// workbench of a hub test).
    at: Option<std::path::PathBuf>,
    /// More environment for every command (the hub's passwords, by name).
    env: Vec<(String, String)>,
}

impl Cli {
    fn new() -> Cli {
        Cli { dir: tempfile::tempdir().unwrap(), at: None, env: Vec::new() }
    }

    /// Commands on the data folder `path` (files still go to a temporary folder).
    fn at(path: &Path) -> Cli {
        Cli { dir: tempfile::tempdir().unwrap(), at: Some(path.to_path_buf()), env: Vec::new() }
    }

    /// Every command also gets `name=value` in its environment.
    fn with_env(mut self, name: impl Into<String>, value: impl Into<String>) -> Cli {
        self.env.push((name.into(), value.into()));
        self
    }

    fn cmd(&self, who: Option<&str>, args: &[&str]) -> Command {
        let mut c = Command::new(crate::newsroom_bin());
        c.arg("--data-dir").arg(self.at.as_deref().unwrap_or(self.dir.path())).arg("--json");
        if let Some(w) = who {
            c.args(["--as", w]);
        }
        c.args(args)
            .env_remove("NEWSROOM_AS")
            .env_remove("NEWSROOM_DATA_DIR")
            .env_remove("NEWSROOM_PASSPHRASE")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null());
        c
    }

    fn run(&self, who: Option<&str>, args: &[&str]) -> Output {
        self.cmd(who, args).output().unwrap()
    }

    /// Runs a command that must succeed; returns its one JSON object.
    fn ok(&self, who: Option<&str>, args: &[&str]) -> Value {
        let out = self.run(who, args);
        assert!(out.status.success(), "{args:?} failed: {}", ended(&out));
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(stdout.trim().lines().count(), 1, "one JSON object per command: {stdout}");
        serde_json::from_str(&stdout).unwrap()
    }

    /// Runs a command that must fail with `code`; returns stderr.
    fn fails(&self, who: Option<&str>, args: &[&str], code: &str, exit: i32) -> String {
        let out = self.run(who, args);
        assert_eq!(out.status.code(), Some(exit), "{args:?}: {}", ended(&out));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["error"]["code"], code, "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(&format!("[{code}]")), "{stderr}");
        stderr
    }

    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.display().to_string()
    }
}

/// How a process ended, for a failed assertion: its stderr, and when it said
/// nothing there, its exit status (on Windows an NTSTATUS in hex, e.g.
/// 0xC00000FD for a stack overflow) and its stdout. Under Wine a CLI test once
/// failed with an empty message: this says what ended the process.
fn ended(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !stderr.trim().is_empty() {
        return stderr.into_owned();
    }
    let status = match out.status.code() {
        Some(c) => format!("exit status {c} ({:#010X})", c as u32),
        None => format!("{}", out.status),
    };
    format!("nothing on stderr; {status}; stdout: «{}»", String::from_utf8_lossy(&out.stdout))
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

/// The words of `contract add`: a contract of `agency` numbered `number`,
/// running from `start` to `end`, worth `value` when one is given.
fn contract_add<'a>(
    agency: &'a str,
    number: &'a str,
    start: &'a str,
    end: &'a str,
    value: Option<&'a str>,
) -> Vec<&'a str> {
    let mut args = vec!["contract", "add", "--agency", agency, "--number", number, "--start", start, "--end", end];
    args.extend(value.map(|v| ["--value", v]).into_iter().flatten());
    args
}

/// The words of `contract line add`: `quantity` pieces of `genre` on
/// `channel` at `unit_price` each, on `contract`.
fn line_add<'a>(
    contract: &'a str,
    genre: &'a str,
    channel: &'a str,
    quantity: &'a str,
    unit_price: &'a str,
) -> [&'a str; 12] {
    [
        "contract",
        "line",
        "add",
        contract,
        "--genre",
        genre,
        "--channel",
        channel,
        "--quantity",
        quantity,
        "--unit-price",
        unit_price,
    ]
}

/// The words of `assignment add`: a piece titled `title` on `line` and
/// `policy` for `reporter`, due on `due`.
fn assignment_add<'a>(
    line: &'a str,
    policy: &'a str,
    reporter: &'a str,
    due: &'a str,
    title: &'a str,
) -> [&'a str; 12] {
    ["assignment", "add", "--line", line, "--policy", policy, "--reporter", reporter, "--due", due, "--title", title]
}

/// A newsroom with a contract line, a policy and one assignment for `an`.
fn newsroom(cli: &Cli) -> (String, String) {
    cli.ok(None, &["init"]);
    cli.ok(None, &["user", "add", "hung", "--name", "Trần Quốc Hùng", "--role", "head"]);
    cli.ok(Some("hung"), &["user", "add", "lan", "--name", "Phạm Thị Lan", "--role", "editor"]);
    cli.ok(
        Some("hung"),
        &["user", "add", "an", "--name", "Lê Thanh An", "--role", "reporter", "--pen-name", "Thanh An"],
    );
    cli.ok(Some("hung"), &["user", "add", "binh", "--name", "Vũ Thị Bình", "--role", "reporter"]);
    let agency = id(&cli.ok(Some("hung"), &["agency", "add", "--name", "Sở Tư pháp tỉnh Bình Sơn"]));
    let policy = id(&cli.ok(
        Some("lan"),
        &[
            "policy",
            "add",
            "--name",
            "Chỉ thị về truyền thông chính sách",
            "--doc-number",
            "07/CT-TTg",
            "--stage",
            "thuc-thi",
        ],
    ));
    let number = "08/2026/HĐĐH-STP";
    let contract = contract_add(&agency, number, "2026-01-15", "2026-12-15", Some("486.000.000"));
    let contract = id(&cli.ok(Some("hung"), &contract));
    let line = cli.ok(Some("hung"), &line_add(&contract, "tin", "bao-dien-tu", "10", "1200000"));
    let line = line["line"]["id"].as_str().unwrap().to_string();
    let title = "Người phát ngôn ở Đà Nẵng";
    let a = cli.ok(Some("lan"), &assignment_add(&line, &policy, "an", "2026-12-01", title));
    (contract, id(&a))
}

#[test]
fn walks_a_piece_from_contract_to_approval() {
    let cli = Cli::new();
    let (contract, a) = newsroom(&cli);
    let body = cli.file("bai.md", "Theo Chỉ thị 07/CT-TTg, người phát ngôn phải trả lời báo chí.\n".as_bytes());
    let saved = cli.ok(
        Some("an"),
        &["draft", "save", &a, "--file", &body, "--headline", "Người phát ngôn ở Đà Nẵng", "--sapo", "Sapo."],
    );
    assert_eq!(saved["revision"], 1);
    assert_eq!(saved["state"], "drafting");
    assert_eq!(cli.ok(Some("an"), &["submit", &a])["state"], "submitted");
    let rc = cli.ok(Some("lan"), &["request-changes", &a, "--comment", "Thêm ý kiến người dân"]);
    assert_eq!(rc["state"], "changes-requested");
    let comments = cli.ok(Some("an"), &["comment", "list", &a]);
    assert_eq!(comments["comments"][0]["text"], "Thêm ý kiến người dân");
    let body2 = cli.file(
        "bai2.md",
        "Theo Chỉ thị 07/CT-TTg, người phát ngôn phải trả lời báo chí.\n\nBà Mai nói: rất tốt.\n".as_bytes(),
    );
    assert_eq!(cli.ok(Some("an"), &["draft", "save", &a, "--file", &body2])["revision"], 2);
    cli.ok(Some("an"), &["submit", &a]);
    let approval = cli.ok(Some("lan"), &["approve", &a]);
    let history = cli.ok(Some("lan"), &["draft", "history", &a]);
    let last = history["revisions"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(approval["content_hash"], last["content_hash"]);
    assert_eq!(approval["revision_seq"], 2);
    let diff = cli.ok(Some("lan"), &["draft", "diff", &a, "1", "2"]);
    assert!(diff["fields"].as_array().unwrap().iter().any(|f| f["field"] == "body" && f["changed"] == true));
    let shown = cli.ok(Some("an"), &["assignment", "show", &a]);
    assert_eq!(shown["state"], "approved");
    let hits = cli.ok(Some("lan"), &["search", "da", "nang"]);
    assert_eq!(hits["hits"][0]["assignment_id"], a.as_str());
    let report = cli.ok(Some("hung"), &["report", "contract", &contract]);
    assert_eq!(report["quota"], 10);
    assert_eq!(report["contract"]["total_value"], 486_000_000);
    let list = cli.ok(Some("an"), &["assignment", "list", "--mine"]);
    assert_eq!(list["assignments"].as_array().unwrap().len(), 1);
    assert_eq!(cli.ok(Some("binh"), &["assignment", "list"])["assignments"].as_array().unwrap().len(), 0);
}

#[test]
fn role_rules_and_bad_input_fail_clearly_and_change_nothing() {
    let cli = Cli::new();
    let (contract, a) = newsroom(&cli);
    let before = cli.ok(Some("hung"), &["audit"])["events"].as_array().unwrap().len();
    let err = cli.fails(Some("binh"), &["draft", "save", &a, "--headline", "Tít"], "forbidden", 3);
    assert!(err.contains("reporter-own-assignment"), "{err}");
    cli.fails(Some("an"), &["approve", &a], "forbidden", 3);
    cli.fails(Some("lan"), &line_add(&contract, "tin", "bao-in", "1", "1"), "forbidden", 3);
    cli.fails(Some("an"), &["submit", &a], "invalid_transition", 5);
    // Negative quantity, unknown genre, negative and overflowing prices.
    for (genre, quantity, price) in
        [("tin", "-3", "1"), ("tho", "1", "1"), ("tin", "1", "-1000"), ("tin", "1", "99999999999999999999999")]
    {
        cli.fails(Some("hung"), &line_add(&contract, genre, "bao-in", quantity, price), "invalid_input", 5);
    }
    let agencies = cli.ok(Some("hung"), &["agency", "list"]);
    let agency = agencies["agencies"][0]["id"].as_str().unwrap().to_string();
    let err =
        cli.fails(Some("hung"), &contract_add(&agency, "X", "2026-05-01", "2026-04-01", None), "invalid_input", 5);
    assert!(err.contains("trước ngày bắt đầu"), "{err}");
    cli.fails(Some("hung"), &contract_add(&agency, "X", "2026-02-30", "2026-04-01", None), "invalid_input", 5);
    cli.fails(Some("hung"), &["contract", "show", "khong-co"], "not_found", 4);
    cli.fails(Some("ai-do"), &["assignment", "list"], "not_found", 4);
    cli.fails(None, &["assignment", "list"], "forbidden", 3);
    cli.fails(Some("an"), &["draft", "save", &a], "invalid_input", 5);
    let after = cli.ok(Some("hung"), &["audit"])["events"].as_array().unwrap().len();
    assert_eq!(before, after, "no refused command wrote anything");
    // Usage errors are clap's (exit 2).
    assert_eq!(cli.run(Some("an"), &["submit"]).status.code(), Some(2));
}

#[test]
fn legacy_font_text_is_offered_never_applied_silently() {
    let cli = Cli::new();
    let (_, a) = newsroom(&cli);
    let tcvn = "T¨ng c\u{ad}êng c«ng t¸c truyÒn th«ng chÝnh s¸ch theo ChØ thÞ 07/CT-TTg";
    let f = cli.file("tcvn.txt", tcvn.as_bytes());
    let out = cli.cmd(Some("an"), &["draft", "save", &a, "--file", &f, "--headline", "Tít"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--convert-legacy"));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["legacy"]["encoding"], "tcvn3");
    assert_eq!(v["legacy"]["converted"], false);
    assert_eq!(cli.ok(Some("an"), &["draft", "show", &a])["body"], tcvn, "saved as typed");
    let v = cli.ok(Some("an"), &["draft", "save", &a, "--file", &f, "--convert-legacy"]);
    assert_eq!(v["legacy"]["converted"], true);
    assert_eq!(
        cli.ok(Some("an"), &["draft", "show", &a])["body"],
        "Tăng cường công tác truyền thông chính sách theo Chỉ thị 07/CT-TTg"
    );
    // An 8-bit file straight from a .VnTime document: refused unless converting.
    let raw: Vec<u8> = tcvn.chars().map(|c| c as u32 as u8).collect();
    let f8 = cli.file("tcvn8.txt", &raw);
    cli.fails(Some("an"), &["draft", "save", &a, "--file", &f8], "invalid_input", 5);
    assert_eq!(
        cli.ok(Some("an"), &["draft", "save", &a, "--file", &f8, "--convert-legacy"])["created"],
        false,
        "same text as before"
    );
    // Binary junk and UTF-16 from Word.
    cli.fails(
        Some("an"),
        &["draft", "save", &a, "--file", &cli.file("x.bin", [0u8, 1, 2, 0xff, 0])],
        "invalid_input",
        5,
    );
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend("Chính văn UTF-16".encode_utf16().flat_map(u16::to_le_bytes));
    cli.ok(Some("an"), &["draft", "save", &a, "--file", &cli.file("u16.txt", &utf16)]);
    assert_eq!(cli.ok(Some("an"), &["draft", "show", &a])["body"], "Chính văn UTF-16");
}

#[test]
fn body_from_stdin_and_demo_is_idempotent() {
    let cli = Cli::new();
    let first = cli.ok(None, &["demo"]);
    assert_eq!(first["created"], true);
    let before = cli.ok(Some("hung"), &["audit"])["events"].as_array().unwrap().len();
    assert_eq!(cli.ok(None, &["demo"])["created"], false);
    assert_eq!(cli.ok(Some("hung"), &["audit"])["events"].as_array().unwrap().len(), before);
    let list = cli.ok(Some("hung"), &["assignment", "list"]);
    let all = list["assignments"].as_array().unwrap();
    assert!(all.len() >= 30);
    for state in
        ["assigned", "drafting", "submitted", "changes-requested", "approved", "published", "accepted", "cancelled"]
    {
        assert!(all.iter().any(|a| a["state"] == state), "demo has a piece {state}");
    }
    let drafting = all.iter().find(|a| a["state"] == "drafting" && a["reporter"] == "an").unwrap();
    let aid = drafting["id"].as_str().unwrap();
    let mut child =
        cli.cmd(Some("an"), &["draft", "save", aid]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all("Chính văn gửi qua stdin.".as_bytes()).unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
    assert_eq!(cli.ok(Some("an"), &["draft", "show", aid])["body"], "Chính văn gửi qua stdin.");
    // Issue «Nothing lost, nothing leaked», item 12: a piped body given with
    // other fields was dropped without a word (exit 0). Now both are saved.
    let mut child = cli
        .cmd(Some("an"), &["draft", "save", aid, "--headline", "Tít gửi kèm"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all("Chính văn đi cùng tít.".as_bytes()).unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
    let shown = cli.ok(Some("an"), &["draft", "show", aid]);
    assert_eq!(
        (&shown["headline"], &shown["body"]),
        (&"Tít gửi kèm".into(), &"Chính văn đi cùng tít.".into()),
        "{shown}"
    );
    // An empty stdin (cron, /dev/null) with a field keeps the body.
    cli.ok(Some("an"), &["draft", "save", aid, "--sapo", "Sa pô mới."]);
    assert_eq!(cli.ok(Some("an"), &["draft", "show", aid])["body"], "Chính văn đi cùng tít.");
    let hits = cli.ok(Some("an"), &["search", "nghi dinh"]);
    assert!(!hits["hits"].as_array().unwrap().is_empty());
}

#[test]
fn refuses_newer_corrupt_and_unwritable_data() {
    let cli = Cli::new();
    cli.ok(None, &["init"]);
    let db = cli.dir.path().join("toasoan.db");
    {
        let out =
            Command::new(crate::newsroom_bin()).arg("--data-dir").arg(cli.dir.path()).arg("init").output().unwrap();
        assert!(out.status.success());
    }
    let garbage = b"not a database at all".repeat(10);
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("toasoan.db"), &garbage).unwrap();
    let out = Command::new(crate::newsroom_bin()).arg("--data-dir").arg(other.path()).arg("init").output().unwrap();
    assert_eq!(out.status.code(), Some(7));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[not_a_database]"));
    assert_eq!(std::fs::read(other.path().join("toasoan.db")).unwrap(), garbage);
    let file = cli.file("plain-file", b"x");
    let out = Command::new(crate::newsroom_bin())
        .arg("--data-dir")
        .arg(Path::new(&file).join("sub"))
        .arg("init")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[data_dir_unwritable]"));
    assert!(db.exists());
}

fn photo(w: u16, h: u16) -> Vec<u8> {
    let px: Vec<u8> = (0..u32::from(w) * u32::from(h)).flat_map(|i| [(i % 251) as u8, 90, 160]).collect();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 90).encode(&px, w, h, jpeg_encoder::ColorType::Rgb).unwrap();
    out
}

#[test]
fn media_import_list_show_edit_with_json() {
    let cli = Cli::new();
    let (_, a) = newsroom(&cli);
    let good = cli.file("Hội nghị.jpg", photo(2400, 1200));
    let bad = cli.file("thu-moi.jpg", "Kính mời".as_bytes());
    let pdf = cli.file("ke-hoach.pdf", b"%PDF-1.4\n%%EOF\n");

    // One bad file in a batch: the others are imported, the bad one is named,
    // the exit status says "invalid input", stdout is still one JSON object.
    let out = cli.run(Some("an"), &["media", "import", &good, &bad, &pdf, "--assignment", &a]);
    assert_eq!(out.status.code(), Some(5), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["imported"].as_array().unwrap().len(), 2);
    assert_eq!(v["failed"][0]["file"], bad.as_str());
    assert_eq!(v["failed"][0]["error"]["code"], "invalid_input");
    assert!(v["failed"][0]["error"]["message"].as_str().unwrap().contains("không phải ảnh"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[3/3]"), "progress on stderr");
    let img = &v["imported"][0]["item"];
    assert_eq!((img["width"].as_u64(), img["height"].as_u64()), (Some(2400), Some(1200)));
    let mid = img["id"].as_str().unwrap().to_string();

    // The same photo again: stored once.
    let again = cli.ok(Some("lan"), &["media", "import", &good]);
    assert_eq!(again["imported"][0]["created"], false);
    assert_eq!(again["imported"][0]["item"]["id"], mid.as_str());

    let list = cli.ok(Some("an"), &["media", "list", "--assignment", &a]);
    assert_eq!(list["media"].as_array().unwrap().len(), 2);
    let by_text = cli.ok(Some("an"), &["media", "list", "--text", "hoi nghi"]);
    assert_eq!(by_text["media"].as_array().unwrap().len(), 1);

    cli.fails(Some("binh"), &["media", "edit", &mid, "--caption", "x"], "forbidden", 3);
    let e = cli.ok(Some("an"), &["media", "edit", &mid, "--caption", "Quang cảnh hội nghị", "--credit", "Ảnh: Thu Hà"]);
    assert_eq!(e["credit"], "Thu Hà");

    let show = cli.ok(Some("an"), &["media", "show", &mid]);
    assert_eq!(show["item"]["caption"], "Quang cảnh hội nghị");
    let web = show["files"]["web"].as_str().unwrap();
    let bytes = std::fs::read(web).unwrap();
    assert!(bytes.starts_with(&[0xFF, 0xD8]) && bytes.len() < std::fs::metadata(&good).unwrap().len() as usize);
    cli.fails(Some("an"), &["media", "show", "không-có"], "not_found", 4);
}

/// `newsroom assignment edit` (issue «The whole desk in the window»): the
/// JSON names each change and the warnings; a reporter and an unknown date
/// are refused and change nothing.
#[test]
fn assignment_edit_reassigns_with_warnings_in_one_json_object() {
    let cli = Cli::new();
    let (_contract, a) = newsroom(&cli);
    cli.fails(Some("an"), &["assignment", "edit", &a, "--due", "2026-12-20"], "forbidden", 3);
    cli.fails(Some("lan"), &["assignment", "edit", &a, "--due", "31/02/2026"], "invalid_input", 5);
    cli.fails(Some("lan"), &["assignment", "edit", &a], "invalid_input", 5);
    assert_eq!(cli.ok(Some("an"), &["assignment", "show", &a])["due_on"], "2026-12-01");
    let out = cli.ok(
        Some("lan"),
        &["assignment", "edit", &a, "--reporter", "binh", "--due", "2027-01-10", "--title", "Người phát ngôn cấp xã"],
    );
    assert_eq!(out["assignment"]["reporter"], "binh", "{out}");
    assert_eq!(
        out["changed"][0],
        json!({ "field": "title", "before": "Người phát ngôn ở Đà Nẵng", "after": "Người phát ngôn cấp xã" })
    );
    assert_eq!(out["changed"].as_array().unwrap().len(), 3, "{out}");
    assert!(out["warnings"][0].as_str().unwrap().contains("10/01/2027"), "{out}");
    assert_eq!(cli.ok(Some("binh"), &["assignment", "list"])["assignments"].as_array().unwrap().len(), 1);
    assert_eq!(cli.ok(Some("an"), &["assignment", "list"])["assignments"].as_array().unwrap().len(), 0);
}

#[test]
fn override_counts_a_piece_with_a_reason_heads_only() {
    let cli = Cli::new();
    let (_, a) = newsroom(&cli);
    cli.fails(Some("lan"), &["override", &a, "--count", "--reason", "Đã đăng trên fanpage"], "forbidden", 3);
    let out = cli.run(Some("hung"), &["override", &a, "--count", "--no-count", "--reason", "x"]);
    assert_eq!(out.status.code(), Some(2), "--count and --no-count together is a usage error");
    let out = cli.run(Some("hung"), &["override", &a, "--count"]);
    assert_eq!(out.status.code(), Some(2), "a reason is required");
    cli.fails(Some("hung"), &["override", &a, "--no-count", "--reason", " "], "invalid_input", 5);
    let v = cli.ok(Some("hung"), &["override", &a, "--count", "--reason", "Đã đăng trên fanpage của Sở"]);
    assert_eq!(v["counts"], true);
    assert!(v["override_id"].as_str().is_some());
    let audit = cli.ok(Some("hung"), &["audit", "--entity", &a]);
    assert!(audit.to_string().contains("assignment.override"));
}

#[test]
fn acceptance_from_the_command_line_with_files_and_json() {
    let cli = Cli::new();
    let (contract, a) = newsroom(&cli);
    publish(&cli, &a, "Theo Chỉ thị 07/CT-TTg, người phát ngôn phải trả lời báo chí.\n", "Người phát ngôn ở Đà Nẵng");
    let today = toasoan_domain::time::vn_date(chrono_now()).to_string();

    // Amendment and edit through the CLI.
    let line = cli.ok(Some("hung"), &["contract", "show", &contract])["lines"][0]["id"].as_str().unwrap().to_string();
    cli.fails(
        Some("hung"),
        &["contract", "amend", &contract, "--number", "01/PL", "--reason", "x", "--change", "sai-dinh-dang"],
        "invalid_input",
        5,
    );
    let change = format!("{line}:12:1.300.000");
    let m = cli.ok(
        Some("hung"),
        &["contract", "amend", &contract, "--number", "01/PL", "--reason", "Tăng số tin", "--change", &change],
    );
    assert_eq!(m["amendment"]["lines"][0]["quantity_before"], 10);
    assert_eq!(m["amendment"]["lines"][0]["unit_price_after"], 1_300_000);
    let history = cli.ok(Some("lan"), &["contract", "amendments", &contract]);
    assert_eq!(history["amendments"].as_array().unwrap().len(), 1);
    let edited = cli.ok(Some("hung"), &["contract", "edit", &contract, "--newsroom", "Báo Bình Sơn"]);
    assert_eq!(edited["newsroom_name"], "Báo Bình Sơn");
    assert_eq!(edited["total_value"], 486_000_000, "an edit never touches the value");

    // The running report writes its documents too.
    let xlsx = cli.dir.path().join("tam-tinh.xlsx");
    let pdf = cli.dir.path().join("tam-tinh.pdf");
    let r = cli.ok(
        Some("hung"),
        &["report", "contract", &contract, "--xlsx", xlsx.to_str().unwrap(), "--pdf", pdf.to_str().unwrap()],
    );
    assert_eq!(r["delivered"], 1);
    assert_eq!(r["files"]["xlsx"], xlsx.to_str().unwrap());
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"), "an XLSX is a zip");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    // Acceptance: editors may not; bad dates are refused; then accepted once.
    cli.fails(Some("lan"), &["acceptance", "create", &contract, "--until", &today], "forbidden", 3);
    cli.fails(Some("hung"), &["acceptance", "create", &contract, "--until", "31/02/2026"], "invalid_input", 5);
    // `accept ID` (kept for scripts) never accepts a piece outside a round:
    // it names the round's command and changes nothing.
    let e = cli.fails(Some("hung"), &["accept", &a], "forbidden", 3);
    assert!(e.contains(&format!("acceptance create {contract}")), "{e}");
    assert_eq!(cli.ok(Some("an"), &["assignment", "show", &a])["state"], "published");
    let preview = cli.ok(Some("hung"), &["acceptance", "preview", &contract, "--until", &today]);
    assert_eq!(preview["items"].as_array().unwrap().len(), 1);
    let out_pdf = cli.dir.path().join("nghiem-thu.pdf");
    let x = cli
        .ok(Some("hung"), &["acceptance", "create", &contract, "--until", &today, "--pdf", out_pdf.to_str().unwrap()]);
    assert_eq!(x["created"], true);
    assert_eq!(x["acceptance"]["seq"], 1);
    assert_eq!(x["acceptance"]["total_amount"], 1_300_000);
    assert_eq!(x["acceptance"]["items"][0]["headline"], "Người phát ngôn ở Đà Nẵng");
    assert!(out_pdf.exists());
    assert_eq!(cli.ok(Some("an"), &["assignment", "show", &a])["state"], "accepted");
    let again = cli.ok(Some("hung"), &["acceptance", "create", &contract, "--until", &today]);
    assert_eq!(again["created"], false);
    assert_eq!(again["acceptance"]["id"], x["acceptance"]["id"]);
    let list = cli.ok(Some("lan"), &["acceptance", "list", &contract]);
    assert_eq!(list["acceptances"].as_array().unwrap().len(), 1);
    let id = x["acceptance"]["id"].as_str().unwrap();
    let out_xlsx = cli.dir.path().join("bang-ke.xlsx");
    let shown = cli.ok(Some("lan"), &["acceptance", "show", id, "--xlsx", out_xlsx.to_str().unwrap()]);
    assert_eq!(shown["acceptance"]["items"].as_array().unwrap().len(), 1);
    assert!(out_xlsx.exists());
    let report = cli.ok(Some("hung"), &["report", "contract", &contract]);
    assert_eq!((report["accepted"].clone(), report["value_accepted"].clone()), (1.into(), 1_300_000.into()));
}

/// `an` writes and submits the piece, `lan` approves it and records its publication.
fn publish(cli: &Cli, a: &str, body: &str, headline: &str) {
    let body = cli.file("bai.md", body.as_bytes());
    cli.ok(Some("an"), &["draft", "save", a, "--file", &body, "--headline", headline]);
    cli.ok(Some("an"), &["submit", a]);
    cli.ok(Some("lan"), &["approve", a]);
    cli.ok(Some("lan"), &["mark-published", a, "--url", "https://binhson.gov.vn/tin/1"]);
}

fn chrono_now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

#[test]
fn engagement_import_add_and_show_from_the_command_line() {
    let cli = Cli::new();
    let (contract, a) = newsroom(&cli);
    publish(&cli, &a, "Theo Nghị định 32/2019/NĐ-CP, người dân được hỗ trợ.\n", "Người dân được hỗ trợ gì?");
    // A Zalo OA export as Excel saves "Unicode text": UTF-16 LE with BOM, tabs.
    let text = "Tiêu đề\tLink bài viết\tLượt xem\tLượt thích\tBình luận\tChia sẻ\n\
        Người dân được hỗ trợ gì?\thttps://binhson.gov.vn/tin/1/\t1.200\t45\t3\t7\n\
        Bài khác của OA\thttps://oa.zalo.me/a/2\t80\t1\t0\t0\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let good = cli.file("zalo.csv", &utf16);
    let mut bad_text = text.to_string();
    bad_text.push_str("Lỗi\thttps://oa.zalo.me/a/3\tnhiều\t0\t0\t0\n");
    let bad = cli.file("zalo-loi.csv", bad_text.as_bytes());
    cli.fails(Some("an"), &["engagement", "import", &good, "--source", "zalo"], "forbidden", 3);
    cli.fails(Some("lan"), &["engagement", "import", &good, "--source", "tiktok"], "invalid_input", 5);
    let p = cli.ok(Some("lan"), &["engagement", "import", &good, "--source", "zalo", "--preview"]);
    assert_eq!(p["encoding"], "UTF-16LE (BOM)");
    assert_eq!((p["matched"].as_array().unwrap().len(), p["unmatched"].as_array().unwrap().len()), (1, 1));
    assert!(p["import_id"].is_null());
    let msg = cli.fails(Some("lan"), &["engagement", "import", &bad, "--source", "zalo"], "invalid_input", 5);
    assert!(msg.contains("dòng 4"), "{msg}");
    let shown = cli.ok(Some("lan"), &["engagement", "show", &a]);
    assert_eq!(shown["series"].as_array().unwrap().len(), 0, "refused and previewed imports record nothing");
    let done = cli.ok(Some("lan"), &["engagement", "import", &good, "--source", "zalo", "--as-of", "2026-03-10"]);
    assert_eq!(done["snapshots"], 4, "{done}");
    let again = cli.ok(Some("lan"), &["engagement", "import", &good, "--source", "zalo"]);
    assert!(again["import_id"].is_null() && again["imported_before"].is_string(), "{again}");
    cli.ok(
        Some("lan"),
        &["engagement", "add", &a, "--metric", "views", "--value", "300", "--at", "2026-03-11T02:00:00Z"],
    );
    cli.fails(Some("lan"), &["engagement", "add", &a, "--metric", "views", "--value", "-3"], "invalid_input", 5);
    cli.fails(Some("lan"), &["engagement", "poll", "--rate-for", "binhson.gov.vn"], "invalid_input", 5);
    cli.fails(Some("lan"), &["engagement", "poll", "--rate-for", "binhson.gov.vn=0"], "invalid_input", 5);
    let shown = cli.ok(Some("an"), &["engagement", "show", &a]);
    assert_eq!(shown["totals"]["views"], 1500, "Zalo and the manual figure are separate audiences: {shown}");
    assert_eq!(shown["totals"]["shares"], 7);
    let r = cli.ok(Some("hung"), &["engagement", "contract", &contract]);
    assert_eq!((r["pieces"].as_i64(), r["top"][0]["totals"]["views"].as_i64()), (Some(1), Some(1500)), "{r}");
}
