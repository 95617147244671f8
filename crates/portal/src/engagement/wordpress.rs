//! The portal's own figures through the WordPress REST API: approved
//! comments (`X-WP-Total` on `/wp/v2/comments?post=ID`) with their text for
//! the citizen-feedback digest, and the `views` field where the site exposes
//! one (our must-use plugin `assets/wordpress/toasoan-engagement.php` adds it).

use serde_json::Value;

use super::{page::html_text, CitizenComment, Collected, Collector, Reading, Target};
use crate::wordpress::WordPress;
use toasoan_domain::error::{Error, Result};
use toasoan_domain::{EngagementSource, Metric};

/// At most this many pages of 100 comments are read per piece and poll.
const MAX_COMMENT_PAGES: i64 = 20;

/// Reads one portal account's posts.
#[derive(Debug)]
pub struct PortalApi {
    wp: WordPress,
    site: String,
}

impl PortalApi {
    /// A collector over a portal account's client; `site` is its base URL
    /// (the rate limit's host).
    pub fn new(wp: WordPress, site: &str) -> PortalApi {
        PortalApi { wp, site: site.to_string() }
    }
}

impl Collector for PortalApi {
    fn source(&self) -> EngagementSource {
        EngagementSource::WordPress
    }

    fn host(&self, _target: &Target) -> String {
        crate::client::host_of(&self.site)
    }

    fn collect(&self, target: &Target) -> Result<Collected> {
        let post = target
            .remote_id
            .as_deref()
            .ok_or_else(|| Error::invalid("remote_id", "bài chưa đăng qua tài khoản cổng này"))?;
        let (v, _, _) = self.wp.get_listing(
            &format!("wp/v2/posts/{post}"),
            &[("_fields", "id,views,comment_count".to_string())],
            "đọc số liệu bài trên cổng",
        )?;
        let mut readings = Vec::new();
        if let Some(views) = v.get("views").and_then(Value::as_i64).filter(|n| *n >= 0) {
            readings.push(Reading { metric: Metric::Views, value: views });
        }
        let mut comments = Vec::new();
        let mut total = None;
        let mut page = 1;
        loop {
            let (list, t, pages) = self.wp.get_listing(
                "wp/v2/comments",
                &[
                    ("post", post.to_string()),
                    ("per_page", "100".into()),
                    ("page", page.to_string()),
                    ("orderby", "id".into()),
                    ("order", "asc".into()),
                    ("_fields", "id,author_name,content,date_gmt".into()),
                ],
                "đọc bình luận của bài",
            )?;
            total = total.or(t);
            comments.extend(list.as_array().into_iter().flatten().filter_map(comment));
            if page >= pages.unwrap_or(1).min(MAX_COMMENT_PAGES) {
                break;
            }
            page += 1;
        }
        let count = total.unwrap_or(comments.len() as i64);
        readings.push(Reading { metric: Metric::Comments, value: count });
        Ok(Collected { readings, comments })
    }
}

fn comment(v: &Value) -> Option<CitizenComment> {
    let id = v.get("id")?.as_i64()?;
    let html = v.pointer("/content/rendered").and_then(Value::as_str).unwrap_or_default();
    let date = v.get("date_gmt").and_then(Value::as_str).unwrap_or_default();
    Some(CitizenComment {
        remote_id: id.to_string(),
        author: toasoan_domain::text::nfc(v.get("author_name").and_then(Value::as_str).unwrap_or_default().trim()),
        text: html_text(html),
        posted_at: if date.is_empty() { String::new() } else { format!("{date}.000Z") },
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_comment_is_read_as_plain_nfc_text() {
        let v = serde_json::json!({
            "id": 41, "author_name": " Nguyễn Văn Dân ",
            "content": {"rendered": "<p>Đề nghị giải thích rõ hơn &quot;mức hỗ trợ&quot;.</p>\n"},
            "date_gmt": "2026-03-05T02:10:00"
        });
        let c = super::comment(&v).unwrap();
        assert_eq!(c.remote_id, "41");
        assert_eq!(c.author, "Nguyễn Văn Dân");
        assert_eq!(c.text, "Đề nghị giải thích rõ hơn \"mức hỗ trợ\".");
        assert_eq!(c.posted_at, "2026-03-05T02:10:00.000Z");
    }
}
