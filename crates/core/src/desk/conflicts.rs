//! Two offline edits of one piece: two branches of its revisions, on the
//! same parent. Nothing is decided by a clock and nothing is discarded: the
//! conflict lists both versions, offers a three-way merge of headline, sapo
//! and body (the base is the common parent; sentences are merged as lines,
//! so edits to different sentences of one paragraph combine), and is
//! resolved by a new revision that a person chose.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{audit, content_hash, new_id, pieces, Desk};
use crate::domain::AuditAction;
use crate::domain::{Draft, Person, Revision};
use crate::error::{Error, Result};
use crate::store::Db;
use crate::text;
use crate::time::to_db;
use crate::workflow::{authorize, Action};

/// A piece with two branches, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConflictSummary {
    /// The piece (assignment id): the conflict's id.
    pub id: String,
    /// Its number.
    pub num: i64,
    /// Working title.
    pub title: String,
    /// Who wrote the two branch heads.
    pub authors: Vec<String>,
}

/// One field merged three ways.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MergedField {
    /// The merged text; conflicting passages between `<<<<<<<`, `=======`, `>>>>>>>`.
    pub text: String,
    /// Whether passages conflict (a person must choose).
    pub conflicting: bool,
}

/// A conflict: both versions, their common base and the proposed merge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConflictView {
    /// The piece.
    pub id: String,
    /// This workbench's person's branch (or the older one).
    pub mine: Revision,
    /// The other branch.
    pub theirs: Revision,
    /// The common parent, when there is one.
    pub base: Option<Revision>,
    /// Headline merged.
    pub headline: MergedField,
    /// Sapo merged.
    pub sapo: MergedField,
    /// Body merged.
    pub body: MergedField,
}

/// Which text resolves a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Resolution {
    /// Keep my branch.
    Mine,
    /// Keep the other branch.
    Theirs,
    /// The three-way merge, as proposed (refused while passages conflict).
    Merged,
    /// A text the person edited from the merge.
    Edited(Draft),
}

/// Sentences as lines: each sentence (with the spaces after it) becomes one
/// line, real line breaks kept as U+2028, so a line merge merges sentences.
fn to_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            out.push('\u{2028}');
            continue;
        }
        out.push(c);
        if matches!(c, '.' | '!' | '?' | '…') {
            while let Some(&w) = chars.peek().filter(|w| **w == ' ' || **w == '\n') {
                out.push(if w == '\n' { '\u{2028}' } else { ' ' });
                chars.next();
            }
            out.push('\n');
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn from_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split_inclusive('\n') {
        let marker = line.starts_with("<<<<<<<") || line.starts_with("=======") || line.starts_with(">>>>>>>");
        if marker {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(line);
        } else {
            out.push_str(line.strip_suffix('\n').unwrap_or(line));
        }
    }
    out.replace('\u{2028}', "\n").trim_end_matches('\n').to_string()
}

/// Sentences changed on one side past which no merge is tried: a three-way
/// merge costs the product of the text and its changes, and two wholly
/// different 1 MiB texts would stall the window. Both are then shown whole,
/// as one conflict, for a person to choose.
const MAX_MERGE_CHANGES: usize = 2_000;

/// Merges `mine` and `theirs` against `base`, sentence by sentence.
pub fn merge3(base: &str, mine: &str, theirs: &str) -> MergedField {
    let (b, m, t) = (to_lines(base), to_lines(mine), to_lines(theirs));
    // How much each side changed, estimated under a deadline (the estimate
    // degrades, never stalls).
    let changes = |x: &str, y: &str| {
        similar::TextDiff::configure()
            .timeout(std::time::Duration::from_millis(200))
            .diff_lines(x, y)
            .ops()
            .iter()
            .filter(|o| !matches!(o, similar::DiffOp::Equal { .. }))
            .count()
    };
    let too_long = [&b, &m, &t].iter().any(|x| x.lines().count() > 4 * MAX_MERGE_CHANGES);
    if too_long || changes(&b, &m) > MAX_MERGE_CHANGES || changes(&b, &t) > MAX_MERGE_CHANGES {
        let text = format!("<<<<<<< ours\n{mine}\n=======\n{theirs}\n>>>>>>> theirs");
        return MergedField { text, conflicting: true };
    }
    let mut opts = diffy::MergeOptions::new();
    opts.set_conflict_style(diffy::ConflictStyle::Merge);
    match opts.merge(&b, &m, &t) {
        Ok(m) => MergedField { text: from_lines(&m), conflicting: false },
        Err(m) => MergedField { text: from_lines(&m), conflicting: true },
    }
}

