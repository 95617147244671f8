//! Search without diacritics over the real index.

use toasoan_core::desk::DraftPatch;

use crate::util::Fixture;

#[test]
fn finds_without_diacritics_including_d_stroke() {
    let f = Fixture::new();
    f.write_piece();
    let d = &f.desk;
    for q in ["nghi dinh", "NGHỊ ĐỊNH", "da nang", "Đà Nẵng", "32/2019/nd-cp", "\"dat hang bao chi\""] {
        let hits = d.search(&f.editor, q, 10).unwrap();
        assert_eq!(hits.len(), 1, "{q}");
        assert!(hits[0].headline.iter().any(|s| s.hit) || hits[0].snippet.iter().any(|s| s.hit), "{q}: highlighted");
    }
    let hits = d.search(&f.editor, "da nang", 10).unwrap();
    let marked: Vec<&str> = hits[0].headline.iter().filter(|s| s.hit).map(|s| s.text.as_str()).collect();
    assert_eq!(marked, ["Đà Nẵng"]);
    assert!(d.search(&f.editor, "ha noi", 10).unwrap().is_empty());
    assert_eq!(d.search(&f.editor, " \"\" ", 10).unwrap_err().code(), "invalid_input");
}

#[test]
fn search_follows_new_revisions_and_reporters_see_their_own() {
    let f = Fixture::new();
    let d = &f.desk;
    f.write_piece();
    d.save_draft(&f.an, &f.assignment, DraftPatch { body: Some("Hội An đón khách".into()), ..Default::default() })
        .unwrap();
    assert_eq!(d.search(&f.an, "hoi an", 10).unwrap().len(), 1);
    assert!(d.search(&f.an, "cac co quan duoc dat hang", 10).unwrap().is_empty(), "old body no longer indexed");
    assert!(d.search(&f.binh, "hoi an", 10).unwrap().is_empty(), "not binh's piece");
}
