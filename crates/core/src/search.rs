//! Search without diacritics: query parsing, ranking of candidates, snippets.
//!
//! Design (the index is in [`crate::store`]): text is folded before it is indexed
//! and queries are folded the same way, so "nghi dinh" finds "Nghị định" and
//! "da nang" finds "Đà Nẵng". A plain `ORDER BY rank` scores every match, which
//! grows with the number of matches (~170 ms for 100,000). Instead bounded
//! index walks in rowid (newest-first) order fetch the [`CANDIDATE_WINDOW`]
//! newest matches anywhere, in the headline, and of the whole query as one
//! phrase; only those are scored (BM25, headline weighted 10×) and sorted,
//! phrase matches first. The ranking is exact
//! whenever a query matches fewer pieces than the window; for words found in
//! most pieces ("chính sách", the province's name) it ranks the most recent
//! work, which is what a desk searching such words wants.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::domain::{Genre, State};
use crate::store::SearchCandidate;
use crate::text;

/// How many newest matches each index walk fetches for ranking.
pub const CANDIDATE_WINDOW: usize = 200;

/// A parsed query: a conjunction of terms, each a phrase of folded tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    terms: Vec<Vec<String>>,
}

impl Query {
    /// Parses a query: words and "quoted phrases"; a word like "07/CT-TTg" is a
    /// phrase of its parts. `None` when nothing searchable remains.
    pub fn parse(input: &str) -> Option<Query> {
        let folded = text::fold(&text::nfc(input));
        let mut terms = Vec::new();
        for (i, part) in folded.split('"').enumerate() {
            if i % 2 == 1 {
                let phrase: Vec<String> = text::tokens(part).map(str::to_string).collect();
                if !phrase.is_empty() {
                    terms.push(phrase);
                }
            } else {
                for word in part.split_whitespace() {
                    let phrase: Vec<String> = text::tokens(word).map(str::to_string).collect();
                    if !phrase.is_empty() {
                        terms.push(phrase);
                    }
                }
            }
        }
        (!terms.is_empty()).then_some(Query { terms })
    }

    /// FTS5 MATCH expression over all columns. Tokens are letters and digits only,
    /// so quoting them is safe.
    pub fn match_expr(&self) -> String {
        self.terms.iter().map(|t| format!("\"{}\"", t.join(" "))).collect::<Vec<_>>().join(" AND ")
    }

    /// The same expression restricted to the headline column.
    pub fn headline_expr(&self) -> String {
        format!("headline : ({})", self.match_expr())
    }

    /// For a query of several tokens, all of them as one phrase in the order
    /// typed: "nghi dinh" also as the exact "Nghị định" (ranked first).
    pub fn phrase_expr(&self) -> Option<String> {
        let all: Vec<&str> = self.terms.iter().flatten().map(String::as_str).collect();
        (all.len() > 1 && self.terms.len() > 1).then(|| format!("\"{}\"", all.join(" ")))
    }

    /// Every folded token of the query.
    pub fn token_set(&self) -> HashSet<&str> {
        self.terms.iter().flatten().map(String::as_str).collect()
    }
}

/// Merges the candidate lists into one ranking (best first). Pieces where the
/// whole query occurs as a phrase come first; within a tier, by BM25 score, then
/// newest first. A piece found by several walks keeps its all-columns score.
pub fn rank(all: &[SearchCandidate], headline: &[SearchCandidate], phrase: &[SearchCandidate]) -> Vec<SearchCandidate> {
    let mut by_num: HashMap<i64, f64> = headline.iter().chain(phrase).map(|c| (c.num, c.score)).collect();
    for c in all {
        by_num.insert(c.num, c.score);
    }
    let phrased: HashSet<i64> = phrase.iter().map(|c| c.num).collect();
    let mut out: Vec<SearchCandidate> = by_num.into_iter().map(|(num, score)| SearchCandidate { num, score }).collect();
    out.sort_by(|a, b| {
        let tier = |c: &SearchCandidate| u8::from(!phrased.contains(&c.num));
        tier(a).cmp(&tier(b)).then(a.score.total_cmp(&b.score)).then(b.num.cmp(&a.num))
    });
    out
}

/// A run of text, highlighted or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// The original text.
    pub text: String,
    /// True when this run matches a query token.
    pub hit: bool,
}

/// Splits `s` into segments, marking the words whose folded form is a query token.
pub fn highlight(s: &str, q: &Query) -> Vec<Segment> {
    let tokens = q.token_set();
    let mut out: Vec<Segment> = Vec::new();
    let mut push = |text: &str, hit: bool| match out.last_mut() {
        Some(last) if last.hit == hit => last.text.push_str(text),
        _ => out.push(Segment { text: text.to_string(), hit }),
    };
    let mut start = 0;
    let mut in_word = false;
    for (i, c) in s.char_indices() {
        let alnum = c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c);
        if alnum != in_word {
            let run = &s[start..i];
            if !run.is_empty() {
                push(run, in_word && tokens.contains(text::fold(run).as_str()));
            }
            start = i;
            in_word = alnum;
        }
    }
    let run = &s[start..];
    if !run.is_empty() {
        push(run, in_word && tokens.contains(text::fold(run).as_str()));
    }
    join_adjacent_hits(out)
}

