//! `newsroom init|demo`: the store, and the demo newsroom.
use clap::Subcommand;
use serde_json::json;
use toasoan_core::demo::DemoSummary;
use toasoan_core::{demo, Result};

use crate::cli::Ctx;
use crate::output::emit;

/// Setting a data folder up.
#[derive(Subcommand, Debug)]
pub enum SetupCmd {
    /// Tạo (hoặc nâng cấp) kho dữ liệu.
    Init,
    /// Nạp tòa soạn mẫu (chạy lại không thay đổi gì).
    Demo,
}

impl SetupCmd {
    /// Runs `init` or `demo`.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, json) = (cx.desk, cx.json);
        let c = self;
        match c {
            SetupCmd::Init => {
                let v = desk.schema_version()?;
                let path = desk.database_path().display().to_string();
                emit(json, &json!({ "path": path, "schema_version": v }), || {
                    crate::out!("Kho dữ liệu sẵn sàng: {path} (lược đồ phiên bản {v})")
                });
            }
            SetupCmd::Demo => {
                let s = demo::load(desk)?;
                emit(json, &s, || demo_summary(&s));
            }
        }
        Ok(())
    }
}

// Text renderers: what a person reads without --json.

/// The demo newsroom loaded (or already there), and the logins to try it with.
fn demo_summary(s: &DemoSummary) {
    if s.created {
        crate::out!("Đã nạp tòa soạn mẫu Báo Bình Sơn: {} hợp đồng, {} việc được giao.", s.contracts, s.assignments);
    } else {
        crate::out!("Tòa soạn mẫu đã có sẵn; không thay đổi gì.");
    }
    crate::out!(
        "Thử với --as: {}",
        s.people.iter().map(|(l, r)| format!("{l} ({})", r.label_vi())).collect::<Vec<_>>().join(", ")
    );
}
