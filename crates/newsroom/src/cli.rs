//! The command line's top level: global options, the list of commands (each
//! defined in its module under [`crate::cmd`]) and the dispatch to them.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use toasoan_core::{Desk, Error, Result};
use toasoan_domain::Person;

use crate::cmd::{
    acceptance, agency, assignment, audit, backup, comment, conflict, contract, draft, engagement, feedback, hub,
    media, policy, portal, publishing, report, review, search, setup, user,
};

/// Tòa Soạn — bàn làm việc của tòa soạn cho truyền thông chính sách.
#[derive(Parser, Debug)]
#[command(name = "newsroom", version, about)]
pub struct Args {
    /// Thư mục dữ liệu (mặc định: thư mục dữ liệu ứng dụng của hệ điều hành).
    #[arg(long, global = true, env = "NEWSROOM_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Tên đăng nhập của người thực hiện (quy tắc vai trò áp dụng cho người này).
    #[arg(long = "as", global = true, env = "NEWSROOM_AS", value_name = "LOGIN")]
    as_login: Option<String>,
    /// In đúng một đối tượng JSON ra stdout.
    #[arg(long, global = true)]
    pub json: bool,
    /// Đọc cụm mật khẩu của hồ sơ (--as) từ dòng đầu của stdin.
    #[arg(long, global = true)]
    passphrase_stdin: bool,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    #[command(flatten)]
    Setup(setup::SetupCmd),
    /// Người dùng.
    #[command(subcommand)]
    User(user::UserCmd),
    /// Cơ quan đặt hàng.
    #[command(subcommand)]
    Agency(agency::AgencyCmd),
    /// Chính sách.
    #[command(subcommand)]
    Policy(policy::PolicyCmd),
    /// Hợp đồng đặt hàng.
    #[command(subcommand)]
    Contract(contract::ContractCmd),
    /// Việc được giao.
    #[command(subcommand)]
    Assignment(assignment::AssignmentCmd),
    /// Bản viết.
    #[command(subcommand)]
    Draft(draft::DraftCmd),
    /// Góp ý biên tập.
    #[command(subcommand)]
    Comment(comment::CommentCmd),
    #[command(flatten)]
    Review(review::ReviewCmd),
    /// Tìm kiếm không dấu ("nghi dinh" tìm được "Nghị định").
    Search(search::SearchArgs),
    /// Báo cáo.
    #[command(subcommand)]
    Report(report::ReportCmd),
    /// Ý kiến người dân từ mọi kênh.
    #[command(subcommand)]
    Feedback(feedback::FeedbackCmd),
    /// Thư viện ảnh và tệp đính kèm.
    #[command(subcommand)]
    Media(media::MediaCmd),
    /// Tài khoản cổng đăng bài (WordPress, gói xuất bản).
    #[command(subcommand)]
    Portal(portal::PortalCmd),
    /// Xếp bài đã duyệt vào hàng đợi đăng lên một cổng.
    Publish(publishing::PublishArgs),
    /// Gửi hết hàng đợi đăng bài (cho cron); mã thoát khác 0 nếu còn lệnh lỗi/xung đột/chờ.
    Sync(publishing::SyncArgs),
    /// Hàng đợi đăng bài: xem, gửi lại, hủy, giải quyết xung đột.
    #[command(subcommand)]
    Outbox(publishing::OutboxCmd),
    /// Bằng chứng đăng bài.
    #[command(subcommand)]
    Publication(publishing::PublicationCmd),
    /// Nghiệm thu hợp đồng: bảng kê đóng băng, hồ sơ XLSX và PDF.
    #[command(subcommand)]
    Acceptance(acceptance::AcceptanceCmd),
    /// Số liệu bạn đọc: thu thập (cron), nhập tệp CSV, nhập tay, xem.
    #[command(subcommand)]
    Engagement(engagement::EngagementCmd),
    /// Nhật ký kiểm tra (chỉ ghi thêm).
    Audit(audit::AuditArgs),
    /// Hai nhánh sửa của một bài (sửa cùng lúc trên hai máy): xem, gộp, giải quyết.
    #[command(subcommand)]
    Conflict(conflict::ConflictCmd),
    /// Máy chủ chung của tòa soạn (nhiều máy, một tòa soạn): tạo, nối, đồng bộ.
    #[command(subcommand)]
    Hub(hub::HubCmd),
    /// Sao lưu thư mục dữ liệu (cơ sở dữ liệu, ảnh gốc, bằng chứng đăng bài) vào một tệp; an toàn khi ứng dụng đang ghi.
    Backup(backup::BackupArgs),
    /// Khôi phục một bản sao lưu vào --data-dir (kiểm tra toàn bộ trước; không ghi đè nếu không có --replace).
    Restore(backup::RestoreArgs),
    /// Kiểm tra thư mục dữ liệu: cơ sở dữ liệu nguyên vẹn, mọi tệp ảnh và bằng chứng có mặt, đúng mã băm.
    Check,
}

