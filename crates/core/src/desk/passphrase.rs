//! A profile's optional passphrase, in solo mode (issue «Nothing lost,
//! nothing leaked», item 11).
//!
//! What it proves, and what it does not: on a shared computer it stops
//! someone from picking another person's profile in the window or naming it
//! with `--as`, so an approval or an acceptance is made by whoever knows that
//! profile's passphrase. It does not protect against someone who can read
//! the data folder (the hash can be attacked offline, the database edited):
//! that is what team mode's hub logins — checked by PostgreSQL on a server —
//! are for. Only an argon2id hash is stored (local to this workbench, never
//! replicated, never in the audit trail or the output).

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde_json::json;

use super::{active_person, audit, person, Desk};
use crate::domain::AuditAction;
use crate::domain::{Person, Role};
use crate::error::{Error, Result};
use crate::time::to_db;

/// Shortest passphrase, in characters.
pub const PASSPHRASE_MIN_CHARS: usize = 8;
/// Longest passphrase, in characters (argon2 hashes any length; this bounds
/// the work an input can ask for).
pub const PASSPHRASE_MAX_CHARS: usize = 256;

fn hash(passphrase: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(passphrase.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Storage(format!("không tạo được mã băm cụm mật khẩu: {e}")))
}

fn matches(passphrase: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| Argon2::default().verify_password(passphrase.as_bytes(), &h).is_ok())
}

fn check_new(passphrase: &str) -> Result<()> {
    let n = passphrase.chars().count();
    if n < PASSPHRASE_MIN_CHARS {
        return Err(Error::invalid(
            "passphrase",
            format!("cụm mật khẩu cần ít nhất {PASSPHRASE_MIN_CHARS} ký tự (đang có {n})"),
        ));
    }
    if n > PASSPHRASE_MAX_CHARS {
        return Err(Error::invalid("passphrase", format!("cụm mật khẩu dài tối đa {PASSPHRASE_MAX_CHARS} ký tự")));
    }
    Ok(())
}

fn wrong(login: &str) -> Error {
    Error::Forbidden {
        rule: "passphrase", detail: format!("cụm mật khẩu của hồ sơ «{login}» không đúng")
    }
}

impl Desk {
    /// Logins whose profiles ask for a passphrase.
    pub fn locked_profiles(&self) -> Result<Vec<String>> {
        self.store.read(|db| Ok(db.logins_with_passphrase()?))
    }

    /// The person with this login, once their passphrase (if their profile
    /// has one) is given right: the way to act as someone in solo mode.
    pub fn sign_in(&self, login: &str, passphrase: Option<&str>) -> Result<Person> {
        let (p, phc) = self.store.read(|db| {
            let p = active_person(db, login)?;
            let phc = db.passphrase_of(&p.id)?;
            Ok((p, phc))
        })?;
        match (phc, passphrase) {
            (None, _) => Ok(p),
            (Some(_), None) => Err(Error::Forbidden {
                rule: "passphrase",
                detail: format!("hồ sơ «{}» có cụm mật khẩu: hãy nhập cụm mật khẩu", p.login),
            }),
            (Some(phc), Some(given)) if given.chars().count() <= PASSPHRASE_MAX_CHARS && matches(given, &phc) => Ok(p),
            (Some(_), Some(_)) => Err(wrong(&p.login)),
        }
    }

    /// Sets, changes or (with `new` = `None`) removes a profile's
    /// passphrase. A person manages their own, giving the current one when
    /// there is one; a head may remove another person's (forgotten), never
    /// set it. Not in team mode, where the hub login is the proof.
    pub fn set_passphrase(&self, actor: &Person, login: &str, current: Option<&str>, new: Option<&str>) -> Result<()> {
        if self.team().link()?.is_some() {
            return Err(Error::Forbidden {
                rule: "passphrase-solo-only",
                detail: "máy này nối vào máy chủ chung: mật khẩu đăng nhập máy chủ chung là thứ chứng minh ai làm gì"
                    .into(),
            });
        }
        if let Some(n) = new {
            check_new(n)?;
        }
        let phc = new.map(hash).transpose()?;
        let now = to_db(self.now());
        self.store.write(|db| {
            let target = person(db, login)?;
            let own = target.id == actor.id;
            let head_clears = actor.role == Role::Head && new.is_none();
            if !(own || head_clears) {
                return Err(Error::Forbidden {
                    rule: "passphrase-own",
                    detail: "mỗi người tự đặt cụm mật khẩu cho hồ sơ của mình; lãnh đạo tòa soạn chỉ có thể xóa cụm mật khẩu người khác đã quên".into(),
                });
            }
            let existing = db.passphrase_of(&target.id)?;
            if own {
                if let Some(old) = &existing {
                    if !current.is_some_and(|c| c.chars().count() <= PASSPHRASE_MAX_CHARS && matches(c, old)) {
                        return Err(wrong(&target.login));
                    }
                }
            }
            let action = match &phc {
                Some(phc) => {
                    db.set_passphrase(&target.id, phc, &now)?;
                    AuditAction::PersonPassphraseSet
                }
                None => {
                    if !db.clear_passphrase(&target.id)? {
                        return Err(Error::invalid("passphrase", format!("hồ sơ «{}» chưa có cụm mật khẩu", target.login)));
                    }
                    AuditAction::PersonPassphraseClear
                }
            };
            audit(db, &actor.login, action, "person", &target.id, json!({ "login": target.login }), &now)
        })
    }
}
