//! Domain vocabulary: roles, genres, channels, policy stages, workflow states, and
//! the records the desk works with. Every coded value has a stable ASCII code (used
//! in the database, the CLI and IPC) and Vietnamese and English labels.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::Error;

/// Declares an enum with stable codes and bilingual labels.
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident = ($code:literal, $vi:literal, $en:literal)),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[serde(rename_all = "kebab-case")]
        $(#[$meta])*
        pub enum $name { $($(#[$vmeta])* #[serde(rename = $code)] $variant),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Stable ASCII code.
            pub fn code(self) -> &'static str { match self { $($name::$variant => $code),+ } }
            /// Vietnamese label.
            pub fn label_vi(self) -> &'static str { match self { $($name::$variant => $vi),+ } }
            /// English label.
            pub fn label_en(self) -> &'static str { match self { $($name::$variant => $en),+ } }
            /// Every value with its labels, in display order (the app's lists).
            pub fn labels() -> Vec<Label> {
                Self::ALL.iter().map(|v| Label { code: v.code(), vi: v.label_vi(), en: v.label_en() }).collect()
            }
            /// All codes, comma separated (for error messages and help).
            pub fn codes() -> String {
                Self::ALL.iter().map(|v| v.code()).collect::<Vec<_>>().join(", ")
            }
        }

        impl std::str::FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                match s.trim() {
                    $($code => Ok($name::$variant),)+
                    other => Err(Error::invalid($what, format!("«{other}» không hợp lệ; dùng một trong: {}", Self::codes()))),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.code()) }
        }
    };
}

/// A coded value with its labels, as the app lists and shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Label {
    /// Stable ASCII code.
    pub code: &'static str,
    /// Vietnamese label.
    pub vi: &'static str,
    /// English label.
    pub en: &'static str,
}

coded_enum!(
    /// What a person may do (PRODUCT.md §2).
    Role, "role" {
        /// Phóng viên / cộng tác viên.
        Reporter = ("reporter", "phóng viên", "reporter"),
        /// Biên tập viên / thư ký tòa soạn.
        Editor = ("editor", "biên tập viên", "editor"),
        /// Tổng biên tập / lãnh đạo tòa soạn.
        Head = ("head", "lãnh đạo tòa soạn", "newsroom head"),
    }
);

coded_enum!(
    /// Thể loại: the genre of a piece.
    Genre, "genre" {
        /// Tin.
        Tin = ("tin", "tin", "news item"),
        /// Bài.
        Bai = ("bai", "bài", "article"),
        /// Phóng sự.
        PhongSu = ("phong-su", "phóng sự", "report"),
        /// Phỏng vấn.
        PhongVan = ("phong-van", "phỏng vấn", "interview"),
        /// Ảnh / phóng sự ảnh.
        Anh = ("anh", "phóng sự ảnh", "photo story"),
        /// Infographic.
        Infographic = ("infographic", "infographic", "infographic"),
        /// Video.
        Video = ("video", "video", "video"),
        /// E-magazine.
        Emagazine = ("emagazine", "emagazine", "e-magazine"),
        /// Phát thanh.
        PhatThanh = ("phat-thanh", "phát thanh", "radio"),
        /// Truyền hình.
        TruyenHinh = ("truyen-hinh", "truyền hình", "television"),
    }
);

impl Genre {
    /// Usual length of the written text of this genre, in words (syllables):
    /// the range the pre-publish checklist compares against.
    pub fn word_range(self) -> (usize, usize) {
        match self {
            Genre::Tin => (100, 600),
            Genre::Bai => (600, 2_000),
            Genre::PhongSu => (1_200, 3_500),
            Genre::PhongVan => (800, 2_500),
            Genre::Anh => (80, 800),
            Genre::Infographic => (40, 500),
            Genre::Video | Genre::PhatThanh | Genre::TruyenHinh => (150, 1_200),
            Genre::Emagazine => (1_500, 5_000),
        }
    }

    /// Longest acceptable headline in words ("tít tin tối đa ~12 chữ").
    pub fn headline_max_words(self) -> usize {
        match self {
            Genre::Tin => 12,
            _ => 20,
        }
    }
}

coded_enum!(
    /// Kênh: where a piece is carried. (Called `PieceChannel` in TypeScript, where
    /// `Channel` is Tauri's IPC channel; the container name is not in any JSON.)
    #[serde(rename = "PieceChannel")]
    Channel, "channel" {
        /// Báo điện tử.
        BaoDienTu = ("bao-dien-tu", "báo điện tử", "online newspaper"),
        /// Báo in.
        BaoIn = ("bao-in", "báo in", "print"),
        /// Phát thanh.
        PhatThanh = ("phat-thanh", "phát thanh", "radio"),
        /// Truyền hình.
        TruyenHinh = ("truyen-hinh", "truyền hình", "television"),
        /// Cổng thông tin điện tử.
        CongThongTin = ("cong-thong-tin", "cổng thông tin", "government portal"),
        /// Mạng xã hội (Zalo OA, Facebook...).
        MangXaHoi = ("mang-xa-hoi", "mạng xã hội", "social media"),
    }
);

