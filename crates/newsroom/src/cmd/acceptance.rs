//! `newsroom contract edit|amend|amendments`, `report contract --xlsx --pdf`,
//! `acceptance create|preview|list|show`: the contract ledger and the
//! acceptance dossier from the command line.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use serde_json::json;
use toasoan_core::desk::{AcceptanceOutcome, AcceptancePreview};
use toasoan_core::{Desk, Result};
use toasoan_documents::dossier::{self, Dossier};
use toasoan_domain::text::format::{date_vi, parse_date, vnd};
use toasoan_domain::time::vn_datetime_display;
use toasoan_domain::{Acceptance, Person};

use crate::cli::Ctx;
use crate::output::{emit, files_written};

#[derive(Subcommand, Debug)]
pub enum AcceptanceCmd {
    /// Nghiệm thu các tác phẩm đã đăng, được tính, đến hết ngày --until: đóng
    /// băng bảng kê, chuyển các bài sang «đã nghiệm thu». Chạy lại cùng kỳ
    /// không thay đổi gì; kỳ chồng lên đợt trước bị từ chối.
    Create {
        contract_id: String,
        #[arg(long)]
        until: String,
        /// Ghi bảng kê ra tệp XLSX.
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
        /// Ghi hồ sơ in (bảng kê, minh chứng, dự thảo biên bản) ra tệp PDF.
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
    },
    /// Xem trước một đợt nghiệm thu (không ghi gì).
    Preview {
        contract_id: String,
        #[arg(long)]
        until: String,
    },
    /// Các đợt nghiệm thu của một hợp đồng.
    List { contract_id: String },
    /// Một đợt nghiệm thu, với bảng kê; xuất lại tệp nếu cần.
    Show {
        id: String,
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
    },
}

/// Writes the dossier's documents where asked (each file replaced whole).
fn write_files(d: &Dossier, xlsx: Option<&Path>, pdf: Option<&Path>) -> Result<serde_json::Value> {
    let mut files = serde_json::Map::new();
    if let Some(p) = xlsx {
        dossier::save(p, &dossier::xlsx::render(d)?)?;
        files.insert("xlsx".into(), json!(p));
    }
    if let Some(p) = pdf {
        dossier::save(p, &dossier::pdf::render(d)?)?;
        files.insert("pdf".into(), json!(p));
    }
    Ok(files.into())
}

impl AcceptanceCmd {
    /// `newsroom acceptance …`.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, me, json) = (cx.desk, &cx.me()?, cx.json);
        let c = self;
        match c {
            AcceptanceCmd::Create { contract_id, until, xlsx, pdf } => {
                let until = parse_date("until", &until)?;
                let out = desk.create_acceptance(me, &contract_id, until)?;
                let files = if xlsx.is_some() || pdf.is_some() {
                    write_files(&desk.acceptance_dossier(me, &out.acceptance.id)?, xlsx.as_deref(), pdf.as_deref())?
                } else {
                    json!({})
                };
                emit(json, &json!({ "acceptance": out.acceptance, "created": out.created, "files": files }), || {
                    acceptance_created(&out, &files)
                });
            }
            AcceptanceCmd::Preview { contract_id, until } => {
                let p = desk.preview_acceptance(me, &contract_id, parse_date("until", &until)?)?;
                emit(json, &p, || acceptance_preview(&p));
            }
            AcceptanceCmd::List { contract_id } => {
                let list = desk.acceptances(me, &contract_id)?;
                emit(json, &json!({ "acceptances": list }), || acceptance_table(&list));
            }
            AcceptanceCmd::Show { id, xlsx, pdf } => {
                let x = desk.acceptance(me, &id)?;
                let files = write_files(&desk.acceptance_dossier(me, &x.id)?, xlsx.as_deref(), pdf.as_deref())?;
                emit(json, &json!({ "acceptance": x, "files": files }), || acceptance_card(&x));
            }
        }
        Ok(())
    }
}

/// `newsroom report contract ID [--xlsx FILE] [--pdf FILE]`: the running
/// dossier's documents, beside the usual report.
pub fn contract_files(
    desk: &Desk,
    me: &Person,
    id: &str,
    xlsx: Option<&Path>,
    pdf: Option<&Path>,
) -> Result<serde_json::Value> {
    if xlsx.is_none() && pdf.is_none() {
        return Ok(json!({}));
    }
    write_files(&desk.contract_dossier(me, id)?, xlsx, pdf)
}

// Text renderers: what a person reads without --json.

/// `acceptance create`'s outcome: made now or found as it was, the round, the files written.
fn acceptance_created(out: &AcceptanceOutcome, files: &serde_json::Value) {
    if out.created {
        crate::out!("Đã nghiệm thu, id {}", out.acceptance.id);
    } else {
        crate::out!("Kỳ này đã được nghiệm thu trước đó (không thay đổi gì), id {}", out.acceptance.id);
    }
    acceptance_card(&out.acceptance);
    files_written(files);
}

/// One acceptance round: its header, then its bảng kê one row a piece.
fn acceptance_card(x: &Acceptance) {
    crate::out!(
        "Đợt {} ({} – {}): {} tác phẩm, {} — {} bởi {}",
        x.seq,
        date_vi(x.period_from),
        date_vi(x.period_until),
        x.items.len(),
        vnd(x.total_amount),
        vn_datetime_display(x.created_at),
        x.created_by
    );
    for i in &x.items {
        crate::out!(
            "  {:>3}. {}  {}  {}  {}",
            i.position,
            date_vi(toasoan_domain::time::vn_date(i.published_at)),
            vnd(i.amount),
            i.headline,
            i.url
        );
    }
}

/// The round `acceptance create` would make: its rows and the pieces over quota.
fn acceptance_preview(p: &AcceptancePreview) {
    crate::out!(
        "Đợt {} ({} – {}): {} tác phẩm, {}{}",
        p.seq,
        date_vi(p.period_from),
        date_vi(p.period_until),
        p.items.len(),
        vnd(p.total_amount),
        if p.existing.is_some() { " — đã nghiệm thu" } else { "" }
    );
    for i in &p.items {
        crate::out!("  {:>3}. {}  {}", i.position, vnd(i.amount), i.headline);
    }
    if !p.over_quota.is_empty() {
        crate::out!("Vượt định mức (không nghiệm thu): {}", p.over_quota.len());
        for i in &p.over_quota {
            crate::out!("   -  {}", i.headline);
        }
    }
}

/// A contract's acceptance rounds, one line each.
fn acceptance_table(list: &[Acceptance]) {
    for x in list {
        crate::out!(
            "{}  đợt {}  {} – {}  {}",
            x.id,
            x.seq,
            date_vi(x.period_from),
            date_vi(x.period_until),
            vnd(x.total_amount)
        );
    }
}
