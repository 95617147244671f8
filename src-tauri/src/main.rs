//! `toasoan`: the desktop app. `--export-bindings` rewrites the UI's generated
//! TypeScript bindings instead of opening the window.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    toasoan_app::probe::begin();
    toasoan_app::render::choose();
    if std::env::args().any(|a| a == "--export-bindings") {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(toasoan_app::BINDINGS_PATH);
        std::fs::write(&path, toasoan_app::bindings_ts()).expect("write bindings");
        println!("{}", path.display());
        return;
    }
    toasoan_app::run();
}
