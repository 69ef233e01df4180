//! Timesheets through the API: listed for whoever may see them (the policy's placement scope,
//! as the month grids), one with its days and approval history, filtered by month, status and
//! client for the invoicing and payroll systems that read approved hours.
use super::cursor::{rfc3339, ListQuery, Page};
use super::ApiCaller;
use crate::backend::policy::{self, PlacementScope};
use crate::backend::{timesheets, Backend, Result};
use serde::{Deserialize, Serialize};
use shared::api::{Access, Resource, Scope};
use shared::approvals::{Action, Status};
use shared::format::Date;
use shared::timesheets::Code;
use shared::validation::FieldError;
use shared::Msg;

const READ: Scope = Scope::new(Resource::Timesheets, Access::Read);

/// A timesheet's header and minutes by code.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Timesheet {
    pub id: i64,
    pub placement_id: i64,
    pub contractor_id: i64,
    pub legal_entity_id: i64,
    pub client_company_id: i64,
    pub client_department_id: i64,
    pub foreman_id: Option<i64>,
    /// `YYYY-MM-DD`.
    pub period_start: String,
    pub period_end: String,
    #[schema(schema_with = super::schema::timesheet_status)]
    pub status: Status,
    /// The approval step waiting (0: the client's, 1: the provider's).
    pub step: i64,
    /// Minutes by code: work, overtime, night, holiday, sick, vacation, unpaid, downtime.
    pub minutes: Minutes,
    /// The hourly rate in minor units of `currency`.
    pub rate_minor: i64,
    pub currency: String,
    pub submitted_at: Option<String>,
    pub approved_at: Option<String>,
    pub updated_at: String,
    pub version: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Minutes {
    pub work: i64,
    pub overtime: i64,
    pub night: i64,
    pub holiday: i64,
    pub sick: i64,
    pub vacation: i64,
    pub unpaid: i64,
    pub downtime: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    placement_id: i64,
    contractor_id: i64,
    legal_entity_id: i64,
    client_company_id: i64,
    client_department_id: i64,
    foreman_id: Option<i64>,
    period_start: Date,
    period_end: Date,
    status: Status,
    step: i64,
    work_min: i64,
    overtime_min: i64,
    night_min: i64,
    holiday_min: i64,
    sick_min: i64,
    vacation_min: i64,
    unpaid_min: i64,
    downtime_min: i64,
    rate_minor: i64,
    currency: String,
    submitted_at: Option<i64>,
    approved_at: Option<i64>,
    updated_at: i64,
    version: i64,
}

impl From<Row> for Timesheet {
    fn from(r: Row) -> Timesheet {
        Timesheet {
            id: r.id,
            placement_id: r.placement_id,
            contractor_id: r.contractor_id,
            legal_entity_id: r.legal_entity_id,
            client_company_id: r.client_company_id,
            client_department_id: r.client_department_id,
            foreman_id: r.foreman_id,
            period_start: r.period_start.iso(),
            period_end: r.period_end.iso(),
            status: r.status,
            step: r.step,
            minutes: Minutes {
                work: r.work_min,
                overtime: r.overtime_min,
                night: r.night_min,
                holiday: r.holiday_min,
                sick: r.sick_min,
                vacation: r.vacation_min,
                unpaid: r.unpaid_min,
                downtime: r.downtime_min,
            },
            rate_minor: r.rate_minor,
            currency: r.currency,
            submitted_at: r.submitted_at.map(rfc3339),
            approved_at: r.approved_at.map(rfc3339),
            updated_at: rfc3339(r.updated_at),
            version: r.version,
        }
    }
}

const SELECT: &str = "SELECT t.id, t.placement_id, t.contractor_id, t.legal_entity_id, t.client_company_id, t.client_department_id, \
     t.foreman_id, t.period_start, t.period_end, t.status, t.step, t.work_min, t.overtime_min, t.night_min, t.holiday_min, \
     t.sick_min, t.vacation_min, t.unpaid_min, t.downtime_min, t.rate_minor, t.currency, t.submitted_at, t.approved_at, \
     t.updated_at, t.version FROM timesheets t JOIN client_departments cd ON cd.id = t.client_department_id";

/// What the timesheet list takes besides the page.
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimesheetQuery {
    /// Periods starting in this month, `YYYY-MM`.
    pub month: Option<String>,
    /// `draft`, `submitted`, `returned` or `approved`.
    pub status: Option<String>,
    pub client_company_id: Option<i64>,
}

