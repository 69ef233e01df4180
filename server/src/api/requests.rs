//! `/api/v1/requests` and leave balances.
use super::extract::{tagged, Api, Body, Id, IfMatch, Params};
use super::problem::Problem;
use crate::AppState;
use app::backend::api::cursor::{ListQuery, Page};
use app::backend::api::requests::{self as service, Decision, LeaveBalance, Request, RequestDetail};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;

#[utoipa::path(get, path = "/requests", tag = "requests", operation_id = "requests_list", params(ListQuery),
    responses((status = 200, body = Page<Request>)), security(("token" = ["requests:read"])))]
/// Filed requests in id order: all for HR and administrators, one's own otherwise.
pub async fn list(State(s): State<AppState>, a: Api, Params(q): Params<ListQuery>) -> Result<Json<Page<Request>>, Problem> {
    Ok(Json(service::list(&s.backend, &a.api, &q).await?))
}

#[utoipa::path(get, path = "/requests/{id}", tag = "requests", operation_id = "requests_get", params(("id" = i64, Path)),
    responses((status = 200, body = RequestDetail)), security(("token" = ["requests:read"])))]
/// One request with its answers (protected ones masked unless the caller may read them).
pub async fn get(State(s): State<AppState>, a: Api, Id(id): Id<i64>) -> Result<Response, Problem> {
    Ok(tagged(StatusCode::OK, service::get(&s.backend, &a.api, id).await?))
}

#[utoipa::path(post, path = "/requests/{id}/decision", tag = "requests", operation_id = "requests_decide", request_body = Decision,
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "The version read (its ETag)")),
    responses((status = 200, body = RequestDetail), (status = 409, description = "Decided by someone else meanwhile")),
    security(("token" = ["requests:write"])))]
/// Approves, returns or rejects the step waiting for the caller; nobody decides two steps of one request.
pub async fn decide(
    State(s): State<AppState>,
    a: Api,
    Id(id): Id<i64>,
    IfMatch(version): IfMatch,
    Body(d): Body<Decision>,
) -> Result<Response, Problem> {
    Ok(tagged(StatusCode::OK, service::decide(&s.backend, &a.api, id, version, &d, a.addr()).await?))
}

#[utoipa::path(get, path = "/people/{id}/leave", tag = "requests", operation_id = "leave_balance", params(("id" = i64, Path)),
    responses((status = 200, body = LeaveBalance)), security(("token" = ["leave:read"])))]
/// A person's annual leave balance today.
pub async fn leave(State(s): State<AppState>, a: Api, Id(id): Id<i64>) -> Result<Json<LeaveBalance>, Problem> {
    Ok(Json(service::leave_balance(&s.backend, &a.api, id).await?))
}
