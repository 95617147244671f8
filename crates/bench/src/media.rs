//! Media import benchmark: a 24-megapixel JPEG to both derivatives, side by side
//! with libvips' `vipsthumbnail` making the same two sizes in the same run, and
//! a batch import through the desk's parallel importer.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use toasoan_core::Desk;
use toasoan_media::{self as media, Limits};

use crate::{pct, report};

/// A photo-like `w`×`h` JPEG (smooth light, edges and sensor noise), quality 92,
/// as a camera writes; `seed` makes each one different.
pub fn synthetic_photo(w: u16, h: u16, seed: u32) -> Vec<u8> {
    let (wu, hu) = (usize::from(w), usize::from(h));
    let sx: Vec<f32> = (0..wu).map(|x| (x as f32 / 53.0 + seed as f32).sin()).collect();
    let cy: Vec<f32> = (0..hu).map(|y| (y as f32 / 71.0).cos()).collect();
    let mut px = Vec::with_capacity(wu * hu * 3);
    let mut state = 0x9E37_79B9u32 ^ seed.wrapping_mul(0x85EB_CA6B);
    for (y, c) in cy.iter().enumerate() {
        for (x, s) in sx.iter().enumerate() {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let noise = (state & 31) as f32 - 16.0;
            let edge = if (x / 400 + y / 300) % 2 == 0 { 25.0 } else { -25.0 };
            let base = 120.0 + 50.0 * s + 35.0 * c + edge + noise;
            px.push(base.clamp(0.0, 255.0) as u8);
            px.push((base * 0.9 + 10.0 * s).clamp(0.0, 255.0) as u8);
            px.push((base * 0.7 + 30.0 * c).clamp(0.0, 255.0) as u8);
        }
    }
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 92).encode(&px, w, h, jpeg_encoder::ColorType::Rgb).expect("encode");
    out
}

fn vipsthumbnail(input: &Path, out_dir: &Path) -> Option<Duration> {
    let start = Instant::now();
    for (edge, q, name) in [(1600, 82, "web.jpg"), (320, 78, "thumb.jpg")] {
        let ok = Command::new("vipsthumbnail")
            .arg(input)
            .args(["-s", &edge.to_string(), "-o"])
            .arg(format!("{}[Q={q},strip]", out_dir.join(name).display()))
            .status()
            .ok()?
            .success();
        if !ok {
            return None;
        }
    }
    Some(start.elapsed())
}

/// One photo, many rounds: ours (read, hash, decode, both derivatives, write,
/// record) against two `vipsthumbnail` runs.
fn single(rounds: usize, w: u16, h: u16) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let photo = tmp.path().join("photo.jpg");
    std::fs::write(&photo, synthetic_photo(w, h, 1)).expect("write photo");
    let mb = std::fs::metadata(&photo).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    println!(
        "\nMedia import: one {w}×{h} JPEG ({mb:.1} MB), web {} px + thumb {} px",
        media::WEB_EDGE,
        media::THUMB_EDGE
    );
    let (mut ours, mut vips) = (Vec::new(), Vec::new());
    let mut vips_missing = false;
    for i in 0..rounds {
        // A fresh data folder each round, so every round really stores the files.
        let data = tmp.path().join(format!("data-{i}"));
        let desk = Desk::open(&data).expect("desk");
        let me = setup_person(&desk);
        let start = Instant::now();
        let p = media::prepare_file(&photo, &Limits::default()).expect("prepare");
        desk.add_media(&me, &p, None).expect("add");
        ours.push(start.elapsed());
        drop(desk);
        let _ = std::fs::remove_dir_all(&data);
        let out = tmp.path().join(format!("vips-{i}"));
        std::fs::create_dir_all(&out).expect("mkdir");
        match vipsthumbnail(&photo, &out) {
            Some(d) => vips.push(d),
            None => vips_missing = true,
        }
    }
    println!("| {:<44} | {:>8} | {:>8} | {:>6} |", "case", "p50 ms", "p95 ms", "n");
    report("toasoan import (both derivatives)", ours.clone());
    if vips_missing || vips.is_empty() {
        println!("vipsthumbnail not found (Debian: libvips-tools): comparison skipped");
        return;
    }
    report("vipsthumbnail -s 1600 + -s 320 (2 runs)", vips.clone());
    println!("ratio ours/vipsthumbnail at p50: {:.2}× (goal ≤ 1.0×)", pct(ours, 0.5) / pct(vips, 0.5));
}

fn setup_person(desk: &Desk) -> toasoan_domain::Person {
    use toasoan_core::desk::NewPerson;
    use toasoan_domain::Role;
    let p = NewPerson { login: "an".into(), real_name: "Lê Thanh An".into(), pen_name: None, role: Role::Head };
    desk.add_person(None, p).expect("person")
}

/// A batch of distinct photos through [`Desk::import_files`] with one worker per core.
fn batch(n: usize, w: u16, h: u16) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let paths: Vec<PathBuf> = (0..n)
        .map(|i| {
            let p = tmp.path().join(format!("IMG_{i:04}.jpg"));
            std::fs::write(&p, synthetic_photo(w, h, i as u32 + 7)).expect("write");
            p
        })
        .collect();
    let desk = Desk::open(&tmp.path().join("data")).expect("desk");
    let me = setup_person(&desk);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let start = Instant::now();
    let results = desk.import_files(&me, &paths, None, &Limits::default(), workers, &mut |_| {});
    let took = start.elapsed();
    let failed = results.iter().filter(|r| r.is_err()).count();
    assert_eq!(failed, 0, "batch import failed");
    println!(
        "\nBatch import: {n} photos {w}×{h}, {workers} workers: {:.2} s total, {:.0} ms per photo, {:.1} photos/s",
        took.as_secs_f64(),
        took.as_secs_f64() * 1e3 / n as f64,
        n as f64 / took.as_secs_f64()
    );
}

/// Writes `n` distinct 24-megapixel JPEGs to `dir` (`IMG_24MP_<i>.jpg`) and
/// imports each once with the core, into a fresh data folder, exactly as
/// the app's command does after the bytes arrive (prepare, then record): the
/// reference for the window's drop-to-thumbnail time (scripts/bench-upload.mjs).
/// Prints each time and `core-import-ms p50 <ms>`.
pub fn photos(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).expect("photo folder");
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut times = Vec::new();
    for i in 0..n {
        let photo = dir.join(format!("IMG_24MP_{i}.jpg"));
        std::fs::write(&photo, synthetic_photo(6000, 4000, 1000 + i as u32)).expect("write photo");
        let desk = Desk::open(&tmp.path().join(format!("data-{i}"))).expect("desk");
        let me = setup_person(&desk);
        let start = Instant::now();
        let p = media::prepare_file(&photo, &Limits::default()).expect("prepare");
        desk.add_media(&me, &p, None).expect("add");
        times.push(start.elapsed());
        println!("core import {}: {:.1} ms", photo.display(), times[i].as_secs_f64() * 1e3);
    }
    println!("core-import-ms p50 {:.1}", pct(times, 0.5));
}

/// Runs the media benchmarks (`quick`: small sizes for CI).
pub fn run(quick: bool) {
    if quick {
        single(3, 2000, 1500);
        batch(6, 1600, 1200);
    } else {
        single(15, 6000, 4000);
        batch(100, 4000, 3000);
    }
}
