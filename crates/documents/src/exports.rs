//! CSV exports of the social platforms: Facebook Page insights (Meta Business
//! Suite), YouTube Studio ("Table data.csv") and Zalo OA article statistics,
//! in their English or Vietnamese column names.
//!
//! The file is decoded from what these platforms write — UTF-8 with or
//! without BOM, UTF-16 LE/BE with BOM (Excel's "Unicode text"), UTF-16 LE
//! without BOM is recognised by its zero bytes — and made NFC; the delimiter
//! (comma, tab or semicolon) is read off the header. Each data row becomes an
//! [`ExportRow`] (identifiers + figures) or a [`Rejected`] row with the
//! reason. Nothing here knows pieces: matching rows to pieces and importing
//! them whole is the desk's job.

use std::collections::HashMap;

use serde::Serialize;

use toasoan_domain::engagement::{parse_count, Reading};
use toasoan_domain::error::{Error, Result};
use toasoan_domain::limits::{self, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, MAX_REJECTED_LISTED, MAX_URL_CHARS};
use toasoan_domain::{EngagementSource, Metric};

/// One data row of an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportRow {
    /// Line in the file (1 = header).
    pub line: u32,
    /// The post's link, when the export has one.
    pub url: Option<String>,
    /// The platform's post or video id.
    pub post_id: Option<String>,
    /// Title or message (to show in the preview).
    pub title: String,
    /// Figures.
    #[cfg_attr(feature = "specta", specta(skip))]
    #[serde(skip)]
    pub readings: Vec<Reading>,
}

/// A row that cannot be imported, and why (in Vietnamese).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Rejected {
    /// Line in the file.
    pub line: u32,
    /// Why.
    pub reason: String,
}

/// An export read: its rows, the rows refused, and how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedExport {
    /// Rows with figures.
    pub rows: Vec<ExportRow>,
    /// Rows refused: the first [`MAX_REJECTED_LISTED`], by line.
    pub rejected: Vec<Rejected>,
    /// Rows refused in all.
    pub rejected_total: usize,
    /// "UTF-8", "UTF-8 (BOM)", "UTF-16LE"…
    pub encoding: String,
    /// Which column gave which figure ("Lượt xem ← Impressions").
    pub columns: Vec<String>,
}

/// What a column of an export means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Url,
    PostId,
    Title,
    Figure(Metric),
}

/// Known headers per platform, lower-case; the first match of a kind wins.
fn columns(source: EngagementSource) -> &'static [(&'static str, Col)] {
    use Col::*;
    use Metric::*;
    match source {
        EngagementSource::Facebook => &[
            ("permalink", Url),
            ("liên kết cố định", Url),
            ("post id", PostId),
            ("id bài viết", PostId),
            ("title", Title),
            ("post message", Title),
            ("description", Title),
            ("tiêu đề", Title),
            ("mô tả", Title),
            ("views", Figure(Views)),
            ("lượt xem", Figure(Views)),
            ("impressions", Figure(Views)),
            ("lifetime post total impressions", Figure(Views)),
            ("số lượt hiển thị", Figure(Views)),
            ("reach", Figure(Visits)),
            ("lifetime post total reach", Figure(Visits)),
            ("lượt tiếp cận", Figure(Visits)),
            ("số người tiếp cận", Figure(Visits)),
            ("reactions", Figure(Reactions)),
            ("cảm xúc", Figure(Reactions)),
            ("lượt bày tỏ cảm xúc", Figure(Reactions)),
            ("comments", Figure(Comments)),
            ("bình luận", Figure(Comments)),
            ("shares", Figure(Shares)),
            ("lượt chia sẻ", Figure(Shares)),
        ],
        EngagementSource::YouTube => &[
            ("content", PostId),
            ("nội dung", PostId),
            ("video title", Title),
            ("tiêu đề video", Title),
            ("views", Figure(Views)),
            ("số lượt xem", Figure(Views)),
            ("lượt xem", Figure(Views)),
            ("likes", Figure(Reactions)),
            ("lượt thích", Figure(Reactions)),
            ("comments added", Figure(Comments)),
            ("bình luận đã thêm", Figure(Comments)),
            ("shares", Figure(Shares)),
            ("lượt chia sẻ", Figure(Shares)),
        ],
        EngagementSource::Zalo => &[
            ("link bài viết", Url),
            ("đường dẫn", Url),
            ("link", Url),
            ("id bài viết", PostId),
            ("article id", PostId),
            ("tiêu đề", Title),
            ("title", Title),
            ("lượt xem", Figure(Views)),
            ("lượt đọc", Figure(Views)),
            ("views", Figure(Views)),
            ("lượt thích", Figure(Reactions)),
            ("thích", Figure(Reactions)),
            ("likes", Figure(Reactions)),
            ("bình luận", Figure(Comments)),
            ("comments", Figure(Comments)),
            ("chia sẻ", Figure(Shares)),
            ("lượt chia sẻ", Figure(Shares)),
            ("shares", Figure(Shares)),
        ],
        _ => &[],
    }
}

