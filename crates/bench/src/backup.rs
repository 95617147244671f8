//! Backup, restore and check of a data folder with N pieces (issue «Nothing
//! lost, nothing leaked»): the pieces are written through the desk API into
//! a data folder, then 100
//! photos of ~1 MB (10 in the smoke run) are imported so media files travel
//! too. Prints the
//! archive's size and each step's time; one run each (they are seconds long).

use std::time::Instant;

use rand::rngs::StdRng;
use rand::SeedableRng;
use toasoan_core::desk::{restore, DraftPatch};
use toasoan_core::Desk;
use toasoan_domain::limits::human_bytes;
use toasoan_media::{self as media, Limits};

/// Runs the section over `pieces` pieces.
pub fn run(pieces: usize) {
    let t = Instant::now();
    let source = tempfile::tempdir().unwrap();
    let desk = Desk::open(source.path()).unwrap();
    let (head, an, line, policy) = crate::setup(&desk);
    let mut rng = StdRng::seed_from_u64(19);
    for i in 0..pieces {
        let a = crate::add_piece(&desk, &head, &line, &policy, format!("Bài số {i}"));
        let body = crate::body(&mut rng, 12);
        let patch = DraftPatch { headline: Some(format!("Tít {i}")), sapo: None, body: Some(body), byline: None };
        desk.save_draft(&an, &a, patch).unwrap();
    }
    // The smoke run keeps to a few photos (each takes ~0.15 s to import).
    let photos = if pieces < 10_000 { 10 } else { 100 };
    for k in 0..photos {
        let bytes = crate::media::synthetic_photo(1600, 1200, 1000 + k);
        let prepared = media::prepare(&format!("anh-{k}.jpg"), bytes, &Limits::default()).unwrap();
        desk.add_media(&an, &prepared, None).unwrap();
    }
    println!(
        "\nBackup and restore of a data folder: {pieces} pieces, {photos} photos (built in {:.1} s)\n",
        t.elapsed().as_secs_f64()
    );
    println!("| step                                         |  time (s) | size        |");
    println!("|----------------------------------------------|----------:|-------------|");
    let out = tempfile::tempdir().unwrap();
    let archive = out.path().join("sao-luu.zip");
    let t = Instant::now();
    let r = desk.backup(Some(&head), &archive).unwrap();
    let backup_s = t.elapsed().as_secs_f64();
    let db = std::fs::metadata(source.path().join(toasoan_store::DB_FILE)).unwrap().len();
    let zip = std::fs::metadata(&archive).unwrap().len();
    println!(
        "| {:<44} | {:>9.2} | {:<11} |",
        format!("backup ({} files, database {})", r.files, human_bytes(db)),
        backup_s,
        human_bytes(zip)
    );
    let t = Instant::now();
    let target = out.path().join("khoi-phuc");
    let restored = restore(&archive, &target, false).unwrap();
    assert!(restored.check.ok, "{:?}", restored.check.problems);
    println!(
        "| {:<44} | {:>9.2} | {:<11} |",
        "restore (every hash, integrity, row digests)",
        t.elapsed().as_secs_f64(),
        ""
    );
    let again = Desk::open(&target).unwrap();
    let t = Instant::now();
    let check = again.check().unwrap();
    assert!(check.ok);
    println!("| {:<44} | {:>9.2} | {:<11} |", "check of the restored folder", t.elapsed().as_secs_f64(), "");
}
