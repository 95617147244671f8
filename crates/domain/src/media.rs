//! The media library's records (an item, where it is used) and the layout of
//! its content-addressed files, which the store, the desk and the shell share.

use serde::{Deserialize, Serialize};

use crate::MediaKind;

/// Which stored file of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// The original, byte for byte.
    Original,
    /// Long edge 1600 px, metadata stripped.
    Web,
    /// Long edge 320 px, metadata stripped.
    Thumb,
}

/// Path of a stored file relative to the media folder, e.g. `ab/ab12…ef.web.jpg`.
pub fn relative_path(sha256: &str, variant: Variant, ext: &str) -> String {
    let dir = sha256.get(..2).unwrap_or("00");
    match variant {
        Variant::Original => format!("{dir}/{sha256}.{ext}"),
        Variant::Web => format!("{dir}/{sha256}.web.{ext}"),
        Variant::Thumb => format!("{dir}/{sha256}.thumb.{ext}"),
    }
}

/// True for a well-formed derivative path as [`relative_path`] makes them
/// (`xx/<64 hex>.web|thumb.jpg|png`): what a front end may serve, nothing else.
pub fn is_derivative_path(rel: &str) -> bool {
    let Some((dir, file)) = rel.split_once('/') else {
        return false;
    };
    let Some((sha, rest)) = file.split_once('.') else {
        return false;
    };
    dir.len() == 2
        && is_sha256_hex(sha)
        && sha.starts_with(dir)
        && matches!(rest, "web.jpg" | "web.png" | "thumb.jpg" | "thumb.png")
}

/// True for a SHA-256 as the library writes it: 64 lowercase hex digits.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// True for a file extension the library may name a file with: 1 to 8
/// lowercase ASCII letters or digits (never a dot, a slash or `..`).
pub fn is_safe_ext(s: &str) -> bool {
    (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// True for a path [`relative_path`] makes from a well-formed hash and
/// extension — an original (`xx/<64 hex>.<ext>`) or a derivative: the only
/// paths a workbench writes a file it received at.
pub fn is_media_path(rel: &str) -> bool {
    if is_derivative_path(rel) {
        return true;
    }
    let Some((dir, file)) = rel.split_once('/') else { return false };
    let Some((sha, ext)) = file.split_once('.') else { return false };
    dir.len() == 2 && is_sha256_hex(sha) && sha.starts_with(dir) && is_safe_ext(ext)
}

/// A library item as the desk returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MediaItem {
    /// UUIDv7.
    pub id: String,
    /// SHA-256 of the original: the content address.
    pub sha256: String,
    /// Image or attachment.
    pub kind: MediaKind,
    /// MIME type recognised from the content.
    pub mime: String,
    /// File name as imported (sanitized).
    pub original_name: String,
    /// Size of the original in bytes.
    pub bytes: i64,
    /// Width of the original, orientation applied (images).
    pub width: Option<u32>,
    /// Height of the original, orientation applied (images).
    pub height: Option<u32>,
    /// Web-size derivative, relative to the media folder (images).
    pub web_path: Option<String>,
    /// Thumbnail, relative to the media folder (images).
    pub thumb_path: Option<String>,
    /// Original, relative to the media folder.
    pub original_path: String,
    /// Chú thích.
    pub caption: String,
    /// Who took or owns it, without the "Ảnh:" prefix.
    pub credit: String,
    /// Alternative text for readers who cannot see the image.
    pub alt: String,
    /// Login of the person who imported it.
    pub imported_by: String,
    /// Import instant (UTC).
    pub imported_at: chrono::DateTime<chrono::Utc>,
    /// Last caption/credit/alt change (UTC).
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Pieces it is used in.
    pub uses: Vec<MediaUse>,
}

/// A piece a library item is attached to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MediaUse {
    /// Assignment id.
    pub assignment_id: String,
    /// Assignment number.
    pub assignment_num: i64,
    /// Working title.
    pub title: String,
    /// Policy id.
    pub policy_id: String,
    /// Policy name.
    pub policy_name: String,
}

impl MediaItem {
    /// The figure caption as published: "Chú thích. Ảnh: Tên".
    pub fn figure_caption(&self) -> String {
        let caption = self.caption.trim();
        let credit = self.credit.trim();
        match (caption.is_empty(), credit.is_empty()) {
            (true, true) => String::new(),
            (false, true) => caption.to_string(),
            (true, false) => format!("Ảnh: {credit}"),
            (false, false) => {
                let sep = if caption.ends_with(['.', '!', '?', '…']) { " " } else { ". " };
                format!("{caption}{sep}Ảnh: {credit}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_formed_derivative_paths_are_servable() {
        let sha = "ab".to_string() + &"0".repeat(62);
        assert!(is_derivative_path(&relative_path(&sha, Variant::Web, "jpg")));
        assert!(is_derivative_path(&relative_path(&sha, Variant::Thumb, "png")));
        assert!(!is_derivative_path(&relative_path(&sha, Variant::Original, "jpg")), "originals keep GPS");
        for bad in ["../toasoan.db", "ab/../../etc/passwd", "cd/ab00.web.jpg", "", "ab/x.web.jpg"] {
            assert!(!is_derivative_path(bad), "{bad}");
        }
        let upper = "AB".to_string() + &"0".repeat(62);
        assert!(!is_derivative_path(&format!("AB/{upper}.web.jpg")));
    }

    #[test]
    fn a_received_file_is_written_only_at_a_content_address() {
        let sha = "ab".to_string() + &"0".repeat(62);
        assert!(is_media_path(&relative_path(&sha, Variant::Original, "jpg")));
        assert!(is_media_path(&relative_path(&sha, Variant::Original, "pdf")));
        assert!(is_media_path(&relative_path(&sha, Variant::Web, "jpg")));
        // What a hostile media row could make of its hash and extension.
        for (h, e) in [
            (sha.as_str(), "jpg/../../../.config/autostart/x"),
            (sha.as_str(), "../x"),
            (sha.as_str(), ""),
            (sha.as_str(), "JPG"),
            (sha.as_str(), "toolongext"),
            ("../../../../etc/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "jpg"),
            ("ab", "jpg"),
            ("àb00000000000000000000000000000000000000000000000000000000000000", "jpg"),
        ] {
            assert!(!(is_sha256_hex(h) && is_safe_ext(e)), "{h} {e}");
            assert!(!is_media_path(&relative_path(h, Variant::Original, e)), "{h} {e}");
        }
    }
}
