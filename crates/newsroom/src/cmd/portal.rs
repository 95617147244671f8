//! `newsroom portal add|list|password|pattern`: portal accounts (WordPress,
//! publication package); secrets go to the OS keyring or stay in a named
//! environment variable.

use clap::Subcommand;
use serde_json::json;
use toasoan_core::desk::NewPortal;
use toasoan_core::Result;
use toasoan_domain::Portal;

use crate::cli::Ctx;
use crate::input::read_stdin_secret;
use crate::output::emit;

#[derive(Subcommand, Debug)]
pub enum PortalCmd {
    /// Thêm tài khoản cổng. Mật khẩu ứng dụng: --password-env BIẾN (máy không có
    /// kho khóa, cron) hoặc --password-stdin (lưu vào kho khóa của hệ điều hành).
    Add {
        name: String,
        /// wordpress | package
        #[arg(long)]
        kind: String,
        /// Địa chỉ trang WordPress, hoặc thư mục xuất gói (package).
        #[arg(long)]
        url: String,
        #[arg(long, default_value = "")]
        user: String,
        #[arg(long)]
        password_env: Option<String>,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Danh sách cổng.
    List,
    /// Đổi mật khẩu ứng dụng trong kho khóa (đọc từ stdin).
    Password { name: String },
    /// Cách trang của cổng in bộ đếm lượt xem: mẫu có {n} ở chỗ con số
    /// ("Số lượt xem: {n}") hoặc biểu thức chính quy có một nhóm; "" = mặc định.
    Pattern { name: String, pattern: String },
}

impl PortalCmd {
    /// Runs a `portal` command.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, me, json) = (cx.desk, &cx.me()?, cx.json);
        let cmd = self;
        match cmd {
            PortalCmd::Add { name, kind, url, user, password_env, password_stdin } => {
                let password = if password_stdin { Some(read_stdin_secret()?) } else { None };
                let p = desk
                    .add_portal(me, NewPortal { name, kind, base_url: url, username: user, password_env, password })?;
                emit(json, &json!({ "portal": p }), || {
                    crate::out!("Đã thêm cổng «{}» ({}) {}", p.name, p.kind.label_vi(), p.base_url)
                });
            }
            PortalCmd::List => {
                let ps = desk.portals()?;
                emit(json, &json!({ "portals": ps }), || portal_table(&ps));
            }
            PortalCmd::Pattern { name, pattern } => {
                desk.set_view_pattern(me, &name, &pattern)?;
                emit(json, &json!({ "portal": name, "view_pattern": pattern }), || {
                    crate::out!("Đã đặt mẫu bộ đếm lượt xem của «{name}».")
                });
            }
            PortalCmd::Password { name } => {
                desk.set_portal_password(me, &name, &read_stdin_secret()?)?;
                emit(json, &json!({ "portal": name, "stored": "keyring" }), || {
                    crate::out!("Đã lưu mật khẩu ứng dụng của «{name}» vào kho khóa.")
                });
            }
        }
        Ok(())
    }
}

// Text renderers: what a person reads without --json.

/// The portals, one line each: name, kind, address, user, where the password is kept.
fn portal_table(ps: &[Portal]) {
    for p in ps {
        let secret = match &p.password_env {
            Some(v) => format!("mật khẩu: biến {v}"),
            None => "mật khẩu: kho khóa".to_string(),
        };
        crate::out!("{}  {}  {}  {}  ({secret})", p.name, p.kind.label_vi(), p.base_url, p.username);
    }
}
