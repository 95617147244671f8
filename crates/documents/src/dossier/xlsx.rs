//! The bảng kê as an XLSX workbook (rust_xlsxwriter).
//!
//! Sheet "Bảng kê": a title block, one header row (STT, Tên tác phẩm, …), the
//! rows grouped by line item with a subtotal per line (a `SUM` formula) and a
//! grand total (the sum of the subtotals), then the amount in words. Money
//! cells are integer đồng with a thousands format; dates are real dates shown
//! dd/mm/yyyy. Every formula carries its computed result, so readers that do
//! not recalculate still show the right figures. Sheet "Minh chứng": the
//! proofs of publication, one row per piece.

use rust_xlsxwriter::{Color, DocProperties, Format, FormatAlign, FormatBorder, Formula, Url, Workbook, Worksheet};

use super::columns::{BangKeField, BANG_KE};
use super::Dossier;
use toasoan_domain::error::{Error, Result};
use toasoan_domain::text::format::dong_in_words;
use toasoan_domain::time::{vn_date, vn_naive};

/// Column headers of the bảng kê, in order (from [`BANG_KE`]).
pub const HEADERS: [&str; BANG_KE.len()] = {
    let mut h = [""; BANG_KE.len()];
    let mut i = 0;
    while i < h.len() {
        h[i] = BANG_KE[i].title;
        i += 1;
    }
    h
};

/// Row (0-based) of the header in sheet "Bảng kê".
pub const HEADER_ROW: u32 = 4;

/// Number format of money cells: integer đồng with grouping.
pub const MONEY_FORMAT: &str = "#,##0";

const AMOUNT_COL: u16 = {
    let mut i = 0;
    while !matches!(BANG_KE[i].field, BangKeField::Amount) {
        i += 1;
    }
    i as u16
};
const LAST_COL: u16 = HEADERS.len() as u16 - 1;

fn err(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Storage(format!("không tạo được bảng kê XLSX: {e}"))
}

/// "K12": a cell name from 0-based row and column.
/// Most characters an Excel cell holds.
pub const CELL_CHARS: usize = 32_767;
/// Longest address Excel takes as a link.
pub const URL_CHARS: usize = 2_079;
/// What a cut cell ends with: the whole text stays in the PDF and the saved proof.
pub const CUT_NOTE: &str = " … [đã cắt: quá dài cho một ô Excel; toàn văn trong bản PDF và bằng chứng đã lưu]";

/// `text` as one cell can hold it: whole, or cut visibly (issue «Nothing
/// lost, nothing leaked», item 6: one long citizen comment made the writer
/// refuse the whole workbook).
pub fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().count() <= CELL_CHARS {
        return std::borrow::Cow::Borrowed(text);
    }
    let keep = CELL_CHARS - CUT_NOTE.chars().count();
    let cut: String = text.chars().take(keep).collect();
    std::borrow::Cow::Owned(cut + CUT_NOTE)
}

/// A link cell, or the address as (fitted) text when too long to be a link.
fn link(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    url: &str,
    format: &rust_xlsxwriter::Format,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    if url.chars().count() <= URL_CHARS {
        ws.write_url_with_format(row, col, Url::new(url).set_text(url), format).map(|_| ())
    } else {
        ws.write_string_with_format(row, col, fit(url), format).map(|_| ())
    }
}

