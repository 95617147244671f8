//! Portal accounts: a WordPress site or a publication-package folder; the
//! secret goes to the OS keyring or stays in a named environment variable.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::super::{audit, new_id, Desk};
use crate::domain::AuditAction;
use crate::domain::{Person, Portal, PortalKind};
use crate::error::{Error, Result};
use crate::publish::wordpress::{self};
use crate::secret;
use crate::store::{Db, NewPortalRow};
use crate::text;
use crate::time::to_db;
use crate::workflow::{authorize, Action};

/// A portal account to add.
#[derive(Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewPortal {
    /// Short unique name.
    pub name: String,
    /// `wordpress` or `package`.
    pub kind: String,
    /// Site address (WordPress) or output folder (package).
    pub base_url: String,
    /// Account name (WordPress).
    pub username: String,
    /// Environment variable holding the application password (headless machines).
    pub password_env: Option<String>,
    /// The application password, stored in the OS keyring (never in the database).
    pub password: Option<String>,
}

/// Never prints the password (issue «Nothing lost, nothing leaked», item 1).
impl std::fmt::Debug for NewPortal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewPortal")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("base_url", &self.base_url)
            .field("username", &self.username)
            .field("password_env", &self.password_env)
            .field("password", &self.password.as_ref().map(|_| "…"))
            .finish()
    }
}

pub(super) fn portal_of(db: &Db<'_>, name: &str) -> Result<Portal> {
    db.portal(name.trim())?.ok_or_else(|| Error::not_found("cổng đăng bài", name))
}

impl Desk {
    /// Adds a portal account (editors, heads). A password given here goes to
    /// the OS keyring; the database keeps only the environment variable's name
    /// when one is used instead.
    pub fn add_portal(&self, actor: &Person, n: NewPortal) -> Result<Portal> {
        authorize(actor, Action::ManagePortals, None)?;
        let name = text::required_line("name", &n.name)?;
        if name.chars().count() > 60 {
            return Err(Error::invalid("name", "tên cổng dài quá 60 ký tự"));
        }
        let kind: PortalKind = n.kind.parse()?;
        let base_url = n.base_url.trim().to_string();
        crate::domain::limits::check_url_len("url", &base_url)?;
        let username = text::nfc(n.username.trim());
        match kind {
            PortalKind::WordPress => {
                // No client is built here: this may run on an async runtime.
                wordpress::check_site_url(&base_url)?;
                if username.is_empty() {
                    return Err(Error::invalid(
                        "user",
                        "cần tên tài khoản WordPress (tài khoản có quyền Biên tập viên)",
                    ));
                }
                match (&n.password_env, &n.password) {
                    (None, None) => {
                        return Err(Error::invalid(
                            "password",
                            "cần mật khẩu ứng dụng (lưu vào kho khóa) hoặc tên biến môi trường chứa nó",
                        ))
                    }
                    (Some(_), Some(_)) => {
                        return Err(Error::invalid("password", "chọn một: mật khẩu ứng dụng hoặc biến môi trường"))
                    }
                    _ => {}
                }
            }
            PortalKind::Package => {
                if base_url.is_empty() || !Path::new(&base_url).is_absolute() {
                    return Err(Error::invalid("url", "cần đường dẫn tuyệt đối tới thư mục xuất gói"));
                }
            }
        }
        if let Some(var) = &n.password_env {
            secret::check_env_name(var)?;
        }
        let id = new_id();
        let now = to_db(self.now());
        self.store.write(|db| {
            if db.portal(&name)?.is_some() {
                return Err(Error::Conflict(format!("đã có cổng tên «{name}»")));
            }
            db.insert_portal(
                &NewPortalRow {
                    id: &id,
                    name: &name,
                    kind: kind.code(),
                    base_url: &base_url,
                    username: &username,
                    password_env: n.password_env.as_deref(),
                    created_by: &actor.id,
                },
                &now,
            )?;
            let detail = json!({ "name": name, "kind": kind, "url": base_url, "user": username,
                "secret": if n.password_env.is_some() { "env" } else if n.password.is_some() { "keyring" } else { "none" } });
            audit(db, &actor.login, AuditAction::PortalAdd, "portal", &id, detail, &now)?;
            let portal = portal_of(db, &id)?;
            // Last step inside the transaction: if the keyring refuses, nothing is recorded.
            if let Some(pw) = &n.password {
                secret::store(&portal, pw)?;
            }
            Ok(portal)
        })
    }

    /// Replaces a portal's application password in the OS keyring.
    pub fn set_portal_password(&self, actor: &Person, portal: &str, password: &str) -> Result<()> {
        authorize(actor, Action::ManagePortals, None)?;
        let now = to_db(self.now());
        self.store.write(|db| {
            let p = portal_of(db, portal)?;
            audit(db, &actor.login, AuditAction::PortalSecret, "portal", &p.id, json!({ "store": "keyring" }), &now)?;
            secret::store(&p, password)
        })
    }

    /// Portal accounts (everyone may see where pieces go; never a secret).
    pub fn portals(&self) -> Result<Vec<Portal>> {
        self.store.read(|db| Ok(db.portals()?))
    }
}

#[cfg(test)]
mod tests {
    use super::NewPortal;

    #[test]
    fn a_new_portal_never_prints_its_password() {
        let p = NewPortal { name: "cong".into(), password: Some("abcd efgh ijkl mnop".into()), ..Default::default() };
        let shown = format!("{p:?}");
        assert!(!shown.contains("abcd") && shown.contains("cong"), "{shown}");
    }
}
