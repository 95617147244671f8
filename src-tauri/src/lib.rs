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
mod exports;
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
            commands::session::app_info,
            commands::session::ui_ready,
            commands::session::set_language,
            commands::session::set_data_dir,
            commands::session::people,
            commands::session::create_newsroom,
            commands::exports::save_export,
            commands::exports::open_export,
            commands::team::read_invitation,
            commands::team::hub_join_invitation,
            commands::session::newsroom_name,
            commands::session::sign_in,
            commands::session::locked_profiles,
            commands::session::set_passphrase,
            commands::backup::backup_status,
            commands::backup::set_backup,
            commands::backup::backup_now,
            commands::session::sign_out,
            commands::session::load_demo,
            commands::pieces::assignments,
            commands::pieces::assignment,
            commands::pieces::piece_actions,
            commands::session::capabilities,
            commands::pieces::draft,
            commands::pieces::autosave,
            commands::pieces::save_draft,
            commands::pieces::preview,
            commands::pieces::history,
            commands::pieces::diff,
            commands::review::submit,
            commands::review::request_changes,
            commands::review::approve,
            commands::review::mark_published,
            commands::review::comments,
            commands::review::add_comment,
            commands::review::edit_comment,
            commands::review::delete_comment,
            commands::review::resolve_comment,
            commands::contracts::contracts,
            commands::contracts::contract_report,
            commands::pieces::search,
            commands::pieces::detect_legacy,
            commands::media::media_list,
            commands::media::edit_media,
            commands::pieces::edit_assignment,
            commands::media::attach_media,
            commands::publishing::portals,
            commands::publishing::add_portal,
            commands::publishing::set_portal_password,
            commands::publishing::queue_publish,
            commands::publishing::publish_jobs,
            commands::publishing::retry_job,
            commands::publishing::cancel_job,
            commands::publishing::resolve_conflict,
            commands::publishing::publications,
            commands::publishing::contract_publications,
            commands::agencies::agencies,
            commands::agencies::add_agency,
            commands::agencies::policies,
            commands::contracts::create_contract,
            commands::contracts::update_contract,
            commands::contracts::amend_contract,
            commands::acceptance::preview_acceptance,
            commands::acceptance::create_acceptance,
            commands::acceptance::export_dossier,
            commands::engagement::engagement,
            commands::engagement::record_engagement,
            commands::engagement::poll_engagement_now,
            commands::engagement::contract_engagement,
            commands::engagement::preview_engagement_import,
            commands::engagement::import_engagement,
            commands::engagement::policy_engagement,
            commands::feedback::export_feedback,
            commands::pieces::add_assignment,
            commands::pieces::cancel_piece,
            commands::planning::planning,
            commands::pieces::respond,
            commands::people::add_person,
            commands::people::edit_person,
            commands::people::set_person_active,
            commands::agencies::agency_page,
            commands::agencies::add_contact,
            commands::agencies::remove_contact,
            commands::agencies::piece_contacts,
            commands::agencies::add_policy,
            commands::agencies::policy_page,
            commands::agencies::record_policy_stage,
            commands::feedback::feedback_list,
            commands::feedback::add_feedback,
            commands::feedback::forward_feedback,
            commands::feedback::answer_feedback,
            commands::pieces::override_counting,
            commands::reports::audit_trail,
            commands::reports::period_report,
            commands::reports::export_period,
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
        .constant("CODES", toasoan_domain::catalogue())
        // What the window checks before it reads or sends a file or text.
        .constant("LIMITS", toasoan_domain::limits::INPUT_LIMITS)
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
    tauri::generate_handler![commands::media::import_media_bytes]
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
        // Used from the shell's own commands only (exports.rs): the window is
        // granted none of their permissions (capabilities/default.json).
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .register_asynchronous_uri_scheme_protocol(media_protocol::SCHEME, media_protocol::handle)
        .invoke_handler(invoke_handler(&builder))
        .setup(move |app| {
            builder.mount_events(app);
            outbox::start(app.handle().clone());
            engagement::start(app.handle().clone());
            team::start(app.handle().clone());
            backup::start(app.handle().clone());
            exports::start(app.handle().clone());
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
