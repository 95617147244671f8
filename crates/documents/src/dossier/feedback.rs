//! The citizen-feedback digest for the commissioning agency ("Tổng hợp ý kiến
//! phản hồi của Nhân dân"): readers' comments on a policy's pieces, grouped
//! by piece, as an XLSX workbook.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

use toasoan_domain::engagement::StoredComment;
use toasoan_domain::error::{Error, Result};
use toasoan_domain::time::{from_db, vn_naive};
use toasoan_domain::{Feedback, Policy};

/// Column headers of the digest.
pub const HEADERS: [&str; 5] = ["STT", "Người gửi", "Thời gian", "Nội dung ý kiến", "Nguồn"];

/// Row (0-based) of the header.
pub const HEADER_ROW: u32 = 3;

fn err(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Storage(format!("không tạo được bản tổng hợp ý kiến XLSX: {e}"))
}

/// The digest of `comments` (as listed by the store: by piece, oldest first)
/// on `policy`, made on `today` (dd/mm/yyyy in the subtitle).
pub fn xlsx(
    policy: &Policy,
    comments: &[StoredComment],
    other: &[Feedback],
    today: chrono::NaiveDate,
) -> Result<Vec<u8>> {
    let base = Format::new().set_font_name("Times New Roman").set_font_size(11);
    let cell = base.clone().set_border(FormatBorder::Thin).set_align(FormatAlign::Top);
    let wrap = cell.clone().set_text_wrap();
    let header = cell.clone().set_bold().set_align(FormatAlign::Center).set_background_color(0xE8E4D8);
    let group = cell.clone().set_bold().set_background_color(0xF4F1E6);
    let when = cell.clone().set_num_format("dd/mm/yyyy hh:mm");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Ý kiến bạn đọc").map_err(err)?;
    ws.set_column_width(0, 6).map_err(err)?;
    ws.set_column_width(1, 24).map_err(err)?;
    ws.set_column_width(2, 17).map_err(err)?;
    ws.set_column_width(3, 70).map_err(err)?;
    ws.set_column_width(4, 22).map_err(err)?;
    ws.write_string_with_format(
        0,
        0,
        "TỔNG HỢP Ý KIẾN PHẢN HỒI CỦA NHÂN DÂN",
        &base.clone().set_bold().set_font_size(14),
    )
    .map_err(err)?;
    let about = format!("về {} ({}) — tính đến ngày {}", policy.name, policy.doc_number, today.format("%d/%m/%Y"));
    ws.write_string_with_format(1, 0, &about, &base.clone().set_italic()).map_err(err)?;
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, *h, &header).map_err(err)?;
    }
    let mut row = HEADER_ROW + 1;
    let mut n = 0;
    let mut piece = "";
    for c in comments {
        if c.assignment_id != piece {
            piece = &c.assignment_id;
            ws.merge_range(row, 0, row, 4, &super::xlsx::fit(&format!("Tác phẩm: {}", c.title)), &group)
                .map_err(err)?;
            row += 1;
        }
        n += 1;
        ws.write_number_with_format(row, 0, f64::from(n), &cell).map_err(err)?;
        ws.write_string_with_format(row, 1, super::xlsx::fit(&c.author), &wrap).map_err(err)?;
        if c.posted_at.is_empty() {
            ws.write_blank(row, 2, &cell).map_err(err)?;
        } else {
            ws.write_datetime_with_format(row, 2, vn_naive(from_db(&c.posted_at)), &when).map_err(err)?;
        }
        ws.write_string_with_format(row, 3, super::xlsx::fit(&c.text), &wrap).map_err(err)?;
        ws.write_string_with_format(row, 4, c.source.label_vi(), &cell).map_err(err)?;
        row += 1;
    }
    ws.write_string_with_format(row + 1, 0, format!("Tổng cộng: {n} ý kiến."), &base.clone().set_bold())
        .map_err(err)?;
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW).map_err(err)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    channels(&mut wb, policy, other, today, &base, &cell, &wrap, &header)?;
    wb.save_to_buffer().map_err(err)
}

/// Column headers of the second sheet: feedback from the other channels.
pub const CHANNEL_HEADERS: [&str; 8] =
    ["STT", "Ngày nhận", "Kênh", "Nội dung ý kiến", "Bài liên quan", "Tình trạng", "Đã chuyển", "Trả lời"];

/// The second sheet: feedback from the hotline, meetings, Zalo OA, Facebook
/// and the portal's mailbox, with what became of each.
#[allow(clippy::too_many_arguments)]
fn channels(
    wb: &mut Workbook,
    policy: &Policy,
    other: &[Feedback],
    today: chrono::NaiveDate,
    base: &Format,
    cell: &Format,
    wrap: &Format,
    header: &Format,
) -> Result<()> {
    let day = cell.clone().set_num_format("dd/mm/yyyy");
    let ws = wb.add_worksheet().set_name("Ý kiến qua các kênh").map_err(err)?;
    for (c, w) in [6.0, 12.0, 18.0, 60.0, 30.0, 18.0, 24.0, 50.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(err)?;
    }
    ws.write_string_with_format(0, 0, "Ý KIẾN NHÂN DÂN QUA CÁC KÊNH", &base.clone().set_bold().set_font_size(14))
        .map_err(err)?;
    let about = format!(
        "đường dây nóng, hội nghị, Zalo OA, Facebook, cổng thông tin — về {} ({}) — tính đến ngày {}",
        policy.name,
        policy.doc_number,
        today.format("%d/%m/%Y")
    );
    ws.write_string_with_format(1, 0, &about, &base.clone().set_italic()).map_err(err)?;
    for (c, h) in CHANNEL_HEADERS.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, *h, header).map_err(err)?;
    }
    let mut row = HEADER_ROW + 1;
    // Oldest first, as the first sheet.
    for (n, f) in other.iter().rev().enumerate() {
        ws.write_number_with_format(row, 0, (n + 1) as f64, cell).map_err(err)?;
        let midnight = f.received_on.and_hms_opt(0, 0, 0).unwrap_or_default();
        ws.write_datetime_with_format(row, 1, midnight, &day).map_err(err)?;
        ws.write_string_with_format(row, 2, f.channel.label_vi(), cell).map_err(err)?;
        ws.write_string_with_format(row, 3, super::xlsx::fit(&f.text), wrap).map_err(err)?;
        ws.write_string_with_format(row, 4, super::xlsx::fit(f.assignment_title.as_deref().unwrap_or("")), wrap)
            .map_err(err)?;
        ws.write_string_with_format(row, 5, f.state.label_vi(), cell).map_err(err)?;
        let fwd = match (&f.forwarded_to, f.forwarded_on) {
            (Some(to), Some(on)) => format!("{to} ({})", on.format("%d/%m/%Y")),
            (Some(to), None) => to.clone(),
            _ => String::new(),
        };
        ws.write_string_with_format(row, 6, super::xlsx::fit(&fwd), wrap).map_err(err)?;
        ws.write_string_with_format(row, 7, super::xlsx::fit(f.answer.as_deref().unwrap_or("")), wrap).map_err(err)?;
        row += 1;
    }
    ws.write_string_with_format(row + 1, 0, format!("Tổng cộng: {} ý kiến.", other.len()), &base.clone().set_bold())
        .map_err(err)?;
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW).map_err(err)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}
