//! The one HTTP client of the workspace: timeouts, our user agent, and one
//! classification of answers — temporary (`portal_unavailable`: the portal is
//! down, slow, overloaded; retried later) or refused (`portal_rejected`).
//! The WordPress adapter and the engagement collectors both send through it.
//!
//! Architecture invariant: `toasoan-portal` is the only crate with an HTTP
//! client, and every request of it goes through [`Http::send`].

use std::time::Duration;

use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::StatusCode;
use toasoan_domain::{Error, Result};

/// A blocking HTTP client with timeouts and our user agent.
#[derive(Debug, Clone)]
pub struct Http {
    client: Client,
}

impl Http {
    /// A client whose requests give up after `timeout` (connecting after
    /// `connect_timeout`); `purpose` is added to the user agent.
    pub fn new(timeout: Duration, connect_timeout: Duration, purpose: &str) -> Result<Http> {
        let agent = format!("ToaSoan/{} ({purpose})", env!("CARGO_PKG_VERSION"));
        let client = Client::builder()
            .timeout(timeout)
            .connect_timeout(connect_timeout.min(timeout))
            .user_agent(agent)
            .build()
            .map_err(|e| Error::PortalRejected(format!("không tạo được kết nối HTTP: {e}")))?;
        Ok(Http { client })
    }

    /// The underlying client, to build requests with.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Sends a request. A connection failure or timeout is temporary; an
    /// answer of any status is returned for the caller to read or classify
    /// (with [`classify`]).
    pub fn send(&self, rb: RequestBuilder, what: &str) -> Result<Response> {
        rb.send().map_err(|e| Error::PortalUnavailable(format!("{what}: {}", describe(&e))))
    }

    /// The body of `url` as text (decoded with the charset the server names).
    /// Connection failures, timeouts, 5xx and 429 are temporary
    /// (`portal_unavailable`, with the server's `Retry-After` in the message);
    /// other statuses are `portal_rejected`.
    pub fn get_text(&self, url: &str, what: &str) -> Result<String> {
        self.text(self.client.get(url), url, what)
    }

    /// The answer to a form POST (Matomo wants `token_auth` in the body, not
    /// the URL), with the same error classes as [`Http::get_text`].
    pub fn post_form(&self, url: &str, form: &[(&str, String)], what: &str) -> Result<String> {
        self.text(self.client.post(url).form(form), url, what)
    }

    fn text(&self, rb: RequestBuilder, url: &str, what: &str) -> Result<String> {
        let context = format!("{what} {url}");
        let resp = self.send(rb, &context)?;
        let status = resp.status();
        if status.is_success() {
            return resp.text().map_err(|e| Error::PortalUnavailable(format!("{context}: {e}")));
        }
        let retry = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .map(|v| format!(" (Retry-After: {v})"))
            .unwrap_or_default();
        Err(classify(status, &context, &retry, false))
    }
}

/// The error for an unsuccessful answer: 5xx, 429 and 408 are temporary,
/// the rest refused; `detail` (with its leading space) is appended. With
/// `auth`, 401 and 403 say that the account or its password was refused.
pub fn classify(status: StatusCode, what: &str, detail: &str, auth: bool) -> Error {
    let s = status.as_u16();
    if status.is_server_error() || s == 429 || s == 408 {
        Error::PortalUnavailable(format!("{what}: HTTP {s}{detail}"))
    } else if auth && (s == 401 || s == 403) {
        Error::PortalRejected(format!(
            "{what}: HTTP {s} — tài khoản hoặc mật khẩu ứng dụng bị từ chối, hoặc tài khoản thiếu quyền ({})",
            detail.trim()
        ))
    } else {
        Error::PortalRejected(format!("{what}: HTTP {s}{detail}"))
    }
}

/// A transport error in Vietnamese: timeout, refused connection, or what
/// the client said.
pub fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "quá thời gian chờ".to_string()
    } else if e.is_connect() {
        "không kết nối được (máy chủ tắt hoặc sai địa chỉ)".to_string()
    } else {
        e.to_string()
    }
}

/// The host (and port) of a URL, for per-host rate limits; the URL itself
/// when it has none.
pub fn host_of(url: &str) -> String {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(|h| format!("{h}{}", u.port().map(|p| format!(":{p}")).unwrap_or_default())))
        .unwrap_or_else(|| url.to_string())
}

/// Seconds the server asked us to wait, from a message made by [`Http::get_text`].
pub fn retry_after(message: &str) -> Option<Duration> {
    let rest = message.split("Retry-After: ").nth(1)?;
    rest.trim_end_matches(')').trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_classified_for_retry() {
        let ok = StatusCode::from_u16;
        for s in [500, 502, 503, 429, 408] {
            assert_eq!(classify(ok(s).unwrap(), "x", "", true).code(), "portal_unavailable", "{s}");
        }
        for s in [400, 404, 410] {
            assert_eq!(classify(ok(s).unwrap(), "x", "", true).code(), "portal_rejected", "{s}");
        }
        let auth = classify(ok(401).unwrap(), "x", " y", true).to_string();
        assert!(auth.contains("mật khẩu ứng dụng bị từ chối"), "{auth}");
        let page = classify(ok(403).unwrap(), "đọc trang", "", false).to_string();
        assert!(!page.contains("mật khẩu"), "a public page has no password: {page}");
    }

    #[test]
    fn retry_after_is_read_back_from_the_message() {
        let e = classify(StatusCode::from_u16(503).unwrap(), "đọc trang", " (Retry-After: 120)", false);
        assert_eq!(retry_after(&e.to_string()), Some(Duration::from_secs(120)));
        assert_eq!(retry_after("HTTP 503"), None);
        assert_eq!(host_of("http://127.0.0.1:8089/?p=1"), "127.0.0.1:8089");
        assert_eq!(host_of("https://BinhSon.gov.vn/a"), "binhson.gov.vn");
    }
}