coded_enum!(
    /// The stage of the policy a piece explains (Decision 407/QĐ-TTg).
    PolicyStage, "stage" {
        /// Lấy ý kiến dự thảo.
        LayYKien = ("lay-y-kien", "lấy ý kiến dự thảo", "draft consultation"),
        /// Thông qua.
        ThongQua = ("thong-qua", "thông qua", "adopted"),
        /// Ban hành.
        BanHanh = ("ban-hanh", "ban hành", "issued"),
        /// Thực thi.
        ThucThi = ("thuc-thi", "thực thi", "in force"),
    }
);

coded_enum!(
    /// Workflow state of an assignment and its piece.
    State, "state" {
        /// Giao việc, chưa viết.
        Assigned = ("assigned", "đã giao", "assigned"),
        /// Đang viết.
        Drafting = ("drafting", "đang viết", "drafting"),
        /// Đã nộp, chờ duyệt.
        Submitted = ("submitted", "chờ duyệt", "submitted"),
        /// Trả lại để sửa.
        ChangesRequested = ("changes-requested", "yêu cầu sửa", "changes requested"),
        /// Đã duyệt.
        Approved = ("approved", "đã duyệt", "approved"),
        /// Đã đăng.
        Published = ("published", "đã đăng", "published"),
        /// Đã nghiệm thu.
        Accepted = ("accepted", "đã nghiệm thu", "accepted"),
        /// Đã hủy.
        Cancelled = ("cancelled", "đã hủy", "cancelled"),
    }
);

coded_enum!(
    /// What a media library item is.
    MediaKind, "kind" {
        /// A photo or graphic with derivatives (JPEG, PNG, WebP).
        Image = ("image", "ảnh", "image"),
        /// Any other accepted file (PDF, audio, video, office document), kept as is.
        Attachment = ("attachment", "tệp đính kèm", "attachment"),
    }
);

coded_enum!(
    /// How a portal account is published to.
    PortalKind, "kind" {
        /// A WordPress site, through its REST API and an application password.
        WordPress = ("wordpress", "WordPress (REST API)", "WordPress (REST API)"),
        /// A folder and zip with HTML, images and metadata, uploaded by hand.
        Package = ("package", "gói xuất bản (tải lên thủ công)", "publication package (manual upload)"),
    }
);

coded_enum!(
    /// An audience figure collected for a published piece.
    Metric, "metric" {
        /// Page or video views (Matomo `nb_hits`, a page counter, YouTube views).
        Views = ("views", "lượt xem", "views"),
        /// Distinct visits (Matomo `nb_visits`), or a social post's reach.
        Visits = ("visits", "lượt truy cập", "visits"),
        /// Comments (on the portal: approved comments only).
        Comments = ("comments", "bình luận", "comments"),
        /// Shares.
        Shares = ("shares", "chia sẻ", "shares"),
        /// Likes and other reactions.
        Reactions = ("reactions", "lượt thích", "reactions"),
    }
);

coded_enum!(
    /// Where an engagement figure came from. The portal's own figures
    /// (`wordpress`, `page`, `matomo`) count the same readers of the same page,
    /// so a piece's total takes the largest of them; the others are separate
    /// audiences and add up (see `engagement::combine`).
    EngagementSource, "source" {
        /// The portal's REST API (comment counts; views where exposed).
        WordPress = ("wordpress", "cổng (WordPress API)", "portal (WordPress API)"),
        /// The view counter printed on the published page.
        Page = ("page", "bộ đếm trên trang", "page counter"),
        /// Matomo's Reporting API.
        Matomo = ("matomo", "Matomo", "Matomo"),
        /// A Facebook Page insights export.
        Facebook = ("facebook", "Facebook", "Facebook"),
        /// A YouTube Studio export.
        YouTube = ("youtube", "YouTube", "YouTube"),
        /// A Zalo OA export.
        Zalo = ("zalo", "Zalo OA", "Zalo OA"),
        /// Typed in by an editor (print, radio, a platform without export).
        Manual = ("manual", "nhập tay", "manual entry"),
    }
);

impl EngagementSource {
    /// The platforms whose CSV exports the desk reads.
    pub const IMPORTABLE: &'static [EngagementSource] =
        &[EngagementSource::Facebook, EngagementSource::YouTube, EngagementSource::Zalo];

    /// Whether the figures measure the portal's own page (one audience).
    pub fn is_portal(self) -> bool {
        matches!(self, EngagementSource::WordPress | EngagementSource::Page | EngagementSource::Matomo)
    }
}

