//! Architecture invariants from ARCHITECTURE.md, checked on the workspace
//! itself: the layers as facts of `Cargo.toml` (read with `cargo metadata`),
//! a code map that names every source file, module docs, typed errors.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// Each workspace crate and the workspace crates it may depend on (normal
/// and build dependencies). A crate not listed here is a failure: a new
/// crate must be given its place.
const LAYERS: &[(&str, &[&str])] = &[
    ("toasoan-domain", &[]),
    ("toasoan-files", &[]),
    ("toasoan-store", &["toasoan-domain", "toasoan-files"]),
    ("toasoan-media", &["toasoan-domain", "toasoan-files"]),
    ("toasoan-documents", &["toasoan-domain", "toasoan-files"]),
    ("toasoan-portal", &["toasoan-domain", "toasoan-files", "toasoan-documents"]),
    ("toasoan-hub", &["toasoan-domain"]),
    (
        "toasoan-core",
        &[
            "toasoan-domain",
            "toasoan-files",
            "toasoan-store",
            "toasoan-media",
            "toasoan-documents",
            "toasoan-portal",
            "toasoan-hub",
        ],
    ),
    // The front ends: the desk, and only the pure crates besides it — SQLite,
    // PostgreSQL and HTTP are reached through the desk alone.
    ("newsroom", &["toasoan-core", "toasoan-domain", "toasoan-documents", "toasoan-media"]),
    ("toasoan-app", &["toasoan-core", "toasoan-domain", "toasoan-documents", "toasoan-files", "toasoan-media"]),
    // A measuring tool: it also names the layers it measures.
    (
        "toasoan-bench",
        &["toasoan-core", "toasoan-domain", "toasoan-documents", "toasoan-media", "toasoan-portal", "toasoan-store"],
    ),
];

/// Capabilities that exactly one crate may have: the crates.io packages
/// that give it, and the one workspace crate allowed to depend on them.
const CAPABILITIES: &[(&str, &[&str], &str)] = &[
    ("SQLite", &["rusqlite", "libsqlite3-sys", "sqlite", "sqlx", "diesel", "sea-orm"], "toasoan-store"),
    (
        "an HTTP client",
        &["reqwest", "ureq", "hyper", "hyper-util", "http", "isahc", "curl", "attohttpc", "surf", "minreq"],
        "toasoan-portal",
    ),
    ("PostgreSQL", &["postgres", "tokio-postgres", "postgres-native-tls", "tokio-postgres-rustls"], "toasoan-hub"),
    (
        "tauri",
        &["tauri", "tauri-build", "tauri-specta", "tauri-runtime", "tauri-runtime-wry", "wry", "tao"],
        "toasoan-app",
    ),
    ("the OS keyring", &["keyring"], "toasoan-core"),
];

/// What the domain may use: pure libraries only (no I/O, no clients).
const DOMAIN_MAY_USE: &[&str] = &[
    "chrono",
    "chrono-tz",
    "deunicode",
    "icu_collator",
    "icu_locale_core",
    "serde",
    "serde_json",
    "sha2",
    "specta",
    "thiserror",
    "unicode-normalization",
    "url",
    "uuid",
];

/// Workspace crates and their direct normal and build dependencies (real
/// package names, whatever a dependency is renamed to).
fn workspace_dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut map = BTreeMap::new();
    for p in meta["packages"].as_array().unwrap() {
        let deps = p["dependencies"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["kind"].is_null() || d["kind"] == "build")
            .map(|d| d["name"].as_str().unwrap().to_string())
            .collect();
        map.insert(p["name"].as_str().unwrap().to_string(), deps);
    }
    map
}

/// The layer rules over a dependency map; every broken rule, named.
fn layer_violations(deps: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let layers: BTreeMap<&str, &[&str]> = LAYERS.iter().copied().collect();
    let mut broken = Vec::new();
    for (krate, uses) in deps {
        let Some(allowed) = layers.get(krate.as_str()) else {
            broken.push(format!("{krate} has no layer in LAYERS (architecture.rs) nor in ARCHITECTURE.md"));
            continue;
        };
        for d in uses.iter().filter(|d| deps.contains_key(*d)) {
            if !allowed.contains(&d.as_str()) {
                broken.push(format!("{krate} must not depend on {d} (its layer allows {allowed:?})"));
            }
        }
        for (what, packages, owner) in CAPABILITIES {
            for d in uses.iter().filter(|d| packages.contains(&d.as_str())) {
                if krate != owner {
                    broken.push(format!("{krate} depends on {d}: only {owner} may have {what}"));
                }
            }
        }
        if krate == "toasoan-domain" {
            for d in uses.iter().filter(|d| !DOMAIN_MAY_USE.contains(&d.as_str())) {
                broken.push(format!("toasoan-domain depends on {d}, which is not in DOMAIN_MAY_USE (no I/O)"));
            }
        }
    }
    broken
}

