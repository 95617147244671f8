//! The view counter printed on the published page: many provincial portals
//! have no API but show "Lượt xem: 1.234" under the headline.
//!
//! A page is turned into plain text (scripts and styles dropped, tags
//! removed, entities decoded, NFC, spaces collapsed), then searched with the
//! portal's [`ViewPattern`]. The default understands "Lượt xem: 1.234",
//! "Lượt đọc 56", "Xem: 92", "858 views", "Views: 1,024" whatever the case,
//! entities (`L&#432;&#7907;t xem`) or NFD text. What a counter looks like
//! ([`ViewPattern`]) is `toasoan_documents::page`; here it is fetched.

pub use toasoan_documents::page::{html_text, ViewPattern};

use super::{Collected, Collector, Reading, Target};
use toasoan_domain::error::Result;
use toasoan_domain::{EngagementSource, Metric};

/// Reads the counter on each piece's public page.
#[derive(Debug)]
pub struct PageCounter {
    http: crate::client::Http,
    pattern: ViewPattern,
}

impl PageCounter {
    /// A collector using `pattern`.
    pub fn new(http: crate::client::Http, pattern: ViewPattern) -> PageCounter {
        PageCounter { http, pattern }
    }
}

impl Collector for PageCounter {
    fn source(&self) -> EngagementSource {
        EngagementSource::Page
    }

    fn host(&self, target: &Target) -> String {
        crate::client::host_of(&target.url)
    }

    fn collect(&self, target: &Target) -> Result<Collected> {
        let html = self.http.get_text(&target.url, "đọc trang đã đăng")?;
        let readings = self.pattern.find(&html).map(|value| Reading { metric: Metric::Views, value });
        Ok(Collected { readings: readings.into_iter().collect(), comments: vec![] })
    }
}
