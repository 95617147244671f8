//! Decode → shrink → orient → encode, for the two derivatives.
//!
//! JPEG (the bulk of newsroom photos) is decoded by `jpeg-decoder` with DCT
//! scaling: a 24-megapixel photo is decoded straight at ½ or ¼ size, the work
//! libvips calls shrink-on-load. The rest goes through `image` with allocation
//! limits. Resizing is `fast_image_resize` (SIMD Lanczos3), the thumbnail made
//! from the web size. Dimensions are checked against [`Limits`] from the header,
//! before any pixel buffer exists.

use std::io::Cursor;

use fast_image_resize as fr;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, RgbImage, RgbaImage};

use super::sniff::ImageFormat;
use super::{Derivative, Limits, THUMB_EDGE, WEB_EDGE};

/// The derivatives of one photo.
pub struct Derived {
    pub dimensions: (u32, u32),
    pub web: Derivative,
    pub thumb: Derivative,
}

/// Decoded pixels, 3 (RGB) or 4 (RGBA) bytes each.
struct Pixels {
    data: Vec<u8>,
    width: u32,
    height: u32,
    alpha: bool,
}

/// Why a decoder refused an image, in Vietnamese (becomes the file's refusal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refusal {}

impl From<String> for Refusal {
    fn from(s: String) -> Refusal {
        Refusal(s)
    }
}

impl From<&str> for Refusal {
    fn from(s: &str) -> Refusal {
        Refusal(s.to_string())
    }
}

type R<T> = std::result::Result<T, Refusal>;

pub fn derive(format: ImageFormat, bytes: &[u8], limits: &Limits) -> R<Derived> {
    let (pixels, full, orientation) = match format {
        ImageFormat::Jpeg => decode_jpeg(bytes, limits)?,
        ImageFormat::Png => decode_with_image(bytes, image::ImageFormat::Png, limits)?,
        ImageFormat::Webp => decode_with_image(bytes, image::ImageFormat::WebP, limits)?,
    };
    let swaps = matches!(
        orientation,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    );
    let dimensions = if swaps { (full.1, full.0) } else { full };

    let (ww, wh) = fit(full, WEB_EDGE);
    let web = resize(&pixels, ww, wh)?;
    let (tw, th) = fit(full, THUMB_EDGE);
    let thumb = resize(&web, tw, th)?;
    Ok(Derived {
        dimensions,
        web: encode(orient(web, orientation), 82)?,
        thumb: encode(orient(thumb, orientation), 78)?,
    })
}

/// Size with the long edge at most `edge`, aspect kept, never enlarged.
fn fit((w, h): (u32, u32), edge: u32) -> (u32, u32) {
    let long = w.max(h);
    if long <= edge {
        return (w, h);
    }
    let scale = |v: u32| ((u64::from(v) * u64::from(edge) + u64::from(long) / 2) / u64::from(long)).max(1) as u32;
    (scale(w), scale(h))
}

fn check_size(w: u32, h: u32, limits: &Limits) -> R<()> {
    if w == 0 || h == 0 {
        return Err("ảnh có kích thước 0 điểm ảnh".into());
    }
    let pixels = u64::from(w) * u64::from(h);
    if w > limits.max_side || h > limits.max_side || pixels > limits.max_pixels {
        return Err(format!(
            "ảnh khai báo {w} × {h} điểm ảnh ({} megapixel), vượt giới hạn {} megapixel, cạnh tối đa {} — có thể là «bom giải nén»; không xử lý",
            pixels / 1_000_000,
            limits.max_pixels / 1_000_000,
            limits.max_side
        )
        .into());
    }
    Ok(())
}

fn decode_jpeg(bytes: &[u8], limits: &Limits) -> R<(Pixels, (u32, u32), Orientation)> {
    let corrupt = |e: jpeg_decoder::Error| format!("ảnh JPEG hỏng hoặc bị cắt cụt ({e})");
    let mut d = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    d.read_info().map_err(corrupt)?;
    let info = d.info().ok_or("ảnh JPEG không có phần khai báo kích thước")?;
    let full = (u32::from(info.width), u32::from(info.height));
    check_size(full.0, full.1, limits)?;
    if !matches!(info.pixel_format, jpeg_decoder::PixelFormat::RGB24 | jpeg_decoder::PixelFormat::L8) {
        // CMYK and 16-bit greyscale are rare in a newsroom: the general path.
        return decode_with_image(bytes, image::ImageFormat::Jpeg, limits);
    }
    let (tw, th) = fit(full, WEB_EDGE);
    if (tw, th) != full {
        d.scale(tw.min(65_535) as u16, th.min(65_535) as u16).map_err(corrupt)?;
    }
    d.set_max_decoding_buffer_size(usize::try_from(limits.max_pixels.saturating_mul(3)).unwrap_or(usize::MAX));
    let data = d.decode().map_err(corrupt)?;
    let info = d.info().ok_or("ảnh JPEG hỏng")?;
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    let data = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => data.iter().flat_map(|&g| [g, g, g]).collect(),
        _ => data,
    };
    if data.len() != (w as usize) * (h as usize) * 3 {
        return Err("ảnh JPEG hỏng (thiếu dữ liệu điểm ảnh)".into());
    }
    let orientation = d.exif_data().and_then(Orientation::from_exif_chunk).unwrap_or(Orientation::NoTransforms);
    Ok((Pixels { data, width: w, height: h, alpha: false }, full, orientation))
}

