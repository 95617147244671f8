//! The `media://` scheme: serves the library's web-size and thumbnail
//! derivatives to the window (`media://localhost/ab/<sha256>.web.jpg`).
//!
//! Only well-formed derivative paths are served (see
//! `toasoan_core::media::files::is_derivative_path`): never an original (they
//! keep their GPS data), never anything outside the media folder.

use std::borrow::Cow;

use base64::Engine;
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};
use toasoan_core::media::files::is_derivative_path;

use crate::error::{ErrorCode, IpcError, IpcResult};
use crate::state::AppState;

/// The scheme name.
pub const SCHEME: &str = "media";

/// What rendered HTML puts before a derivative's relative path. WebKitGTK (Linux)
/// and WebKit (macOS) use `media://localhost/`; Windows would need
/// `http://media.localhost/` (also allowed by the CSP).
pub const MEDIA_URL: &str = "media://localhost/";

/// Answers one request, off the main thread.
pub fn handle<R: Runtime>(ctx: UriSchemeContext<'_, R>, request: Request<Vec<u8>>, responder: UriSchemeResponder) {
    let root = ctx.app_handle().state::<AppState>().media_root();
    let rel = request.uri().path().trim_start_matches('/').to_string();
    std::thread::spawn(move || {
        let found = root.filter(|_| is_derivative_path(&rel)).and_then(|r| std::fs::read(r.join(&rel)).ok());
        let response = match found {
            Some(bytes) => Response::builder()
                .header(header::CONTENT_TYPE, if rel.ends_with(".png") { "image/png" } else { "image/jpeg" })
                .header(header::CACHE_CONTROL, "max-age=31536000, immutable")
                .body(Cow::Owned(bytes)),
            None => Response::builder().status(StatusCode::NOT_FOUND).body(Cow::Borrowed(&b""[..])),
        };
        if let Ok(r) = response {
            responder.respond(r);
        }
    });
}

/// Decodes a file sent from the UI as base64, with a clear error naming it;
/// a file larger than `max` bytes is refused before it is decoded.
pub fn decode_base64(name: &str, data: &str, max: u64) -> IpcResult<Vec<u8>> {
    let decoded_len = (data.trim().len() as u64 / 4) * 3;
    if decoded_len > max + 3 {
        return Err(IpcError::new(
            ErrorCode::InvalidInput,
            format!(
                "tệp «{name}» dài khoảng {}, tối đa {}",
                toasoan_core::domain::limits::human_bytes(decoded_len),
                toasoan_core::domain::limits::human_bytes(max)
            ),
        ));
    }
    base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .map_err(|e| IpcError::new(ErrorCode::InvalidInput, format!("tệp «{name}» gửi lên bị hỏng ({e})")))
}

/// A file sent from the UI as base64, decoded (refused past the media
/// limit before decoding) and prepared for the library.
pub fn prepare(name: &str, data_base64: &str) -> IpcResult<toasoan_core::media::Prepared> {
    let limits = toasoan_core::media::Limits::default();
    let bytes = decode_base64(name, data_base64, limits.max_bytes)?;
    toasoan_core::media::prepare(name, bytes, &limits).map_err(IpcError::from)
}