coded_enum!(
    /// Something the signed-in person may do with one piece now: what the
    /// app shows as buttons (`toasoan_core::workflow::piece_actions`).
    PieceAction, "action" {
        /// Write the piece (its reporter, while it is theirs to write).
        Write = ("write", "viết bài", "write"),
        /// Edit the text as its editor (copy-editing: an editor or head, not the reporter).
        CopyEdit = ("copy-edit", "biên tập trực tiếp", "copy-edit"),
        /// Hand it to the editors.
        Submit = ("submit", "nộp bài", "submit"),
        /// Approve the exact current revision.
        Approve = ("approve", "duyệt bài", "approve"),
        /// Send it back with a comment.
        RequestChanges = ("request-changes", "yêu cầu sửa", "request changes"),
        /// Record that it was published, or queue it to a portal.
        Publish = ("publish", "đăng bài", "publish"),
        /// Queue, retry, cancel or resolve its publishing jobs.
        ManagePublishing = ("manage-publishing", "quản lý việc đăng", "manage publishing"),
        /// Record its audience figures.
        RecordEngagement = ("record-engagement", "ghi nhận số liệu bạn đọc", "record audience figures"),
        /// Comment on it.
        Comment = ("comment", "góp ý", "comment"),
        /// Cancel the assignment.
        Cancel = ("cancel", "hủy", "cancel"),
        /// Decide in writing whether it counts toward its line.
        OverrideCounting = ("override-counting", "điều chỉnh cách tính", "override counting"),
        /// Change the assignment's terms: title, brief, deadline, people, policy.
        EditAssignment = ("edit-assignment", "sửa việc được giao", "edit the assignment"),
        /// Accept or decline the assignment (its reporter, before submitting).
        Respond = ("respond", "nhận hoặc từ chối việc", "accept or decline the assignment"),
    }
);

coded_enum!(
    /// What the signed-in person's role lets them do across the desk: which
    /// screens and settings the app offers (`toasoan_core::workflow::capabilities`).
    Capability, "capability" {
        /// Their own assignments to write ("Việc của tôi").
        OwnWork = ("own-work", "việc của tôi", "my work"),
        /// Review the whole desk's pieces.
        Review = ("review", "duyệt bài", "review"),
        /// See contracts, their figures and the audit log.
        ViewContracts = ("view-contracts", "xem hợp đồng", "view contracts"),
        /// Create and change contracts, prices and acceptances.
        ManageContracts = ("manage-contracts", "quản lý hợp đồng", "manage contracts"),
        /// Add portal accounts and their secrets.
        ManagePortals = ("manage-portals", "quản lý cổng đăng bài", "manage portals"),
        /// Add people and change roles.
        ManagePeople = ("manage-people", "quản lý nhân sự", "manage people"),
        /// Plan the desk's work: assignments on a calendar, reporters' load.
        Plan = ("plan", "kế hoạch", "planning"),
        /// Record citizens' feedback and what became of it.
        ManageFeedback = ("manage-feedback", "ý kiến người dân", "citizen feedback"),
    }
);

coded_enum!(
    /// Where a publishing job of the outbox is.
    JobState, "state" {
        /// Waiting for its turn (or for the next retry after a failure).
        Queued = ("queued", "chờ gửi", "queued"),
        /// A worker is sending it now.
        Sending = ("sending", "đang gửi", "sending"),
        /// Published; the proof is recorded.
        Done = ("done", "đã đăng", "done"),
        /// Given up: the portal refused it (the reason is kept); retry by hand.
        Failed = ("failed", "lỗi", "failed"),
        /// The post was changed on the portal since we last sent it: an editor chooses.
        Conflict = ("conflict", "xung đột với bản trên cổng", "conflict with the portal's copy"),
        /// Cancelled by an editor.
        Cancelled = ("cancelled", "đã hủy", "cancelled"),
    }
);

/// A portal account: where approved pieces are published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Portal {
    /// UUIDv7.
    pub id: String,
    /// Short unique name ("cong-tinh").
    pub name: String,
    /// Adapter.
    pub kind: PortalKind,
    /// Site address (WordPress) or output folder (package).
    pub base_url: String,
    /// Account name on the portal.
    pub username: String,
    /// Environment variable holding the secret, where no OS keyring is used.
    pub password_env: Option<String>,
    /// Created (UTC).
    pub created_at: DateTime<Utc>,
}

/// The text of a post as a portal holds it (for conflict review).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RemoteCopy {
    /// Title.
    pub title: String,
    /// Excerpt (our sapo).
    pub excerpt: String,
    /// HTML content.
    pub content: String,
}

/// Both versions of a post changed on the portal since we last sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PublishConflict {
    /// What we would send now.
    pub ours: RemoteCopy,
    /// What the portal has.
    pub theirs: RemoteCopy,
    /// Fingerprint of the portal's copy: an overwrite is allowed only while it still matches.
    pub theirs_hash: String,
    /// Remote post id.
    pub remote_id: String,
}

/// One job of the publishing outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PublishJob {
    /// UUIDv7.
    pub id: String,
    /// Assignment.
    pub assignment_id: String,
    /// Its short number.
    pub assignment_num: i64,
    /// Its working title.
    pub title: String,
    /// Portal name.
    pub portal: String,
    /// Portal kind.
    pub portal_kind: PortalKind,
    /// The approved revision being published.
    pub revision_seq: i64,
    /// Where the job is.
    pub state: JobState,
    /// Attempts so far.
    pub attempts: i64,
    /// Next attempt (UTC), for queued jobs.
    pub next_attempt_at: DateTime<Utc>,
    /// Error code of the last failed attempt.
    pub last_error_code: Option<String>,
    /// Its message.
    pub last_error: Option<String>,
    /// Both versions, when the job stopped on a conflict.
    pub conflict: Option<PublishConflict>,
    /// The proof, once done.
    pub publication_id: Option<String>,
    /// For package portals: the folder and zip written.
    pub output: Option<String>,
    /// Who queued it.
    pub created_by: String,
    /// Queued (UTC).
    pub created_at: DateTime<Utc>,
    /// Last change (UTC).
    pub updated_at: DateTime<Utc>,
}

