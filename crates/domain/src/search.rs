//! Search without diacritics: query parsing, ranking of candidates, snippets.
//!
//! Design (the index is in the store crate; the folded fields it is keyed on are
//! made by the core): text is folded before it is indexed
//! and queries are folded the same way, so "nghi dinh" finds "Nghị định" and
//! "da nang" finds "Đà Nẵng". A plain `ORDER BY rank` scores every match (~170 ms
//! for 100,000), and even BM25 on a bounded candidate set scans each term's whole
//! doclist for its IDF (~50 ms for words in most pieces). Instead, ranking is by
//! relevance tiers, each an index walk in newest-first rowid order that stops
//! after [`CANDIDATE_WINDOW`] rows and needs no corpus statistics:
//!
//! 1. the whole query as a phrase in the headline,
//! 2. every term in the headline,
//! 3. the whole query as a phrase anywhere,
//! 4. every term anywhere;
//!
//! newest first within a tier. A newsroom searching "chính sách" or the
//! province's name wants the most recent such pieces; a query for a rare term
//! returns all its matches in tier order.
//!
//! The narrower tiers (1–3) look at the newest [`NARROW_WINDOW`] pieces only:
//! when every word of "nghi dinh" is in most pieces but the two are rarely
//! side by side in a headline, a phrase walk over the whole index has to
//! intersect two long position lists before it finds 200 rows (19.8 ms p95
//! over 100,000 pieces). An older piece is still found, by the last tier,
//! which walks the whole index: it only ranks by recency there.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::text;
use crate::{Genre, SearchCandidate, State};

/// How many newest matches each index walk fetches for ranking.
pub const CANDIDATE_WINDOW: usize = 200;

/// How many of the newest pieces the narrower tiers look at (see the module
/// notes): a newsroom's last two or three years.
pub const NARROW_WINDOW: i64 = 10_000;

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

/// The tier walks of a query, best tier first: (tier, MATCH expression). Every
/// walk but the last is bounded to the newest [`NARROW_WINDOW`] pieces.
pub fn tier_exprs(q: &Query) -> Vec<(u8, String)> {
    let mut out = Vec::with_capacity(4);
    if let Some(p) = q.phrase_expr() {
        out.push((0, format!("headline : ({p})")));
    }
    out.push((1, q.headline_expr()));
    if let Some(p) = q.phrase_expr() {
        out.push((2, p));
    }
    out.push((3, q.match_expr()));
    out
}

/// Merges tier walks (best tier first) into one ranking: a piece takes the
/// best tier it appears in; newest first within a tier.
pub fn rank(tiers: &[Vec<SearchCandidate>]) -> Vec<SearchCandidate> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for tier in tiers {
        let mut t: Vec<SearchCandidate> = tier.iter().copied().filter(|c| seen.insert(c.num)).collect();
        t.sort_by_key(|c| std::cmp::Reverse(c.num));
        out.extend(t);
    }
    out
}

/// A run of text, highlighted or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
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
        let alnum = text::is_word_char(c);
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
#[cfg_attr(feature = "specta", derive(specta::Type))]
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
    /// Relevance tier (0 = whole query as a phrase in the headline … 3 = every
    /// term somewhere).
    pub tier: u8,
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
    fn rank_takes_best_tier_then_newest() {
        let c = |num| SearchCandidate { num };
        let tiers = vec![vec![c(3)], vec![c(3), c(9)], vec![c(1), c(12), c(9)]];
        let r: Vec<i64> = rank(&tiers).iter().map(|c| c.num).collect();
        assert_eq!(r, [3, 9, 12, 1]);
        let q = Query::parse("nghi dinh").unwrap();
        let exprs: Vec<String> = tier_exprs(&q).into_iter().map(|(_, e)| e).collect();
        assert_eq!(
            exprs,
            [
                "headline : (\"nghi dinh\")",
                "headline : (\"nghi\" AND \"dinh\")",
                "\"nghi dinh\"",
                "\"nghi\" AND \"dinh\""
            ]
        );
        let single: Vec<u8> = tier_exprs(&Query::parse("nghi").unwrap()).into_iter().map(|(t, _)| t).collect();
        assert_eq!(single, [1, 3]);
    }
}
