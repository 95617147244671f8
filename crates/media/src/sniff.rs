//! What a file really is, from its first bytes (the `infer` crate), never from
//! its name; and file names made safe to show.

use unicode_normalization::UnicodeNormalization;

use super::refuse;
use toasoan_domain::Result;

/// Photo formats the library makes derivatives of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    Webp,
}

/// A recognised, accepted file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    /// MIME type from the content.
    pub mime: &'static str,
    /// Extension for storage, from the content.
    pub ext: &'static str,
    /// Set for photos the library makes derivatives of.
    pub image: Option<ImageFormat>,
}

/// Attachments accepted as they are: documents, audio, video.
const ATTACHMENTS: &[&str] = &[
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "audio/mpeg",
    "audio/m4a",
    "audio/aac",
    "audio/ogg",
    "audio/opus",
    "audio/x-flac",
    "audio/x-wav",
    "audio/amr",
    "video/mp4",
    "video/x-m4v",
    "video/quicktime",
    "video/webm",
    "video/x-matroska",
    "video/mpeg",
    "video/x-msvideo",
];

const IMAGE_EXTS: &[&str] = &["jpg", "jpeg", "jpe", "jfif", "png", "webp", "heic", "heif", "gif", "bmp", "tif", "tiff"];

const SUPPORTED: &str = "chỉ nhận ảnh JPEG, PNG, WebP và tệp đính kèm PDF, Word, Excel, PowerPoint, âm thanh, video";

/// HEIC/HEIF (phones' default) is not decoded by a kept Rust library: say how to convert.
const HEIC_HELP: &str =
    "ảnh HEIC/HEIF (định dạng mặc định của iPhone) chưa đọc được. Hãy chuyển sang JPEG rồi nhập lại: \
trên iPhone chọn Cài đặt → Camera → Định dạng → «Tương thích nhất», hoặc gửi ảnh qua Zalo/email (tự chuyển JPEG); \
trên máy tính dùng `heif-convert anh.heic anh.jpg` (gói libheif-examples)";

/// Recognises `bytes`. A name whose extension promises a photo but whose
/// content is something else is refused, naming both.
pub fn sniff(name: &str, bytes: &[u8]) -> Result<Sniffed> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_lowercase()).unwrap_or_default();
    let claims_image = IMAGE_EXTS.contains(&ext.as_str());
    let Some(t) = infer::get(bytes) else {
        return Err(if claims_image {
            refuse(name, format!("có đuôi .{ext} nhưng nội dung không phải ảnh (tệp hỏng hoặc bị đổi tên)"))
        } else {
            refuse(name, format!("không nhận ra loại tệp; {SUPPORTED}"))
        });
    };
    let mime = t.mime_type();
    let image = match mime {
        "image/jpeg" => Some(ImageFormat::Jpeg),
        "image/png" => Some(ImageFormat::Png),
        "image/webp" => Some(ImageFormat::Webp),
        "image/heif" => return Err(refuse(name, HEIC_HELP)),
        "image/avif" => return Err(refuse(name, "ảnh AVIF chưa đọc được; hãy xuất lại dưới dạng JPEG hoặc PNG")),
        m if m.starts_with("image/") => {
            return Err(refuse(
                name,
                format!("định dạng ảnh {m} không dùng được cho báo điện tử; hãy chuyển sang JPEG hoặc PNG"),
            ))
        }
        m if ATTACHMENTS.contains(&m) => None,
        m => return Err(refuse(name, format!("loại tệp {m} không được nhận; {SUPPORTED}"))),
    };
    if claims_image && image.is_none() {
        return Err(refuse(name, format!("có đuôi .{ext} nhưng nội dung là {mime}, không phải ảnh")));
    }
    let ext = match image {
        Some(ImageFormat::Jpeg) => "jpg",
        _ => t.extension(),
    };
    Ok(Sniffed { mime, ext, image })
}

/// Longest shown file name, in characters.
const NAME_MAX: usize = 120;

/// A user-supplied file name made safe to store and show: only the last path
/// component, NFC, no control or bidirectional-override characters, no leading
/// dots, at most [`NAME_MAX`] characters (keeping the extension).
pub fn clean_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .nfc()
        .filter(|c| !c.is_control() && !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'))
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    if trimmed.is_empty() {
        return "tệp-không-tên".to_string();
    }
    if trimmed.chars().count() <= NAME_MAX {
        return trimmed.to_string();
    }
    let (stem, ext) = match trimmed.rsplit_once('.') {
        Some((s, e)) if e.chars().count() <= 8 => (s, format!(".{e}")),
        _ => (trimmed, String::new()),
    };
    let keep = NAME_MAX - ext.chars().count() - 1;
    format!("{}…{ext}", stem.chars().take(keep).collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_are_defused() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\Users\\a\\Ảnh hội nghị.jpg"), "Ảnh hội nghị.jpg");
        assert_eq!(clean_name("anh\u{202e}gpj.exe"), "anhgpj.exe");
        assert_eq!(clean_name("a\u{0}b\nc.jpg"), "abc.jpg");
        assert_eq!(clean_name(".."), "tệp-không-tên");
        assert_eq!(clean_name(".bashrc"), "bashrc");
        assert_eq!(clean_name(""), "tệp-không-tên");
        // NFD in, NFC out.
        assert_eq!(clean_name("A\u{0300}nh.png"), "Ành.png");
        let long = format!("{}.jpeg", "ả".repeat(500));
        let c = clean_name(&long);
        assert_eq!(c.chars().count(), NAME_MAX);
        assert!(c.ends_with("….jpeg"), "{c}");
    }

    #[test]
    fn content_decides_not_the_name() {
        assert!(sniff("a.jpg", b"just some text, not a photo").unwrap_err().to_string().contains("không phải ảnh"));
        let pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n";
        let e = sniff("anh.jpg", pdf).unwrap_err().to_string();
        assert!(e.contains("application/pdf"), "{e}");
        let ok = sniff("cong-van.pdf", pdf).unwrap();
        assert_eq!((ok.mime, ok.ext, ok.image), ("application/pdf", "pdf", None));
        assert!(sniff("x.bin", &[0x7f, b'E', b'L', b'F', 2, 1, 1, 0]).is_err());
        assert!(sniff("notes.txt", b"hello").unwrap_err().to_string().contains("không nhận ra"));
    }

    #[test]
    fn heic_gets_conversion_help() {
        let mut heic = vec![0, 0, 0, 0x18];
        heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
        let e = sniff("IMG_0001.HEIC", &heic).unwrap_err().to_string();
        assert!(e.contains("HEIC") && e.contains("Tương thích nhất"), "{e}");
    }
}
