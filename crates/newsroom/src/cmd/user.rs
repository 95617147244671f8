//! `newsroom user add|list`: the newsroom's people.
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
}

/// Runs a `user` command; `actor` is absent only when the first person (the
/// head) is added to an empty newsroom.
pub fn run(desk: &Desk, actor: Option<&Person>, c: UserCmd, json: bool) -> Result<()> {
    match c {
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
