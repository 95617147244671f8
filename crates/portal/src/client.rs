//! The one HTTP client of the workspace: timeouts, our user agent, and one
//! classification of answers — temporary (`portal_unavailable`: the portal is
//! down, slow, overloaded; retried later) or refused (`portal_rejected`).
//! The WordPress adapter and the engagement collectors both send through it.
//!
//! Every answer is read through [`read_capped`]: a portal (or anything
//! pretending to be one) cannot make the app hold more than a bounded number
//! of bytes — the `Content-Length` is checked before reading and the bytes
//! are counted while reading, for answers that announce no length.
//!
//! Architecture invariant: `toasoan-portal` is the only crate with an HTTP
//! client, and every request of it goes through [`Http::send`].

use std::io::Read;
use std::time::Duration;

use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use toasoan_domain::{Error, Result};

/// Largest answer of a REST API (WordPress JSON, Matomo): 16 MiB.
pub const MAX_API_ANSWER: u64 = 16 << 20;
/// Largest public page read (the view counter, the saved copy of a
/// published page): 8 MiB. Portal article pages are a few hundred KiB.
pub const MAX_PAGE: u64 = 8 << 20;
/// Largest error body read to explain a refusal: 64 KiB.
pub const MAX_ERROR_BODY: u64 = 64 << 10;

/// How long an idle kept-alive connection is reused. Below Apache's default
/// `KeepAliveTimeout` (5 s; most PHP hosts keep it): a POST sent on a
/// connection the server is closing at that moment gets no answer, and a
/// create or upload without an answer must wait out the adapter's grace
/// period (30 s) before the portal is asked whether it happened: the likely
/// cause of a CI publishing run of six pieces taking 33 s instead of 2
/// (BENCHMARKS.md).
pub const POOL_IDLE: Duration = Duration::from_secs(4);

/// A blocking HTTP client with timeouts and our user agent.
#[derive(Debug, Clone)]
pub struct Http {
    client: Client,
    /// The same, following no redirect: for requests carrying a secret in
    /// a header or their body (a redirect would send it on to wherever it
    /// points).
    no_redirect: Client,
}

impl Http {
    /// A client whose requests give up after `timeout` (connecting after
    /// `connect_timeout`); `purpose` is added to the user agent.
    pub fn new(timeout: Duration, connect_timeout: Duration, purpose: &str) -> Result<Http> {
        let agent = format!("ToaSoan/{} ({purpose})", env!("CARGO_PKG_VERSION"));
        let build = |policy: Policy| {
            Client::builder()
                .timeout(timeout)
                .connect_timeout(connect_timeout.min(timeout))
                .pool_idle_timeout(POOL_IDLE)
                .user_agent(agent.clone())
                .redirect(policy)
                .build()
                .map_err(|e| Error::PortalRejected(format!("không tạo được kết nối HTTP: {e}")))
        };
        // Redirects keep at most 5 hops, for requests carrying no secret;
        // those carrying one (a password, a token) follow none.
        Ok(Http { client: build(Policy::limited(5))?, no_redirect: build(Policy::none())? })
    }

