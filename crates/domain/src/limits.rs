//! The bounds on what enters Tòa Soạn, in one place: every text, file, row
//! count and figure a person, a file or a portal can hand us has a ceiling
//! here, and each refusal names it (issue «Nothing lost, nothing leaked»).
//! The figures are generous for real newsroom work and small enough that
//! nothing past them can stall the app or exhaust memory.

use crate::error::{Error, Result};

/// Largest body of a draft, in bytes of UTF-8: 1 MiB, about 150,000
/// Vietnamese words — fifteen times a long report. A 50 MB draft once took
/// 24 s to save and its checklist 13 s and 392 MB.
pub const MAX_BODY_BYTES: usize = 1 << 20;
/// Longest headline, in characters.
pub const MAX_HEADLINE_CHARS: usize = 500;
/// Longest sapo, in characters.
pub const MAX_SAPO_CHARS: usize = 5_000;
/// Longest byline (pen names), in characters.
pub const MAX_BYLINE_CHARS: usize = 300;

/// Largest raw HTML block in a draft, in bytes: 64 KiB. A larger block is
/// shown as text, never handed to the sanitizer (100,000 nested `<div>`s,
/// 1.1 MB, took 84 s to clean).
pub const MAX_HTML_BLOCK_BYTES: usize = 64 << 10;
/// Deepest nesting of elements in a raw HTML block.
pub const MAX_HTML_DEPTH: usize = 64;

/// Longest URL kept as a link: Internet Explorer's and Excel's 2,083.
pub const MAX_URL_CHARS: usize = 2_083;
/// Longest text of one citizen comment or feedback typed in: Excel's cell
/// limit, so every export can hold it whole.
pub const MAX_FEEDBACK_CHARS: usize = 32_767;

/// Largest file imported as an engagement export (CSV): 20 MiB.
pub const MAX_IMPORT_BYTES: usize = 20 << 20;
/// Most data rows in one engagement export.
pub const MAX_IMPORT_ROWS: usize = 100_000;
/// Rejected rows listed by line and reason; the rest are counted.
pub const MAX_REJECTED_LISTED: usize = 100;

/// Largest media file imported (a photo or a short clip): 100 MiB, the
/// media library's default.
pub const MAX_MEDIA_BYTES: u64 = 100 << 20;

/// The limits the window checks before it sends anything (a 100 MB file is
/// refused before it is read), exported to the UI as `LIMITS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InputLimits {
    /// [`MAX_BODY_BYTES`].
    pub body_bytes: u32,
    /// [`MAX_HEADLINE_CHARS`].
    pub headline_chars: u32,
    /// [`MAX_SAPO_CHARS`].
    pub sapo_chars: u32,
    /// [`MAX_IMPORT_BYTES`].
    pub import_bytes: u32,
    /// [`MAX_MEDIA_BYTES`].
    pub media_bytes: u32,
    /// [`MAX_URL_CHARS`].
    pub url_chars: u32,
    /// [`MAX_FEEDBACK_CHARS`].
    pub feedback_chars: u32,
}

/// The limits, for the UI.
pub const INPUT_LIMITS: InputLimits = InputLimits {
    body_bytes: MAX_BODY_BYTES as u32,
    headline_chars: MAX_HEADLINE_CHARS as u32,
    sapo_chars: MAX_SAPO_CHARS as u32,
    import_bytes: MAX_IMPORT_BYTES as u32,
    media_bytes: MAX_MEDIA_BYTES as u32,
    url_chars: MAX_URL_CHARS as u32,
    feedback_chars: MAX_FEEDBACK_CHARS as u32,
};

/// `text`, or a refusal naming `field` and the limit when it has more than
/// `max` characters.
pub fn check_chars(field: &'static str, text: &str, max: usize) -> Result<()> {
    // Counting characters is linear; bytes bound them first (a char is at
    // most 4 bytes), so a huge input is refused without a walk.
    let n = if text.len() <= max { text.len() } else { text.chars().count() };
    if text.len() > max && n > max {
        return Err(Error::invalid(field, format!("dài {n} ký tự, tối đa {max} ký tự")));
    }
    Ok(())
}

