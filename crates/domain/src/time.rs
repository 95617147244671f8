//! Time: UTC in storage, Asia/Ho_Chi_Minh for display and for "today".

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use chrono_tz::Asia::Ho_Chi_Minh;

/// Formats a UTC instant the way the store keeps it: RFC 3339, milliseconds, `Z`.
pub fn to_db(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Parses a stored instant; the store only ever writes [`to_db`] output.
pub fn from_db(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The calendar date in Việt Nam at instant `t`.
pub fn vn_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&Ho_Chi_Minh).date_naive()
}

/// Midnight starting day `d` in Việt Nam, as a UTC instant.
pub fn vn_day_start(d: NaiveDate) -> DateTime<Utc> {
    use chrono::TimeZone;
    let midnight = d.and_hms_opt(0, 0, 0).expect("midnight exists");
    Ho_Chi_Minh.from_local_datetime(&midnight).earliest().expect("Việt Nam has no DST gaps").with_timezone(&Utc)
}

/// The last millisecond of day `d` in Việt Nam, as a UTC instant ("as of the
/// end of 15/11": snapshots captured up to and including it).
pub fn vn_day_end(d: NaiveDate) -> DateTime<Utc> {
    use chrono::TimeZone;
    let next = d.succ_opt().unwrap_or(d).and_hms_opt(0, 0, 0).expect("midnight exists");
    let start =
        Ho_Chi_Minh.from_local_datetime(&next).earliest().expect("Việt Nam has no DST gaps").with_timezone(&Utc);
    start - chrono::Duration::milliseconds(1)
}

/// Việt Nam's offset from UTC at instant `t`, in minutes (from the time-zone database).
pub fn vn_offset_minutes(t: DateTime<Utc>) -> i64 {
    use chrono::Offset;
    i64::from(t.with_timezone(&Ho_Chi_Minh).offset().fix().local_minus_utc()) / 60
}

/// The wall-clock time in Việt Nam at instant `t` (for spreadsheets, which have no zones).
pub fn vn_naive(t: DateTime<Utc>) -> chrono::NaiveDateTime {
    t.with_timezone(&Ho_Chi_Minh).naive_local()
}

/// "22/11/2026 14:05" in Việt Nam time.
pub fn vn_datetime_display(t: DateTime<Utc>) -> String {
    t.with_timezone(&Ho_Chi_Minh).format("%d/%m/%Y %H:%M").to_string()
}

/// A source of "now", replaceable in tests.
pub type Clock = std::sync::Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The system clock.
pub fn system_clock() -> Clock {
    std::sync::Arc::new(Utc::now)
}
