//! Nothing lost, nothing leaked (issue 19), through the binary: backup while
//! another process writes, restore, check, a damaged or newer archive, a
//! profile's passphrase, a full and a read-only disk, a contract of unknown
//! value.

use std::io::{Read, Write};
#[cfg(unix)]
use std::process::Command;
use std::process::Stdio;

use serde_json::Value;

#[cfg(unix)]
use crate::photo;
use crate::{contract_add, line_add, newsroom, Cli};

/// The manifest inside an archive.
fn manifest(archive: &std::path::Path) -> Value {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(archive).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name("manifest.json").unwrap().read_to_string(&mut text).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn as_list(v: &Value, key: &str) -> Vec<Value> {
    v[key].as_array().unwrap().clone()
}

/// The scheduled backup a cron job runs: `backup --into DIR --keep N`
/// writes a dated archive and keeps only the newest N of its own; the other
/// files in the folder (a note, another program's zip) are never touched.
/// Tried: four backups with `--keep 2`; `--keep 0`, `--keep 366`; a folder
/// that is not there (the USB stick not plugged in); `--keep` without
/// `--into`; `--to` and `--into` together.
#[test]
fn a_rotating_backup_keeps_the_newest_archives_and_nothing_else_is_touched() {
    let cli = Cli::new();
    newsroom(&cli);
    // Outside the data folder (a backup inside it is refused).
    let stick = tempfile::tempdir().unwrap();
    let usb = stick.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    std::fs::write(usb.join("toa-soan-ghi-chu.txt"), "ghi chú").unwrap();
    std::fs::write(usb.join("khac.zip"), "PK").unwrap();
    let into = usb.to_str().unwrap();
    let mut made = Vec::new();
    for _ in 0..4 {
        let r = cli.ok(Some("hung"), &["backup", "--into", into, "--keep", "2"]);
        made.push(r["path"].as_str().unwrap().to_string());
    }
    let mut left: Vec<String> =
        std::fs::read_dir(&usb).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    let newest: Vec<String> =
        made[2..].iter().map(|p| std::path::Path::new(p).file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(left, [vec!["khac.zip".to_string()], newest, vec!["toa-soan-ghi-chu.txt".to_string()]].concat());
    for keep in ["0", "366"] {
        cli.fails(Some("hung"), &["backup", "--into", into, "--keep", keep], "invalid_input", 5);
    }
    let absent = cli.dir.path().join("the-usb-stick-not-plugged-in");
    let e = cli.fails(Some("hung"), &["backup", "--into", absent.to_str().unwrap()], "invalid_input", 5);
    assert!(e.contains("thẻ nhớ"), "{e}");
    for args in [vec!["backup", "--keep", "3"], vec!["backup", "--to", "x.zip", "--into", into]] {
        let out = cli.run(Some("hung"), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: a usage error");
    }
    assert_eq!(std::fs::read_dir(&usb).unwrap().count(), 4, "the refusals wrote nothing");
}

/// Tried: a backup taken while a second `newsroom` process saves the draft in
/// a loop; restored into a new folder; `check` there; what the archive holds
/// against the source (every table the loop does not touch equal, the
/// revisions and the audit trail a prefix of the source's, each row's digest
/// as the manifest recorded it at the backup instant); a byte flipped in the
/// archive; a restore over an existing store without and with `--replace`;
/// an archive claiming a newer schema.
/// Unix only: the second writer is a bash loop (scripts/test-windows.sh names
/// it among the tests not built for Windows).
#[cfg(unix)]
#[test]
fn a_backup_taken_while_writing_restores_that_instant_whole() {
    let cli = Cli::new();
    let (_, a) = newsroom(&cli);
    let jpg = cli.file("Hội nghị.jpg", photo(1200, 800));
    let imported = cli.ok(Some("an"), &["media", "import", &jpg, "--assignment", &a]);
    assert_eq!(imported["imported"].as_array().unwrap().len(), 1, "{imported}");
    cli.ok(Some("an"), &["draft", "save", &a, "--headline", "Vòng 0", "--sapo", "Bắt đầu."]);

    // The second process: saves a new sapo as fast as it can until told to stop.
    let stop = cli.dir.path().join("stop");
    let writer = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "i=1; while [ ! -e '{stop}' ]; do '{bin}' --data-dir '{dir}' --as an draft save {a} --sapo \"Vòng $i\" >/dev/null || exit 1; i=$((i+1)); done; echo $i",
            stop = stop.display(),
            bin = env!("CARGO_BIN_EXE_newsroom"),
            dir = cli.dir.path().display(),
        ))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let out = tempfile::tempdir().unwrap();
    let archive = out.path().join("sao-luu.zip");
    let report = cli.ok(Some("hung"), &["backup", "--to", &archive.display().to_string()]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    std::fs::write(&stop, b"").unwrap();
    let loops = writer.wait_with_output().unwrap();
    assert!(loops.status.success(), "the writer failed while the backup ran");
    let rounds: u32 = String::from_utf8_lossy(&loops.stdout).trim().parse().unwrap();
    assert!(rounds > 3, "the writer went on during the backup ({rounds} rounds)");
    assert!(report["files"].as_u64().unwrap() >= 4, "database, original, web copy, thumbnail: {report}");
    assert!(report["missing"].as_array().unwrap().is_empty());

    // Restore into a new folder, and check it.
    let target = out.path().join("khoi-phuc");
    let r = Command::new(crate::newsroom_bin())
        .args(["--json", "--data-dir"])
        .arg(&target)
        .args(["restore"])
        .arg(&archive)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let r: Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(r["check"]["ok"], true, "{r}");
    let there = Cli::at(&target);
    let check = there.ok(None, &["check"]);
    assert_eq!(check["ok"], true, "{check}");
    assert!(check["media_files"].as_u64().unwrap() >= 3, "{check}");

    // Each table's rows as the manifest recorded them at the backup instant.
    let m = manifest(&archive);
    assert_eq!(check["tables"], m["tables"], "every row restored as it was at the backup instant");
    // Against the source: what the loop did not touch is equal…
    for args in [&["user", "list"][..], &["contract", "list"], &["media", "list"]] {
        assert_eq!(there.ok(Some("hung"), args), cli.ok(Some("hung"), args), "{args:?}");
    }
    // …and what it appended is a prefix of the source's history.
    let source_revs = as_list(&cli.ok(Some("an"), &["draft", "history", &a]), "revisions");
    let restored_revs = as_list(&there.ok(Some("an"), &["draft", "history", &a]), "revisions");
    assert!(
        restored_revs.len() > 1 && restored_revs.len() < source_revs.len(),
        "{} of {}",
        restored_revs.len(),
        source_revs.len()
    );
    assert_eq!(restored_revs[..], source_revs[..restored_revs.len()], "revisions are the source's, in order");
    let source_audit = as_list(&cli.ok(Some("hung"), &["audit"]), "events");
    let restored_audit = as_list(&there.ok(Some("hung"), &["audit"]), "events");
    for e in &restored_audit {
        assert!(source_audit.contains(e) || e["action"] == "backup.create", "an event the source never had: {e}");
    }
    // The restored folder is its owner's alone.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o700);
    }

    // A flipped byte anywhere in the archive's data: refused, nothing written.
    let mut bytes = std::fs::read(&archive).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    let damaged = out.path().join("hong.zip");
    std::fs::write(&damaged, &bytes).unwrap();
    let elsewhere = out.path().join("khong-duoc-tao");
    let e = Command::new(crate::newsroom_bin())
        .args(["--json", "--data-dir"])
        .arg(&elsewhere)
        .arg("restore")
        .arg(&damaged)
        .output()
        .unwrap();
    assert_eq!(e.status.code(), Some(5), "{}", String::from_utf8_lossy(&e.stderr));
    assert!(String::from_utf8_lossy(&e.stderr).contains("bị hỏng"), "{}", String::from_utf8_lossy(&e.stderr));
    assert!(!elsewhere.exists(), "nothing is written for a damaged archive");
    let leftovers: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".toasoan-restore-"))
        .collect();
    assert!(leftovers.is_empty(), "no staging folder left behind");

    // An existing store is never replaced without --replace; with it, kept aside.
    let before = there.ok(Some("hung"), &["audit"]);
    let refuse = there.run(None, &["restore", &archive.display().to_string()]);
    assert_eq!(refuse.status.code(), Some(6), "{}", String::from_utf8_lossy(&refuse.stderr));
    assert_eq!(there.ok(Some("hung"), &["audit"]), before, "the store is untouched");
    let replaced = there.ok(None, &["restore", &archive.display().to_string(), "--replace"]);
    let kept = replaced["previous_kept_at"].as_str().unwrap();
    assert!(std::path::Path::new(kept).join("toasoan.db").exists(), "{kept}");

    // An archive from a newer Tòa Soạn: refused, naming why.
    let newer = out.path().join("moi-hon.zip");
    rewrite_manifest(&archive, &newer, |m| m["schema_version"] = 999.into());
    let e = Command::new(crate::newsroom_bin())
        .args(["--data-dir"])
        .arg(out.path().join("khong-co"))
        .arg("restore")
        .arg(&newer)
        .output()
        .unwrap();
    assert_eq!(e.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&e.stderr).contains("mới hơn"), "{}", String::from_utf8_lossy(&e.stderr));
}