    /// The underlying client, to build requests with.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The same client following no redirect: for every request carrying a
    /// secret (a password in a header, a token in the body), which must
    /// reach the address it was built for and nothing else. A 3xx answer
    /// comes back to the caller, to refuse with [`redirect_refused`].
    pub fn no_redirect(&self) -> &Client {
        &self.no_redirect
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
    /// At most [`MAX_PAGE`] bytes are read.
    pub fn get_text(&self, url: &str, what: &str) -> Result<String> {
        self.text(self.client.get(url), url, what, MAX_PAGE)
    }

    /// The answer to a form POST (Matomo wants `token_auth` in the body, not
    /// the URL), with the same error classes as [`Http::get_text`]. A
    /// redirect is not followed — the form would go on to the place it names
    /// (a 307/308 keeps the body) — and is refused, naming that place.
    pub fn post_form(&self, url: &str, form: &[(&str, String)], what: &str) -> Result<String> {
        self.text(self.no_redirect.post(url).form(form), url, what, MAX_API_ANSWER)
    }

    fn text(&self, rb: RequestBuilder, url: &str, what: &str, limit: u64) -> Result<String> {
        let context = format!("{what} {url}");
        let resp = self.send(rb, &context)?;
        let status = resp.status();
        if status.is_success() {
            return read_text(resp, limit, &context);
        }
        if status.is_redirection() {
            return Err(redirect_refused(&resp, &context));
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

/// The refusal of a redirect answered to a request carrying a secret,
/// naming where it pointed: the secret is not sent on.
pub fn redirect_refused(resp: &Response, context: &str) -> Error {
    let to = resp.headers().get(reqwest::header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("?");
    Error::PortalRejected(format!(
        "{context}: máy chủ chuyển hướng sang «{to}» (HTTP {}); yêu cầu mang mã truy cập nên không được gửi tiếp — hãy sửa địa chỉ cho đúng",
        resp.status().as_u16()
    ))
}

/// The body of an answer, refused with `portal_rejected` when it is larger
/// than `limit`: an announced `Content-Length` is checked before anything
/// is read, and the bytes are counted while reading (an answer may announce
/// nothing, or lie).
pub fn read_capped(resp: Response, limit: u64, what: &str) -> Result<Vec<u8>> {
    let too_big = |n: Option<u64>| {
        let size = n.map(|n| format!("{n} byte")).unwrap_or_else(|| format!("hơn {limit} byte"));
        Error::PortalRejected(format!("{what}: câu trả lời quá lớn ({size}; tối đa {} MiB), không đọc", limit >> 20))
    };
    if let Some(n) = resp.content_length().filter(|n| *n > limit) {
        return Err(too_big(Some(n)));
    }
    let mut bytes = Vec::new();
    resp.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::PortalUnavailable(format!("{what}: đọc câu trả lời không xong ({e})")))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(None));
    }
    Ok(bytes)
}

/// [`read_capped`], decoded with the charset the answer names (UTF-8 when
/// it names none or one we do not know).
pub fn read_text(resp: Response, limit: u64, what: &str) -> Result<String> {
    let charset = resp.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).and_then(|ct| {
        ct.split(';').find_map(|p| p.trim().strip_prefix("charset=").map(|c| c.trim_matches('"').to_string()))
    });
    let bytes = read_capped(resp, limit, what)?;
    let encoding = charset.and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes())).unwrap_or(encoding_rs::UTF_8);
    Ok(encoding.decode(&bytes).0.into_owned())
}

/// The JSON of an answer, read with [`read_capped`] at [`MAX_API_ANSWER`].
pub fn read_json(resp: Response, what: &str) -> Result<serde_json::Value> {
    let bytes = read_capped(resp, MAX_API_ANSWER, what)?;
    serde_json::from_slice(&bytes)
        .map_err(|e| Error::PortalUnavailable(format!("{what}: câu trả lời không đọc được ({e})")))
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

/// Whether a secret may travel to `url`: no `user:password@` inside it
/// (it would be stored and audited with the address), and `https://` —
/// plain `http://` only to this machine itself ([`is_loopback`]).
/// `None` when it may; otherwise which rule it breaks.
pub fn secret_url_problem(url: &reqwest::Url) -> Option<SecretUrlProblem> {
    if !url.username().is_empty() || url.password().is_some() {
        Some(SecretUrlProblem::UserInfo)
    } else if url.scheme() == "http" && !is_loopback(url) {
        Some(SecretUrlProblem::PlainHttp)
    } else {
        None
    }
}

/// Why a secret may not travel to an address ([`secret_url_problem`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretUrlProblem {
    /// `user:password@` inside the address.
    UserInfo,
    /// Plain `http://` to another machine.
    PlainHttp,
}

