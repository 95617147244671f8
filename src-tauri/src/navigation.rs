//! The window shows the app's own pages and nothing else (issue «Nothing
//! lost, nothing leaked», item 8): a link clicked in a preview, a script
//! setting `location`, a form — every navigation away from the app is
//! refused, so the main window (and its IPC) never ends up on a page from
//! elsewhere. Links in a piece are for its readers, on the portal.

use tauri::plugin::TauriPlugin;
use tauri::{Runtime, Url};

/// Whether `url` is one of the app's own pages: the bundled assets
/// (`tauri://localhost`, or `http(s)://tauri.localhost` on Windows), and in a
/// debug build the Vite dev server.
pub fn own_page(url: &Url) -> bool {
    match (url.scheme(), url.host_str()) {
        ("tauri", Some("localhost")) => true,
        ("http" | "https", Some("tauri.localhost")) => true,
        ("http", Some("localhost")) => cfg!(debug_assertions) && url.port() == Some(5173),
        _ => false,
    }
}

/// The plugin that refuses every other navigation.
pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|_, url| {
            let ok = own_page(url);
            if !ok {
                eprintln!("toasoan: navigation to {url} refused (the window shows only the app)");
            }
            ok
        })
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_pages_are_shown() {
        for ok in ["tauri://localhost/", "tauri://localhost/index.html#x", "http://tauri.localhost/"] {
            assert!(own_page(&Url::parse(ok).unwrap()), "{ok}");
        }
        for away in [
            "https://example.com/",
            "http://127.0.0.1:8089/?p=1",
            "https://tauri.localhost.evil.vn/",
            "file:///etc/passwd",
            "tauri://evil/",
            "javascript:alert(1)",
            "http://localhost:8080/",
        ] {
            assert!(!own_page(&Url::parse(away).unwrap()), "{away}");
        }
    }
}