/// Copies an archive, changing its manifest.
fn rewrite_manifest(from: &std::path::Path, to: &std::path::Path, change: impl Fn(&mut Value)) {
    let mut src = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut dst = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if name == "manifest.json" {
            let mut m: Value = serde_json::from_slice(&bytes).unwrap();
            change(&mut m);
            bytes = serde_json::to_vec(&m).unwrap();
        }
        dst.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        dst.write_all(&bytes).unwrap();
    }
    dst.finish().unwrap();
}

/// Tried: a locked profile named with --as and no passphrase, a wrong one, the
/// right one from the environment and from stdin (with a body after it), a
/// head removing a forgotten passphrase, someone else's passphrase set by
/// another person; the passphrase is nowhere in the database or the output.
#[test]
fn a_profile_passphrase_is_asked_for_and_never_kept_in_clear() {
    let cli = Cli::new();
    let (_, a) = newsroom(&cli);
    let secret = "cau mat khau rat dai 2026";
    let set =
        cli.cmd(Some("an"), &["user", "passphrase", "an"]).env("NEWSROOM_NEW_PASSPHRASE", secret).output().unwrap();
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    let short =
        cli.cmd(Some("lan"), &["user", "passphrase", "lan"]).env("NEWSROOM_NEW_PASSPHRASE", "ngan").output().unwrap();
    assert_eq!(short.status.code(), Some(5), "a passphrase under 8 characters is refused");

    let err = cli.fails(Some("an"), &["assignment", "list", "--mine"], "forbidden", 3);
    assert!(err.contains("có cụm mật khẩu") && err.contains("NEWSROOM_PASSPHRASE"), "{err}");
    let wrong =
        cli.cmd(Some("an"), &["assignment", "list", "--mine"]).env("NEWSROOM_PASSPHRASE", "sai roi").output().unwrap();
    assert_eq!(wrong.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("không đúng"));
    let right =
        cli.cmd(Some("an"), &["assignment", "list", "--mine"]).env("NEWSROOM_PASSPHRASE", secret).output().unwrap();
    assert!(right.status.success());

    // From stdin: the first line is the passphrase, the rest is the body.
    let mut child = cli
        .cmd(Some("an"), &["--passphrase-stdin", "draft", "save", &a, "--headline", "Tít qua stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{secret}\nChính văn sau cụm mật khẩu.\n").as_bytes()).unwrap();
    let saved = child.wait_with_output().unwrap();
    assert!(saved.status.success(), "{}", String::from_utf8_lossy(&saved.stderr));
    let draft = cli.cmd(Some("an"), &["draft", "show", &a]).env("NEWSROOM_PASSPHRASE", secret).output().unwrap();
    let draft: Value = serde_json::from_slice(&draft.stdout).unwrap();
    assert_eq!(draft["body"].as_str().unwrap().trim(), "Chính văn sau cụm mật khẩu.", "{draft}");

    // Nobody sets another person's; a head removes a forgotten one.
    let other = cli
        .cmd(Some("lan"), &["user", "passphrase", "an"])
        .env("NEWSROOM_NEW_PASSPHRASE", "khac hoan toan")
        .output()
        .unwrap();
    assert_eq!(other.status.code(), Some(3));
    cli.ok(Some("hung"), &["user", "passphrase", "an", "--clear"]);
    cli.ok(Some("an"), &["assignment", "list", "--mine"]);
    // A profile without a passphrase: `--passphrase-stdin` still takes the
    // first line, never saving it as the body's first line.
    let mut child = cli
        .cmd(Some("an"), &["--passphrase-stdin", "draft", "save", &a, "--headline", "Tít không khóa"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{secret}\nChính văn của hồ sơ không khóa.\n").as_bytes()).unwrap();
    let saved = child.wait_with_output().unwrap();
    assert!(saved.status.success(), "{}", String::from_utf8_lossy(&saved.stderr));
    let draft: Value =
        serde_json::from_slice(&cli.cmd(Some("an"), &["draft", "show", &a]).output().unwrap().stdout).unwrap();
    assert_eq!(draft["body"].as_str().unwrap().trim(), "Chính văn của hồ sơ không khóa.", "{draft}");

    let db = std::fs::read(cli.dir.path().join("toasoan.db")).unwrap();
    let wal = std::fs::read(cli.dir.path().join("toasoan.db-wal")).unwrap_or_default();
    for bytes in [&db, &wal] {
        assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()), "the passphrase is stored in clear");
    }
    let audit = serde_json::to_string(&cli.ok(Some("hung"), &["audit"])).unwrap();
    assert!(audit.contains("person.passphrase.set") && audit.contains("person.passphrase.clear"));
    assert!(!audit.contains(secret));
}

