//! `newsroom user add|list|edit|deactivate|reactivate|passphrase`: the newsroom's people, and the
//! optional passphrase of a profile in solo mode.
use clap::Subcommand;
use serde_json::json;
use toasoan_core::desk::{NewPerson, PersonEdit, PersonUpdate};
use toasoan_core::Result;
use toasoan_domain::{Person, Role};

use crate::cli::Ctx;
use crate::input::parse;
use crate::output::{emit, field_changes, notes};

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
    /// Sửa họ tên, bút danh (--pen-name "" để bỏ), vai trò (lãnh đạo tòa soạn).
    Edit {
        login: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        pen_name: Option<String>,
        #[arg(long)]
        role: Option<String>,
    },
    /// Cho ngừng hoạt động (không bao giờ xóa: lịch sử còn ghi tên); không đăng nhập, không
    /// nhận việc mới được nữa (lãnh đạo tòa soạn).
    Deactivate { login: String },
    /// Cho hoạt động trở lại.
    Reactivate { login: String },
    /// Đặt, đổi hoặc xóa (--clear) cụm mật khẩu của hồ sơ (chế độ một máy). Cụm mới lấy từ
    /// biến NEWSROOM_NEW_PASSPHRASE hoặc gõ khi được hỏi; cụm hiện tại như khi đăng nhập (--as).
    Passphrase {
        login: String,
        /// Xóa cụm mật khẩu (người đó tự xóa, hoặc lãnh đạo xóa khi người đó quên).
        #[arg(long)]
        clear: bool,
    },
}

impl UserCmd {
    /// Runs a `user` command; `actor` is absent only when the first person (the
    /// head) is added to an empty newsroom.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, json) = (cx.desk, cx.json);
        let actor = cx.named_actor()?;
        let actor = actor.as_ref();
        let c = self;
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
                let p = desk
                    .add_person(actor, NewPerson { login, real_name: name, pen_name, role: parse::<Role>(&role)? })?;
                emit(json, &p, || {
                    crate::out!("Đã thêm {} «{}» ({}), id {}", p.login, p.real_name, p.role.label_vi(), p.id)
                });
            }
            UserCmd::Edit { login, name, pen_name, role } => {
                let me = need_actor(actor)?;
                let edit =
                    PersonEdit { real_name: name, pen_name, role: role.as_deref().map(parse::<Role>).transpose()? };
                let out = desk.edit_person(me, &login, edit)?;
                emit(json, &out, || person_edited(&out));
            }
            UserCmd::Deactivate { login } => {
                let out = desk.deactivate_person(need_actor(actor)?, &login)?;
                emit(json, &out, || person_deactivated(&out));
            }
            UserCmd::Reactivate { login } => {
                let out = desk.reactivate_person(need_actor(actor)?, &login)?;
                emit(json, &out, || crate::out!("{} «{}» hoạt động trở lại", out.person.login, out.person.real_name));
            }
            UserCmd::List => {
                let people = desk.people()?;
                emit(json, &json!({ "people": people }), || people_table(&people));
            }
        }
        Ok(())
    }
}

fn need_actor(actor: Option<&Person>) -> Result<&Person> {
    actor.ok_or(toasoan_core::Error::Forbidden {
        rule: "actor-required",
        detail: "cần cho biết ai thực hiện: --as LOGIN".into(),
    })
}

// Text renderers: what a person reads without --json.

/// An edited person: login and name, then each field changed.
fn person_edited(out: &PersonUpdate) {
    crate::out!("Đã sửa {} «{}»:", out.person.login, out.person.real_name);
    field_changes(&out.changed);
}

/// A person deactivated, then what the head should know (pieces still to reassign).
fn person_deactivated(out: &PersonUpdate) {
    crate::out!("{} «{}» đã ngừng hoạt động", out.person.login, out.person.real_name);
    notes(&out.warnings);
}

/// The newsroom's people, one line each: login, name, role, pen name, whether deactivated.
fn people_table(people: &[Person]) {
    for p in people {
        let pen = p.pen_name.as_deref().map(|n| format!(" — bút danh {n}")).unwrap_or_default();
        let off = if p.active { "" } else { " — đã ngừng hoạt động" };
        crate::out!("{:<10} {} ({}){pen}{off}", p.login, p.real_name, p.role.label_vi());
    }
}
