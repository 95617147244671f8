//! Vietnamese text, done right (PRODUCT.md §6): NFC at every entry point, search
//! folding that also maps đ/Đ to d, slugs, syllable word counts, collation,
//! money and date formats, and legacy-font (TCVN3, VNI) detection.

pub mod collate;
pub mod format;
pub mod legacy;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Normalises text to Unicode NFC (Word, macOS and the web deliver NFD) and turns
/// CRLF/CR line ends into LF. Every text that enters the core passes through here.
pub fn nfc(s: &str) -> String {
    // Text typed in the window is NFC already: a quick check (no allocation,
    // no decomposition) spares a 70 KB draft the full pass on every autosave.
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes && !s.contains('\r') {
        return s.to_owned();
    }
    let s: String = s.nfc().collect();
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s
    }
}

/// Folds text for search: lower case, no diacritics, and đ/Đ → d (which Unicode
/// does not decompose). "Nghị định Đà Nẵng" → "nghi dinh da nang".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        match c {
            'đ' | 'Đ' => out.push('d'),
            c if is_combining_mark(c) => {}
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Whether `c` belongs to a word: a letter, a digit, or a combining mark
/// (the tone of an NFD syllable).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Splits folded text into search tokens: maximal runs of letters and digits.
pub fn tokens(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty())
}

/// URL slug: "Nghị định 32/2019/NĐ-CP" → "nghi-dinh-32-2019-nd-cp".
pub fn slug(s: &str) -> String {
    let folded = fold(s);
    // deunicode handles what folding leaves (other scripts, symbols).
    let ascii = deunicode::deunicode(&folded);
    let mut out = String::with_capacity(ascii.len());
    for part in ascii.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&part.to_ascii_lowercase());
    }
    out
}

/// A login suggested from a person's name: the given name (the last word)
/// folded to ASCII, as newsrooms call people — "Trần Quốc Hùng" → "hung",
/// "Đỗ Minh Đức" → "duc" — with the family name's initial when the given
/// name alone is too short for a login ("Lê A" → "al"). Empty when the name
/// has no letter to make one from.
pub fn login_from_name(name: &str) -> String {
    let words: Vec<String> = slug(name).split('-').filter(|w| !w.is_empty()).map(str::to_string).collect();
    let Some(given) = words.last() else { return String::new() };
    let mut login: String = given.chars().take(32).collect();
    if login.chars().count() < 2 {
        if let Some(first) = words.first().filter(|_| words.len() > 1) {
            login.push_str(&first[..1]);
        }
    }
    if login.chars().count() < 2 {
        return String::new();
    }
    login
}

/// Counts words the way Vietnamese payment rules do: whitespace-separated
/// syllables; a token with no letter or digit (a lone dash, "...") is not a word.
pub fn word_count(s: &str) -> usize {
    s.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// The text with its first letter upper-cased: "bài" → "Bài".
pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Trims and NFC-normalises a required one-line field; refuses an empty one.
pub fn required_line(field: &'static str, s: &str) -> crate::Result<String> {
    let v = nfc(s.trim());
    if v.is_empty() {
        return Err(crate::Error::invalid(field, "không được để trống"));
    }
    if v.contains('\n') {
        return Err(crate::Error::invalid(field, "chỉ được một dòng"));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_is_suggested_from_the_given_name() {
        assert_eq!(login_from_name("Trần Quốc Hùng"), "hung");
        assert_eq!(login_from_name("  Đỗ Minh Đức "), "duc");
        assert_eq!(login_from_name("Lê A"), "al");
        assert_eq!(login_from_name("Nguyễn Thị Ánh Tuyết"), "tuyet");
        assert_eq!(login_from_name("A"), "");
        assert_eq!(login_from_name("— ·"), "");
    }

    #[test]
    fn folding_handles_d_with_stroke_and_nfd() {
        assert_eq!(fold("Nghị định"), "nghi dinh");
        assert_eq!(fold("ĐÀ NẴNG"), "da nang");
        let nfd: String = "Đắk Lắk".nfd().collect();
        assert_eq!(fold(&nfd), "dak lak");
        assert_eq!(fold("Quảng Trị 07/CT-TTg"), "quang tri 07/ct-ttg");
    }

    #[test]
    fn nfc_composes_and_normalises_line_ends() {
        let nfd: String = "Việt Nam".nfd().collect();
        assert_ne!(nfd, "Việt Nam");
        assert_eq!(nfc(&nfd), "Việt Nam");
        assert_eq!(nfc("a\r\nb\rc"), "a\nb\nc");
    }

    #[test]
    fn slugs_match_the_brief() {
        assert_eq!(slug("Nghị định 32/2019/NĐ-CP"), "nghi-dinh-32-2019-nd-cp");
        assert_eq!(slug("  Đường về -- Đắk Lắk!  "), "duong-ve-dak-lak");
        assert_eq!(slug("!!!"), "");
    }

    #[test]
    fn word_count_counts_syllables_not_punctuation() {
        assert_eq!(word_count("Tăng cường công tác truyền thông chính sách"), 8);
        assert_eq!(word_count("Hà Nội – Đà Nẵng ... 2026"), 5);
        assert_eq!(word_count("  \n\t "), 0);
    }

    #[test]
    fn tokens_split_document_numbers() {
        let f = fold("Nghị định 32/2019/NĐ-CP");
        assert_eq!(tokens(&f).collect::<Vec<_>>(), ["nghi", "dinh", "32", "2019", "nd", "cp"]);
    }
}