fn cell(row: u32, col: u16) -> String {
    let mut name = String::new();
    let mut c = col as u32 + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        name.insert(0, (b'A' + rem as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{name}{}", row + 1)
}

struct Formats {
    title: Format,
    subtitle: Format,
    header: Format,
    text: Format,
    wrap: Format,
    number: Format,
    money: Format,
    date: Format,
    datetime: Format,
    group: Format,
    group_money: Format,
    total: Format,
    total_money: Format,
    words: Format,
}

fn formats() -> Formats {
    let base = Format::new().set_font_name("Times New Roman").set_font_size(11).set_border(FormatBorder::Thin);
    let bold = base.clone().set_bold();
    Formats {
        title: Format::new()
            .set_font_name("Times New Roman")
            .set_font_size(14)
            .set_bold()
            .set_align(FormatAlign::Center),
        subtitle: Format::new().set_font_name("Times New Roman").set_font_size(11).set_align(FormatAlign::Center),
        header: bold
            .clone()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(Color::RGB(0xE8_EE_F4)),
        text: base.clone().set_align(FormatAlign::Top),
        wrap: base.clone().set_text_wrap().set_align(FormatAlign::Top),
        number: base.clone().set_num_format("#,##0").set_align(FormatAlign::Top),
        money: base.clone().set_num_format(MONEY_FORMAT).set_align(FormatAlign::Top),
        date: base.clone().set_num_format("dd/mm/yyyy").set_align(FormatAlign::Top),
        datetime: base.clone().set_num_format("dd/mm/yyyy hh:mm"),
        group: bold.clone().set_background_color(Color::RGB(0xF6_F3_EC)),
        group_money: bold.clone().set_num_format(MONEY_FORMAT).set_background_color(Color::RGB(0xF6_F3_EC)),
        total: bold.clone(),
        total_money: bold.set_num_format(MONEY_FORMAT),
        words: Format::new().set_font_name("Times New Roman").set_font_size(11).set_italic(),
    }
}

/// The workbook's bytes.
pub fn render(d: &Dossier) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let props = DocProperties::new()
        .set_title(format!("Bảng kê — hợp đồng {}", d.contract.number))
        .set_company(d.contract.newsroom_name.clone())
        .set_comment("Tòa Soạn");
    wb.set_properties(&props);
    let f = formats();
    bang_ke(wb.add_worksheet(), d, &f).map_err(err)?;
    proofs(wb.add_worksheet(), d, &f).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}

/// Writes one bảng kê cell: text, a real date, a link, or a figure (blank
/// when unknown, never zero).
fn cell_of(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    field: BangKeField,
    i: &toasoan_domain::AcceptanceItem,
    f: &Formats,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    use toasoan_domain::text::capitalize;
    let figure = |ws: &mut Worksheet, v: Option<i64>| match v {
        Some(v) => ws.write_number_with_format(row, col, v as f64, &f.number).map(|_| ()),
        None => ws.write_blank(row, col, &f.number).map(|_| ()),
    };
    match field {
        BangKeField::Position => figure(ws, Some(i.position)),
        BangKeField::Title => ws.write_string_with_format(row, col, fit(&i.headline), &f.wrap).map(|_| ()),
        BangKeField::Author => ws.write_string_with_format(row, col, fit(&i.author), &f.wrap).map(|_| ()),
        BangKeField::Genre => {
            ws.write_string_with_format(row, col, capitalize(i.genre.label_vi()), &f.text).map(|_| ())
        }
        BangKeField::Channel => {
            ws.write_string_with_format(row, col, capitalize(i.channel.label_vi()), &f.text).map(|_| ())
        }
        BangKeField::Outlet => {
            ws.write_string_with_format(row, col, i.outlet.as_deref().unwrap_or(""), &f.text).map(|_| ())
        }
        BangKeField::Published => ws.write_date_with_format(row, col, vn_date(i.published_at), &f.date).map(|_| ()),
        BangKeField::Url => link(ws, row, col, &i.url, &f.wrap),
        BangKeField::Words => figure(ws, Some(i.words)),
        BangKeField::UnitPrice => ws.write_number_with_format(row, col, i.unit_price as f64, &f.money).map(|_| ()),
        BangKeField::Amount => ws.write_number_with_format(row, col, i.amount as f64, &f.money).map(|_| ()),
        BangKeField::Views => figure(ws, i.views),
        BangKeField::Comments => figure(ws, i.comments),
    }
}

fn bang_ke(ws: &mut Worksheet, d: &Dossier, f: &Formats) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    ws.set_name("Bảng kê")?;
    ws.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    for (col, c) in BANG_KE.iter().enumerate() {
        ws.set_column_width(col as u16, c.xlsx_width)?;
    }
    ws.merge_range(0, 0, 0, LAST_COL, d.title(), &f.title)?;
    ws.merge_range(1, 0, 1, LAST_COL, &d.contract_line(), &f.subtitle)?;
    ws.merge_range(2, 0, 2, LAST_COL, &d.period_line(), &f.subtitle)?;
    for (col, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, col as u16, *h, &f.header)?;
    }
    ws.set_row_height(HEADER_ROW, 30)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;

    let mut row = HEADER_ROW + 1;
    let mut subtotals = Vec::new();
    for g in d.groups() {
        ws.write_string_with_format(row, 0, &g.numeral, &f.group)?;
        ws.merge_range(
            row,
            1,
            row,
            LAST_COL,
            &format!("{} — định mức {} tác phẩm", g.line.label_vi(), g.line.quantity),
            &f.group,
        )?;
        row += 1;
        let first = row;
        for i in &g.items {
            for (col, c) in BANG_KE.iter().enumerate() {
                cell_of(ws, row, col as u16, c.field, i, f)?;
            }
            row += 1;
        }
        let sum = Formula::new(format!("=SUM({}:{})", cell(first, AMOUNT_COL), cell(row - 1, AMOUNT_COL)))
            .set_result(g.amount.to_string());
        ws.write_blank(row, 0, &f.group)?;
        ws.merge_range(
            row,
            1,
            row,
            AMOUNT_COL - 1,
            &format!("Cộng hạng mục {} ({} tác phẩm)", g.numeral, g.items.len()),
            &f.group,
        )?;
        ws.write_formula_with_format(row, AMOUNT_COL, sum, &f.group_money)?;
        ws.merge_range(row, AMOUNT_COL + 1, row, LAST_COL, "", &f.group)?;
        subtotals.push(cell(row, AMOUNT_COL));
        row += 1;
    }
    let total_formula = if subtotals.is_empty() { "=0".to_string() } else { format!("={}", subtotals.join("+")) };
    ws.write_blank(row, 0, &f.total)?;
    ws.merge_range(row, 1, row, AMOUNT_COL - 1, &format!("TỔNG CỘNG ({} tác phẩm)", d.items.len()), &f.total)?;
    ws.write_formula_with_format(
        row,
        AMOUNT_COL,
        Formula::new(total_formula).set_result(d.total().to_string()),
        &f.total_money,
    )?;
    ws.merge_range(row, AMOUNT_COL + 1, row, LAST_COL, "", &f.total)?;
    row += 1;
    ws.merge_range(row, 0, row, LAST_COL, &format!("Bằng chữ: {}.", dong_in_words(d.total())), &f.words)?;
    Ok(())
}

