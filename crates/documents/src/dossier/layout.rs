//! A small page-layout engine for the printable documents (krilla): text
//! set in Noto Serif (regular and bold, `assets/fonts/`), embedded and
//! subsetted with a Unicode map, so Vietnamese prints on any machine and can
//! be searched and copied. Two passes: [`Layout`] places text, rules and
//! fills on pages (wrapping to column widths measured from the font's own
//! advances, repeating table headers after a page break), then
//! [`Layout::finish`] draws every page and adds "Trang n/N".

use std::sync::OnceLock;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;

use toasoan_domain::error::{Error, Result};

static REGULAR: &[u8] = include_bytes!("../../../../assets/fonts/NotoSerif-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../../../assets/fonts/NotoSerif-Bold.ttf");

const A4_LONG: f32 = 841.89;
const A4_SHORT: f32 = 595.28;

struct Faces {
    regular: ttf_parser::Face<'static>,
    bold: ttf_parser::Face<'static>,
}

fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| Faces {
        regular: ttf_parser::Face::parse(REGULAR, 0).expect("bundled Noto Serif parses"),
        bold: ttf_parser::Face::parse(BOLD, 0).expect("bundled Noto Serif Bold parses"),
    })
}

/// Advance of one character at `size` points.
fn char_width(f: &ttf_parser::Face<'_>, c: char, size: f32) -> f32 {
    let units = f.glyph_index(c).and_then(|g| f.glyph_hor_advance(g)).unwrap_or(f.units_per_em() / 2);
    units as f32 * size / f.units_per_em() as f32
}

fn face(bold: bool) -> &'static ttf_parser::Face<'static> {
    if bold {
        &faces().bold
    } else {
        &faces().regular
    }
}

/// Width of `s` at `size` points.
pub fn width(s: &str, size: f32, bold: bool) -> f32 {
    let f = face(bold);
    s.chars().map(|c| char_width(f, c, size)).sum()
}

/// Breaks `s` into lines no wider than `max`: at spaces, and inside a word
/// only when the word alone is wider (URLs, hashes). Widths are summed as the
/// line grows, so wrapping is linear in the text's length.
fn wrap(s: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
    let f = face(bold);
    let space = char_width(f, ' ', size);
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let (mut line, mut lw) = (String::new(), 0.0);
        for word in para.split_whitespace() {
            let ww = width(word, size, bold);
            if line.is_empty() && ww <= max {
                (line, lw) = (word.to_string(), ww);
                continue;
            }
            if !line.is_empty() && lw + space + ww <= max {
                line.push(' ');
                line.push_str(word);
                lw += space + ww;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                lw = 0.0;
            }
            if ww <= max {
                (line, lw) = (word.to_string(), ww);
                continue;
            }
            for c in word.chars() {
                let cw = char_width(f, c, size);
                if lw + cw > max && !line.is_empty() {
                    lines.push(std::mem::replace(&mut line, c.to_string()));
                    lw = cw;
                } else {
                    line.push(c);
                    lw += cw;
                }
            }
        }
        lines.push(line);
    }
    lines
}

#[derive(Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Center,
    Right,
}

enum Op {
    Text { x: f32, y: f32, size: f32, bold: bool, text: String },
    Rule { x1: f32, y1: f32, x2: f32, y2: f32, w: f32 },
    Shade { x: f32, y: f32, w: f32, h: f32 },
}

struct PageOps {
    w: f32,
    h: f32,
    ops: Vec<Op>,
}

/// A column of a table: title, width, alignment.
pub struct Col {
    /// Header text.
    pub title: &'static str,
    /// Width in points.
    pub w: f32,
    /// Alignment of its cells.
    pub align: Align,
}

/// A table cell: text and weight; `span` columns wide.
pub struct Cell {
    text: String,
    bold: bool,
    span: usize,
}

pub fn c(text: impl Into<String>) -> Cell {
    Cell { text: text.into(), bold: false, span: 1 }
}

pub fn b(text: impl Into<String>, span: usize) -> Cell {
    Cell { text: text.into(), bold: true, span }
}

