//! The folded fields a piece is indexed on for search. What a query means
//! (parsing, the tier walks' FTS5 expressions, ranking, highlights) is
//! `toasoan_domain::search`: pure text, fuzzed on its own.

use toasoan_documents::render;
pub(crate) use toasoan_domain::search::*;
use toasoan_domain::text;
use toasoan_store::IndexFields;

/// The folded text of one assignment the index is keyed on: headline (or
/// the working title before the first draft), sapo, the body's plain text,
/// brief, and the policy's name and number.
pub fn index_fields(headline: &str, sapo: &str, body_markdown: &str, brief: &str, policy: &str) -> IndexFields {
    IndexFields {
        headline: text::fold(headline),
        sapo: text::fold(sapo),
        body: text::fold(&render::plain_text(body_markdown)),
        brief: text::fold(brief),
        policy: text::fold(policy),
    }
}
