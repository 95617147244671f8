//! The printable dossier as PDF (krilla): the bảng kê, the proofs of
//! publication and a draft biên bản nghiệm thu.
//!
//! Text is set in Noto Serif (regular and bold, `assets/fonts/`), embedded
//! and subsetted by krilla with a Unicode map, so Vietnamese prints on any
//! machine and can be searched and copied (`pdftotext` reads it back). The
//! layout is two passes: [`Layout`] places text, rules and fills on pages
//! (wrapping to column widths measured from the font's own advances, repeating
//! table headers after a page break), then [`render`] draws every page and adds
//! "Trang n/N".

use std::sync::OnceLock;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;

use super::{Dossier, DossierKind};
use toasoan_domain::error::{Error, Result};
use toasoan_domain::text::format::{date_formal_vi, date_vi, dong_in_words, vnd};
use toasoan_domain::time::{vn_date, vn_datetime_display};

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
fn width(s: &str, size: f32, bold: bool) -> f32 {
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
enum Align {
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
struct Col {
    title: &'static str,
    w: f32,
    align: Align,
}

/// A table cell: text and weight; `span` columns wide.
struct Cell {
    text: String,
    bold: bool,
    span: usize,
}

fn c(text: impl Into<String>) -> Cell {
    Cell { text: text.into(), bold: false, span: 1 }
}

fn b(text: impl Into<String>, span: usize) -> Cell {
    Cell { text: text.into(), bold: true, span }
}

/// Places content on pages, top to bottom.
struct Layout {
    pages: Vec<PageOps>,
    margin: f32,
    y: f32,
}

const PAD: f32 = 3.0;

impl Layout {
    fn new() -> Layout {
        Layout { pages: Vec::new(), margin: 40.0, y: 0.0 }
    }

    fn page(&mut self, landscape: bool, margin: f32) {
        let (w, h) = if landscape { (A4_LONG, A4_SHORT) } else { (A4_SHORT, A4_LONG) };
        self.pages.push(PageOps { w, h, ops: Vec::new() });
        self.margin = margin;
        self.y = margin;
    }

    fn cur(&mut self) -> &mut PageOps {
        self.pages.last_mut().expect("a page is started first")
    }

    fn width(&self) -> f32 {
        self.pages.last().map_or(0.0, |p| p.w) - 2.0 * self.margin
    }

    fn bottom(&self) -> f32 {
        self.pages.last().map_or(0.0, |p| p.h) - self.margin - 14.0
    }

    fn text_at(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        if !text.is_empty() {
            self.cur().ops.push(Op::Text { x, y, size, bold, text: text.to_string() });
        }
    }

    /// A wrapped paragraph across the text width (or within `[x, x + w]`).
    fn para_in(&mut self, x: f32, w: f32, size: f32, bold: bool, align: Align, text: &str) {
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

    fn para(&mut self, size: f32, bold: bool, align: Align, text: &str) {
        let (x, w) = (self.margin, self.width());
        self.para_in(x, w, size, bold, align, text);
    }

    fn gap(&mut self, h: f32) {
        self.y += h;
    }

    fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.cur().ops.push(Op::Rule { x1, y1, x2, y2, w: 0.5 });
    }

    /// One table row; a row that does not fit starts a new page and repeats
    /// the header (when `header` is given).
    fn row(&mut self, cols: &[Col], cells: &[Cell], size: f32, shade: bool, header: bool) {
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

    fn header(&mut self, cols: &[Col], size: f32) {
        let cells: Vec<Cell> = cols.iter().map(|c| b(c.title, 1)).collect();
        let centered: Vec<Col> = cols.iter().map(|c| Col { title: c.title, w: c.w, align: Align::Center }).collect();
        self.row(&centered, &cells, size, true, true);
    }
}

/// The dossier's bytes.
pub fn render(d: &Dossier) -> Result<Vec<u8>> {
    let mut l = Layout::new();
    bang_ke(&mut l, d);
    proofs(&mut l, d);
    bien_ban(&mut l, d);

    let font = |data: &'static [u8]| {
        Font::new(data.into(), 0).ok_or_else(|| Error::Storage("không nạp được phông chữ Noto Serif".into()))
    };
    let (regular, bold) = (font(REGULAR)?, font(BOLD)?);
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(format!("Hồ sơ nghiệm thu — hợp đồng {}", d.contract.number))
            .language("vi".into())
            .creator("Tòa Soạn".into()),
    );
    let n = l.pages.len();
    for (i, p) in l.pages.iter().enumerate() {
        let settings = PageSettings::from_wh(p.w, p.h).ok_or_else(|| Error::Storage("khổ giấy không hợp lệ".into()))?;
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

fn bang_ke(l: &mut Layout, d: &Dossier) {
    l.page(true, 36.0);
    l.para(14.0, true, Align::Center, d.title());
    l.para(10.0, false, Align::Center, &d.contract_line());
    l.para(10.0, false, Align::Center, &d.period_line());
    l.gap(8.0);
    let cols = [
        Col { title: "STT", w: 30.0, align: Align::Center },
        Col { title: "Tên tác phẩm", w: 222.0, align: Align::Left },
        Col { title: "Tác giả", w: 90.0, align: Align::Left },
        Col { title: "Thể loại", w: 60.0, align: Align::Left },
        Col { title: "Kênh", w: 70.0, align: Align::Left },
        Col { title: "Ngày đăng", w: 58.0, align: Align::Center },
        Col { title: "Số chữ", w: 42.0, align: Align::Right },
        Col { title: "Đơn giá", w: 70.0, align: Align::Right },
        Col { title: "Thành tiền", w: 76.0, align: Align::Right },
        Col { title: "Lượt xem", w: 50.0, align: Align::Right },
    ];
    let size = 8.5;
    l.header(&cols, size);
    for g in d.groups() {
        let title = format!("{}. {} — định mức {} tác phẩm", g.numeral, g.line.label_vi(), g.line.quantity);
        l.row(&cols, &[b(title, cols.len())], size, true, false);
        for i in &g.items {
            l.row(
                &cols,
                &[
                    c(i.position.to_string()),
                    c(&i.headline),
                    c(&i.author),
                    c(toasoan_domain::text::capitalize(i.genre.label_vi())),
                    c(toasoan_domain::text::capitalize(i.channel.label_vi())),
                    c(date_vi(vn_date(i.published_at))),
                    c(number(i.words)),
                    c(number(i.unit_price)),
                    c(number(i.amount)),
                    c(i.views.map(number).unwrap_or_default()),
                ],
                size,
                false,
                false,
            );
        }
        let label = format!("Cộng hạng mục {} ({} tác phẩm)", g.numeral, g.items.len());
        l.row(&cols, &[b(label, 8), b(number(g.amount), 1), c("")], size, false, false);
    }
    let label = format!("TỔNG CỘNG ({} tác phẩm)", d.items.len());
    l.row(&cols, &[b(label, 8), b(number(d.total()), 1), c("")], size, true, false);
    l.gap(6.0);
    l.para(10.0, false, Align::Left, &format!("Bằng chữ: {}.", dong_in_words(d.total())));
    l.para(9.0, false, Align::Left, "Đơn vị tính: đồng. Số chữ tính theo âm tiết, cách nhau bởi khoảng trắng.");
}

fn proofs(l: &mut Layout, d: &Dossier) {
    l.page(true, 36.0);
    l.para(13.0, true, Align::Center, "MINH CHỨNG ĐĂNG TẢI");
    l.para(
        9.5,
        false,
        Align::Center,
        "Mỗi tác phẩm: địa chỉ công khai, thời điểm đăng (giờ Việt Nam), mã bài trên cổng và mã băm SHA-256 của đúng nội dung đã gửi; bản lưu trang đã đăng nằm trong dữ liệu của tòa soạn.",
    );
    l.gap(8.0);
    let cols = [
        Col { title: "STT", w: 30.0, align: Align::Center },
        Col { title: "Tên tác phẩm", w: 180.0, align: Align::Left },
        Col { title: "Đường dẫn", w: 220.0, align: Align::Left },
        Col { title: "Thời điểm đăng", w: 70.0, align: Align::Center },
        Col { title: "Mã bài", w: 42.0, align: Align::Center },
        Col { title: "SHA-256 nội dung gửi", w: 226.0, align: Align::Left },
    ];
    let size = 8.0;
    l.header(&cols, size);
    for i in &d.items {
        l.row(
            &cols,
            &[
                c(i.position.to_string()),
                c(&i.headline),
                c(&i.url),
                c(vn_datetime_display(i.published_at)),
                c(i.remote_id.clone().unwrap_or_else(|| "—".into())),
                c(i.sent_sha256.clone().unwrap_or_else(|| "— (ghi nhận thủ công)".into())),
            ],
            size,
            false,
            false,
        );
    }
}

fn bien_ban(l: &mut Layout, d: &Dossier) {
    let k = &d.contract;
    l.page(false, 56.0);
    let half = l.width() / 2.0;
    let (x0, top) = (l.margin, l.y);
    l.para_in(x0, half - 20.0, 10.0, true, Align::Center, &k.agency_name.to_uppercase());
    let left_end = l.y;
    l.y = top;
    l.para_in(x0 + half - 20.0, half + 20.0, 10.0, true, Align::Center, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    l.para_in(x0 + half - 20.0, half + 20.0, 10.5, true, Align::Center, "Độc lập - Tự do - Hạnh phúc");
    let mid = x0 + half - 20.0 + (half + 20.0) / 2.0;
    let y = l.y;
    l.rule(mid - 75.0, y, mid + 75.0, y);
    l.y = l.y.max(left_end) + 18.0;
    l.para(14.0, true, Align::Center, "BIÊN BẢN NGHIỆM THU");
    let draft = match d.kind {
        DossierKind::Acceptance { seq, .. } => format!("(Dự thảo — đợt {seq})"),
        DossierKind::Running => "(Dự thảo — số liệu tạm tính, chưa nghiệm thu)".into(),
    };
    l.para(10.5, false, Align::Center, &draft);
    l.para(10.5, false, Align::Center, &format!("Sản phẩm báo chí thực hiện Hợp đồng đặt hàng số {}", k.number));
    l.gap(10.0);
    let signed = k.signed_on.map(|s| format!(" ký {}", date_formal_vi(s))).unwrap_or_default();
    let size = 11.0;
    l.para(size, false, Align::Left, &format!("Căn cứ Hợp đồng đặt hàng số {}{signed};", k.number));
    l.para(size, false, Align::Left, "Căn cứ kết quả thực hiện và minh chứng đăng tải các tác phẩm báo chí kèm theo,");
    l.para(size, false, Align::Left, "Hôm nay, ngày ..... tháng ..... năm ........, tại ............................................, chúng tôi gồm:");
    l.gap(4.0);
    let dots = |s: &str| {
        if s.is_empty() {
            "..................................................".to_string()
        } else {
            s.to_string()
        }
    };
    l.para(size, true, Align::Left, &format!("BÊN ĐẶT HÀNG (Bên A): {}", k.agency_name));
    l.para(size, false, Align::Left, &format!("Đại diện: {}", dots(&k.agency_signatory)));
    l.para(size, true, Align::Left, &format!("BÊN NHẬN ĐẶT HÀNG (Bên B): {}", dots(&k.newsroom_name)));
    l.para(size, false, Align::Left, &format!("Đại diện: {}", dots(&k.newsroom_signatory)));
    l.gap(4.0);
    l.para(
        size,
        false,
        Align::Left,
        &format!(
            "Hai bên thống nhất nghiệm thu các tác phẩm báo chí Bên B đã thực hiện và đăng tải từ ngày {} đến ngày {} như sau:",
            date_vi(d.period_from),
            date_vi(d.period_until)
        ),
    );
    l.gap(4.0);
    let cols = [
        Col { title: "STT", w: 28.0, align: Align::Center },
        Col { title: "Hạng mục", w: 170.0, align: Align::Left },
        Col { title: "Định mức", w: 50.0, align: Align::Right },
        Col { title: "Nghiệm thu", w: 55.0, align: Align::Right },
        Col { title: "Đơn giá", w: 88.0, align: Align::Right },
        Col { title: "Thành tiền", w: 92.0, align: Align::Right },
    ];
    l.header(&cols, 9.5);
    for (n, line) in k.lines.iter().enumerate() {
        let items: Vec<_> = d.items.iter().filter(|i| i.line_id == line.id).collect();
        let amount: i64 = items.iter().map(|i| i.amount).sum();
        let price = items.first().map_or(line.unit_price, |i| i.unit_price);
        l.row(
            &cols,
            &[
                c((n + 1).to_string()),
                c(line.label_vi()),
                c(number(line.quantity)),
                c(number(items.len() as i64)),
                c(number(price)),
                c(number(amount)),
            ],
            9.5,
            false,
            false,
        );
    }
    l.row(
        &cols,
        &[b("Tổng cộng", 3), b(number(d.items.len() as i64), 1), c(""), b(number(d.total()), 1)],
        9.5,
        true,
        false,
    );
    l.gap(6.0);
    l.para(
        size,
        false,
        Align::Left,
        &format!(
            "Tổng giá trị nghiệm thu: {} (bằng chữ: {}).",
            vnd(d.total()),
            dong_in_words(d.total()).to_lowercase()
        ),
    );
    l.para(size, false, Align::Left, "Chi tiết theo Bảng kê tác phẩm và Minh chứng đăng tải kèm theo biên bản này.");
    l.para(size, false, Align::Left, "Biên bản được lập thành 04 bản có giá trị pháp lý như nhau, mỗi bên giữ 02 bản.");
    l.gap(18.0);
    if l.y + 90.0 > l.bottom() {
        l.page(false, 56.0);
    }
    let top = l.y;
    let half = l.width() / 2.0;
    let x0 = l.margin;
    for (i, (who, name)) in
        [("ĐẠI DIỆN BÊN A", &k.agency_signatory), ("ĐẠI DIỆN BÊN B", &k.newsroom_signatory)].into_iter().enumerate()
    {
        l.y = top;
        let x = x0 + i as f32 * half;
        l.para_in(x, half, 11.0, true, Align::Center, who);
        l.para_in(x, half, 9.5, false, Align::Center, "(Ký, ghi rõ họ tên, đóng dấu)");
        l.gap(52.0);
        l.para_in(x, half, 11.0, true, Align::Center, name);
    }
}

/// 1234567 → "1.234.567".
fn number(n: i64) -> String {
    vnd(n).trim_end_matches(" ₫").to_string()
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
