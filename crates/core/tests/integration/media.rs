//! The media library on a real data directory: derivatives, metadata stripping,
//! orientation, dedupe, bad input leaving nothing behind, captions in the
//! checklist and the rendered piece.

use std::fs;
use std::path::{Path, PathBuf};

use toasoan_core::desk::{DraftPatch, MediaPatch, MediaQuery};
use toasoan_core::Error;
use toasoan_media::{self as media, Limits, MediaKind};

use crate::images;
use crate::util::{date, Fixture};

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn import(
    f: &Fixture,
    name: &str,
    bytes: Vec<u8>,
    assignment: Option<&str>,
) -> toasoan_core::Result<toasoan_domain::MediaItem> {
    let p = media::prepare(name, bytes, &Limits::default())?;
    Ok(f.desk.add_media(&f.an, &p, assignment)?.item)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn jpeg_gets_oriented_stripped_derivatives_and_the_original_is_kept_exactly() {
    let f = Fixture::new();
    let original = images::jpeg_with_exif(3200, 1600, 6);
    assert!(contains(&original, b"TestCam Z9") && contains(&original, b"Exif"), "fixture carries metadata");
    let item = import(&f, "DSC_0042.JPG", original.clone(), Some(&f.assignment)).unwrap();

    assert_eq!(item.kind, MediaKind::Image);
    assert_eq!(item.mime, "image/jpeg");
    assert_eq!((item.width, item.height), (Some(1600), Some(3200)), "orientation 6 turns it upright");
    assert_eq!(item.uses.len(), 1);
    assert_eq!(item.uses[0].assignment_id, f.assignment);

    let root = f.desk.media_files().unwrap().root().to_path_buf();
    assert_eq!(fs::read(root.join(&item.original_path)).unwrap(), original, "original byte for byte");
    let web = fs::read(root.join(item.web_path.as_ref().unwrap())).unwrap();
    let thumb = fs::read(root.join(item.thumb_path.as_ref().unwrap())).unwrap();
    for (what, bytes) in [("web", &web), ("thumb", &thumb)] {
        for needle in [&b"Exif"[..], b"TestCam", b"GPS", b"http://ns.adobe.com", b"\x01\x12"] {
            assert!(!contains(bytes, needle), "{what} derivative leaks {:?}", String::from_utf8_lossy(needle));
        }
    }
    let w = image::load_from_memory(&web).unwrap().to_rgb8();
    assert_eq!(w.dimensions(), (800, 1600), "long edge 1600, upright");
    let t = image::load_from_memory(&thumb).unwrap().to_rgb8();
    assert_eq!(t.dimensions(), (160, 320));
    // Rotated 90° clockwise: the red left half is now on top, blue below.
    let top = w.get_pixel(400, 200);
    let bottom = w.get_pixel(400, 1400);
    assert!(top[0] > 180 && top[2] < 80, "top should be red, got {top:?}");
    assert!(bottom[2] > 180 && bottom[0] < 80, "bottom should be blue, got {bottom:?}");
}

#[test]
fn small_png_with_alpha_stays_png_and_is_not_enlarged_webp_becomes_jpeg() {
    let f = Fixture::new();
    let png = import(&f, "logo.png", images::png_rgba(300, 120), None).unwrap();
    assert!(png.web_path.as_ref().unwrap().ends_with(".web.png"));
    let root = f.desk.media_files().unwrap().root().to_path_buf();
    let web = image::load_from_memory(&fs::read(root.join(png.web_path.unwrap())).unwrap()).unwrap();
    assert_eq!((web.width(), web.height()), (300, 120));
    assert!(web.color().has_alpha());

    let wp = import(&f, "bieu-do.webp", images::webp(2000, 1000), None).unwrap();
    assert_eq!(wp.mime, "image/webp");
    assert!(wp.web_path.as_ref().unwrap().ends_with(".web.jpg"));
    let web = image::load_from_memory(&fs::read(root.join(wp.web_path.unwrap())).unwrap()).unwrap();
    assert_eq!((web.width(), web.height()), (1600, 800));
}

#[test]
fn the_same_file_twice_is_stored_once_and_reused_across_pieces() {
    let f = Fixture::new();
    let bytes = images::jpeg_with_exif(640, 480, 1);
    let p = media::prepare("a.jpg", bytes.clone(), &Limits::default()).unwrap();
    let first = f.desk.add_media(&f.an, &p, None).unwrap();
    assert!(first.created);
    let root = f.desk.media_files().unwrap().root().to_path_buf();
    let files_before = files_under(&root);
    assert_eq!(files_before.len(), 3);

    let p2 = media::prepare("renamed copy.jpg", bytes, &Limits::default()).unwrap();
    let second = f.desk.add_media(&f.an, &p2, Some(&f.assignment)).unwrap();
    assert!(!second.created);
    assert_eq!(second.item.id, first.item.id);
    assert_eq!(second.item.original_name, "a.jpg", "first name kept");
    assert_eq!(second.item.uses.len(), 1, "second import attached it to the piece");
    assert_eq!(files_under(&root), files_before, "no second copy");
    assert_eq!(f.desk.media_list(&f.an, &MediaQuery::default()).unwrap().len(), 1);
}

#[test]
fn bad_files_are_refused_with_a_named_reason_and_leave_nothing_behind() {
    let f = Fixture::new();
    let good = images::jpeg_with_exif(800, 600, 1);
    let mut corrupt = good[..4].to_vec();
    corrupt.extend((0..5000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("cut.jpg", good[..good.len() / 2].to_vec(), "hỏng"),
        ("header-only.jpg", good[..600].to_vec(), "hỏng"),
        ("noise.jpg", corrupt, "hỏng"),
        ("thu-moi.jpg", "Kính mời quý vị dự hội nghị".as_bytes().to_vec(), "không phải ảnh"),
        ("cong-van.jpg", images::pdf(), "application/pdf"),
        ("bom.png", images::png_bomb(50_000, 50_000), "bom giải nén"),
        ("IMG_0001.HEIC", images::heic(), "Tương thích nhất"),
        ("empty.png", Vec::new(), "rỗng"),
        ("virus.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00".to_vec(), "không"),
        ("../../../etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n".to_vec(), "passwd"),
    ];
    let audit_before = f.audit_len();
    for (name, bytes, expect) in cases {
        let e = import(&f, name, bytes, Some(&f.assignment)).unwrap_err();
        assert_eq!(e.code(), "invalid_input", "{name}: {e}");
        let msg = e.to_string();
        assert!(msg.contains(expect), "{name}: «{msg}» should say «{expect}»");
        assert!(!msg.contains(".."), "{name}: hostile path echoed: {msg}");
    }
    assert_eq!(f.desk.media_list(&f.an, &MediaQuery::default()).unwrap(), vec![]);
    assert_eq!(files_under(&f.dir.path().join("media")), Vec::<PathBuf>::new());
    assert_eq!(f.audit_len(), audit_before);
}

#[test]
fn limits_refuse_before_decoding() {
    let tight = Limits { max_bytes: 10_000, max_pixels: 1_000_000, max_side: 2_000 };
    let e = media::prepare("big.jpg", images::jpeg_with_exif(1200, 900, 1), &tight).unwrap_err();
    assert!(e.to_string().contains("vượt giới hạn") && e.to_string().contains("MB"), "{e}");
    let loose_bytes = Limits { max_bytes: u64::MAX, ..tight };
    let e = media::prepare("wide.jpg", images::jpeg_with_exif(2400, 100, 1), &loose_bytes).unwrap_err();
    assert!(e.to_string().contains("2400 × 100"), "{e}");
    let e = media::prepare("tall.png", images::png_bomb(1_500, 1_500), &loose_bytes).unwrap_err();
    assert!(e.to_string().contains("bom giải nén"), "{e}");
}

#[test]
fn a_file_over_the_cap_is_refused_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("video.mp4");
    let file = fs::File::create(&path).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap(); // sparse: costs no disk
    let e = media::prepare_file(&path, &Limits { max_bytes: 20 * 1024 * 1024, ..Limits::default() }).unwrap_err();
    assert!(e.to_string().contains("50 MB") && e.to_string().contains("20 MB"), "{e}");
}

#[test]
fn attachments_are_kept_as_they_are() {
    let f = Fixture::new();
    let item = import(&f, "Kế hoạch 123-KH.pdf", images::pdf(), None).unwrap();
    assert_eq!(item.kind, MediaKind::Attachment);
    assert_eq!((item.web_path, item.thumb_path, item.width), (None, None, None));
    assert!(item.original_path.ends_with(".pdf"));
}

#[test]
fn batch_import_runs_in_parallel_reports_progress_and_keeps_order() {
    let f = Fixture::new();
    let src = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for i in 0..6u16 {
        let p = src.path().join(format!("anh-{i}.jpg"));
        let bytes = if i == 3 { b"not a photo".to_vec() } else { images::jpeg_with_exif(300 + i, 200, 1) };
        fs::write(&p, bytes).unwrap();
        paths.push(p);
    }
    let mut seen = Vec::new();
    let results = f.desk.import_files(&f.an, &paths, Some(&f.assignment), &Limits::default(), 3, &mut |p| {
        seen.push((p.done, p.total, p.error.is_some()))
    });
    assert_eq!(results.len(), 6);
    for (i, r) in results.iter().enumerate() {
        assert_eq!(r.is_ok(), i != 3, "file {i}: {r:?}");
        if let Ok(o) = r {
            assert_eq!(o.item.width, Some(300 + i as u32), "results in input order");
        }
    }
    assert_eq!(seen.iter().map(|s| s.0).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5, 6]);
    assert!(seen.iter().all(|s| s.1 == 6));
    assert_eq!(seen.iter().filter(|s| s.2).count(), 1);
    let q = MediaQuery { assignment_id: Some(f.assignment.clone()), ..MediaQuery::default() };
    assert_eq!(f.desk.media_list(&f.an, &q).unwrap().len(), 5);
}

