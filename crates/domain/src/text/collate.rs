//! Vietnamese alphabetical order (a ă â b c d đ e ê …) with the ICU4X collator,
//! not byte order; and the order of people in Vietnamese lists (danh sách, bảng
//! kê): by given name (tên, the last word), then middle names, then family name
//! (họ, the first word), see [`PersonNameKey`].

use std::cmp::Ordering;
use std::sync::OnceLock;

use icu_collator::options::{CollatorOptions, Strength};
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

/// The collator for the words of a name: Vietnamese letters and tones, case
/// ignored ("LÊ" and "Lê" are the same family name).
fn word_collator() -> &'static CollatorBorrowed<'static> {
    static C: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    C.get_or_init(|| {
        let mut options = CollatorOptions::default();
        options.strength = Some(Strength::Secondary);
        Collator::try_new(locale!("vi").into(), options).expect("compiled collation data for vi is part of the binary")
    })
}

/// A full name as Vietnamese lists order people: "Nguyễn Thị Minh Khai" sorts
/// by its given name "Khai", then its middle names "Thị Minh" word by word
/// (fewer first when one is the start of the other), then its family name
/// "Nguyễn". Each word compares in Vietnamese order (đ after d, a tone after
/// its bare letter), case ignored. The name is taken in NFC and split on any
/// whitespace, so extra spaces do not count; a one-word name is a given name
/// alone and comes before the same given name with a family name.
///
/// Names equal by this order (same words, perhaps in another case) are equal
/// keys: [`sort_people`] then tells the people apart by login.
#[derive(Debug, Clone)]
pub struct PersonNameKey {
    given: String,
    middle: Vec<String>,
    family: String,
}

impl PersonNameKey {
    /// Splits `full_name` into given, middle and family names.
    pub fn new(full_name: &str) -> PersonNameKey {
        let full_name = super::nfc(full_name);
        let mut words: Vec<String> = full_name.split_whitespace().map(str::to_owned).collect();
        let given = words.pop().unwrap_or_default();
        let family = if words.is_empty() { String::new() } else { words.remove(0) };
        PersonNameKey { given, middle: words, family }
    }

    /// The given name (tên): the last word; empty for an empty name.
    pub fn given(&self) -> &str {
        &self.given
    }

    /// The middle names (tên đệm), in the order written.
    pub fn middle(&self) -> &[String] {
        &self.middle
    }

    /// The family name (họ): the first word; empty for a one-word name.
    pub fn family(&self) -> &str {
        &self.family
    }
}

impl Ord for PersonNameKey {
    fn cmp(&self, other: &Self) -> Ordering {
        let c = word_collator();
        c.compare(&self.given, &other.given)
            .then_with(|| {
                self.middle
                    .iter()
                    .zip(&other.middle)
                    .map(|(a, b)| c.compare(a, b))
                    .find(|o| o.is_ne())
                    .unwrap_or_else(|| self.middle.len().cmp(&other.middle.len()))
            })
            .then_with(|| c.compare(&self.family, &other.family))
    }
}

