//! The `media://` scheme: serves the library's web-size and thumbnail
//! derivatives to the window (`media://localhost/ab/<sha256>.web.jpg`).
//!
//! Only well-formed derivative paths are served (see
//! `toasoan_media::files::is_derivative_path`): never an original (they
//! keep their GPS data), never anything outside the media folder.

use std::borrow::Cow;

use base64::Engine;
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};
use toasoan_media::files::is_derivative_path;

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
        return Err(too_big(name, decoded_len, max));
    }
    base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .map_err(|e| IpcError::new(ErrorCode::InvalidInput, format!("tệp «{name}» gửi lên bị hỏng ({e})")))
}

/// The longest `x-name` or `x-assignment` accepted (a percent-encoded file name
/// of 255 Vietnamese characters fits with room to spare).
pub const MAX_HEADER_BYTES: usize = 4 << 10;

/// A file sent from the UI as the raw body of `import_media_bytes`: the bytes
/// as they are, the file's name percent-encoded (`encodeURIComponent`) in the
/// `x-name` header, the piece it is for (if any) in `x-assignment`.
#[derive(Debug)]
pub struct Upload {
    /// The file's name as the person sees it.
    pub name: String,
    /// The piece it is imported for.
    pub assignment_id: Option<String>,
    bytes: Vec<u8>,
}

impl Upload {
    /// Reads the request; a body that is not bytes, a missing or unreadable
    /// name, or a file past the media limit is refused before any work.
    pub fn from_request(request: &tauri::ipc::Request<'_>) -> IpcResult<Upload> {
        let header = |key: &str| -> IpcResult<Option<String>> {
            let Some(v) = request.headers().get(key) else { return Ok(None) };
            if v.len() > MAX_HEADER_BYTES {
                return Err(IpcError::new(ErrorCode::InvalidInput, format!("tiêu đề «{key}» quá dài")));
            }
            let text = v.to_str().ok().and_then(|v| percent_encoding::percent_decode_str(v).decode_utf8().ok());
            let text =
                text.ok_or_else(|| IpcError::new(ErrorCode::InvalidInput, format!("tiêu đề «{key}» không đọc được")))?;
            Ok(Some(text.into_owned()).filter(|t| !t.is_empty()))
        };
        let name = header("x-name")?
            .ok_or_else(|| IpcError::new(ErrorCode::InvalidInput, "tệp gửi lên không có tên".to_string()))?;
        let tauri::ipc::InvokeBody::Raw(bytes) = request.body() else {
            return Err(IpcError::new(ErrorCode::InvalidInput, format!("tệp «{name}» phải gửi lên dạng byte")));
        };
        let max = toasoan_media::Limits::default().max_bytes;
        if bytes.len() as u64 > max {
            return Err(too_big(&name, bytes.len() as u64, max));
        }
        Ok(Upload { assignment_id: header("x-assignment")?, name, bytes: bytes.clone() })
    }

    /// Decodes and prepares the file for the library (CPU-bound: run it off
    /// the async runtime).
    pub fn prepare(self) -> IpcResult<toasoan_media::Prepared> {
        let limits = toasoan_media::Limits::default();
        toasoan_media::prepare(&self.name, self.bytes, &limits).map_err(IpcError::from)
    }
}

fn too_big(name: &str, len: u64, max: u64) -> IpcError {
    IpcError::new(
        ErrorCode::InvalidInput,
        format!(
            "tệp «{name}» dài khoảng {}, tối đa {}",
            toasoan_domain::limits::human_bytes(len),
            toasoan_domain::limits::human_bytes(max)
        ),
    )
}

/// A file sent from the UI as base64, decoded (refused past the media
/// limit before decoding) and prepared for the library.
pub fn prepare(name: &str, data_base64: &str) -> IpcResult<toasoan_media::Prepared> {
    let limits = toasoan_media::Limits::default();
    let bytes = decode_base64(name, data_base64, limits.max_bytes)?;
    toasoan_media::prepare(name, bytes, &limits).map_err(IpcError::from)
}