/// Proof of one publication (PRODUCT.md §4): remote id, URL, time, hash of
/// exactly what was sent and a saved copy of the public page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Publication {
    /// UUIDv7.
    pub id: String,
    /// Assignment.
    pub assignment_id: String,
    /// Its short number.
    pub assignment_num: i64,
    /// Its working title.
    pub title: String,
    /// Channel of the contract line.
    pub channel: Channel,
    /// Portal name (none when recorded by hand).
    pub portal: Option<String>,
    /// Remote post id.
    pub remote_id: Option<String>,
    /// Public address.
    pub url: String,
    /// When (UTC).
    pub published_at: DateTime<Utc>,
    /// Revision published.
    pub revision_seq: Option<i64>,
    /// SHA-256 of the exact request body that published it.
    pub sent_sha256: Option<String>,
    /// Saved copy of that body (path in the data folder).
    pub sent_path: Option<String>,
    /// Saved copy of the public page fetched after publishing (path).
    pub page_path: Option<String>,
    /// SHA-256 of that page.
    pub page_sha256: Option<String>,
    /// Who published or recorded it.
    pub recorded_by: String,
}

/// A person of the newsroom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Person {
    /// UUIDv7.
    pub id: String,
    /// Short unique login, e.g. `lan`.
    pub login: String,
    /// Real name, for payment.
    pub real_name: String,
    /// Pen name (bút danh) used as byline, if any.
    pub pen_name: Option<String>,
    /// Role.
    pub role: Role,
    /// False once a head deactivated them (never deleted: the history names
    /// them); they sign in no more and get no new work.
    #[serde(default = "yes")]
    pub active: bool,
}

impl Person {
    /// The name a piece is signed with: the pen name, else the real name.
    pub fn byline(&self) -> &str {
        self.pen_name.as_deref().unwrap_or(&self.real_name)
    }
}

/// A commissioning agency (cơ quan đặt hàng).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Agency {
    /// UUIDv7.
    pub id: String,
    /// Full name, e.g. "Sở Tư pháp tỉnh Bình Sơn".
    pub name: String,
}

/// A policy that pieces explain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Policy {
    /// UUIDv7.
    pub id: String,
    /// Name.
    pub name: String,
    /// Document number such as "07/CT-TTg".
    pub doc_number: String,
    /// Issuing body.
    pub issuer: Option<String>,
    /// Stage.
    pub stage: PolicyStage,
}

/// A commissioning contract (hợp đồng đặt hàng) with its line items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Contract {
    /// UUIDv7.
    pub id: String,
    /// Agency id.
    pub agency_id: String,
    /// Agency name (joined for display).
    pub agency_name: String,
    /// Contract number, e.g. "15/2026/HĐ-STP".
    pub number: String,
    /// Signing date.
    pub signed_on: Option<NaiveDate>,
    /// First day of the period.
    pub start_on: NaiveDate,
    /// Last day of the period.
    pub end_on: NaiveDate,
    /// Total value in đồng (as amended); 0 while not known.
    pub total_value: i64,
    /// False for a contract recorded without its value (to be set by an
    /// amendment): an unknown value is not 0 ₫.
    #[serde(default = "yes")]
    pub value_known: bool,
    /// Free notes.
    pub notes: String,
    /// Who signs for the agency (bên A), e.g. "Ông Trần Văn Bình — Giám đốc".
    pub agency_signatory: String,
    /// The newsroom's name as it appears on the contract (bên B).
    pub newsroom_name: String,
    /// Who signs for the newsroom.
    pub newsroom_signatory: String,
    /// Policies the contract covers.
    pub policy_ids: Vec<String>,
    /// Line items (current quantities and prices, after amendments).
    pub lines: Vec<ContractLine>,
}

/// A contract line item (hạng mục).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ContractLine {
    /// UUIDv7.
    pub id: String,
    /// Contract id.
    pub contract_id: String,
    /// Genre.
    pub genre: Genre,
    /// Channel.
    pub channel: Channel,
    /// Quantity commissioned.
    pub quantity: i64,
    /// Unit price in đồng.
    pub unit_price: i64,
    /// Length tier: at least this many words, if set.
    pub min_words: Option<i64>,
    /// Length tier: at most this many words, if set.
    pub max_words: Option<i64>,
}

