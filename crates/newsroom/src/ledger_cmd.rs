//! `newsroom contract edit|amend|amendments`, `report contract --xlsx --pdf`,
//! `acceptance create|preview|list|show`: the contract ledger and the
//! acceptance dossier from the command line.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use serde_json::json;
use toasoan_core::desk::{ContractEdit, LineChange, NewAmendment, NewLine};
use toasoan_core::domain::{Acceptance, Channel, Genre, Person};
use toasoan_core::dossier::{self, Dossier};
use toasoan_core::text::format::{date_vi, parse_date, parse_dong, vnd};
use toasoan_core::time::vn_datetime_display;
use toasoan_core::{Desk, Error, Result};

use crate::output::emit;

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

/// `contract edit` flags: only what is given changes.
#[derive(clap::Args, Debug)]
pub struct EditArgs {
    id: String,
    #[arg(long)]
    number: Option<String>,
    #[arg(long)]
    signed: Option<String>,
    #[arg(long)]
    start: Option<String>,
    #[arg(long)]
    end: Option<String>,
    #[arg(long)]
    notes: Option<String>,
    /// Người ký bên A (cơ quan đặt hàng).
    #[arg(long)]
    agency_signatory: Option<String>,
    /// Tên tòa soạn ghi trong hợp đồng (bên B).
    #[arg(long)]
    newsroom: Option<String>,
    /// Người ký bên B.
    #[arg(long)]
    newsroom_signatory: Option<String>,
    /// Chính sách được đặt hàng (lặp lại được; thay toàn bộ danh sách).
    #[arg(long = "policy")]
    policies: Vec<String>,
}

/// `contract amend` flags.
#[derive(clap::Args, Debug)]
pub struct AmendArgs {
    id: String,
    /// Số phụ lục.
    #[arg(long)]
    number: String,
    /// Nội dung, lý do.
    #[arg(long)]
    reason: String,
    #[arg(long)]
    signed: Option<String>,
    /// Giá trị hợp đồng mới.
    #[arg(long, allow_hyphen_values = true)]
    value: Option<String>,
    /// Điều khoản mới của một hạng mục: LINE_ID:SỐ_LƯỢNG:ĐƠN_GIÁ (lặp lại được).
    #[arg(long = "change", value_name = "LINE:QTY:PRICE")]
    changes: Vec<String>,
    /// Hạng mục mới: genre=bai,channel=bao-dien-tu,quantity=5,unit-price=4500000[,min-words=N][,max-words=N].
    #[arg(long = "add", value_name = "KEY=VALUE,…")]
    added: Vec<String>,
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

fn print_acceptance(x: &Acceptance) {
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
            date_vi(toasoan_core::time::vn_date(i.published_at)),
            vnd(i.amount),
            i.headline,
            i.url
        );
    }
}

/// `newsroom acceptance …`.
pub fn acceptance(desk: &Desk, me: &Person, c: AcceptanceCmd, json: bool) -> Result<()> {
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
                if out.created {
                    crate::out!("Đã nghiệm thu, id {}", out.acceptance.id);
                } else {
                    crate::out!("Kỳ này đã được nghiệm thu trước đó (không thay đổi gì), id {}", out.acceptance.id);
                }
                print_acceptance(&out.acceptance);
                for (k, v) in files.as_object().into_iter().flatten() {
                    crate::out!("Đã ghi {k}: {}", v.as_str().unwrap_or_default());
                }
            });
        }
        AcceptanceCmd::Preview { contract_id, until } => {
            let p = desk.preview_acceptance(me, &contract_id, parse_date("until", &until)?)?;
            emit(json, &p, || {
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
            });
        }
        AcceptanceCmd::List { contract_id } => {
            let list = desk.acceptances(me, &contract_id)?;
            emit(json, &json!({ "acceptances": list }), || {
                for x in &list {
                    crate::out!(
                        "{}  đợt {}  {} – {}  {}",
                        x.id,
                        x.seq,
                        date_vi(x.period_from),
                        date_vi(x.period_until),
                        vnd(x.total_amount)
                    );
                }
            });
        }
        AcceptanceCmd::Show { id, xlsx, pdf } => {
            let x = desk.acceptance(me, &id)?;
            let files = write_files(&desk.acceptance_dossier(me, &x.id)?, xlsx.as_deref(), pdf.as_deref())?;
            emit(json, &json!({ "acceptance": x, "files": files }), || print_acceptance(&x));
        }
    }
    Ok(())
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

