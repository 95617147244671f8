//! Team mode's words every layer speaks: how to reach the hub. The hub crate
//! connects with it; the front ends read it from a profile's settings and the
//! keyring and hand it to the desk; and the invitation file a head hands a
//! new member ([`Invitation`]).

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// How to reach the hub: `postgres://HOST:PORT/DATABASE?sslmode=…` and the
/// login, given apart from the URL.
#[derive(Clone)]
pub struct Endpoint {
    /// `postgres://HOST:PORT/DATABASE`, with `?sslmode=disable|prefer|require|verify-ca|verify-full`.
    pub url: String,
    /// The PostgreSQL login.
    pub user: String,
    /// Its password.
    pub password: String,
    /// The newsroom's certificate authority (PEM), for `verify-ca`/`verify-full`.
    pub ca_pem: Option<Vec<u8>>,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password.
        f.debug_struct("Endpoint").field("url", &self.url).field("user", &self.user).finish()
    }
}

/// What an invitation file says it is.
pub const INVITATION_FORMAT: &str = "toasoan-invitation";
/// The invitation format this version writes and reads.
pub const INVITATION_VERSION: u32 = 1;
/// An invitation file is small: the address, a login and one certificate.
pub const MAX_INVITATION_BYTES: usize = 64 * 1024;

/// An invitation to join the newsroom's hub, written by `newsroom hub user
/// add … --invitation FILE` and opened by «Nối vào máy chủ chung»: the hub's
/// address, the login the head made and the newsroom's certificate authority
/// — never the password, which the head hands over apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Invitation {
    /// Always [`INVITATION_FORMAT`].
    pub format: String,
    /// [`INVITATION_VERSION`].
    pub version: u32,
    /// The newsroom's name, to show whom one joins.
    pub newsroom: Option<String>,
    /// `postgres://HOST:PORT/DATABASE?sslmode=verify-full`.
    pub url: String,
    /// The login the head made for this person.
    pub login: String,
    /// The newsroom's certificate authority (PEM), which the hub's
    /// certificate must chain to.
    pub ca_pem: Option<String>,
}

impl Invitation {
    /// An invitation to `login` on the hub at `url`.
    pub fn new(newsroom: Option<String>, url: &str, login: &str, ca_pem: Option<String>) -> Result<Invitation> {
        let inv = Invitation {
            format: INVITATION_FORMAT.into(),
            version: INVITATION_VERSION,
            newsroom,
            url: url.trim().into(),
            login: login.trim().into(),
            ca_pem,
        };
        inv.check()?;
        Ok(inv)
    }

    /// Reads an invitation file, refusing anything else: too big, not JSON,
    /// another format or a newer version, an unknown field (a password has no
    /// place in it), an address that does not verify the hub's certificate.
    pub fn parse(bytes: &[u8]) -> Result<Invitation> {
        if bytes.len() > MAX_INVITATION_BYTES {
            return Err(Error::invalid("invitation", "tệp thư mời lớn quá 64 KB: đây không phải thư mời của Tòa Soạn"));
        }
        let inv: Invitation = serde_json::from_slice(bytes).map_err(|e| {
            let why = if e.to_string().contains("unknown field") {
                "tệp có mục không thuộc thư mời (thư mời không bao giờ chứa mật khẩu)".to_string()
            } else {
                "tệp không phải thư mời của Tòa Soạn".to_string()
            };
            Error::invalid("invitation", why)
        })?;
        if inv.format != INVITATION_FORMAT {
            return Err(Error::invalid("invitation", "tệp không phải thư mời của Tòa Soạn"));
        }
        if inv.version > INVITATION_VERSION {
            return Err(Error::invalid(
                "invitation",
                format!("thư mời của một phiên bản Tòa Soạn mới hơn (mẫu {}): hãy cập nhật ứng dụng", inv.version),
            ));
        }
        inv.check()?;
        Ok(inv)
    }

