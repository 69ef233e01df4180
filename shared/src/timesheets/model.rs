//! Timesheet data that crosses the wire.
use super::Code;
use crate::approvals::{Action, Status, TransitionView};
use crate::format::Date;
use crate::model::row;
use crate::Msg;
use serde::{Deserialize, Serialize};

/// Whose rows a month grid shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GridView {
    /// The contractor's own placements.
    Mine,
    /// A foreman's crew: one row per crew member's placement.
    Crew,
}

/// One period of one placement (a month or a half-month) and where its timesheet stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodView {
    pub start: Date,
    pub end: Date,
    /// None until the first hour is saved.
    pub timesheet_id: Option<i64>,
    pub status: Status,
    pub step: u8,
    pub version: i64,
    /// The comment of the last return, shown to the contractor.
    pub returned_comment: Option<String>,
    pub returned_day: Option<Date>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CellView {
    pub day: String,
    pub text: String,
    pub note: String,
    /// Who entered it, when that was not the contractor (a foreman).
    pub entered_by: Option<String>,
}

/// A placement's row in the month grid.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GridRow {
    pub placement_id: i64,
    pub contractor_family: String,
    pub contractor_given: String,
    pub client_company: String,
    pub client_department: String,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub allowed: Vec<Code>,
    /// Public holidays in the client's country this month: date and name.
    pub holidays: Vec<(Date, String)>,
    pub periods: Vec<PeriodView>,
    pub cells: Vec<CellView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthGrid {
    /// `YYYY-MM`.
    pub month: String,
    pub rows: Vec<GridRow>,
}

/// A cell as typed: `text` is parsed by `parse_cell` on both sides.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CellInput {
    pub day: String,
    pub text: String,
    pub note: String,
}

/// Cells of one placement to save, with the versions of the timesheets the editor last saw.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SaveCells {
    pub placement_id: i64,
    pub cells: Vec<CellInput>,
    /// (period start, version); version 0 for a timesheet not created yet.
    pub versions: Vec<(String, i64)>,
}

/// The form field name of a cell (its hours when the grid is posted as a form, and its error):
/// `cell:<placement>:<day>`.
pub fn cell_field(placement_id: i64, day: &str) -> String {
    format!("cell:{placement_id}:{day}")
}

/// The form field with the version of a period's timesheet the editor saw.
pub fn version_field(placement_id: i64, start: &str) -> String {
    format!("version:{placement_id}:{start}")
}

/// What a month grid posted as a plain form did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GridPosted {
    /// Cells changed and saved.
    pub saved: usize,
    pub submitted: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayLine {
    pub day: Date,
    pub text: String,
    pub note: String,
    pub day_off: bool,
    pub holiday: Option<String>,
    pub warnings: Vec<Msg>,
}

/// One timesheet as an approver sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimesheetView {
    pub id: i64,
    pub version: i64,
    pub status: Status,
    pub step: u8,
    pub contractor_family: String,
    pub contractor_given: String,
    pub client_company: String,
    pub client_department: String,
    pub legal_entity: String,
    pub period_start: Date,
    pub period_end: Date,
    pub days: Vec<DayLine>,
    /// Minutes per code, in `Code::ALL` order.
    pub totals: Vec<i64>,
    pub history: Vec<TransitionView>,
    /// What the viewer may do now.
    pub actions: Vec<Action>,
    /// The organisation's time zone: its times on a page opened from a link (no signed-in reader).
    pub time_zone: String,
}

/// An approver's decision on one timesheet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub timesheet_id: i64,
    pub version: i64,
    pub action: Action,
    pub comment: String,
    /// The day the comment is about, when it is about one.
    pub day: Option<String>,
}

row! {
    /// A timesheet waiting for the viewer.
    pub struct QueueItem {
        pub id: i64,
        pub version: i64,
        pub step: i64,
        pub contractor_family: String,
        pub contractor_given: String,
        pub client_company: String,
        pub client_department_id: i64,
        pub client_department: String,
        pub period_start: Date,
        pub period_end: Date,
        pub total_minutes: i64,
        pub submitted_at: Option<i64>,
    }
}

