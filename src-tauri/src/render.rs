//! WebKitGTK's renderer, chosen per machine before the window exists.
//!
//! WebKitGTK 2.42+ composites through DMA-BUF buffers shared with a GPU. On a
//! machine without a usable GPU render node (a VM, a remote X session, Xvfb,
//! an old office PC whose driver gives no render node to this user) it still
//! brings up that path over a software GL, which `scripts/bench-app.sh`
//! measured at ~80 MB more memory and ~100 ms slower to first paint than
//! `WEBKIT_DISABLE_DMABUF_RENDERER=1`, for the app and an empty Tauri window
//! alike (BENCHMARKS.md). Where a render node can be opened, the GPU path is
//! the fast one (scrolling and CSS animation are composited by the GPU), so
//! it is left on. A value the user set themselves always wins.
//!
//! Known cost: with the renderer off, WebKitWebDriver's screenshots never
//! return under Xvfb (WebKitGTK 2.4x); the end-to-end suites, which take
//! screenshots, set the variable to `0` themselves (scripts/test.sh).

/// The variable WebKitGTK reads.
pub const VAR: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// Sets [`VAR`] where no GPU render node can be opened and the user set
/// nothing. Call first thing in `main`, before any thread starts.
pub fn choose() {
    #[cfg(target_os = "linux")]
    if std::env::var_os(VAR).is_none() && !gpu_render_node() {
        std::env::set_var(VAR, "1");
    }
}

/// Whether this user can open a GPU render node (`/dev/dri/renderD*`).
#[cfg(target_os = "linux")]
fn gpu_render_node() -> bool {
    let Ok(dir) = std::fs::read_dir("/dev/dri") else { return false };
    dir.flatten().any(|e| {
        e.file_name().to_string_lossy().starts_with("renderD")
            && std::fs::OpenOptions::new().read(true).write(true).open(e.path()).is_ok()
    })
}
