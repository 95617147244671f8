//! The shell's tests, without a display: generated bindings are current, the
//! error codes are closed and translated, and commands called through Tauri's
//! IPC (mock runtime) reach the core and return `{code, message}` on failure.

use serde_json::{json, Value};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;
use toasoan_app::error::ErrorCode;
use toasoan_app::state::AppState;
use toasoan_core::Desk;

fn repo_file(rel: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn committed_bindings_are_current() {
    let fresh = toasoan_app::bindings_ts();
    let committed = repo_file(toasoan_app::BINDINGS_PATH);
    assert!(
        fresh == committed,
        "ui/src/lib/bindings.ts is stale: run `cargo run -p toasoan-app -- --export-bindings` and commit it"
    );
}

#[test]
fn every_core_error_code_crosses_ipc_and_every_code_is_translated() {
    let ipc: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    for code in toasoan_core::Error::CODES {
        assert!(ipc.contains(&code), "core code {code} has no IPC code");
    }
    for catalogue in ["../ui/src/lib/i18n/vi.ts", "../ui/src/lib/i18n/en.ts"] {
        let text = repo_file(catalogue);
        for code in &ipc {
            assert!(text.contains(&format!("'error.{code}'")), "{catalogue} lacks a message for error code {code}");
        }
    }
}

struct App {
    _dir: tempfile::TempDir,
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    toasoan_core::demo::load(&desk).unwrap();
    let app = mock_builder()
        .manage(AppState::with_desk_for_tests(desk, None))
        .invoke_handler(toasoan_app::invoke_handler(&toasoan_app::specta_builder::<MockRuntime>()))
        .build(mock_context(noop_assets()))
        .unwrap();
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    App { _dir: dir, _app: app, window }
}

impl App {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let req = InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: args.into(),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, req).map(|b| b.deserialize::<Value>().unwrap())
    }

    /// A raw-body command: `body` as the request's bytes, `headers` as given.
    fn call_raw(
        &self,
        cmd: &str,
        body: tauri::ipc::InvokeBody,
        headers: &[(&'static str, &str)],
    ) -> Result<Value, Value> {
        let mut map = tauri::http::HeaderMap::new();
        for (k, v) in headers {
            map.insert(*k, v.parse().unwrap());
        }
        let req = InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body,
            headers: map,
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, req).map(|b| b.deserialize::<Value>().unwrap())
    }
}

#[test]
fn commands_need_a_signed_in_person_and_role_rules_come_back_as_codes() {
    let app = app();
    let e = app.call("assignments", json!({"mine": true, "states": []})).unwrap_err();
    assert_eq!(e["code"], "not_signed_in", "{e}");

    let e = app.call("sign_in", json!({"login": "nobody"})).unwrap_err();
    assert_eq!(e["code"], "not_found", "{e}");
    assert!(e["message"].as_str().unwrap().contains("nobody"), "{e}");

    let me = app.call("sign_in", json!({"login": "an"})).unwrap();
    assert_eq!(me["role"], "reporter");
    let mine = app.call("assignments", json!({"mine": true, "states": []})).unwrap();
    let mine = mine.as_array().unwrap();
    assert!(!mine.is_empty());
    assert!(mine.iter().all(|a| a["reporter"] == "an"), "only An's pieces");

    // A reporter may not see contracts: the core's rule, reported as `forbidden`.
    let e = app.call("contracts", json!({})).unwrap_err();
    assert_eq!(e["code"], "forbidden", "{e}");
}

#[test]
fn autosave_through_ipc_is_durable_and_bad_input_changes_nothing() {
    let app = app();
    app.call("sign_in", json!({"login": "an"})).unwrap();
    let drafting = app.call("assignments", json!({"mine": true, "states": ["drafting"]})).unwrap();
    let id = drafting[0]["id"].as_str().unwrap().to_string();
    let before = app.call("draft", json!({"id": id})).unwrap();

    let text = json!({"headline": "Nghị định 123", "sapo": "Sa pô", "body": "Thân bài **đậm**.", "byline": "An"});
    app.call("autosave", json!({"id": id, "draft": text})).unwrap();
    assert_eq!(app.call("draft", json!({"id": id})).unwrap()["body"], "Thân bài **đậm**.");

    let preview = app.call("preview", json!({"id": id, "draft": text})).unwrap();
    assert!(preview["rendered"]["html"].as_str().unwrap().contains("<strong>đậm</strong>"));
    assert!(preview["checklist"]["items"].as_array().unwrap().len() > 3);

    // A malformed draft (missing fields) is refused by IPC before the core runs.
    assert!(app.call("autosave", json!({"id": id, "draft": {"body": 5}})).is_err());
    // An unknown piece is `not_found`, and the real piece is untouched.
    let e = app.call("autosave", json!({"id": "khong-co", "draft": text})).unwrap_err();
    assert_eq!(e["code"], "not_found", "{e}");
    assert_eq!(app.call("draft", json!({"id": id})).unwrap()["body"], "Thân bài **đậm**.");
    assert_ne!(before["body"], "Thân bài **đậm**.");
}

