//! Publishing approved pieces to portals: what is sent ([`Article`]), the
//! adapters that send it ([`Adapter`]: [`wordpress`], [`package`]), the
//! journal they keep so a killed worker never creates anything twice
//! ([`Journal`]), retry timing ([`backoff`]) and where secrets come from
//! ([`secret`]).
//!
//! Architecture invariant: the adapters are the only code in the core that
//! speaks HTTP. They never touch the store; everything they must remember
//! between requests goes through the [`Journal`] the desk hands them, which
//! commits each entry before the next request is sent.

pub mod package;
pub mod secret;
pub mod wordpress;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::domain::{Genre, PublishConflict, RemoteCopy};
use crate::error::Result;
use crate::render::{self, LibraryImage};

/// One image of an article, as published: the web derivative, never the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleImage {
    /// Library id (the Markdown refers to `media:<id>`).
    pub media_id: String,
    /// SHA-256 of the original (the library's identity; deduplicates uploads).
    pub sha256: String,
    /// The web derivative on disk.
    pub path: PathBuf,
    /// ASCII file name to upload under (`ts-<sha>.jpg`).
    pub file_name: String,
    /// MIME type of the derivative.
    pub mime: String,
    /// Alt text.
    pub alt: String,
    /// Caption as published ("Chú thích. Ảnh: Tên").
    pub caption: String,
    /// Credit alone.
    pub credit: String,
}

/// An approved revision, ready to send.
#[derive(Debug, Clone)]
pub struct Article {
    /// Assignment id.
    pub assignment_id: String,
    /// Assignment short number.
    pub assignment_num: i64,
    /// Revision being published.
    pub revision_seq: i64,
    /// Its content hash (what the approval certifies).
    pub content_hash: String,
    /// Stable slug: the headline's Vietnamese slug and a suffix unique to the
    /// piece, so a lookup by slug finds our post and nobody else's.
    pub slug: String,
    /// Tít.
    pub headline: String,
    /// Sapo (published as the excerpt).
    pub sapo: String,
    /// Bút danh.
    pub byline: String,
    /// Markdown body.
    pub markdown: String,
    /// Genre (category).
    pub genre: Genre,
    /// Policy name (tag).
    pub policy: String,
    /// Policy document number.
    pub policy_doc_number: String,
    /// Contract number.
    pub contract_number: String,
    /// Agency commissioning the contract.
    pub agency: String,
    /// Channel label.
    pub channel: String,
    /// Approval instant (UTC, stored form).
    pub approved_at: String,
    /// Library images referenced by the body, in order of first use.
    pub images: Vec<ArticleImage>,
    /// The editor allowed overwriting the portal's copy while it has this fingerprint.
    pub overwrite_remote_hash: Option<String>,
}

impl Article {
    /// Sanitized HTML of the body with each library image's `src` given by
    /// `src_of` (the portal's URL, or a path inside a package), followed by the byline.
    pub fn html(&self, src_of: &dyn Fn(&ArticleImage) -> String) -> String {
        let library: HashMap<String, LibraryImage> = self
            .images
            .iter()
            .map(|i| {
                let img = LibraryImage {
                    src: src_of(i),
                    alt: i.alt.clone(),
                    caption: i.caption.clone(),
                    credit: i.credit.clone(),
                };
                (i.media_id.clone(), img)
            })
            .collect();
        let mut html = render::render_with(&self.markdown, &library).html;
        if !self.byline.trim().is_empty() {
            html.push_str("<p class=\"toasoan-byline\"><strong>");
            html.push_str(&escape_html(self.byline.trim()));
            html.push_str("</strong></p>\n");
        }
        html
    }

    /// Our version as a portal would show it, for conflict review.
    pub fn copy(&self, src_of: &dyn Fn(&ArticleImage) -> String) -> RemoteCopy {
        RemoteCopy { title: self.headline.clone(), excerpt: self.sapo.clone(), content: self.html(src_of) }
    }
}

/// The stable slug of a piece: its headline's slug (≤ 80 characters, cut at a
/// hyphen) and `-ts` + the last 8 hex digits of the assignment's UUIDv7 (its
/// random part), so two newsrooms — or two databases — publishing pieces with
/// the same headline to one portal never find each other's post by slug.
pub fn stable_slug(headline: &str, assignment_id: &str) -> String {
    let hex: String = assignment_id.chars().filter(char::is_ascii_hexdigit).collect();
    let num = &hex[hex.len().saturating_sub(8)..];
    let mut base = crate::text::slug(headline);
    if base.len() > 80 {
        let cut = base[..80].rfind('-').unwrap_or(80);
        base.truncate(cut);
    }
    if base.is_empty() {
        format!("bai-ts{num}")
    } else {
        format!("{base}-ts{num}")
    }
}

/// An uploaded image as the portal holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteImage {
    /// Remote id.
    pub id: String,
    /// Public URL.
    pub url: String,
}

/// What the adapter keeps between requests. Each method commits before it
/// returns, so an entry survives the process being killed right after.
pub trait Journal {
    /// What we know of the image with this content hash on the portal: uploaded
    /// (`done`, with id and URL), or an upload started whose answer was lost.
    fn image(&mut self, sha256: &str) -> Result<Option<crate::store::RemoteMediaRecord>>;
    /// Records that uploads of these images (hash, slug) are about to be sent.
    fn images_sending(&mut self, images: &[(String, String)]) -> Result<()>;
    /// Records an uploaded image.
    fn image_done(&mut self, sha256: &str, image: &RemoteImage) -> Result<()>;
    /// A term's remote id.
    fn term(&mut self, taxonomy: &str, slug: &str) -> Result<Option<i64>>;
    /// Records a term's remote id.
    fn term_done(&mut self, taxonomy: &str, slug: &str, id: i64) -> Result<()>;
    /// Our post on this portal: remote id, whether a create was started, the
    /// portal copy's fingerprint after our last write.
    fn post(&mut self) -> Result<Option<crate::store::PostRecord>>;
    /// Records that a create with this slug is about to be sent.
    fn create_sending(&mut self, slug: &str) -> Result<()>;
    /// Records the created post's remote id.
    fn post_created(&mut self, remote_id: &str) -> Result<()>;
    /// Records the portal copy's fingerprint and our body's hash after a write.
    fn post_written(&mut self, remote_hash: &str, sent_hash: &str) -> Result<()>;
}

