//! Test images made in code: JPEGs with real EXIF (orientation, camera, GPS),
//! PNG/WebP, and hostile files (bomb headers, truncations, impostors).

use image::ImageEncoder;

/// A `w`×`h` RGB picture: left half red, right half blue, with some texture.
pub fn halves(w: u32, h: u32) -> Vec<u8> {
    let mut px = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let t = ((x ^ y) & 15) as u8;
            if x < w / 2 {
                px.extend_from_slice(&[220 + t / 2, 20 + t, 20]);
            } else {
                px.extend_from_slice(&[20, 20 + t, 220 + t / 2]);
            }
        }
    }
    px
}

/// A TIFF/EXIF block: camera make "TestCam Z9", the orientation, and a GPS
/// position (21°01'N) — what must never reach a portal.
pub fn exif(orientation: u16) -> Vec<u8> {
    let mut t: Vec<u8> = b"II*\0".to_vec();
    t.extend_from_slice(&8u32.to_le_bytes());
    // IFD0 at 8: 3 entries → 2 + 36 + 4 = 42 bytes; data follows at 50.
    let make_off = 50u32;
    let make = b"TestCam Z9\0";
    let gps_off = make_off + make.len() as u32 + 1;
    let entry = |tag: u16, typ: u16, count: u32, value: u32| {
        let mut e = Vec::new();
        e.extend_from_slice(&tag.to_le_bytes());
        e.extend_from_slice(&typ.to_le_bytes());
        e.extend_from_slice(&count.to_le_bytes());
        e.extend_from_slice(&value.to_le_bytes());
        e
    };
    t.extend_from_slice(&3u16.to_le_bytes());
    t.extend(entry(0x010F, 2, make.len() as u32, make_off));
    t.extend(entry(0x0112, 3, 1, u32::from(orientation)));
    t.extend(entry(0x8825, 4, 1, gps_off));
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(make);
    t.push(0);
    // GPS IFD: 2 entries → 2 + 24 + 4 = 30 bytes; rationals follow.
    let rat_off = gps_off + 30;
    t.extend_from_slice(&2u16.to_le_bytes());
    t.extend(entry(0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0")));
    t.extend(entry(0x0002, 5, 3, rat_off));
    t.extend_from_slice(&0u32.to_le_bytes());
    for (n, d) in [(21u32, 1u32), (1, 1), (4242, 100)] {
        t.extend_from_slice(&n.to_le_bytes());
        t.extend_from_slice(&d.to_le_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(t);
    app1
}

/// A JPEG of [`halves`] carrying [`exif`] with `orientation`.
pub fn jpeg_with_exif(w: u16, h: u16, orientation: u16) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, 90);
    enc.add_app_segment(1, exif(orientation)).unwrap();
    enc.encode(&halves(w.into(), h.into()), w, h, jpeg_encoder::ColorType::Rgb).unwrap();
    out
}

/// A PNG with a transparent right half.
pub fn png_rgba(w: u32, h: u32) -> Vec<u8> {
    let rgb = halves(w, h);
    let mut px = Vec::new();
    for (i, p) in rgb.chunks(3).enumerate() {
        let x = (i as u32) % w;
        px.extend_from_slice(p);
        px.push(if x < w / 2 { 255 } else { 0 });
    }
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out).write_image(&px, w, h, image::ExtendedColorType::Rgba8).unwrap();
    out
}

/// A lossless WebP of [`halves`].
pub fn webp(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut out)
        .write_image(&halves(w, h), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
    }
    !c
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    c.extend_from_slice(&body);
    c.extend_from_slice(&crc32(&body).to_be_bytes());
    c
}

/// A valid-looking PNG of a few hundred bytes whose header claims `w`×`h`
/// pixels: a decompression bomb as far as any header reader can tell.
pub fn png_bomb(w: u32, h: u32) -> Vec<u8> {
    let mut p = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    p.extend(chunk(b"IHDR", &ihdr));
    // A zlib stream of zeros: would inflate to w*h*3 bytes.
    p.extend(chunk(b"IDAT", &[0x78, 0x9c, 0xed, 0xc1, 0x01, 0x0d, 0x00, 0x00, 0x00, 0xc2, 0xa0]));
    p.extend(chunk(b"IEND", &[]));
    p
}

/// The first bytes of an iPhone HEIC file.
pub fn heic() -> Vec<u8> {
    let mut h = vec![0, 0, 0, 0x18];
    h.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    h.extend_from_slice(&[0u8; 64]);
    h
}

/// A small valid PDF.
pub fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}
