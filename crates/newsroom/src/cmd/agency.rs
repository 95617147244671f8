//! `newsroom agency add|list`: the commissioning agencies.
use clap::Subcommand;
use serde_json::json;
use toasoan_core::domain::Person;
use toasoan_core::{Desk, Result};

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
}

/// Runs an `agency` command.
pub fn run(desk: &Desk, me: &Person, c: AgencyCmd, json: bool) -> Result<()> {
    match c {
        AgencyCmd::Add { name } => {
            let a = desk.add_agency(me, &name)?;
            emit(json, &a, || crate::out!("Đã thêm cơ quan «{}», id {}", a.name, a.id));
        }
        AgencyCmd::List => {
            let list = desk.agencies()?;
            emit(json, &json!({ "agencies": list }), || list.iter().for_each(|a| crate::out!("{}  {}", a.id, a.name)));
        }
    }
    Ok(())
}
