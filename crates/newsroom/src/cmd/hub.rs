//! `newsroom hub init|upgrade|user add|connect|sync|status|password`: team mode — a
//! newsroom of many workbenches meeting on one PostgreSQL hub.

use clap::{Args, Subcommand};
use std::path::PathBuf;
use toasoan_core::desk::{
    hub_upgrade, HubLink, HubProbe, HubStatus, HubStep, HubUpgrade, InvitationJoin, NewPerson, SyncReport,
};
use toasoan_core::team::TeamStatus;
use toasoan_core::{secret, Desk, Error, Result};

use toasoan_domain::team::{Endpoint, Invitation, MAX_INVITATION_BYTES};
use toasoan_domain::{Notification, Role};

use crate::cli::Ctx;
use crate::input::parse;
use crate::input::read_stdin_secret;
use crate::output::{emit, partial_failure};

/// Exit status of a sync the hub refused part of (the rest went through).
pub const REFUSED: u8 = 12;
/// Exit status of `hub check` when the hub cannot be reached (as `hub_unavailable`).
const UNREACHABLE: u8 = 10;
/// Exit status of `hub check` when the hub answered but refused (as `hub_rejected`).
const REJECTED: u8 = 11;

#[derive(Subcommand, Debug)]
pub enum HubCmd {
    /// Tạo máy chủ chung (một lần, với quyền quản trị PostgreSQL): lược đồ,
    /// vai trò, bảo mật theo dòng, tài khoản lãnh đạo; máy này nối vào với
    /// tư cách lãnh đạo. --from-local: tòa soạn trên máy này thành dữ liệu đầu tiên.
    Init(InitArgs),
    /// Người dùng của máy chủ chung.
    #[command(subcommand)]
    User(UserCmd),
    /// Nối máy này vào máy chủ chung với một tài khoản (thư mục dữ liệu trống).
    Connect(JoinArgs),
    /// Gửi thay đổi đang chờ và nhận thay đổi của người khác.
    Sync,
    /// Tình trạng: có kết nối không, bao nhiêu thay đổi chờ gửi, lần đồng bộ cuối.
    Status,
    /// Đổi mật khẩu của chính mình (đọc từ stdin).
    Password,
    /// Nâng cấp lược đồ của máy chủ chung lên phiên bản của Tòa Soạn này (tài khoản
    /// quản trị PostgreSQL đã chạy `hub init`): mọi bước còn thiếu trong một giao dịch;
    /// máy chủ đã đúng phiên bản thì không đổi gì.
    Upgrade(ConnectArgs),
    /// Kiểm tra kết nối (địa chỉ, chứng chỉ, đăng nhập, lược đồ, tài khoản) mà không ghi gì;
    /// nêu bước hỏng đầu tiên.
    Check(ConnectArgs),
    /// Giữ máy này khớp với máy chủ chung như cửa sổ ứng dụng làm: đồng bộ khi máy chủ báo có
    /// thay đổi, khi có thay đổi chờ gửi, và ít nhất 30 giây một lần; mất kết nối thì thử lại
    /// sau 2, 4, 8… đến 30 giây. In mỗi lần tình trạng đổi (--json: mỗi dòng một đối tượng JSON).
    Watch {
        /// Dừng sau chừng này giây (mặc định: chạy đến khi bị dừng).
        #[arg(long = "for", value_name = "GIÂY", value_parser = clap::value_parser!(u64).range(1..=31_536_000))]
        for_secs: Option<u64>,
    },
    /// Thông báo của người dùng máy này: bài được giao, yêu cầu sửa, duyệt, đăng, xung đột, bị từ chối.
    Notifications {
        /// Đánh dấu đã đọc hết.
        #[arg(long)]
        read_all: bool,
    },
}

/// `hub init` flags: the server's as `hub connect` takes them (as the
/// PostgreSQL admin), then the head's login.
#[derive(Args, Debug)]
pub struct InitArgs {
    #[command(flatten)]
    server: ConnectArgs,
    /// Tài khoản của lãnh đạo tòa soạn.
    #[arg(long)]
    head: String,
    /// Biến môi trường chứa mật khẩu của lãnh đạo.
    #[arg(long)]
    head_password_env: String,
    /// Đưa tòa soạn trên máy này (người, hợp đồng, mọi bài với lịch sử) lên máy chủ chung.
    #[arg(long)]
    from_local: bool,
}