/// Decodes an export's bytes to NFC text, naming the encoding found.
pub fn decode(bytes: &[u8]) -> Result<(String, String)> {
    let (text, name) = if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(Error::invalid("file", format!("tệp ghi là {} nhưng có byte không hợp lệ", enc.name())));
        }
        (text.into_owned(), format!("{} (BOM)", enc.name()))
    } else if looks_utf16le(bytes) {
        let (text, had_errors) = encoding_rs::UTF_16LE.decode_without_bom_handling(bytes);
        if had_errors {
            return Err(Error::invalid("file", "tệp UTF-16 có byte không hợp lệ"));
        }
        (text.into_owned(), "UTF-16LE".to_string())
    } else {
        match std::str::from_utf8(bytes) {
            Ok(t) => (t.to_string(), "UTF-8".to_string()),
            Err(e) => {
                return Err(Error::invalid(
                    "file",
                    format!(
                        "tệp không ở bảng mã UTF-8 hay UTF-16 (byte lạ ở vị trí {}); hãy xuất lại từ nền tảng dạng CSV UTF-8",
                        e.valid_up_to()
                    ),
                ))
            }
        }
    };
    Ok((toasoan_domain::text::nfc(&text), name))
}

/// UTF-16 LE without a BOM: most odd bytes are zero (ASCII letters, digits,
/// spaces and punctuation), even bytes rarely are.
fn looks_utf16le(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(400) & !1];
    let pairs = head.len() / 2;
    let odd_zero = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    let even_zero = head.iter().step_by(2).filter(|b| **b == 0).count();
    pairs >= 2 && odd_zero * 10 >= pairs * 3 && even_zero * 10 < pairs
}

/// Longest title kept from a row (to show in the preview).
const TITLE_CHARS: usize = 500;

