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

#[test]
fn nothing_in_core_speaks_http_or_returns_string_errors() {
    let mut files = Vec::new();
    rust_files(&root().join("crates/core/src"), &mut files);
    for f in files {
        let text = fs::read_to_string(&f).unwrap();
        for needle in ["reqwest", "hyper::", "Result<(), String>", "Result<String, String>", "-> Result<T, String>"] {
            assert!(!text.contains(needle), "{}: {needle}", f.display());
        }
    }
}
