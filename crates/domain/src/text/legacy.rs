//! Text pasted from documents typed in legacy Vietnamese fonts: TCVN3 (ABC,
//! ".VnTime") and VNI-Windows ("VNI-Times"). Once pasted into a Unicode editor, the
//! font's bytes show up as Latin-1 letters: "ChÝnh s¸ch" (TCVN3) or "Chính saùch"
//! (VNI) for "Chính sách".
//!
//! [`detect`] recognises such text and [`convert`] turns it into NFC Unicode. The
//! desk only ever *offers* the conversion; it never applies it silently.
//!
//! The TCVN3 table is the one glibc's iconv uses for TCVN5712-1 (bytes 0xA1–0xFF;
//! TCVN3's .VnTime shows them in the same slots). VNI composes a base letter with
//! following mark letters, e.g. "e" + "ä" = "ệ".

use serde::{Deserialize, Serialize};

use super::nfc;

/// A legacy encoding the text appears to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Legacy {
    /// TCVN3 / ABC (.VnTime).
    Tcvn3,
    /// VNI-Windows.
    Vni,
}

impl Legacy {
    /// Human name.
    pub fn label(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (.VnTime)",
            Legacy::Vni => "VNI (VNI-Times)",
        }
    }
}

/// What [`detect`] found: the encoding and a preview of the converted text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detection {
    /// The encoding.
    pub encoding: Legacy,
    /// The text converted to Unicode, for the person to confirm.
    pub converted: String,
}

/// TCVN3 bytes 0xA1..=0xFF → Unicode (index = byte − 0xA1). 0xB0–0xB4 are the
/// combining tone marks, recomposed by NFC after conversion.
const TCVN3: [char; 95] = [
    'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', 'Ằ', // A1–AF
    '\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}', 'à', 'ả', 'ã', 'á', 'ạ', 'Ẳ', 'ằ', 'ẳ', 'ẵ', 'ắ',
    'Ẵ', // B0–BF
    'Ắ', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ề', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Ể', 'ẻ', 'ẽ', // C0–CF
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', 'Ễ', 'Ế', 'Ồ', 'ĩ', 'í', 'ị', 'ò', // D0–DF
    'Ổ', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù', // E0–EF
    'Ỗ', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', 'Ố', // F0–FF
];

/// VNI-Windows: (base, marks) for each vowel family, in the order
/// plain, sắc, huyền, hỏi, ngã, nặng; upper case. Lower case is the same with
/// lower-case letters.
const VNI_UPPER: &[(&str, [&str; 6], [char; 6])] = &[
    ("A", ["A", "AÙ", "AØ", "AÛ", "AÕ", "AÏ"], ['A', 'Á', 'À', 'Ả', 'Ã', 'Ạ']),
    ("Â", ["AÂ", "AÁ", "AÀ", "AÅ", "AÃ", "AÄ"], ['Â', 'Ấ', 'Ầ', 'Ẩ', 'Ẫ', 'Ậ']),
    ("Ă", ["AÊ", "AÉ", "AÈ", "AÚ", "AÜ", "AË"], ['Ă', 'Ắ', 'Ằ', 'Ẳ', 'Ẵ', 'Ặ']),
    ("E", ["E", "EÙ", "EØ", "EÛ", "EÕ", "EÏ"], ['E', 'É', 'È', 'Ẻ', 'Ẽ', 'Ẹ']),
    ("Ê", ["EÂ", "EÁ", "EÀ", "EÅ", "EÃ", "EÄ"], ['Ê', 'Ế', 'Ề', 'Ể', 'Ễ', 'Ệ']),
    ("O", ["O", "OÙ", "OØ", "OÛ", "OÕ", "OÏ"], ['O', 'Ó', 'Ò', 'Ỏ', 'Õ', 'Ọ']),
    ("Ô", ["OÂ", "OÁ", "OÀ", "OÅ", "OÃ", "OÄ"], ['Ô', 'Ố', 'Ồ', 'Ổ', 'Ỗ', 'Ộ']),
    ("Ơ", ["Ô", "ÔÙ", "ÔØ", "ÔÛ", "ÔÕ", "ÔÏ"], ['Ơ', 'Ớ', 'Ờ', 'Ở', 'Ỡ', 'Ợ']),
    ("U", ["U", "UÙ", "UØ", "UÛ", "UÕ", "UÏ"], ['U', 'Ú', 'Ù', 'Ủ', 'Ũ', 'Ụ']),
    ("Ư", ["Ö", "ÖÙ", "ÖØ", "ÖÛ", "ÖÕ", "ÖÏ"], ['Ư', 'Ứ', 'Ừ', 'Ử', 'Ữ', 'Ự']),
    ("I", ["I", "Í", "Ì", "Æ", "Ó", "Ò"], ['I', 'Í', 'Ì', 'Ỉ', 'Ĩ', 'Ị']),
    ("Y", ["Y", "YÙ", "YØ", "YÛ", "YÕ", "Î"], ['Y', 'Ý', 'Ỳ', 'Ỷ', 'Ỹ', 'Ỵ']),
    ("Đ", ["Ñ", "Ñ", "Ñ", "Ñ", "Ñ", "Ñ"], ['Đ', 'Đ', 'Đ', 'Đ', 'Đ', 'Đ']),
];

