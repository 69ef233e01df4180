//! The month grid (days × placements) and saving what was typed into it.
use super::super::{now, policy, Caller, Db, Result};
use super::total_column;
use crate::AppError;
use shared::approvals::{State, Status};
use shared::format::Date;
use shared::stored::Joined;
use shared::timesheets::model::{cell_field, CellView, GridRow, GridView, MonthGrid, PeriodView, SaveCells};
use shared::timesheets::rules::{check_entry, over_day_limit, Frame};
use shared::timesheets::{allowed, format_cell, parse_cell, Code, Entry, Period, PeriodKind};
use shared::validation::FieldError;
use shared::Msg;
use std::collections::BTreeMap;

/// A placement with what the grid and the checks need.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Placement {
    pub id: i64,
    pub contractor_id: i64,
    pub contractor_family: String,
    pub contractor_given: String,
    pub foreman_id: Option<i64>,
    pub legal_entity_id: i64,
    pub client_company_id: i64,
    pub client_company: String,
    pub client_department_id: i64,
    pub client_department: String,
    pub site_manager_id: Option<i64>,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub allowed_codes: Joined<Code>,
    pub rate_minor: i64,
    pub currency: String,
    pub period_kind: PeriodKind,
    pub country: String,
}

impl Placement {
    pub fn scope(&self) -> policy::TimesheetScope {
        policy::TimesheetScope {
            contractor_id: self.contractor_id,
            foreman_id: self.foreman_id,
            client_company_id: self.client_company_id,
            site_manager_id: self.site_manager_id,
        }
    }

    fn frame(&self) -> Frame {
        Frame { starts_on: self.starts_on, ends_on: self.ends_on, allowed: allowed(self.allowed_codes.clone()) }
    }
}

const PLACEMENT: &str = "SELECT pl.id, pl.contractor_id, c.family_name AS contractor_family, c.given_name AS contractor_given, \
     pl.foreman_id, pl.legal_entity_id, pl.client_company_id, cc.name AS client_company, pl.client_department_id, \
     cd.name AS client_department, cd.manager_id AS site_manager_id, pl.starts_on, pl.ends_on, pl.allowed_codes, \
     pl.rate_minor, pl.currency, cc.period_kind, cc.country \
     FROM placements pl JOIN people c ON c.id = pl.contractor_id \
     JOIN client_companies cc ON cc.id = pl.client_company_id JOIN client_departments cd ON cd.id = pl.client_department_id";

pub async fn placement(db: &Db, org_id: i64, id: i64) -> Result<Placement> {
    sqlx::query_as::<_, Placement>(&format!("{PLACEMENT} WHERE pl.org_id = $1 AND pl.id = $2"))
        .bind(org_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| AppError::NotFound.into())
}

