//! Hostile and unlucky input at the desk's doors (issue «Nothing lost,
//! nothing leaked», items 3, 6): each is refused with the limit named, and
//! nothing changes — the same text, the same audit trail.

use toasoan_core::desk::DraftPatch;
use toasoan_domain::limits::{MAX_BODY_BYTES, MAX_FEEDBACK_CHARS, MAX_HEADLINE_CHARS};
use toasoan_domain::Draft;

use crate::util::Fixture;

/// Tried: a 50 MB body (autosave, save, preview), a body one byte over
/// 1 MiB, a 501-character headline; a body of exactly 1 MiB is kept.
#[test]
fn a_draft_past_its_bounds_is_refused_whole_and_the_text_stays() {
    let f = Fixture::new();
    f.write_piece();
    let before = f.desk.draft(&f.an, &f.assignment).unwrap();
    let history = f.desk.history(&f.an, &f.assignment).unwrap().len();
    let audit = f.audit_len();

    let huge = Draft { body: "Chữ ".repeat(50_000_000 / 6), ..before.clone() };
    let e = f.desk.autosave(&f.an, &f.assignment, huge.clone()).unwrap_err();
    assert_eq!(e.code(), "invalid_input");
    assert!(e.to_string().contains("chính văn dài 47,7 MiB, tối đa 1 MiB"), "{e}");
    let e = f
        .desk
        .save_draft(&f.an, &f.assignment, DraftPatch { body: Some(huge.body.clone()), ..DraftPatch::default() })
        .unwrap_err();
    assert!(e.to_string().contains("tối đa 1 MiB"), "{e}");
    let e = f.desk.preview_draft(&f.an, &f.assignment, &huge, "m/").unwrap_err();
    assert!(e.to_string().contains("tối đa 1 MiB"), "{e}");

    let over = Draft { body: "a".repeat(MAX_BODY_BYTES + 1), ..before.clone() };
    assert!(f.desk.autosave(&f.an, &f.assignment, over).is_err());
    let long_title = Draft { headline: "đ".repeat(MAX_HEADLINE_CHARS + 1), ..before.clone() };
    let e = f.desk.autosave(&f.an, &f.assignment, long_title).unwrap_err();
    assert!(e.to_string().contains("(headline)") && e.to_string().contains("tối đa 500 ký tự"), "{e}");

    assert_eq!(f.desk.draft(&f.an, &f.assignment).unwrap(), before, "the text is untouched");
    assert_eq!(f.desk.history(&f.an, &f.assignment).unwrap().len(), history);
    assert_eq!(f.audit_len(), audit, "no audit event for a refusal");

    let full = Draft { body: "a".repeat(MAX_BODY_BYTES), ..before };
    f.desk.autosave(&f.an, &f.assignment, full).unwrap();
    assert_eq!(f.desk.draft(&f.an, &f.assignment).unwrap().body.len(), MAX_BODY_BYTES);
}

/// Tried: a 40,000-character comment, a 3,000-character publication URL.
#[test]
fn long_comments_and_links_are_refused_at_entry() {
    let f = Fixture::new();
    f.write_piece();
    let audit = f.audit_len();
    let e = f.desk.add_comment(&f.editor, &f.assignment, &"ý ".repeat(20_000)).unwrap_err();
    assert!(e.to_string().contains(&format!("tối đa {MAX_FEEDBACK_CHARS} ký tự")), "{e}");
    assert!(f.desk.comments(&f.an, Some(&f.assignment), false).unwrap().is_empty());

    f.desk.submit(&f.an, &f.assignment).unwrap();
    f.desk.approve(&f.editor, &f.assignment).unwrap();
    let audit_approved = f.audit_len();
    assert!(audit_approved > audit);
    let url = format!("https://binhson.gov.vn/{}", "a".repeat(3_000));
    let e = f.desk.mark_published(&f.editor, &f.assignment, &url, None).unwrap_err();
    assert!(e.to_string().contains("tối đa 2083 ký tự"), "{e}");
    assert_eq!(f.desk.assignment(&f.editor, &f.assignment).unwrap().state.code(), "approved");
    assert_eq!(f.audit_len(), audit_approved);
}
