//! The engagement collectors: sources that go and look for a published
//! piece's figures — the portal's REST API ([`wordpress`]), the view counter
//! printed on the public page ([`page`]) and Matomo ([`matomo`]). The poll
//! runner of `toasoan-core` runs them under per-host rate limits; what they
//! find is recorded by the desk.

pub mod matomo;
pub mod page;
pub mod wordpress;

pub use toasoan_domain::engagement::{parse_count, CitizenComment, Collected, MatomoSite, Reading, Target};
use toasoan_domain::{EngagementSource, Result};

/// A source that goes and looks (the poll scheduler runs these).
pub trait Collector: Send + Sync {
    /// Which source the figures are recorded under.
    fn source(&self) -> EngagementSource;
    /// Host whose rate limit this collection draws on.
    fn host(&self, target: &Target) -> String;
    /// Reads the figures of one piece. Temporary failures are
    /// `Error::PortalUnavailable` (retried with backoff), others permanent.
    fn collect(&self, target: &Target) -> Result<Collected>;
}