/// An amendment (phụ lục) to a contract: what it changed, kept for ever.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Amendment {
    /// UUIDv7.
    pub id: String,
    /// Contract id.
    pub contract_id: String,
    /// Amendment number, e.g. "01/2026/PL-HĐĐH".
    pub number: String,
    /// Signing date.
    pub signed_on: Option<NaiveDate>,
    /// Why.
    pub reason: String,
    /// Contract value before.
    pub total_value_before: i64,
    /// Contract value after.
    pub total_value_after: i64,
    /// Who recorded it (login).
    pub created_by: String,
    /// When (UTC).
    pub created_at: DateTime<Utc>,
    /// Line changes.
    pub lines: Vec<AmendmentLine>,
}

/// One line's change in an amendment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AmendmentLine {
    /// Line id.
    pub line_id: String,
    /// Quantity before (none: the amendment added the line).
    pub quantity_before: Option<i64>,
    /// Quantity after.
    pub quantity_after: i64,
    /// Unit price before (none: added).
    pub unit_price_before: Option<i64>,
    /// Unit price after.
    pub unit_price_after: i64,
}

/// An acceptance (nghiệm thu) of a contract over a period: the frozen bảng kê.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Acceptance {
    /// UUIDv7.
    pub id: String,
    /// Contract id.
    pub contract_id: String,
    /// 1 for the contract's first acceptance ("đợt 1"), 2 for the next…
    pub seq: i64,
    /// First day covered (Việt Nam calendar).
    pub period_from: NaiveDate,
    /// Last day covered.
    pub period_until: NaiveDate,
    /// Sum of the items' amounts, in đồng.
    pub total_amount: i64,
    /// Who accepted (login).
    pub created_by: String,
    /// When (UTC).
    pub created_at: DateTime<Utc>,
    /// The list, in bảng kê order (line by line, then by publication time).
    pub items: Vec<AcceptanceItem>,
}

/// One row of a bảng kê, frozen at acceptance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AcceptanceItem {
    /// 1-based row number (STT).
    pub position: i64,
    /// Assignment id.
    pub assignment_id: String,
    /// Line id.
    pub line_id: String,
    /// Published headline.
    pub headline: String,
    /// Byline.
    pub author: String,
    /// Genre.
    pub genre: Genre,
    /// Channel.
    pub channel: Channel,
    /// Where it was published (portal name), if recorded through a portal.
    pub outlet: Option<String>,
    /// First publication (UTC).
    pub published_at: DateTime<Utc>,
    /// Public address.
    pub url: String,
    /// Remote post id.
    pub remote_id: Option<String>,
    /// SHA-256 of what was sent.
    pub sent_sha256: Option<String>,
    /// Content hash of the approved version.
    pub content_hash: Option<String>,
    /// Word count (syllables).
    pub words: i64,
    /// Unit price at acceptance.
    pub unit_price: i64,
    /// Amount (= unit price: one piece).
    pub amount: i64,
    /// Views at the acceptance date, when known.
    pub views: Option<i64>,
    /// Comments at the acceptance date, when known.
    pub comments: Option<i64>,
}

impl ContractLine {
    /// Whether a piece of `words` words is within this line's length tier.
    /// (The V6 trigger that stores this flag on each assignment uses the same
    /// two comparisons; a test checks they agree.)
    pub fn in_tier(&self, words: i64) -> bool {
        self.min_words.is_none_or(|m| words >= m) && self.max_words.is_none_or(|m| words <= m)
    }

    /// "Bài · báo điện tử (tối đa 1.500 chữ)": how a line is named in lists and documents.
    pub fn label_vi(&self) -> String {
        let n = |v: i64| crate::text::format::vnd(v).trim_end_matches(" ₫").to_string();
        let tier = match (self.min_words, self.max_words) {
            (Some(a), Some(b)) => format!(" ({}–{} chữ)", n(a), n(b)),
            (Some(a), None) => format!(" (từ {} chữ)", n(a)),
            (None, Some(b)) => format!(" (tối đa {} chữ)", n(b)),
            (None, None) => String::new(),
        };
        format!("{} · {}{tier}", crate::text::capitalize(self.genre.label_vi()), self.channel.label_vi())
    }

    /// Quantity × unit price, in đồng (validated not to overflow on entry).
    pub fn value(&self) -> i64 {
        self.quantity.saturating_mul(self.unit_price)
    }
}

/// An assignment with what a list or a screen shows about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Assignment {
    /// UUIDv7.
    pub id: String,
    /// Short number, unique in this newsroom ("#42").
    pub num: i64,
    /// Working title.
    pub title: String,
    /// Brief from the editor.
    pub brief: String,
    /// State.
    pub state: State,
    /// Deadline (Việt Nam calendar date).
    pub due_on: NaiveDate,
    /// Contract line id.
    pub line_id: String,
    /// Genre of the line.
    pub genre: Genre,
    /// Channel of the line.
    pub channel: Channel,
    /// Contract id.
    pub contract_id: String,
    /// Contract number.
    pub contract_number: String,
    /// Policy id.
    pub policy_id: String,
    /// Policy name.
    pub policy_name: String,
    /// Policy document number.
    pub policy_doc_number: String,
    /// Reporter login.
    pub reporter: String,
    /// Reporter's real name.
    pub reporter_name: String,
    /// Responsible editor login, if named.
    pub editor: Option<String>,
    /// Thường or gấp.
    #[serde(default)]
    pub priority: Priority,
    /// The stage of the policy the piece covers.
    #[serde(default)]
    pub stage: Option<PolicyStage>,
    /// The reporter's newest answer (accept/decline), if any since the
    /// piece was last given to them.
    #[serde(default)]
    pub response: Option<AssignmentResponse>,
    /// Creation instant (UTC).
    pub created_at: DateTime<Utc>,
    /// Last change instant (UTC).
    pub updated_at: DateTime<Utc>,
}