/// Places content on pages, top to bottom.
pub struct Layout {
    pages: Vec<PageOps>,
    /// Left (and right) margin of the current page.
    pub margin: f32,
    /// Where the next content goes, from the top.
    pub y: f32,
}

const PAD: f32 = 3.0;

impl Default for Layout {
    fn default() -> Layout {
        Layout::new()
    }
}

impl Layout {
    /// An empty layout (the first page starts with [`Layout::page`]).
    pub fn new() -> Layout {
        Layout { pages: Vec::new(), margin: 40.0, y: 0.0 }
    }

    pub fn page(&mut self, landscape: bool, margin: f32) {
        let (w, h) = if landscape { (A4_LONG, A4_SHORT) } else { (A4_SHORT, A4_LONG) };
        self.pages.push(PageOps { w, h, ops: Vec::new() });
        self.margin = margin;
        self.y = margin;
    }

    fn cur(&mut self) -> &mut PageOps {
        self.pages.last_mut().expect("a page is started first")
    }

    pub fn width(&self) -> f32 {
        self.pages.last().map_or(0.0, |p| p.w) - 2.0 * self.margin
    }

    pub fn bottom(&self) -> f32 {
        self.pages.last().map_or(0.0, |p| p.h) - self.margin - 14.0
    }

    pub fn text_at(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        if !text.is_empty() {
            self.cur().ops.push(Op::Text { x, y, size, bold, text: text.to_string() });
        }
    }

    /// A wrapped paragraph across the text width (or within `[x, x + w]`).
    pub fn para_in(&mut self, x: f32, w: f32, size: f32, bold: bool, align: Align, text: &str) {
        let lead = size * 1.35;
        for line in wrap(text, size, bold, w) {
            if self.y + lead > self.bottom() {
                let (landscape, margin) = (self.cur().w > self.cur().h, self.margin);
                self.page(landscape, margin);
            }
            let lw = width(&line, size, bold);
            let lx = match align {
                Align::Left => x,
                Align::Center => x + (w - lw) / 2.0,
                Align::Right => x + w - lw,
            };
            self.text_at(lx, self.y + size, size, bold, &line);
            self.y += lead;
        }
    }

    pub fn para(&mut self, size: f32, bold: bool, align: Align, text: &str) {
        let (x, w) = (self.margin, self.width());
        self.para_in(x, w, size, bold, align, text);
    }

    pub fn gap(&mut self, h: f32) {
        self.y += h;
    }