/// `newsroom contract edit`.
pub fn edit(desk: &Desk, me: &Person, a: EditArgs, json: bool) -> Result<()> {
    let current = desk.contract(me, &a.id)?;
    let mut e = ContractEdit::of(&current);
    if let Some(v) = a.number {
        e.number = v;
    }
    if let Some(v) = a.signed {
        e.signed_on = if v.trim().is_empty() { None } else { Some(parse_date("signed", &v)?) };
    }
    if let Some(v) = a.start {
        e.start_on = parse_date("start", &v)?;
    }
    if let Some(v) = a.end {
        e.end_on = parse_date("end", &v)?;
    }
    for (field, v) in [
        (&mut e.notes, a.notes),
        (&mut e.agency_signatory, a.agency_signatory),
        (&mut e.newsroom_name, a.newsroom),
        (&mut e.newsroom_signatory, a.newsroom_signatory),
    ] {
        if let Some(v) = v {
            *field = v;
        }
    }
    if !a.policies.is_empty() {
        e.policy_ids = a.policies;
    }
    let k = desk.update_contract(me, &current.id, e)?;
    emit(json, &k, || crate::out!("Đã cập nhật hợp đồng {}", k.number));
    Ok(())
}

fn parse_change(s: &str) -> Result<LineChange> {
    let parts: Vec<&str> = s.split(':').collect();
    let [line, qty, price] = parts[..] else {
        return Err(Error::invalid("change", format!("«{s}»: cần dạng LINE_ID:SỐ_LƯỢNG:ĐƠN_GIÁ")));
    };
    let quantity =
        qty.trim().parse().map_err(|_| Error::invalid("quantity", format!("«{qty}» không phải số lượng")))?;
    Ok(LineChange { line_id: line.trim().to_string(), quantity, unit_price: parse_dong("unit-price", price)? })
}

fn parse_new_line(s: &str) -> Result<NewLine> {
    let mut l = NewLine {
        genre: Genre::Bai,
        channel: Channel::BaoDienTu,
        quantity: 0,
        unit_price: 0,
        min_words: None,
        max_words: None,
    };
    let (mut genre, mut channel) = (false, false);
    let number = |field: &'static str, v: &str| -> Result<i64> {
        v.trim().parse().map_err(|_| Error::invalid(field, format!("«{v}» không phải số")))
    };
    for kv in s.split(',') {
        let Some((k, v)) = kv.split_once('=') else {
            return Err(Error::invalid("add", format!("«{kv}»: cần dạng KHÓA=GIÁ_TRỊ")));
        };
        match k.trim() {
            "genre" => (l.genre, genre) = (crate::cli::parse(v)?, true),
            "channel" => (l.channel, channel) = (crate::cli::parse(v)?, true),
            "quantity" => l.quantity = number("quantity", v)?,
            "unit-price" => l.unit_price = parse_dong("unit-price", v)?,
            "min-words" => l.min_words = Some(number("min-words", v)?),
            "max-words" => l.max_words = Some(number("max-words", v)?),
            other => return Err(Error::invalid("add", format!("khóa lạ «{other}»"))),
        }
    }
    if !genre || !channel {
        return Err(Error::invalid("add", format!("«{s}»: cần genre= và channel=")));
    }
    Ok(l)
}

/// `newsroom contract amend`.
pub fn amend(desk: &Desk, me: &Person, a: AmendArgs, json: bool) -> Result<()> {
    let n = NewAmendment {
        number: a.number,
        signed_on: a.signed.as_deref().map(|s| parse_date("signed", s)).transpose()?,
        reason: a.reason,
        total_value: a.value.as_deref().map(|v| parse_dong("value", v)).transpose()?,
        changes: a.changes.iter().map(|c| parse_change(c)).collect::<Result<_>>()?,
        new_lines: a.added.iter().map(|c| parse_new_line(c)).collect::<Result<_>>()?,
    };
    let (amendment, warnings) = desk.amend_contract(me, &a.id, n)?;
    for w in &warnings {
        eprintln!("newsroom: cảnh báo: {w}");
    }
    emit(json, &json!({ "amendment": amendment, "warnings": warnings }), || {
        crate::out!(
            "Đã ghi phụ lục {}: giá trị {} → {}, {} hạng mục thay đổi",
            amendment.number,
            vnd(amendment.total_value_before),
            vnd(amendment.total_value_after),
            amendment.lines.len()
        )
    });
    Ok(())
}

/// `newsroom contract amendments`.
pub fn amendments(desk: &Desk, me: &Person, id: &str, json: bool) -> Result<()> {
    let list = desk.amendments(me, id)?;
    emit(json, &json!({ "amendments": list }), || {
        for m in &list {
            crate::out!(
                "{}  {}  {}  {} → {}  {}",
                m.number,
                m.signed_on.map(date_vi).unwrap_or_else(|| "—".into()),
                m.created_by,
                vnd(m.total_value_before),
                vnd(m.total_value_after),
                m.reason
            );
            for l in &m.lines {
                let before = match (l.quantity_before, l.unit_price_before) {
                    (Some(q), Some(p)) => format!("{q} × {}", vnd(p)),
                    _ => "(mới)".into(),
                };
                crate::out!("    {}  {before} → {} × {}", l.line_id, l.quantity_after, vnd(l.unit_price_after));
            }
        }
    });
    Ok(())
}
