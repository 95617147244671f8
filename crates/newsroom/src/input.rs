//! Reading a draft body from a file or stdin: UTF-8 (with or without BOM),
//! UTF-16 with BOM (Word's "Unicode text"), and legacy-font text (TCVN3/VNI),
//! which is only converted when asked (`--convert-legacy`).

use std::io::Read;
use std::path::Path;

use toasoan_core::Error;
use toasoan_domain::limits;
use toasoan_domain::text::legacy::{self, Detection};

/// A body read from outside, with what legacy-font detection found.
pub struct Body {
    /// The text (converted if asked and detected).
    pub text: String,
    /// Legacy encoding detected, if any.
    pub legacy: Option<Detection>,
    /// True when the legacy conversion was applied.
    pub converted: bool,
}

fn decode(bytes: &[u8], source: &str) -> Result<(String, bool), Error> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode(rest, source);
    }
    let utf16 = |rest: &[u8], le: bool| -> Result<String, Error> {
        if rest.len() % 2 != 0 {
            return Err(Error::invalid("file", format!("{source}: UTF-16 bị cắt cụt (số byte lẻ)")));
        }
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) })
            .collect();
        String::from_utf16(&units).map_err(|_| Error::invalid("file", format!("{source}: UTF-16 không hợp lệ")))
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok((utf16(rest, true)?, false));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok((utf16(rest, false)?, false));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), false)),
        // 8-bit text from a legacy font: each byte is the font's glyph slot.
        Err(_) => Ok((bytes.iter().map(|&b| b as char).collect(), true)),
    }
}

/// The bytes of a file (`-` = stdin), refused unread when it is larger
/// than `max`: the limit is named with the file.
pub fn read_capped(path: &Path, max: usize) -> Result<Vec<u8>, Error> {
    let source = path.display().to_string();
    let mut bytes = Vec::new();
    let read = if source == "-" {
        std::io::stdin().take(max as u64 + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(max as u64 + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| Error::invalid("file", format!("không đọc được {source}: {e}")))?;
    if bytes.len() > max {
        return Err(Error::invalid(
            "file",
            format!("{source} dài hơn {}, quá giới hạn; chưa đọc gì", limits::human_bytes(max as u64)),
        ));
    }
    Ok(bytes)
}

/// Most bytes read for a body: UTF-16 takes up to twice the bytes of the
/// text the desk accepts ([`limits::MAX_BODY_BYTES`] of UTF-8); past it the
/// file is refused unread rather than read whole.
const MAX_BODY_FILE: usize = 2 * limits::MAX_BODY_BYTES;

/// Reads a body from `path` (`-` = stdin), at most [`MAX_BODY_FILE`] bytes.
pub fn read_body(path: &Path, convert_legacy: bool) -> Result<Body, Error> {
    let source = path.display().to_string();
    let bytes = read_capped(path, MAX_BODY_FILE)?;
    if bytes.contains(&0) && !(bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")) {
        return Err(Error::invalid("file", format!("{source} là tệp nhị phân, không phải văn bản")));
    }
    let (text, eight_bit) = decode(&bytes, &source)?;
    let detection = legacy::detect(&text);
    if eight_bit && detection.is_none() {
        return Err(Error::invalid("file", format!("{source} không phải văn bản UTF-8")));
    }
    if eight_bit && !convert_legacy {
        let enc = detection.as_ref().map(|d| d.encoding.label()).unwrap_or_default();
        return Err(Error::invalid(
            "file",
            format!(
                "{source} là văn bản 8-bit gõ bằng phông {enc}; chạy lại với --convert-legacy để chuyển sang Unicode"
            ),
        ));
    }
    match detection {
        Some(d) if convert_legacy => Ok(Body { text: d.converted.clone(), legacy: Some(d), converted: true }),
        d => Ok(Body { text, legacy: d, converted: false }),
    }
}

/// A secret typed or piped on stdin (one line; surrounding blanks dropped).
pub fn read_stdin_secret() -> Result<String, Error> {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| Error::invalid("password", format!("không đọc được stdin: {e}")))?;
    Ok(s.trim().to_string())
}

/// The passphrase of the profile `login`: the `NEWSROOM_PASSPHRASE`
/// variable, the first line of stdin (`--passphrase-stdin`), or typed at
/// the terminal (not echoed). `None` when none of them is there (the desk
/// then says what is needed).
pub fn passphrase(login: &str, from_stdin: bool) -> Result<Option<String>, Error> {
    if let Ok(v) = std::env::var("NEWSROOM_PASSPHRASE") {
        return Ok(Some(v));
    }
    if from_stdin {
        // Stdin's own buffer is shared by the process: what follows the first
        // line (a body) is still there for the command.
        let mut line = String::new();
        std::io::BufRead::read_line(&mut std::io::stdin().lock().take(4096), &mut line)
            .map_err(|e| Error::invalid("passphrase", format!("không đọc được stdin: {e}")))?;
        return Ok(Some(line.trim_end_matches(['\r', '\n']).to_string()));
    }
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        let typed = rpassword::prompt_password(format!("Cụm mật khẩu của hồ sơ «{login}»: "))
            .map_err(|e| Error::invalid("passphrase", format!("không đọc được: {e}")))?;
        return Ok(Some(typed));
    }
    Ok(None)
}

/// A new passphrase: the `NEWSROOM_NEW_PASSPHRASE` variable, or typed twice
/// at the terminal.
pub fn new_passphrase() -> Result<String, Error> {
    if let Ok(v) = std::env::var("NEWSROOM_NEW_PASSPHRASE") {
        return Ok(v);
    }
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return Err(Error::invalid("passphrase", "cho cụm mật khẩu mới trong biến NEWSROOM_NEW_PASSPHRASE"));
    }
    let read = |prompt: &str| {
        rpassword::prompt_password(prompt).map_err(|e| Error::invalid("passphrase", format!("không đọc được: {e}")))
    };
    let a = read("Cụm mật khẩu mới: ")?;
    if read("Gõ lại: ")? != a {
        return Err(Error::invalid("passphrase", "hai lần gõ không giống nhau"));
    }
    Ok(a)
}

/// Parses a coded value (genre, channel, role…) with the core's message.
/// The value parsers live here, beside the bounded readers: the command
/// modules import them from `input`, never from `cli` (which imports them).
pub(crate) fn parse<T: std::str::FromStr<Err = toasoan_core::Error>>(s: &str) -> toasoan_core::Result<T> {
    s.parse()
}
