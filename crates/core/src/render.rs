//! Markdown → sanitized HTML, exactly as it will be previewed and published.
//!
//! Sanitizing is done smartly rather than by re-parsing the whole output: the
//! pulldown-cmark event stream is filtered so that everything the HTML writer
//! emits is safe by construction (text and attributes are escaped by the writer,
//! link and image URLs are checked here, inline raw HTML is shown as text). Only
//! raw HTML *blocks* — rare in a reporter's draft — go through ammonia, each on
//! its own. A test checks that ammonia finds nothing left to remove.
//!
//! An image immediately followed, on the next line, by an emphasised line is a
//! figure: `![alt](src)` + `*Chú thích. Ảnh: Tên*` renders as
//! `<figure><img><figcaption>…</figcaption></figure>`; the caption must contain
//! the credit ("Ảnh: tên").

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

use crate::text;

/// An image found in a draft, with its caption and credit if present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Figure {
    /// Image source.
    pub src: String,
    /// Alt text.
    pub alt: String,
    /// Caption text (chú thích), if any.
    pub caption: Option<String>,
    /// Credit ("Ảnh: tên") found in the caption, if any.
    pub credit: Option<String>,
}

/// A rendered draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Rendered {
    /// Sanitized HTML.
    pub html: String,
    /// The figures, in order.
    pub figures: Vec<Figure>,
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// True for URLs safe to link to or load from: relative paths, fragments,
/// http(s), mailto and tel. Everything else (javascript:, data:, vbscript:, file:…)
/// is refused.
pub fn safe_url(url: &str) -> bool {
    let u: String = url.trim().chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let lower = u.to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(colon) => {
            // A colon after a path/query/fragment start is not a scheme.
            if lower[..colon].contains(['/', '?', '#']) {
                return true;
            }
            let scheme = &lower[..colon];
            matches!(scheme, "http" | "https" | "mailto" | "tel")
        }
    }
}

/// Renders Markdown to sanitized HTML and lists its figures.
pub fn render(markdown: &str) -> Rendered {
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut figures = Vec::new();
    let mut block_html = String::new();
    let mut in_html_block = false;
    // Depth of links/images being dropped because of an unsafe URL.
    let mut dropped_links = 0usize;
    let mut dropped_image: Option<usize> = None;
    let mut para_start: Option<usize> = None;

    for ev in Parser::new_ext(markdown, options()) {
        match ev {
            Event::Start(Tag::HtmlBlock) => {
                in_html_block = true;
                block_html.clear();
            }
            Event::End(TagEnd::HtmlBlock) => {
                in_html_block = false;
                let clean = ammonia::clean(&block_html);
                events.push(Event::Html(CowStr::from(clean)));
            }
            Event::Html(h) if in_html_block => block_html.push_str(&h),
            // Inline raw HTML (and stray HTML) is shown as typed, never interpreted.
            Event::Html(h) | Event::InlineHtml(h) => events.push(Event::Text(h)),
            Event::Start(Tag::Link { ref dest_url, .. }) if !safe_url(dest_url) => {
                dropped_links += 1;
            }
            Event::End(TagEnd::Link) if dropped_links > 0 => dropped_links -= 1,
            Event::Start(Tag::Image { ref dest_url, .. }) if !safe_url(dest_url) => {
                dropped_image = Some(events.len());
            }
            Event::End(TagEnd::Image) if dropped_image.is_some() => dropped_image = None,
            Event::Start(Tag::Paragraph) => {
                para_start = Some(events.len());
                events.push(ev);
            }
            Event::End(TagEnd::Paragraph) => {
                events.push(ev);
                if let Some(start) = para_start.take() {
                    if let Some(fig) = make_figure(&mut events, start) {
                        figures.push(fig);
                    }
                }
            }
            other => events.push(other),
        }
    }
    // Images not turned into figures still need listing (for the checklist).
    collect_bare_images(&events, &mut figures);

    let mut out = String::with_capacity(markdown.len() + markdown.len() / 4);
    html::push_html(&mut out, events.into_iter());
    Rendered { html: out, figures }
}

/// If the paragraph at `events[start..]` is `image, break, *caption*`, rewrites it
/// in place into a figure and returns the figure.
fn make_figure(events: &mut Vec<Event<'_>>, start: usize) -> Option<Figure> {
    let para = &events[start..];
    // Start(P), Start(Image), ..alt.., End(Image), Break, Start(Em), ..., End(Em), End(P)
    let Event::Start(Tag::Image { dest_url, .. }) = para.get(1)? else {
        return None;
    };
    let img_end = para.iter().position(|e| matches!(e, Event::End(TagEnd::Image)))?;
    if !matches!(para.get(img_end + 1)?, Event::SoftBreak | Event::HardBreak) {
        return None;
    }
    if !matches!(para.get(img_end + 2)?, Event::Start(Tag::Emphasis)) {
        return None;
    }
    let n = para.len();
    if !matches!(para[n - 2], Event::End(TagEnd::Emphasis)) {
        return None;
    }
    // The emphasis must be the whole rest of the paragraph (one caption run).
    let em_depth_ok = para[img_end + 3..n - 2].iter().all(|e| !matches!(e, Event::End(TagEnd::Emphasis)));
    if !em_depth_ok {
        return None;
    }
    let src = dest_url.to_string();
    let alt = plain_of(&para[2..img_end]);
    let caption = plain_of(&para[img_end + 3..n - 2]);
    let credit = credit_of(&caption);

    let abs = |i: usize| start + i;
    events[abs(n - 1)] = Event::Html("</figcaption></figure>\n".into());
    events.remove(abs(n - 2));
    events[abs(img_end + 2)] = Event::Html("<figcaption>".into());
    events.remove(abs(img_end + 1));
    events[start] = Event::Html("<figure>".into());
    Some(Figure { src, alt, caption: Some(caption).filter(|c| !c.is_empty()), credit })
}

