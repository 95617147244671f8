//! `newsroom comment add|list|edit|delete|resolve`: editors' comments on a piece.
use clap::Subcommand;
use serde_json::json;
use toasoan_core::Result;
use toasoan_domain::time::vn_datetime_display;
use toasoan_domain::Comment;

use crate::cli::Ctx;
use crate::output::emit;

#[derive(Subcommand, Debug)]
pub enum CommentCmd {
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

impl CommentCmd {
    /// Runs a `comment` command.
    pub fn run(self, cx: &Ctx) -> Result<()> {
        let (desk, me, json) = (cx.desk, &cx.me()?, cx.json);
        let c = self;
        match c {
            CommentCmd::Add { id, text } => {
                let c = desk.add_comment(me, &id, &text)?;
                emit(json, &c, || comment_line(&c));
            }
            CommentCmd::List { id, unresolved } => {
                let list = desk.comments(me, id.as_deref(), unresolved)?;
                emit(json, &json!({ "comments": list }), || list.iter().for_each(comment_line));
            }
            CommentCmd::Edit { comment_id, text } => {
                let c = desk.edit_comment(me, &comment_id, &text)?;
                emit(json, &c, || comment_line(&c));
            }
            CommentCmd::Delete { comment_id } => {
                desk.delete_comment(me, &comment_id)?;
                emit(json, &json!({ "deleted": comment_id }), || crate::out!("Đã xóa góp ý {comment_id}."));
            }
            CommentCmd::Resolve { comment_id } => {
                let c = desk.resolve_comment(me, &comment_id)?;
                emit(json, &c, || comment_line(&c));
            }
        }
        Ok(())
    }
}

// Text renderers: what a person reads without --json.

/// One comment: piece number, id, time, resolved or not, author, text.
fn comment_line(c: &Comment) {
    let status = if c.resolved_at.is_some() { "đã xử lý" } else { "chưa xử lý" };
    crate::out!(
        "#{} {} {} [{status}] {}: {}",
        c.assignment_num,
        c.id,
        vn_datetime_display(c.created_at),
        c.author,
        c.text
    );
}
