//! What the publishing journal remembers between requests, and a claimed
//! outbox job.

use serde::{Deserialize, Serialize};

use crate::PublishJob;

/// What we know of our post on a portal (in team mode also carried on the
/// hub's publish claim, as JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostRecord {
    /// The slug we create it with (stable per piece and portal).
    pub slug: String,
    /// Remote id, once known.
    pub remote_id: Option<String>,
    /// When a create was started (its answer may have been lost).
    pub create_started_at: Option<String>,
    /// Fingerprint of the portal's copy right after our last write.
    pub last_remote_hash: Option<String>,
    /// SHA-256 of the body of our last write.
    pub last_sent_hash: Option<String>,
}

/// An image as a portal holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteMediaRecord {
    /// Slug it was uploaded with.
    pub slug: String,
    /// Remote id, once known.
    pub remote_id: Option<String>,
    /// Public URL, once known.
    pub url: Option<String>,
    /// `true` when the upload's answer was recorded.
    pub done: bool,
    /// When the upload was started or answered (stored form).
    pub updated_at: String,
}

/// A job claimed by a worker, with what it needs to run.
#[derive(Debug, Clone)]
pub struct ClaimedJob {
    /// The job as listed.
    pub job: PublishJob,
    /// Portal id.
    pub portal_id: String,
    /// Overwrite allowed while the portal's copy still has this fingerprint.
    pub overwrite_remote_hash: Option<String>,
}