    /// The file's text (pretty JSON).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("an invitation is plain data")
    }

    /// Checks an invitation however it arrived (a file, the window).
    pub fn check(&self) -> Result<()> {
        if self.format != INVITATION_FORMAT || self.version > INVITATION_VERSION {
            return Err(Error::invalid("invitation", "tệp không phải thư mời của Tòa Soạn"));
        }
        let url = self.url.as_str();
        let scheme_ok = url.starts_with("postgres://") || url.starts_with("postgresql://");
        if !scheme_ok || url.len() > 500 || url.contains('@') {
            return Err(Error::invalid("invitation", "địa chỉ máy chủ chung trong thư mời không đúng dạng"));
        }
        if !url.contains("sslmode=verify-full") {
            return Err(Error::invalid(
                "invitation",
                "địa chỉ trong thư mời không kiểm tra chứng chỉ của máy chủ (cần sslmode=verify-full)",
            ));
        }
        let login_ok = (1..=63).contains(&self.login.len())
            && self.login.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
        if !login_ok {
            return Err(Error::invalid("invitation", "tên đăng nhập trong thư mời không đúng dạng"));
        }
        if let Some(ca) = &self.ca_pem {
            if ca.len() > 32 * 1024 || !ca.contains("-----BEGIN CERTIFICATE-----") {
                return Err(Error::invalid("invitation", "chứng chỉ trong thư mời không phải chứng chỉ PEM"));
            }
        } else {
            return Err(Error::invalid("invitation", "thư mời thiếu chứng chỉ của tòa soạn"));
        }
        if self.newsroom.as_deref().is_some_and(|n| n.chars().count() > 300) {
            return Err(Error::invalid("invitation", "tên tòa soạn trong thư mời dài quá"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CA: &str = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    const URL: &str = "postgres://hub.baobinhson.vn:5432/toasoan?sslmode=verify-full";

    #[test]
    fn an_invitation_goes_to_a_file_and_back() {
        let inv = Invitation::new(Some("Báo Bình Sơn".into()), URL, "an", Some(CA.into())).unwrap();
        let text = inv.to_json();
        assert!(!text.contains("password"));
        assert_eq!(Invitation::parse(text.as_bytes()).unwrap(), inv);
    }

    /// Tried: a password slipped in, another format, a newer version, an
    /// address without certificate checks or with a login in it, a bad
    /// login, no CA, a text CA, 65 KB of padding, not JSON at all.
    #[test]
    fn what_is_not_an_invitation_is_refused_clearly() {
        let good = serde_json::to_value(Invitation::new(None, URL, "an", Some(CA.into())).unwrap()).unwrap();
        let with = |k: &str, v: serde_json::Value| {
            let mut j = good.clone();
            j[k] = v;
            serde_json::to_vec(&j).unwrap()
        };
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (with("password", "mk".into()), "mật khẩu"),
            (with("format", "other".into()), "không phải thư mời"),
            (with("version", 2.into()), "mới hơn"),
            (with("url", "postgres://h/db?sslmode=require".into()), "verify-full"),
            (with("url", "postgres://an:mk@h/db?sslmode=verify-full".into()), "không đúng dạng"),
            (with("url", "https://h/db?sslmode=verify-full".into()), "không đúng dạng"),
            (with("login", "An Lê".into()), "tên đăng nhập"),
            (with("ca_pem", serde_json::Value::Null), "thiếu chứng chỉ"),
            (with("ca_pem", "xin chào".into()), "PEM"),
            (vec![b' '; MAX_INVITATION_BYTES + 1], "64 KB"),
            (b"\xff\xfe not json".to_vec(), "không phải thư mời"),
        ];
        for (bytes, says) in cases {
            let e = Invitation::parse(&bytes).unwrap_err();
            assert_eq!(e.code(), "invalid_input");
            assert!(e.to_string().contains(says), "{e} should say «{says}»");
        }
    }
}