fn proofs(ws: &mut Worksheet, d: &Dossier, f: &Formats) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    ws.set_name("Minh chứng")?;
    ws.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
    let headers = [
        "STT",
        "Tên tác phẩm",
        "Đường dẫn",
        "Thời điểm đăng",
        "Mã bài trên cổng",
        "SHA-256 nội dung gửi",
        "Mã băm bản duyệt",
    ];
    for (col, width) in [6.0, 44.0, 40.0, 17.0, 12.0, 66.0, 66.0].into_iter().enumerate() {
        ws.set_column_width(col as u16, width)?;
    }
    for (col, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *h, &f.header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (n, i) in d.items.iter().enumerate() {
        let row = n as u32 + 1;
        ws.write_number_with_format(row, 0, i.position as f64, &f.number)?;
        ws.write_string_with_format(row, 1, fit(&i.headline), &f.wrap)?;
        link(ws, row, 2, &i.url, &f.wrap)?;
        ws.write_datetime_with_format(row, 3, vn_naive(i.published_at), &f.datetime)?;
        ws.write_string_with_format(row, 4, i.remote_id.as_deref().unwrap_or(""), &f.text)?;
        ws.write_string_with_format(row, 5, i.sent_sha256.as_deref().unwrap_or(""), &f.text)?;
        ws.write_string_with_format(row, 6, i.content_hash.as_deref().unwrap_or(""), &f.text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{fit, CELL_CHARS, CUT_NOTE};

    #[test]
    fn long_text_is_cut_visibly_to_what_a_cell_holds() {
        let short = "Ý kiến ngắn.";
        assert_eq!(fit(short), short);
        let long = "ý".repeat(40_000);
        let f = fit(&long);
        assert_eq!(f.chars().count(), CELL_CHARS);
        assert!(f.ends_with(CUT_NOTE) && f.starts_with("ýýý"));
        let exact = "a".repeat(CELL_CHARS);
        assert_eq!(fit(&exact), exact.as_str(), "the limit itself is kept whole");
    }

    #[test]
    fn cell_names() {
        assert_eq!(super::cell(0, 0), "A1");
        assert_eq!(super::cell(11, 10), "K12");
        assert_eq!(super::cell(0, 26), "AA1");
    }
}
