//! Money in integer đồng and Vietnamese dates: "125.500.000 ₫", "08/01/2023",
//! "ngày 08 tháng 01 năm 2023".

use chrono::{Datelike, NaiveDate};

use crate::error::{Error, Result};

/// Largest amount accepted anywhere: 10^15 đồng (a million billion), far above any
/// commissioning contract, and small enough that quantity × price sums stay in i64.
pub const MAX_DONG: i64 = 1_000_000_000_000_000;

/// Formats đồng with dot thousands separators: 125500000 → "125.500.000 ₫".
pub fn vnd(amount: i64) -> String {
    format!("{} ₫", grouped(amount))
}

/// A count with dot thousands separators, as Vietnamese writes it: 1234567 → "1.234.567".
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Parses an amount in đồng as people type it: "125500000", "125.500.000",
/// "125 500 000", optionally followed by "đ", "₫" or "VND". Refuses negatives,
/// decimals, and amounts above [`MAX_DONG`].
pub fn parse_dong(field: &'static str, s: &str) -> Result<i64> {
    let t = s.trim();
    let t = t.trim_end_matches("VNĐ").trim_end_matches("VND").trim_end_matches(['đ', '₫']).trim();
    if t.starts_with('-') {
        return Err(Error::invalid(field, format!("số tiền không được âm: «{s}»")));
    }
    if t.contains(',') {
        return Err(Error::invalid(field, format!("số tiền là số nguyên đồng, không có phần thập phân: «{s}»")));
    }
    let digits: String = t.chars().filter(|c| !matches!(c, '.' | ' ' | '\u{a0}')).collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(Error::invalid(field, format!("không phải số tiền: «{s}»")));
    }
    let v: i64 = digits.parse().map_err(|_| Error::invalid(field, format!("số tiền quá lớn: «{s}»")))?;
    check_dong(field, v)
}

/// Validates an amount already parsed: 0 ≤ v ≤ [`MAX_DONG`].
pub fn check_dong(field: &'static str, v: i64) -> Result<i64> {
    if v < 0 {
        return Err(Error::invalid(field, format!("số tiền không được âm: {v}")));
    }
    if v > MAX_DONG {
        return Err(Error::invalid(field, format!("số tiền quá lớn: {v} (tối đa {})", vnd(MAX_DONG))));
    }
    Ok(v)
}

/// Parses a date as the CLI takes it (YYYY-MM-DD) or as people write it (dd/MM/yyyy).
pub fn parse_date(field: &'static str, s: &str) -> Result<NaiveDate> {
    let t = s.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d/%m/%Y"))
        .map_err(|_| Error::invalid(field, format!("ngày không hợp lệ: «{s}» (dùng YYYY-MM-DD hoặc dd/MM/yyyy)")))
}

/// "08/01/2023".
pub fn date_vi(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// "ngày 08 tháng 01 năm 2023", as in formal documents.
pub fn date_formal_vi(d: NaiveDate) -> String {
    format!("ngày {:02} tháng {:02} năm {}", d.day(), d.month(), d.year())
}

/// An amount in words, as the "Bằng chữ" line of Vietnamese financial
/// documents: 125500000 → "Một trăm hai mươi lăm triệu năm trăm nghìn đồng".
pub fn dong_in_words(amount: i64) -> String {
    const DIGITS: [&str; 10] = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
    const SCALES: [&str; 7] = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ", "tỷ tỷ"];
    let mut n = amount.unsigned_abs();
    if n == 0 {
        return "Không đồng".into();
    }
    let mut groups = Vec::new();
    while n > 0 {
        groups.push((n % 1000) as usize);
        n /= 1000;
    }
    let mut words: Vec<&str> = Vec::new();
    let top = groups.len() - 1;
    for (i, &g) in groups.iter().enumerate().rev() {
        if g == 0 {
            continue;
        }
        let (h, t, u) = (g / 100, g / 10 % 10, g % 10);
        let leading = i == top;
        if !(leading && h == 0) {
            words.extend([DIGITS[h], "trăm"]);
        }
        match t {
            0 if u != 0 && !(leading && h == 0) => words.push("linh"),
            0 => {}
            1 => words.push("mười"),
            _ => words.extend([DIGITS[t], "mươi"]),
        }
        match u {
            0 => {}
            1 if t >= 2 => words.push("mốt"),
            5 if t >= 1 => words.push("lăm"),
            _ => words.push(DIGITS[u]),
        }
        if !SCALES[i].is_empty() {
            words.push(SCALES[i]);
        }
    }
    words.push("đồng");
    let text = words.join(" ");
    let mut chars = text.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    let sign = if amount < 0 { "Âm " } else { "" };
    if sign.is_empty() {
        format!("{first}{}", chars.as_str())
    } else {
        format!("{sign}{}", text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_words_follow_vietnamese_reading() {
        for (n, w) in [
            (0, "Không đồng"),
            (5, "Năm đồng"),
            (15, "Mười lăm đồng"),
            (21, "Hai mươi mốt đồng"),
            (105, "Một trăm linh năm đồng"),
            (1_015, "Một nghìn không trăm mười lăm đồng"),
            (1_205_000, "Một triệu hai trăm linh năm nghìn đồng"),
            (4_500_000, "Bốn triệu năm trăm nghìn đồng"),
            (125_500_000, "Một trăm hai mươi lăm triệu năm trăm nghìn đồng"),
            (486_000_000, "Bốn trăm tám mươi sáu triệu đồng"),
            (2_000_000_011, "Hai tỷ không trăm mười một đồng"),
            (1_000_000_000_000_000, "Một triệu tỷ đồng"),
        ] {
            assert_eq!(dong_in_words(n), w, "{n}");
        }
    }

    #[test]
    fn vnd_formats_with_dots() {
        assert_eq!(vnd(125_500_000), "125.500.000 ₫");
        assert_eq!(vnd(0), "0 ₫");
        assert_eq!(vnd(999), "999 ₫");
        assert_eq!(vnd(1_000), "1.000 ₫");
        assert_eq!(vnd(-1_234_567), "-1.234.567 ₫");
    }

    #[test]
    fn parse_dong_accepts_human_forms_and_refuses_bad_ones() {
        assert_eq!(parse_dong("value", "125500000").unwrap(), 125_500_000);
        assert_eq!(parse_dong("value", "125.500.000 ₫").unwrap(), 125_500_000);
        assert_eq!(parse_dong("value", "1 234 567 VND").unwrap(), 1_234_567);
        for bad in ["-5", "1,5", "abc", "", "99999999999999999999", "1000000000000000001"] {
            let e = parse_dong("value", bad).unwrap_err();
            assert_eq!(e.code(), "invalid_input", "{bad}");
        }
    }

    #[test]
    fn dates_in_both_forms() {
        let d = NaiveDate::from_ymd_opt(2023, 1, 8).unwrap();
        assert_eq!(parse_date("d", "2023-01-08").unwrap(), d);
        assert_eq!(parse_date("d", "08/01/2023").unwrap(), d);
        assert_eq!(date_vi(d), "08/01/2023");
        assert_eq!(date_formal_vi(d), "ngày 08 tháng 01 năm 2023");
        assert!(parse_date("d", "2023-02-30").is_err());
    }
}
