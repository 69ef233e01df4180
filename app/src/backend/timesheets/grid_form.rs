//! The month grid posted as a plain form, for a phone whose bundle has not loaded (or no
//! JavaScript at all): the same saves and submit as the live grid, through `grid::save` and
//! `review::decide`. Fields: a cell's hours as `cell:<placement>:<day>` (its error field too),
//! each period's version as `version:<placement>:<start>`, and the submit button's
//! `submit=<timesheet id>`.
use super::super::policy;
use super::super::request::Caller;
use super::super::{Backend, Result};
use super::{grid, review};
use crate::AppError;
use shared::approvals::Action;
use shared::format::Date;
use shared::timesheets::model::{cell_field, version_field, CellInput, Decision, GridPosted, GridView, SaveCells};
use shared::validation::FieldError;

/// Saves the cells whose text differs from what is stored (keeping their notes), row by row;
/// then submits the period whose button was pressed. Refusals of all rows come back together.
pub async fn post(
    backend: &Backend,
    caller: &Caller,
    view: GridView,
    month: Date,
    fields: &[(String, String)],
    locale: shared::Locale,
    client_addr: Option<&str>,
) -> Result<GridPosted> {
    policy::grid_view(caller, view)?;
    let field = |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    let version = |name: &str| -> Result<i64> { field(name).and_then(|v| v.parse().ok()).ok_or_else(|| AppError::BadRequest.into()) };
    let current = grid::month(&backend.db, caller, view, month, locale).await?;
    let mut outcome = GridPosted { saved: 0, submitted: false };
    let mut refused: Vec<FieldError> = Vec::new();
    // The versions a period's timesheet has after this post's saves.
    let mut saved_versions: Vec<(i64, i64)> = Vec::new();
    for row in &current.rows {
        let cells: Vec<CellInput> = days_of(month)
            .filter_map(|day| {
                let typed = field(&cell_field(row.placement_id, &day.iso()))?.trim();
                let saved = row.cells.iter().find(|c| c.day == day.iso());
                let (text, note) = saved.map(|c| (c.text.as_str(), c.note.clone())).unwrap_or_default();
                (typed != text).then(|| CellInput { day: day.iso(), text: typed.to_string(), note })
            })
            .collect();
        if cells.is_empty() {
            continue;
        }
        let saved = cells.len();
        let seen = row
            .periods
            .iter()
            .map(|p| Ok((p.start.iso(), version(&version_field(row.placement_id, &p.start.iso()))?)))
            .collect::<Result<_>>()?;
        match grid::save(&backend.db, caller, &SaveCells { placement_id: row.placement_id, cells, versions: seen }).await {
            Ok(periods) => {
                outcome.saved += saved;
                saved_versions.extend(periods.iter().filter_map(|p| Some((p.timesheet_id?, p.version))));
            }
            Err(e) => match e.into_app_error() {
                AppError::Invalid(errors) => refused.extend(errors),
                other => return Err(other.into()),
            },
        }
    }
    if !refused.is_empty() {
        return Err(AppError::Invalid(refused).into());
    }
    if let Some(id) = field("submit").filter(|v| !v.is_empty()) {
        let id: i64 = id.parse().map_err(|_| AppError::BadRequest)?;
        let version = match saved_versions.iter().find(|(t, _)| *t == id) {
            Some((_, v)) => *v,
            None => {
                let (row, period) = current
                    .rows
                    .iter()
                    .find_map(|r| r.periods.iter().find(|p| p.timesheet_id == Some(id)).map(|p| (r, p)))
                    .ok_or(AppError::NotFound)?;
                version(&version_field(row.placement_id, &period.start.iso()))?
            }
        };
        let decision = Decision { timesheet_id: id, version, action: Action::Submit, comment: String::new(), day: None };
        review::decide(backend, caller, &decision, client_addr).await?;
        outcome.submitted = true;
    }
    Ok(outcome)
}

fn days_of(month: Date) -> impl Iterator<Item = Date> {
    shared::timesheets::Period { start: month.first_of_month(), end: month.last_of_month() }.days()
}