/// Reads an export of `source` (Facebook, YouTube or Zalo): at most
/// [`MAX_IMPORT_BYTES`] and [`MAX_IMPORT_ROWS`] data rows, or nothing (a
/// 130 MB, 2-million-row file once took 45 s and 2.1 GB); the first
/// [`MAX_REJECTED_LISTED`] refused rows are listed, all are counted.
pub fn parse(bytes: &[u8], source: EngagementSource) -> Result<ParsedExport> {
    let known = columns(source);
    if known.is_empty() {
        return Err(Error::invalid("source", format!("không nhập tệp CSV từ nguồn «{}»", source.label_vi())));
    }
    limits::check_bytes("file", bytes.len(), MAX_IMPORT_BYTES, "tệp")?;
    let (text, encoding) = decode(bytes)?;
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
    let delimiter =
        [b',', b'\t', b';'].into_iter().max_by_key(|d| first.matches(char::from(*d)).count()).unwrap_or(b',');
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(false).from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(Error::invalid("file", format!("dòng tiêu đề không đọc được: {e}"))),
        None => return Err(Error::invalid("file", "tệp trống")),
    };
    // Map each header to its meaning; the first column of each kind wins.
    let mut map: Vec<(usize, Col)> = Vec::new();
    let mut columns_found = Vec::new();
    for (i, h) in header.iter().enumerate() {
        let name = h.trim().trim_matches('"').to_lowercase();
        if let Some((_, col)) = known.iter().find(|(k, _)| *k == name) {
            // Several title-like columns are kept: the first non-empty one names the row.
            if *col == Col::Title || !map.iter().any(|(_, c)| c == col) {
                map.push((i, *col));
                if let Col::Figure(m) = col {
                    columns_found.push(format!("{} ← {}", m.label_vi(), h.trim()));
                }
            }
        }
    }
    let has = |want: fn(&Col) -> bool| map.iter().any(|(_, c)| want(c));
    if !has(|c| matches!(c, Col::Url | Col::PostId)) {
        return Err(Error::invalid(
            "file",
            format!(
                "không thấy cột đường dẫn hay mã bài viết của {} (tiêu đề đọc được: {})",
                source.label_vi(),
                header.iter().take(8).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    if !has(|c| matches!(c, Col::Figure(_))) {
        return Err(Error::invalid(
            "file",
            format!("không thấy cột số liệu nào (lượt xem, bình luận, chia sẻ…) của {}", source.label_vi()),
        ));
    }
    let width = header.len();
    let mut rows = Vec::new();
    let mut rejected = Vec::new();
    let mut rejected_total = 0usize;
    let mut reject = |line: u32, reason: String| {
        rejected_total += 1;
        if rejected.len() < MAX_REJECTED_LISTED {
            rejected.push(Rejected { line, reason });
        }
    };
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut data_rows = 0usize;
    for (k, rec) in records.enumerate() {
        let line = k as u32 + 2;
        data_rows += 1;
        if data_rows > MAX_IMPORT_ROWS {
            return Err(Error::invalid(
                "file",
                format!(
                    "tệp có hơn {} dòng số liệu (tối đa {}); chưa nhập gì — hãy xuất theo từng khoảng thời gian ngắn hơn",
                    toasoan_domain::text::format::grouped(MAX_IMPORT_ROWS as i64),
                    toasoan_domain::text::format::grouped(MAX_IMPORT_ROWS as i64)
                ),
            ));
        }
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                reject(line, format!("dòng không đọc được: {e}"));
                continue;
            }
        };
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rec.len() != width {
            reject(line, format!("có {} cột, tiêu đề có {width}", rec.len()));
            continue;
        }
        let cell = |col: Col| map.iter().find(|(_, c)| *c == col).map(|(i, _)| rec[*i].trim().to_string());
        let url = cell(Col::Url).filter(|s| !s.is_empty());
        let post_id = cell(Col::PostId).filter(|s| !s.is_empty()).map(|s| s.trim_start_matches('\'').to_string());
        let title = map
            .iter()
            .filter(|(_, c)| *c == Col::Title)
            .map(|(i, _)| rec[*i].trim())
            .find(|t| !t.is_empty())
            .unwrap_or_default()
            .chars()
            .take(TITLE_CHARS)
            .collect::<String>();
        // YouTube's first row sums the channel ("Total"/"Tổng").
        if post_id.as_deref().is_some_and(|p| matches!(p.to_lowercase().as_str(), "total" | "tổng" | "tổng cộng"))
        {
            continue;
        }
        let mut readings = Vec::new();
        let mut bad = Vec::new();
        for (i, col) in &map {
            if let Col::Figure(metric) = col {
                let raw = rec[*i].trim();
                if raw.is_empty() {
                    continue;
                }
                match parse_count(raw) {
                    Some(value) => readings.push(Reading { metric: *metric, value }),
                    None => bad.push(format!("«{raw}» ở cột {} không phải số", header[*i].trim())),
                }
            }
        }
        if url.is_none() && post_id.is_none() {
            // Facebook's older exports carry a second header row describing each column.
            if readings.is_empty() && k == 0 {
                continue;
            }
            reject(line, "không có đường dẫn hay mã bài viết".into());
            continue;
        }
        if let Some(long) = [&url, &post_id].into_iter().flatten().find(|v| v.chars().count() > MAX_URL_CHARS) {
            bad.push(format!("đường dẫn hay mã bài dài {} ký tự (tối đa {MAX_URL_CHARS})", long.chars().count()));
        }
        if !bad.is_empty() {
            reject(line, bad.join("; "));
            continue;
        }
        let key = post_id.clone().or(url.clone()).unwrap_or_default();
        if let Some(prev) = seen.insert(key.clone(), line) {
            reject(line, format!("trùng bài «{key}» đã có ở dòng {prev}"));
            continue;
        }
        rows.push(ExportRow { line, url, post_id, title, readings });
    }
    Ok(ParsedExport { rows, rejected, rejected_total, encoding, columns: columns_found })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le_bom(s: &str) -> Vec<u8> {
        let mut out = vec![0xFF, 0xFE];
        out.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        out
    }

    const FACEBOOK: &str = "Post ID,Page ID,Page name,Title,Description,Publish time,Permalink,Post type,Reach,Views,Reactions,Comments,Shares\n\
        1234567890_111,99,Báo Bình Sơn,,Người dân được gì từ Nghị định 32?,03/05/2026 09:00,https://www.facebook.com/baobinhson/posts/111,Links,\"4,210\",\"6,034\",120,15,9\n\
        1234567890_112,99,Báo Bình Sơn,,Bài khác của Page,03/06/2026 10:00,https://www.facebook.com/baobinhson/posts/112,Photos,800,950,30,2,0\n";

    #[test]
    fn a_facebook_export_in_utf8_with_bom() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend(FACEBOOK.as_bytes());
        let p = parse(&bytes, EngagementSource::Facebook).unwrap();
        assert_eq!(p.encoding, "UTF-8 (BOM)");
        assert!(p.rejected.is_empty(), "{:?}", p.rejected);
        assert_eq!(p.rows.len(), 2);
        let r = &p.rows[0];
        assert_eq!(r.post_id.as_deref(), Some("1234567890_111"));
        assert_eq!(r.url.as_deref(), Some("https://www.facebook.com/baobinhson/posts/111"));
        assert_eq!(r.title, "Người dân được gì từ Nghị định 32?");
        let get = |m| r.readings.iter().find(|x| x.metric == m).map(|x| x.value);
        assert_eq!(get(Metric::Views), Some(6034));
        assert_eq!(get(Metric::Visits), Some(4210));
        assert_eq!(
            (get(Metric::Reactions), get(Metric::Comments), get(Metric::Shares)),
            (Some(120), Some(15), Some(9))
        );
        assert!(p.columns.contains(&"lượt xem ← Views".to_string()), "{:?}", p.columns);
    }

    #[test]
    fn a_youtube_export_in_utf16_with_tabs_skips_the_total_row() {
        let text = "Nội dung\tTiêu đề video\tThời gian xuất bản video\tSố lượt xem\tLượt thích\tBình luận đã thêm\n\
            Tổng\t\t\t12.500\t300\t41\n\
            dQw4w9WgXcQ\tGiải thích Nghị định 32 trong 3 phút\t5 thg 3, 2026\t9.870\t210\t33\n";
        let p = parse(&utf16le_bom(text), EngagementSource::YouTube).unwrap();
        assert_eq!(p.encoding, "UTF-16LE (BOM)");
        assert_eq!(p.rows.len(), 1, "{:?}", p.rejected);
        assert_eq!(p.rows[0].post_id.as_deref(), Some("dQw4w9WgXcQ"));
        assert_eq!(p.rows[0].readings[0], Reading { metric: Metric::Views, value: 9870 });
        // Without its BOM, UTF-16 LE is still recognised.
        let p = parse(&utf16le_bom(text)[2..], EngagementSource::YouTube).unwrap();
        assert_eq!((p.encoding.as_str(), p.rows.len()), ("UTF-16LE", 1));
    }

    #[test]
    fn a_zalo_export_with_nfd_headers_semicolons_and_bad_rows() {
        use unicode_normalization::UnicodeNormalization;
        let text: String = "Tiêu đề;Link bài viết;Ngày đăng;Lượt xem;Lượt thích;Bình luận;Chia sẻ\n\
            Bình Sơn hỗ trợ nông dân;https://oa.zalo.me/a/1;05/03/2026;1.200;45;3;7\n\
            Bài lỗi số;https://oa.zalo.me/a/2;05/03/2026;nhiều;1;0;0\n\
            Thiếu cột;https://oa.zalo.me/a/3;05/03/2026;10\n\
            Bình Sơn hỗ trợ nông dân (lặp);https://oa.zalo.me/a/1;05/03/2026;1.300;45;3;7\n\
            Không đường dẫn;;05/03/2026;5;0;0;0\n"
            .nfd()
            .collect();
        let p = parse(text.as_bytes(), EngagementSource::Zalo).unwrap();
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.rows[0].title, "Bình Sơn hỗ trợ nông dân", "NFC");
        let lines: Vec<u32> = p.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6]);
        assert!(p.rejected[0].reason.contains("«nhiều» ở cột Lượt xem không phải số"), "{}", p.rejected[0].reason);
        assert!(p.rejected[1].reason.contains("có 4 cột, tiêu đề có 7"));
        assert!(p.rejected[2].reason.contains("trùng bài") && p.rejected[2].reason.contains("dòng 2"));
    }

    /// Issue «Nothing lost, nothing leaked», item 7: 300,000 bad rows printed
    /// 24 MB of JSON and a 2-million-row file took 2.1 GB. Tried: 300 bad
    /// rows (100 listed, 300 counted), one row over the row limit (refused
    /// whole), a file over the byte limit (refused unread), a 3,000-character
    /// link (that row refused, naming the limit).
    #[test]
    fn imports_are_bounded_in_bytes_rows_and_what_they_list() {
        let mut text = String::from("Permalink,Views\n");
        for i in 0..300 {
            text.push_str(&format!("https://fb.com/p/{i},nhiều\n"));
        }
        let p = parse(text.as_bytes(), EngagementSource::Facebook).unwrap();
        assert_eq!((p.rejected.len(), p.rejected_total, p.rows.len()), (100, 300, 0));
        assert_eq!(p.rejected[99].line, 101);

        let mut text = String::from("Permalink,Views\n");
        for i in 0..=MAX_IMPORT_ROWS {
            text.push_str(&format!("https://fb.com/p/{i},1\n"));
        }
        let e = parse(text.as_bytes(), EngagementSource::Facebook).unwrap_err();
        assert!(e.to_string().contains("hơn 100.000 dòng số liệu"), "{e}");

        let big = vec![b'x'; MAX_IMPORT_BYTES + 1];
        let e = parse(&big, EngagementSource::Facebook).unwrap_err();
        assert!(e.to_string().contains("tệp dài 20 MiB, tối đa 20 MiB"), "{e}");

        let text = format!("Permalink,Views\nhttps://fb.com/{},5\nhttps://fb.com/ok,6\n", "a".repeat(3_000));
        let p = parse(text.as_bytes(), EngagementSource::Facebook).unwrap();
        assert_eq!(p.rows.len(), 1);
        assert!(p.rejected[0].reason.contains("(tối đa 2083)"), "{}", p.rejected[0].reason);
    }

    #[test]
    fn files_that_are_not_an_export_are_refused() {
        let e = |bytes: &[u8], s| parse(bytes, s).unwrap_err().to_string();
        assert!(e(b"", EngagementSource::Zalo).contains("tệp trống"));
        assert!(e(b"a,b,c\n1,2,3\n", EngagementSource::Facebook).contains("không thấy cột đường dẫn"));
        assert!(e(b"Permalink,Note\nhttps://x/1,hi\n", EngagementSource::Facebook).contains("không thấy cột số liệu"));
        // Windows-1258 (legacy Vietnamese) bytes are not guessed at.
        assert!(e(b"Ti\xeau \xf0\xe8,Link\n", EngagementSource::Zalo).contains("UTF-8 hay UTF-16"));
        assert!(e(FACEBOOK.as_bytes(), EngagementSource::Manual).contains("không nhập tệp CSV"));
    }
}