fn load_conflict(
    db: &Db<'_>,
    actor: &Person,
    id: &str,
) -> Result<(crate::domain::Assignment, Revision, Revision, Option<Revision>)> {
    let a = pieces::load(db, id)?;
    let leaves = db.leaf_revisions(&a.id)?;
    if leaves.len() < 2 {
        return Err(Error::not_found("xung đột của bài", id));
    }
    let rev = |rid: &str| -> Result<Revision> { db.revision_by_id(rid)?.ok_or_else(|| Error::not_found("bản", rid)) };
    let (x, y) = (rev(&leaves[leaves.len() - 2])?, rev(&leaves[leaves.len() - 1])?);
    // Mine is the branch whose head this person wrote, else the older one.
    let (mine, theirs) = if y.author == actor.login && x.author != actor.login { (y, x) } else { (x, y) };
    // The base: the nearest revision both branches descend from.
    let ancestors = |start: &str| -> Result<Vec<String>> {
        let mut out = vec![start.to_string()];
        let mut cur = start.to_string();
        while let Some(p) = db.revision_parent(&cur)? {
            if out.contains(&p) || out.len() > 10_000 {
                break;
            }
            out.push(p.clone());
            cur = p;
        }
        Ok(out)
    };
    let of_mine = ancestors(&mine.id)?;
    let base_id = ancestors(&theirs.id)?.into_iter().find(|r| of_mine.contains(r) && *r != mine.id && *r != theirs.id);
    let base = base_id.map(|b| rev(&b)).transpose()?;
    Ok((a, mine, theirs, base))
}

impl Desk {
    /// Pieces with branches to merge (those the person may read).
    pub fn conflicts(&self, actor: &Person) -> Result<Vec<ConflictSummary>> {
        self.store.read(|db| {
            let mut out = Vec::new();
            for id in db.branched_pieces()? {
                let a = pieces::load(db, &id)?;
                if authorize(actor, Action::Read, Some(&a.reporter)).is_err() {
                    continue;
                }
                let mut authors = Vec::new();
                for leaf in db.leaf_revisions(&a.id)? {
                    if let Some(r) = db.revision_by_id(&leaf)? {
                        authors.push(r.author);
                    }
                }
                out.push(ConflictSummary { id: a.id, num: a.num, title: a.title, authors });
            }
            Ok(out)
        })
    }

    /// A conflict: both versions, the base and the proposed merge.
    pub fn conflict(&self, actor: &Person, id: &str) -> Result<ConflictView> {
        self.store.read(|db| {
            let (a, mine, theirs, base) = load_conflict(db, actor, id)?;
            authorize(actor, Action::Read, Some(&a.reporter))?;
            let b = base.as_ref().map(|b| b.draft.clone()).unwrap_or_default();
            Ok(ConflictView {
                id: a.id,
                headline: merge3(&b.headline, &mine.draft.headline, &theirs.draft.headline),
                sapo: merge3(&b.sapo, &mine.draft.sapo, &theirs.draft.sapo),
                body: merge3(&b.body, &mine.draft.body, &theirs.draft.body),
                mine,
                theirs,
                base,
            })
        })
    }