#[test]
fn legacy_paste_is_detected_and_converted_not_applied() {
    let app = app();
    // "Nghị định" typed with a TCVN3 font.
    let hit = app.call("detect_legacy", json!({"text": "NghÞ ®Þnh sè 12 vÒ ®Êt ®ai"})).unwrap();
    assert_eq!(hit["converted"], "Nghị định số 12 về đất đai", "{hit}");
    assert_eq!(app.call("detect_legacy", json!({"text": "Nghị định số 12"})).unwrap(), Value::Null);
}

/// Files cross as raw bytes (issue «Installable…»: no base64 in JSON).
/// Tried: a JSON body instead of bytes, no name, a name that is not
/// percent-encoded UTF-8, a name past 4 KiB, bytes that are not an image (each refused, nothing
/// recorded), then a real JPEG with a Vietnamese name and its piece.
#[test]
fn media_import_through_ipc_takes_raw_bytes_refuses_bad_ones_and_serves_only_derivatives() {
    use tauri::ipc::InvokeBody;
    let app = app();
    app.call("sign_in", json!({"login": "an"})).unwrap();
    let cmd = "import_media_bytes";
    let e = app.call_raw(cmd, InvokeBody::Json(json!({"name": "a.jpg"})), &[("x-name", "a.jpg")]).unwrap_err();
    assert_eq!(e["code"], "invalid_input", "{e}");
    assert!(e["message"].as_str().unwrap().contains("dạng byte"), "{e}");
    let e = app.call_raw(cmd, InvokeBody::Raw(vec![0xff, 0xd8]), &[]).unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("không có tên"), "{e}");
    let e = app.call_raw(cmd, InvokeBody::Raw(vec![0xff, 0xd8]), &[("x-name", "%FF%FE.jpg")]).unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("x-name"), "{e}");
    let long = "a".repeat(toasoan_app::media_protocol::MAX_HEADER_BYTES + 1);
    let e = app.call_raw(cmd, InvokeBody::Raw(vec![0xff, 0xd8]), &[("x-name", &long)]).unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("quá dài"), "a name past the bound: {e}");
    let e =
        app.call_raw(cmd, InvokeBody::Raw("Kính mời".as_bytes().to_vec()), &[("x-name", "th%C6%B0.jpg")]).unwrap_err();
    assert_eq!(e["code"], "invalid_input", "{e}");
    assert!(e["message"].as_str().unwrap().contains("không phải ảnh"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("thư.jpg"), "the name decoded: {e}");
    let list = app.call("media_list", json!({"query": {}})).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 0, "nothing recorded");

    let px: Vec<u8> = (0..200 * 100).flat_map(|i| [(i % 256) as u8, 80, 160]).collect();
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 85).encode(&px, 200, 100, jpeg_encoder::ColorType::Rgb).unwrap();
    let mine = app.call("assignments", json!({"mine": true, "states": []})).unwrap();
    let open = mine.as_array().unwrap().iter().find(|a| a["state"] == "assigned" || a["state"] == "drafting");
    let piece = open.expect("an piece an can still write")["id"].as_str().unwrap().to_string();
    let out = app
        .call_raw(cmd, InvokeBody::Raw(jpeg), &[("x-name", "H%E1%BB%99i%20ngh%E1%BB%8B.jpg"), ("x-assignment", &piece)])
        .unwrap();
    assert_eq!(out["created"], true, "{out}");
    assert_eq!(out["item"]["original_name"], "Hội nghị.jpg", "{out}");
    let web = out["item"]["web_path"].as_str().unwrap();
    assert!(toasoan_media::files::is_derivative_path(web));
    assert!(!toasoan_media::files::is_derivative_path(out["item"]["original_path"].as_str().unwrap()));
    let list = app.call("media_list", json!({"query": {"assignment_id": piece}})).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "attached to its piece: {list}");
}

/// Issue «Nothing lost, nothing leaked», item 4: every command held one
/// mutex while the core ran, so one slow call stalled every screen, and a
/// panic under it broke every later command. Tried: a command that waits
/// for a second one to finish first (it would wait in vain behind one
/// lock), and a command that panics (the next ones still work).
#[test]
fn one_slow_or_failing_command_never_stops_the_others() {
    use std::sync::mpsc;
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    toasoan_core::demo::load(&desk).unwrap();
    let state = std::sync::Arc::new(AppState::with_desk_for_tests(desk, None));
    tauri::async_runtime::block_on(async {
        let (done, wait) = mpsc::channel::<()>();
        let slow_state = state.clone();
        let slow = tauri::async_runtime::spawn(async move {
            slow_state
                .with_desk(move |d| {
                    let people = d.people()?;
                    // Released only once another command has run meanwhile.
                    let other_ran = wait.recv_timeout(Duration::from_secs(30)).is_ok();
                    Ok((people.len(), other_ran))
                })
                .await
        });
        std::thread::sleep(Duration::from_millis(100));
        let people = state.with_desk(|d| d.people()).await.unwrap();
        done.send(()).unwrap();
        let (n, other_ran) = slow.await.unwrap().unwrap();
        assert!(other_ran, "the second command waited for the first");
        assert_eq!(n, people.len());

        let e = state.with_desk(|_| -> toasoan_core::Result<()> { panic!("hỏng giữa chừng") }).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::Internal);
        assert!(e.message.contains("hỏng giữa chừng"), "{}", e.message);
        assert_eq!(state.with_desk(|d| d.people()).await.unwrap().len(), people.len(), "later commands work");
    });
}