/// The text of a piece: headline (tít), lead (sapo), Markdown body (chính văn), byline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Draft {
    /// Tít.
    pub headline: String,
    /// Sapo.
    pub sapo: String,
    /// Chính văn, Markdown.
    pub body: String,
    /// Byline (bút danh).
    pub byline: String,
}

/// One append-only revision of a piece.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Revision {
    /// UUIDv7.
    pub id: String,
    /// 1, 2, 3... per assignment.
    pub seq: i64,
    /// Content.
    pub draft: Draft,
    /// SHA-256 of the content (see [`crate::ids::content_hash`]).
    pub content_hash: String,
    /// Who wrote it.
    pub author: String,
    /// What produced it: `save`, `autosave`, `submit`...
    pub reason: String,
    /// When (UTC).
    pub created_at: DateTime<Utc>,
    /// Words in sapo + body.
    pub word_count: usize,
}

/// An editorial comment on a piece.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Comment {
    /// UUIDv7.
    pub id: String,
    /// Assignment.
    pub assignment_id: String,
    /// Assignment number.
    pub assignment_num: i64,
    /// Author login.
    pub author: String,
    /// Text.
    pub text: String,
    /// Created (UTC).
    pub created_at: DateTime<Utc>,
    /// Last edited (UTC).
    pub edited_at: Option<DateTime<Utc>>,
    /// Resolved (UTC).
    pub resolved_at: Option<DateTime<Utc>>,
    /// Who resolved it.
    pub resolved_by: Option<String>,
}

/// An approval: who approved which exact content, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Approval {
    /// UUIDv7.
    pub id: String,
    /// Assignment.
    pub assignment_id: String,
    /// The revision approved.
    pub revision_id: String,
    /// Its sequence number.
    pub revision_seq: i64,
    /// Its content hash.
    pub content_hash: String,
    /// Approver login.
    pub approved_by: String,
    /// When (UTC).
    pub approved_at: DateTime<Utc>,
}

/// One event of the append-only audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AuditEvent {
    /// Monotonic sequence.
    pub seq: i64,
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// Acting login (`system` for bootstrap and migrations).
    pub actor: String,
    /// What happened, e.g. `assignment.approve`.
    pub action: String,
    /// Kind of the entity touched.
    pub entity_kind: String,
    /// Its id.
    pub entity_id: String,
    /// Details (JSON).
    pub detail: serde_json::Value,
}

/// The autosave buffer of a piece: the newest typed text, overwritten on every
/// autosave and sealed into a revision when a burst of typing ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingCopy {
    /// Content.
    pub draft: Draft,
    /// Person id of the typist.
    pub author_id: String,
    /// When the current burst began.
    pub burst_started_at: DateTime<Utc>,
    /// Last autosave.
    pub saved_at: DateTime<Utc>,
}

/// A match: the assignment number (FTS rowid; higher is newer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchCandidate {
    /// Assignment number.
    pub num: i64,
}

/// Every coded enum the app lists or shows, with its labels: exported to the
/// UI's bindings as `CODES`, so no code or label is listed twice.
#[derive(Debug, Clone, Serialize)]
pub struct Catalogue {
    /// Roles.
    pub role: Vec<Label>,
    /// Genres.
    pub genre: Vec<Label>,
    /// Channels.
    pub channel: Vec<Label>,
    /// Policy stages.
    pub stage: Vec<Label>,
    /// Workflow states.
    pub state: Vec<Label>,
    /// Media kinds.
    pub media_kind: Vec<Label>,
    /// Portal kinds.
    pub portal_kind: Vec<Label>,
    /// Engagement metrics.
    pub metric: Vec<Label>,
    /// Engagement sources.
    pub source: Vec<Label>,
    /// Engagement sources whose exports can be imported.
    pub importable_source: Vec<Label>,
    /// Publishing job states.
    pub job_state: Vec<Label>,
    /// What an in-app notification tells.
    pub notification: Vec<Label>,
    /// Priorities.
    pub priority: Vec<Label>,
    /// Contact roles at agencies.
    pub contact_role: Vec<Label>,
    /// Feedback channels.
    pub feedback_channel: Vec<Label>,
    /// Feedback states.
    pub feedback_state: Vec<Label>,
}

