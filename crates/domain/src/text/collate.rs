//! Vietnamese alphabetical order (a ă â b c d đ e ê …) with the ICU4X collator,
//! not byte order.

use std::cmp::Ordering;
use std::sync::OnceLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;

fn collator() -> &'static CollatorBorrowed<'static> {
    static C: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    C.get_or_init(|| {
        Collator::try_new(locale!("vi").into(), CollatorOptions::default())
            .expect("compiled collation data for vi is part of the binary")
    })
}

/// Compares two strings in Vietnamese order.
pub fn compare(a: &str, b: &str) -> Ordering {
    collator().compare(a, b)
}

/// Sorts items by a string key in Vietnamese order.
pub fn sort_by_key<T>(items: &mut [T], key: impl Fn(&T) -> &str) {
    let c = collator();
    items.sort_by(|a, b| c.compare(key(a), key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_letter_order() {
        let mut names = vec!["Đức", "Dũng", "Ân", "Anh", "Ẩn", "Bình", "Ăn", "Châu", "Ê", "Em"];
        sort_by_key(&mut names, |s| s);
        // a < ă < â; d < đ; e < ê — byte order would put all accented letters last.
        assert_eq!(names, ["Anh", "Ăn", "Ân", "Ẩn", "Bình", "Châu", "Dũng", "Đức", "Em", "Ê"]);
    }
}
