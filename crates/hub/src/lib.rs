//! The team hub: an ordinary PostgreSQL database (≥ 14) that many workbenches
//! replicate through, with no server program of ours. Entry points:
//! [`Hub::connect`], [`Hub::install`], [`Hub::push`], [`Hub::pull`].
//!
//! - Every replicated row is one row of `toasoan.rows` (`schema.sql`): its
//!   table and id, its columns as JSON, the id of the transaction that last
//!   wrote it (`xid8`: the pull cursor) and whose piece it is.
//! - Authorization is PostgreSQL's: each person is a login; row-level
//!   security decides what a login reads, and a trigger checks every write
//!   against the hub's current state and the writer's role (a reporter's login
//!   cannot approve a piece, even with hand-written SQL). Logins are made by
//!   a checked function, so nobody needs `CREATEROLE` after `install`.
//! - A push is one transaction: operations after the workbench's cursor, each
//!   under a savepoint (a refused one is reported, the rest apply), and the
//!   cursor moved forward; the commit is the acknowledgement, and a re-sent
//!   push changes nothing.
//! - A pull is one `REPEATABLE READ READ ONLY` transaction whose first
//!   statement takes `pg_current_snapshot()`; rows written by transactions the
//!   previous snapshot could not see are read in pages. Sequence order is not
//!   commit order: a transaction that commits late is still not visible in the
//!   snapshot taken before it, so it is read next time — never skipped.
//!
//! Architecture invariant: the only crate that depends on a PostgreSQL
//! client. It knows rows, not the desk's rules; passwords reach the hub only
//! as SCRAM verifiers made here, and never appear in an error message.

use std::time::Duration;

use postgres::config::SslMode;
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, Config, IsolationLevel};
use serde_json::Value;
use toasoan_domain::{Error, Result};

/// Version of the hub's schema this workbench speaks: `schema.sql`
/// (version 1) and every step of [`UPGRADES`]. A workbench and a hub of
/// different versions refuse to sync, naming the side to update.
pub const SCHEMA_VERSION: i64 = 4;

/// The hub's first schema (version 1), run by [`Hub::install`]. Never
/// edited once released: a change is a new step of [`UPGRADES`], so a hub
/// made by an older Tòa Soạn and a new one end up the same.
pub const SCHEMA: &str = include_str!("schema.sql");

/// Each step brings a hub from the version before it to its own: (version,
/// SQL). [`Hub::install`] runs them all after [`SCHEMA`]; [`Hub::upgrade`]
/// the ones a hub lacks.
pub const UPGRADES: &[(i64, &str)] = &[
    (2, include_str!("upgrade/0002-acceptance-round.sql")),
    (3, include_str!("upgrade/0003-desk.sql")),
    (4, include_str!("upgrade/0004-trust-boundary.sql")),
];

/// The hub's rules as they are now (functions, policies, privileges): applied
/// whole by [`Hub::install`] and every [`Hub::upgrade`] after the last
/// structural step, from version 4 on. One readable home for who may do what.
pub const RULES: &str = include_str!("rules.sql");

/// The workbench's replicated columns (generated from the store's schema,
/// checked by the store's tests): what every pushed row is checked against.
pub const COLUMNS: &str = include_str!("columns.sql");

/// Bytes per chunk of a media file on the hub (the hub's `put_chunk` wants
/// exactly these).
pub const FILE_CHUNK: usize = 1 << 20;

/// Operations per push at most (the hub refuses more).
pub const MAX_PUSH_OPS: usize = 10_000;

/// Bytes of operations (as JSON) per push at most: a batch is cut before.
pub const MAX_PUSH_BYTES: usize = 48 << 20;

/// The largest media file the hub takes or a workbench fetches.
pub const MAX_FILE_BYTES: u64 = 100 << 20;

/// The tables that replicate, in the order their rows are applied (a row's
/// parents come first): what a pull is sorted by.
pub const TABLES: &[&str] = &[
    "people",
    "agencies",
    "policies",
    "agency_contacts",
    "contracts",
    "contract_lines",
    "contract_policies",
    "contract_amendments",
    "amendment_lines",
    "assignments",
    "revisions",
    "approvals",
    "comments",
    "publications",
    "counting_overrides",
    "acceptances",
    "acceptance_items",
    "media",
    "media_uses",
    "policy_stages",
    "assignment_responses",
    "feedback",
    "engagement_snapshots",
    "citizen_comments",
    "audit_log",
];

pub use toasoan_domain::team::Endpoint;

/// TLS as asked by `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// No TLS.
    Disable,
    /// TLS when the server offers it, unverified.
    Prefer,
    /// TLS, unverified.
    Require,
    /// TLS, the certificate chain checked against the CA.
    VerifyCa,
    /// TLS, the chain and the host name checked.
    VerifyFull,
}

/// Where an URL points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Database.
    pub database: String,
    /// TLS.
    pub tls: TlsMode,
}

/// Reads `postgres://HOST:PORT/DATABASE?sslmode=…`. Credentials inside the
/// URL are refused: the login is given apart and the password never stored.
pub fn parse_url(url: &str) -> Result<Target> {
    let bad =
        |why: &str| Error::invalid("url", format!("«{url}»: {why}; dùng postgres://MÁY:CỔNG/CSDL?sslmode=verify-full"));
    let rest = url
        .trim()
        .strip_prefix("postgres://")
        .or_else(|| url.trim().strip_prefix("postgresql://"))
        .ok_or_else(|| bad("không phải địa chỉ postgres://"))?;
    let (authority, tail) = rest.split_once('/').ok_or_else(|| bad("thiếu tên cơ sở dữ liệu"))?;
    if authority.contains('@') {
        return Err(Error::invalid(
            "url",
            "địa chỉ máy chủ chung không được chứa tên đăng nhập hay mật khẩu (user:pass@); tài khoản và mật khẩu nhập riêng",
        ));
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().map_err(|_| bad("cổng không hợp lệ"))?),
        None => (authority, 5432),
    };
    if host.is_empty() {
        return Err(bad("thiếu tên máy"));
    }
    let (database, query) = tail.split_once('?').unwrap_or((tail, ""));
    if database.is_empty() || !database.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err(bad("tên cơ sở dữ liệu không hợp lệ"));
    }
    // The hub is the hub only if its certificate says so: verify-full always
    // (the default when none is written); every weaker mode is refused with
    // the reason, before anything is sent.
    let tls = TlsMode::VerifyFull;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("sslmode", m)) => match m {
                "verify-full" => {}
                "disable" | "allow" | "prefer" | "require" | "verify-ca" => {
                    return Err(bad(&format!(
                        "sslmode={m} không kiểm tra máy chủ là máy chủ chung của tòa soạn (một máy giả mạo trên mạng sẽ nhận được mật khẩu); Tòa Soạn chỉ nối bằng sslmode=verify-full"
                    )))
                }
                other => return Err(bad(&format!("sslmode «{other}» không hỗ trợ"))),
            },
            _ => return Err(bad(&format!("tham số «{pair}» không hỗ trợ (chỉ sslmode)"))),
        }
    }
    Ok(Target { host: host.trim_matches(['[', ']']).to_string(), port, database: database.to_string(), tls })
}

