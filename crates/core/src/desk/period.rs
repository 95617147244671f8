//! The period report the Department asks for ("kết quả truyền thông chính
//! sách"): across contracts, pieces first published in a date range by
//! policy, stage, genre, channel and agency, with their audience, the value
//! delivered and the citizens' feedback received.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::Desk;
use crate::domain::{PeriodGroup, PeriodReport, PeriodRow, Person};
use crate::error::{Error, Result};
use crate::text::{collate, format::date_vi};
use crate::time::{to_db, vn_date, vn_day_start};
use crate::workflow::{authorize, counts_parts, Action};

/// The longest period one report covers.
pub const MAX_PERIOD_DAYS: i64 = 3_660;

trait Add {
    fn add(&mut self, g: &PeriodGroup, counted: i64, value: i64) -> Result<()>;
}

impl Add for PeriodRow {
    fn add(&mut self, g: &PeriodGroup, counted: i64, value: i64) -> Result<()> {
        let overflow = || Error::invalid("report", "tổng giá trị vượt giới hạn số nguyên");
        self.pieces = self.pieces.checked_add(g.pieces).ok_or_else(overflow)?;
        self.counted = self.counted.checked_add(counted).ok_or_else(overflow)?;
        self.value = self.value.checked_add(value).ok_or_else(overflow)?;
        // Audience figures are bounded on entry; their sums saturate.
        self.views = self.views.saturating_add(g.audience[0]);
        self.visits = self.visits.saturating_add(g.audience[1]);
        self.comments = self.comments.saturating_add(g.audience[2]);
        self.shares = self.shares.saturating_add(g.audience[3]);
        self.reactions = self.reactions.saturating_add(g.audience[4]);
        Ok(())
    }
}

/// Rows of one breakdown, keyed.
type Rows = BTreeMap<String, PeriodRow>;

fn row<'a>(rows: &'a mut Rows, key: &str, label: &str) -> &'a mut PeriodRow {
    rows.entry(key.to_string()).or_insert_with(|| PeriodRow {
        key: key.to_string(),
        label: label.to_string(),
        ..Default::default()
    })
}

/// Rows in Vietnamese order of their labels.
fn by_label(rows: Rows) -> Vec<PeriodRow> {
    let mut v: Vec<PeriodRow> = rows.into_values().collect();
    collate::sort_by_key(&mut v, |r| &r.label);
    v
}

/// Rows in the order of their codes' declaration (stages, genres, channels).
fn by_code(rows: Rows, order: &[&str]) -> Vec<PeriodRow> {
    let mut v: Vec<PeriodRow> = rows.into_values().collect();
    v.sort_by_key(|r| order.iter().position(|c| *c == r.key).unwrap_or(order.len()));
    v
}

