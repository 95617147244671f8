//! Team mode: this workbench joined to the newsroom's hub (an ordinary
//! PostgreSQL database, `toasoan-hub`). Every change to shared data is
//! captured in the transaction that makes it; a sync pushes those changes
//! (the hub checks each against its own state and the login's role) and
//! pulls what others changed, then the local store is what the hub says.
//!
//! - Nothing is lost when either side dies mid-sync: a push is one hub
//!   transaction and its commit the acknowledgement (a re-sent push is
//!   skipped by the hub's cursor); a pull applies pages idempotently and
//!   stores its snapshot with the last page.
//! - A refused change is kept where its author sees it (`sync_refusals`,
//!   with the row's data: no text is lost) and the row returns to the hub's
//!   version.
//! - A row with a change still waiting here is not overwritten by a pull:
//!   the waiting change goes first, and the hub decides.
//! - The hub login's password is in the OS keyring or a named environment
//!   variable, never in the store.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use toasoan_hub::{Endpoint, Hub, Op, Page, ProbeStep, Refused, Row};

use super::{new_id, Desk};
use crate::domain::team::Invitation;
use crate::domain::{Person, Role};
use crate::error::{Error, Result};
use crate::secret;
use crate::store::{Db, RowIn};
use crate::time::to_db;

const URL: &str = "hub.url";
const LOGIN: &str = "hub.login";
const CA: &str = "hub.ca_cert";
/// Where a workbench joined by invitation keeps the newsroom's certificate.
pub const INVITATION_CA_FILE: &str = "hub-ca.pem";
const PASSWORD_ENV: &str = "hub.password_env";
const WORKBENCH: &str = "hub.workbench";
const SNAPSHOT: &str = "hub.snapshot";
const LAST_SYNC: &str = "hub.last_sync";

/// Rows per pushed batch and per pulled page (`TOASOAN_SYNC_PAGE` sets
/// another, from 1 to 10,000: small pages for the kill tests).
const BATCH: usize = 2_000;

fn page_size() -> usize {
    std::env::var("TOASOAN_SYNC_PAGE").ok().and_then(|v| v.parse().ok()).map_or(BATCH, |n: usize| n.clamp(1, 10_000))
}

/// How this workbench reaches its hub (the password is not here: it is in
/// the OS keyring, or in the environment variable named).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HubLink {
    /// `postgres://HOST:PORT/DATABASE?sslmode=…`.
    pub url: String,
    /// The PostgreSQL login (this workbench's person).
    pub login: String,
    /// The newsroom's certificate authority, for `verify-full`.
    pub ca_cert: Option<String>,
    /// The environment variable holding the password, when not in the keyring.
    pub password_env: Option<String>,
}

/// What a sync did: the `hub sync --json` object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncReport {
    /// Changes of this workbench the hub applied.
    pub pushed: u32,
    /// Rows received from the hub.
    pub pulled: u32,
    /// Changes the hub refused, with its reasons.
    pub refused: Vec<RefusedChange>,
    /// Pieces with two branches of revisions to merge.
    pub conflicts: u32,
    /// Changes still waiting to be sent.
    pub pending: u32,
}

/// Rows set aside at most (each sync tries them again): past this, the
/// oldest are dropped from the list, never the pull stopped.
const MAX_SET_ASIDE_RETRIED: usize = 10_000;

/// A change the hub refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RefusedChange {
    /// Table.
    pub table: String,
    /// Row id.
    pub id: String,
    /// The hub's reason.
    pub reason: String,
}

/// What `newsroom hub upgrade` did: the hub's schema version before and
/// after (equal when there was nothing to do).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct HubUpgrade {
    pub from: i64,
    pub to: i64,
    pub upgraded: bool,
}

/// Brings a hub's schema to this Tòa Soạn's version, as the PostgreSQL
/// admin who created it (`newsroom hub upgrade`): every missing step in one
/// transaction; a newer hub is refused untouched.
pub fn hub_upgrade(admin: &Endpoint) -> Result<HubUpgrade> {
    let mut hub = Hub::connect(admin, Duration::from_secs(10))?;
    let from = hub.upgrade()?;
    Ok(HubUpgrade { from, to: toasoan_hub::SCHEMA_VERSION, upgraded: from < toasoan_hub::SCHEMA_VERSION })
}

/// Where team mode stands: the `hub status --json` object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HubStatus {
    /// The hub answered just now.
    pub online: bool,
    /// Changes waiting to be sent.
    pub pending: u32,
    /// The last complete sync (UTC), if any.
    pub last_sync: Option<String>,
    /// Pieces with two branches of revisions to merge.
    pub conflicts: u32,
    /// The login of this workbench.
    pub login: String,
    /// Why the hub could not be reached, when it could not.
    pub problem: Option<String>,
    /// Rows received from the hub that could not be applied here, set
    /// aside (kept, tried again on each sync) instead of stopping the pull.
    pub set_aside: u32,
}

/// Joining by an invitation file: the invitation, and the password typed or
/// the environment variable that holds it.
#[derive(Clone, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InvitationJoin {
    /// What the head's file says.
    pub invitation: Invitation,
    /// The password the head gave apart (kept in the OS keyring).
    pub password: Option<String>,
    /// Or the environment variable holding it (machines without a keyring).
    pub password_env: Option<String>,
}

impl std::fmt::Debug for InvitationJoin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password.
        f.debug_struct("InvitationJoin").field("login", &self.invitation.login).finish()
    }
}

/// What a person types to join a hub (the window's form): the password
/// itself, or the name of the environment variable holding it.
#[derive(Clone, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HubForm {
    /// `postgres://HOST:PORT/DATABASE?sslmode=verify-full`.
    pub url: String,
    /// The hub login.
    pub login: String,
    /// The password, kept in the OS keyring when joining.
    pub password: Option<String>,
    /// Or the environment variable that holds it (machines without a keyring).
    pub password_env: Option<String>,
    /// The newsroom's certificate authority (a PEM file's path), for `verify-full`.
    pub ca_cert: Option<String>,
}