/// An operation a workbench pushes: the row as it was written locally, or
/// its deletion (a tombstone on the hub).
#[derive(Debug, Clone, PartialEq)]
pub struct Op {
    /// The workbench's sequence number of the operation.
    pub seq: i64,
    /// Table.
    pub tbl: String,
    /// Row id (composite keys joined with `|`).
    pub id: String,
    /// Columns as JSON; `None` deletes.
    pub data: Option<Value>,
}

/// An operation the hub refused, with its reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Refused {
    /// The operation's sequence number.
    pub seq: i64,
    /// Table.
    pub tbl: String,
    /// Row id.
    pub id: String,
    /// Why, as the hub said it (the rule in brackets).
    pub reason: String,
}

/// What a push did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pushed {
    /// Every operation up to this sequence number is settled (applied or refused).
    pub up_to: i64,
    /// Operations applied now.
    pub applied: usize,
    /// Operations refused now.
    pub refused: Vec<Refused>,
}

/// A row as the hub holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Table.
    pub tbl: String,
    /// Row id.
    pub id: String,
    /// Columns.
    pub data: Value,
    /// A tombstone.
    pub deleted: bool,
}

/// One page of a pull.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// Rows written since the previous snapshot, parents first.
    pub rows: Vec<Row>,
    /// Rows that left this login's scope (table, id).
    pub exits: Vec<(String, String)>,
}

/// Who may send a piece to a portal now.
#[derive(Debug, Clone, PartialEq)]
pub enum Claim {
    /// This workbench: go on, with what the claim remembers of our post.
    Ours(Value),
    /// Another workbench holds a live lease (its login).
    Held(String),
    /// The piece was sent already: by whom (login), and what the claim
    /// remembers of the post.
    Done(String, Value),
}

/// A send offered by a workbench that cannot make it itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    /// The piece (assignment id).
    pub piece: String,
    /// The portal's address.
    pub portal: String,
    /// The approved revision to send.
    pub seq: i32,
    /// The login that asked.
    pub wanted_by: String,
}

/// An image a portal holds, as the hub records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubImage {
    /// Slug it was uploaded with.
    pub slug: String,
    /// Remote id, once known.
    pub remote_id: Option<String>,
    /// Public URL, once known.
    pub url: Option<String>,
    /// The upload's answer was recorded.
    pub done: bool,
    /// When it was started or answered (UTC, the stores' form).
    pub updated_at: String,
}

/// Who a login is in the newsroom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The login.
    pub login: String,
    /// Its person's id.
    pub person_id: String,
    /// `reporter`, `editor` or `head`.
    pub role: String,
}

/// An open connection to the hub.
pub struct Hub {
    client: Client,
    user: String,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub").field("user", &self.user).finish()
    }
}

/// TLS that checks the server's certificate chain and name: against the
/// newsroom's CA alone when one is given (no system roots: a certificate a
/// public CA issued for the same name is not the newsroom's hub), else
/// against the system's roots. Nothing weaker exists here.
fn tls_connector(target: &Target, ca_pem: Option<&[u8]>) -> Result<postgres_native_tls::MakeTlsConnector> {
    debug_assert_eq!(target.tls, TlsMode::VerifyFull);
    let mut b = native_tls::TlsConnector::builder();
    b.min_protocol_version(Some(native_tls::Protocol::Tlsv12));
    if let Some(pem) = ca_pem {
        let ca = native_tls::Certificate::from_pem(pem)
            .map_err(|e| Error::invalid("ca-cert", format!("tệp chứng chỉ CA không đọc được: {e}")))?;
        b.add_root_certificate(ca);
        b.disable_built_in_roots(true);
    }
    let c = b.build().map_err(|e| Error::HubRejected(format!("không dựng được kết nối TLS: {e}")))?;
    Ok(postgres_native_tls::MakeTlsConnector::new(c))
}

/// The schema version of the hub a transaction is on.
fn self_version(tx: &mut postgres::Transaction<'_>) -> Result<i64> {
    let v: Option<String> = tx
        .query_opt("SELECT value FROM toasoan.meta WHERE key = 'schema_version'", &[])
        .map_err(|e| describe(&e, "đọc phiên bản"))?
        .map(|r| r.get(0));
    Ok(v.and_then(|v| v.parse().ok()).unwrap_or(SCHEMA_VERSION))
}

/// Operations cut into pushes the hub takes: at most [`MAX_PUSH_OPS`] and
/// about [`MAX_PUSH_BYTES`] of JSON each (one larger operation goes alone,
/// and the hub refuses it by its own bound).
fn push_batches(ops: &[Op]) -> Vec<&[Op]> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0usize);
    for (i, o) in ops.iter().enumerate() {
        let size = o.data.as_ref().map_or(0, |d| d.to_string().len()) + o.id.len() + 64;
        if i > start && (i - start >= MAX_PUSH_OPS || bytes + size > MAX_PUSH_BYTES) {
            out.push(&ops[start..i]);
            start = i;
            bytes = 0;
        }
        bytes += size;
    }
    if start < ops.len() {
        out.push(&ops[start..]);
    }
    out
}

/// A push the hub refused whole: a copied workbench is a conflict the
/// caller resolves (a new workbench id); the rest as [`describe`].
fn push_error(e: &postgres::Error) -> Error {
    match e.as_db_error() {
        Some(db) if db.message().contains("[workbench-copied]") => {
            Error::Conflict(db.message().trim_start_matches("toasoan: ").to_string())
        }
        _ => describe(e, "gửi thay đổi"),
    }
}