/// Timesheets the caller may see, in id order.
pub async fn list(backend: &Backend, api: &ApiCaller, page: &ListQuery, q: &TimesheetQuery) -> Result<Page<Timesheet>> {
    let caller = api.with(READ)?;
    let w = page.window()?;
    let (from, to) = match &q.month {
        Some(m) => {
            let first = Date::parse_iso(&format!("{m}-01")).ok_or(FieldError::new("month", Msg::ErrInvalidDate))?;
            (first.iso(), format!("{m}-31"))
        }
        None => (String::new(), "9999-12-31".to_string()),
    };
    let status = match &q.status {
        Some(s) => Status::parse(s).ok_or(FieldError::new("status", Msg::ErrBadReference))?.as_str(),
        None => "",
    };
    // Whose timesheets: the same reach as the month grids and the approval queue.
    let (reach, who) = match policy::placement_scope(caller)? {
        PlacementScope::All => ("$7 = $7", 0),
        PlacementScope::ClientCompany(c) => ("t.client_company_id = $7 AND (cd.manager_id IS NULL OR cd.manager_id = $8)", c),
        PlacementScope::Foreman(p) => ("t.foreman_id = $7", p),
        PlacementScope::Contractor(p) => ("t.contractor_id = $7", p),
    };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE t.org_id = $1 AND t.id > $2 AND t.updated_at >= $3 AND t.period_start >= $4 AND t.period_start <= $5 \
         AND ($6 = '' OR t.status = $6) AND ($9 = 0 OR t.client_company_id = $9) AND ({reach}) ORDER BY t.id LIMIT $10"
    ))
    .bind(caller.org_id)
    .bind(w.after)
    .bind(w.since)
    .bind(from)
    .bind(to)
    .bind(status)
    .bind(who)
    .bind(caller.person_id)
    .bind(q.client_company_id.unwrap_or(0))
    .bind(w.limit + 1)
    .fetch_all(&backend.db.pool)
    .await?;
    Ok(Page::of(rows.into_iter().map(Timesheet::from).collect(), w.limit, |t| t.id))
}

/// One day's entry.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Entry {
    pub day: String,
    #[schema(schema_with = super::schema::code)]
    pub code: Code,
    pub minutes: i64,
    pub note: String,
}

/// One step of its approval history.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Transition {
    #[schema(schema_with = super::schema::action)]
    pub action: Action,
    pub actor: Option<String>,
    /// Decided from an emailed link rather than signed in.
    pub via_link: bool,
    pub comment: String,
    pub at: String,
}

impl From<shared::approvals::TransitionView> for Transition {
    fn from(h: shared::approvals::TransitionView) -> Transition {
        Transition {
            action: h.action,
            actor: h.actor_family.map(|f| format!("{f} {}", h.actor_given.unwrap_or_default())),
            via_link: h.via_link,
            comment: h.comment,
            at: rfc3339(h.at),
        }
    }
}

/// A timesheet with its entries and history.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TimesheetDetail {
    #[serde(flatten)]
    pub timesheet: Timesheet,
    pub entries: Vec<Entry>,
    pub transitions: Vec<Transition>,
}

/// One timesheet, for whoever may see it.
pub async fn get(backend: &Backend, api: &ApiCaller, id: i64) -> Result<TimesheetDetail> {
    let caller = api.with(READ)?;
    let db = &backend.db;
    let view = timesheets::review::view(db, caller, id).await?;
    let row: Row =
        sqlx::query_as(&format!("{SELECT} WHERE t.org_id = $1 AND t.id = $2")).bind(caller.org_id).bind(id).fetch_one(&db.pool).await?;
    let entries: Vec<(Date, Code, i64, String)> =
        sqlx::query_as("SELECT day, code, minutes, note FROM timesheet_entries WHERE timesheet_id = $1 ORDER BY day")
            .bind(id)
            .fetch_all(&db.pool)
            .await?;
    Ok(TimesheetDetail {
        timesheet: Timesheet::from(row),
        entries: entries.into_iter().map(|(day, code, minutes, note)| Entry { day: day.iso(), code, minutes, note }).collect(),
        transitions: view.history.into_iter().map(Transition::from).collect(),
    })
}