/// Many timesheets approved at once: every one the approver saw, with its version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkApproval {
    pub items: Vec<(i64, i64)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SummaryLevel {
    Company,
    Department,
    Foreman,
    Contractor,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SummaryQuery {
    /// `YYYY-MM`.
    pub month: String,
    pub client_company_id: Option<i64>,
    pub client_department_id: Option<i64>,
    /// Some(0) selects the rows without a foreman.
    pub foreman_id: Option<i64>,
}

impl SummaryQuery {
    /// The level shown: one below the deepest filter.
    pub fn level(&self) -> SummaryLevel {
        match (self.client_company_id, self.client_department_id, self.foreman_id) {
            (_, _, Some(_)) => SummaryLevel::Contractor,
            (_, Some(_), None) => SummaryLevel::Foreman,
            (Some(_), None, None) => SummaryLevel::Department,
            _ => SummaryLevel::Company,
        }
    }
}

/// One line of a summary: a company, department, foreman or contractor, in one currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryLine {
    /// The id to drill into (0: no foreman).
    pub id: i64,
    pub label: String,
    pub timesheets: i64,
    /// Approved minutes per code, in `Code::ALL` order.
    pub minutes: Vec<i64>,
    pub amount_minor: i64,
    pub currency: String,
}

/// The amount to invoice one client through one legal entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BasisLine {
    pub client_company: String,
    pub legal_entity: String,
    pub billable_minutes: i64,
    pub amount_minor: i64,
    pub currency: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub query: SummaryQuery,
    pub level: SummaryLevel,
    pub lines: Vec<SummaryLine>,
    pub basis: Vec<BasisLine>,
    /// Timesheets of the month in scope not yet approved (their hours are not counted).
    pub pending: i64,
}

row! {
    /// A public holiday in one country's calendar.
    pub struct Holiday {
        pub country: String,
        pub day: String,
        pub name: String,
    }
}

/// A client site and the client manager who approves its timesheets (None: any of them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SiteTerms {
    pub id: i64,
    pub name: String,
    pub manager_id: Option<i64>,
}

/// How a client company is billed: as shown to and edited by an administrator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientTerms {
    pub client_company_id: i64,
    pub name: String,
    pub version: i64,
    pub period_kind: super::PeriodKind,
    pub submit_days: String,
    /// Rate multipliers as typed: "1.5".
    pub overtime: String,
    pub night: String,
    pub holiday: String,
    pub downtime: String,
    pub sites: Vec<SiteTerms>,
    /// The company's client managers: (id, family name, given name).
    pub managers: Vec<(i64, String, String)>,
}

/// Parses a rate multiplier ("1.5", "2", "0") into permille, between 0 and 5.
pub fn parse_multiplier(field: &str, raw: &str) -> Result<i64, crate::validation::FieldError> {
    let bad = || crate::validation::FieldError::new(field, Msg::ErrMultiplier);
    let s = raw.trim().replace(',', ".");
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if whole.is_empty() || frac.len() > 3 || !whole.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<3}").parse().map_err(|_| bad())? };
    let pm = whole.checked_mul(1000).and_then(|w| w.checked_add(frac)).ok_or_else(bad)?;
    if pm > 5000 {
        return Err(bad());
    }
    Ok(pm)
}

/// Permille as typed back: 1500 → "1.5".
pub fn format_multiplier(pm: i64) -> String {
    let (whole, frac) = (pm / 1000, pm % 1000);
    if frac == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{}", format!("{frac:03}").trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipliers() {
        assert_eq!(parse_multiplier("m", "1.5"), Ok(1500));
        assert_eq!(parse_multiplier("m", "2"), Ok(2000));
        assert_eq!(parse_multiplier("m", "1,25"), Ok(1250));
        assert_eq!(parse_multiplier("m", "0"), Ok(0));
        assert!(parse_multiplier("m", "5.001").is_err());
        assert!(parse_multiplier("m", "-1").is_err());
        assert!(parse_multiplier("m", "1.2345").is_err());
        assert!(parse_multiplier("m", "").is_err());
        for pm in [0, 1000, 1500, 1250, 2000, 1333] {
            assert_eq!(parse_multiplier("m", &format_multiplier(pm)), Ok(pm));
        }
    }

    #[test]
    fn summary_level_follows_the_deepest_filter() {
        let mut q = SummaryQuery { month: "2026-11".into(), ..SummaryQuery::default() };
        assert_eq!(q.level(), SummaryLevel::Company);
        q.client_company_id = Some(1);
        assert_eq!(q.level(), SummaryLevel::Department);
        q.client_department_id = Some(2);
        assert_eq!(q.level(), SummaryLevel::Foreman);
        q.foreman_id = Some(0);
        assert_eq!(q.level(), SummaryLevel::Contractor);
    }
}
