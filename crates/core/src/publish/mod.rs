//! Publishing as the desk runs it: the stable slug a piece is published
//! under and retry timing ([`backoff`]). The adapters and journal are
//! `toasoan-portal`'s, named here for the core's own code only.

use std::time::Duration;

pub(crate) use toasoan_portal::{
    image_file_name, package, wordpress, Adapter, Article, ArticleImage, Journal, Outcome, RemoteImage,
};

/// The stable slug of a piece: its headline's slug (≤ 80 characters, cut at a
/// hyphen) and `-ts` + the last 8 hex digits of the assignment's UUIDv7 (its
/// random part), so two newsrooms — or two databases — publishing pieces with
/// the same headline to one portal never find each other's post by slug.
pub fn stable_slug(headline: &str, assignment_id: &str) -> String {
    let hex: String = assignment_id.chars().filter(char::is_ascii_hexdigit).collect();
    let num = &hex[hex.len().saturating_sub(8)..];
    let mut base = crate::text::slug(headline);
    if base.len() > 80 {
        let cut = base[..80].rfind('-').unwrap_or(80);
        base.truncate(cut);
    }
    if base.is_empty() {
        format!("bai-ts{num}")
    } else {
        format!("{base}-ts{num}")
    }
}

/// Retry timing for failed attempts: exponential from `base`, capped at `max`,
/// with "full jitter" in the upper half so many jobs do not retry in step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Delay after the first failure (before jitter).
    pub base: Duration,
    /// Longest delay.
    pub max: Duration,
    /// Attempts after which a transient failure is given up as failed.
    pub max_attempts: i64,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff { base: Duration::from_secs(5), max: Duration::from_secs(30 * 60), max_attempts: 25 }
    }
}

/// The delay before attempt `attempts + 1`, given a random `unit` in [0, 1).
pub fn backoff(policy: &Backoff, attempts: i64, unit: f64) -> Duration {
    let exp = attempts.clamp(1, 30) as u32 - 1;
    let raw = policy.base.saturating_mul(2u32.saturating_pow(exp));
    let capped = raw.min(policy.max);
    // Between half and all of the capped delay.
    capped.mul_f64(0.5 + 0.5 * unit.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let p = Backoff { base: Duration::from_secs(2), max: Duration::from_secs(60), max_attempts: 10 };
        assert_eq!(backoff(&p, 1, 1.0), Duration::from_secs(2));
        assert_eq!(backoff(&p, 1, 0.0), Duration::from_secs(1));
        assert_eq!(backoff(&p, 3, 1.0), Duration::from_secs(8));
        assert_eq!(backoff(&p, 20, 1.0), Duration::from_secs(60));
        assert_eq!(backoff(&p, 20, 0.0), Duration::from_secs(30));
        let a = backoff(&p, 4, 0.1);
        let b = backoff(&p, 4, 0.9);
        assert!(a < b, "jitter spreads retries: {a:?} vs {b:?}");
    }

    #[test]
    fn stable_slugs_are_vietnamese_ascii_and_unique_per_piece() {
        let id = "01a20457-c34a-71b5-9080-88e4f742109f";
        assert_eq!(stable_slug("Nghị định 32/2019/NĐ-CP: Đà Nẵng", id), "nghi-dinh-32-2019-nd-cp-da-nang-tsf742109f");
        let long = "Chính sách hỗ trợ người dân vùng lũ ".repeat(8);
        let s = stable_slug(&long, id);
        assert!(s.len() <= 80 + 11, "{s}");
        assert!(s.ends_with("-tsf742109f") && !s.contains("--"), "{s}");
        assert_eq!(stable_slug("!!!", id), "bai-tsf742109f");
        assert_ne!(stable_slug("Tin", id), stable_slug("Tin", "01a20457-c34a-71b5-9080-88e4f742109e"));
    }
}
