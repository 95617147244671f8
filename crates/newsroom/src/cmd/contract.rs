//! `newsroom contract add|edit|amend|amendments|line add|list|show`: the
//! commissioning contracts, their line items and amendments (phụ lục).

use clap::Subcommand;
use serde_json::json;
use toasoan_core::desk::{ContractEdit, LineChange, NewAmendment, NewContract, NewLine};
use toasoan_core::{Desk, Error, Result};
use toasoan_domain::text::format::{date_vi, parse_date, parse_dong, vnd};
use toasoan_domain::{Amendment, Channel, Contract, ContractLine, Genre, Person};

use crate::cli::Ctx;
use crate::input::parse;
use crate::output::emit;

#[derive(Subcommand, Debug)]
pub enum ContractCmd {
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
        /// Giá trị hợp đồng (đồng); bỏ trống khi chưa rõ (ghi sau bằng phụ lục --value).
        #[arg(long, allow_hyphen_values = true)]
        value: Option<String>,
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
    Edit(EditArgs),
    /// Ghi phụ lục: số lượng, đơn giá của hạng mục, hạng mục mới, giá trị mới.
    Amend(AmendArgs),
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
pub enum LineCmd {
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

impl ContractCmd {
    /// Runs a `contract` command.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, me, json) = (cx.desk, &cx.me()?, cx.json);
        let c = self;
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
                    total_value: value.as_deref().map(|v| parse_dong("value", v)).transpose()?.unwrap_or(0),
                    value_unknown: value.is_none(),
                    notes,
                    agency_signatory,
                    newsroom_name: newsroom,
                    newsroom_signatory,
                    policy_ids: policies,
                };
                let k = desk.add_contract(me, nc)?;
                emit(json, &k, || crate::out!("Đã thêm hợp đồng {} ({}), id {}", k.number, value_text(&k), k.id));
            }
            ContractCmd::Line(LineCmd::Add {
                contract_id,
                genre,
                channel,
                quantity,
                unit_price,
                min_words,
                max_words,
            }) => {
                let l = NewLine {
                    genre: parse::<Genre>(&genre)?,
                    channel: parse::<Channel>(&channel)?,
                    quantity,
                    unit_price: parse_dong("unit-price", &unit_price)?,
                    min_words,
                    max_words,
                };
                let (line, warnings) = desk.add_line(me, &contract_id, l)?;
                warn(&warnings);
                emit(json, &json!({ "line": line, "warnings": warnings }), || line_added(&line));
            }
            ContractCmd::Edit(a) => edit(desk, me, a, json)?,
            ContractCmd::Amend(a) => amend(desk, me, a, json)?,
            ContractCmd::Amendments { id } => amendments(desk, me, &id, json)?,
            ContractCmd::List => {
                let list = desk.contracts(me)?;
                emit(json, &json!({ "contracts": list }), || contract_table(&list));
            }
            ContractCmd::Show { id } => {
                let k = desk.contract(me, &id)?;
                emit(json, &k, || contract_card(&k));
            }
        }
        Ok(())
    }
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
            "genre" => (l.genre, genre) = (crate::input::parse(v)?, true),
            "channel" => (l.channel, channel) = (crate::input::parse(v)?, true),
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
    warn(&warnings);
    emit(json, &json!({ "amendment": amendment, "warnings": warnings }), || amendment_recorded(&amendment));
    Ok(())
}

/// `newsroom contract amendments`.
pub fn amendments(desk: &Desk, me: &Person, id: &str, json: bool) -> Result<()> {
    let list = desk.amendments(me, id)?;
    emit(json, &json!({ "amendments": list }), || amendment_history(&list));
    Ok(())
}

// Text renderers: what a person reads without --json.

/// The core's warnings about what was just written, one line each on stderr.
fn warn(warnings: &[String]) {
    for w in warnings {
        eprintln!("newsroom: cảnh báo: {w}");
    }
}

/// The line item just added: quantity, genre, channel, unit price, id.
fn line_added(line: &ContractLine) {
    crate::out!(
        "Đã thêm hạng mục {} × {} {} ({}/sp), id {}",
        line.quantity,
        line.genre.label_vi(),
        line.channel.label_vi(),
        vnd(line.unit_price),
        line.id
    );
}

/// Contracts, one line each: id, number, agency, term, value.
fn contract_table(list: &[Contract]) {
    for k in list {
        crate::out!(
            "{}  {}  {}  {} – {}  {}",
            k.id,
            k.number,
            k.agency_name,
            date_vi(k.start_on),
            date_vi(k.end_on),
            value_text(k)
        );
    }
}

/// One contract: number, agency, dates, value, then its line items with their word tiers.
fn contract_card(k: &Contract) {
    crate::out!("Hợp đồng {} — {}", k.number, k.agency_name);
    if let Some(s) = k.signed_on {
        crate::out!("Ngày ký: {}", date_vi(s));
    }
    crate::out!("Thời hạn: {} – {}; giá trị: {}", date_vi(k.start_on), date_vi(k.end_on), value_text(k));
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
}

/// The amendment just recorded: number, value before and after, lines changed.
fn amendment_recorded(amendment: &Amendment) {
    crate::out!(
        "Đã ghi phụ lục {}: giá trị {} → {}, {} hạng mục thay đổi",
        amendment.number,
        vnd(amendment.total_value_before),
        vnd(amendment.total_value_after),
        amendment.lines.len()
    );
}

/// A contract's amendments, each with the line items it changed (before → after).
fn amendment_history(list: &[Amendment]) {
    for m in list {
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
}

/// A contract's value as people read it: "486.000.000 ₫", or that it is not
/// known yet.
fn value_text(k: &Contract) -> String {
    if k.value_known {
        vnd(k.total_value)
    } else {
        "chưa rõ giá trị".to_string()
    }
}
