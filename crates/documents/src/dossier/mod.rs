//! The acceptance dossier (hồ sơ nghiệm thu) as documents: the bảng kê as a
//! spreadsheet ([`xlsx`]) and the printable dossier ([`pdf`], laid out by
//! [`layout`]): the same list ([`columns`], defined once), the proofs of
//! publication and a draft biên bản nghiệm thu; and the readers' feedback
//! digest ([`feedback`]).
//!
//! Pure functions from a [`Dossier`] to bytes: no database, no files. The desk
//! builds the dossier ([`crate::Desk::acceptance_dossier`],
//! [`crate::Desk::contract_dossier`]); callers write the bytes where the
//! person asked.

pub mod columns;
pub mod feedback;
pub mod layout;
pub mod pdf;
pub mod period;
pub mod xlsx;

use chrono::{DateTime, NaiveDate, Utc};

use toasoan_domain::text::format::{date_formal_vi, date_vi};
use toasoan_domain::{AcceptanceItem, Contract, ContractLine};

/// Which document to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum DossierFormat {
    /// The bảng kê spreadsheet.
    Xlsx,
    /// The printable dossier.
    Pdf,
}

impl DossierFormat {
    /// File extension.
    pub fn ext(self) -> &'static str {
        match self {
            DossierFormat::Xlsx => "xlsx",
            DossierFormat::Pdf => "pdf",
        }
    }

    /// The document's bytes.
    pub fn render(self, d: &Dossier) -> toasoan_domain::Result<Vec<u8>> {
        match self {
            DossierFormat::Xlsx => xlsx::render(d),
            DossierFormat::Pdf => pdf::render(d),
        }
    }
}

/// What a dossier documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DossierKind {
    /// A recorded acceptance: its frozen rows.
    Acceptance {
        /// "Đợt" number.
        seq: i64,
        /// When it was recorded.
        accepted_at: DateTime<Utc>,
    },
    /// The contract's delivery so far, nothing frozen ("tạm tính").
    Running,
}

/// Everything the documents show.
#[derive(Debug, Clone)]
pub struct Dossier {
    /// Acceptance or running.
    pub kind: DossierKind,
    /// The contract (current terms; rows carry their own frozen prices).
    pub contract: Contract,
    /// First day covered.
    pub period_from: NaiveDate,
    /// Last day covered.
    pub period_until: NaiveDate,
    /// Rows in bảng kê order.
    pub items: Vec<AcceptanceItem>,
    /// When the document was made.
    pub generated_at: DateTime<Utc>,
}

/// One line item's share of the list.
#[derive(Debug)]
pub struct Group<'a> {
    /// Roman numeral of the group ("I", "II", …).
    pub numeral: String,
    /// The line.
    pub line: &'a ContractLine,
    /// Its rows.
    pub items: Vec<&'a AcceptanceItem>,
    /// Sum of their amounts.
    pub amount: i64,
}

impl Dossier {
    /// Rows grouped by line item, in contract order; lines without rows are left out.
    pub fn groups(&self) -> Vec<Group<'_>> {
        let mut out = Vec::new();
        for line in &self.contract.lines {
            let items: Vec<&AcceptanceItem> = self.items.iter().filter(|i| i.line_id == line.id).collect();
            if items.is_empty() {
                continue;
            }
            out.push(Group {
                numeral: roman(out.len() + 1),
                line,
                amount: items.iter().map(|i| i.amount).sum(),
                items,
            });
        }
        out
    }

    /// A file name for its documents: "bang-ke-08-2026-hddh-stp-dot-1.xlsx",
    /// "…-tam-tinh-2026-11-22.pdf".
    pub fn file_name(&self, format: DossierFormat) -> String {
        let what = match self.kind {
            DossierKind::Acceptance { seq, .. } => format!("dot-{seq}"),
            DossierKind::Running => format!("tam-tinh-{}", self.period_until),
        };
        let doc = if format == DossierFormat::Xlsx { "bang-ke" } else { "ho-so-nghiem-thu" };
        format!("{doc}-{}-{what}.{}", toasoan_domain::text::slug(&self.contract.number), format.ext())
    }

    /// Sum of all rows' amounts.
    pub fn total(&self) -> i64 {
        self.items.iter().map(|i| i.amount).sum()
    }

    /// Document title.
    pub fn title(&self) -> &'static str {
        "BẢNG KÊ TÁC PHẨM BÁO CHÍ THỰC HIỆN ĐẶT HÀNG"
    }

    /// "Hợp đồng số … ký ngày … giữa … và …".
    pub fn contract_line(&self) -> String {
        let c = &self.contract;
        let signed = c.signed_on.map(|d| format!(" ký {}", date_formal_vi(d))).unwrap_or_default();
        let newsroom = if c.newsroom_name.is_empty() { String::new() } else { format!(" và {}", c.newsroom_name) };
        format!("Hợp đồng đặt hàng số {}{signed} giữa {}{newsroom}", c.number, c.agency_name)
    }

    /// The period, and whether the list is frozen.
    pub fn period_line(&self) -> String {
        match self.kind {
            DossierKind::Acceptance { seq, .. } => format!(
                "Nghiệm thu đợt {seq}: từ ngày {} đến ngày {}",
                date_vi(self.period_from),
                date_vi(self.period_until)
            ),
            DossierKind::Running => format!(
                "Tạm tính từ ngày {} đến ngày {} (chưa nghiệm thu, số liệu còn thay đổi)",
                date_vi(self.period_from),
                date_vi(self.period_until)
            ),
        }
    }
}

/// Writes a document to `path`, replacing any file there whole: the bytes go
/// to a temporary file beside it, synced, then renamed over it and the folder
/// synced, so a reader never sees half a spreadsheet and a power cut after
/// this returns keeps it.
pub fn save(path: &std::path::Path, bytes: &[u8]) -> toasoan_domain::Result<()> {
    toasoan_files::write_atomic(path, bytes)
        .map_err(|e| toasoan_domain::Error::Storage(format!("không ghi được {}: {e}", path.display())))
}

/// Roman numerals for group headings (1 → "I").
pub fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn roman_numerals() {
        let got: Vec<String> = [1, 2, 4, 9, 14, 40].into_iter().map(super::roman).collect();
        assert_eq!(got, ["I", "II", "IV", "IX", "XIV", "XL"]);
    }
}