/// Tried (in a user and mount namespace of the test's own, on a small
/// tmpfs): a disk filled to the last byte, then the same folder remounted
/// read-only. Reading works in both; a save is refused naming the disk, and
/// the text on disk is what it was.
/// Linux only: a user and mount namespace (`unshare`) and a tmpfs.
#[cfg(unix)]
#[test]
fn a_full_or_read_only_disk_still_opens_for_reading() {
    let cli = Cli::new();
    let (_, a) = newsroom(&cli);
    cli.ok(Some("an"), &["draft", "save", &a, "--headline", "Tít trước khi đầy"]);
    let bin = env!("CARGO_BIN_EXE_newsroom");
    let script = format!(
        r#"set -e
        d=$(mktemp -d)
        mount -t tmpfs -o size=8m tmpfs "$d"
        cp -r '{src}/.' "$d/"
        dd if=/dev/zero of="$d/day" bs=64k 2>/dev/null || true
        dd if=/dev/zero of="$d/day2" bs=1 2>/dev/null || true
        echo '=== list-full'; '{bin}' --data-dir "$d" --as an --json assignment list --mine || echo "exit $?"
        echo '=== save-full'; '{bin}' --data-dir "$d" --as an --json draft save {a} --headline 'Tít mới' 2>&1 || echo "exit $?"
        rm -f "$d/day" "$d/day2"
        mount -o remount,ro "$d"
        echo '=== list-ro'; '{bin}' --data-dir "$d" --as an --json assignment list --mine || echo "exit $?"
        echo '=== save-ro'; '{bin}' --data-dir "$d" --as an --json draft save {a} --headline 'Tít mới' 2>&1 || echo "exit $?"
        echo '=== show-ro'; '{bin}' --data-dir "$d" --as an --json draft show {a}
        "#,
        src = cli.dir.path().display(),
    );
    let out = Command::new("unshare")
        .args(["-Urm", "bash", "-c", &script])
        .output()
        .expect("unshare (util-linux) runs this test in a namespace of its own; it is on every Debian machine");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{text}\n{}", String::from_utf8_lossy(&out.stderr));
    let part = |name: &str| {
        text.split(&format!("=== {name}\n"))
            .nth(1)
            .unwrap_or_default()
            .split("===")
            .next()
            .unwrap_or_default()
            .to_string()
    };
    for list in ["list-full", "list-ro"] {
        let v: Value = serde_json::from_str(part(list).lines().last().unwrap_or("{}")).unwrap_or_default();
        assert_eq!(v["assignments"].as_array().map(Vec::len), Some(1), "{list}: {text}");
    }
    let full = part("save-full");
    assert!(full.contains("đĩa đầy") && full.contains("exit 7"), "{full}");
    let ro = part("save-ro");
    assert!(ro.contains("chỉ cho đọc") && ro.contains("exit 7"), "{ro}");
    let shown: Value = serde_json::from_str(part("show-ro").trim()).unwrap();
    assert_eq!(shown["headline"], "Tít trước khi đầy");
}