#[test]
fn captions_credits_and_who_may_change_them() {
    let f = Fixture::new();
    let item = import(&f, "hoi-nghi.jpg", images::jpeg_with_exif(400, 300, 1), None).unwrap();
    let patch = |c: &str, cr: &str| MediaPatch {
        caption: Some(c.into()),
        credit: Some(cr.into()),
        alt: Some("Hội trường".into()),
    };
    let audit_before = f.audit_len();
    let e = f.desk.edit_media(&f.binh, &item.id, patch("x", "y")).unwrap_err();
    assert!(matches!(e, Error::Forbidden { rule: "reporter-own-media", .. }), "{e}");
    let long = "dài ".repeat(200);
    let e = f.desk.edit_media(&f.an, &item.id, patch(&long, "y")).unwrap_err();
    assert_eq!(e.code(), "invalid_input");
    assert_eq!(f.audit_len(), audit_before, "refused edits change nothing");

    // NFD in, NFC stored; "Ảnh:" prefix dropped from the credit.
    let m = f.desk.edit_media(&f.an, &item.id, patch("Quang ca\u{0309}nh hội nghị", "Ảnh: Thu Hà")).unwrap();
    assert_eq!(m.caption, "Quang cảnh hội nghị");
    assert_eq!(m.credit, "Thu Hà");
    assert_eq!(m.figure_caption(), "Quang cảnh hội nghị. Ảnh: Thu Hà");
    assert_eq!(f.audit_len(), audit_before + 1);
    // Editors may fix anyone's caption.
    f.desk
        .edit_media(&f.editor, &item.id, MediaPatch { alt: Some("Hội trường tỉnh".into()), ..Default::default() })
        .unwrap();
}

