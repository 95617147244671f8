//! The engagement adapters' HTTP: reading a published page, asking Matomo.
//! (The WordPress API goes through [`crate::publish::wordpress::WordPress`].)
//!
//! Architecture invariant: with the portal adapter, the only HTTP in the core.

use std::time::Duration;

use reqwest::blocking::Client;

use crate::error::{Error, Result};

/// A small GET client with timeouts and our user agent.
#[derive(Debug, Clone)]
pub struct Http {
    client: Client,
}

impl Http {
    /// A client whose requests give up after `timeout`.
    pub fn new(timeout: Duration) -> Result<Http> {
        let client = Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("ToaSoan/", env!("CARGO_PKG_VERSION"), " (engagement)"))
            .build()
            .map_err(|e| Error::PortalRejected(format!("không tạo được kết nối HTTP: {e}")))?;
        Ok(Http { client })
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

    fn text(&self, rb: reqwest::blocking::RequestBuilder, url: &str, what: &str) -> Result<String> {
        let resp = rb.send().map_err(|e| {
            let why = if e.is_timeout() {
                "quá thời gian chờ".to_string()
            } else if e.is_connect() {
                "không kết nối được (máy chủ tắt hoặc sai địa chỉ)".to_string()
            } else {
                e.to_string()
            };
            Error::PortalUnavailable(format!("{what} {url}: {why}"))
        })?;
        let status = resp.status();
        if status.is_success() {
            return resp.text().map_err(|e| Error::PortalUnavailable(format!("{what} {url}: {e}")));
        }
        let s = status.as_u16();
        if status.is_server_error() || s == 429 || s == 408 {
            let retry = resp
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .map(|v| format!(" (Retry-After: {v})"))
                .unwrap_or_default();
            Err(Error::PortalUnavailable(format!("{what} {url}: HTTP {s}{retry}")))
        } else {
            Err(Error::PortalRejected(format!("{what} {url}: HTTP {s}")))
        }
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
