//! What the contract ledger reads: a piece with the facts that decide whether
//! it counts, grouped ledger rows, candidates for an acceptance round.

use chrono::{DateTime, Utc};

use crate::State;

/// One assignment of a contract, as the contract report counts it.
#[derive(Debug, Clone)]
pub struct ContractPiece {
    /// Assignment id.
    pub id: String,
    /// Contract line id.
    pub line_id: String,
    /// Workflow state.
    pub state: State,
    /// Words of the newest revision, if any.
    pub words: Option<i64>,
    /// First recorded publication.
    pub published_at: Option<DateTime<Utc>>,
    /// The newest counting override (a head's decision), if any.
    pub counts_override: Option<bool>,
}

/// Pieces of a contract line that the counting rule treats alike: same state,
/// override, tier flag and day of first publication (Việt Nam).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerGroup {
    /// Contract line id.
    pub line_id: String,
    /// Workflow state.
    pub state: State,
    /// The newest override, if any.
    pub counts_override: Option<bool>,
    /// Newest revision within the line's length tier (no revision: 0 words).
    pub in_tier: bool,
    /// Day of first publication in Việt Nam, if published.
    pub published_on: Option<chrono::NaiveDate>,
    /// How many pieces.
    pub n: i64,
}

/// A published piece of a contract with what its bảng kê row would say.
#[derive(Debug, Clone)]
pub struct AcceptanceCandidate {
    /// Assignment id.
    pub assignment_id: String,
    /// Line id.
    pub line_id: String,
    /// State.
    pub state: State,
    /// Headline of the approved version (else the working title).
    pub headline: String,
    /// Byline of the approved version.
    pub author: String,
    /// Words of the approved version.
    pub words: i64,
    /// Content hash of the newest approval.
    pub content_hash: Option<String>,
    /// First publication.
    pub published_at: DateTime<Utc>,
    /// Its address.
    pub url: String,
    /// Portal name, when published through one.
    pub outlet: Option<String>,
    /// Remote id.
    pub remote_id: Option<String>,
    /// SHA-256 of what was sent.
    pub sent_sha256: Option<String>,
}

/// Pieces first published in a period that share everything the period
/// report groups by (see `Store::period_groups`): counted in Rust with the
/// same rule as the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodGroup {
    /// Policy id.
    pub policy_id: String,
    /// Policy name.
    pub policy_name: String,
    /// Stage the pieces cover, if recorded.
    pub stage: Option<crate::PolicyStage>,
    /// Contract line (genre, channel, price).
    pub line_id: String,
    /// Genre.
    pub genre: crate::Genre,
    /// Channel.
    pub channel: crate::Channel,
    /// Unit price of the line (đồng).
    pub unit_price: i64,
    /// Quantity of the line.
    pub quantity: i64,
    /// Agency id.
    pub agency_id: String,
    /// Agency name.
    pub agency_name: String,
    /// State.
    pub state: crate::State,
    /// Within the line's word tier.
    pub in_tier: bool,
    /// Newest counting override.
    pub counts_override: Option<bool>,
    /// Number of pieces.
    pub pieces: i64,
    /// Summed audience: views, visits, comments, shares, reactions.
    pub audience: [i64; 5],
}
