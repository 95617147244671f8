//! The floor of the platform, for `scripts/bench-app.sh`: an empty Tauri v2
//! window (one line of text) built from the same lock file, profile and
//! configuration as the app, so start-up time and memory can be reported as
//! ratios to it in the same run. Not shipped (an example, not a binary of the
//! package: the bundler leaves it out).
//!
//! `cargo build --release -p toasoan-app --example empty-window`. With
//! `TOASOAN_STARTUP_PROBE` set it prints `toasoan-probe page-loaded MS` and
//! `toasoan-ready` once its page has loaded.

use std::time::Instant;

const PAGE: &str =
    "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Tòa Soạn</title><p>Cửa sổ trống</p></html>";

fn main() {
    let t0 = Instant::now();
    let probe = std::env::var_os("TOASOAN_STARTUP_PROBE").is_some();
    let mut context = tauri::generate_context!();
    // The app's own window is not opened: this one shows a single line instead.
    context.config_mut().app.windows.clear();
    tauri::Builder::default()
        .register_uri_scheme_protocol("empty", |_, _| {
            tauri::http::Response::builder()
                .header("Content-Type", "text/html; charset=utf-8")
                .body(PAGE.as_bytes().to_vec())
                .unwrap_or_default()
        })
        .on_page_load(move |_, load| {
            if probe && load.event() == tauri::webview::PageLoadEvent::Finished {
                println!("toasoan-probe page-loaded {:.1}", t0.elapsed().as_secs_f64() * 1000.0);
                println!("toasoan-ready");
            }
        })
        .setup(|app| {
            let url = tauri::WebviewUrl::CustomProtocol("empty://localhost/".parse()?);
            tauri::WebviewWindowBuilder::new(app, "main", url).title("Tòa Soạn").inner_size(1280.0, 800.0).build()?;
            Ok(())
        })
        .run(context)
        .expect("the empty window could not start");
}
