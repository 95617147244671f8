//! Where secrets live — a portal account's application password, the hub
//! login's password: the OS keyring, or — on machines without one (CI,
//! headless servers, cron) — an environment variable whose *name* is kept.
//! [`named`] is the one reader of a variable, [`keyring_read`] of the keyring.
//!
//! Invariant: a secret is never written to the database, a log, an error
//! message or the audit trail; only the variable's *name* is stored.

use crate::domain::Portal;
use crate::error::{Error, Result};

/// Keyring service under which portal secrets are stored.
pub const KEYRING_SERVICE: &str = "toa-soan-portal";

/// Keyring service under which the hub login's password is stored.
pub const HUB_KEYRING_SERVICE: &str = "toa-soan-hub";

/// A secret from the OS keyring; `missing` says what to do when there is none.
pub fn keyring_read(service: &str, user: &str, missing: &str) -> Result<String> {
    let entry = keyring::Entry::new(service, user)
        .map_err(|e| Error::SecretUnavailable(format!("không mở được kho khóa của hệ điều hành: {e}")))?;
    entry.get_password().map_err(|e| match e {
        keyring::Error::NoEntry => Error::SecretUnavailable(missing.to_string()),
        other => Error::SecretUnavailable(format!(
            "không đọc được kho khóa của hệ điều hành ({other}); trên máy không có kho khóa hãy dùng biến môi trường"
        )),
    })
}

/// Stores a secret in the OS keyring.
pub fn keyring_store(service: &str, user: &str, secret: &str) -> Result<()> {
    if secret.trim().is_empty() {
        return Err(Error::invalid("password", "mật khẩu không được để trống"));
    }
    let entry = keyring::Entry::new(service, user).map_err(|e| {
        Error::SecretUnavailable(format!(
            "không mở được kho khóa của hệ điều hành ({e}); trên máy không có kho khóa hãy dùng biến môi trường"
        ))
    })?;
    entry.set_password(secret.trim()).map_err(|e| {
        Error::SecretUnavailable(format!(
            "không lưu được vào kho khóa của hệ điều hành ({e}); trên máy không có kho khóa hãy dùng biến môi trường"
        ))
    })
}

/// The hub login's password: its environment variable when one is named,
/// otherwise the OS keyring.
pub fn hub_password(login: &str, env: Option<&str>) -> Result<String> {
    match env {
        Some(var) => named(var, &format!("mật khẩu máy chủ chung của {login}")),
        None => keyring_read(
            HUB_KEYRING_SERVICE,
            login,
            &format!("chưa lưu mật khẩu máy chủ chung của {login} trong kho khóa; hãy nối lại vào máy chủ chung"),
        ),
    }
}

/// Checks an environment variable name (`A-Z`, `0-9`, `_`, not starting with a digit).
pub fn check_env_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "password_env",
            format!(
                "«{name}» không phải tên biến môi trường hợp lệ (chữ in hoa, số, dấu _; ví dụ TOASOAN_WP_PASSWORD)"
            ),
        ))
    }
}

fn keyring_user(portal: &Portal) -> String {
    format!("{}@{}", portal.username, portal.name)
}

/// The secret in the environment variable `var` — the one way a named
/// secret is read. Unset or empty is `secret_unavailable`, naming the
/// variable and `what` it is for (never an empty secret, never the value).
pub fn named(var: &str, what: &str) -> Result<String> {
    match std::env::var(var) {
        Ok(v) if !v.trim().is_empty() => Ok(v.trim().to_string()),
        _ => Err(Error::SecretUnavailable(format!("biến môi trường {var} ({what}) chưa được đặt hoặc rỗng"))),
    }
}

/// The portal's secret: from its environment variable when it names one,
/// otherwise from the OS keyring.
pub fn read(portal: &Portal) -> Result<String> {
    if let Some(var) = &portal.password_env {
        return named(var, &format!("cổng «{}»", portal.name));
    }
    keyring_read(
        KEYRING_SERVICE,
        &keyring_user(portal),
        &format!(
            "chưa lưu mật khẩu ứng dụng cho cổng «{}» trong kho khóa; hãy nhập trong Cài đặt → Cổng đăng bài",
            portal.name
        ),
    )
}

/// Stores the portal's secret in the OS keyring.
pub fn store(portal: &Portal, secret: &str) -> Result<()> {
    keyring_store(KEYRING_SERVICE, &keyring_user(portal), secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_names_are_checked() {
        assert!(check_env_name("TOASOAN_WP_PASSWORD").is_ok());
        for bad in ["", "1ABC", "lower", "WITH SPACE", "A-B", "Ä"] {
            assert_eq!(check_env_name(bad).unwrap_err().code(), "invalid_input", "{bad}");
        }
    }

    #[test]
    fn a_missing_variable_is_a_clear_error_that_names_it_but_no_secret() {
        let p = Portal {
            id: "x".into(),
            name: "cong".into(),
            kind: crate::domain::PortalKind::WordPress,
            base_url: "http://127.0.0.1".into(),
            username: "u".into(),
            password_env: Some("TOASOAN_TEST_SURELY_UNSET_VAR".into()),
            created_at: chrono::Utc::now(),
        };
        let e = read(&p).unwrap_err();
        assert_eq!(e.code(), "secret_unavailable");
        assert!(e.to_string().contains("TOASOAN_TEST_SURELY_UNSET_VAR"), "{e}");
    }
}
