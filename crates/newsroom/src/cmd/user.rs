//! `newsroom user add|list|passphrase`: the newsroom's people, and the
//! optional passphrase of a profile in solo mode.
use clap::Subcommand;
use serde_json::json;
use toasoan_core::desk::NewPerson;
use toasoan_core::domain::{Person, Role};
use toasoan_core::{Desk, Result};

use crate::cli::parse;
use crate::output::emit;

#[derive(Subcommand, Debug)]
pub enum UserCmd {
    /// Thêm người dùng.
    Add {
        login: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        pen_name: Option<String>,
    },
    /// Danh sách (theo thứ tự chữ cái tiếng Việt).
    List,
    /// Đặt, đổi hoặc xóa (--clear) cụm mật khẩu của hồ sơ (chế độ một máy). Cụm mới lấy từ
    /// biến NEWSROOM_NEW_PASSPHRASE hoặc gõ khi được hỏi; cụm hiện tại như khi đăng nhập (--as).
    Passphrase {
        login: String,
        /// Xóa cụm mật khẩu (người đó tự xóa, hoặc lãnh đạo xóa khi người đó quên).
        #[arg(long)]
        clear: bool,
    },
}

/// Runs a `user` command; `actor` is absent only when the first person (the
/// head) is added to an empty newsroom.
pub fn run(desk: &Desk, actor: Option<&Person>, c: UserCmd, json: bool) -> Result<()> {
    match c {
        UserCmd::Passphrase { login, clear } => {
            let me = actor.ok_or(toasoan_core::Error::Forbidden {
                rule: "actor-required",
                detail: "cần cho biết ai thực hiện: --as LOGIN".into(),
            })?;
            // The person's current passphrase was checked when they signed in
            // with --as; it is asked for again only to change their own.
            let current = if me.login == login.trim() && desk.locked_profiles()?.contains(&me.login) {
                crate::input::passphrase(&me.login, false)?
            } else {
                None
            };
            let new = if clear { None } else { Some(crate::input::new_passphrase()?) };
            desk.set_passphrase(me, &login, current.as_deref(), new.as_deref())?;
            let done = if clear { "đã xóa" } else { "đã đặt" };
            emit(json, &json!({ "login": login.trim(), "passphrase": !clear }), || {
                crate::out!("Hồ sơ «{}»: {done} cụm mật khẩu", login.trim())
            });
        }
        UserCmd::Add { login, name, role, pen_name } => {
            let p =
                desk.add_person(actor, NewPerson { login, real_name: name, pen_name, role: parse::<Role>(&role)? })?;
            emit(json, &p, || {
                crate::out!("Đã thêm {} «{}» ({}), id {}", p.login, p.real_name, p.role.label_vi(), p.id)
            });
        }
        UserCmd::List => {
            let people = desk.people()?;
            emit(json, &json!({ "people": people }), || {
                for p in &people {
                    let pen = p.pen_name.as_deref().map(|n| format!(" — bút danh {n}")).unwrap_or_default();
                    crate::out!("{:<10} {} ({}){pen}", p.login, p.real_name, p.role.label_vi());
                }
            });
        }
    }
    Ok(())
}