impl std::fmt::Debug for HubForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HubForm")
            .field("url", &self.url)
            .field("login", &self.login)
            .field("password", &self.password.as_ref().map(|_| "…"))
            .field("password_env", &self.password_env)
            .field("ca_cert", &self.ca_cert)
            .finish()
    }
}

impl HubForm {
    /// The link to record and the password to use, checked.
    pub fn resolve(&self) -> Result<(HubLink, String)> {
        let url = self.url.trim().to_string();
        let login = self.login.trim().to_string();
        toasoan_hub::parse_url(&url)?;
        if login.is_empty() || login.len() > 63 {
            return Err(Error::invalid("login", "tên đăng nhập cần từ 1 đến 63 ký tự"));
        }
        let (password, env) = hub_password(&login, self.password.as_deref(), self.password_env.as_deref())?;
        let ca_cert = self.ca_cert.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_string);
        Ok((HubLink { url, login, ca_cert, password_env: env }, password))
    }
}

/// A hub password as a form gives it: from the named environment variable
/// when one is named (machines without a keyring), else as typed; and the
/// variable's name to remember.
pub fn hub_password(login: &str, typed: Option<&str>, env: Option<&str>) -> Result<(String, Option<String>)> {
    let env = env.map(str::trim).filter(|v| !v.is_empty());
    let password = match (env, typed.filter(|p| !p.is_empty())) {
        (Some(var), _) => {
            secret::check_env_name(var)?;
            secret::named(var, &format!("mật khẩu của {login}"))?
        }
        (None, Some(p)) if p.len() <= 1024 => p.to_string(),
        (None, Some(_)) => return Err(Error::invalid("password", "mật khẩu dài quá 1024 ký tự")),
        (None, None) => return Err(Error::invalid("password", "hãy nhập mật khẩu")),
    };
    Ok((password, env.map(str::to_string)))
}

/// What a head types to move a solo newsroom onto a new hub: the head's own
/// side ([`HubForm`], its login being the head's) and the database's
/// administrator, used once and never kept.
#[derive(Clone, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HubMove {
    /// Address, certificate and the head's own hub password.
    pub hub: HubForm,
    /// The database's administrator login.
    pub admin_login: String,
    /// Its password, or…
    pub admin_password: Option<String>,
    /// …the variable holding it.
    pub admin_password_env: Option<String>,
}

impl std::fmt::Debug for HubMove {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HubMove").field("hub", &self.hub).field("admin_login", &self.admin_login).finish()
    }
}

/// The step of a connection test that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum HubStep {
    /// Address unreachable or malformed.
    Address,
    /// TLS certificate not the newsroom's (or the CA file unreadable).
    Certificate,
    /// Wrong login or password.
    Login,
    /// Not a hub, or a hub of another schema version.
    Schema,
    /// The login is not a person of this newsroom.
    Member,
}

/// What "test the connection" found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HubProbe {
    /// Every step passed.
    pub ok: bool,
    /// The first step that failed.
    pub failed_step: Option<HubStep>,
    /// Why, in Vietnamese.
    pub message: Option<String>,
    /// The login's role in the newsroom, when every step passed.
    pub role: Option<Role>,
}

impl From<Refused> for RefusedChange {
    fn from(r: Refused) -> Self {
        RefusedChange { table: r.tbl, id: r.id, reason: r.reason }
    }
}

fn ca_pem(path: Option<&str>) -> Result<Option<Vec<u8>>> {
    path.map(|p| {
        std::fs::read(p).map_err(|e| Error::invalid("ca-cert", format!("không đọc được tệp chứng chỉ {p}: {e}")))
    })
    .transpose()
}

/// Team mode, reached from the desk: `desk.team()`. Joining a hub (as its
/// head or a member), syncing with it, who this workbench belongs to, its
/// connections and counts — every use case of a workbench with a hub.
#[derive(Debug, Clone, Copy)]
pub struct Team<'d> {
    pub(in crate::desk) desk: &'d Desk,
}

impl Desk {
    /// Team mode's use cases ([`Team`]).
    pub fn team(&self) -> Team<'_> {
        Team { desk: self }
    }

    /// Who works on this workbench. A workbench joined to a hub belongs to
    /// one person, its hub login: that person, whoever else is `asked` for
    /// (refused, rule `workbench-login`: another person works in a data
    /// folder of their own, joined with their own login). `None` in solo
    /// mode, where the front end signs `asked` in with [`Desk::sign_in`].
    pub fn workbench_person(&self, asked: Option<&str>) -> Result<Option<Person>> {
        let Some(me) = self.team().member()? else { return Ok(None) };
        match asked.map(str::trim) {
            Some(l) if l != me.login => Err(Error::Forbidden {
                rule: "workbench-login",
                detail: format!(
                    "máy này đã nối vào máy chủ chung với tài khoản «{}»; không thể làm việc với tư cách «{l}» ở đây — người khác làm việc trong thư mục dữ liệu riêng của mình, nối bằng tài khoản của họ",
                    me.login
                ),
            }),
            _ => Ok(Some(me)),
        }
    }
}