impl Desk {
    /// The period report over `[from, to]` (Việt Nam days) for editors and heads.
    pub fn period_report(&self, actor: &Person, from: NaiveDate, to: NaiveDate) -> Result<PeriodReport> {
        authorize(actor, Action::ViewContracts, None)?;
        if to < from {
            return Err(Error::invalid("to", format!("ngày cuối {} trước ngày đầu {}", date_vi(to), date_vi(from))));
        }
        if (to - from).num_days() > MAX_PERIOD_DAYS {
            return Err(Error::invalid("to", format!("một báo cáo bao tối đa {MAX_PERIOD_DAYS} ngày")));
        }
        let until = to.succ_opt().ok_or_else(|| Error::invalid("to", "ngày cuối không hợp lệ"))?;
        let (groups, feedback) = self.store.read(|db| {
            Ok((
                db.period_groups(&to_db(vn_day_start(from)), &to_db(vn_day_start(until)))?,
                db.feedback_counts(&from.to_string(), &to.to_string())?,
            ))
        })?;
        let from_utc = to_db(vn_day_start(from));
        let until_utc = to_db(vn_day_start(until));
        // Counted pieces and their value per group; then, per line, the pieces
        // beyond the line's quantity (counting those counted before the
        // period) are taken off the value of the groups of the latest ones:
        // the contract pays a line's quantity, no more.
        let mut counted: Vec<(i64, i64)> = Vec::with_capacity(groups.len());
        let mut per_line: BTreeMap<&str, (i64, i64)> = BTreeMap::new(); // line → (counted, quantity)
        for g in &groups {
            let c = if counts_parts(g.state, g.in_tier, g.counts_override) { g.pieces } else { 0 };
            let value = c
                .checked_mul(g.unit_price)
                .ok_or_else(|| Error::invalid("report", "giá trị vượt giới hạn số nguyên"))?;
            counted.push((c, value));
            let e = per_line.entry(g.line_id.as_str()).or_insert((0, g.quantity));
            e.0 += c;
        }
        for (line, (in_period, quantity)) in per_line {
            if in_period == 0 {
                continue;
            }
            let (before, pieces) = self.store.read(|db| {
                let before: i64 = db
                    .line_counting_before(line, &from_utc)?
                    .iter()
                    .filter(|(state, tier, over, _)| counts_parts(*state, *tier, *over))
                    .map(|(.., n)| n)
                    .sum();
                let pieces = if before + in_period > quantity {
                    db.line_pieces_in(line, &from_utc, &until_utc)?
                } else {
                    Vec::new()
                };
                Ok((before, pieces))
            })?;
            let mut excess = (before + in_period - quantity).min(in_period);
            // Latest publications first: they are the ones beyond the quota.
            for p in pieces.iter().rev() {
                if excess <= 0 {
                    break;
                }
                if !counts_parts(p.state, p.in_tier, p.counts_override) {
                    continue;
                }
                if let Some(i) = groups.iter().position(|g| {
                    g.line_id == line
                        && g.policy_id == p.policy_id
                        && g.stage == p.stage
                        && g.state == p.state
                        && g.in_tier == p.in_tier
                        && g.counts_override == p.counts_override
                }) {
                    counted[i].1 -= groups[i].unit_price;
                    excess -= 1;
                }
            }
        }
        let mut totals = PeriodRow { key: "all".into(), label: "Tổng cộng".into(), ..Default::default() };
        let (mut policy, mut stage, mut genre, mut channel, mut agency) =
            (Rows::new(), Rows::new(), Rows::new(), Rows::new(), Rows::new());
        for (g, &(counted, value)) in groups.iter().zip(&counted) {
            totals.add(g, counted, value)?;
            row(&mut policy, &g.policy_id, &g.policy_name).add(g, counted, value)?;
            let (sk, sl) = g.stage.map_or(("", "chưa ghi giai đoạn"), |s| (s.code(), s.label_vi()));
            row(&mut stage, sk, sl).add(g, counted, value)?;
            row(&mut genre, g.genre.code(), g.genre.label_vi()).add(g, counted, value)?;
            row(&mut channel, g.channel.code(), g.channel.label_vi()).add(g, counted, value)?;
            row(&mut agency, &g.agency_id, &g.agency_name).add(g, counted, value)?;
        }
        for (policy_id, _channel, n) in &feedback {
            totals.feedback += n;
            if let Some(r) = policy.get_mut(policy_id) {
                r.feedback += n;
            } else {
                // Feedback about a policy with no piece published in the period still shows.
                let name = self.store.read(|db| Ok(db.policy(policy_id)?.map(|p| p.name)))?.unwrap_or_default();
                row(&mut policy, policy_id, &name).feedback += n;
            }
        }
        let stages: Vec<&str> = crate::domain::PolicyStage::ALL.iter().map(|s| s.code()).collect();
        let genres: Vec<&str> = crate::domain::Genre::ALL.iter().map(|s| s.code()).collect();
        let channels: Vec<&str> = crate::domain::Channel::ALL.iter().map(|s| s.code()).collect();
        Ok(PeriodReport {
            from,
            to,
            made_on: vn_date(self.now()),
            totals,
            by_policy: by_label(policy),
            by_stage: by_code(stage, &stages),
            by_genre: by_code(genre, &genres),
            by_channel: by_code(channel, &channels),
            by_agency: by_label(agency),
        })
    }

    /// Writes the period report under `dir` as XLSX or PDF and returns its
    /// path ("ket-qua-truyen-thong-<from>-<to>.xlsx").
    pub fn export_period(
        &self,
        actor: &Person,
        from: NaiveDate,
        to: NaiveDate,
        format: crate::dossier::DossierFormat,
        dir: &std::path::Path,
    ) -> Result<std::path::PathBuf> {
        let r = self.period_report(actor, from, to)?;
        let bytes = match format {
            crate::dossier::DossierFormat::Xlsx => crate::dossier::period::xlsx(&r)?,
            crate::dossier::DossierFormat::Pdf => crate::dossier::period::pdf(&r)?,
        };
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::DataDirNotWritable { path: dir.to_path_buf(), reason: e.to_string() })?;
        let path = dir.join(format!(
            "ket-qua-truyen-thong-{}-{}.{}",
            from.format("%Y%m%d"),
            to.format("%Y%m%d"),
            format.ext()
        ));
        crate::dossier::save(&path, &bytes)?;
        Ok(path)
    }
}
