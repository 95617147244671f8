//! Money in integer đồng and Vietnamese dates: "125.500.000 ₫", "08/01/2023",
//! "ngày 08 tháng 01 năm 2023".

use chrono::{Datelike, NaiveDate};

use crate::error::{Error, Result};

/// Largest amount accepted anywhere: 10^15 đồng (a million billion), far above any
/// commissioning contract, and small enough that quantity × price sums stay in i64.
pub const MAX_DONG: i64 = 1_000_000_000_000_000;

/// Formats đồng with dot thousands separators: 125500000 → "125.500.000 ₫".
pub fn vnd(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 4);
    if amount < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out.push_str(" ₫");
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

#[cfg(test)]
mod tests {
    use super::*;

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
