//! Autosave: durable at once, bursts coalesced into revisions, nothing lost
//! when the process dies.

use chrono::Duration;
use toasoan_core::Desk;
use toasoan_domain::Draft;

use crate::util::Fixture;

fn text(body: &str) -> Draft {
    Draft { headline: "Tít".into(), sapo: String::new(), body: body.into(), byline: "Thanh An".into() }
}

#[test]
fn keystroke_bursts_become_one_revision_each() {
    let f = Fixture::new();
    let d = &f.desk;
    // Burst 1: ten autosaves a second apart.
    let mut typed = String::new();
    for w in ["Một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"] {
        typed.push_str(w);
        typed.push(' ');
        let out = d.autosave(&f.an, &f.assignment, text(&typed)).unwrap();
        assert_eq!(out.sealed_revision, None);
        f.advance(Duration::seconds(1));
    }
    assert!(d.history(&f.an, &f.assignment).unwrap().is_empty(), "no revision while typing");
    assert_eq!(d.draft(&f.an, &f.assignment).unwrap().body, typed.trim_end().to_string() + " ");

    // A pause, then burst 2 seals burst 1.
    f.advance(Duration::seconds(45));
    let out = d.autosave(&f.an, &f.assignment, text("Đoạn mới")).unwrap();
    assert_eq!(out.sealed_revision, Some(1));
    let h = d.history(&f.an, &f.assignment).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].draft.body, typed);
    assert_eq!(h[0].reason, "autosave");

    // A long continuous burst is sealed every five minutes.
    for i in 0..40 {
        f.advance(Duration::seconds(10));
        d.autosave(&f.an, &f.assignment, text(&format!("Đoạn mới {i}"))).unwrap();
    }
    let n = d.history(&f.an, &f.assignment).unwrap().len();
    assert!((2..=3).contains(&n), "400 s of typing → one or two more revisions, got {n}");

    // Submitting seals the buffer: the submitted revision is the last text typed.
    let rev = d.submit(&f.an, &f.assignment).unwrap();
    assert_eq!(rev.draft.body, "Đoạn mới 39");
}

#[test]
fn text_survives_a_dropped_process() {
    let f = Fixture::new();
    f.desk.autosave(&f.an, &f.assignment, text("Chữ cuối cùng trước khi mất điện")).unwrap();
    let path = f.dir.path().to_path_buf();
    let assignment = f.assignment.clone();
    // Leak the desk: no destructor, no checkpoint, like a killed process.
    std::mem::forget(f.desk);
    let reopened = Desk::open(&path).unwrap();
    let an = reopened.person("an").unwrap();
    assert_eq!(reopened.draft(&an, &assignment).unwrap().body, "Chữ cuối cùng trước khi mất điện");
    std::mem::forget(f.dir); // the leaked desk still points into it
}

#[test]
fn another_reporter_cannot_autosave_and_nothing_is_written() {
    let f = Fixture::new();
    let e = f.desk.autosave(&f.binh, &f.assignment, text("xâm nhập")).unwrap_err();
    assert_eq!(e.code(), "forbidden");
    assert_eq!(f.desk.draft(&f.an, &f.assignment).unwrap().body, "");
}