/// How to reach the hub as one login: `hub connect`, `check`, `upgrade`,
/// and the server part of `hub init`.
#[derive(Args, Debug)]
pub struct ConnectArgs {
    /// postgres://MÁY:CỔNG/CSDL?sslmode=verify-full
    #[arg(long)]
    url: String,
    /// Tài khoản đăng nhập (hub init, hub upgrade: tài khoản quản trị PostgreSQL).
    #[arg(long)]
    user: String,
    /// Biến môi trường chứa mật khẩu (máy không có kho khóa, cron); tên biến được ghi nhớ.
    #[arg(long, conflicts_with = "password_stdin")]
    password_env: Option<String>,
    /// Đọc mật khẩu từ stdin và lưu vào kho khóa của hệ điều hành.
    #[arg(long)]
    password_stdin: bool,
    /// Chứng chỉ của cơ quan cấp (CA), cho sslmode=verify-full.
    #[arg(long, value_name = "FILE")]
    ca_cert: Option<String>,
}

impl ConnectArgs {
    /// The server as the PostgreSQL admin (`hub init`, `hub upgrade`).
    fn admin(&self) -> Result<Endpoint> {
        Ok(Endpoint {
            url: self.url.clone(),
            user: self.user.clone(),
            password: password(self.password_env.as_deref(), self.password_stdin, "của tài khoản quản trị")?,
            ca_pem: read_ca(self.ca_cert.as_deref())?,
        })
    }
}

#[derive(Subcommand, Debug)]
pub enum UserCmd {
    /// Thêm người và tài khoản đăng nhập (lãnh đạo); người đã có trong tòa soạn được cấp tài khoản.
    Add {
        login: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        pen_name: Option<String>,
        /// Biến môi trường chứa mật khẩu ban đầu của người đó.
        #[arg(long)]
        password_env: String,
        /// Ghi thư mời của người đó vào tệp này (địa chỉ máy chủ, tên đăng nhập, chứng chỉ;
        /// không bao giờ có mật khẩu — đưa mật khẩu riêng).
        #[arg(long, value_name = "FILE")]
        invitation: Option<PathBuf>,
    },
}

/// `hub connect`: by an invitation file, or by the address, login and CA.
#[derive(clap::Args, Debug)]
pub struct JoinArgs {
    /// postgres://MÁY:CỔNG/CSDL?sslmode=verify-full
    #[arg(long, required_unless_present = "invitation", conflicts_with = "invitation")]
    url: Option<String>,
    /// Tài khoản đăng nhập.
    #[arg(long, required_unless_present = "invitation", conflicts_with = "invitation")]
    user: Option<String>,
    /// Biến môi trường chứa mật khẩu (máy không có kho khóa, cron); tên biến được ghi nhớ.
    #[arg(long, conflicts_with = "password_stdin")]
    password_env: Option<String>,
    /// Đọc mật khẩu từ stdin và lưu vào kho khóa của hệ điều hành.
    #[arg(long)]
    password_stdin: bool,
    /// Chứng chỉ của cơ quan cấp (CA), cho sslmode=verify-full.
    #[arg(long, value_name = "FILE", conflicts_with = "invitation")]
    ca_cert: Option<String>,
    /// Thư mời lãnh đạo tòa soạn đưa (`hub user add --invitation`): địa chỉ, tài khoản, chứng chỉ.
    #[arg(long, value_name = "FILE")]
    invitation: Option<PathBuf>,
}

/// A password from a named variable or stdin; one of them is needed.
fn password(env: Option<&str>, stdin: bool, what: &str) -> Result<String> {
    match (env, stdin) {
        (Some(var), _) => {
            secret::check_env_name(var)?;
            secret::named(var, what)
        }
        (None, true) => read_stdin_secret(),
        (None, false) => {
            Err(Error::invalid("password", format!("cần mật khẩu {what}: --password-env BIẾN hoặc --password-stdin")))
        }
    }
}

/// The CA certificate a flag names, read whole.
fn read_ca(path: Option<&str>) -> Result<Option<Vec<u8>>> {
    path.map(std::fs::read)
        .transpose()
        .map_err(|e| Error::invalid("ca-cert", format!("không đọc được tệp chứng chỉ: {e}")))
}

