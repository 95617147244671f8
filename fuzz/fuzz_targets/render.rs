//! Markdown → sanitized HTML, and the checklist over it: never a panic, never
//! a script or an event handler in the output, whatever the draft holds.
#![no_main]
use libfuzzer_sys::fuzz_target;
use toasoan_documents::render;

fuzz_target!(|data: &[u8]| {
    let Ok(md) = std::str::from_utf8(data) else { return };
    let r = render::render(md);
    if let Some(found) = render::unsafe_markup(&r.html) {
        panic!("{found} in {}", r.html);
    }
    let _ = render::plain_text(md);
});
