//! Tòa Soạn's desktop shell: the only crate that knows Tauri and IPC.
//!
//! - [`commands`]: the IPC commands, thin wrappers over `toasoan-core`.
//! - `background`: the one skeleton of the background workers below.
//! - [`error`]: the `{code, message}` error object with its closed set of codes.
//! - [`state`]: the open desk and the signed-in person.
//! - [`settings`]: per-machine preferences (language, data folder).
//! - [`media_protocol`]: the `media://` scheme serving the library's derivatives.
//! - [`outbox`]: the background thread that sends queued publishing jobs.
//! - [`engagement`]: the background thread that collects audience figures.
//! - `team`: the background thread that keeps a joined workbench in step with its hub.
//! - `backup`: the background thread of the daily backup to a chosen folder.
//! - [`render`]: WebKitGTK's renderer chosen per machine (GPU or not).
//! - [`probe`]: the start-up stages timed for `scripts/bench-app.sh`.
//! - [`navigation`]: the window stays on the app's own pages (a click in a
//!   preview never navigates it away).
//!
//! Architecture invariant: no rule and no SQL here. The TypeScript bindings in
//! `ui/src/lib/bindings.ts` are generated from [`specta_builder`]; a test fails
//! when the committed file is stale (`cargo run -p toasoan-app -- --export-bindings`
//! rewrites it).

mod background;
mod backup;
pub mod commands;
mod engagement;
pub mod error;
pub mod media_protocol;
pub mod navigation;
mod outbox;
pub mod probe;
pub mod render;
pub mod settings;
pub mod state;
mod team;

use tauri_specta::{collect_commands, Builder};

/// Where the generated bindings live, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/lib/bindings.ts";

/// Every command and the types they carry.
pub fn specta_builder<R: tauri::Runtime>() -> Builder<R> {
    Builder::<R>::new()
        .commands(collect_commands![
            commands::app_info,
            commands::ui_ready,
            commands::set_language,
            commands::set_data_dir,
            commands::people,
            commands::sign_in,
            commands::locked_profiles,
            commands::set_passphrase,
            commands::backup_status,
            commands::set_backup,
            commands::backup_now,
            commands::sign_out,
            commands::load_demo,
            commands::assignments,
            commands::assignment,
            commands::piece_actions,
            commands::capabilities,
            commands::draft,
            commands::autosave,
            commands::save_draft,
            commands::preview,
            commands::history,
            commands::diff,
            commands::submit,
            commands::request_changes,
            commands::approve,
            commands::mark_published,
            commands::comments,
            commands::add_comment,
            commands::edit_comment,
            commands::delete_comment,
            commands::resolve_comment,
            commands::contracts,
            commands::contract_report,
            commands::search,
            commands::detect_legacy,
            commands::media_list,
            commands::edit_media,
            commands::edit_assignment,
            commands::attach_media,
            commands::portals,
            commands::add_portal,
            commands::set_portal_password,
            commands::queue_publish,
            commands::publish_jobs,
            commands::retry_job,
            commands::cancel_job,
            commands::resolve_conflict,
            commands::publications,
            commands::contract_publications,
            commands::agencies,
            commands::add_agency,
            commands::policies,
            commands::create_contract,
            commands::update_contract,
            commands::amend_contract,
            commands::preview_acceptance,
            commands::create_acceptance,
            commands::export_dossier,
            commands::engagement,
            commands::record_engagement,
            commands::poll_engagement_now,
            commands::contract_engagement,
            commands::preview_engagement_import,
            commands::import_engagement,
            commands::policy_engagement,
            commands::export_feedback,
            commands::desk::add_assignment,
            commands::desk::cancel_piece,
            commands::desk::planning,
            commands::desk::respond,
            commands::desk::add_person,
            commands::desk::edit_person,
            commands::desk::set_person_active,
            commands::desk::agency_page,
            commands::desk::add_contact,
            commands::desk::remove_contact,
            commands::desk::piece_contacts,
            commands::desk::add_policy,
            commands::desk::policy_page,
            commands::desk::record_policy_stage,
            commands::desk::feedback_list,
            commands::desk::add_feedback,
            commands::desk::forward_feedback,
            commands::desk::answer_feedback,
            commands::desk::override_counting,
            commands::desk::audit_trail,
            commands::desk::period_report,
            commands::desk::export_period,
            commands::team::team_watch,
            commands::team::hub_sync_now,
            commands::team::hub_probe,
            commands::team::hub_join,
            commands::team::hub_move,
            commands::team::notifications,
            commands::team::mark_notifications_read,
            commands::team::piece_seen,
            commands::team::hub_refusals,
            commands::team::dismiss_refusal,
            commands::team::conflicts,
            commands::team::conflict,
            commands::team::resolve_merge,
        ])
        .typ::<error::ErrorCode>()
        // What `import_media_bytes` (a raw-body command, outside this list) returns.
        .typ::<toasoan_core::desk::ImportOutcome>()
        // Every coded value with its labels: the UI lists and shows them from here.
        .constant("CODES", toasoan_core::domain::catalogue())
        // What the window checks before it reads or sends a file or text.
        .constant("LIMITS", toasoan_core::domain::limits::INPUT_LIMITS)
        // Money is integer đồng capped at 10^15 and counts are small: both are exact
        // in a JS number (2^53), so i64/usize are typed as `number`.
        .dangerously_cast_bigints_to_number()
        .disable_serde_phases()
}