/// Latin-1 letters that never occur in genuine Vietnamese Unicode text but carry
/// VNI marks after a vowel.
const VNI_MARKS: &str = "ùøûõïåäëüÙØÛÕÏÅÄËÜ";

fn is_vowel(c: char) -> bool {
    "aeiouyAEIOUYôöÔÖ".contains(c)
}

/// Recognises TCVN3 or VNI text; `None` for ordinary Unicode text.
///
/// TCVN3 puts its commonest letters (á à ả ã ạ ă â ê ô ơ ư đ) at 0xA1–0xBF, where
/// no Vietnamese letter lives; VNI never uses that range but writes marks as
/// letters (ù ø û õ ï ä å ë ü) right after a vowel, or ñ for đ — sequences that
/// genuine Vietnamese never contains.
pub fn detect(text: &str) -> Option<Detection> {
    let words = super::word_count(text).max(1);
    let mut tcvn = 0usize;
    let mut vni = 0usize;
    let mut prev = ' ';
    for c in text.chars() {
        if ('\u{a1}'..='\u{bf}').contains(&c) {
            tcvn += 1;
        }
        if (VNI_MARKS.contains(c) && is_vowel(prev)) || c == 'ñ' || c == 'Ñ' {
            vni += 1;
        }
        prev = c;
    }
    // At least two signs and one per 20 words: a stray "©" or "ñ" is not a font.
    let enough = |n: usize| n >= 2 && n * 20 >= words;
    let encoding = if enough(tcvn) && tcvn >= vni / 2 {
        Legacy::Tcvn3
    } else if enough(vni) {
        Legacy::Vni
    } else {
        return None;
    };
    Some(Detection { encoding, converted: convert(text, encoding) })
}

/// Converts legacy-font text to NFC Unicode.
pub fn convert(text: &str, encoding: Legacy) -> String {
    match encoding {
        Legacy::Tcvn3 => {
            let s: String = text
                .chars()
                .map(|c| match c as u32 {
                    0xA1..=0xFF => TCVN3[(c as u32 - 0xA1) as usize],
                    _ => c,
                })
                .collect();
            nfc(&s)
        }
        Legacy::Vni => convert_vni(text),
    }
}

fn convert_vni(text: &str) -> String {
    // Build (sequence → char) for both cases, longest sequences first.
    let mut table: Vec<(Vec<char>, char)> = Vec::with_capacity(160);
    for (_, seqs, chars) in VNI_UPPER {
        for (seq, &ch) in seqs.iter().zip(chars) {
            let upper: Vec<char> = seq.chars().collect();
            if upper.len() == 1 && upper[0].is_ascii() {
                continue; // plain ASCII letters map to themselves
            }
            let lower: Vec<char> = seq.chars().flat_map(char::to_lowercase).collect();
            table.push((upper, ch));
            table.push((lower, ch.to_lowercase().next().unwrap_or(ch)));
        }
    }
    table.sort_by_key(|(seq, _)| std::cmp::Reverse(seq.len()));
    table.dedup_by(|a, b| a.0 == b.0);

    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    'outer: while i < chars.len() {
        for (seq, ch) in &table {
            if chars[i..].starts_with(seq) {
                out.push(*ch);
                i += seq.len();
                continue 'outer;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    nfc(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcvn3_is_detected_and_converted() {
        // "Tăng cường công tác truyền thông chính sách" typed in .VnTime.
        let pasted = "T¨ng c\u{ad}êng c«ng t¸c truyÒn th«ng chÝnh s¸ch";
        let d = detect(pasted).expect("TCVN3 detected");
        assert_eq!(d.encoding, Legacy::Tcvn3);
        assert_eq!(d.converted, "Tăng cường công tác truyền thông chính sách");
        assert_eq!(convert("§µ N½ng", Legacy::Tcvn3), "Đà Nẵng");
    }

    #[test]
    fn vni_is_detected_and_converted() {
        let pasted = "Vieät Nam taêng cöôøng truyeàn thoâng chính saùch, ñaåy maïnh";
        let d = detect(pasted).expect("VNI detected");
        assert_eq!(d.encoding, Legacy::Vni);
        assert_eq!(d.converted, "Việt Nam tăng cường truyền thông chính sách, đẩy mạnh");
        assert_eq!(convert("ÑAØ NAÜNG", Legacy::Vni), "ĐÀ NẴNG");
    }

    #[test]
    fn genuine_unicode_and_other_languages_are_left_alone() {
        for text in [
            "Tăng cường công tác truyền thông chính sách về Nghị định 32/2019/NĐ-CP",
            "Hoà bình, quê hương, khoá học, tiên phong, quá trình, toàn dân",
            "Café crème brûlée à la française, © 2026",
            "",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }
}