/// The error for a failed connection or statement: unreachable is
/// temporary (`hub_unavailable`); a wrong password, a certificate or a
/// refused statement is `hub_rejected`, with the hub's own words.
pub fn describe(e: &postgres::Error, what: &str) -> Error {
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        let msg = db.message().trim_start_matches("toasoan: ").to_string();
        // A login whose person a head deactivated (hub version 3: NOLOGIN).
        return if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION && msg.contains("not permitted to log in") {
            Error::HubRejected(format!(
                "{what}: tài khoản này đã ngừng hoạt động trên máy chủ chung (lãnh đạo tòa soạn cho ngừng); hãy hỏi lãnh đạo tòa soạn"
            ))
        } else if *code == SqlState::INVALID_PASSWORD || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
            Error::HubRejected(format!(
                "{what}: máy chủ chung từ chối đăng nhập (sai tên đăng nhập hoặc mật khẩu, hoặc máy này không được phép)"
            ))
        } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
            Error::HubRejected(format!("{what}: máy chủ chung không cho phép: {msg}"))
        } else if code.code().starts_with("08")
            || *code == SqlState::ADMIN_SHUTDOWN
            || *code == SqlState::CANNOT_CONNECT_NOW
        {
            Error::HubUnavailable(format!("{what}: {msg}"))
        } else {
            Error::HubRejected(format!("{what}: {msg} [{}]", code.code()))
        };
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(s) = source {
        if s.downcast_ref::<native_tls::Error>().is_some() {
            return Error::HubRejected(format!(
                "{what}: chứng chỉ TLS của máy chủ chung không được chấp nhận (sai chứng chỉ CA hoặc tên máy): {s}"
            ));
        }
        source = s.source();
    }
    let text = e.to_string();
    if text.contains("TLS") || text.contains("tls") {
        return Error::HubRejected(format!("{what}: lỗi TLS với máy chủ chung: {text}"));
    }
    Error::HubUnavailable(format!("{what}: không kết nối được máy chủ chung ({text})"))
}

/// A SCRAM-SHA-256 verifier of `password`: what the hub stores, made here so
/// the password itself never travels to the hub or its logs.
pub fn verifier(password: &str) -> String {
    postgres_protocol::password::scram_sha_256(password.as_bytes())
}

/// The client configuration and TLS connector for `endpoint`.
fn config(endpoint: &Endpoint, timeout: Duration) -> Result<(Config, postgres_native_tls::MakeTlsConnector)> {
    let target = parse_url(&endpoint.url)?;
    let mut cfg = Config::new();
    cfg.host(&target.host)
        .port(target.port)
        .dbname(&target.database)
        .user(&endpoint.user)
        .password(&endpoint.password)
        .connect_timeout(timeout)
        .application_name("toasoan")
        // TLS always (verified by the connector), and SCRAM with channel
        // binding always: a server that asks for a cleartext or MD5 password,
        // or lets the login in without one, is refused before anything of
        // the password is sent, and a man in the middle cannot relay SCRAM.
        .ssl_mode(SslMode::Require)
        .channel_binding(postgres::config::ChannelBinding::Require);
    debug_assert_eq!(target.tls, TlsMode::VerifyFull);
    let tls = tls_connector(&target, endpoint.ca_pem.as_deref())?;
    Ok((cfg, tls))
}

/// Which step a failed connection stopped at: the password, the
/// certificate, or (anything else) reaching the server.
fn failed_step(e: &postgres::Error) -> ProbeStep {
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        if *code == SqlState::INVALID_PASSWORD || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
            return ProbeStep::Login;
        }
        return ProbeStep::Address;
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(s) = source {
        if s.downcast_ref::<native_tls::Error>().is_some() {
            return ProbeStep::Certificate;
        }
        source = s.source();
    }
    if e.to_string().to_lowercase().contains("tls") {
        ProbeStep::Certificate
    } else {
        ProbeStep::Address
    }
}

/// The steps of a connection test, in the order they are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeStep {
    /// The address is well formed and a server answers there.
    Address,
    /// TLS: the server's certificate is the newsroom's (`verify-full`).
    Certificate,
    /// The login and password are accepted.
    Login,
    /// The database holds a hub of this binary's schema version.
    Schema,
    /// The login is a person of the newsroom on this hub.
    Member,
}

/// What a connection test found.
#[derive(Debug)]
pub struct Probe {
    /// The first step that failed, with why; `None` when all passed.
    pub failed: Option<(ProbeStep, Error)>,
    /// The login's person and role, when every step passed.
    pub member: Option<Member>,
}

impl Probe {
    fn fail(step: ProbeStep, e: Error) -> Probe {
        Probe { failed: Some((step, e)), member: None }
    }
}

/// Tries `endpoint` step by step (address, certificate, login, schema,
/// member) and names the first that fails; writes nothing.
pub fn probe(endpoint: &Endpoint, timeout: Duration) -> Probe {
    let target = match parse_url(&endpoint.url) {
        Ok(t) => t,
        Err(e) => return Probe::fail(ProbeStep::Address, e),
    };
    let reachable = std::net::ToSocketAddrs::to_socket_addrs(&(target.host.as_str(), target.port))
        .map_err(|e| e.to_string())
        .and_then(|addrs| {
            let mut last = "không tìm thấy địa chỉ".to_string();
            for a in addrs {
                match std::net::TcpStream::connect_timeout(&a, timeout) {
                    Ok(_) => return Ok(()),
                    Err(e) => last = e.to_string(),
                }
            }
            Err(last)
        });
    if let Err(why) = reachable {
        return Probe::fail(
            ProbeStep::Address,
            Error::HubUnavailable(format!(
                "không kết nối được {}:{} ({why}); kiểm tra địa chỉ, cổng và mạng",
                target.host, target.port
            )),
        );
    }
    let (cfg, tls) = match config(endpoint, timeout) {
        Ok(c) => c,
        Err(e) => return Probe::fail(ProbeStep::Certificate, e),
    };
    let mut hub = match cfg.connect(tls) {
        Ok(client) => Hub { client, user: endpoint.user.clone() },
        Err(e) => return Probe::fail(failed_step(&e), describe(&e, "kết nối máy chủ chung")),
    };
    if let Err(e) = hub.check_version() {
        return Probe::fail(ProbeStep::Schema, e);
    }
    match hub.member() {
        Ok(Some(m)) => Probe { failed: None, member: Some(m) },
        Ok(None) => Probe::fail(
            ProbeStep::Member,
            Error::HubRejected(format!(
                "«{}» đăng nhập được nhưng không phải tài khoản của tòa soạn trên máy chủ chung này",
                endpoint.user
            )),
        ),
        Err(e) => Probe::fail(ProbeStep::Member, e),
    }
}

