//! `newsroom agency add|list|show|contact`: the commissioning agencies and
//! their focal points for policy communication.
use clap::Subcommand;
use serde_json::json;
use toasoan_core::desk::NewContact;
use toasoan_core::Result;
use toasoan_domain::text::format::date_vi;
use toasoan_domain::{Agency, AgencyPage, ContactRole};

use crate::cli::Ctx;
use crate::input::parse;
use crate::output::emit;

#[derive(Subcommand, Debug)]
pub enum AgencyCmd {
    /// Thêm cơ quan đặt hàng.
    Add {
        #[arg(long)]
        name: String,
    },
    /// Danh sách.
    List,
    /// Trang cơ quan: đầu mối liên hệ, hợp đồng, chính sách.
    Show { agency_id: String },
    /// Người liên hệ của cơ quan (đầu mối truyền thông chính sách, người phát ngôn, lãnh đạo phụ trách).
    #[command(subcommand)]
    Contact(ContactCmd),
}

#[derive(Subcommand, Debug)]
pub enum ContactCmd {
    /// Thêm người liên hệ (biên tập viên, lãnh đạo).
    Add {
        agency_id: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        position: String,
        #[arg(long, value_name = "dau-moi|phat-ngon|lanh-dao")]
        role: String,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        email: Option<String>,
    },
    /// Bỏ người liên hệ khỏi danh sách (lịch sử vẫn giữ).
    Remove { id: String },
}

impl AgencyCmd {
    /// Runs an `agency` command.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, me, json) = (cx.desk, &cx.me()?, cx.json);
        let c = self;
        match c {
            AgencyCmd::Add { name } => {
                let a = desk.add_agency(me, &name)?;
                emit(json, &a, || crate::out!("Đã thêm cơ quan «{}», id {}", a.name, a.id));
            }
            AgencyCmd::List => {
                let list = desk.agencies()?;
                emit(json, &json!({ "agencies": list }), || agency_table(&list));
            }
            AgencyCmd::Show { agency_id } => {
                let page = desk.agency_page(me, &agency_id)?;
                emit(json, &page, || agency_page(&page));
            }
            AgencyCmd::Contact(ContactCmd::Add { agency_id, name, position, role, phone, email }) => {
                let c = desk.add_contact(
                    me,
                    &agency_id,
                    NewContact { name, position, role: parse::<ContactRole>(&role)?, phone, email },
                )?;
                emit(json, &c, || {
                    crate::out!("Đã thêm {} — {} ({}), id {}", c.name, c.position, c.role.label_vi(), c.id)
                });
            }
            AgencyCmd::Contact(ContactCmd::Remove { id }) => {
                let c = desk.remove_contact(me, &id)?;
                emit(json, &c, || crate::out!("Đã bỏ {} khỏi danh sách liên hệ", c.name));
            }
        }
        Ok(())
    }
}

// Text renderers: what a person reads without --json.

/// The agencies, one line each: id, name.
fn agency_table(list: &[Agency]) {
    for a in list {
        crate::out!("{}  {}", a.id, a.name);
    }
}

/// An agency's page: its contacts, its contracts, the policies it commissions.
fn agency_page(page: &AgencyPage) {
    crate::out!("{} ({})", page.agency.name, page.agency.id);
    crate::out!("Người liên hệ:");
    if page.contacts.is_empty() {
        crate::out!("  (chưa có; thêm bằng `newsroom agency contact add`)");
    }
    for c in &page.contacts {
        let reach: Vec<&str> = [c.phone.as_deref(), c.email.as_deref()].into_iter().flatten().collect();
        crate::out!("  {} — {}, {}; {}", c.name, c.position, c.role.label_vi(), reach.join(", "));
    }
    if !page.contracts.is_empty() {
        crate::out!("Hợp đồng:");
    }
    for k in &page.contracts {
        crate::out!("  {} ({} – {}), {} bài", k.number, date_vi(k.start_on), date_vi(k.end_on), k.pieces);
    }
    if !page.policies.is_empty() {
        crate::out!("Chính sách:");
    }
    for p in &page.policies {
        crate::out!("  {} ({}) — {}", p.name, p.doc_number, p.stage.label_vi());
    }
}