#[test]
fn library_images_in_a_draft_render_as_figures_and_feed_the_checklist() {
    let f = Fixture::new();
    let item = import(&f, "cau.jpg", images::jpeg_with_exif(2000, 1000, 1), Some(&f.assignment)).unwrap();
    let body = format!("Theo Nghị định 32/2019/NĐ-CP.\n\n![](media:{})\n", item.id);
    f.desk.save_draft(&f.an, &f.assignment, DraftPatch { body: Some(body.clone()), ..Default::default() }).unwrap();
    let c = f.desk.checklist(&f.an, &f.assignment).unwrap();
    let get =
        |c: &toasoan_documents::checklist::Checklist, code: &str| c.items.iter().find(|i| i.code == code).unwrap().ok;
    assert!(get(&c, "images-available"));
    assert!(!get(&c, "images-captioned") && !get(&c, "images-credited"), "no caption yet");

    f.desk
        .edit_media(
            &f.an,
            &item.id,
            MediaPatch {
                caption: Some("Cầu Sông Trà".into()),
                credit: Some("Minh Anh".into()),
                alt: Some("Cầu".into()),
            },
        )
        .unwrap();
    let c = f.desk.checklist(&f.an, &f.assignment).unwrap();
    assert!(get(&c, "images-captioned") && get(&c, "images-credited"));

    let draft = f.desk.draft(&f.an, &f.assignment).unwrap();
    let r = f.desk.render_draft(&draft, "media://localhost/").unwrap();
    let web = item.web_path.unwrap();
    assert!(r.html.contains(&format!("<figure><img src=\"media://localhost/{web}\" alt=\"Cầu\" />")), "{}", r.html);
    assert!(r.html.contains("<figcaption>Cầu Sông Trà. Ảnh: Minh Anh</figcaption></figure>"), "{}", r.html);
    assert_eq!(r.figures[0].media_id.as_deref(), Some(item.id.as_str()));

    // A reference to something not in the library is named by the checklist.
    let ghost = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
    let d = toasoan_domain::Draft { body: format!("{body}\n![](media:{ghost})"), ..draft };
    let c = f.desk.check_draft(&f.an, &f.assignment, &d).unwrap();
    let avail = c.items.iter().find(|i| i.code == "images-available").unwrap();
    assert!(!avail.ok && avail.message.contains(ghost), "{}", avail.message);
}

