//! Search queries as typed: parsing, the FTS5 expressions (only quoted
//! letters and digits), highlighting and snippets never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use toasoan_domain::search::{self, Query};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let (query, text) = s.split_once('\n').unwrap_or((s, s));
    if let Some(q) = Query::parse(query) {
        for (_, expr) in search::tier_exprs(&q) {
            // Outside the quotes only the operators we write.
            let outside: String = expr.split('"').step_by(2).collect();
            assert!(outside.chars().all(|c| c.is_ascii_alphabetic() || " :()".contains(c)), "{expr}");
        }
        let _ = search::highlight(text, &q);
        let _ = search::snippet(text, &q, 30);
    }
});
