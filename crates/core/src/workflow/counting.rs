//! The counting rule of PRODUCT.md §4 and what follows from it: whether a
//! piece counts toward its contract line, the projection at the current
//! pace, when a piece is at risk, and the warning when line items do not add
//! up to the contract's value.

use chrono::NaiveDate;

use crate::domain::{Contract, ContractLine, ContractPiece, State};
use crate::text::format::vnd;

/// Pieces delivered by `end` if the pace from `start` to `today` holds: none
/// before the period starts, the count itself once it is over.
pub fn projected(delivered: i64, start: NaiveDate, end: NaiveDate, today: NaiveDate) -> Option<i64> {
    if today < start {
        return None;
    }
    if today >= end {
        return Some(delivered);
    }
    let elapsed = (today - start).num_days() + 1;
    let total = (end - start).num_days() + 1;
    Some(delivered.saturating_mul(total) / elapsed)
}

/// A piece due within this many days and not yet approved is "at risk".
pub const AT_RISK_DAYS: i64 = 3;

/// The report lists at most this many pieces at risk (the count is complete).
pub const AT_RISK_LIST: usize = 50;

/// Whether a piece counts toward its line (PRODUCT.md §4): a head's newest
/// override decides; otherwise published (or accepted) and within the line's
/// length tier. A cancelled piece never counts. One assignment belongs to one
/// line of one channel, so a piece counts once.
pub fn counts(line: &ContractLine, p: &ContractPiece) -> bool {
    counts_parts(p.state, line.in_tier(p.words.unwrap_or(0)), p.counts_override)
}

/// [`counts`] from its parts: the state, whether the words are within the
/// line's tier, and the newest override.
pub fn counts_parts(state: State, in_tier: bool, counts_override: Option<bool>) -> bool {
    if state == State::Cancelled {
        return false;
    }
    counts_override.unwrap_or(matches!(state, State::Published | State::Accepted) && in_tier)
}

/// The sum of amounts of money (đồng), `None` when it would leave `i64`:
/// values read from storage are not trusted to be small, and a sum must
/// never wrap (release builds) or panic (debug builds).
pub fn money_total(amounts: impl IntoIterator<Item = i64>) -> Option<i64> {
    amounts.into_iter().try_fold(0i64, i64::checked_add)
}

/// Warnings when the line items do not add up to the contract's value.
pub fn value_warnings(c: &Contract) -> Vec<String> {
    let Some(lines) = money_total(c.lines.iter().map(ContractLine::value)) else {
        return vec!["tổng các hạng mục vượt giới hạn số nguyên: kiểm tra lại số lượng và đơn giá".to_string()];
    };
    if !c.value_known {
        // Nothing to compare with: said once, not as "exceeds 0 ₫".
        return vec![format!(
            "hợp đồng chưa có giá trị; các hạng mục cộng lại {} — ghi giá trị bằng một phụ lục khi có",
            vnd(lines)
        )];
    }
    if c.lines.is_empty() || lines == c.total_value {
        return Vec::new();
    }
    let verb = if lines > c.total_value { "vượt" } else { "thấp hơn" };
    vec![format!("tổng các hạng mục {} {verb} giá trị hợp đồng {}", vnd(lines), vnd(c.total_value))]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Review finding: sums of money from storage used `Iterator::sum`,
    /// which panics in debug builds and wraps in release ones. Tried: two
    /// amounts near `i64::MAX` (refused, no panic), and ordinary ones.
    #[test]
    fn money_totals_never_wrap() {
        assert_eq!(money_total([i64::MAX - 1, i64::MAX - 2]), None);
        assert_eq!(money_total([i64::MAX - 1, 1]), Some(i64::MAX));
        assert_eq!(money_total([1_500_000, 2_500_000]), Some(4_000_000));
        assert_eq!(money_total([]), Some(0));
    }
}