/// Every command: the typed ones of `typed` (the [`specta_builder`]), and
/// those of [`commands::RAW`], which take the raw request body (bytes) and so
/// stay out of the generated bindings (the UI calls them in `ui/src/lib/media.ts`).
pub fn invoke_handler<R: tauri::Runtime>(
    typed: &Builder<R>,
) -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    // Boxed: the builder's handler type names the builder's borrow, which a
    // `dyn` erases (the handler itself is 'static).
    let typed: Box<dyn Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync> = Box::new(typed.invoke_handler());
    let raw = raw_handler::<R>();
    move |invoke| {
        if commands::RAW.contains(&invoke.message.command()) {
            raw(invoke)
        } else {
            typed(invoke)
        }
    }
}

fn raw_handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![commands::import_media_bytes]
}

/// The TypeScript bindings as text.
pub fn bindings_ts() -> String {
    let dir = std::env::temp_dir().join(format!("toasoan-bindings-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("bindings.ts");
    specta_builder::<tauri::Wry>()
        .export(
            specta_typescript::Typescript::default()
                .header("// Generated by `cargo run -p toasoan-app -- --export-bindings`. Do not edit.\n"),
            &path,
        )
        .expect("export TypeScript bindings");
    let text = std::fs::read_to_string(&path).expect("read exported bindings");
    let _ = std::fs::remove_dir_all(&dir);
    text
}

/// Runs the app.
pub fn run() {
    let builder = specta_builder::<tauri::Wry>();
    let state = state::AppState::load();
    probe::mark("store-open");
    tauri::Builder::default()
        .manage(state)
        .plugin(navigation::guard())
        .register_asynchronous_uri_scheme_protocol(media_protocol::SCHEME, media_protocol::handle)
        .invoke_handler(invoke_handler(&builder))
        .setup(move |app| {
            builder.mount_events(app);
            outbox::start(app.handle().clone());
            engagement::start(app.handle().clone());
            team::start(app.handle().clone());
            backup::start(app.handle().clone());
            probe::mark("setup");
            Ok(())
        })
        .on_page_load(|_, load| {
            probe::mark(match load.event() {
                tauri::webview::PageLoadEvent::Started => "page-start",
                tauri::webview::PageLoadEvent::Finished => "page-loaded",
            })
        })
        .run(tauri::generate_context!())
        .expect("Tòa Soạn could not start its window");
}