/// `pub use toasoan_…` lines in the core's sources: a lower crate made public
/// through the core would let a front end reach around the layer rules.
fn core_reexports() -> Vec<String> {
    let mut files = Vec::new();
    files_under(&root().join("crates/core/src"), &["rs"], &mut files);
    let mut found = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for line in text.lines().filter(|l| l.trim_start().starts_with("pub use toasoan_")) {
            found.push(format!("{}: {}", f.display(), line.trim()));
        }
    }
    found
}

#[test]
fn the_core_makes_no_lower_crate_public() {
    let found = core_reexports();
    // The one exception: the domain's error type, which every desk method returns.
    let allowed = |l: &String| l.ends_with("pub use toasoan_domain::error::{Error, Result};");
    let broken: Vec<&String> = found.iter().filter(|l| !allowed(l)).collect();
    assert!(broken.is_empty(), "re-exports of lower crates from the core: {broken:#?}");
    assert_eq!(found.len(), 1, "the scan sees the core's lib.rs: {found:#?}");
}

#[test]
fn every_crate_depends_only_on_what_its_layer_allows() {
    let deps = workspace_dependencies();
    assert!(deps.len() >= LAYERS.len(), "cargo metadata lists the workspace: {:?}", deps.keys());
    assert!(deps["toasoan-store"].contains("rusqlite"), "the scan sees the store's SQLite");
    assert!(deps["toasoan-portal"].contains("reqwest"), "the scan sees the portal's HTTP client");
    let broken = layer_violations(&deps);
    assert!(broken.is_empty(), "layer rules broken:\n{}", broken.join("\n"));
}

/// The rule itself can fail: SQLite in the media crate, the store under the
/// portal, HTTP in the core, tauri in the CLI, I/O in the domain, a crate
/// without a layer — each is named.
#[test]
fn the_layer_rules_name_each_forbidden_dependency() {
    let mut deps = workspace_dependencies();
    let mut add = |krate: &str, dep: &str| {
        deps.entry(krate.to_string()).or_default().insert(dep.to_string());
    };
    add("toasoan-media", "rusqlite");
    add("toasoan-portal", "toasoan-store");
    add("toasoan-core", "reqwest");
    add("newsroom", "tauri");
    add("toasoan-domain", "tempfile");
    add("toasoan-stray", "toasoan-core");
    let broken = layer_violations(&deps).join("\n");
    for expected in [
        "toasoan-media depends on rusqlite: only toasoan-store may have SQLite",
        "toasoan-portal must not depend on toasoan-store",
        "toasoan-core depends on reqwest: only toasoan-portal may have an HTTP client",
        "newsroom depends on tauri: only toasoan-app may have tauri",
        "toasoan-domain depends on tempfile",
        "toasoan-stray has no layer",
    ] {
        assert!(broken.contains(expected), "missing «{expected}» in:\n{broken}");
    }
}

fn files_under(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if p.is_dir() {
            if !matches!(name.as_str(), "node_modules" | "target" | "dist" | "fixtures" | "gen" | "corpus") {
                files_under(&p, exts, out);
            }
        } else if exts.iter().any(|x| name.ends_with(x)) {
            out.push(p);
        }
    }
}

fn rust_sources() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["crates", "src-tauri/src", "src-tauri/tests"] {
        files_under(&root().join(dir), &[".rs"], &mut files);
    }
    files
}

#[test]
fn every_module_starts_with_a_module_doc() {
    let files = rust_sources();
    assert!(files.len() > 50, "the scan sees the workspace ({})", files.len());
    for f in files {
        let text = fs::read_to_string(&f).unwrap();
        assert!(text.trim_start().starts_with("//!"), "{} lacks a //! module doc", f.display());
    }
}

/// Every `Result<…>` whose error argument is a string, aliases included.
fn string_errors(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find("Result<").map(|i| i + from) {
        let start = i + "Result<".len();
        let (mut depth, mut j, mut last_comma) = (1, start, None);
        while j < bytes.len() && depth > 0 {
            match bytes[j] {
                b'<' | b'(' | b'[' => depth += 1,
                b'>' | b')' | b']' => depth -= 1,
                b',' if depth == 1 => last_comma = Some(j),
                _ => {}
            }
            j += 1;
        }
        if let Some(c) = last_comma {
            let err = text[c + 1..j - 1].trim();
            if matches!(err, "String" | "&str" | "&'static str" | "Box<dyn std::error::Error>") {
                found.push(text[i..j].to_string());
            }
        }
        from = start;
    }
    found
}

