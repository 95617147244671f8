//! Differences between two revisions of a piece, per field, word by word for
//! one-line fields and line by line for the body (with `similar`).

use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};

use toasoan_domain::Draft;

/// One change of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Op {
    /// Unchanged.
    Equal,
    /// Only in the newer revision.
    Insert,
    /// Only in the older revision.
    Delete,
}

/// A run of text with its change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Change {
    /// Kind of change.
    pub op: Op,
    /// Text.
    pub text: String,
}

/// The differences of one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldDiff {
    /// `headline`, `sapo`, `body` or `byline`.
    pub field: &'static str,
    /// True when the field differs.
    pub changed: bool,
    /// The changes, in order.
    pub changes: Vec<Change>,
}

/// Diff of two drafts.
pub fn diff(old: &Draft, new: &Draft) -> Vec<FieldDiff> {
    vec![
        field("headline", &old.headline, &new.headline),
        field("sapo", &old.sapo, &new.sapo),
        field("body", &old.body, &new.body),
        field("byline", &old.byline, &new.byline),
    ]
}

/// Word-level, because a paragraph of prose is one line: a reviewer wants to see
/// the three words that changed, not the whole paragraph twice. A deadline keeps
/// a pathological pair of long texts from stalling (the diff degrades, stays correct).
fn field(name: &'static str, old: &str, new: &str) -> FieldDiff {
    let d = TextDiff::configure().timeout(std::time::Duration::from_millis(250)).diff_words(old, new);
    let mut changes: Vec<Change> = Vec::new();
    for c in d.iter_all_changes() {
        let op = match c.tag() {
            ChangeTag::Equal => Op::Equal,
            ChangeTag::Insert => Op::Insert,
            ChangeTag::Delete => Op::Delete,
        };
        match changes.last_mut() {
            Some(last) if last.op == op => last.text.push_str(c.value()),
            _ => changes.push(Change { op, text: c.value().to_string() }),
        }
    }
    FieldDiff { field: name, changed: old != new, changes }
}

/// A unified diff of the body (for terminals), fields as headers.
pub fn unified(old: &Draft, new: &Draft, old_name: &str, new_name: &str) -> String {
    let mut out = String::new();
    for (label, a, b) in
        [("tít", &old.headline, &new.headline), ("sapo", &old.sapo, &new.sapo), ("bút danh", &old.byline, &new.byline)]
    {
        if a != b {
            out.push_str(&format!("{label}:\n- {a}\n+ {b}\n"));
        }
    }
    // Under a deadline, as the word diff: a pathological pair degrades, never stalls.
    let body = TextDiff::configure()
        .timeout(std::time::Duration::from_millis(500))
        .diff_lines(old.body.as_str(), new.body.as_str());
    out.push_str(&body.unified_diff().context_radius(2).header(old_name, new_name).to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_diff_marks_the_changed_words_not_the_paragraph() {
        let a = Draft { body: "Một.\nHai hộ đã nhận sổ.\nBa.\n".into(), ..Draft::default() };
        let b = Draft {
            body: "Một.\nBốn mươi ba hộ đã nhận sổ.\nBa.\n".into(),
            headline: "Tít".into(),
            ..Draft::default()
        };
        let d = diff(&a, &b);
        let body = d.iter().find(|f| f.field == "body").unwrap();
        assert!(body.changed);
        let deleted: String = body.changes.iter().filter(|c| c.op == Op::Delete).map(|c| c.text.as_str()).collect();
        let inserted: String = body.changes.iter().filter(|c| c.op == Op::Insert).map(|c| c.text.as_str()).collect();
        assert_eq!(deleted.trim(), "Hai");
        assert_eq!(inserted.trim(), "Bốn mươi ba");
        // Reassembling each side gives the texts back exactly.
        let old: String = body.changes.iter().filter(|c| c.op != Op::Insert).map(|c| c.text.as_str()).collect();
        let new: String = body.changes.iter().filter(|c| c.op != Op::Delete).map(|c| c.text.as_str()).collect();
        assert_eq!((old.as_str(), new.as_str()), (a.body.as_str(), b.body.as_str()));
        assert!(d.iter().find(|f| f.field == "headline").unwrap().changed);
        assert!(!d.iter().find(|f| f.field == "sapo").unwrap().changed);
        let u = unified(&a, &b, "bản 1", "bản 2");
        assert!(u.contains("-Hai hộ") && u.contains("+Bốn mươi ba hộ") && u.contains("+ Tít"), "{u}");
    }
}
