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
    let hex = |s: &str| s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    dir.len() == 2
        && sha.len() == 64
        && hex(sha)
        && sha.starts_with(dir)
        && matches!(rest, "web.jpg" | "web.png" | "thumb.jpg" | "thumb.png")
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
}