impl HubCmd {
    /// Runs a `hub` command; `me` is the acting person where one is needed.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, json) = (cx.desk, cx.json);
        // The acting person, asked for only where a command needs one.
        let me = || cx.me();
        let c = self;
        match c {
            HubCmd::Init(a) => {
                let admin = a.server.admin()?;
                secret::check_env_name(&a.head_password_env)?;
                let head_password = secret::named(&a.head_password_env, "mật khẩu của lãnh đạo")?;
                let link = HubLink {
                    url: a.server.url,
                    login: a.head,
                    ca_cert: a.server.ca_cert,
                    password_env: Some(a.head_password_env),
                };
                let r = desk.team().init(&admin, link, &head_password, a.from_local)?;
                emit(json, &r, || crate::out!("Đã tạo máy chủ chung; máy này đã nối vào và nhận {} dòng.", r.pulled));
            }
            HubCmd::Upgrade(a) => {
                let r = hub_upgrade(&a.admin()?)?;
                emit(json, &r, || upgrade_outcome(&r));
            }
            HubCmd::Connect(a) => {
                if let Some(v) = &a.password_env {
                    secret::check_env_name(v)?;
                }
                let progress = |n: u32| {
                    if n > 0 && n % 10_000 == 0 {
                        eprintln!("newsroom: đã nhận {n} dòng…");
                    }
                };
                let r = match &a.invitation {
                    Some(file) => {
                        let invitation = Invitation::parse(&crate::input::read_capped(file, MAX_INVITATION_BYTES)?)?;
                        let who = format!("của {}", invitation.login);
                        let pw = password(a.password_env.as_deref(), a.password_stdin, &who)?;
                        let join = InvitationJoin { invitation, password: Some(pw), password_env: a.password_env };
                        desk.team().accept_invitation(&join, &progress)?
                    }
                    None => {
                        let (url, user) = (a.url.unwrap_or_default(), a.user.unwrap_or_default());
                        let pw = password(a.password_env.as_deref(), a.password_stdin, &format!("của {user}"))?;
                        let link = HubLink { url, login: user, ca_cert: a.ca_cert, password_env: a.password_env };
                        desk.team().connect(link, &pw, &progress)?
                    }
                };
                emit(json, &r, || crate::out!("Đã nối vào máy chủ chung; nhận {} dòng.", r.pulled));
            }
            HubCmd::Sync => {
                let r = desk.team().sync()?;
                if !r.refused.is_empty() {
                    partial_failure(REFUSED);
                    for x in &r.refused {
                        eprintln!("newsroom: máy chủ chung từ chối {} {}: {}", x.table, x.id, x.reason);
                    }
                }
                emit(json, &r, || sync_summary(&r));
            }
            HubCmd::Watch { for_secs } => watch(desk, for_secs.map(std::time::Duration::from_secs), json)?,
            HubCmd::Status => {
                let s = desk.team().status()?;
                emit(json, &s, || hub_status(&s));
            }
            HubCmd::Check(a) => {
                if let Some(v) = &a.password_env {
                    secret::check_env_name(v)?;
                }
                let pw = password(a.password_env.as_deref(), a.password_stdin, &format!("của {}", a.user))?;
                let link = HubLink { url: a.url, login: a.user, ca_cert: a.ca_cert, password_env: a.password_env };
                let p = desk.team().probe(&link, &pw)?;
                if let Some(step) = p.failed_step {
                    partial_failure(if step == HubStep::Address { UNREACHABLE } else { REJECTED });
                    eprintln!("newsroom: {}", p.message.as_deref().unwrap_or_default());
                }
                emit(json, &p, || probe_outcome(&p));
            }
            HubCmd::Notifications { read_all } => {
                let me = me()?;
                if read_all {
                    desk.mark_notifications_read(&me, None)?;
                }
                let list = desk.notifications(&me)?;
                let unread = list.iter().filter(|n| !n.read).count();
                emit(json, &serde_json::json!({ "notifications": list, "unread": unread }), || {
                    notification_list(&list, unread)
                });
            }
            HubCmd::Password => {
                desk.team().set_password(&read_stdin_secret()?)?;
                emit(json, &serde_json::json!({ "changed": true }), || crate::out!("Đã đổi mật khẩu."));
            }
            HubCmd::User(UserCmd::Add { login, role, name, pen_name, password_env, invitation }) => {
                secret::check_env_name(&password_env)?;
                let pw = secret::named(&password_env, &format!("mật khẩu ban đầu của {login}"))?;
                let new = NewPerson { login, real_name: name, pen_name, role: parse::<Role>(&role)? };
                let me = me()?;
                let p = desk.team().add_user(&me, new, &pw)?;
                let mut out = serde_json::to_value(&p).map_err(|e| Error::invalid("json", e.to_string()))?;
                if let Some(file) = &invitation {
                    let text = desk.team().invitation(&me, &p.login)?.to_json();
                    std::fs::write(file, text).map_err(|e| {
                        Error::invalid("invitation", format!("không ghi được thư mời vào {}: {e}", file.display()))
                    })?;
                    out["invitation"] = file.display().to_string().into();
                }
                emit(json, &out, || {
                    crate::out!("Đã cấp tài khoản {} ({}) trên máy chủ chung.", p.login, p.role.label_vi());
                    if let Some(file) = &invitation {
                        crate::out!("Thư mời: {} (đưa kèm mật khẩu, riêng).", file.display());
                    }
                });
            }
        }
        Ok(())
    }
}

