//! Command-line grammar and dispatch. Each command is a few lines over a
//! [`Desk`] method; all rules live in the core.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use serde_json::json;
use toasoan_core::desk::{DraftPatch, NewAssignment, NewContract, NewLine, NewPerson, NewPolicy};
use toasoan_core::domain::{Channel, Genre, Person, PolicyStage, Role, State};
use toasoan_core::text::format::{date_vi, parse_date, parse_dong, vnd};
use toasoan_core::time::vn_datetime_display;
use toasoan_core::{demo, diff, Desk, Error, Result};

use crate::input;
use crate::output::{emit, segments};

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
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Tạo (hoặc nâng cấp) kho dữ liệu.
    Init,
    /// Nạp tòa soạn mẫu (chạy lại không thay đổi gì).
    Demo,
    /// Người dùng.
    #[command(subcommand)]
    User(UserCmd),
    /// Cơ quan đặt hàng.
    #[command(subcommand)]
    Agency(AgencyCmd),
    /// Chính sách.
    #[command(subcommand)]
    Policy(PolicyCmd),
    /// Hợp đồng đặt hàng.
    #[command(subcommand)]
    Contract(ContractCmd),
    /// Việc được giao.
    #[command(subcommand)]
    Assignment(AssignmentCmd),
    /// Bản viết.
    #[command(subcommand)]
    Draft(DraftCmd),
    /// Góp ý biên tập.
    #[command(subcommand)]
    Comment(CommentCmd),
    /// Nộp bài.
    Submit { id: String },
    /// Duyệt bài (ghi nhận mã băm của đúng bản được duyệt).
    Approve { id: String },
    /// Trả bài, yêu cầu sửa.
    RequestChanges {
        id: String,
        #[arg(long)]
        comment: String,
    },
    /// Ghi nhận bài đã đăng (đăng thủ công).
    MarkPublished {
        id: String,
        #[arg(long)]
        url: String,
    },
    /// Ghi nhận nghiệm thu một bài đã đăng.
    Accept { id: String },
    /// Lãnh đạo điều chỉnh: bài được tính (--count) hoặc không tính (--no-count) vào hợp đồng, kèm lý do.
    Override {
        id: String,
        #[arg(long, conflicts_with = "no_count", required_unless_present = "no_count")]
        count: bool,
        #[arg(long)]
        no_count: bool,
        #[arg(long)]
        reason: String,
    },
    /// Hủy việc được giao.
    Cancel {
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// Tìm kiếm không dấu ("nghi dinh" tìm được "Nghị định").
    Search {
        #[arg(required = true)]
        query: Vec<String>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Báo cáo.
    #[command(subcommand)]
    Report(ReportCmd),
    /// Thư viện ảnh và tệp đính kèm.
    #[command(subcommand)]
    Media(crate::media_cmd::MediaCmd),
    /// Tài khoản cổng đăng bài (WordPress, gói xuất bản).
    #[command(subcommand)]
    Portal(crate::publish_cmd::PortalCmd),
    /// Xếp bài đã duyệt vào hàng đợi đăng lên một cổng.
    Publish {
        id: String,
        #[arg(long)]
        portal: String,
    },
    /// Gửi hết hàng đợi đăng bài (cho cron); mã thoát khác 0 nếu còn lệnh lỗi/xung đột/chờ.
    Sync(crate::publish_cmd::SyncArgs),
    /// Hàng đợi đăng bài: xem, gửi lại, hủy, giải quyết xung đột.
    #[command(subcommand)]
    Outbox(crate::publish_cmd::OutboxCmd),
    /// Bằng chứng đăng bài.
    #[command(subcommand)]
    Publication(crate::publish_cmd::PublicationCmd),
    /// Nghiệm thu hợp đồng: bảng kê đóng băng, hồ sơ XLSX và PDF.
    #[command(subcommand)]
    Acceptance(crate::ledger_cmd::AcceptanceCmd),
    /// Số liệu bạn đọc: thu thập (cron), nhập tệp CSV, nhập tay, xem.
    #[command(subcommand)]
    Engagement(crate::engagement_cmd::EngagementCmd),
    /// Nhật ký kiểm tra (chỉ ghi thêm).
    Audit {
        #[arg(long)]
        entity: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum UserCmd {
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

#[derive(Subcommand, Debug)]
enum AgencyCmd {
    /// Thêm cơ quan đặt hàng.
    Add {
        #[arg(long)]
        name: String,
    },
    /// Danh sách.
    List,
}

#[derive(Subcommand, Debug)]
enum PolicyCmd {
    /// Thêm chính sách.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        doc_number: String,
        #[arg(long)]
        issuer: Option<String>,
        #[arg(long, default_value = "ban-hanh")]
        stage: String,
    },
    /// Danh sách.
    List,
}

#[derive(Subcommand, Debug)]
enum ContractCmd {
    /// Thêm hợp đồng.
    Add {
        #[arg(long)]
        agency: String,
        #[arg(long)]
        number: String,
        #[arg(long)]
        start: String,
        #[arg(long)]
        end: String,
        #[arg(long, default_value = "0", allow_hyphen_values = true)]
        value: String,
        #[arg(long)]
        signed: Option<String>,
        #[arg(long, default_value = "")]
        notes: String,
        /// Người ký bên A (cơ quan đặt hàng).
        #[arg(long, default_value = "")]
        agency_signatory: String,
        /// Tên tòa soạn ghi trong hợp đồng (bên B).
        #[arg(long, default_value = "")]
        newsroom: String,
        /// Người ký bên B.
        #[arg(long, default_value = "")]
        newsroom_signatory: String,
        /// Chính sách được đặt hàng (lặp lại được).
        #[arg(long = "policy")]
        policies: Vec<String>,
    },
    /// Sửa thông tin mô tả (số, ngày, thời hạn, các bên, ghi chú, chính sách).
    /// Số lượng, đơn giá, giá trị chỉ đổi qua phụ lục.
    Edit(crate::ledger_cmd::EditArgs),
    /// Ghi phụ lục: số lượng, đơn giá của hạng mục, hạng mục mới, giá trị mới.
    Amend(crate::ledger_cmd::AmendArgs),
    /// Lịch sử phụ lục.
    Amendments { id: String },
    /// Hạng mục hợp đồng.
    #[command(subcommand)]
    Line(LineCmd),
    /// Danh sách hợp đồng.
    List,
    /// Chi tiết một hợp đồng.
    Show { id: String },
}

#[derive(Subcommand, Debug)]
enum LineCmd {
    /// Thêm hạng mục.
    Add {
        contract_id: String,
        #[arg(long)]
        genre: String,
        #[arg(long)]
        channel: String,
        #[arg(long, allow_negative_numbers = true)]
        quantity: i64,
        #[arg(long, allow_hyphen_values = true)]
        unit_price: String,
        #[arg(long, allow_negative_numbers = true)]
        min_words: Option<i64>,
        #[arg(long, allow_negative_numbers = true)]
        max_words: Option<i64>,
    },
}

#[derive(Subcommand, Debug)]
enum AssignmentCmd {
    /// Giao việc.
    Add {
        #[arg(long)]
        line: String,
        #[arg(long)]
        policy: String,
        #[arg(long)]
        reporter: String,
        #[arg(long)]
        due: String,
        #[arg(long)]
        title: String,
        #[arg(long, default_value = "")]
        brief: String,
        #[arg(long)]
        editor: Option<String>,
    },
    /// Danh sách (phóng viên chỉ thấy việc của mình).
    List {
        #[arg(long)]
        mine: bool,
        #[arg(long)]
        state: Vec<String>,
    },
    /// Chi tiết.
    Show { id: String },
}

#[derive(Subcommand, Debug)]
enum DraftCmd {
    /// Lưu một bản (chính văn từ --file, hoặc từ stdin khi không có trường nào khác).
    Save {
        id: String,
        #[arg(long)]
        file: Option<PathBuf>,
        #[arg(long)]
        headline: Option<String>,
        #[arg(long)]
        sapo: Option<String>,
        #[arg(long)]
        byline: Option<String>,
        /// Chuyển văn bản gõ bằng phông TCVN3/VNI sang Unicode.
        #[arg(long)]
        convert_legacy: bool,
    },
    /// Nội dung hiện tại.
    Show { id: String },
    /// Lịch sử các bản lưu.
    History { id: String },
    /// So sánh hai bản lưu.
    Diff { id: String, a: i64, b: i64 },
    /// Danh mục kiểm tra trước khi đăng.
    Checklist { id: String },
    /// HTML đã làm sạch, đúng như sẽ đăng.
    Render { id: String },
}

#[derive(Subcommand, Debug)]
enum CommentCmd {
    /// Thêm góp ý.
    Add {
        id: String,
        #[arg(long)]
        text: String,
    },
    /// Danh sách góp ý (một bài, hoặc toàn tòa soạn).
    List {
        id: Option<String>,
        #[arg(long)]
        unresolved: bool,
    },
    /// Sửa góp ý của mình.
    Edit {
        comment_id: String,
        #[arg(long)]
        text: String,
    },
    /// Xóa góp ý của mình.
    Delete { comment_id: String },
    /// Đánh dấu đã xử lý.
    Resolve { comment_id: String },
}

#[derive(Subcommand, Debug)]
enum ReportCmd {
    /// Số lượng, đã giao, đã đăng và giá trị theo từng hạng mục; --xlsx/--pdf
    /// ghi bảng kê tạm tính và hồ sơ in đến hôm nay.
    Contract {
        id: String,
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
    },
}

fn data_dir(args: &Args) -> Result<PathBuf> {
    if let Some(d) = &args.data_dir {
        return Ok(d.clone());
    }
    dirs::data_dir()
        .map(|d| d.join("toa-soan"))
        .ok_or_else(|| Error::invalid("data-dir", "không xác định được thư mục dữ liệu; dùng --data-dir"))
}

fn actor(desk: &Desk, login: &Option<String>) -> Result<Person> {
    let login = login.as_deref().ok_or(Error::Forbidden {
        rule: "actor-required",
        detail: "cần cho biết ai thực hiện: --as LOGIN (hoặc biến NEWSROOM_AS)".into(),
    })?;
    desk.person(login)
}

pub(crate) fn parse<T: std::str::FromStr<Err = Error>>(s: &str) -> Result<T> {
    s.parse()
}

/// Runs one command.
pub fn run(args: Args) -> Result<()> {
    let dir = data_dir(&args)?;
    let desk = Desk::open(&dir)?;
    let json = args.json;
    let me = || actor(&desk, &args.as_login);
    match args.cmd {
        Cmd::Init => {
            let v = desk.store().schema_version()?;
            let path = desk.store().path().display().to_string();
            emit(json, &json!({ "path": path, "schema_version": v }), || {
                crate::out!("Kho dữ liệu sẵn sàng: {path} (lược đồ phiên bản {v})")
            });
        }
        Cmd::Demo => {
            let s = demo::load(&desk)?;
            emit(json, &s, || {
                if s.created {
                    crate::out!(
                        "Đã nạp tòa soạn mẫu Báo Bình Sơn: {} hợp đồng, {} việc được giao.",
                        s.contracts,
                        s.assignments
                    );
                } else {
                    crate::out!("Tòa soạn mẫu đã có sẵn; không thay đổi gì.");
                }
                crate::out!(
                    "Thử với --as: {}",
                    s.people.iter().map(|(l, r)| format!("{l} ({})", r.label_vi())).collect::<Vec<_>>().join(", ")
                );
            });
        }
        Cmd::User(UserCmd::Add { login, name, role, pen_name }) => {
            let actor = args.as_login.as_ref().map(|_| me()).transpose()?;
            let p = desk.add_person(
                actor.as_ref(),
                NewPerson { login, real_name: name, pen_name, role: parse::<Role>(&role)? },
            )?;
            emit(json, &p, || {
                crate::out!("Đã thêm {} «{}» ({}), id {}", p.login, p.real_name, p.role.label_vi(), p.id)
            });
        }
        Cmd::User(UserCmd::List) => {
            let people = desk.people()?;
            emit(json, &json!({ "people": people }), || {
                for p in &people {
                    let pen = p.pen_name.as_deref().map(|n| format!(" — bút danh {n}")).unwrap_or_default();
                    crate::out!("{:<10} {} ({}){pen}", p.login, p.real_name, p.role.label_vi());
                }
            });
        }
        Cmd::Agency(AgencyCmd::Add { name }) => {
            let a = desk.add_agency(&me()?, &name)?;
            emit(json, &a, || crate::out!("Đã thêm cơ quan «{}», id {}", a.name, a.id));
        }
        Cmd::Agency(AgencyCmd::List) => {
            let list = desk.agencies()?;
            emit(json, &json!({ "agencies": list }), || list.iter().for_each(|a| crate::out!("{}  {}", a.id, a.name)));
        }
        Cmd::Policy(PolicyCmd::Add { name, doc_number, issuer, stage }) => {
            let p =
                desk.add_policy(&me()?, NewPolicy { name, doc_number, issuer, stage: parse::<PolicyStage>(&stage)? })?;
            emit(json, &p, || crate::out!("Đã thêm chính sách «{}» ({}), id {}", p.name, p.doc_number, p.id));
        }
        Cmd::Policy(PolicyCmd::List) => {
            let list = desk.policies()?;
            emit(json, &json!({ "policies": list }), || {
                list.iter()
                    .for_each(|p| crate::out!("{}  {} ({}) — {}", p.id, p.name, p.doc_number, p.stage.label_vi()))
            });
        }
        Cmd::Contract(c) => contract(&desk, &me()?, c, json)?,
        Cmd::Assignment(c) => assignment(&desk, &me()?, c, json)?,
        Cmd::Draft(c) => draft(&desk, &me()?, c, json)?,
        Cmd::Comment(c) => comment(&desk, &me()?, c, json)?,
        Cmd::Media(c) => crate::media_cmd::run(&desk, &me()?, c, json)?,
        Cmd::Portal(c) => crate::publish_cmd::portal(&desk, &me()?, c, json)?,
        Cmd::Publish { id, portal } => crate::publish_cmd::publish(&desk, &me()?, &id, &portal, json)?,
        Cmd::Sync(a) => crate::publish_cmd::sync(&dir, a, json)?,
        Cmd::Outbox(c) => crate::publish_cmd::outbox(&desk, &me()?, c, json)?,
        Cmd::Publication(c) => crate::publish_cmd::publication(&desk, &me()?, c, json)?,
        Cmd::Acceptance(c) => crate::ledger_cmd::acceptance(&desk, &me()?, c, json)?,
        Cmd::Engagement(c) => crate::engagement_cmd::engagement(&desk, &me()?, c, json)?,
        Cmd::Submit { id } => {
            let rev = desk.submit(&me()?, &id)?;
            emit(
                json,
                &json!({ "assignment": id, "state": State::Submitted, "revision": rev.seq, "content_hash": rev.content_hash }),
                || crate::out!("Đã nộp bài (bản {}), chờ biên tập duyệt.", rev.seq),
            );
        }
        Cmd::Approve { id } => {
            let a = desk.approve(&me()?, &id)?;
            emit(json, &a, || crate::out!("Đã duyệt bản {} (SHA-256 {}).", a.revision_seq, a.content_hash));
        }
        Cmd::RequestChanges { id, comment } => {
            let cid = desk.request_changes(&me()?, &id, &comment)?;
            emit(json, &json!({ "assignment": id, "state": State::ChangesRequested, "comment_id": cid }), || {
                crate::out!("Đã trả bài kèm góp ý {cid}.")
            });
        }
        Cmd::MarkPublished { id, url } => {
            let s = desk.mark_published(&me()?, &id, &url, None)?;
            emit(json, &json!({ "assignment": id, "state": s, "url": url }), || {
                crate::out!("Đã ghi nhận bài đăng tại {url}.")
            });
        }
        Cmd::Override { id, count, no_count: _, reason } => {
            let oid = desk.override_counting(&me()?, &id, count, &reason)?;
            emit(json, &json!({ "assignment": id, "override_id": oid, "counts": count, "reason": reason }), || {
                crate::out!(
                    "Đã ghi điều chỉnh: bài {} vào hợp đồng. Lý do: {reason}",
                    if count { "được tính" } else { "không được tính" }
                )
            });
        }
        Cmd::Accept { id } => {
            let s = desk.accept(&me()?, &id)?;
            emit(json, &json!({ "assignment": id, "state": s }), || crate::out!("Đã ghi nhận nghiệm thu."));
        }
        Cmd::Cancel { id, reason } => {
            let s = desk.cancel(&me()?, &id, &reason)?;
            emit(json, &json!({ "assignment": id, "state": s }), || crate::out!("Đã hủy việc."));
        }
        Cmd::Search { query, limit } => {
            let q = query.join(" ");
            let hits = desk.search(&me()?, &q, limit)?;
            emit(json, &json!({ "query": q, "hits": hits }), || {
                if hits.is_empty() {
                    crate::out!("Không tìm thấy kết quả cho «{q}».");
                }
                for h in &hits {
                    crate::out!("#{} [{}] {}", h.num, h.state.label_vi(), segments(&h.headline));
                    crate::out!("    {}", segments(&h.snippet));
                }
            });
        }
        Cmd::Report(ReportCmd::Contract { id, xlsx, pdf }) => {
            let r = desk.contract_report(&me()?, &id)?;
            let files = crate::ledger_cmd::contract_files(&desk, &me()?, &id, xlsx.as_deref(), pdf.as_deref())?;
            let mut value = serde_json::to_value(&r).map_err(|e| Error::Storage(e.to_string()))?;
            value["files"] = files.clone();
            emit(json, &value, || {
                let c = &r.contract;
                crate::out!("Hợp đồng {} — {}", c.number, c.agency_name);
                crate::out!(
                    "Thời hạn {} – {} (còn {} ngày); giá trị {}",
                    date_vi(c.start_on),
                    date_vi(c.end_on),
                    r.days_left,
                    vnd(c.total_value)
                );
                crate::out!(
                    "{:<14} {:<16} {:>6} {:>6} {:>8} {:>7} {:>9} {:>20}",
                    "Thể loại",
                    "Kênh",
                    "Đặt",
                    "Giao",
                    "Đã đăng",
                    "Đã NT",
                    "Đơn giá",
                    "Giá trị đã đăng"
                );
                for l in &r.lines {
                    crate::out!(
                        "{:<14} {:<16} {:>6} {:>6} {:>8} {:>7} {:>9} {:>20}",
                        l.line.genre.label_vi(),
                        l.line.channel.label_vi(),
                        l.line.quantity,
                        l.assigned,
                        l.delivered,
                        l.accepted,
                        vnd(l.line.unit_price),
                        vnd(l.value_delivered)
                    );
                }
                crate::out!("Tổng: đã đăng {}/{} sản phẩm, giá trị {}", r.delivered, r.quota, vnd(r.value_delivered));
                crate::out!(
                    "Đã nghiệm thu {} sản phẩm ({}); giá trị còn lại {}",
                    r.accepted,
                    vnd(r.value_accepted),
                    vnd(r.value_remaining)
                );
                match r.projected {
                    Some(p) if r.shortfall > 0 => crate::out!(
                        "RỦI RO: theo tiến độ hiện nay, đến hết hạn đạt khoảng {p}/{} sản phẩm, thiếu {}",
                        r.quota,
                        r.shortfall
                    ),
                    Some(p) => crate::out!("Theo tiến độ hiện nay, đến hết hạn đạt khoảng {p}/{} sản phẩm", r.quota),
                    None => {}
                }
                for w in toasoan_core::desk::value_warnings(&r.contract) {
                    crate::out!("Cảnh báo: {w}");
                }
                for (k, v) in files.as_object().into_iter().flatten() {
                    crate::out!("Đã ghi {k}: {}", v.as_str().unwrap_or_default());
                }
            });
        }
        Cmd::Audit { entity } => {
            let events = desk.audit_log(&me()?, entity.as_deref())?;
            emit(json, &json!({ "events": events }), || {
                for e in &events {
                    crate::out!(
                        "{:>5} {} {:<8} {:<28} {} {}",
                        e.seq,
                        vn_datetime_display(e.at),
                        e.actor,
                        e.action,
                        e.entity_id,
                        e.detail
                    );
                }
            });
        }
    }
    Ok(())
}

fn contract(desk: &Desk, me: &Person, c: ContractCmd, json: bool) -> Result<()> {
    match c {
        ContractCmd::Add {
            agency,
            number,
            start,
            end,
            value,
            signed,
            notes,
            agency_signatory,
            newsroom,
            newsroom_signatory,
            policies,
        } => {
            let nc = NewContract {
                agency_id: agency,
                number,
                signed_on: signed.as_deref().map(|s| parse_date("signed", s)).transpose()?,
                start_on: parse_date("start", &start)?,
                end_on: parse_date("end", &end)?,
                total_value: parse_dong("value", &value)?,
                notes,
                agency_signatory,
                newsroom_name: newsroom,
                newsroom_signatory,
                policy_ids: policies,
            };
            let k = desk.add_contract(me, nc)?;
            emit(json, &k, || crate::out!("Đã thêm hợp đồng {} ({}), id {}", k.number, vnd(k.total_value), k.id));
        }
        ContractCmd::Line(LineCmd::Add { contract_id, genre, channel, quantity, unit_price, min_words, max_words }) => {
            let l = NewLine {
                genre: parse::<Genre>(&genre)?,
                channel: parse::<Channel>(&channel)?,
                quantity,
                unit_price: parse_dong("unit-price", &unit_price)?,
                min_words,
                max_words,
            };
            let (line, warnings) = desk.add_line(me, &contract_id, l)?;
            for w in &warnings {
                eprintln!("newsroom: cảnh báo: {w}");
            }
            emit(json, &json!({ "line": line, "warnings": warnings }), || {
                crate::out!(
                    "Đã thêm hạng mục {} × {} {} ({}/sp), id {}",
                    line.quantity,
                    line.genre.label_vi(),
                    line.channel.label_vi(),
                    vnd(line.unit_price),
                    line.id
                )
            });
        }
        ContractCmd::Edit(a) => crate::ledger_cmd::edit(desk, me, a, json)?,
        ContractCmd::Amend(a) => crate::ledger_cmd::amend(desk, me, a, json)?,
        ContractCmd::Amendments { id } => crate::ledger_cmd::amendments(desk, me, &id, json)?,
        ContractCmd::List => {
            let list = desk.contracts(me)?;
            emit(json, &json!({ "contracts": list }), || {
                for k in &list {
                    crate::out!(
                        "{}  {}  {}  {} – {}  {}",
                        k.id,
                        k.number,
                        k.agency_name,
                        date_vi(k.start_on),
                        date_vi(k.end_on),
                        vnd(k.total_value)
                    );
                }
            });
        }
        ContractCmd::Show { id } => {
            let k = desk.contract(me, &id)?;
            emit(json, &k, || {
                crate::out!("Hợp đồng {} — {}", k.number, k.agency_name);
                if let Some(s) = k.signed_on {
                    crate::out!("Ngày ký: {}", date_vi(s));
                }
                crate::out!(
                    "Thời hạn: {} – {}; giá trị: {}",
                    date_vi(k.start_on),
                    date_vi(k.end_on),
                    vnd(k.total_value)
                );
                for l in &k.lines {
                    let tier = match (l.min_words, l.max_words) {
                        (None, Some(m)) => format!(" (≤ {m} chữ)"),
                        (Some(m), None) => format!(" (≥ {m} chữ)"),
                        (Some(a), Some(b)) => format!(" ({a}–{b} chữ)"),
                        (None, None) => String::new(),
                    };
                    crate::out!(
                        "  {}  {} {}{tier}: {} × {} = {}",
                        l.id,
                        l.genre.label_vi(),
                        l.channel.label_vi(),
                        l.quantity,
                        vnd(l.unit_price),
                        vnd(l.value())
                    );
                }
            });
        }
    }
    Ok(())
}

fn assignment(desk: &Desk, me: &Person, c: AssignmentCmd, json: bool) -> Result<()> {
    match c {
        AssignmentCmd::Add { line, policy, reporter, due, title, brief, editor } => {
            let a = desk.add_assignment(
                me,
                NewAssignment {
                    line_id: line,
                    policy_id: policy,
                    reporter,
                    editor,
                    due_on: parse_date("due", &due)?,
                    title,
                    brief,
                },
            )?;
            emit(json, &a, || {
                crate::out!(
                    "Đã giao việc #{} «{}» cho {}, hạn {}; id {}",
                    a.num,
                    a.title,
                    a.reporter,
                    date_vi(a.due_on),
                    a.id
                )
            });
        }
        AssignmentCmd::List { mine, state } => {
            let states = state.iter().map(|s| parse::<State>(s)).collect::<Result<Vec<_>>>()?;
            let list = desk.assignments(me, mine, states)?;
            emit(json, &json!({ "assignments": list }), || {
                for a in &list {
                    crate::out!(
                        "#{:<4} {:<14} hạn {} {:<10} {:<12} {}",
                        a.num,
                        a.state.label_vi(),
                        date_vi(a.due_on),
                        a.reporter,
                        a.genre.label_vi(),
                        a.title
                    );
                }
            });
        }
        AssignmentCmd::Show { id } => {
            let a = desk.assignment(me, &id)?;
            emit(json, &a, || {
                crate::out!("#{} {} ({})", a.num, a.title, a.id);
                crate::out!("Trạng thái: {}; hạn: {}", a.state.label_vi(), date_vi(a.due_on));
                crate::out!("Hợp đồng {} — {} / {}", a.contract_number, a.genre.label_vi(), a.channel.label_vi());
                crate::out!("Chính sách: {} ({})", a.policy_name, a.policy_doc_number);
                crate::out!(
                    "Phóng viên: {} ({}); biên tập: {}",
                    a.reporter_name,
                    a.reporter,
                    a.editor.as_deref().unwrap_or("—")
                );
                if !a.brief.is_empty() {
                    crate::out!("Yêu cầu: {}", a.brief);
                }
            });
        }
    }
    Ok(())
}

fn draft(desk: &Desk, me: &Person, c: DraftCmd, json: bool) -> Result<()> {
    match c {
        DraftCmd::Save { id, file, headline, sapo, byline, convert_legacy } => {
            use std::io::IsTerminal;
            let fields_given = headline.is_some() || sapo.is_some() || byline.is_some();
            let implicit_stdin = file.is_none();
            let source =
                file.or_else(|| (!fields_given && !std::io::stdin().is_terminal()).then(|| PathBuf::from("-")));
            let body = source.map(|p| input::read_body(&p, convert_legacy)).transpose()?;
            // Empty stdin (cron, /dev/null) never wipes a body.
            let body = body.filter(|b| !(implicit_stdin && b.text.trim().is_empty()));
            if body.is_none() && !fields_given {
                return Err(Error::invalid(
                    "draft",
                    "không có gì để lưu: cho --file, --headline, --sapo hoặc nội dung qua stdin",
                ));
            }
            let legacy = body.as_ref().and_then(|b| b.legacy.clone().map(|d| (d, b.converted)));
            let out = desk.save_draft(me, &id, DraftPatch { headline, sapo, body: body.map(|b| b.text), byline })?;
            if let Some((d, converted)) = &legacy {
                if !converted {
                    eprintln!(
                        "newsroom: lưu ý: chính văn có vẻ gõ bằng phông {}; đã lưu nguyên văn. Chạy lại với --convert-legacy để chuyển sang Unicode.",
                        d.encoding.label()
                    );
                }
            }
            let legacy_json = legacy.as_ref().map(|(d, c)| json!({ "encoding": d.encoding, "converted": c }));
            emit(
                json,
                &json!({ "assignment": id, "revision": out.revision.seq, "created": out.created, "content_hash": out.revision.content_hash, "state": out.state, "words": out.revision.word_count, "legacy": legacy_json }),
                || {
                    if out.created {
                        crate::out!("Đã lưu bản {} ({} chữ).", out.revision.seq, out.revision.word_count);
                    } else {
                        crate::out!("Không có thay đổi so với bản {}.", out.revision.seq);
                    }
                },
            );
        }
        DraftCmd::Show { id } => {
            let d = desk.draft(me, &id)?;
            emit(json, &d, || {
                crate::out!("# {}\n", d.headline);
                if !d.sapo.is_empty() {
                    crate::out!("**{}**\n", d.sapo);
                }
                crate::out!("{}\n", d.body);
                crate::out!("— {}", d.byline);
            });
        }
        DraftCmd::History { id } => {
            let revs = desk.history(me, &id)?;
            let meta: Vec<_> = revs
                .iter()
                .map(|r| json!({ "id": r.id, "seq": r.seq, "author": r.author, "reason": r.reason, "created_at": r.created_at, "content_hash": r.content_hash, "words": r.word_count, "headline": r.draft.headline }))
                .collect();
            emit(json, &json!({ "assignment": id, "revisions": meta }), || {
                for r in &revs {
                    crate::out!(
                        "bản {:<3} {} {:<8} {:<9} {:>5} chữ  {}",
                        r.seq,
                        vn_datetime_display(r.created_at),
                        r.author,
                        r.reason,
                        r.word_count,
                        &r.content_hash[..12]
                    );
                }
            });
        }
        DraftCmd::Diff { id, a, b } => {
            let (ra, rb, d) = desk.diff(me, &id, a, b)?;
            emit(json, &json!({ "assignment": id, "a": a, "b": b, "fields": d }), || {
                crate::output::write_out(format_args!(
                    "{}",
                    diff::unified(&ra.draft, &rb.draft, &format!("bản {a}"), &format!("bản {b}"))
                ))
            });
        }
        DraftCmd::Checklist { id } => {
            let c = desk.checklist(me, &id)?;
            emit(json, &c, || {
                for i in &c.items {
                    crate::out!("[{}] {}", if i.ok { "✓" } else { "✗" }, i.message);
                }
            });
        }
        DraftCmd::Render { id } => {
            let r = desk.render(me, &id)?;
            emit(json, &r, || crate::out!("{}", r.html));
        }
    }
    Ok(())
}

fn comment(desk: &Desk, me: &Person, c: CommentCmd, json: bool) -> Result<()> {
    let show = |c: &toasoan_core::domain::Comment| {
        let status = if c.resolved_at.is_some() { "đã xử lý" } else { "chưa xử lý" };
        crate::out!(
            "#{} {} {} [{status}] {}: {}",
            c.assignment_num,
            c.id,
            vn_datetime_display(c.created_at),
            c.author,
            c.text
        );
    };
    match c {
        CommentCmd::Add { id, text } => {
            let c = desk.add_comment(me, &id, &text)?;
            emit(json, &c, || show(&c));
        }
        CommentCmd::List { id, unresolved } => {
            let list = desk.comments(me, id.as_deref(), unresolved)?;
            emit(json, &json!({ "comments": list }), || list.iter().for_each(show));
        }
        CommentCmd::Edit { comment_id, text } => {
            let c = desk.edit_comment(me, &comment_id, &text)?;
            emit(json, &c, || show(&c));
        }
        CommentCmd::Delete { comment_id } => {
            desk.delete_comment(me, &comment_id)?;
            emit(json, &json!({ "deleted": comment_id }), || crate::out!("Đã xóa góp ý {comment_id}."));
        }
        CommentCmd::Resolve { comment_id } => {
            let c = desk.resolve_comment(me, &comment_id)?;
            emit(json, &c, || show(&c));
        }
    }
    Ok(())
}