/// `text` refused when it is larger than `max` bytes, naming the size in a
/// way people read (KiB, MiB).
pub fn check_bytes(field: &'static str, len: usize, max: usize, what: &str) -> Result<()> {
    if len > max {
        return Err(Error::invalid(
            field,
            format!("{what} dài {}, tối đa {}", human_bytes(len as u64), human_bytes(max as u64)),
        ));
    }
    Ok(())
}

/// A URL typed or imported: at most [`MAX_URL_CHARS`] characters.
pub fn check_url_len(field: &'static str, url: &str) -> Result<()> {
    if url.chars().count() > MAX_URL_CHARS {
        return Err(Error::invalid(
            field,
            format!(
                "đường dẫn dài {} ký tự, tối đa {MAX_URL_CHARS} ký tự (giới hạn của trình duyệt và Excel)",
                url.chars().count()
            ),
        ));
    }
    Ok(())
}

/// A draft within the bounds: headline, sapo and byline in characters, the
/// body in bytes; the refusal names the field and both sizes.
pub fn check_draft(d: &crate::Draft) -> Result<()> {
    check_chars("headline", &d.headline, MAX_HEADLINE_CHARS)?;
    check_chars("sapo", &d.sapo, MAX_SAPO_CHARS)?;
    check_chars("byline", &d.byline, MAX_BYLINE_CHARS)?;
    check_bytes("body", d.body.len(), MAX_BODY_BYTES, "chính văn")
}

/// Bytes as people read them: "812 byte", "64 KiB", "1,5 MiB".
pub fn human_bytes(n: u64) -> String {
    const KIB: u64 = 1 << 10;
    const MIB: u64 = 1 << 20;
    const GIB: u64 = 1 << 30;
    let (unit, div) = match n {
        n if n >= GIB => ("GiB", GIB),
        n if n >= MIB => ("MiB", MIB),
        n if n >= KIB => ("KiB", KIB),
        _ => return format!("{n} byte"),
    };
    let tenths = (n * 10 + div / 2) / div;
    if tenths % 10 == 0 {
        format!("{} {unit}", tenths / 10)
    } else {
        format!("{},{} {unit}", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_the_vietnamese_way() {
        assert_eq!(human_bytes(812), "812 byte");
        assert_eq!(human_bytes(64 << 10), "64 KiB");
        assert_eq!(human_bytes(3 << 19), "1,5 MiB");
        assert_eq!(human_bytes(50_000_000), "47,7 MiB");
    }

    #[test]
    fn limits_are_named_in_refusals() {
        assert!(check_chars("headline", &"a".repeat(500), MAX_HEADLINE_CHARS).is_ok());
        // 500 two-byte characters are 1,000 bytes but still 500 characters.
        assert!(check_chars("headline", &"đ".repeat(500), MAX_HEADLINE_CHARS).is_ok());
        let e = check_chars("headline", &"đ".repeat(501), MAX_HEADLINE_CHARS).unwrap_err();
        assert!(e.to_string().contains("dài 501 ký tự, tối đa 500 ký tự"), "{e}");
        let e = check_bytes("body", 50_000_000, MAX_BODY_BYTES, "chính văn").unwrap_err();
        assert!(e.to_string().contains("chính văn dài 47,7 MiB, tối đa 1 MiB"), "{e}");
        assert!(check_url_len("url", &format!("https://a.vn/{}", "x".repeat(2_000))).is_ok());
        let e = check_url_len("url", &format!("https://a.vn/{}", "x".repeat(2_100))).unwrap_err();
        assert!(e.to_string().contains("tối đa 2083 ký tự"), "{e}");
    }
}
