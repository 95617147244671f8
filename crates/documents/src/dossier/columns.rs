//! The bảng kê's columns: defined once, used by the spreadsheet and the
//! printable dossier (the PDF prints the ones that fit a landscape A4 page).

/// What a column shows of an accepted (or counted) piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BangKeField {
    /// STT.
    Position,
    /// The approved headline.
    Title,
    /// The byline.
    Author,
    /// Thể loại.
    Genre,
    /// Kênh.
    Channel,
    /// The portal it was published on.
    Outlet,
    /// Day of first publication (Việt Nam).
    Published,
    /// Its public address.
    Url,
    /// Words of the approved version.
    Words,
    /// Unit price in force.
    UnitPrice,
    /// Amount (the line's unit price for a counted piece).
    Amount,
    /// Views as of the end of the period.
    Views,
    /// Comments as of the end of the period.
    Comments,
}

/// How a column's cells are aligned in print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alignment {
    /// Text.
    Left,
    /// Numbers of order, dates.
    Center,
    /// Figures.
    Right,
}

/// One column of the bảng kê.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BangKeColumn {
    /// What it shows.
    pub field: BangKeField,
    /// Header, as both documents print it.
    pub title: &'static str,
    /// Width in the spreadsheet (characters).
    pub xlsx_width: f64,
    /// Width in the PDF (points), when the PDF prints it.
    pub pdf_width: Option<f32>,
    /// Alignment in print.
    pub align: Alignment,
}

const fn col(
    field: BangKeField,
    title: &'static str,
    xlsx_width: f64,
    pdf_width: Option<f32>,
    align: Alignment,
) -> BangKeColumn {
    BangKeColumn { field, title, xlsx_width, pdf_width, align }
}

/// The bảng kê's columns, in order.
pub const BANG_KE: [BangKeColumn; 13] = {
    use Alignment::*;
    use BangKeField::*;
    [
        col(Position, "STT", 6.0, Some(30.0), Center),
        col(Title, "Tên tác phẩm", 44.0, Some(222.0), Left),
        col(Author, "Tác giả", 18.0, Some(90.0), Left),
        col(Genre, "Thể loại", 12.0, Some(60.0), Left),
        col(Channel, "Kênh", 14.0, Some(70.0), Left),
        col(Outlet, "Nơi đăng", 16.0, None, Left),
        col(Published, "Ngày đăng", 12.0, Some(58.0), Center),
        col(Url, "Đường dẫn", 40.0, None, Left),
        col(Words, "Số chữ", 9.0, Some(42.0), Right),
        col(UnitPrice, "Đơn giá (đồng)", 14.0, Some(70.0), Right),
        col(Amount, "Thành tiền (đồng)", 16.0, Some(76.0), Right),
        col(Views, "Lượt xem", 10.0, Some(50.0), Right),
        col(Comments, "Bình luận", 10.0, None, Right),
    ]
};

/// The index of `field` among `columns`.
pub fn position(columns: &[BangKeColumn], field: BangKeField) -> usize {
    columns.iter().position(|c| c.field == field).expect("the bảng kê has every field it names")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pdf_prints_a_subset_in_the_same_order_within_a_landscape_page() {
        let pdf: Vec<_> = BANG_KE.iter().filter(|c| c.pdf_width.is_some()).collect();
        assert_eq!(pdf.len(), 10);
        let width: f32 = pdf.iter().filter_map(|c| c.pdf_width).sum();
        assert!(width <= 841.89 - 2.0 * 36.0, "{width}");
        assert!(BANG_KE.iter().all(|c| !c.title.is_empty() && c.xlsx_width > 0.0));
    }
}