    /// Resolves a conflict by a new revision written on the other branch and
    /// merging mine (both stay in the history; the chosen text is the newest).
    pub fn resolve_conflict_with(&self, actor: &Person, id: &str, how: Resolution) -> Result<Revision> {
        let at = self.now();
        let now = to_db(at);
        self.store.write(|db| {
            let (a, mine, theirs, base) = load_conflict(db, actor, id)?;
            authorize(actor, Action::EditDraft, Some(&a.reporter))?;
            let b = base.as_ref().map(|b| b.draft.clone()).unwrap_or_default();
            let draft = match how {
                Resolution::Mine => mine.draft.clone(),
                Resolution::Theirs => theirs.draft.clone(),
                Resolution::Merged => {
                    let fields = [
                        merge3(&b.headline, &mine.draft.headline, &theirs.draft.headline),
                        merge3(&b.sapo, &mine.draft.sapo, &theirs.draft.sapo),
                        merge3(&b.body, &mine.draft.body, &theirs.draft.body),
                    ];
                    if fields.iter().any(|f| f.conflicting) {
                        return Err(Error::invalid(
                            "merged",
                            "bản gộp còn đoạn hai bên viết khác nhau chưa chọn; hãy sửa hết các đoạn đó, hoặc giữ nguyên bản của mình hay bản của người kia",
                        ));
                    }
                    let [h, s, body] = fields;
                    Draft { headline: h.text, sapo: s.text, body: body.text, byline: theirs.draft.byline.clone() }
                }
                Resolution::Edited(d) => {
                    let d = super::pieces::normalize(d)?;
                    if [&d.headline, &d.sapo, &d.body].iter().any(|f| f.contains("<<<<<<<") || f.contains(">>>>>>>")) {
                        return Err(Error::invalid("file", "văn bản vẫn còn dấu xung đột <<<<<<< / >>>>>>>"));
                    }
                    d
                }
            };
            let latest = db.latest_revision(&a.id)?.map_or(0, |l| l.seq);
            let word_count = text::word_count(&draft.sapo) + text::word_count(&crate::render::plain_text(&draft.body));
            let rev = Revision {
                id: new_id(),
                seq: latest + 1,
                content_hash: content_hash(&draft),
                draft,
                author: actor.login.clone(),
                reason: "merge".into(),
                created_at: at,
                word_count,
            };
            db.insert_merge_revision(&a.id, &actor.id, &rev, &theirs.id, &mine.id)?;
            db.refresh_conflict(&a.id, &now)?;
            let policy = format!("{} {}", a.policy_name, a.policy_doc_number);
            let headline = if rev.draft.headline.is_empty() { &a.title } else { &rev.draft.headline };
            db.index_assignment(
                a.num,
                &crate::search::index_fields(headline, &rev.draft.sapo, &rev.draft.body, &a.brief, &policy),
            )?;
            let detail = json!({ "seq": rev.seq, "mine": mine.id, "theirs": theirs.id, "content_hash": rev.content_hash });
            audit(db, &actor.login, AuditAction::ConflictResolve, "assignment", &a.id, detail, &now)?;
            Ok(db.revision_by_id(&rev.id)?.unwrap_or(rev))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_wholly_different_long_texts_are_shown_whole_not_merged() {
        // 6,000 sentences each, every one different on each side: before the
        // bound, the merge's cost grew with text × changes.
        let text = |tag: &str| (0..6_000).map(|i| format!("Câu {tag} số {i}. ")).collect::<String>();
        let (base, mine, theirs) = (text("gốc"), text("của tôi"), text("của họ"));
        let m = merge3(&base, &mine, &theirs);
        assert!(m.conflicting);
        assert!(m.text.contains(&mine) && m.text.contains(&theirs), "both whole, nothing lost");
        // And a 1 MiB body (40,000 sentences) is not even diffed.
        let long = |tag: &str| (0..40_000).map(|i| format!("Câu {tag} số {i}. ")).collect::<String>();
        assert!(merge3(&long("gốc"), &long("tôi"), &long("họ")).conflicting);
    }

    #[test]
    fn edits_to_different_sentences_of_one_paragraph_merge() {
        let base = "Tỉnh hỗ trợ nông dân. Mức hỗ trợ là 2 triệu đồng. Hồ sơ nộp tại xã. Hạn nộp là 30/11.";
        let mine = "Tỉnh hỗ trợ nông dân vùng lũ. Mức hỗ trợ là 2 triệu đồng. Hồ sơ nộp tại xã. Hạn nộp là 30/11.";
        let theirs = "Tỉnh hỗ trợ nông dân. Mức hỗ trợ là 2 triệu đồng. Hồ sơ nộp tại xã. Hạn nộp là 15/12.";
        let m = merge3(base, mine, theirs);
        assert!(!m.conflicting, "{m:?}");
        assert_eq!(
            m.text,
            "Tỉnh hỗ trợ nông dân vùng lũ. Mức hỗ trợ là 2 triệu đồng. Hồ sơ nộp tại xã. Hạn nộp là 15/12."
        );
    }

    #[test]
    fn the_same_sentence_changed_twice_is_marked_not_chosen() {
        let m = merge3("Hạn nộp là 30/11.", "Hạn nộp là 15/12.", "Hạn nộp là 20/12.");
        assert!(m.conflicting);
        for part in ["<<<<<<<", "15/12", "=======", "20/12", ">>>>>>>"] {
            assert!(m.text.contains(part), "{part} in {}", m.text);
        }
    }

    #[test]
    fn paragraphs_and_line_breaks_survive_the_round_trip() {
        let s = "Đoạn một. Câu hai!\n\nĐoạn hai… câu ba?\nDòng mới";
        assert_eq!(from_lines(&to_lines(s)), s);
        assert_eq!(merge3(s, s, s).text, s);
    }
}
