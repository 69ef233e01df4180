//! `/api/v1/timesheets`.
use super::extract::{Api, Id, Params};
use super::problem::Problem;
use crate::AppState;
use app::backend::api::cursor::{ListQuery, Page};
use app::backend::api::timesheets::{self as service, Timesheet, TimesheetDetail, TimesheetQuery};
use axum::extract::State;
use axum::Json;

#[utoipa::path(get, path = "/timesheets", tag = "timesheets", operation_id = "timesheets_list", params(ListQuery, TimesheetQuery),
    responses((status = 200, body = Page<Timesheet>)), security(("token" = ["timesheets:read"])))]
/// Timesheets the caller may see (all for the provider's managers; a client manager's site,
/// a foreman's crew, a contractor's own), in id order; filter by month, status and client.
pub async fn list(
    State(s): State<AppState>,
    a: Api,
    Params(page): Params<ListQuery>,
    Params(q): Params<TimesheetQuery>,
) -> Result<Json<Page<Timesheet>>, Problem> {
    Ok(Json(service::list(&s.backend, &a.api, &page, &q).await?))
}

#[utoipa::path(get, path = "/timesheets/{id}", tag = "timesheets", operation_id = "timesheets_get", params(("id" = i64, Path)),
    responses((status = 200, body = TimesheetDetail), (status = 404)), security(("token" = ["timesheets:read"])))]
/// One timesheet with its daily entries and approval history.
pub async fn get(State(s): State<AppState>, a: Api, Id(id): Id<i64>) -> Result<Json<TimesheetDetail>, Problem> {
    Ok(Json(service::get(&s.backend, &a.api, id).await?))
}