/// The catalogue of coded values (see [`Catalogue`]).
pub fn catalogue() -> Catalogue {
    Catalogue {
        role: Role::labels(),
        genre: Genre::labels(),
        channel: Channel::labels(),
        stage: PolicyStage::labels(),
        state: State::labels(),
        media_kind: MediaKind::labels(),
        portal_kind: PortalKind::labels(),
        metric: Metric::labels(),
        source: EngagementSource::labels(),
        importable_source: EngagementSource::IMPORTABLE
            .iter()
            .map(|v| Label { code: v.code(), vi: v.label_vi(), en: v.label_en() })
            .collect(),
        job_state: JobState::labels(),
        notification: NotificationKind::labels(),
        priority: Priority::labels(),
        contact_role: ContactRole::labels(),
        feedback_channel: FeedbackChannel::labels(),
        feedback_state: FeedbackState::labels(),
    }
}

/// A change of this workbench the team hub refused, kept where its author
/// sees it with the row as it was written (no text is lost).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncRefusal {
    /// The refusal's id (to dismiss it once read).
    pub id: i64,
    /// The piece the refused row belongs to, when it belongs to one.
    pub assignment_id: Option<String>,
    /// Table of the refused row.
    pub table: String,
    /// Its id.
    pub row_id: String,
    /// The hub's reason, in Vietnamese.
    pub reason: String,
    /// The row as this workbench wrote it (JSON), none for a deletion.
    pub data: Option<String>,
    /// When the hub refused it (UTC, stored form).
    pub refused_at: String,
}

coded_enum!(
    /// What reached a person through sync, told in the app's notification list.
    NotificationKind, "notification" {
        /// A new piece assigned to this reporter.
        Assigned = ("assigned", "được giao bài mới", "new assignment"),
        /// A piece submitted for review (editors and heads).
        Submitted = ("submitted", "bài nộp chờ duyệt", "submitted for review"),
        /// The editor asked for changes (with the comment).
        ChangesRequested = ("changes-requested", "yêu cầu sửa", "changes requested"),
        /// The piece was approved.
        Approved = ("approved", "đã duyệt", "approved"),
        /// The piece was published.
        Published = ("published", "đã đăng", "published"),
        /// Two versions of the piece were written offline: a merge is needed.
        Conflict = ("conflict", "xung đột cần gộp", "conflict to merge"),
        /// The hub refused a change made here.
        Refused = ("refused", "máy chủ chung từ chối thay đổi", "change refused by the hub"),
        /// A reporter declined an assignment (editors and heads hear of it, with the reason).
        Declined = ("declined", "phóng viên từ chối việc", "assignment declined"),
    }
);

/// One in-app notification (team mode): what reached this person through sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Notification {
    /// Its id (the audit event it came from, or a new one).
    pub id: String,
    /// What happened.
    pub kind: NotificationKind,
    /// The piece it is about, when it is about one.
    pub assignment_id: Option<String>,
    /// The piece's working title (empty when there is no piece).
    pub title: String,
    /// Who did it (login).
    pub actor: String,
    /// More: the editor's comment, the hub's reason.
    pub detail: String,
    /// When (UTC, stored form).
    pub at: String,
    /// Whether the person has opened it.
    pub read: bool,
}

/// `true`, for serde defaults.
fn yes() -> bool {
    true
}

coded_enum!(
    /// How urgent a piece is: an urgent one (e.g. answering false information
    /// about a policy) stands out in every list and tops the review queue.
    Priority, "priority" {
        /// Thường.
        Thuong = ("thuong", "thường", "normal"),
        /// Gấp.
        Gap = ("gap", "gấp", "urgent"),
    }
);

// (coded_enum! derives a fixed list; Default is spelled out here.)
#[allow(clippy::derivable_impls)]
impl Default for Priority {
    fn default() -> Priority {
        Priority::Thuong
    }
}

coded_enum!(
    /// A reporter's answer to an assignment.
    ResponseKind, "response" {
        /// Nhận việc.
        Accept = ("accept", "nhận việc", "accepted"),
        /// Từ chối.
        Decline = ("decline", "từ chối", "declined"),
    }
);

coded_enum!(
    /// What a contact at an agency does for the press.
    ContactRole, "role" {
        /// Đầu mối truyền thông chính sách.
        DauMoi = ("dau-moi", "đầu mối truyền thông chính sách", "policy communication focal point"),
        /// Người phát ngôn.
        PhatNgon = ("phat-ngon", "người phát ngôn", "spokesperson"),
        /// Lãnh đạo phụ trách.
        LanhDao = ("lanh-dao", "lãnh đạo phụ trách", "leader in charge"),
    }
);

coded_enum!(
    /// Where a citizen's feedback came in.
    FeedbackChannel, "channel" {
        /// Đường dây nóng.
        DuongDayNong = ("duong-day-nong", "đường dây nóng", "hotline"),
        /// Hội nghị, tiếp xúc cử tri, đối thoại.
        HoiNghi = ("hoi-nghi", "hội nghị, đối thoại", "meeting"),
        /// Zalo OA.
        Zalo = ("zalo", "Zalo OA", "Zalo OA"),
        /// Facebook.
        Facebook = ("facebook", "Facebook", "Facebook"),
        /// Cổng thông tin (bình luận, hộp thư góp ý).
        CongThongTin = ("cong-thong-tin", "cổng thông tin", "portal"),
    }
);

