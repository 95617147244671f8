//! Tòa Soạn's portals: everything that crosses the network.
//!
//! - Publishing: what is sent ([`Article`]), the adapters that send it
//!   ([`Adapter`]: [`wordpress`], [`package`]) and the journal they keep so a
//!   killed worker never creates anything twice ([`Journal`]).
//! - Engagement: the collectors that go and look ([`engagement`]: the
//!   WordPress REST API, the view counter on the public page, Matomo).
//! - [`client`]: the one HTTP client underneath both — timeouts, our user
//!   agent, and one classification of answers (temporary or refused).
//!
//! Architecture invariant: this is the only crate of the workspace with an
//! HTTP client. It never touches the store; everything an adapter must
//! remember between requests goes through the [`Journal`] the desk hands it,
//! which commits each entry before the next request is sent.

pub mod client;
pub mod engagement;
pub mod package;
pub mod wordpress;

use std::collections::HashMap;
use std::path::PathBuf;

use toasoan_documents::render::{self, LibraryImage};
use toasoan_domain::{Error, Genre, PostRecord, PublishConflict, RemoteCopy, RemoteMediaRecord, Result};

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

    /// Our version as a portal holds it, for sending and conflict review:
    /// all three fields are HTML, so the headline and the sapo — plain text
    /// — are escaped ([`escape_html`]) and arrive as text, never as markup
    /// (a headline `<script>…` would otherwise run on the portal's pages).
    pub fn copy(&self, src_of: &dyn Fn(&ArticleImage) -> String) -> RemoteCopy {
        RemoteCopy { title: escape_html(&self.headline), excerpt: escape_html(&self.sapo), content: self.html(src_of) }
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
    fn image(&mut self, sha256: &str) -> Result<Option<RemoteMediaRecord>>;
    /// Records that uploads of these images (hash, slug) are about to be sent.
    fn images_sending(&mut self, images: &[(String, String)]) -> Result<()>;
    /// Records an uploaded image.
    fn image_done(&mut self, sha256: &str, image: &RemoteImage) -> Result<()>;
    /// Records that the portal answered an upload with a refusal (nothing
    /// made): the next attempt need not wait for a lost answer to complete.
    fn image_refused(&mut self, sha256: &str) -> Result<()>;
    /// A term's remote id.
    fn term(&mut self, taxonomy: &str, slug: &str) -> Result<Option<i64>>;
    /// Records a term's remote id.
    fn term_done(&mut self, taxonomy: &str, slug: &str, id: i64) -> Result<()>;
    /// Our post on this portal: remote id, whether a create was started, the
    /// portal copy's fingerprint after our last write.
    fn post(&mut self) -> Result<Option<PostRecord>>;
    /// Records that a create with this slug is about to be sent.
    fn create_sending(&mut self, slug: &str) -> Result<()>;
    /// Records that the portal answered the create with a refusal (no post
    /// made): the next attempt need not wait for a lost answer to complete.
    fn create_refused(&mut self) -> Result<()>;
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

/// `sha256` when it is a SHA-256 as the library writes it (64 lowercase hex
/// digits), before any part of it names a file or a slug: a stored value
/// is not trusted to be one (cutting `"ààà…"` at a byte count would panic).
pub fn check_sha256(sha256: &str) -> Result<&str> {
    if toasoan_domain::media::is_sha256_hex(sha256) {
        Ok(sha256)
    } else {
        let shown: String = sha256.chars().take(70).collect();
        Err(Error::invalid("sha256", format!("mã băm ảnh «{shown}» không hợp lệ (phải là 64 chữ số hex thường)")))
    }
}

/// The ASCII name an image is uploaded under: `ts-` and the first 16 hex
/// digits of its hash.
pub fn image_file_name(sha256: &str, ext: &str) -> Result<String> {
    Ok(format!("ts-{}.{ext}", &check_sha256(sha256)?[..16]))
}

/// Fingerprint of a post's title, excerpt and content (length-prefixed), to
/// notice changes made on the portal.
pub fn copy_hash(c: &RemoteCopy) -> String {
    toasoan_domain::ids::fields_hash([c.title.as_str(), &c.excerpt, &c.content])
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

    /// Review finding 4: the publisher cut a stored `sha256` at a byte count
    /// (`&sha[..16]`) to name the upload; "ààà…" panicked it.
    #[test]
    fn image_names_refuse_a_hash_that_is_not_one() {
        let sha = "0123456789abcdef".repeat(4);
        assert_eq!(image_file_name(&sha, "jpg").unwrap(), "ts-0123456789abcdef.jpg");
        for bad in ["à".repeat(32), "à".repeat(8), "../../etc/passwd".into(), sha.to_uppercase(), sha[..63].into()] {
            let e = image_file_name(&bad, "jpg").unwrap_err();
            assert_eq!(e.code(), "invalid_input", "{bad}");
            assert!(e.to_string().contains("64 chữ số hex"), "{e}");
        }
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
