//! `newsroom search`: search without diacritics ("nghi dinh" finds "Nghị định").
use clap::Args;
use serde_json::json;
use toasoan_core::Result;
use toasoan_domain::search::SearchHit;

use crate::cli::Ctx;
use crate::output::{emit, segments};

/// `search` arguments.
#[derive(Args, Debug)]
pub struct SearchArgs {
    #[arg(required = true)]
    query: Vec<String>,
    #[arg(long, default_value_t = 20)]
    limit: usize,
}

impl SearchArgs {
    /// Runs `search`.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, me, json) = (cx.desk, &cx.me()?, cx.json);
        let a = self;
        let SearchArgs { query, limit } = a;
        let q = query.join(" ");
        let hits = desk.search(me, &q, limit)?;
        emit(json, &json!({ "query": q, "hits": hits }), || search_results(&q, &hits));
        Ok(())
    }
}

// Text renderers: what a person reads without --json.

/// The hits for `q`, each its number, state and headline then a snippet, matches between «»; or that there is none.
fn search_results(q: &str, hits: &[SearchHit]) {
    if hits.is_empty() {
        crate::out!("Không tìm thấy kết quả cho «{q}».");
    }
    for h in hits {
        crate::out!("#{} [{}] {}", h.num, h.state.label_vi(), segments(&h.headline));
        crate::out!("    {}", segments(&h.snippet));
    }
}
