//! The printable dossier as PDF: the bảng kê, the proofs of publication and
//! a draft biên bản nghiệm thu, laid out with [`super::layout`].

use super::columns::{BangKeField, BANG_KE};
use super::layout::{b, c, Align, Col, Layout};
use super::{Dossier, DossierKind};
use toasoan_domain::error::Result;
use toasoan_domain::text::format::{date_formal_vi, date_vi, dong_in_words, vnd};
use toasoan_domain::time::{vn_date, vn_datetime_display};

/// The dossier's bytes.
pub fn render(d: &Dossier) -> Result<Vec<u8>> {
    let mut l = Layout::new();
    bang_ke(&mut l, d);
    proofs(&mut l, d);
    bien_ban(&mut l, d);
    l.finish(format!("Hồ sơ nghiệm thu — hợp đồng {}", d.contract.number))
}

fn bang_ke(l: &mut Layout, d: &Dossier) {
    l.page(true, 36.0);
    l.para(14.0, true, Align::Center, d.title());
    l.para(10.0, false, Align::Center, &d.contract_line());
    l.para(10.0, false, Align::Center, &d.period_line());
    l.gap(8.0);
    let printed: Vec<_> = BANG_KE.iter().filter(|c| c.pdf_width.is_some()).collect();
    let cols: Vec<Col> = printed
        .iter()
        .map(|c| Col { title: c.title, w: c.pdf_width.unwrap_or_default(), align: align(c.align) })
        .collect();
    let amount = printed.iter().position(|c| c.field == BangKeField::Amount).unwrap_or(cols.len() - 1);
    let size = 8.5;
    l.header(&cols, size);
    for g in d.groups() {
        let title = format!("{}. {} — định mức {} tác phẩm", g.numeral, g.line.label_vi(), g.line.quantity);
        l.row(&cols, &[b(title, cols.len())], size, true, false);
        for i in &g.items {
            let cells: Vec<_> = printed.iter().map(|col| c(text(col.field, i))).collect();
            l.row(&cols, &cells, size, false, false);
        }
        let label = format!("Cộng hạng mục {} ({} tác phẩm)", g.numeral, g.items.len());
        let rest = cols.len() - amount - 1;
        l.row(&cols, &[b(label, amount), b(number(g.amount), 1), b("", rest)], size, false, false);
    }
    let label = format!("TỔNG CỘNG ({} tác phẩm)", d.items.len());
    let rest = cols.len() - amount - 1;
    l.row(&cols, &[b(label, amount), b(number(d.total()), 1), b("", rest)], size, true, false);
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

/// A bảng kê cell as printed.
fn text(field: BangKeField, i: &toasoan_domain::AcceptanceItem) -> String {
    use toasoan_domain::text::capitalize;
    match field {
        BangKeField::Position => i.position.to_string(),
        BangKeField::Title => i.headline.clone(),
        BangKeField::Author => i.author.clone(),
        BangKeField::Genre => capitalize(i.genre.label_vi()),
        BangKeField::Channel => capitalize(i.channel.label_vi()),
        BangKeField::Outlet => i.outlet.clone().unwrap_or_default(),
        BangKeField::Published => date_vi(vn_date(i.published_at)),
        BangKeField::Url => i.url.clone(),
        BangKeField::Words => number(i.words),
        BangKeField::UnitPrice => number(i.unit_price),
        BangKeField::Amount => number(i.amount),
        BangKeField::Views => i.views.map(number).unwrap_or_default(),
        BangKeField::Comments => i.comments.map(number).unwrap_or_default(),
    }
}

fn align(a: super::columns::Alignment) -> Align {
    match a {
        super::columns::Alignment::Left => Align::Left,
        super::columns::Alignment::Center => Align::Center,
        super::columns::Alignment::Right => Align::Right,
    }
}

/// 1234567 → "1.234.567".
fn number(n: i64) -> String {
    vnd(n).trim_end_matches(" ₫").to_string()
}