#[test]
fn nothing_returns_string_errors_not_even_through_an_alias() {
    assert_eq!(string_errors("type R<T> = std::result::Result<T, String>;"), ["Result<T, String>"]);
    assert_eq!(string_errors("fn f() -> Result<Vec<(u8, String)>, String>"), ["Result<Vec<(u8, String)>, String>"]);
    assert!(string_errors("fn f() -> Result<Vec<String>, Error> {} Result<(), StoreError>").is_empty());
    for f in rust_sources().into_iter().filter(|f| !f.ends_with("tests/integration/architecture.rs")) {
        let text = fs::read_to_string(&f).unwrap();
        let found = string_errors(&text);
        assert!(found.is_empty(), "{}: string errors {found:?}; use a typed error", f.display());
    }
}

/// The shell's commands stay thin wrappers: no `Result<_, String>`, every
/// command returns `IpcResult`, none opens a desk or runs longer than a dozen
/// lines.
#[test]
fn tauri_commands_are_thin_and_typed() {
    let mut text = String::new();
    let mut files = Vec::new();
    files_under(&root().join("src-tauri/src/commands"), &[".rs"], &mut files);
    files.push(root().join("src-tauri/src/commands.rs"));
    for f in files.iter().filter(|f| f.exists()) {
        text.push_str(&fs::read_to_string(f).unwrap());
        text.push('\n');
    }
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

/// The code map: ARCHITECTURE.md is a short map (at most 250 lines: a map
/// nobody reads does not keep the house), with a section headed
/// `### <folder>` for every crate and every top-level folder of the tree,
/// each naming its folder's "Architecture Invariant". What each file does is
/// said by its own `//!` doc ([`every_module_starts_with_a_module_doc`]), not
/// by an index here.
#[test]
fn the_code_map_names_every_crate_and_top_level_folder() {
    let map = fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let lines = map.lines().count();
    assert!(lines <= 250, "ARCHITECTURE.md has {lines} lines: keep the map at most 250");
    let sections: BTreeMap<String, String> = map
        .split("\n### ")
        .skip(1)
        .filter_map(|s| {
            let (head, body) = s.split_once('\n')?;
            let folder = head.trim().trim_matches('`').split(['`', ' ']).next()?.trim_end_matches('/').to_string();
            Some((folder, body.split("\n## ").next().unwrap_or(body).to_string()))
        })
        .collect();
    let mut wanted = Vec::new();
    for e in fs::read_dir(root().join("crates")).unwrap().flatten() {
        if e.path().join("Cargo.toml").exists() {
            wanted.push(format!("crates/{}", e.file_name().to_string_lossy()));
        }
    }
    assert!(wanted.len() >= 10, "the scan sees the crates: {wanted:?}");
    for e in fs::read_dir(root()).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if e.path().is_dir() && !name.starts_with('.') && !matches!(name.as_str(), "crates" | "target" | "node_modules")
        {
            wanted.push(name);
        }
    }
    let mut missing = Vec::new();
    for folder in &wanted {
        match sections.get(folder) {
            None => missing.push(format!("no `### {folder}` section")),
            Some(body) if !body.contains("Architecture Invariant") => {
                missing.push(format!("`### {folder}` says no Architecture Invariant"))
            }
            Some(_) => {}
        }
    }
    for folder in sections.keys() {
        if !wanted.contains(folder) {
            missing.push(format!("`### {folder}` names no crate or top-level folder of the tree"));
        }
    }
    assert!(missing.is_empty(), "ARCHITECTURE.md's code map:\n{}", missing.join("\n"));
}

/// Facts kept once: the audit actions and the error codes are spelled only
/// in the domain's enums; the window's two catalogues must translate every
/// one (a head once read `contract.amend` in a contract's trail: 19 of 40+
/// actions had a text). Tried by hand: deleting one key from en.ts makes
/// this fail naming it.
#[test]
fn every_audit_action_and_error_code_has_its_text_in_both_languages() {
    use toasoan_domain::{AuditAction, Error};
    let mut missing = Vec::new();
    for lang in ["vi", "en"] {
        let catalogue = fs::read_to_string(root().join(format!("ui/src/lib/i18n/{lang}.ts"))).unwrap();
        let keys: Vec<String> = AuditAction::ALL
            .iter()
            .map(|a| format!("audit.{}", a.code()))
            .chain(Error::CODES.iter().map(|c| format!("error.{c}")))
            .collect();
        assert!(keys.len() > 60, "the scan sees the actions and codes ({})", keys.len());
        for key in keys {
            if !catalogue.contains(&format!("'{key}':")) {
                missing.push(format!("{lang}.ts: '{key}'"));
            }
        }
    }
    assert!(missing.is_empty(), "untranslated:\n{}", missing.join("\n"));
}
