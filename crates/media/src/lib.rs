//! The media library's pure side: recognising what a file is, refusing what must
//! not get in, and making the derivatives a portal will see.
//!
//! [`prepare`] takes a file's bytes and returns a [`Prepared`] import — content
//! hash, kind, sanitized name and, for photos, the web-size (long edge
//! [`WEB_EDGE`] px) and thumbnail ([`THUMB_EDGE`] px) derivatives — or a
//! Vietnamese error naming the file and what is wrong. It does no I/O and touches
//! no database, so imports run on worker threads in parallel; [`files`] puts the
//! result on disk and the desk records it.
//!
//! Architecture invariant: derivatives are re-encoded from decoded pixels, so
//! they carry **no metadata at all** (no EXIF, GPS, XMP, maker notes, ICC text);
//! EXIF orientation is applied to the pixels first. Originals are kept
//! byte-for-byte and never leave the machine.

pub mod files;
mod pipeline;
mod sniff;

pub use toasoan_domain::ids::sha256_hex;
pub use toasoan_domain::MediaKind;
use toasoan_domain::{Error, Result};

pub use sniff::{clean_name, Sniffed};

/// Long edge of the web-size derivative, in pixels.
pub const WEB_EDGE: u32 = 1600;
/// Long edge of the thumbnail, in pixels.
pub const THUMB_EDGE: u32 = 320;

/// Caps applied before any decoding work, so hostile files are refused quickly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_bytes: u64,
    /// Largest image accepted, in pixels (width × height). A decompression bomb
    /// declares far more than this in its header and is refused before decoding.
    pub max_pixels: u64,
    /// Longest side accepted, in pixels.
    pub max_side: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_bytes: toasoan_domain::limits::MAX_MEDIA_BYTES, max_pixels: 100_000_000, max_side: 40_000 }
    }
}

/// An encoded derivative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derivative {
    /// Encoded bytes (JPEG, or PNG when the source has transparency).
    pub bytes: Vec<u8>,
    /// File extension, `jpg` or `png`.
    pub ext: &'static str,
    /// Width in pixels, orientation applied.
    pub width: u32,
    /// Height in pixels, orientation applied.
    pub height: u32,
}

/// A file ready to be stored: everything computed, nothing written yet.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// SHA-256 of the original bytes, lowercase hex: the item's address.
    pub sha256: String,
    /// Image or attachment.
    pub kind: MediaKind,
    /// MIME type recognised from the content (never from the name).
    pub mime: &'static str,
    /// Extension for the stored original, from the content.
    pub ext: &'static str,
    /// The file name as given, made safe to show (see [`clean_name`]).
    pub original_name: String,
    /// The original, byte for byte.
    pub original: Vec<u8>,
    /// Pixel size of the original with orientation applied (images only).
    pub dimensions: Option<(u32, u32)>,
    /// Web-size derivative (images only).
    pub web: Option<Derivative>,
    /// Thumbnail (images only).
    pub thumb: Option<Derivative>,
}

/// The error for a refused file: names the file and says what is wrong.
pub(crate) fn refuse(name: &str, reason: impl std::fmt::Display) -> Error {
    Error::invalid("tệp", format!("«{name}»: {reason}"))
}

/// Recognises `bytes` (named `name` by the user), refuses what must not get in
/// and makes the derivatives of photos.
pub fn prepare(name: &str, bytes: Vec<u8>, limits: &Limits) -> Result<Prepared> {
    let shown = clean_name(name);
    if bytes.len() as u64 > limits.max_bytes {
        return Err(too_big(&shown, bytes.len() as u64, limits));
    }
    if bytes.is_empty() {
        return Err(refuse(&shown, "tệp rỗng (0 byte)"));
    }
    let sniffed = sniff::sniff(&shown, &bytes)?;
    let sha256 = sha256_hex(&bytes);
    let (kind, dimensions, web, thumb) = match sniffed.image {
        Some(format) => {
            // Decoders are fed hostile input: a panic deep in one is a refused
            // file, not a crashed import.
            let made = std::panic::catch_unwind(|| pipeline::derive(format, &bytes, limits));
            let d = match made {
                Ok(r) => r.map_err(|e| refuse(&shown, e))?,
                Err(_) => return Err(refuse(&shown, "ảnh hỏng, bộ giải mã không đọc được")),
            };
            (MediaKind::Image, Some(d.dimensions), Some(d.web), Some(d.thumb))
        }
        None => (MediaKind::Attachment, None, None, None),
    };
    Ok(Prepared {
        sha256,
        kind,
        mime: sniffed.mime,
        ext: sniffed.ext,
        original_name: shown,
        original: bytes,
        dimensions,
        web,
        thumb,
    })
}

/// Reads and prepares a file, refusing oversize files before reading them.
pub fn prepare_file(path: &std::path::Path, limits: &Limits) -> Result<Prepared> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let shown = clean_name(&name);
    let meta = std::fs::metadata(path).map_err(|e| refuse(&shown, format!("không mở được ({e})")))?;
    if !meta.is_file() {
        return Err(refuse(&shown, "không phải một tệp"));
    }
    if meta.len() > limits.max_bytes {
        return Err(too_big(&shown, meta.len(), limits));
    }
    let bytes = std::fs::read(path).map_err(|e| refuse(&shown, format!("không đọc được ({e})")))?;
    prepare(&name, bytes, limits)
}

fn too_big(name: &str, size: u64, limits: &Limits) -> Error {
    refuse(
        name,
        format!(
            "tệp nặng {} MB, vượt giới hạn {} MB cho mỗi tệp",
            size.div_ceil(1024 * 1024),
            limits.max_bytes / (1024 * 1024)
        ),
    )
}
