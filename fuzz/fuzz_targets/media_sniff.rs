//! What a file is, from its bytes (the sniffer), and the whole import of it
//! (decoding with limits, derivatives): any bytes are a media item or a
//! refusal naming the file, never a panic or an allocation past the limits.
#![no_main]
use libfuzzer_sys::fuzz_target;
use toasoan_media::{self as media, Limits};

fuzz_target!(|data: &[u8]| {
    let limits = Limits { max_bytes: 1 << 20, max_pixels: 4_000_000, max_side: 4_000 };
    let _ = media::prepare("tep.jpg", data.to_vec(), &limits);
});
