//! Architecture invariants from ARCHITECTURE.md, checked on the source tree.

use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn crates() -> Vec<PathBuf> {
    fs::read_dir(root().join("crates"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("Cargo.toml").exists())
        .collect()
}

#[test]
fn no_crate_under_crates_depends_on_tauri() {
    for c in crates() {
        let toml = fs::read_to_string(c.join("Cargo.toml")).unwrap();
        for line in toml.lines() {
            let l = line.trim_start();
            assert!(!l.starts_with("tauri") && !l.contains("\"tauri"), "{} depends on tauri: {line}", c.display());
        }
    }
}

#[test]
fn every_module_starts_with_a_module_doc() {
    let mut files = Vec::new();
    for c in crates() {
        rust_files(&c.join("src"), &mut files);
    }
    if root().join("src-tauri/src").exists() {
        rust_files(&root().join("src-tauri/src"), &mut files);
    }
    assert!(files.len() > 10);
    for f in files {
        let text = fs::read_to_string(&f).unwrap();
        assert!(text.trim_start().starts_with("//!"), "{} lacks a //! module doc", f.display());
    }
}

#[test]
fn only_the_store_speaks_sql() {
    let core = root().join("crates/core/src");
    let mut files = Vec::new();
    rust_files(&core, &mut files);
    for c in crates().into_iter().filter(|c| !c.ends_with("core")) {
        rust_files(&c.join("src"), &mut files);
    }
    rust_files(&root().join("src-tauri/src"), &mut files);
    assert!(files.iter().any(|f| f.ends_with("src-tauri/src/commands.rs")), "the shell is scanned too");
    for f in files {
        if f.starts_with(core.join("store")) {
            continue;
        }
        let text = fs::read_to_string(&f).unwrap();
        for needle in ["rusqlite", "SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM", "CREATE TABLE"] {
            assert!(!text.contains(needle), "{} speaks SQL ({needle}); only crates/core/src/store may", f.display());
        }
    }
}

/// Only the portal adapter (`crates/core/src/publish/wordpress.rs`) and the
/// engagement adapters' client (`crates/core/src/engagement/fetch.rs`) speak HTTP; no crate but the core has an HTTP
/// client; nothing returns string errors.
#[test]
fn only_adapters_speak_http_and_nothing_returns_string_errors() {
    let adapters =
        [root().join("crates/core/src/publish/wordpress.rs"), root().join("crates/core/src/engagement/fetch.rs")];
    let mut files = Vec::new();
    rust_files(&root().join("crates/core/src"), &mut files);
    for c in crates().into_iter().filter(|c| !c.ends_with("core")) {
        rust_files(&c.join("src"), &mut files);
    }
    rust_files(&root().join("src-tauri/src"), &mut files);
    let mut http_seen = 0;
    for f in files {
        let text = fs::read_to_string(&f).unwrap();
        for needle in ["Result<(), String>", "Result<String, String>", "-> Result<T, String>"] {
            assert!(!text.contains(needle), "{}: {needle}", f.display());
        }
        let speaks_http = ["reqwest", "hyper::", "TcpStream", "ureq::"].iter().any(|n| text.contains(n));
        if adapters.contains(&f) {
            http_seen += usize::from(speaks_http);
        } else {
            assert!(!speaks_http, "{} speaks HTTP; only the portal/engagement adapters may", f.display());
        }
    }
    assert_eq!(http_seen, adapters.len(), "the scan sees the adapters' HTTP client");
}

/// The shell's commands stay thin wrappers: no SQL (above), no `Result<_, String>`,
/// and every command goes through `AppState::with_user`/`with_desk`/the state's
/// own methods rather than holding a desk of its own.
#[test]
fn tauri_commands_are_thin_and_typed() {
    let text = fs::read_to_string(root().join("src-tauri/src/commands.rs")).unwrap();
    assert!(!text.contains(", String>"), "no Result<_, String> across IPC");
    for sig in text.split("\npub async fn ").skip(1).map(|rest| rest.split('{').next().unwrap_or_default()) {
        assert!(sig.contains("-> IpcResult<"), "every command returns IpcResult: {sig}");
    }
    assert!(!text.contains("Desk::open"), "commands never open a desk themselves");
    let mut body_lines = 0;
    let mut longest = (0, String::new());
    let mut current = String::new();
    let mut seen = 0;
    for line in text.lines() {
        if line.starts_with("pub async fn ") {
            seen += 1;
            current = line.to_string();
            body_lines = 0;
        } else if line == "}" && !current.is_empty() {
            if body_lines > longest.0 {
                longest = (body_lines, current.clone());
            }
            current.clear();
        } else if !current.is_empty() {
            body_lines += 1;
        }
    }
    assert!(seen >= 20 && longest.0 > 0, "the scan found the commands ({seen})");
    assert!(longest.0 <= 12, "command too long ({} lines), move the logic into the core: {}", longest.0, longest.1);
}