/// `hub watch`: the team runner's rounds until `limit` (or forever); each
/// change of status printed (one JSON object per line with `--json`).
fn watch(desk: &Desk, limit: Option<std::time::Duration>, json: bool) -> Result<()> {
    use toasoan_core::team::{Round, TeamRunner};
    if desk.team().link()?.is_none() {
        return Err(Error::invalid("hub", "máy này chưa nối vào máy chủ chung của tòa soạn"));
    }
    let started = std::time::Instant::now();
    let mut runner = TeamRunner::new();
    let mut last: Option<TeamStatus> = None;
    while limit.is_none_or(|l| started.elapsed() < l) {
        let round = runner.round(desk, &mut |s| {
            if last.as_ref() == Some(s) {
                return;
            }
            last = Some(s.clone());
            emit(json, s, || team_status_line(s));
        });
        if round == Round::Solo {
            return Err(Error::invalid("hub", "máy này không còn nối vào máy chủ chung của tòa soạn"));
        }
    }
    Ok(())
}

// Text renderers: what a person reads without --json.

/// The hub's schema upgraded from one version to another, or already current.
fn upgrade_outcome(r: &HubUpgrade) {
    if r.upgraded {
        crate::out!("Đã nâng cấp máy chủ chung từ phiên bản {} lên {}.", r.from, r.to)
    } else {
        crate::out!("Máy chủ chung đã ở phiên bản {}; không có gì thay đổi.", r.to)
    }
}

/// A sync with the hub: changes sent and received, refused, in conflict, still waiting.
fn sync_summary(r: &SyncReport) {
    crate::out!(
        "Đã gửi {} thay đổi, nhận {}; {} bị từ chối, {} xung đột, {} còn chờ.",
        r.pushed,
        r.pulled,
        r.refused.len(),
        r.conflicts,
        r.pending
    );
}

/// This workbench and the hub: login, connected or not, what waits, the problem if any.
fn hub_status(s: &HubStatus) {
    crate::out!("{} — {}", s.login, if s.online { "có kết nối" } else { "mất kết nối" });
    crate::out!("{} thay đổi chờ gửi; {} xung đột", s.pending, s.conflicts);
    if let Some(p) = &s.problem {
        crate::out!("{p}");
    }
}

/// A connection test: the account's role when it connects, else why not.
fn probe_outcome(p: &HubProbe) {
    match (&p.failed_step, &p.role) {
        (None, Some(r)) => crate::out!("Kết nối được; tài khoản là {} của tòa soạn.", r.label_vi()),
        _ => crate::out!("Không kết nối được: {}", p.message.as_deref().unwrap_or_default()),
    }
}

/// The person's notifications, unread ones marked `•`, then how many are unread.
fn notification_list(list: &[Notification], unread: usize) {
    for n in list {
        crate::out!("{} {} — {} {} {}", if n.read { " " } else { "•" }, n.at, n.kind.label_vi(), n.title, n.detail);
    }
    crate::out!("{unread} chưa đọc.");
}

/// One line of `hub watch`: login, connection, rows last received, what waits, the problem if any.
fn team_status_line(s: &TeamStatus) {
    let state = if s.syncing {
        "đang đồng bộ"
    } else if s.online {
        "có kết nối"
    } else {
        "mất kết nối"
    };
    crate::out!(
        "{} — {state}; nhận {} dòng lần cuối; {} thay đổi chờ gửi, {} xung đột{}",
        s.login.as_deref().unwrap_or_default(),
        s.pulled,
        s.counts.pending,
        s.counts.conflicts,
        s.problem.as_deref().map(|p| format!(" — {p}")).unwrap_or_default()
    );
}
