//! The period report ("Kết quả truyền thông chính sách") as documents: an
//! XLSX workbook (one sheet per breakdown, numbers as numbers) and a
//! printable PDF (the same tables, laid out with [`super::layout`]).

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

use super::layout::{b, c, Align, Col, Layout};
use toasoan_domain::error::{Error, Result};
use toasoan_domain::text::format::{date_vi, vnd};
use toasoan_domain::{PeriodReport, PeriodRow};

/// The breakdowns, in the order they are printed: (sheet name, heading, rows).
fn sections(r: &PeriodReport) -> [(&'static str, &'static str, &[PeriodRow]); 5] {
    [
        ("Theo chính sách", "Theo chính sách", &r.by_policy),
        ("Theo giai đoạn", "Theo giai đoạn của chính sách", &r.by_stage),
        ("Theo thể loại", "Theo thể loại", &r.by_genre),
        ("Theo kênh", "Theo kênh đăng", &r.by_channel),
        ("Theo cơ quan", "Theo cơ quan đặt hàng", &r.by_agency),
    ]
}

/// Column headers of every table.
pub const HEADERS: [&str; 9] = [
    "Nội dung",
    "Số bài",
    "Được tính",
    "Giá trị (đồng)",
    "Lượt xem",
    "Lượt truy cập",
    "Bình luận",
    "Chia sẻ",
    "Ý kiến người dân",
];

fn numbers(r: &PeriodRow) -> [i64; 8] {
    [r.pieces, r.counted, r.value, r.views, r.visits, r.comments, r.shares, r.feedback]
}

fn title(r: &PeriodReport) -> String {
    format!("Từ ngày {} đến ngày {} — lập ngày {}", date_vi(r.from), date_vi(r.to), date_vi(r.made_on))
}

fn err(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Storage(format!("không tạo được báo cáo kết quả truyền thông XLSX: {e}"))
}

/// The report as an XLSX workbook.
pub fn xlsx(r: &PeriodReport) -> Result<Vec<u8>> {
    let base = Format::new().set_font_name("Times New Roman").set_font_size(11);
    let cell = base.clone().set_border(FormatBorder::Thin).set_align(FormatAlign::Top);
    let wrap = cell.clone().set_text_wrap();
    let num = cell.clone().set_num_format("#,##0");
    let header = cell.clone().set_bold().set_align(FormatAlign::Center).set_background_color(0xE8E4D8).set_text_wrap();
    let total = num.clone().set_bold().set_background_color(0xF4F1E6);
    let total_label = cell.clone().set_bold().set_background_color(0xF4F1E6);
    let mut wb = Workbook::new();
    for (sheet, heading, rows) in sections(r) {
        let ws = wb.add_worksheet().set_name(sheet).map_err(err)?;
        ws.set_column_width(0, 48).map_err(err)?;
        for col in 1..HEADERS.len() as u16 {
            ws.set_column_width(col, 14).map_err(err)?;
        }
        ws.write_string_with_format(
            0,
            0,
            "KẾT QUẢ TRUYỀN THÔNG CHÍNH SÁCH",
            &base.clone().set_bold().set_font_size(14),
        )
        .map_err(err)?;
        ws.write_string_with_format(1, 0, format!("{heading}. {}", title(r)), &base.clone().set_italic())
            .map_err(err)?;
        for (i, h) in HEADERS.iter().enumerate() {
            ws.write_string_with_format(3, i as u16, *h, &header).map_err(err)?;
        }
        let mut row = 4;
        for x in rows {
            ws.write_string_with_format(row, 0, super::xlsx::fit(&x.label), &wrap).map_err(err)?;
            for (i, n) in numbers(x).iter().enumerate() {
                ws.write_number_with_format(row, i as u16 + 1, *n as f64, &num).map_err(err)?;
            }
            row += 1;
        }
        ws.write_string_with_format(row, 0, "Tổng cộng", &total_label).map_err(err)?;
        for (i, n) in numbers(&r.totals).iter().enumerate() {
            ws.write_number_with_format(row, i as u16 + 1, *n as f64, &total).map_err(err)?;
        }
        ws.set_repeat_rows(3, 3).map_err(err)?;
        ws.set_landscape();
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
    }
    wb.save_to_buffer().map_err(err)
}

fn grouped(n: i64) -> String {
    vnd(n).trim_end_matches(" ₫").to_string()
}

/// The report as a printable PDF (A4 landscape).
pub fn pdf(r: &PeriodReport) -> Result<Vec<u8>> {
    let mut l = Layout::new();
    l.page(true, 36.0);
    l.para(14.0, true, Align::Center, "KẾT QUẢ TRUYỀN THÔNG CHÍNH SÁCH");
    l.para(10.0, false, Align::Center, &title(r));
    l.gap(4.0);
    let t = &r.totals;
    l.para(
        10.0,
        false,
        Align::Left,
        &format!(
            "Tổng cộng {} bài đăng lần đầu trong kỳ, {} bài được tính theo hợp đồng, giá trị {}; {} lượt xem, {} lượt truy cập, {} bình luận, {} chia sẻ; {} ý kiến người dân.",
            grouped(t.pieces),
            grouped(t.counted),
            vnd(t.value),
            grouped(t.views),
            grouped(t.visits),
            grouped(t.comments),
            grouped(t.shares),
            grouped(t.feedback)
        ),
    );
    let widths = [250.0, 50.0, 55.0, 90.0, 60.0, 65.0, 55.0, 50.0, 60.0];
    let cols: Vec<Col> = HEADERS
        .iter()
        .zip(widths)
        .enumerate()
        .map(|(i, (h, w))| Col { title: h, w, align: if i == 0 { Align::Left } else { Align::Right } })
        .collect();
    for (_, heading, rows) in sections(r) {
        l.gap(8.0);
        l.para(11.0, true, Align::Left, heading);
        l.header(&cols, 8.5);
        for x in rows {
            let mut cells = vec![c(x.label.clone())];
            cells.extend(numbers(x).iter().map(|n| c(grouped(*n))));
            l.row(&cols, &cells, 8.5, false, false);
        }
        let mut cells = vec![b("Tổng cộng", 1)];
        cells.extend(numbers(t).iter().map(|n| b(grouped(*n), 1)));
        l.row(&cols, &cells, 8.5, true, false);
    }
    l.gap(6.0);
    l.para(
        8.5,
        false,
        Align::Left,
        "Bài tính theo ngày đăng lần đầu (giờ Việt Nam). Được tính: bài đã đăng hoặc đã nghiệm thu, đủ số chữ của hạng mục, trừ khi lãnh đạo quyết định khác. Giá trị: số bài được tính nhân đơn giá của hạng mục. Số liệu bạn đọc: số mới nhất của mỗi nguồn.",
    );
    l.finish(format!("Kết quả truyền thông chính sách {} – {}", date_vi(r.from), date_vi(r.to)))
}
