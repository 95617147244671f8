//! The view counter printed on a published page: many provincial portals
//! have no API but show "Lượt xem: 1.234" under the headline.
//!
//! A page is turned into plain text (scripts and styles dropped, tags
//! removed, entities decoded, NFC, spaces collapsed), then searched with the
//! portal's [`ViewPattern`]. The default understands "Lượt xem: 1.234",
//! "Lượt đọc 56", "Xem: 92", "858 views", "Views: 1,024" whatever the case,
//! entities (`L&#432;&#7907;t xem`) or NFD text. Fetching the page is the
//! portal crate's (`toasoan_portal::engagement::page`).

use regex::Regex;

use toasoan_domain::engagement::parse_count;
use toasoan_domain::error::{Error, Result};

/// A count as pages write it: "1.234.567", "1,234", "1 234" or plain digits.
const NUM: &str = r"(\d{1,3}(?:[.,\u{a0}\u{202f} ]\d{3})+|\d+)";

/// How a portal prints its view counter.
#[derive(Debug, Clone)]
pub struct ViewPattern {
    re: Regex,
    /// A regular expression reads the page's HTML (it may name attributes);
    /// the default and templates read its visible text.
    raw: bool,
}

impl Default for ViewPattern {
    fn default() -> Self {
        let re = format!(
            r"(?i)(?:lượt\s*(?:xem|đọc|truy\s*cập)|views?|xem)\s*[:：]\s*{NUM}|(?:lượt\s*(?:xem|đọc)|views?)\s+{NUM}\b|\b{NUM}\s*(?:lượt\s*(?:xem|đọc)|views?)\b"
        );
        ViewPattern { re: Regex::new(&re).expect("the default pattern compiles"), raw: false }
    }
}

impl ViewPattern {
    /// A portal's own pattern, either a template where `{n}` stands for the
    /// number ("Số lượt xem bài viết: {n}"; spaces match any spacing, letters
    /// any case) or a regular expression with one capture group for the number,
    /// matched against the page's HTML.
    pub fn parse(pattern: &str) -> Result<ViewPattern> {
        let pattern = toasoan_domain::text::nfc(pattern.trim());
        if pattern.is_empty() {
            return Ok(ViewPattern::default());
        }
        let raw = !pattern.contains("{n}");
        let re = if !raw {
            let parts: Vec<String> = pattern
                .split("{n}")
                .map(|p| p.replace(':', " : ").split_whitespace().map(regex::escape).collect::<Vec<_>>().join(r"\s*"))
                .collect();
            if parts.len() != 2 {
                return Err(Error::invalid("pattern", "mẫu chỉ được có một chỗ {n} cho con số"));
            }
            format!(r"(?i){}\s*{NUM}\s*{}", parts[0], parts[1])
        } else {
            pattern.clone()
        };
        let re = Regex::new(&re).map_err(|e| {
            Error::invalid(
                "pattern",
                format!("mẫu «{pattern}» không đọc được: {}", e.to_string().lines().last().unwrap_or("")),
            )
        })?;
        if re.captures_len() < 2 {
            return Err(Error::invalid("pattern", "mẫu cần {n} (hoặc một nhóm ngoặc) ở chỗ con số lượt xem"));
        }
        Ok(ViewPattern { re, raw })
    }

    /// The first count the pattern finds in the page.
    pub fn find(&self, html: &str) -> Option<i64> {
        let text = if self.raw {
            toasoan_domain::text::nfc(&html_escape::decode_html_entities(html))
        } else {
            html_text(html)
        };
        self.re
            .captures_iter(&text)
            .find_map(|c| c.iter().skip(1).flatten().next().and_then(|m| parse_count(m.as_str())))
    }
}

/// A page's visible text: scripts, styles and comments dropped, tags turned
/// into spaces, entities decoded, NFC, runs of whitespace made one space.
pub fn html_text(html: &str) -> String {
    static DROP: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    static TAG: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let drop = DROP.get_or_init(|| {
        Regex::new(r"(?is)<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->").expect("compiles")
    });
    let tag = TAG.get_or_init(|| Regex::new(r"(?s)<[^>]*>").expect("compiles"));
    let text = drop.replace_all(html, " ");
    let text = tag.replace_all(&text, " ");
    let text = html_escape::decode_html_entities(&text);
    toasoan_domain::text::nfc(&text).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn the_default_pattern_reads_what_portals_print() {
        let p = ViewPattern::default();
        for (html, v) in [
            ("<div class=\"meta\"><span>Lượt xem: 1.234</span></div>", Some(1234)),
            ("<p>Xem: 92</p>", Some(92)),
            ("<span class='views'>858 views</span>", Some(858)),
            ("<b>Views:</b> 1,024", Some(1024)),
            ("LƯỢT XEM: 5", Some(5)),
            ("Lượt đọc 56 · 12/03/2026", Some(56)),
            ("L&#432;&#7907;t xem:&nbsp;3.210", Some(3210)),
            ("Lượt xem: 1.234 12/03/2026", Some(1234)),
            ("<script>var views = 999;</script><p>Không có bộ đếm. Xem thêm 3 bài</p>", None),
            ("<!-- Lượt xem: 7 --><p>Ngày 12/03/2026</p>", None),
        ] {
            assert_eq!(p.find(html), v, "{html}");
        }
        let nfd: String = "<span>Lượt xem: 4.321</span>".nfd().collect();
        assert_eq!(p.find(&nfd), Some(4321), "NFD text");
    }

    #[test]
    fn a_portal_template_or_expression_and_bad_ones_refused() {
        let t = ViewPattern::parse("Số lượt truy cập bài viết: {n}").unwrap();
        assert_eq!(t.find("<em>Số lượt  truy cập bài viết :</em> 12.345 — Lượt xem: 9"), Some(12345));
        let r = ViewPattern::parse(r#"data-views="(\d+)""#).unwrap();
        assert_eq!(r.find(r#"<div data-views="77">"#), Some(77));
        for bad in ["Lượt xem: {n} và {n}", "Lượt xem: (", "Lượt xem: \\d+"] {
            let e = ViewPattern::parse(bad).unwrap_err();
            assert_eq!(e.code(), "invalid_input", "{bad}");
        }
        assert_eq!(ViewPattern::parse("  ").unwrap().find("Xem: 3"), Some(3));
    }
}