impl Team<'_> {
    /// How this workbench reaches its hub, when it is joined to one.
    pub fn link(&self) -> Result<Option<HubLink>> {
        self.desk.store.read(|db| {
            let Some(url) = db.sync_value(URL)? else { return Ok(None) };
            Ok(Some(HubLink {
                url,
                login: db.sync_value(LOGIN)?.unwrap_or_default(),
                ca_cert: db.sync_value(CA)?,
                password_env: db.sync_value(PASSWORD_ENV)?,
            }))
        })
    }

    /// The person a joined workbench belongs to (its hub login), if joined.
    pub fn member(&self) -> Result<Option<Person>> {
        match self.link()? {
            // The workbench's own person even once deactivated: the window
            // still opens on their copy; the hub refuses their login.
            Some(l) => Ok(Some(self.desk.store.read(|db| super::person(db, &l.login))?)),
            None => Ok(None),
        }
    }

    fn endpoint(&self, link: &HubLink, password: String) -> Result<Endpoint> {
        Ok(Endpoint {
            url: link.url.clone(),
            user: link.login.clone(),
            password,
            ca_pem: ca_pem(link.ca_cert.as_deref())?,
        })
    }

    /// Creates the hub's schema as its admin, the head's login, and joins
    /// this workbench as that head. With `from_local`, the newsroom in this
    /// store (people, contracts, every piece with its history) becomes the
    /// hub's first state; otherwise only the head is.
    pub fn init(&self, admin: &Endpoint, head: HubLink, head_password: &str, from_local: bool) -> Result<SyncReport> {
        self.init_with(admin, head, head_password, from_local, &|_, _| {})
    }

    /// [`Team::init`], telling `progress` (step, of steps) as it goes:
    /// connected, schema created, newsroom copied, first sync done.
    pub fn init_with(
        &self,
        admin: &Endpoint,
        head: HubLink,
        head_password: &str,
        from_local: bool,
        progress: &dyn Fn(u32, u32),
    ) -> Result<SyncReport> {
        let mut hub = Hub::connect(admin, Duration::from_secs(10))?;
        progress(1, 4);
        let person = match self.desk.person(&head.login) {
            Ok(p) if p.role == Role::Head => p,
            Ok(p) => {
                return Err(Error::invalid(
                    "head",
                    format!("«{}» là {} trong tòa soạn này, không phải lãnh đạo", p.login, p.role.label_vi()),
                ))
            }
            Err(_) if !from_local => self.desk.add_person(
                None,
                super::NewPerson {
                    login: head.login.clone(),
                    real_name: head.login.clone(),
                    pen_name: None,
                    role: Role::Head,
                },
            )?,
            Err(e) => return Err(e),
        };
        hub.install()?;
        progress(2, 4);
        let rows: Vec<Row> = self
            .desk
            .store
            .read(|db| Ok(db.export_rows()?))?
            .into_iter()
            .filter(|(t, id, _)| from_local || (t == "people" && *id == person.id))
            .map(|(tbl, id, data)| Row { tbl, id, data, deleted: false })
            .collect();
        hub.import(&rows)?;
        hub.create_login(&head.login, head_password, "head", &person.id)?;
        self.join(&head, head_password, &person)?;
        if from_local {
            self.desk.store.write(|db| Ok(db.queue_all_files()?))?;
        }
        progress(3, 4);
        let report = self.sync()?;
        progress(4, 4);
        Ok(report)
    }

    /// The head moves the solo newsroom here onto a new hub (the form's
    /// login is the head's own): [`Team::init_with`] with everything local.
    pub fn move_to(&self, actor: &Person, form: HubMove, progress: &dyn Fn(u32, u32)) -> Result<SyncReport> {
        crate::workflow::authorize(actor, crate::workflow::Action::ManagePeople, None)?;
        let (link, password) = HubForm { login: actor.login.clone(), ..form.hub }.resolve()?;
        let admin = HubForm {
            url: link.url.clone(),
            login: form.admin_login,
            password: form.admin_password,
            password_env: form.admin_password_env,
            ca_cert: link.ca_cert.clone(),
        };
        let (admin_link, admin_password) = admin.resolve()?;
        let endpoint = Endpoint {
            url: admin_link.url,
            user: admin_link.login,
            password: admin_password,
            ca_pem: ca_pem(link.ca_cert.as_deref())?,
        };
        self.init_with(&endpoint, link, &password, true, progress)
    }

    /// Joins this workbench to the hub as `link.login` and makes its first
    /// copy (`progress` sees rows received so far). An empty data folder is
    /// set up; one that holds another newsroom is refused, unchanged.
    pub fn connect(&self, link: HubLink, password: &str, progress: &dyn Fn(u32)) -> Result<SyncReport> {
        let mut hub = Hub::connect(&self.endpoint(&link, password.to_string())?, Duration::from_secs(10))?;
        hub.check_version()?;
        let member = hub.member()?.ok_or_else(|| {
            Error::HubRejected(format!("«{}» không phải tài khoản của tòa soạn trên máy chủ chung này", link.login))
        })?;
        let local_people = self.desk.store.read(|db| Ok(db.people_count()?))?;
        if local_people > 0 && self.desk.person(&link.login).map(|p| p.id != member.person_id).unwrap_or(true) {
            return Err(Error::Conflict(
                "thư mục dữ liệu này đã có một tòa soạn khác; hãy dùng một thư mục dữ liệu mới để nối vào máy chủ chung".into(),
            ));
        }
        let person = Person {
            id: member.person_id.clone(),
            login: member.login.clone(),
            real_name: member.login.clone(),
            pen_name: None,
            role: member.role.parse()?,
            active: true,
        };
        self.join(&link, password, &person)?;
        self.sync_with(&mut hub, progress)
    }

    /// Tries the hub step by step (address, certificate, login, schema,
    /// member) and names the first that fails; nothing is written.
    pub fn probe(&self, link: &HubLink, password: &str) -> Result<HubProbe> {
        let endpoint = match self.endpoint(link, password.to_string()) {
            Ok(e) => e,
            Err(e) => {
                return Ok(HubProbe {
                    ok: false,
                    failed_step: Some(HubStep::Certificate),
                    message: Some(e.to_string()),
                    role: None,
                })
            }
        };
        let p = toasoan_hub::probe(&endpoint, Duration::from_secs(5));
        Ok(match p.failed {
            Some((step, e)) => HubProbe {
                ok: false,
                failed_step: Some(match step {
                    ProbeStep::Address => HubStep::Address,
                    ProbeStep::Certificate => HubStep::Certificate,
                    ProbeStep::Login => HubStep::Login,
                    ProbeStep::Schema => HubStep::Schema,
                    ProbeStep::Member => HubStep::Member,
                }),
                // The reason itself: the step already says it is the hub's answer.
                message: Some(match e {
                    Error::HubRejected(m) | Error::HubUnavailable(m) => m,
                    other => other.to_string(),
                }),
                role: None,
            },
            None => HubProbe {
                ok: true,
                failed_step: None,
                message: None,
                role: p.member.and_then(|m| m.role.parse().ok()),
            },
        })
    }

    /// Records the link and the password (keyring, unless a variable is
    /// named) and turns capture on.
    fn join(&self, link: &HubLink, password: &str, _person: &Person) -> Result<()> {
        if link.password_env.is_none() {
            secret::keyring_store(secret::HUB_KEYRING_SERVICE, &link.login, password)?;
        }
        self.desk.store.write(|db| {
            db.set_sync_value(URL, &link.url)?;
            db.set_sync_value(LOGIN, &link.login)?;
            if let Some(ca) = &link.ca_cert {
                db.set_sync_value(CA, ca)?;
            }
            if let Some(env) = &link.password_env {
                db.set_sync_value(PASSWORD_ENV, env)?;
            }
            if db.sync_value(WORKBENCH)?.is_none() {
                db.set_sync_value(WORKBENCH, &new_id())?;
            }
            db.set_capture(true)?;
            Ok(())
        })
    }

    /// This workbench's id on the hub (its holder name for publish claims),
    /// when joined.
    pub(in crate::desk) fn workbench(&self) -> Result<Option<String>> {
        if self.link()?.is_none() {
            return Ok(None);
        }
        self.desk.store.read(|db| Ok(db.sync_value(WORKBENCH)?))
    }

    /// In team mode, which of these (piece, source) polls this workbench
    /// may make now (the hub's lease keeps the others to another
    /// workbench); `None` when solo or when the hub cannot be reached (then
    /// polling goes on here: a second reading is kept, never added twice).
    pub(in crate::desk) fn claim_polls(
        &self,
        keys: &[(String, String)],
        lease: Duration,
    ) -> Result<Option<std::collections::HashSet<(String, String)>>> {
        let Some(holder) = self.workbench()? else { return Ok(None) };
        if keys.is_empty() {
            return Ok(Some(Default::default()));
        }
        let claimed = self.open().and_then(|mut hub| hub.claim_polls(keys, &holder, lease));
        match claimed {
            Ok(got) => Ok(Some(got)),
            Err(Error::HubUnavailable(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn connect_hub(&self, timeout: Duration) -> Result<(HubLink, Hub)> {
        let link =
            self.link()?.ok_or_else(|| Error::invalid("hub", "máy này chưa nối vào máy chủ chung của tòa soạn"))?;
        let password = secret::hub_password(&link.login, link.password_env.as_deref())?;
        let mut hub = Hub::connect(&self.endpoint(&link, password)?, timeout)?;
        hub.check_version()?;
        Ok((link, hub))
    }

    /// Pushes this workbench's waiting changes and pulls the others'. An
    /// unreachable hub is `hub_unavailable`, with local work untouched.
    pub fn sync(&self) -> Result<SyncReport> {
        let (_, mut hub) = match self.connect_hub(Duration::from_secs(10)) {
            Ok(x) => x,
            Err(Error::HubUnavailable(why)) => {
                let pending = self.desk.store.read(|db| Ok(db.outbox_len()?))?;
                return Err(Error::HubUnavailable(format!(
                    "{why}; {pending} thay đổi chờ gửi, vẫn an toàn trên máy này"
                )));
            }
            Err(e) => return Err(e),
        };
        self.sync_with(&mut hub, &|_| {})
    }

    /// A connection to this workbench's hub (its version checked), to sync
    /// on again and again (a background sync, benchmarks).
    pub fn open(&self) -> Result<Hub> {
        Ok(self.connect_hub(Duration::from_secs(10))?.1)
    }

    /// [`Team::sync`] over an open connection.
    pub fn sync_on(&self, hub: &mut Hub) -> Result<SyncReport> {
        self.sync_with(hub, &|_| {})
    }

    fn sync_with(&self, hub: &mut Hub, progress: &dyn Fn(u32)) -> Result<SyncReport> {
        let mut report = SyncReport::default();
        self.push(hub, &mut report)?;
        self.push_files(hub)?;
        self.pull(hub, &mut report, progress)?;
        self.pull_files(hub)?;
        let now = to_db(self.desk.now());
        self.desk.store.write(|db| Ok(db.set_sync_value(LAST_SYNC, &now)?))?;
        report.pending = self.desk.store.read(|db| Ok(db.outbox_len()?))? as u32;
        report.conflicts = self.desk.store.read(|db| Ok(db.branched_pieces()?.len()))? as u32;
        Ok(report)
    }

    fn push(&self, hub: &mut Hub, report: &mut SyncReport) -> Result<()> {
        let mut workbench = self.desk.store.read(|db| Ok(db.sync_value(WORKBENCH)?))?.unwrap_or_default();
        let mut renamed = false;
        loop {
            let ops = self.desk.store.read(|db| Ok(db.outbox_ops(page_size())?))?;
            if ops.is_empty() {
                return Ok(());
            }
            let batch: Vec<Op> = ops
                .iter()
                .map(|o| Op { seq: o.seq, tbl: o.tbl.clone(), id: o.row_id.clone(), data: o.data.clone() })
                .collect();
            let pushed = match hub.push(&workbench, &batch) {
                // A copy of this workbench (a restored backup, a copied data
                // folder) used its id and numbers: this one becomes a new
                // workbench, and its changes go as its own.
                Err(Error::Conflict(why)) if why.contains("[workbench-copied]") && !renamed => {
                    workbench = new_id();
                    self.desk.store.write(|db| Ok(db.set_sync_value(WORKBENCH, &workbench)?))?;
                    renamed = true;
                    continue;
                }
                other => other?,
            };
            failpoint("after-push-commit");
            // The hub's commit is the acknowledgement: a refused change is
            // kept for its author, and its row returns to the hub's version.
            let refused_keys: Vec<(String, String)> =
                pushed.refused.iter().map(|r| (r.tbl.clone(), r.id.clone())).collect();
            let restored = hub.rows(&refused_keys)?;
            let now = to_db(self.desk.now());
            self.desk.store.write(|db| {
                let mut told = BTreeSet::new();
                for r in &pushed.refused {
                    if let Some(op) = ops.iter().find(|o| o.seq == r.seq) {
                        db.record_refusal(op, &r.reason, &now)?;
                        let piece = super::notifications::refused_piece(&op.tbl, &op.row_id, op.data.as_ref());
                        if piece.is_none() || told.insert(piece.clone()) {
                            super::notifications::refused(db, piece.as_deref(), &r.reason, &now)?;
                        }
                    }
                }
                db.ack_outbox(pushed.up_to)?;
                let rows: Vec<RowIn<'_>> = refused_keys
                    .iter()
                    .map(|(t, id)| match restored.iter().find(|r| r.tbl == *t && r.id == *id) {
                        Some(r) => RowIn { tbl: &r.tbl, id: &r.id, data: &r.data, deleted: r.deleted },
                        None => RowIn { tbl: t, id, data: &serde_json::Value::Null, deleted: true },
                    })
                    .collect();
                if !rows.is_empty() {
                    // The hub's own version of refused rows (a deletion
                    // where it has none: the refused insert goes).
                    apply(db, &rows, &[], None, &now, &refuse_restored)?;
                }
                Ok(())
            })?;
            report.pushed += pushed.applied as u32;
            report.refused.extend(pushed.refused.into_iter().map(RefusedChange::from));
            if ops.len() < page_size() {
                return Ok(());
            }
        }
    }

    /// The media files waiting to go `direction` (`up` or `down`), with the
    /// media folder and each file's place in it. Only a content address is
    /// ever read or written (a path made from a hostile row's hash and
    /// extension could climb out of the folder): any other is marked done.
    fn pending_media(&self, direction: &str) -> Result<(PathBuf, Vec<(String, PathBuf)>)> {
        let pending = self.desk.store.read(|db| Ok(db.pending_files(direction)?))?;
        if pending.is_empty() {
            return Ok((PathBuf::new(), Vec::new()));
        }
        let root = self.desk.media_files()?.root().to_path_buf();
        let mut files = Vec::with_capacity(pending.len());
        for path in pending {
            if crate::domain::media::is_media_path(&path) {
                let full = root.join(&path);
                files.push((path, full));
            } else {
                self.desk.store.write(|db| Ok(db.file_done(&path)?))?;
            }
        }
        Ok((root, files))
    }

    /// Sends the media files imported here (in chunks, resumable).
    fn push_files(&self, hub: &mut Hub) -> Result<()> {
        for (path, full) in self.pending_media("up")?.1 {
            let bytes = match std::fs::read(&full) {
                Ok(b) => b,
                // Not on this disk (yet): it will come down from whoever has it.
                Err(_) => continue,
            };
            match hub.put_file(&path, &bytes, &crate::domain::ids::sha256_hex(&bytes)) {
                Ok(()) => {}
                // Someone else's item (its importer sends it), or refused for
                // good: not this workbench's to send.
                Err(Error::HubRejected(why)) if why.contains("[media-owner]") || why.contains("[invalid-path]") => {}
                Err(e) => return Err(e),
            }
            self.desk.store.write(|db| Ok(db.file_done(&path)?))?;
        }
        Ok(())
    }

    /// Fetches the media files of items that arrived (those the hub holds
    /// whole; the others wait for their uploader).
    fn pull_files(&self, hub: &mut Hub) -> Result<()> {
        let (root, files) = self.pending_media("down")?;
        for (path, full) in files {
            if !full.exists() && !fetch_file(hub, &root, &path, &full)? {
                continue;
            }
            self.desk.store.write(|db| Ok(db.file_done(&path)?))?;
        }
        Ok(())
    }

    fn pull(&self, hub: &mut Hub, report: &mut SyncReport, progress: &dyn Fn(u32)) -> Result<()> {
        let since = self.desk.store.read(|db| Ok(db.sync_value(SNAPSHOT)?))?;
        // A first copy is history, not news: notifications start after it.
        let me = match since {
            Some(_) => self.member().ok().flatten(),
            None => None,
        };
        let mut pulled = 0u32;
        hub.pull(since.as_deref(), page_size(), |page: Page, snapshot: Option<&str>| {
            let now = to_db(self.desk.now());
            let rows: Vec<RowIn<'_>> =
                page.rows.iter().map(|r| RowIn { tbl: &r.tbl, id: &r.id, data: &r.data, deleted: r.deleted }).collect();
            self.desk.store.write(|db| {
                apply(db, &rows, &page.exits, me.as_ref(), &now, &refuse_pulled)?;
                if let Some(s) = snapshot {
                    db.set_sync_value(SNAPSHOT, s)?;
                }
                Ok(())
            })?;
            pulled += page.rows.len() as u32;
            failpoint("mid-pull");
            progress(pulled);
            Ok(())
        })?;
        report.pulled += pulled;
        Ok(())
    }

    /// Where team mode stands (never fails for an unreachable hub: that is
    /// `online: false`).
    pub fn status(&self) -> Result<HubStatus> {
        let link = self.link()?.ok_or_else(|| Error::invalid("hub", "máy này chưa nối vào máy chủ chung"))?;
        let (pending, last_sync, conflicts, set_aside) = self.desk.store.read(|db| {
            Ok((
                db.outbox_len()? as u32,
                db.sync_value(LAST_SYNC)?,
                db.branched_pieces()?.len() as u32,
                db.set_aside_count()? as u32,
            ))
        })?;
        let (online, problem) = match self.connect_hub(Duration::from_secs(3)) {
            Ok(_) => (true, None),
            Err(e) => (false, Some(e.to_string())),
        };
        Ok(HubStatus { online, pending, last_sync, conflicts, login: link.login, problem, set_aside })
    }

    /// The invitation file for `login` (heads, on a joined workbench): this
    /// hub's address, the login and the newsroom's certificate authority —
    /// never a password.
    pub fn invitation(&self, actor: &Person, login: &str) -> Result<Invitation> {
        crate::workflow::authorize(actor, crate::workflow::Action::ManagePeople, None)?;
        let link = self.link()?.ok_or_else(|| Error::invalid("hub", "máy này chưa nối vào máy chủ chung"))?;
        let ca = ca_pem(link.ca_cert.as_deref())?
            .map(|b| {
                String::from_utf8(b).map_err(|_| Error::invalid("ca-cert", "tệp chứng chỉ không phải văn bản PEM"))
            })
            .transpose()?;
        Invitation::new(self.desk.newsroom_name()?, &link.url, login, ca)
    }

    /// Joins this (empty) data folder to the hub an invitation names, as its
    /// login: the newsroom's certificate is kept in the data folder
    /// (`hub-ca.pem`) and the join goes as [`Team::connect`] does.
    pub fn accept_invitation(&self, join: &InvitationJoin, progress: &dyn Fn(u32)) -> Result<SyncReport> {
        let invitation = &join.invitation;
        // Checked again: what a window or a file hands over is not trusted.
        invitation.check()?;
        let (password, password_env) =
            hub_password(&invitation.login, join.password.as_deref(), join.password_env.as_deref())?;
        let dir = self.desk.database_path().parent().map(Path::to_path_buf).ok_or_else(|| {
            Error::invalid("data-dir", "máy này chưa có thư mục dữ liệu để giữ chứng chỉ của tòa soạn")
        })?;
        let ca_path = dir.join(INVITATION_CA_FILE);
        if let Some(ca) = &invitation.ca_pem {
            crate::files::write_atomic(&ca_path, ca.as_bytes()).map_err(|e| {
                Error::invalid("ca-cert", format!("không ghi được chứng chỉ vào {}: {e}", ca_path.display()))
            })?;
        }
        let link = HubLink {
            url: invitation.url.clone(),
            login: invitation.login.clone(),
            ca_cert: invitation.ca_pem.as_ref().map(|_| ca_path.display().to_string()),
            password_env,
        };
        self.connect(link, &password, progress)
    }

    /// Adds a person with their hub login (heads). A person already in the
    /// newsroom (from `hub init --from-local`) gets their login, their history kept.
    pub fn add_user(&self, actor: &Person, new: super::NewPerson, password: &str) -> Result<Person> {
        crate::workflow::authorize(actor, crate::workflow::Action::ManagePeople, None)?;
        let person = match self.desk.person(&new.login) {
            Ok(p) => p,
            Err(_) => {
                let p = self.desk.add_person(Some(actor), new)?;
                // The person's row reaches the hub first: the login names it.
                self.sync()?;
                p
            }
        };
        let (_, mut hub) = self.connect_hub(Duration::from_secs(10))?;
        hub.create_login(&person.login, password, person.role.code(), &person.id)?;
        Ok(person)
    }

    /// Changes this workbench's own hub password (kept in the keyring unless
    /// a variable is named).
    pub fn set_password(&self, new_password: &str) -> Result<()> {
        let (link, mut hub) = self.connect_hub(Duration::from_secs(10))?;
        hub.set_password(new_password)?;
        if link.password_env.is_none() {
            secret::keyring_store(secret::HUB_KEYRING_SERVICE, &link.login, new_password)?;
        }
        Ok(())
    }

    /// A connection that listens for the hub's change notifications.
    pub fn listener(&self) -> Result<Hub> {
        let (_, mut hub) = self.connect_hub(Duration::from_secs(10))?;
        hub.listen()?;
        Ok(hub)
    }
}

/// Fetches one file from the hub into `full` (under `root`), streamed to a
/// temporary file beside it and hashed on the way: an original must hash to
/// the address in its name, a derivative to what the hub recorded; only
/// then is it put in place. `false` while the hub does not hold it whole.
fn fetch_file(hub: &mut Hub, root: &std::path::Path, path: &str, full: &std::path::Path) -> Result<bool> {
    use sha2::Digest;
    use std::io::Write;
    let dir = full.parent().unwrap_or(root);
    let unwritable = |e: std::io::Error| Error::DataDirNotWritable { path: dir.to_path_buf(), reason: e.to_string() };
    crate::files::create_private_dir(dir).map_err(unwritable)?;
    let mut tmp = tempfile::Builder::new().prefix(".nhan-").tempfile_in(dir).map_err(unwritable)?;
    let mut hasher = sha2::Sha256::new();
    let got = hub.get_file(path, crate::domain::limits::MAX_MEDIA_BYTES, &mut |chunk| {
        hasher.update(chunk);
        tmp.write_all(chunk).map_err(unwritable)
    })?;
    let Some(recorded) = got else { return Ok(false) };
    let hash: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let name = path.rsplit('/').next().unwrap_or_default();
    let derivative = crate::domain::media::is_derivative_path(path);
    let expected = if derivative { recorded.as_str() } else { name.split('.').next().unwrap_or_default() };
    if hash != expected {
        return Err(Error::HubRejected(format!("tệp {path} nhận về không khớp mã băm; sẽ thử lại")));
    }
    tmp.as_file().sync_all().map_err(unwritable)?;
    if !full.exists() {
        tmp.persist_noclobber(full).map_err(|e| unwritable(e.error))?;
        crate::files::sync_dir(dir).map_err(unwritable)?;
    }
    Ok(true)
}

/// Dies here when `TOASOAN_FAILPOINT` names this point: the kill tests'
/// exact moments (after the hub committed a push and before this workbench
/// recorded it; between two pages of a pull). Compiled only with the
/// `failpoints` feature, which only the CLI's tests turn on (a dev-dependency
/// feature): the shipped binaries have no such switch.
#[cfg(feature = "failpoints")]
fn failpoint(name: &str) {
    if std::env::var("TOASOAN_FAILPOINT").is_ok_and(|v| v == name) {
        std::process::abort();
    }
}

#[cfg(not(feature = "failpoints"))]
fn failpoint(_name: &str) {}

/// A restored (or copied) workbench is a new workbench: a new id on the hub,
/// so what it writes next is never taken for what the original already
/// sent under the same numbers. Nothing for a solo store.
pub(crate) fn new_workbench_identity(db: &Db<'_>) -> Result<()> {
    if db.sync_value(WORKBENCH)?.is_some() {
        db.set_sync_value(WORKBENCH, &new_id())?;
    }
    Ok(())
}

/// [`refuse_pulled`] for the hub's answer to a refused change: there a
/// deletion is the hub saying it has no such row (the refused insert goes).
fn refuse_restored(r: &RowIn<'_>) -> Option<String> {
    if r.deleted {
        return None;
    }
    refuse_pulled(r)
}

/// Why a pulled row must not be applied here, whatever the hub said: the
/// checks this workbench makes of hostile input before SQLite's own (which
/// catch the rest: types, CHECKs, foreign keys, append-only triggers).
/// Ids bounded and plain; a library item's hash and extensions exactly what
/// file names are built from; money and figures in the domain's range.
pub(crate) fn refuse_pulled(r: &RowIn<'_>) -> Option<String> {
    use crate::domain::media::{is_safe_ext, is_sha256_hex};
    let plain = |s: &str| {
        (1..=200).contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':' | b'|'))
    };
    if !plain(r.id) {
        return Some(format!("mã dòng không hợp lệ «{}»", r.id.chars().take(64).collect::<String>()));
    }
    // Tombstones only where the app deletes (a contract's policies): a
    // piece, a revision or a used photo is never deleted from the hub.
    if r.deleted {
        return (r.tbl != "contract_policies").then(|| "máy chủ chung không xóa dòng của bảng này".to_string());
    }
    let d = r.data;
    if !d.is_object() {
        return Some("dữ liệu không phải một dòng".into());
    }
    let text = |k: &str| d.get(k).and_then(|v| v.as_str());
    let int = |k: &str| d.get(k).and_then(|v| v.as_i64());
    let in_range = |k: &str, lo: i64, hi: i64| match d.get(k) {
        None | Some(serde_json::Value::Null) => true,
        Some(_) => int(k).is_some_and(|v| (lo..=hi).contains(&v)),
    };
    const MONEY: i64 = 1_000_000_000_000_000;
    let bad = match r.tbl {
        "media" => {
            if !text("sha256").is_some_and(is_sha256_hex) {
                Some("sha256")
            } else if !text("ext").is_some_and(is_safe_ext) {
                Some("ext")
            } else if !["web_ext", "thumb_ext"].iter().all(|k| matches!(text(k), None | Some("jpg" | "png"))) {
                Some("web_ext")
            } else if !in_range("bytes", 1, crate::domain::limits::MAX_MEDIA_BYTES as i64) {
                Some("bytes")
            } else {
                None
            }
        }
        "contracts" if !in_range("total_value", 0, MONEY) => Some("total_value"),
        "contract_lines" if !in_range("unit_price", 0, MONEY) => Some("unit_price"),
        "contract_lines" if !in_range("quantity", 1, 1_000_000) => Some("quantity"),
        "engagement_snapshots" if !in_range("value", 0, crate::domain::engagement::MAX_FIGURE) => Some("value"),
        "acceptance_items" if text("sent_sha256").is_some_and(|h| !is_sha256_hex(h)) => Some("sent_sha256"),
        _ => None,
    };
    bad.map(|k| format!("giá trị của «{k}» không hợp lệ"))
}

/// A piece given to another reporter leaves this workbench; what its
/// reporter was writing and had not saved as a revision stays here, as a
/// refusal they see with the whole text (never deleted with the piece).
fn keep_unsaved_text(db: &Db<'_>, assignment_id: &str, now: &str) -> Result<()> {
    let Some(wc) = db.working_copy(assignment_id)? else { return Ok(()) };
    let saved = db.latest_revision(assignment_id)?.map(|r| r.draft);
    if saved.as_ref() == Some(&wc.draft) || (wc.draft.body.trim().is_empty() && wc.draft.headline.trim().is_empty()) {
        return Ok(());
    }
    let op = crate::store::OutboxOp {
        seq: 0,
        tbl: "working_copies".into(),
        row_id: assignment_id.into(),
        data: Some(serde_json::json!({
            "assignment_id": assignment_id,
            "headline": wc.draft.headline,
            "sapo": wc.draft.sapo,
            "body": wc.draft.body,
            "byline": wc.draft.byline,
        })),
    };
    db.record_refusal(
        &op,
        "bài đã được giao cho phóng viên khác; bản bạn đang viết dở (chưa lưu thành bản) được giữ lại ở đây",
        now,
    )?;
    Ok(())
}

/// Applies pulled rows and exits in the caller's transaction, then keeps
/// what this workbench derives from them: the search index of the pieces
/// touched and the engagement totals of those with new figures.
/// With `me`, what reached that person is noted for the notification list.
fn apply(
    db: &Db<'_>,
    rows: &[RowIn<'_>],
    exits: &[(String, String)],
    me: Option<&Person>,
    now: &str,
    refuse: &dyn Fn(&RowIn<'_>) -> Option<String>,
) -> Result<()> {
    let (snapshots, others): (Vec<_>, Vec<_>) =
        rows.iter().partition(|r| r.tbl == "engagement_snapshots" && !r.deleted);
    let others: Vec<RowIn<'_>> = others.into_iter().cloned().collect();
    db.apply_rows(&others, now, refuse)?;
    // Figures are added through the engagement rules, each checked first:
    // its values, and its piece here (found by the property test below: a
    // figure of a piece this workbench does not hold stopped every pull).
    let mut kept = Vec::new();
    for r in snapshots {
        let why = match refuse(r) {
            Some(why) => Some(why),
            None => match r.data["assignment_id"].as_str() {
                Some(piece) if db.assignment(piece)?.is_some_and(|a| a.id == piece) => None,
                _ => Some("số liệu của một bài không có trên máy này".to_string()),
            },
        };
        match why {
            Some(why) => db.set_aside_row(r, &why, now)?,
            None => kept.push(r),
        }
    }
    let snapshots = kept;
    let snaps: Vec<crate::engagement::NewSnapshot> = snapshots
        .iter()
        .filter_map(|r| {
            Some(crate::engagement::NewSnapshot {
                assignment_id: r.data["assignment_id"].as_str()?.to_string(),
                source: r.data["source"].as_str()?.parse().ok()?,
                metric: r.data["metric"].as_str()?.parse().ok()?,
                value: r.data["value"].as_i64()?,
                captured_at: r.data["captured_at"].as_str()?.to_string(),
            })
        })
        .collect();
    if !snaps.is_empty() {
        super::engagement::record_snapshots(db, "hub", &snaps, now)?;
    }
    // Rows set aside before whose parents may have come since: tried again,
    // parents first; those that apply leave the list.
    let waiting = db.set_aside_rows(MAX_SET_ASIDE_RETRIED)?;
    if !waiting.is_empty() && !rows.is_empty() {
        let mut retry: Vec<RowIn<'_>> = waiting
            .iter()
            .map(|w| RowIn {
                tbl: &w.tbl,
                id: &w.id,
                data: w.data.as_ref().unwrap_or(&serde_json::Value::Null),
                deleted: w.data.is_none(),
            })
            .collect();
        retry.sort_by_key(|r| toasoan_hub::TABLES.iter().position(|t| *t == r.tbl).unwrap_or(usize::MAX));
        db.apply_rows(&retry, now, refuse)?;
    }
    for (tbl, id) in exits {
        if tbl == "assignments" {
            keep_unsaved_text(db, id, now)?;
            db.remove_piece(id)?;
        } else {
            // A row that left this person's reach (feedback taken off their piece).
            db.remove_row(tbl, id)?;
        }
    }
    let pieces: BTreeSet<&str> = rows
        .iter()
        .filter(|r| matches!(r.tbl, "assignments" | "revisions" | "policies"))
        .filter_map(|r| if r.tbl == "assignments" { Some(r.id) } else { r.data["assignment_id"].as_str() })
        .collect();
    let revised: BTreeSet<&str> =
        rows.iter().filter(|r| r.tbl == "revisions").filter_map(|r| r.data["assignment_id"].as_str()).collect();
    for id in revised {
        if db.refresh_conflict(id, now)? {
            if let Some(me) = me {
                super::notifications::branched(db, me, id, now)?;
            }
        }
    }
    if let Some(me) = me {
        super::notifications::from_pulled(db, me, rows)?;
    }
    for id in pieces {
        if let Some(p) = db.piece_to_index(id)? {
            db.index_assignment(
                p.num,
                &crate::search::index_fields(&p.headline, &p.sapo, &p.body, &p.brief, &p.policy),
            )?;
        }
    }
    db.end_apply()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hostile_row() -> impl Strategy<Value = (String, String, serde_json::Value, bool)> {
        let hostile = prop_oneof![
            Just("../../../../.config/autostart/x".to_string()),
            Just("x/../y".to_string()),
            Just("jpg/../../../../tmp/pwned".to_string()),
            Just(String::new()),
            Just("JPG".to_string()),
            "\\PC{0,40}",
        ];
        let id = prop_oneof![3 => "[a-z0-9-]{1,20}", 1 => hostile.clone()];
        let sha = prop_oneof![3 => "[0-9a-f]{64}", 1 => "[0-9A-F]{64}", 1 => hostile.clone()];
        let ext = prop_oneof![1 => Just("jpg".to_string()), 3 => hostile.clone()];
        let number = prop_oneof![Just(i64::MAX), Just(-1i64), Just(0i64), Just(10i64), any::<i64>()];
        (
            prop_oneof![
                6 => Just("media"),
                1 => Just("comments"),
                1 => Just("assignments"),
                1 => Just("revisions"),
                1 => Just("engagement_snapshots"),
                1 => Just("contract_policies"),
                1 => Just("nope")
            ],
            id,
            (sha, ext, hostile, number),
            any::<bool>(),
        )
            .prop_map(|(tbl, id, (sha, ext, other, n), deleted)| {
                let image = n % 2 == 0;
                let data = serde_json::json!({
                    "id": id, "sha256": sha, "ext": ext,
                    "web_ext": if image { serde_json::json!(other) } else { serde_json::Value::Null },
                    "thumb_ext": if image { serde_json::json!(other) } else { serde_json::Value::Null },
                    "kind": if image { "image" } else { "attachment" },
                    "mime": "image/jpeg", "original_name": "x", "bytes": n.unsigned_abs().max(1),
                    "width": if image { serde_json::json!(n) } else { serde_json::Value::Null },
                    "height": if image { serde_json::json!(n) } else { serde_json::Value::Null },
                    "caption": "", "credit": "", "alt": "", "imported_by": "p", "imported_at": "2026-12-01T00:00:00.000Z",
                    "updated_at": "2026-12-01T00:00:00.000Z", "assignment_id": other, "value": n,
                    "source": "manual", "metric": "views", "captured_at": "2026-12-01T00:00:00.000Z", "batch_id": "b",
                });
                (tbl.to_string(), id, data, deleted && tbl != "media")
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]
        /// Hostile rows, as a fake or broken hub could send them, never make
        /// a path outside the media folder, never stop the pull, and never
        /// keep a later good row from arriving.
        #[test]
        fn hostile_pulled_rows_never_climb_out_nor_stop_a_good_row(rows in proptest::collection::vec(hostile_row(), 1..12)) {
            let desk = Desk::in_memory().unwrap();
            let now = "2026-12-07T00:00:00.000Z";
            // The person the hostile rows name, so they fail (or pass) on
            // their own values, not on a missing parent.
            let p = serde_json::json!({ "id": "p", "login": "p", "real_name": "P", "pen_name": null, "role": "reporter",
                                        "created_at": now, "deactivated_at": null });
            desk.store.write(|db| {
                apply(db, &[RowIn { tbl: "people", id: "p", data: &p, deleted: false }], &[], None, now, &refuse_pulled)?;
                Ok(())
            }).unwrap();
            desk.store.write(|db| {
                let ins: Vec<RowIn<'_>> = rows.iter().map(|(t, id, d, del)| RowIn { tbl: t, id, data: d, deleted: *del }).collect();
                apply(db, &ins, &[], None, now, &refuse_pulled)?;
                Ok(())
            }).unwrap();
            let good = serde_json::json!({ "id": "ag-tot", "name": "Sở Tư pháp", "created_at": now });
            desk.store.write(|db| {
                apply(db, &[RowIn { tbl: "agencies", id: "ag-tot", data: &good, deleted: false }], &[], None, now, &refuse_pulled)?;
                Ok(())
            }).unwrap();
            let (paths, agency) = desk.store.read(|db| Ok((db.pending_files("down")?, db.agency("ag-tot")?.is_some()))).unwrap();
            for p in paths {
                prop_assert!(crate::domain::media::is_media_path(&p), "{p}");
            }
            prop_assert!(agency, "the good row arrived");
        }
    }
}