fn data_dir(args: &Args) -> Result<PathBuf> {
    if let Some(d) = &args.data_dir {
        return Ok(d.clone());
    }
    dirs::data_dir()
        .map(|d| d.join("toa-soan"))
        .ok_or_else(|| Error::invalid("data-dir", "không xác định được thư mục dữ liệu; dùng --data-dir"))
}

/// What every command runs with: the desk opened on the data folder, the
/// folder itself, the output form and how to find the acting person.
pub struct Ctx<'a> {
    /// The desk on [`Ctx::dir`].
    pub desk: &'a Desk,
    /// The data folder.
    pub dir: &'a std::path::Path,
    /// `--json`: exactly one JSON object on stdout.
    pub json: bool,
    login: Option<String>,
    passphrase_stdin: bool,
}

impl Ctx<'_> {
    /// The acting person: the workbench's own person, or `--as` signed in
    /// (asking for the profile's passphrase when it has one).
    pub fn me(&self) -> Result<Person> {
        actor(self.desk, &self.login, self.passphrase_stdin)
    }

    /// The acting person if `--as` names one (a few commands also run with
    /// nobody named: the first head added, a backup by cron).
    pub fn named_actor(&self) -> Result<Option<Person>> {
        self.login.as_ref().map(|_| self.me()).transpose()
    }
}

fn actor(desk: &Desk, login: &Option<String>, passphrase_stdin: bool) -> Result<Person> {
    // `--passphrase-stdin`: the first line of stdin is the passphrase, and
    // is taken whether or not the profile needs one (else it would become
    // the first line of a body read from stdin).
    let stdin_line =
        if passphrase_stdin { crate::input::passphrase(login.as_deref().unwrap_or(""), true)? } else { None };
    if let Some(me) = desk.workbench_person(login.as_deref())? {
        return Ok(me);
    }
    let login = login.as_deref().ok_or(Error::Forbidden {
        rule: "actor-required",
        detail: "cần cho biết ai thực hiện: --as LOGIN (hoặc biến NEWSROOM_AS)".into(),
    })?;
    if !desk.locked_profiles()?.iter().any(|l| l == login.trim()) {
        return desk.sign_in(login, None);
    }
    let given = match stdin_line {
        Some(line) => Some(line),
        None => crate::input::passphrase(login.trim(), false)?,
    };
    desk.sign_in(login, given.as_deref())
}

/// Runs one command.
pub fn run(args: Args) -> Result<()> {
    let dir = data_dir(&args)?;
    let json = args.json;
    // A restore writes a folder that has no desk yet (or one to replace).
    let cmd = match args.cmd {
        Cmd::Restore(r) => return r.run(&dir, json),
        cmd => cmd,
    };
    let desk = Desk::open(&dir)?;
    if let Some(why) = desk.read_only() {
        eprintln!("newsroom: chú ý: {why} — dữ liệu mở chỉ để đọc, mọi thay đổi sẽ bị từ chối");
    }
    let cx = Ctx { desk: &desk, dir: &dir, json, login: args.as_login, passphrase_stdin: args.passphrase_stdin };
    match cmd {
        Cmd::Setup(c) => c.run(&cx),
        Cmd::User(c) => c.run(&cx),
        Cmd::Agency(c) => c.run(&cx),
        Cmd::Policy(c) => c.run(&cx),
        Cmd::Contract(c) => c.run(&cx),
        Cmd::Assignment(c) => c.run(&cx),
        Cmd::Feedback(c) => c.run(&cx),
        Cmd::Draft(c) => c.run(&cx),
        Cmd::Comment(c) => c.run(&cx),
        Cmd::Review(c) => c.run(&cx),
        Cmd::Search(a) => a.run(&cx),
        Cmd::Report(c) => c.run(&cx),
        Cmd::Media(c) => c.run(&cx),
        Cmd::Portal(c) => c.run(&cx),
        Cmd::Publish(a) => a.run(&cx),
        Cmd::Sync(a) => a.run(&cx),
        Cmd::Outbox(c) => c.run(&cx),
        Cmd::Publication(c) => c.run(&cx),
        Cmd::Acceptance(c) => c.run(&cx),
        Cmd::Engagement(c) => c.run(&cx),
        Cmd::Audit(a) => a.run(&cx),
        Cmd::Hub(c) => c.run(&cx),
        Cmd::Conflict(c) => c.run(&cx),
        Cmd::Backup(a) => a.run(&cx),
        Cmd::Check => backup::check(&cx),
        Cmd::Restore(_) => unreachable!("handled before the desk is opened"),
    }
}