impl Hub {
    /// Connects as `endpoint.user`, within `timeout`.
    pub fn connect(endpoint: &Endpoint, timeout: Duration) -> Result<Hub> {
        let (cfg, tls) = config(endpoint, timeout)?;
        let client = cfg.connect(tls).map_err(|e| describe(&e, "kết nối máy chủ chung"))?;
        Ok(Hub { client, user: endpoint.user.clone() })
    }

    /// The hub's schema version, `None` when the database has no Tòa Soạn schema.
    pub fn version(&mut self) -> Result<Option<i64>> {
        let q = "SELECT value FROM toasoan.meta WHERE key = 'schema_version'";
        let exists = self
            .client
            .query_one("SELECT to_regclass('toasoan.meta') IS NOT NULL", &[])
            .map_err(|e| describe(&e, "đọc phiên bản"))?
            .get::<_, bool>(0);
        if !exists {
            return Ok(None);
        }
        let row = self.client.query_opt(q, &[]).map_err(|e| describe(&e, "đọc phiên bản"))?;
        Ok(row.and_then(|r| r.get::<_, String>(0).parse().ok()))
    }

    /// Refuses to go on with a hub of another schema version, saying which
    /// side to update; nothing is written.
    pub fn check_version(&mut self) -> Result<()> {
        match self.version()? {
            Some(SCHEMA_VERSION) => Ok(()),
            None => Err(Error::HubRejected(
                "cơ sở dữ liệu này chưa là máy chủ chung của Tòa Soạn; lãnh đạo tòa soạn chạy `newsroom hub init`".into(),
            )),
            Some(v) if v > SCHEMA_VERSION => Err(Error::HubRejected(format!(
                "máy chủ chung có lược đồ phiên bản {v}, mới hơn phiên bản {SCHEMA_VERSION} của máy này: hãy cập nhật Tòa Soạn trên máy này (không có gì được ghi)"
            ))),
            Some(v) => Err(Error::HubRejected(format!(
                "máy chủ chung có lược đồ phiên bản {v}, cũ hơn phiên bản {SCHEMA_VERSION} của máy này: hãy nâng cấp máy chủ chung (`newsroom hub upgrade` với tài khoản quản trị đã tạo nó) trước (không có gì được ghi)"
            ))),
        }
    }

    /// Creates the hub's schema, group role and policies (as an admin), in
    /// one transaction. A database that already holds a hub is refused.
    pub fn install(&mut self) -> Result<()> {
        self.install_version(SCHEMA_VERSION)
    }

    /// [`Hub::install`] of an earlier version: what an older Tòa Soạn made
    /// (the upgrade tests start from each).
    #[doc(hidden)]
    pub fn install_version(&mut self, version: i64) -> Result<()> {
        if self.version()?.is_some() {
            return Err(Error::Conflict("cơ sở dữ liệu này đã là máy chủ chung của Tòa Soạn".into()));
        }
        let mut tx = self.client.transaction().map_err(|e| describe(&e, "tạo máy chủ chung"))?;
        tx.batch_execute(SCHEMA).map_err(|e| describe(&e, "tạo lược đồ máy chủ chung"))?;
        for (_, sql) in UPGRADES.iter().filter(|(v, _)| *v <= version) {
            tx.batch_execute(sql).map_err(|e| describe(&e, "tạo lược đồ máy chủ chung"))?;
        }
        if version >= 4 {
            tx.batch_execute(RULES).map_err(|e| describe(&e, "tạo quy tắc máy chủ chung"))?;
            tx.batch_execute(COLUMNS).map_err(|e| describe(&e, "tạo quy tắc máy chủ chung"))?;
        }
        tx.execute(
            "INSERT INTO toasoan.meta (key, value) VALUES ('schema_version', $1), ('admin', session_user::text)",
            &[&version.to_string()],
        )
        .map_err(|e| describe(&e, "ghi phiên bản"))?;
        tx.commit().map_err(|e| describe(&e, "tạo máy chủ chung"))
    }

