//! Markdown → sanitized HTML, and the checklist over it: never a panic, never
//! a script or an event handler in the output, whatever the draft holds.
#![no_main]
use libfuzzer_sys::fuzz_target;
use toasoan_core::render;

fuzz_target!(|data: &[u8]| {
    let Ok(md) = std::str::from_utf8(data) else { return };
    let r = render::render(md);
    let lower = r.html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "script in {}", r.html);
    assert!(!lower.contains("javascript:"), "javascript: in {}", r.html);
    for attr in [" onerror=", " onload=", " onclick=", " onmouseover="] {
        assert!(!lower.contains(attr), "{attr} in {}", r.html);
    }
    let _ = render::plain_text(md);
});