fn decode_with_image(
    bytes: &[u8],
    format: image::ImageFormat,
    limits: &Limits,
) -> R<(Pixels, (u32, u32), Orientation)> {
    let name = format!("{format:?}").to_uppercase();
    let corrupt = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => {
            format!("ảnh {name} vượt giới hạn kích thước/bộ nhớ — có thể là «bom giải nén»; không xử lý")
        }
        e => format!("ảnh {name} hỏng hoặc bị cắt cụt ({e})"),
    };
    let mut reader = image::ImageReader::new(Cursor::new(bytes));
    reader.set_format(format);
    let mut lim = image::Limits::default();
    lim.max_image_width = Some(limits.max_side);
    lim.max_image_height = Some(limits.max_side);
    lim.max_alloc = Some(limits.max_pixels.saturating_mul(8));
    reader.limits(lim);
    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    let full = decoder.dimensions();
    check_size(full.0, full.1, limits)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let img = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    let alpha = img.color().has_alpha();
    let data = if alpha { img.into_rgba8().into_raw() } else { img.into_rgb8().into_raw() };
    Ok((Pixels { data, width: full.0, height: full.1, alpha }, full, orientation))
}

fn resize(src: &Pixels, width: u32, height: u32) -> R<Pixels> {
    if (src.width, src.height) == (width, height) {
        return Ok(Pixels { data: src.data.clone(), width, height, alpha: src.alpha });
    }
    let kind = if src.alpha { fr::PixelType::U8x4 } else { fr::PixelType::U8x3 };
    let view = fr::images::ImageRef::new(src.width, src.height, &src.data, kind).map_err(|e| e.to_string())?;
    let mut dst = fr::images::Image::new(width, height, kind);
    let options = fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
    fr::Resizer::new().resize(&view, &mut dst, &options).map_err(|e| e.to_string())?;
    Ok(Pixels { data: dst.into_vec(), width, height, alpha: src.alpha })
}

fn orient(p: Pixels, o: Orientation) -> Pixels {
    if o == Orientation::NoTransforms {
        return p;
    }
    let mut img = if p.alpha {
        RgbaImage::from_raw(p.width, p.height, p.data).map(DynamicImage::ImageRgba8)
    } else {
        RgbImage::from_raw(p.width, p.height, p.data).map(DynamicImage::ImageRgb8)
    }
    .unwrap_or_default();
    img.apply_orientation(o);
    let (width, height) = (img.width(), img.height());
    let data = if p.alpha { img.into_rgba8().into_raw() } else { img.into_rgb8().into_raw() };
    Pixels { data, width, height, alpha: p.alpha }
}

/// JPEG for photos; PNG (lossless, keeps transparency) when the source has alpha.
/// Neither encoder is given any metadata to write.
fn encode(p: Pixels, quality: u8) -> R<Derivative> {
    let mut out = Vec::new();
    let ext = if p.alpha {
        use image::ImageEncoder;
        image::codecs::png::PngEncoder::new_with_quality(
            &mut out,
            image::codecs::png::CompressionType::Fast,
            image::codecs::png::FilterType::Adaptive,
        )
        .write_image(&p.data, p.width, p.height, image::ExtendedColorType::Rgba8)
        .map_err(|e| e.to_string())?;
        "png"
    } else {
        let w = u16::try_from(p.width).map_err(|_| "ảnh quá rộng")?;
        let h = u16::try_from(p.height).map_err(|_| "ảnh quá cao")?;
        jpeg_encoder::Encoder::new(&mut out, quality)
            .encode(&p.data, w, h, jpeg_encoder::ColorType::Rgb)
            .map_err(|e| e.to_string())?;
        "jpg"
    };
    Ok(Derivative { bytes: out, ext, width: p.width, height: p.height })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_aspect_and_never_enlarges() {
        assert_eq!(fit((6000, 4000), 1600), (1600, 1067));
        assert_eq!(fit((4000, 6000), 320), (213, 320));
        assert_eq!(fit((800, 450), 1600), (800, 450));
        assert_eq!(fit((40_000, 10), 320), (320, 1));
    }
}