#[derive(sqlx::FromRow)]
struct SheetRow {
    id: i64,
    placement_id: i64,
    period_start: Date,
    status: Status,
    step: i64,
    version: i64,
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    timesheet_id: i64,
    day: Date,
    code: Code,
    minutes: i64,
    note: String,
    entered_by: Option<i64>,
    by_family: Option<String>,
    by_given: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ReturnRow {
    subject_id: i64,
    comment: String,
    day: Option<Date>,
}

fn in_list(ids: impl Iterator<Item = i64>) -> String {
    let list: Vec<String> = ids.map(|i| i.to_string()).collect();
    if list.is_empty() {
        "NULL".into()
    } else {
        list.join(",")
    }
}

/// The grid for one month: the caller's placements (or crew's) overlapping it.
pub async fn month(db: &Db, caller: &Caller, view: GridView, month: Date, locale: shared::Locale) -> Result<MonthGrid> {
    policy::grid_view(caller, view)?;
    let (first, last) = (month.first_of_month(), month.last_of_month());
    let who = match view {
        GridView::Mine => "pl.contractor_id",
        GridView::Crew => "pl.foreman_id",
    };
    let placements: Vec<Placement> = sqlx::query_as(&format!(
        "{PLACEMENT} WHERE pl.org_id = $1 AND {who} = $2 AND pl.starts_on <= $3 AND (pl.ends_on IS NULL OR pl.ends_on >= $4) \
         ORDER BY c.family_name, c.given_name, cc.name, cd.name, pl.id"
    ))
    .bind(caller.org_id)
    .bind(caller.person_id)
    .bind(last.iso())
    .bind(first.iso())
    .fetch_all(&db.pool)
    .await?;
    let ids = in_list(placements.iter().map(|p| p.id));
    let sheets: Vec<SheetRow> = sqlx::query_as(&format!(
        "SELECT id, placement_id, period_start, status, step, version FROM timesheets \
         WHERE org_id = $1 AND placement_id IN ({ids}) AND period_start >= $2 AND period_start <= $3"
    ))
    .bind(caller.org_id)
    .bind(first.iso())
    .bind(last.iso())
    .fetch_all(&db.pool)
    .await?;
    let sheet_ids = in_list(sheets.iter().map(|s| s.id));
    let entries: Vec<EntryRow> = sqlx::query_as(&format!(
        "SELECT e.timesheet_id, e.day, e.code, e.minutes, e.note, e.entered_by, b.family_name AS by_family, b.given_name AS by_given \
         FROM timesheet_entries e LEFT JOIN people b ON b.id = e.entered_by WHERE e.timesheet_id IN ({sheet_ids}) ORDER BY e.day"
    ))
    .fetch_all(&db.pool)
    .await?;
    let returns: Vec<ReturnRow> = sqlx::query_as(&format!(
        "SELECT subject_id, comment, day FROM approval_transitions WHERE subject_type = 'timesheet' AND action = 'return' \
         AND subject_id IN ({sheet_ids}) ORDER BY id"
    ))
    .fetch_all(&db.pool)
    .await?;
    let last_return: BTreeMap<i64, ReturnRow> = returns.into_iter().map(|r| (r.subject_id, r)).collect();
    let holidays = super::super::holidays::in_range(db, caller.org_id, first, last).await?;
    let rows = placements
        .into_iter()
        .map(|p| {
            let periods = Period::in_month(p.period_kind, month)
                .into_iter()
                .map(|period| {
                    let sheet = sheets.iter().find(|s| s.placement_id == p.id && s.period_start == period.start);
                    let state = sheet.map(|s| State::new(s.status, s.step.clamp(0, 255) as u8));
                    let returned =
                        sheet.filter(|_| state.is_some_and(|s| s.status == Status::Returned)).and_then(|s| last_return.get(&s.id));
                    PeriodView {
                        start: period.start,
                        end: period.end,
                        timesheet_id: sheet.map(|s| s.id),
                        status: state.map_or(Status::Draft, |s| s.status),
                        step: state.map_or(0, |s| s.step),
                        version: sheet.map_or(0, |s| s.version),
                        returned_comment: returned.map(|r| r.comment.clone()),
                        returned_day: returned.and_then(|r| r.day),
                    }
                })
                .collect::<Vec<_>>();
            let cells = entries
                .iter()
                .filter(|e| periods.iter().any(|pv| pv.timesheet_id == Some(e.timesheet_id)))
                .map(|e| {
                    let entry = Entry { code: e.code, minutes: e.minutes.clamp(0, 1440) as u32 };
                    let entered_by = match (e.entered_by, &e.by_family, &e.by_given) {
                        (Some(by), Some(f), Some(g)) if by != p.contractor_id => Some(shared::format::person_name(f, g, locale)),
                        _ => None,
                    };
                    CellView { day: e.day.iso(), text: format_cell(&entry), note: e.note.clone(), entered_by }
                })
                .collect();
            let holidays = holidays.iter().filter(|h| h.country == p.country).map(|h| (h.day, h.name.clone())).collect();
            GridRow {
                placement_id: p.id,
                contractor_family: p.contractor_family,
                contractor_given: p.contractor_given,
                client_company: p.client_company,
                client_department: p.client_department,
                starts_on: p.starts_on,
                ends_on: p.ends_on,
                allowed: allowed(p.allowed_codes),
                holidays,
                periods,
                cells,
            }
        })
        .collect();
    Ok(MonthGrid { month: month.month_key(), rows })
}

/// Saves cells of one placement. Every cell is checked again here; a timesheet that changed
/// since the editor loaded it (another device, the foreman) is refused with `Conflict`, and a
/// submitted or approved one with `ErrTimesheetLocked`. Returns the saved periods' new state.
pub async fn save(db: &Db, caller: &Caller, input: &SaveCells) -> Result<Vec<PeriodView>> {
    let p = placement(db, caller.org_id, input.placement_id).await?;
    policy::enter_time(caller, &p.scope())?;
    let frame = p.frame();
    let mut errors = Vec::new();
    // day → (entry or None for a cleared cell, note)
    let mut cells: BTreeMap<Date, (Option<Entry>, String)> = BTreeMap::new();
    for cell in &input.cells {
        let field = cell_field(p.id, &cell.day);
        let Some(day) = Date::parse_iso(&cell.day) else {
            errors.push(FieldError { field, msg: Msg::ErrInvalidDate });
            continue;
        };
        let note: String = cell.note.trim().chars().take(500).collect();
        match parse_cell(&cell.text).and_then(|e| e.map(|e| check_entry(&frame, day, &e).map(|_| e)).transpose()) {
            Ok(entry) => {
                cells.insert(day, (entry, note));
            }
            Err(msg) => errors.push(FieldError { field, msg }),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors).into());
    }
    let (Some(first), Some(last)) = (cells.keys().next().copied(), cells.keys().next_back().copied()) else {
        return Ok(Vec::new());
    };
    // No more than 24 hours a day across all of the contractor's placements.
    let stored: Vec<(Date, i64, i64)> = sqlx::query_as(
        "SELECT e.day, e.minutes, t.placement_id FROM timesheet_entries e JOIN timesheets t ON t.id = e.timesheet_id \
         WHERE t.org_id = $1 AND t.contractor_id = $2 AND e.day >= $3 AND e.day <= $4",
    )
    .bind(caller.org_id)
    .bind(p.contractor_id)
    .bind(first.iso())
    .bind(last.iso())
    .fetch_all(&db.pool)
    .await?;
    let kept = stored.iter().filter_map(|(day, minutes, placement)| {
        let replaced = *placement == p.id && cells.contains_key(day);
        (!replaced).then_some((*day, *minutes as u32))
    });
    let typed = cells.iter().filter_map(|(day, (e, _))| e.map(|e| (*day, e.minutes)));
    let over = over_day_limit(kept.chain(typed));
    if !over.is_empty() {
        let errors = over.iter().map(|d| FieldError { field: cell_field(p.id, &d.iso()), msg: Msg::ErrDayOver24 }).collect();
        return Err(AppError::Invalid(errors).into());
    }
    let mut by_period: BTreeMap<Period, Vec<(Date, Option<Entry>, String)>> = BTreeMap::new();
    for (day, (entry, note)) in cells {
        by_period.entry(Period::containing(p.period_kind, day)).or_default().push((day, entry, note));
    }
    let t = now();
    let mut tx = db.begin_write().await?;
    let mut saved = Vec::new();
    for (period, days) in by_period {
        let start = period.start;
        let expected = input.versions.iter().find(|(s, _)| Date::parse_iso(s) == Some(start)).map_or(0, |(_, v)| *v);
        let (id, version, status) = claim(&mut tx, caller, &p, period, expected, t).await?;
        for (day, entry, note) in days {
            match entry {
                Some(e) => {
                    sqlx::query(
                        "INSERT INTO timesheet_entries (timesheet_id, day, code, minutes, note, entered_by, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (timesheet_id, day) DO UPDATE SET code = excluded.code, \
                         minutes = excluded.minutes, note = excluded.note, entered_by = excluded.entered_by, updated_at = excluded.updated_at",
                    )
                    .bind(id)
                    .bind(day.iso())
                    .bind(e.code.as_str())
                    .bind(i64::from(e.minutes))
                    .bind(note)
                    .bind(caller.person_id)
                    .bind(t)
                    .execute(&mut *tx)
                    .await?;
                }
                None => {
                    sqlx::query("DELETE FROM timesheet_entries WHERE timesheet_id = $1 AND day = $2")
                        .bind(id)
                        .bind(day.iso())
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        refresh_totals(&mut tx, id).await?;
        saved.push(PeriodView {
            start,
            end: period.end,
            timesheet_id: Some(id),
            // A returned timesheet stays returned while it is corrected.
            status,
            step: 0,
            version,
            returned_comment: None,
            returned_day: None,
        });
    }
    tx.commit().await?;
    Ok(saved)
}

/// Gets the period's timesheet for writing: creates it (when the editor saw none) or bumps its
/// version (when the editor saw the current one and it is still editable).
async fn claim(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    caller: &Caller,
    p: &Placement,
    period: Period,
    expected: i64,
    t: i64,
) -> Result<(i64, i64, Status)> {
    let created: Option<i64> = sqlx::query_scalar(
        "INSERT INTO timesheets (org_id, placement_id, contractor_id, legal_entity_id, client_company_id, client_department_id, foreman_id, \
         period_start, period_end, rate_minor, currency, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) \
         ON CONFLICT (placement_id, period_start) DO NOTHING RETURNING id",
    )
    .bind(caller.org_id)
    .bind(p.id)
    .bind(p.contractor_id)
    .bind(p.legal_entity_id)
    .bind(p.client_company_id)
    .bind(p.client_department_id)
    .bind(p.foreman_id)
    .bind(period.start.iso())
    .bind(period.end.iso())
    .bind(p.rate_minor)
    .bind(&p.currency)
    .bind(t)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(id) = created {
        return if expected == 0 { Ok((id, 1, Status::Draft)) } else { Err(AppError::Conflict.into()) };
    }
    let bumped: Option<(i64, i64, Status)> = sqlx::query_as(
        "UPDATE timesheets SET version = version + 1, updated_at = $1 WHERE org_id = $2 AND placement_id = $3 AND period_start = $4 \
         AND version = $5 AND status IN ('draft', 'returned') RETURNING id, version, status",
    )
    .bind(t)
    .bind(caller.org_id)
    .bind(p.id)
    .bind(period.start.iso())
    .bind(expected)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(found) = bumped {
        return Ok(found);
    }
    let status: Option<Status> = sqlx::query_scalar("SELECT status FROM timesheets WHERE placement_id = $1 AND period_start = $2")
        .bind(p.id)
        .bind(period.start.iso())
        .fetch_optional(&mut **tx)
        .await?;
    match status {
        Some(s) if !s.editable() => Err(AppError::Invalid(vec![FieldError::new("timesheet", Msg::ErrTimesheetLocked)]).into()),
        _ => Err(AppError::Conflict.into()),
    }
}

/// Recomputes a timesheet's per-code totals from its entries (at most 31 rows), in the same
/// transaction as the change, so summaries never re-add entries.
pub async fn refresh_totals(tx: &mut sqlx::Transaction<'_, sqlx::Any>, id: i64) -> Result<()> {
    let sets = Code::ALL
        .iter()
        .map(|c| {
            format!(
                "{} = (SELECT COALESCE(SUM(minutes), 0) FROM timesheet_entries WHERE timesheet_id = $1 AND code = '{}')",
                total_column(*c),
                c.as_str()
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    sqlx::query(&format!("UPDATE timesheets SET {sets} WHERE id = $1")).bind(id).execute(&mut **tx).await?;
    Ok(())
}
