//! The view counter read off a published page: a portal's own pattern
//! (template or regular expression, from the first line) over the rest as the
//! page. Never a panic; a count found is never negative.
#![no_main]
use libfuzzer_sys::fuzz_target;
use toasoan_documents::page::ViewPattern;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let (pattern, page) = s.split_once('\n').unwrap_or(("", s));
    for p in [ViewPattern::default(), ViewPattern::parse(pattern).unwrap_or_default()] {
        if let Some(n) = p.find(page) {
            assert!(n >= 0);
        }
    }
});