/// Issue 19, item 12: a contract made without `--value` warned that its
/// lines "exceed 0 ₫". Tried: no value (unknown, no such warning), then an
/// amendment giving the value (known from then on).
#[test]
fn a_contract_without_its_value_is_unknown_not_zero() {
    let cli = Cli::new();
    newsroom(&cli);
    let agency = cli.ok(Some("hung"), &["agency", "list"])["agencies"][0]["id"].as_str().unwrap().to_string();
    let k = cli.ok(Some("hung"), &contract_add(&agency, "09/2026/HĐ", "2026-02-01", "2026-11-30", None));
    assert_eq!(k["value_known"], false, "{k}");
    let id = k["id"].as_str().unwrap().to_string();
    let line = cli.ok(Some("hung"), &line_add(&id, "bai", "bao-dien-tu", "5", "4500000"));
    let warnings = line["warnings"].to_string();
    assert!(!warnings.contains("0 ₫"), "an unknown value is not 0 ₫: {warnings}");
    cli.ok(
        Some("hung"),
        &["contract", "amend", &id, "--number", "01/PL", "--reason", "Bổ sung giá trị", "--value", "22.500.000"],
    );
    let shown = cli.ok(Some("hung"), &["contract", "show", &id]);
    assert_eq!(
        (shown["value_known"].clone(), shown["total_value"].clone()),
        (Value::Bool(true), 22_500_000.into()),
        "{shown}"
    );
}
