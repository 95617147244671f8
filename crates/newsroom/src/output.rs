//! Printing results: Vietnamese text for people, one JSON object for scripts.

use serde::Serialize;
use toasoan_core::desk::FieldChange;
use toasoan_core::Error;
use toasoan_domain::search::Segment;

/// Writes to stdout; a closed pipe (`newsroom … | head`) ends the program
/// quietly instead of panicking.
pub fn write_out(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

/// `println!` through [`write_out`].
#[macro_export]
macro_rules! out {
    ($($t:tt)*) => { $crate::output::write_out(format_args!("{}\n", format_args!($($t)*))) };
}

/// Prints `value` as one JSON object, or runs `human` to print text.
pub fn emit<T: Serialize>(json: bool, value: &T, human: impl FnOnce()) {
    if json {
        let text = serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
        crate::out!("{text}");
    } else {
        human();
    }
}

/// Prints an error: always on stderr, and as `{"error":{code,message}}` on stdout
/// with `--json` so scripts reading stdout see it too.
pub fn print_error(e: &Error, json: bool) {
    let message = match hint(e).as_deref() {
        Some(h) => format!("{e} ({h})"),
        None => e.to_string(),
    };
    eprintln!("newsroom: lỗi [{}]: {message}", e.code());
    if json {
        crate::out!("{}", serde_json::json!({ "error": { "code": e.code(), "message": message } }));
    }
}

/// How to do on the command line what the core's message asks for in the
/// product's words (the core never names a flag: the window shows a field).
fn hint(e: &Error) -> Option<String> {
    let message = e.to_string();
    Some(String::from(match e {
        Error::Forbidden { rule: "passphrase", .. } if message.contains("hãy nhập cụm mật khẩu") => {
            "dòng lệnh: biến NEWSROOM_PASSPHRASE, --passphrase-stdin hoặc gõ khi được hỏi"
        }
        Error::Forbidden { rule: "head-only-people", .. } => "--as LOGIN của một lãnh đạo tòa soạn",
        Error::Invalid { field: "reason", .. } => "--reason \"…\"",
        Error::Invalid { field: "merged", .. } => "sửa tệp rồi dùng --file, hoặc --take mine|theirs",
        Error::Invalid { field: "url", .. } if message.contains("user:pass@") => "--user và mật khẩu riêng",
        Error::Invalid { field: "tệp", .. } if message.contains("vượt giới hạn") => {
            "đổi giới hạn bằng --max-size-mb"
        }
        Error::Forbidden { rule: "acceptance-round", .. } => {
            let contract =
                message.split_once("(mã ").and_then(|(_, r)| r.split_once(')')).map_or("HỢP_ĐỒNG", |(id, _)| id);
            return Some(format!("`newsroom acceptance create {contract} --until NGÀY`"));
        }
        Error::Invalid { field: "hub", .. } if message.contains("chưa nối") => {
            "`newsroom hub connect` hoặc `newsroom hub init`"
        }
        Error::SecretUnavailable(_) if message.contains("máy chủ chung") => "`newsroom hub connect`",
        Error::Conflict(_) if message.contains("không ghi đè") => "--replace",
        Error::Conflict(_) if message.contains("thư mục dữ liệu mới") => "--data-dir",
        _ => return None,
    }))
}

/// Exit status of a command that did its work but where some items failed
/// (refused files of a batch, publishing jobs that failed): the worst one.
static PARTIAL_FAILURE: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Records that an item failed with this exit status.
pub fn partial_failure(status: u8) {
    PARTIAL_FAILURE.fetch_max(status, std::sync::atomic::Ordering::Relaxed);
}

/// The exit status to use after a command that returned `Ok` (0 when nothing failed).
pub fn exit_after_ok() -> u8 {
    PARTIAL_FAILURE.load(std::sync::atomic::Ordering::Relaxed)
}

/// Exit status per error (2 is clap's usage error; 12 a sync with refused
/// changes, 7 also a check that found a problem). Every variant of the
/// domain's closed error set is named: a new one does not compile until it
/// has its status here (README lists them).
pub fn exit_code(e: &Error) -> u8 {
    match e {
        Error::Forbidden { .. } => 3,
        Error::NotFound { .. } => 4,
        Error::Invalid { .. } | Error::InvalidTransition { .. } => 5,
        Error::Conflict(_) => 6,
        Error::DatabaseTooNew { .. }
        | Error::NotADatabase { .. }
        | Error::DataDirNotWritable { .. }
        | Error::Storage(_) => 7,
        Error::PortalUnavailable(_) => 8,
        Error::PortalRejected(_) | Error::SecretUnavailable(_) => 9,
        Error::HubUnavailable(_) => 10,
        Error::HubRejected(_) => 11,
        Error::Busy(_) => 13,
    }
}

/// Renders highlighted segments for a terminal: hits between «».
pub fn segments(segs: &[Segment]) -> String {
    segs.iter().map(|s| if s.hit { format!("«{}»", s.text) } else { s.text.clone() }).collect()
}

// Text renderers shared by several nouns: what a person reads without --json.

/// The fields an edit changed, one `  field: «before» → «after»` line each.
pub fn field_changes(changed: &[FieldChange]) {
    for c in changed {
        crate::out!("  {}: «{}» → «{}»", c.field, c.before, c.after);
    }
}

/// What the person should know after a change, one `Lưu ý:` line each.
pub fn notes(warnings: &[String]) {
    for w in warnings {
        crate::out!("Lưu ý: {w}");
    }
}

/// The documents written, one `Đã ghi xlsx: PATH` line each (`files` is the
/// `{"xlsx": PATH, "pdf": PATH}` object of the JSON answer).
pub fn files_written(files: &serde_json::Value) {
    for (k, v) in files.as_object().into_iter().flatten() {
        crate::out!("Đã ghi {k}: {}", v.as_str().unwrap_or_default());
    }
}
