//! `newsroom report contract|period`: a contract's figures, and the running
//! bảng kê and dossier up to today; the period report across contracts.
use std::path::PathBuf;

use clap::Subcommand;
use toasoan_core::desk::{value_warnings, ContractReport};
use toasoan_core::{Error, Result};
use toasoan_documents::dossier::{period, save};
use toasoan_domain::text::format::{date_vi, parse_date, vnd};
use toasoan_domain::PeriodReport;

use crate::cli::Ctx;
use crate::output::{emit, files_written};

#[derive(Subcommand, Debug)]
pub enum ReportCmd {
    /// Số lượng, đã giao, đã đăng và giá trị theo từng hạng mục; --xlsx/--pdf
    /// ghi bảng kê tạm tính và hồ sơ in đến hôm nay.
    Contract {
        id: String,
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
    },
    /// Kết quả truyền thông chính sách trong một khoảng ngày, qua mọi hợp đồng: bài theo chính
    /// sách, giai đoạn, thể loại, kênh và cơ quan, số liệu bạn đọc, giá trị, ý kiến người dân;
    /// --xlsx/--pdf ghi báo cáo để gửi Sở.
    Period {
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
    },
}

impl ReportCmd {
    /// Runs a `report` command.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, me, json) = (cx.desk, &cx.me()?, cx.json);
        let c = self;
        match c {
            ReportCmd::Period { from, to, xlsx, pdf } => {
                let r = desk.period_report(me, parse_date("from", &from)?, parse_date("to", &to)?)?;
                let mut files = serde_json::Map::new();
                if let Some(path) = &xlsx {
                    save(path, &period::xlsx(&r)?)?;
                    files.insert("xlsx".into(), path.display().to_string().into());
                }
                if let Some(path) = &pdf {
                    save(path, &period::pdf(&r)?)?;
                    files.insert("pdf".into(), path.display().to_string().into());
                }
                let files = serde_json::Value::from(files);
                let mut value = serde_json::to_value(&r).map_err(|e| Error::Storage(e.to_string()))?;
                value["files"] = files.clone();
                emit(json, &value, || period_report(&r, &files));
            }
            ReportCmd::Contract { id, xlsx, pdf } => {
                let r = desk.contract_report(me, &id)?;
                let files = super::acceptance::contract_files(desk, me, &id, xlsx.as_deref(), pdf.as_deref())?;
                let mut value = serde_json::to_value(&r).map_err(|e| Error::Storage(e.to_string()))?;
                value["files"] = files.clone();
                emit(json, &value, || contract_report(&r, &value_warnings(&r.contract), &files));
            }
        }
        Ok(())
    }
}

// Text renderers: what a person reads without --json.

/// The period report: totals, then pieces and value by policy, stage, genre, channel, agency; the files written.
fn period_report(r: &PeriodReport, files: &serde_json::Value) {
    crate::out!("Kết quả truyền thông chính sách {} – {}", date_vi(r.from), date_vi(r.to));
    let t = &r.totals;
    crate::out!(
        "{} bài đăng, {} được tính, giá trị {}; {} lượt xem; {} ý kiến người dân",
        t.pieces,
        t.counted,
        vnd(t.value),
        t.views,
        t.feedback
    );
    for (name, rows) in [
        ("Chính sách", &r.by_policy),
        ("Giai đoạn", &r.by_stage),
        ("Thể loại", &r.by_genre),
        ("Kênh", &r.by_channel),
        ("Cơ quan", &r.by_agency),
    ] {
        crate::out!("{name}:");
        for x in rows {
            crate::out!("  {:<50} {:>5} bài {:>20} {:>10} lượt xem", x.label, x.pieces, vnd(x.value), x.views);
        }
    }
    files_written(files);
}

/// A contract's report: term, a table of its lines, totals, the projection, its value warnings, the files written.
fn contract_report(r: &ContractReport, warnings: &[String], files: &serde_json::Value) {
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
        Some(p) => {
            crate::out!("Theo tiến độ hiện nay, đến hết hạn đạt khoảng {p}/{} sản phẩm", r.quota)
        }
        None => {}
    }
    for w in warnings {
        crate::out!("Cảnh báo: {w}");
    }
    files_written(files);
}