fn collect_bare_images(events: &[Event<'_>], figures: &mut Vec<Figure>) {
    let mut i = 0;
    let mut in_figure = false;
    let mut bare = Vec::new();
    while i < events.len() {
        match &events[i] {
            Event::Html(h) if h.as_ref() == "<figure>" => in_figure = true,
            Event::Html(h) if h.starts_with("</figcaption></figure>") => in_figure = false,
            Event::Start(Tag::Image { dest_url, .. }) if !in_figure => {
                let end = events[i..]
                    .iter()
                    .position(|e| matches!(e, Event::End(TagEnd::Image)))
                    .map_or(events.len(), |p| i + p);
                bare.push(Figure {
                    src: dest_url.to_string(),
                    alt: plain_of(&events[i + 1..end]),
                    caption: None,
                    credit: None,
                });
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    figures.extend(bare);
}

fn plain_of(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

/// The credit in a caption: the name after "Ảnh:", "Ảnh -", "Nguồn:" (any case,
/// with or without diacritics).
pub fn credit_of(caption: &str) -> Option<String> {
    let folded = text::fold(caption);
    // Folding keeps one char per source char except for removed combining marks,
    // so search the folded text and map back through char indices.
    let keys = ["anh:", "anh :", "anh -", "anh –", "nguon:", "nguon :"];
    let (pos, key) = keys.iter().filter_map(|k| folded.find(k).map(|p| (p, *k))).min()?;
    let char_pos = folded[..pos].chars().count() + key.chars().count();
    let orig: String = text::nfc(caption).chars().skip(char_pos).collect();
    let name = orig.trim().trim_end_matches([')', '.', ']']).trim().to_string();
    (!name.is_empty()).then_some(name)
}

/// The readable text of a draft's Markdown: what word counts and search see.
pub fn plain_text(markdown: &str) -> String {
    let mut s = String::with_capacity(markdown.len());
    for ev in Parser::new_ext(markdown, options()) {
        match ev {
            Event::Text(t) | Event::Code(t) => s.push_str(&t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) => s.push('\n'),
            _ => {}
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figure_with_caption_and_credit() {
        let md = "Mở đầu.\n\n![Người dân làm thủ tục](anh/mot-cua.jpg)\n*Người dân làm thủ tục tại bộ phận một cửa. Ảnh: Minh Anh*\n\nKết.";
        let r = render(md);
        assert!(r.html.contains("<figure><img src=\"anh/mot-cua.jpg\" alt=\"Người dân làm thủ tục\" />"), "{}", r.html);
        assert!(
            r.html
                .contains("<figcaption>Người dân làm thủ tục tại bộ phận một cửa. Ảnh: Minh Anh</figcaption></figure>"),
            "{}",
            r.html
        );
        assert_eq!(r.figures.len(), 1);
        assert_eq!(r.figures[0].credit.as_deref(), Some("Minh Anh"));
    }

    #[test]
    fn bare_image_is_listed_without_caption() {
        let r = render("![](a.jpg)\n\n![x](b.png)\n*Chú thích không có tác giả*");
        assert_eq!(r.figures.len(), 2);
        let b = r.figures.iter().find(|f| f.src == "b.png").unwrap();
        assert_eq!(b.caption.as_deref(), Some("Chú thích không có tác giả"));
        assert_eq!(b.credit, None);
        assert!(r.figures.iter().any(|f| f.src == "a.jpg" && f.caption.is_none()));
    }

    #[test]
    fn credit_variants() {
        assert_eq!(credit_of("Cầu mới. (Ảnh: Thu Hà)").as_deref(), Some("Thu Hà"));
        assert_eq!(credit_of("Cầu mới. ẢNH - TTXVN").as_deref(), Some("TTXVN"));
        assert_eq!(credit_of("Nguồn: Sở Tư pháp").as_deref(), Some("Sở Tư pháp"));
        assert_eq!(credit_of("Cầu mới. Ảnh:").as_deref(), None);
    }

    #[test]
    fn url_policy() {
        for ok in ["https://baobinhson.vn/a", "http://x", "/a/b", "anh.jpg", "#p", "mailto:a@b.vn", "a/b:c"] {
            assert!(safe_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:x",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(!safe_url(bad), "{bad}");
        }
    }
}