/// "Đà" + " " + "Nẵng" → "Đà Nẵng": hits separated only by spaces read as one.
fn join_adjacent_hits(segs: Vec<Segment>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::with_capacity(segs.len());
    let mut it = segs.into_iter().peekable();
    while let Some(seg) = it.next() {
        let gap = !seg.hit && !seg.text.is_empty() && seg.text.chars().all(|c| c == ' ');
        let between_hits = gap && out.last().is_some_and(|l| l.hit) && it.peek().is_some_and(|n| n.hit);
        if between_hits {
            let next = it.next().map(|n| n.text).unwrap_or_default();
            if let Some(last) = out.last_mut() {
                last.text.push_str(&seg.text);
                last.text.push_str(&next);
            }
        } else {
            out.push(seg);
        }
    }
    out
}

/// A window of about `words` words of `s` around the first place the whole
/// query occurs as a phrase, else around the first hit; the start of the text
/// when nothing matches.
pub fn snippet(s: &str, q: &Query, words: usize) -> Vec<Segment> {
    let tokens = q.token_set();
    let all: Vec<&str> = s.split_whitespace().collect();
    let folded: Vec<Vec<String>> =
        all.iter().map(|w| text::tokens(&text::fold(w)).map(str::to_string).collect()).collect();
    let phrase: Vec<&str> = q.terms.iter().flatten().map(String::as_str).collect();
    let flat: Vec<(usize, &str)> =
        folded.iter().enumerate().flat_map(|(i, ts)| ts.iter().map(move |t| (i, t.as_str()))).collect();
    let phrase_at = (phrase.len() > 1)
        .then(|| flat.windows(phrase.len()).find(|w| w.iter().map(|(_, t)| *t).eq(phrase.iter().copied())))
        .flatten()
        .map(|w| w[0].0);
    let first_hit = phrase_at.or_else(|| folded.iter().position(|ts| ts.iter().any(|t| tokens.contains(t.as_str()))));
    let start = first_hit.map_or(0, |i| i.saturating_sub(words / 3));
    let end = (start + words).min(all.len());
    let mut window = all[start..end].join(" ");
    if start > 0 {
        window.insert_str(0, "… ");
    }
    if end < all.len() {
        window.push_str(" …");
    }
    highlight(&window, q)
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    /// Assignment id.
    pub assignment_id: String,
    /// Assignment number.
    pub num: i64,
    /// Headline (or working title), highlighted.
    pub headline: Vec<Segment>,
    /// Body excerpt, highlighted.
    pub snippet: Vec<Segment>,
    /// State.
    pub state: State,
    /// Genre.
    pub genre: Genre,
    /// Reporter login.
    pub reporter: String,
    /// BM25 score (lower is better).
    pub score: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_folds_and_builds_phrases() {
        let q = Query::parse("Nghị định \"chính sách\" 07/CT-TTg").unwrap();
        assert_eq!(q.match_expr(), "\"nghi\" AND \"dinh\" AND \"chinh sach\" AND \"07 ct ttg\"");
        assert_eq!(q.headline_expr(), format!("headline : ({})", q.match_expr()));
        assert_eq!(q.phrase_expr().as_deref(), Some("\"nghi dinh chinh sach 07 ct ttg\""));
        assert_eq!(Query::parse("\"chinh sach\"").unwrap().phrase_expr(), None);
        assert!(Query::parse("  \" \" -- ").is_none());
        // Quotes and FTS operators typed by a user never reach FTS5 unquoted.
        let q = Query::parse("a\" OR NEAR(b* ^c").unwrap();
        assert_eq!(q.match_expr(), "\"a\" AND \"or near b c\"");
    }

    #[test]
    fn highlight_marks_words_with_diacritics() {
        let q = Query::parse("da nang").unwrap();
        let segs = highlight("Về Đà Nẵng, ngày mới.", &q);
        let hits: Vec<&str> = segs.iter().filter(|s| s.hit).map(|s| s.text.as_str()).collect();
        assert_eq!(hits, ["Đà Nẵng"]);
        let joined: String = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, "Về Đà Nẵng, ngày mới.");
    }

    #[test]
    fn snippet_centres_on_first_hit() {
        let text = format!("{} nghị sĩ {} Nghị định mới {}", "đầu ".repeat(5), "chữ ".repeat(50), "đuôi ".repeat(50));
        let q = Query::parse("nghi dinh").unwrap();
        let s = snippet(&text, &q, 12);
        let joined: String = s.iter().map(|x| x.text.as_str()).collect();
        assert!(joined.starts_with("… "), "{joined}");
        assert!(joined.ends_with(" …"), "{joined}");
        assert!(s.iter().any(|x| x.hit && x.text == "Nghị định"), "{s:?}");
    }

    #[test]
    fn rank_prefers_scores_then_recency() {
        let all = [SearchCandidate { num: 5, score: -1.0 }, SearchCandidate { num: 4, score: -3.0 }];
        let head = [SearchCandidate { num: 1, score: -9.0 }, SearchCandidate { num: 5, score: -20.0 }];
        let r: Vec<i64> = rank(&all, &head, &[]).iter().map(|c| c.num).collect();
        assert_eq!(r, [1, 4, 5]);
        let phrase = [SearchCandidate { num: 5, score: -0.5 }];
        let r: Vec<i64> = rank(&all, &head, &phrase).iter().map(|c| c.num).collect();
        assert_eq!(r, [5, 1, 4]);
    }
}