/// This machine itself: 127.0.0.0/8, ::1 or `localhost`.
pub fn is_loopback(u: &reqwest::Url) -> bool {
    let host = u.host_str().unwrap_or_default().trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Seconds the server asked us to wait, from a message made by [`Http::get_text`].
pub fn retry_after(message: &str) -> Option<Duration> {
    let rest = message.split("Retry-After: ").nth(1)?;
    rest.trim_end_matches(')').trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// A loopback HTTP server for the crate's tests.
#[cfg(test)]
pub(crate) mod testing {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::sync::{Arc, Mutex};

    /// Requests heard by a stub: each request's head and body as received.
    pub type Heard = Arc<Mutex<Vec<String>>>;

    /// A server on loopback that writes its answer to each request with
    /// `answer(request, stream)`, recording what it heard.
    pub fn stub_with(answer: impl Fn(&str, &mut TcpStream) + Send + 'static) -> (String, Heard) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for mut s in listener.incoming().flatten() {
                let mut buf = [0u8; 8192];
                let n = s.read(&mut buf).unwrap_or(0);
                let head = String::from_utf8_lossy(&buf[..n]).to_string();
                log.lock().unwrap().push(head.clone());
                answer(&head, &mut s);
            }
        });
        (addr, seen)
    }

    /// A server answering every request with the text `answer` returns
    /// (status line, headers and body).
    pub fn stub(answer: impl Fn(&str) -> String + Send + 'static) -> (String, Heard) {
        stub_with(move |head, s| {
            let _ = s.write_all(answer(head).as_bytes());
        })
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::testing::{stub, stub_with};
    use super::*;

    fn http() -> Http {
        Http::new(Duration::from_secs(20), Duration::from_secs(5), "test").unwrap()
    }

    /// Issue «Nothing lost, nothing leaked», item 2: a 1 GB page was read
    /// whole (1.07 GB of memory). Tried: a length announced over the cap
    /// (refused before reading), a body with no length streaming past the
    /// cap (refused once the cap is passed: the stub counts what it could
    /// send), a page under the cap (read).
    #[test]
    fn answers_are_read_only_up_to_their_cap() {
        let (announced, _) =
            stub(|_| "HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\nConnection: close\r\n\r\nLượt xem: 1".into());
        let e = http().get_text(&announced, "đọc trang").unwrap_err();
        assert_eq!(e.code(), "portal_rejected");
        assert!(e.to_string().contains("quá lớn (1073741824 byte; tối đa 8 MiB)"), "{e}");

        let sent = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let counter = sent.clone();
        let (endless, _) = stub_with(move |_, s| {
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n");
            let chunk = vec![b'x'; 1 << 20];
            // At most 64 MiB, ending early when the reader hangs up.
            for _ in 0..64 {
                if s.write_all(&chunk).is_err() {
                    break;
                }
                counter.fetch_add(chunk.len() as u64, std::sync::atomic::Ordering::Relaxed);
            }
        });
        let e = http().get_text(&endless, "đọc trang").unwrap_err();
        assert!(e.to_string().contains("quá lớn (hơn 8388608 byte"), "{e}");
        let written = sent.load(std::sync::atomic::Ordering::Relaxed);
        assert!(written < 32 << 20, "the reader hung up near the cap, not after {written} bytes");

        let page = "<p>Lượt xem: 1.234</p>";
        let (small, _) = stub(move |_| {
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}", page.len())
        });
        assert_eq!(http().get_text(&small, "đọc trang").unwrap(), page);
    }

    /// Issue «Nothing lost, nothing leaked», item 1: a Matomo token must not
    /// follow a redirect. Tried: 307 and 308 (which keep the POST body) to
    /// another port; the other port hears nothing and the refusal names
    /// where the redirect pointed, never the token.
    #[test]
    fn a_form_carrying_a_token_never_follows_a_redirect() {
        for code in [307, 308, 302] {
            let (elsewhere, heard) =
                stub(|_| "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]".into());
            let to = format!("{elsewhere}/index.php");
            let (matomo, _) = stub(move |_| {
                format!("HTTP/1.1 {code} Moved\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            });
            let form = [("token_auth", "abcdef0123456789".to_string())];
            let e = http().post_form(&format!("{matomo}/index.php"), &form, "hỏi Matomo").unwrap_err();
            assert_eq!(e.code(), "portal_rejected", "{code}");
            assert!(e.to_string().contains(&elsewhere), "{e}");
            assert!(!e.to_string().contains("abcdef"), "{e}");
            std::thread::sleep(Duration::from_millis(50));
            assert!(heard.lock().unwrap().is_empty(), "{code}: the other port heard {:?}", heard.lock().unwrap());
        }
    }

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