/// What a completed publish leaves as proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// Remote post id (the package's folder name for packages).
    pub remote_id: String,
    /// Public URL (the package's `index.html` for packages).
    pub url: String,
    /// The exact body of the request that published it.
    pub body: Vec<u8>,
    /// The public page fetched after publishing, if it could be fetched.
    pub page: Option<Vec<u8>>,
    /// For packages: the folder and zip written.
    pub output: Option<String>,
    /// `true` when the piece is now public (WordPress); `false` for a package
    /// a person still has to upload.
    pub public: bool,
}

/// How a publish ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Published; here is the proof.
    Sent(Box<Sent>),
    /// The portal's copy changed since we last wrote it: nothing was sent.
    Conflict(Box<PublishConflict>),
}

/// A way of publishing (PRODUCT.md §5): WordPress REST, a publication package,
/// and others behind the same trait later.
pub trait Adapter: Send + Sync {
    /// Publishes `article`, creating or updating the one post of this piece.
    fn publish(&self, article: &Article, journal: &mut dyn Journal) -> Result<Outcome>;
}

/// Escapes text for HTML element content and quoted attributes.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// SHA-256 in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Fingerprint of a post's title, excerpt and content (length-prefixed), to
/// notice changes made on the portal.
pub fn copy_hash(c: &RemoteCopy) -> String {
    let mut h = Sha256::new();
    for f in [&c.title, &c.excerpt, &c.content] {
        let f = f.trim();
        h.update(f.len().to_string().as_bytes());
        h.update(b":");
        h.update(f.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Retry timing for failed attempts: exponential from `base`, capped at `max`,
/// with "full jitter" in the upper half so many jobs do not retry in step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Delay after the first failure (before jitter).
    pub base: Duration,
    /// Longest delay.
    pub max: Duration,
    /// Attempts after which a transient failure is given up as failed.
    pub max_attempts: i64,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff { base: Duration::from_secs(5), max: Duration::from_secs(30 * 60), max_attempts: 25 }
    }
}

/// The delay before attempt `attempts + 1`, given a random `unit` in [0, 1).
pub fn backoff(policy: &Backoff, attempts: i64, unit: f64) -> Duration {
    let exp = attempts.clamp(1, 30) as u32 - 1;
    let raw = policy.base.saturating_mul(2u32.saturating_pow(exp));
    let capped = raw.min(policy.max);
    // Between half and all of the capped delay.
    capped.mul_f64(0.5 + 0.5 * unit.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escaping_keeps_vietnamese_and_neutralises_markup() {
        assert_eq!(
            escape_html("Thu Hà <b>\"x\"</b> & 'y'"),
            "Thu Hà &lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; &#39;y&#39;"
        );
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let p = Backoff { base: Duration::from_secs(2), max: Duration::from_secs(60), max_attempts: 10 };
        assert_eq!(backoff(&p, 1, 1.0), Duration::from_secs(2));
        assert_eq!(backoff(&p, 1, 0.0), Duration::from_secs(1));
        assert_eq!(backoff(&p, 3, 1.0), Duration::from_secs(8));
        assert_eq!(backoff(&p, 20, 1.0), Duration::from_secs(60));
        assert_eq!(backoff(&p, 20, 0.0), Duration::from_secs(30));
        let a = backoff(&p, 4, 0.1);
        let b = backoff(&p, 4, 0.9);
        assert!(a < b, "jitter spreads retries: {a:?} vs {b:?}");
    }

    #[test]
    fn stable_slugs_are_vietnamese_ascii_and_unique_per_piece() {
        let id = "01a20457-c34a-71b5-9080-88e4f742109f";
        assert_eq!(stable_slug("Nghị định 32/2019/NĐ-CP: Đà Nẵng", id), "nghi-dinh-32-2019-nd-cp-da-nang-tsf742109f");
        let long = "Chính sách hỗ trợ người dân vùng lũ ".repeat(8);
        let s = stable_slug(&long, id);
        assert!(s.len() <= 80 + 11, "{s}");
        assert!(s.ends_with("-tsf742109f") && !s.contains("--"), "{s}");
        assert_eq!(stable_slug("!!!", id), "bai-tsf742109f");
        assert_ne!(stable_slug("Tin", id), stable_slug("Tin", "01a20457-c34a-71b5-9080-88e4f742109e"));
    }

    #[test]
    fn copy_hash_sees_any_field_change_but_not_surrounding_whitespace() {
        let a = RemoteCopy { title: "T".into(), excerpt: "E".into(), content: "<p>x</p>".into() };
        let mut b = a.clone();
        b.content.push('\n');
        assert_eq!(copy_hash(&a), copy_hash(&b));
        b.content = "<p>y</p>".into();
        assert_ne!(copy_hash(&a), copy_hash(&b));
        // Moving text between fields changes the hash (length-prefixed).
        let c = RemoteCopy { title: "TE".into(), excerpt: "".into(), content: a.content.clone() };
        assert_ne!(copy_hash(&a), copy_hash(&c));
    }
}
