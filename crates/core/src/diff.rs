//! Differences between two revisions of a piece, per field, word by word for
//! one-line fields and line by line for the body (with `similar`).

use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};

use crate::domain::Draft;

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
        field("headline", &old.headline, &new.headline, false),
        field("sapo", &old.sapo, &new.sapo, false),
        field("body", &old.body, &new.body, true),
        field("byline", &old.byline, &new.byline, false),
    ]
}

fn field(name: &'static str, old: &str, new: &str, by_line: bool) -> FieldDiff {
    let d = if by_line { TextDiff::from_lines(old, new) } else { TextDiff::from_words(old, new) };
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
    let body = TextDiff::from_lines(old.body.as_str(), new.body.as_str());
    out.push_str(&body.unified_diff().context_radius(2).header(old_name, new_name).to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_diff_marks_lines() {
        let a = Draft { body: "Một.\nHai.\nBa.\n".into(), ..Draft::default() };
        let b = Draft { body: "Một.\nHai sửa.\nBa.\n".into(), headline: "Tít".into(), ..Draft::default() };
        let d = diff(&a, &b);
        let body = d.iter().find(|f| f.field == "body").unwrap();
        assert!(body.changed);
        assert!(body.changes.iter().any(|c| c.op == Op::Delete && c.text == "Hai.\n"));
        assert!(body.changes.iter().any(|c| c.op == Op::Insert && c.text == "Hai sửa.\n"));
        assert!(d.iter().find(|f| f.field == "headline").unwrap().changed);
        assert!(!d.iter().find(|f| f.field == "sapo").unwrap().changed);
        let u = unified(&a, &b, "bản 1", "bản 2");
        assert!(u.contains("-Hai.") && u.contains("+Hai sửa.") && u.contains("+ Tít"), "{u}");
    }
}