#[test]
fn attaching_follows_the_role_rules_and_filters_find_it() {
    let f = Fixture::new();
    let item = import(&f, "a.jpg", images::jpeg_with_exif(200, 100, 1), None).unwrap();
    let e = f.desk.attach_media(&f.binh, &item.id, &f.assignment).unwrap_err();
    assert!(matches!(e, Error::Forbidden { rule: "reporter-own-assignment", .. }), "{e}");
    assert!(f.desk.media_item(&f.an, &item.id).unwrap().uses.is_empty());
    let m = f.desk.attach_media(&f.editor, &item.id, &f.assignment).unwrap();
    assert_eq!(m.uses[0].policy_id, f.policy_id);

    let by_policy = MediaQuery { policy_id: Some(f.policy_id.clone()), ..Default::default() };
    assert_eq!(f.desk.media_list(&f.binh, &by_policy).unwrap().len(), 1, "the library is shared");
    // The fixture clock says 20/11/2026 (Việt Nam).
    let on = |d| MediaQuery { from: Some(d), to: Some(d), ..Default::default() };
    assert_eq!(f.desk.media_list(&f.an, &on(date(2026, 11, 20))).unwrap().len(), 1);
    assert_eq!(f.desk.media_list(&f.an, &on(date(2026, 11, 21))).unwrap().len(), 0);
    let text = MediaQuery { text: Some("A.JPG".into()), ..Default::default() };
    assert_eq!(f.desk.media_list(&f.an, &text).unwrap().len(), 1);
    let bad = MediaQuery { from: Some(date(2026, 11, 21)), to: Some(date(2026, 11, 20)), ..Default::default() };
    assert_eq!(f.desk.media_list(&f.an, &bad).unwrap_err().code(), "invalid_input");
}