    pub fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.cur().ops.push(Op::Rule { x1, y1, x2, y2, w: 0.5 });
    }

    /// One table row; a row that does not fit starts a new page and repeats
    /// the header (when `header` is given).
    pub fn row(&mut self, cols: &[Col], cells: &[Cell], size: f32, shade: bool, header: bool) {
        let lead = size * 1.3;
        let mut placed = Vec::new();
        let mut col = 0;
        for cell in cells {
            let span = cell.span.max(1);
            let x: f32 = self.margin + cols[..col].iter().map(|c| c.w).sum::<f32>();
            let w: f32 = cols[col..col + span].iter().map(|c| c.w).sum();
            let align = if span == 1 { cols[col].align } else { Align::Left };
            placed.push((x, w, align, cell.bold, wrap(&cell.text, size, cell.bold, w - 2.0 * PAD)));
            col += span;
        }
        let lines = placed.iter().map(|p| p.4.len()).max().unwrap_or(1).max(1);
        let h = lines as f32 * lead + 2.0 * PAD;
        if self.y + h > self.bottom() {
            let (landscape, margin) = (self.cur().w > self.cur().h, self.margin);
            self.page(landscape, margin);
            if !header {
                self.header(cols, size);
            }
        }
        let top = self.y;
        let (left, right) = (self.margin, self.margin + cols.iter().map(|c| c.w).sum::<f32>());
        if shade {
            self.cur().ops.push(Op::Shade { x: left, y: top, w: right - left, h });
        }
        for (x, w, align, bold, ls) in placed {
            for (i, line) in ls.iter().enumerate() {
                let lw = width(line, size, bold);
                let lx = match align {
                    Align::Left => x + PAD,
                    Align::Center => x + (w - lw) / 2.0,
                    Align::Right => x + w - PAD - lw,
                };
                self.text_at(lx, top + PAD + size + i as f32 * lead, size, bold, line);
            }
            self.rule(x, top, x, top + h);
        }
        self.rule(right, top, right, top + h);
        self.rule(left, top, right, top);
        self.rule(left, top + h, right, top + h);
        self.y = top + h;
    }

    pub fn header(&mut self, cols: &[Col], size: f32) {
        let cells: Vec<Cell> = cols.iter().map(|c| b(c.title, 1)).collect();
        let centered: Vec<Col> = cols.iter().map(|c| Col { title: c.title, w: c.w, align: Align::Center }).collect();
        self.row(&centered, &cells, size, true, true);
    }

    /// Draws every page, numbers them "Trang n/N" and returns the PDF's bytes.
    pub fn finish(self, title: String) -> Result<Vec<u8>> {
        let l = self;
        let font = |data: &'static [u8]| {
            Font::new(data.into(), 0).ok_or_else(|| Error::Storage("không nạp được phông chữ Noto Serif".into()))
        };
        let (regular, bold) = (font(REGULAR)?, font(BOLD)?);
        let mut doc = Document::new();
        doc.set_metadata(Metadata::new().title(title).language("vi".into()).creator("Tòa Soạn".into()));
        let n = l.pages.len();
        for (i, p) in l.pages.iter().enumerate() {
            let settings =
                PageSettings::from_wh(p.w, p.h).ok_or_else(|| Error::Storage("khổ giấy không hợp lệ".into()))?;
            let mut page = doc.start_page_with(settings);
            let mut s = page.surface();
            let footer = format!("Trang {}/{n}", i + 1);
            let fw = width(&footer, 8.0, false);
            let footer = Op::Text { x: p.w - 40.0 - fw, y: p.h - 22.0, size: 8.0, bold: false, text: footer };
            let ops = p.ops.iter().chain(std::iter::once(&footer));
            for op in ops {
                match op {
                    Op::Text { x, y, size, bold: is_bold, text } => {
                        s.set_fill(Some(Fill::default()));
                        s.set_stroke(None);
                        let f = if *is_bold { bold.clone() } else { regular.clone() };
                        s.draw_text(Point::from_xy(*x, *y), f, *size, text, false, TextDirection::Auto);
                    }
                    Op::Rule { x1, y1, x2, y2, w } => {
                        let mut pb = PathBuilder::new();
                        pb.move_to(*x1, *y1);
                        pb.line_to(*x2, *y2);
                        if let Some(path) = pb.finish() {
                            s.set_fill(None);
                            s.set_stroke(Some(Stroke { width: *w, ..Stroke::default() }));
                            s.draw_path(&path);
                        }
                    }
                    Op::Shade { x, y, w, h } => {
                        let mut pb = PathBuilder::new();
                        if let Some(r) = Rect::from_xywh(*x, *y, *w, *h) {
                            pb.push_rect(r);
                        }
                        if let Some(path) = pb.finish() {
                            s.set_stroke(None);
                            s.set_fill(Some(Fill { paint: rgb::Color::new(236, 240, 245).into(), ..Fill::default() }));
                            s.draw_path(&path);
                        }
                    }
                }
            }
            s.finish();
            page.finish();
        }
        doc.finish().map_err(|e| Error::Storage(format!("không tạo được tệp PDF: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_word_and_breaks_long_tokens() {
        let text = "Nghị định 32/2019/NĐ-CP quy định giao nhiệm vụ, đặt hàng hoặc đấu thầu cung cấp sản phẩm";
        let lines = wrap(text, 10.0, false, 120.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, 10.0, false) <= 120.0), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        let hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        let lines = wrap(hash, 8.0, false, 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), hash);
    }

    #[test]
    fn vietnamese_letters_have_glyphs_in_the_bundled_fonts() {
        for f in [&faces().regular, &faces().bold] {
            for ch in "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴàáảãạđươ₫—–·…".chars()
            {
                assert!(f.glyph_index(ch).is_some(), "{ch} missing");
            }
        }
    }
}