coded_enum!(
    /// Where a piece of citizen feedback stands.
    FeedbackState, "state" {
        /// Mới.
        Moi = ("moi", "mới", "new"),
        /// Đã chuyển cơ quan.
        DaChuyen = ("da-chuyen", "đã chuyển cơ quan", "forwarded to the agency"),
        /// Đã trả lời.
        DaTraLoi = ("da-tra-loi", "đã trả lời", "answered"),
    }
);

/// A reporter's answer to an assignment (append-only: the newest counts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AssignmentResponse {
    /// Accept or decline.
    pub response: ResponseKind,
    /// Why (a decline always has one).
    pub reason: Option<String>,
    /// Who answered (login).
    pub by: String,
    /// When (UTC).
    pub at: DateTime<Utc>,
}

/// A contact at an agency: whom a reporter asks about its policies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgencyContact {
    /// UUIDv7.
    pub id: String,
    /// Agency id.
    pub agency_id: String,
    /// Full name.
    pub name: String,
    /// Position (chức vụ), e.g. "Phó Chánh Văn phòng Sở".
    pub position: String,
    /// Role for the press.
    pub role: ContactRole,
    /// Phone, as typed (digits, spaces, +, dots).
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
}

/// A contract in a short list (an agency's page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ContractBrief {
    /// UUIDv7.
    pub id: String,
    /// Number.
    pub number: String,
    /// First day.
    pub start_on: NaiveDate,
    /// Last day.
    pub end_on: NaiveDate,
    /// Pieces on it (not cancelled).
    pub pieces: i64,
}

/// An agency with its focal points, contracts and the policies they cover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgencyPage {
    /// The agency.
    pub agency: Agency,
    /// Its contacts, focal points first.
    pub contacts: Vec<AgencyContact>,
    /// Its contracts, newest first.
    pub contracts: Vec<ContractBrief>,
    /// Policies its contracts cover or its pieces explain.
    pub policies: Vec<Policy>,
}

/// One step of a policy through its stages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PolicyStageEntry {
    /// UUIDv7.
    pub id: String,
    /// Stage reached.
    pub stage: PolicyStage,
    /// On which day.
    pub on: NaiveDate,
    /// The document (a PDF in the media library), if attached.
    pub document_id: Option<String>,
    /// Its file name.
    pub document_name: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// Who recorded it (login).
    pub recorded_by: String,
}

/// The pieces covering one stage of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StagePieces {
    /// Stage.
    pub stage: PolicyStage,
    /// Pieces (by deadline).
    pub pieces: Vec<Assignment>,
}

/// A policy's page: its timeline, the pieces per stage, citizens' feedback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PolicyPage {
    /// The policy (its current stage).
    pub policy: Policy,
    /// Its stages, oldest first.
    pub timeline: Vec<PolicyStageEntry>,
    /// Pieces per stage, in stage order (stages without pieces left out).
    pub stages: Vec<StagePieces>,
    /// Feedback about it, newest first.
    pub feedback: Vec<Feedback>,
}

/// A citizen's feedback about a policy, from any channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Feedback {
    /// UUIDv7.
    pub id: String,
    /// Policy id.
    pub policy_id: String,
    /// Policy name.
    pub policy_name: String,
    /// The piece it answers or came under, if any.
    pub assignment_id: Option<String>,
    /// That piece's title.
    pub assignment_title: Option<String>,
    /// Channel.
    pub channel: FeedbackChannel,
    /// What the citizen said.
    pub text: String,
    /// Day received.
    pub received_on: NaiveDate,
    /// State.
    pub state: FeedbackState,
    /// Forwarded to (an agency or a person there).
    pub forwarded_to: Option<String>,
    /// Day forwarded.
    pub forwarded_on: Option<NaiveDate>,
    /// The answer given.
    pub answer: Option<String>,
    /// Day answered.
    pub answered_on: Option<NaiveDate>,
    /// Who recorded it (login).
    pub recorded_by: String,
}

/// One row of a breakdown (a policy, a stage, a genre, a channel, an agency).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PeriodRow {
    /// Stable key (an id or a code; "" for "not recorded").
    pub key: String,
    /// What to show.
    pub label: String,
    /// Pieces first published in the period.
    pub pieces: i64,
    /// Of which counted toward their contract line.
    pub counted: i64,
    /// Value delivered: counted pieces at their line's unit price (đồng).
    pub value: i64,
    pub views: i64,
    pub visits: i64,
    pub comments: i64,
    pub shares: i64,
    pub reactions: i64,
    /// Citizens' feedback received in the period (by policy and channel only).
    pub feedback: i64,
}

/// The whole period.
pub type PeriodTotals = PeriodRow;

/// The period report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PeriodReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Day the report was made.
    pub made_on: NaiveDate,
    pub totals: PeriodTotals,
    pub by_policy: Vec<PeriodRow>,
    pub by_stage: Vec<PeriodRow>,
    pub by_genre: Vec<PeriodRow>,
    pub by_channel: Vec<PeriodRow>,
    pub by_agency: Vec<PeriodRow>,
}