    /// Brings the hub to [`SCHEMA_VERSION`] (as the admin who created it),
    /// every missing step in one transaction: all or nothing. Returns the
    /// version it found; a hub already there is left alone, a newer one is
    /// refused untouched.
    pub fn upgrade(&mut self) -> Result<i64> {
        let mut tx = self.client.transaction().map_err(|e| describe(&e, "nâng cấp máy chủ chung"))?;
        let exists: bool = tx
            .query_one("SELECT to_regclass('toasoan.meta') IS NOT NULL", &[])
            .map_err(|e| describe(&e, "đọc phiên bản"))?
            .get(0);
        if !exists {
            return Err(Error::HubRejected(
                "cơ sở dữ liệu này chưa là máy chủ chung của Tòa Soạn; lãnh đạo tòa soạn chạy `newsroom hub init`"
                    .into(),
            ));
        }
        let read = |tx: &mut postgres::Transaction<'_>, lock: &str| -> Result<(i64, String)> {
            let rows = tx
                .query(
                    &format!("SELECT key, value FROM toasoan.meta WHERE key IN ('schema_version', 'admin') {lock}"),
                    &[],
                )
                .map_err(|e| describe(&e, "đọc phiên bản"))?;
            let get = |k: &str| rows.iter().find(|r| r.get::<_, String>(0) == k).map(|r| r.get::<_, String>(1));
            Ok((get("schema_version").and_then(|v| v.parse().ok()).unwrap_or(0), get("admin").unwrap_or_default()))
        };
        let (found, admin) = read(&mut tx, "")?;
        if found > SCHEMA_VERSION {
            return Err(Error::HubRejected(format!(
                "máy chủ chung có lược đồ phiên bản {found}, mới hơn phiên bản {SCHEMA_VERSION} của máy này: hãy cập nhật Tòa Soạn trên máy này (không có gì được ghi)"
            )));
        }
        if found == SCHEMA_VERSION {
            return Ok(found);
        }
        if admin != self.user {
            return Err(Error::Forbidden {
                rule: "hub-admin",
                detail: format!(
                    "chỉ tài khoản quản trị đã tạo máy chủ chung («{admin}») nâng cấp được lược đồ; «{}» thì không (không có gì được ghi)",
                    self.user
                ),
            });
        }
        // Locked, then read again: two upgrades at once run one after the
        // other, and the second finds nothing to do.
        let (found, _) = read(&mut tx, "FOR UPDATE")?;
        if found >= SCHEMA_VERSION {
            return Ok(found);
        }
        for (v, sql) in UPGRADES.iter().filter(|(v, _)| *v > found) {
            tx.batch_execute(sql).map_err(|e| describe(&e, &format!("nâng cấp lên phiên bản {v}")))?;
        }
        tx.batch_execute(RULES).map_err(|e| describe(&e, "áp dụng quy tắc máy chủ chung"))?;
        tx.batch_execute(COLUMNS).map_err(|e| describe(&e, "áp dụng quy tắc máy chủ chung"))?;
        tx.execute("UPDATE toasoan.meta SET value = $1 WHERE key = 'schema_version'", &[&SCHEMA_VERSION.to_string()])
            .map_err(|e| describe(&e, "ghi phiên bản"))?;
        tx.commit().map_err(|e| describe(&e, "nâng cấp máy chủ chung"))?;
        Ok(found)
    }

    /// Writes rows as they are, as the admin who created the hub (a solo
    /// newsroom's history becoming the hub's first state).
    pub fn import(&mut self, rows: &[Row]) -> Result<usize> {
        let mut tx = self.client.transaction().map_err(|e| describe(&e, "nhập dữ liệu"))?;
        // Parents first, a thousand rows a statement.
        let mut ordered: Vec<&Row> = rows.iter().collect();
        ordered.sort_by_key(|r| TABLES.iter().position(|t| *t == r.tbl).unwrap_or(TABLES.len()));
        let st = tx
            .prepare(
                "INSERT INTO toasoan.rows (tbl, id, data, deleted)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::bool[])
                 ON CONFLICT (tbl, id) DO UPDATE SET data = EXCLUDED.data, deleted = EXCLUDED.deleted",
            )
            .map_err(|e| describe(&e, "nhập dữ liệu"))?;
        for batch in ordered.chunks(1_000) {
            let tbl: Vec<&str> = batch.iter().map(|r| r.tbl.as_str()).collect();
            let id: Vec<&str> = batch.iter().map(|r| r.id.as_str()).collect();
            let data: Vec<&Value> = batch.iter().map(|r| &r.data).collect();
            let deleted: Vec<bool> = batch.iter().map(|r| r.deleted).collect();
            tx.execute(&st, &[&tbl, &id, &data, &deleted]).map_err(|e| describe(&e, "nhập dữ liệu"))?;
        }
        // Whose piece each row is (pieces first: the others take their
        // piece's owner), as toasoan.scope says for every row pushed.
        if self_version(&mut tx)? >= 4 {
            for which in ["= 'assignments'", "<> 'assignments'"] {
                tx.batch_execute(&format!(
                    "UPDATE toasoan.rows r SET piece = s.piece, owner = s.owner
                       FROM toasoan.rows x, LATERAL toasoan.scope(x) s
                      WHERE x.tbl {which} AND r.tbl = x.tbl AND r.id = x.id"
                ))
                .map_err(|e| describe(&e, "nhập dữ liệu"))?;
            }
        }
        tx.commit().map_err(|e| describe(&e, "nhập dữ liệu"))?;
        // Statistics now, not at autovacuum's next round: the pulls' plans
        // (the txid index) depend on them.
        self.client.batch_execute("ANALYZE toasoan.rows").map_err(|e| describe(&e, "nhập dữ liệu"))?;
        Ok(rows.len())
    }

    /// Creates a login for a person of the newsroom (heads; or the admin at init).
    pub fn create_login(&mut self, login: &str, password: &str, role: &str, person_id: &str) -> Result<()> {
        if password.chars().count() < 8 {
            return Err(Error::invalid("password", "mật khẩu cần ít nhất 8 ký tự"));
        }
        self.client
            .execute("SELECT toasoan.create_login($1, $2, $3, $4)", &[&login, &verifier(password), &role, &person_id])
            .map_err(|e| describe(&e, &format!("tạo tài khoản {login}")))?;
        Ok(())
    }

    /// Changes the signed-in login's own password.
    pub fn set_password(&mut self, password: &str) -> Result<()> {
        if password.chars().count() < 8 {
            return Err(Error::invalid("password", "mật khẩu cần ít nhất 8 ký tự"));
        }
        // A verifier literal: ALTER ROLE takes no parameters; it is hex and `$`, no quote.
        let v = verifier(password);
        if v.contains('\'') {
            return Err(Error::invalid("password", "mật khẩu không dùng được"));
        }
        self.client
            .batch_execute(&format!("ALTER ROLE CURRENT_USER PASSWORD '{v}'"))
            .map_err(|e| describe(&e, "đổi mật khẩu"))
    }

    /// Who this login is in the newsroom, if it is one.
    pub fn member(&mut self) -> Result<Option<Member>> {
        let row = self
            .client
            .query_opt("SELECT login::text, person_id, role FROM toasoan.logins WHERE login = session_user", &[])
            .map_err(|e| describe(&e, "đọc tài khoản"))?;
        Ok(row.map(|r| Member { login: r.get(0), person_id: r.get(1), role: r.get(2) }))
    }

    /// Pushes `ops` (in sequence order) for `workbench` in one transaction,
    /// through the hub's checked `toasoan.push`: each operation applied or
    /// refused with its reason, the cursor moved on, the commit the
    /// acknowledgement. Operations at or before the workbench's cursor were
    /// applied by an earlier push whose acknowledgement was lost: the hub
    /// skips them when they are the same, and refuses the whole push with
    /// [`Error::Conflict`] naming `[workbench-copied]` when they are not (a
    /// restored or copied workbench: it takes a new id).
    pub fn push(&mut self, workbench: &str, ops: &[Op]) -> Result<Pushed> {
        let mut out = Pushed::default();
        for batch in push_batches(ops) {
            let json = Value::Array(
                batch
                    .iter()
                    .map(|o| {
                        serde_json::json!({ "seq": o.seq, "tbl": o.tbl, "id": o.id, "data": o.data.clone().unwrap_or(Value::Null) })
                    })
                    .collect(),
            );
            let mut tx = self.client.transaction().map_err(|e| describe(&e, "gửi thay đổi"))?;
            let r: Value =
                tx.query_one("SELECT toasoan.push($1, $2)", &[&workbench, &json]).map_err(|e| push_error(&e))?.get(0);
            tx.commit().map_err(|e| describe(&e, "gửi thay đổi"))?;
            out.up_to = r["up_to"].as_i64().unwrap_or(out.up_to);
            out.applied += r["applied"].as_u64().unwrap_or(0) as usize;
            for f in r["refused"].as_array().into_iter().flatten() {
                out.refused.push(Refused {
                    seq: f["seq"].as_i64().unwrap_or(0),
                    tbl: f["tbl"].as_str().unwrap_or_default().to_string(),
                    id: f["id"].as_str().unwrap_or_default().to_string(),
                    reason: f["reason"].as_str().unwrap_or_default().trim_start_matches("toasoan: ").to_string(),
                });
            }
        }
        Ok(out)
    }

    /// Pulls what this login may see and was written after snapshot `since`
    /// (everything when `None`), `page` rows at a time handed to `apply`;
    /// the last page comes with the new snapshot, to be stored in the same
    /// local transaction that applies it.
    pub fn pull(
        &mut self,
        since: Option<&str>,
        page: usize,
        mut apply: impl FnMut(Page, Option<&str>) -> Result<()>,
    ) -> Result<()> {
        let mut tx = self
            .client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(|e| describe(&e, "nhận thay đổi"))?;
        // First statement: the snapshot this pull reads as of.
        let snapshot: String =
            tx.query_one("SELECT pg_current_snapshot()::text", &[]).map_err(|e| describe(&e, "nhận thay đổi"))?.get(0);
        let order: String = TABLES.iter().enumerate().map(|(i, t)| format!(" WHEN '{t}' THEN {i}")).collect();
        // The previous snapshot is written into the statement (checked to be
        // a snapshot: digits, `:` and `,`), so the planner folds
        // `pg_snapshot_xmin` to a constant and walks the txid index; as a
        // parameter it guessed a third of the table and read every row.
        if let Some(s) = since {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b':' || b == b',') {
                return Err(Error::Storage(format!("ảnh chụp đồng bộ đã lưu không hợp lệ: «{s}»")));
            }
        }
        let changed = |col: &str| {
            since.map(|s| {
                format!(
                    "{col} >= pg_snapshot_xmin('{s}'::pg_snapshot) AND NOT pg_visible_in_snapshot({col}, '{s}'::pg_snapshot)"
                )
            })
        };
        let exits: Vec<(String, String)> = match changed("txid") {
            Some(c) => tx
                .query(&format!("SELECT tbl, id FROM toasoan.exits WHERE {c}"), &[])
                .map_err(|e| describe(&e, "nhận thay đổi"))?
                .into_iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect(),
            None => Vec::new(),
        };
        // Rows written since, and rows newly reached since (a contract line a
        // reporter reaches through their first piece on it was written long
        // before: its reach row is what is new).
        let sql = match (changed("txid"), changed("r.txid")) {
            (Some(c), Some(rc)) => format!(
                "SELECT tbl, id, data, deleted FROM (
                    SELECT tbl, id, data, deleted FROM toasoan.rows WHERE {c}
                    UNION ALL
                    SELECT x.tbl, x.id, x.data, x.deleted FROM toasoan.reach r
                      JOIN toasoan.rows x ON x.tbl = r.tbl AND x.id = r.id
                     WHERE r.person = (SELECT toasoan.me()) AND {rc}) u
                 ORDER BY CASE tbl{order} ELSE 99 END, id"
            ),
            _ => format!("SELECT tbl, id, data, deleted FROM toasoan.rows ORDER BY CASE tbl{order} ELSE 99 END, id"),
        };
        let st = tx.prepare(&sql).map_err(|e| describe(&e, "nhận thay đổi"))?;
        let portal = tx.bind(&st, &[]).map_err(|e| describe(&e, "nhận thay đổi"))?;
        let mut first = Page { rows: Vec::new(), exits };
        loop {
            let rows = tx.query_portal(&portal, page.max(1) as i32).map_err(|e| describe(&e, "nhận thay đổi"))?;
            let last = rows.len() < page.max(1);
            let mut p = std::mem::take(&mut first);
            p.rows = rows
                .into_iter()
                .map(|r| Row { tbl: r.get(0), id: r.get(1), data: r.get(2), deleted: r.get(3) })
                .collect();
            apply(p, last.then_some(snapshot.as_str()))?;
            if last {
                break;
            }
        }
        tx.commit().map_err(|e| describe(&e, "nhận thay đổi"))
    }

    /// The hub's current version of these rows (those this login may see).
    pub fn rows(&mut self, keys: &[(String, String)]) -> Result<Vec<Row>> {
        let mut out = Vec::new();
        for (tbl, id) in keys {
            let row = self
                .client
                .query_opt("SELECT tbl, id, data, deleted FROM toasoan.rows WHERE tbl = $1 AND id = $2", &[tbl, id])
                .map_err(|e| describe(&e, "đọc bản trên máy chủ chung"))?;
            out.extend(row.map(|r| Row { tbl: r.get(0), id: r.get(1), data: r.get(2), deleted: r.get(3) }));
        }
        Ok(out)
    }

    /// Whether the hub holds the whole file at `path`, and how many chunks of
    /// it it has (an interrupted upload resumes after them).
    pub fn file_state(&mut self, path: &str) -> Result<(bool, i64)> {
        let row = self
            .client
            .query_opt(
                "SELECT f.complete, (SELECT count(*) FROM toasoan.file_chunks c WHERE c.path = f.path)
                 FROM toasoan.files f WHERE f.path = $1",
                &[&path],
            )
            .map_err(|e| describe(&e, "đọc tệp trên máy chủ chung"))?;
        Ok(row.map_or((false, 0), |r| (r.get(0), r.get(1))))
    }

    /// Uploads a file in chunks of [`FILE_CHUNK`] bytes through the hub's
    /// checked `toasoan.put_chunk`, each committed on its own (resumable),
    /// then has the hub check it whole (`toasoan.finish_file`).
    pub fn put_file(&mut self, path: &str, bytes: &[u8], sha256: &str) -> Result<()> {
        let (complete, have) = self.file_state(path)?;
        if complete {
            return Ok(());
        }
        let what = format!("gửi tệp {path}");
        for (i, part) in bytes.chunks(FILE_CHUNK).enumerate().skip(have.max(0) as usize) {
            self.client
                .execute(
                    "SELECT toasoan.put_chunk($1, $2, $3, $4, $5)",
                    &[&path, &(bytes.len() as i64), &sha256, &(i as i32), &part],
                )
                .map_err(|e| describe(&e, &what))?;
        }
        let ok: bool =
            self.client.query_one("SELECT toasoan.finish_file($1)", &[&path]).map_err(|e| describe(&e, &what))?.get(0);
        if ok {
            Ok(())
        } else {
            Err(Error::HubRejected(format!("{what}: tệp trên máy chủ chung không khớp kích thước hoặc mã băm")))
        }
    }

    /// A file the hub holds complete, handed to `sink` chunk by chunk (never
    /// whole in memory); returns the SHA-256 the hub recorded for it, or
    /// `None` while it is not all there yet. A file over `max` bytes, or
    /// whose chunks do not add up to its recorded size, is refused before
    /// (or as soon as) it shows.
    pub fn get_file(
        &mut self,
        path: &str,
        max: u64,
        sink: &mut dyn FnMut(&[u8]) -> Result<()>,
    ) -> Result<Option<String>> {
        let what = format!("nhận tệp {path}");
        let Some(f) = self
            .client
            .query_opt("SELECT sha256, size FROM toasoan.files WHERE path = $1 AND complete", &[&path])
            .map_err(|e| describe(&e, &what))?
        else {
            return Ok(None);
        };
        let (sha, size): (String, i64) = (f.get(0), f.get(1));
        if size < 0 || size as u64 > max.min(MAX_FILE_BYTES) {
            return Err(Error::HubRejected(format!("{what}: tệp lớn quá giới hạn ({size} byte)")));
        }
        let chunks = (size as u64).div_ceil(FILE_CHUNK as u64);
        let mut got = 0u64;
        for idx in 0..chunks {
            let row = self
                .client
                .query_opt("SELECT data FROM toasoan.file_chunks WHERE path = $1 AND idx = $2", &[&path, &(idx as i32)])
                .map_err(|e| describe(&e, &what))?
                .ok_or_else(|| Error::HubRejected(format!("{what}: thiếu phần {idx} của tệp")))?;
            let data: &[u8] = row.get(0);
            got += data.len() as u64;
            if got > size as u64 {
                return Err(Error::HubRejected(format!("{what}: tệp dài hơn kích thước đã ghi")));
            }
            sink(data)?;
        }
        if got != size as u64 {
            return Err(Error::HubRejected(format!("{what}: tệp ngắn hơn kích thước đã ghi")));
        }
        Ok(Some(sha))
    }

    /// Claims the sending of revision `seq` of `piece` to `portal` for
    /// `holder` (this workbench) for `lease`, unless another holds a live
    /// lease or that revision (or a newer one) was sent already.
    pub fn claim_publish(
        &mut self,
        piece: &str,
        portal: &str,
        holder: &str,
        seq: i32,
        lease: Duration,
    ) -> Result<Claim> {
        let r = self
            .client
            .query_one(
                "SELECT outcome, login, post FROM toasoan.claim_publish($1, $2, $3, $4, $5)",
                &[&piece, &portal, &holder, &seq, &lease.as_secs_f64()],
            )
            .map_err(|e| describe(&e, "giành quyền đăng bài"))?;
        let (outcome, login, post): (String, String, Value) = (r.get(0), r.get(1), r.get(2));
        Ok(match outcome.as_str() {
            "ours" => Claim::Ours(post),
            "done" => Claim::Done(login, post),
            _ => Claim::Held(login),
        })
    }

    /// Records what we know of our post on the claim (before the next
    /// request: a takeover must find it); with `done_seq`, marks that
    /// revision sent and lets the lease go.
    pub fn record_claim(
        &mut self,
        piece: &str,
        portal: &str,
        holder: &str,
        post: &Value,
        done_seq: Option<i32>,
    ) -> Result<()> {
        let ours: bool = self
            .client
            .query_one("SELECT toasoan.record_claim($1, $2, $3, $4, $5)", &[&piece, &portal, &holder, post, &done_seq])
            .map_err(|e| describe(&e, "ghi việc đăng bài"))?
            .get(0);
        if !ours {
            return Err(Error::Conflict("máy khác đã nhận việc đăng bài này (hết hạn giữ chỗ); dừng lại".into()));
        }
        Ok(())
    }

    /// Asks the newsroom's other workbenches to send revision `seq` of
    /// `piece` to `portal` (this one has no secret for it).
    pub fn offer_publish(&mut self, piece: &str, portal: &str, seq: i32) -> Result<()> {
        self.client
            .execute("SELECT toasoan.offer_publish($1, $2, $3)", &[&piece, &portal, &seq])
            .map_err(|e| describe(&e, "nhờ máy khác đăng bài"))?;
        Ok(())
    }

    /// Takes the oldest offered send to one of `portals` (none held by a
    /// live lease; others' workbenches skip rows locked here).
    pub fn take_offer(
        &mut self,
        portals: &[String],
        skip: &[String],
        holder: &str,
        lease: Duration,
    ) -> Result<Option<Offer>> {
        let r = self
            .client
            .query_opt(
                "SELECT piece, portal, wanted_seq, wanted_by FROM toasoan.take_offer($1, $2, $3, $4)",
                &[&portals, &skip, &holder, &lease.as_secs_f64()],
            )
            .map_err(|e| describe(&e, "nhận việc đăng bài"))?;
        Ok(r.map(|r| Offer { piece: r.get(0), portal: r.get(1), seq: r.get(2), wanted_by: r.get(3) }))
    }

    /// Lets a claim go at once (this workbench cannot send it after all).
    pub fn release_claim(&mut self, piece: &str, portal: &str, holder: &str) -> Result<()> {
        self.client
            .execute("SELECT toasoan.release_claim($1, $2, $3)", &[&piece, &portal, &holder])
            .map_err(|e| describe(&e, "trả lại việc đăng bài"))?;
        Ok(())
    }

    /// Claims the polling of each (piece, source) for `holder` for `lease`;
    /// returns those it got (the others are another workbench's now).
    pub fn claim_polls(
        &mut self,
        keys: &[(String, String)],
        holder: &str,
        lease: Duration,
    ) -> Result<std::collections::HashSet<(String, String)>> {
        let (pieces, sources): (Vec<&str>, Vec<&str>) = keys.iter().map(|(p, s)| (p.as_str(), s.as_str())).unzip();
        let rows = self
            .client
            .query(
                "SELECT piece, source FROM toasoan.claim_polls($1, $2, $3, $4)",
                &[&pieces, &sources, &holder, &lease.as_secs_f64()],
            )
            .map_err(|e| describe(&e, "giành lượt đọc số liệu"))?;
        Ok(rows.into_iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// What the newsroom knows of an image on `portal`, whoever uploaded it.
    pub fn portal_image(&mut self, portal: &str, sha256: &str) -> Result<Option<HubImage>> {
        let r = self
            .client
            .query_opt(
                "SELECT slug, remote_id, url, done,
                        to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')
                   FROM toasoan.portal_media WHERE portal = $1 AND sha256 = $2",
                &[&portal, &sha256],
            )
            .map_err(|e| describe(&e, "đọc ảnh đã đăng"))?;
        Ok(r.map(|r| HubImage {
            slug: r.get(0),
            remote_id: r.get(1),
            url: r.get(2),
            done: r.get(3),
            updated_at: r.get(4),
        }))
    }

    /// Records that the upload of an image is about to be sent (kept when
    /// one is recorded already).
    pub fn image_sending(&mut self, portal: &str, sha256: &str, slug: &str) -> Result<()> {
        self.client
            .execute("SELECT toasoan.image_sending($1, $2, $3)", &[&portal, &sha256, &slug])
            .map_err(|e| describe(&e, "ghi ảnh đang tải lên"))?;
        Ok(())
    }

    /// Records an uploaded image.
    pub fn image_uploaded(&mut self, portal: &str, sha256: &str, slug: &str, remote_id: &str, url: &str) -> Result<()> {
        self.client
            .execute("SELECT toasoan.image_uploaded($1, $2, $3, $4, $5)", &[&portal, &sha256, &slug, &remote_id, &url])
            .map_err(|e| describe(&e, "ghi ảnh đã tải lên"))?;
        Ok(())
    }

    /// Listens for the hub's change notifications (hints to pull).
    pub fn listen(&mut self) -> Result<()> {
        self.client.batch_execute("LISTEN toasoan_changes").map_err(|e| describe(&e, "nghe thay đổi"))
    }

    /// Waits up to `timeout` for a change notification; `true` when one came.
    pub fn wait(&mut self, timeout: Duration) -> Result<bool> {
        let mut n = self.client.notifications();
        let heard = match n.timeout_iter(timeout).next() {
            Ok(Some(_)) => true,
            Ok(None) => false,
            Err(e) => return Err(describe(&e, "nghe thay đổi")),
        };
        // Every hint already here counts as this one (any member can
        // NOTIFY: a flood is read at once, not one round each). Bounded.
        if heard {
            // (Until the line is quiet for 20 ms: a burst still arriving.)
            let mut rest = n.timeout_iter(Duration::from_millis(20));
            for _ in 0..100_000 {
                match rest.next() {
                    Ok(Some(_)) => {}
                    Ok(None) => break,
                    Err(e) => return Err(describe(&e, "nghe thay đổi")),
                }
            }
        }
        Ok(heard)
    }

    /// The raw client (tests run plain SQL as a login through it).
    pub fn client(&mut self) -> &mut Client {
        &mut self.client
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The order a pull is applied in ([`TABLES`]) names exactly the tables
    /// the hub's SQL replicates (`toasoan.replicated_tables()`; the store ties
    /// its own list to the same SQL).
    #[test]
    fn the_pull_order_names_every_replicated_table_once() {
        let rules = include_str!("rules.sql");
        let at = rules.find("FUNCTION toasoan.replicated_tables()").expect("the hub's list");
        let list = &rules[at..];
        let list = &list[list.find("ARRAY[").unwrap() + 6..];
        let list = &list[..list.find(']').unwrap()];
        let mut sql: Vec<&str> = list.split(',').map(|t| t.trim().trim_matches('\'')).collect();
        let mut ours = TABLES.to_vec();
        assert_eq!(ours.len(), sql.len(), "{ours:?} vs {sql:?}");
        sql.sort_unstable();
        ours.sort_unstable();
        assert_eq!(ours, sql);
    }

    #[test]
    fn urls_are_read_and_credentials_in_them_refused() {
        let t = parse_url("postgres://hub.binhson.vn:5433/toasoan?sslmode=verify-full").unwrap();
        assert_eq!(
            t,
            Target { host: "hub.binhson.vn".into(), port: 5433, database: "toasoan".into(), tls: TlsMode::VerifyFull }
        );
        assert_eq!(parse_url("postgres://127.0.0.1/toasoan").unwrap().port, 5432);
        let e = parse_url("postgres://an:matkhau@127.0.0.1:5432/toasoan").unwrap_err();
        assert_eq!(e.code(), "invalid_input");
        assert!(!e.to_string().contains("matkhau"), "{e}");
        for bad in [
            "http://x/y",
            "postgres://x",
            "postgres://x:port/db",
            "postgres://x/db?sslmode=maybe",
            "postgres://x/db?user=a",
        ] {
            assert_eq!(parse_url(bad).unwrap_err().code(), "invalid_input", "{bad}");
        }
    }

    #[test]
    fn verifiers_are_scram_and_never_the_password() {
        let v = verifier("mật khẩu dài");
        assert!(v.starts_with("SCRAM-SHA-256$4096:"), "{v}");
        assert!(!v.contains("mật khẩu"));
        assert_ne!(verifier("mật khẩu dài"), v, "salted");
    }

    #[test]
    fn an_endpoint_never_prints_its_password() {
        let e =
            Endpoint { url: "postgres://x/y".into(), user: "an".into(), password: "s3cret-pass".into(), ca_pem: None };
        assert!(!format!("{e:?}").contains("s3cret"));
    }
}