impl PartialOrd for PersonNameKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Equal in the order of people (not necessarily the same text: case and
/// spacing aside).
impl PartialEq for PersonNameKey {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for PersonNameKey {}

/// The key that orders a full name among people (see [`PersonNameKey`]).
pub fn person_name_key(full_name: &str) -> PersonNameKey {
    PersonNameKey::new(full_name)
}

/// Compares two full names in the order of Vietnamese lists of people: given
/// name, then middle names, then family name (see [`PersonNameKey`]).
pub fn cmp_person_names(a: &str, b: &str) -> Ordering {
    PersonNameKey::new(a).cmp(&PersonNameKey::new(b))
}

/// Sorts people (or rows about a person) by full name in the order of
/// Vietnamese lists, and those with the same name by `login` (byte order), so
/// that the order is total and the same on every call. Each name is split once.
pub fn sort_people<T>(items: &mut [T], name: impl Fn(&T) -> &str, login: impl Fn(&T) -> &str) {
    items.sort_by_cached_key(|p| (PersonNameKey::new(name(p)), login(p).to_owned()));
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

    /// A newsroom's staff list: (full name, login), in the order the pay
    /// sheet must show it.
    const STAFF_IN_ORDER: [(&str, &str); 16] = [
        ("Nguyễn An", "nguyenan"),
        ("Lê Thanh An", "an"),
        ("Trần Văn An", "tranvanan"),
        ("Vũ Thị Bình", "binh"),
        ("Hoàng Minh Châu", "chau"),
        ("Trần Minh Châu", "tranchau"),
        ("Ngô Văn Dũng", "dung"),
        ("Đỗ Minh Đức", "duc"),
        ("Dương Văn Đức", "duongduc"),
        ("Đặng Văn Đức", "dangduc"),
        ("Đinh Thu Hà", "ha"),
        ("Trần Quốc Hùng", "hung"),
        ("Nguyễn Thị Minh Khai", "khai"),
        ("Lan", "lan2"),
        ("Phạm Thị Lan", "lan"),
        ("Phạm Thị Lan", "lan3"),
    ];

    #[test]
    fn people_sort_by_given_then_middle_then_family_name() {
        let mut staff: Vec<(&str, &str)> = STAFF_IN_ORDER.to_vec();
        staff.reverse();
        staff.swap(3, 11);
        sort_people(&mut staff, |p| p.0, |p| p.1);
        assert_eq!(staff, STAFF_IN_ORDER);
        // The brief's six: by given name, whatever the family name.
        let mut six = ["Lê Thanh An", "Vũ Thị Bình", "Trần Minh Châu", "Đỗ Minh Đức", "Phạm Thị Lan", "Trần Quốc Hùng"];
        six.sort_by(|a, b| cmp_person_names(a, b));
        assert_eq!(
            six,
            ["Lê Thanh An", "Vũ Thị Bình", "Trần Minh Châu", "Đỗ Minh Đức", "Trần Quốc Hùng", "Phạm Thị Lan"]
        );
        // Not the order of the whole text, which goes by family name.
        let mut whole: Vec<&str> = STAFF_IN_ORDER.iter().map(|p| p.0).collect();
        sort_by_key(&mut whole, |s| s);
        assert_eq!(whole[0], "Dương Văn Đức");
    }

    #[test]
    fn d_with_stroke_and_tones_sort_after_their_bare_letter_in_every_word() {
        // Given name: d before đ; family name too (Dương before Đặng, though
        // folding "dang" would come first).
        assert_eq!(cmp_person_names("Ngô Văn Dũng", "Đỗ Minh Đức"), Ordering::Less);
        assert_eq!(cmp_person_names("Dương Văn Đức", "Đặng Văn Đức"), Ordering::Less);
        assert_eq!(cmp_person_names("Đỗ Văn Đức", "Ê Văn Đức"), Ordering::Less);
        // A bare letter before its tones; the tone decides before the family name.
        assert_eq!(cmp_person_names("Vũ Thị Ha", "Lê Thị Hà"), Ordering::Less);
        assert_eq!(cmp_person_names("Vũ Thị Hà", "Lê Thị Hạ"), Ordering::Less);
        assert_eq!(cmp_person_names("Lê Văn Ân", "Lê Văn Ăn"), Ordering::Greater);
        // Middle names word by word, fewer first when one is the start of the other.
        assert_eq!(cmp_person_names("Lê Minh Khai", "Lê Minh Anh Khai"), Ordering::Less);
        assert_eq!(cmp_person_names("Trần Thị Khai", "Lê Thị Minh Khai"), Ordering::Less);
        assert_eq!(cmp_person_names("Trần Anh Minh Khai", "Lê Thị Khai"), Ordering::Less);
    }

    #[test]
    fn case_spacing_and_nfd_do_not_change_the_order() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = "Đỗ Minh Đức".nfd().collect();
        assert_ne!(nfd, "Đỗ Minh Đức");
        assert_eq!(cmp_person_names(&nfd, "Đỗ Minh Đức"), Ordering::Equal);
        assert_eq!(cmp_person_names(&nfd, "Dương Văn Đức"), Ordering::Less);
        assert_eq!(person_name_key(&nfd).family(), "Đỗ");
        assert_eq!(cmp_person_names("ĐỖ MINH ĐỨC", "đỗ minh đức"), Ordering::Equal);
        assert_eq!(cmp_person_names("TRẦN QUỐC HÙNG", "Phạm Thị Lan"), Ordering::Less);
        assert_eq!(cmp_person_names("  Lê   Thanh\tAn \u{a0}", "Lê Thanh An"), Ordering::Equal);
        let k = person_name_key(" Nguyễn  Thị Minh   Khai ");
        assert_eq!(
            (k.family(), k.middle(), k.given()),
            ("Nguyễn", &["Thị".to_string(), "Minh".to_string()][..], "Khai")
        );
        // A one-word name is a given name alone; an empty one sorts first.
        let k = person_name_key("Lan");
        assert_eq!((k.family(), k.middle().len(), k.given()), ("", 0, "Lan"));
        assert_eq!(cmp_person_names("Lan", "Phạm Lan"), Ordering::Less);
        assert_eq!(cmp_person_names("Lan", "Bình"), Ordering::Greater);
        assert_eq!(cmp_person_names("   ", "An"), Ordering::Less);
    }

    #[test]
    fn the_same_name_is_told_apart_by_login_whatever_the_input_order() {
        let a = [("Nguyễn Văn Nam", "nam2"), ("NGUYỄN VĂN NAM", "nam1"), ("Nguyễn  Văn Nam", "nam3"), ("Lê Nam", "le")];
        for rotation in 0..a.len() {
            let mut v = a.to_vec();
            v.rotate_left(rotation);
            sort_people(&mut v, |p| p.0, |p| p.1);
            assert_eq!(v.iter().map(|p| p.1).collect::<Vec<_>>(), ["le", "nam1", "nam2", "nam3"]);
        }
    }
}
