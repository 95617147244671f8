//! TCVN3 / VNI detection and conversion of pasted text: never a panic, and a
//! conversion is NFC.
#![no_main]
use libfuzzer_sys::fuzz_target;
use toasoan_domain::text::{self, legacy};

fuzz_target!(|data: &[u8]| {
    // 8-bit text arrives as one char per byte (what the CLI and the window
    // hand to detection), UTF-8 as itself.
    let latin: String = data.iter().map(|&b| b as char).collect();
    for t in [latin, String::from_utf8_lossy(data).into_owned()] {
        if let Some(d) = legacy::detect(&t) {
            assert_eq!(text::nfc(&d.converted), d.converted);
        }
    }
});
