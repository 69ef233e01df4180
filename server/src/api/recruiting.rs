//! `/api/v1/jobs` and `/api/v1/candidates`.
use super::extract::{stale, tagged, Api, Body, Id, IfMatch};
use super::problem::Problem;
use crate::AppState;
use app::backend::api::recruiting::{self as service, Candidate, CandidatePatch, Job, NewCandidate, StageMove};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;

#[utoipa::path(get, path = "/jobs", tag = "recruiting", operation_id = "jobs_list",
    responses((status = 200, body = Vec<Job>)), security(("token" = ["jobs:read"])))]
/// The jobs the caller works on, with their stages in board order.
pub async fn jobs(State(s): State<AppState>, a: Api) -> Result<Json<Vec<Job>>, Problem> {
    Ok(Json(service::list_jobs(&s.backend, &a.api).await?))
}

#[utoipa::path(post, path = "/candidates", tag = "recruiting", operation_id = "candidates_create", request_body = NewCandidate,
    params(("Idempotency-Key" = Option<String>, Header, description = "A retry with the same key creates once")),
    responses((status = 201, body = Candidate)), security(("token" = ["candidates:write"])))]
/// Adds a candidate to a job (its first stage); the job's automation runs as for one added by hand.
pub async fn create(State(s): State<AppState>, a: Api, Body(c): Body<NewCandidate>) -> Result<Response, Problem> {
    Ok(tagged(StatusCode::CREATED, service::create(&s.backend, &a.api, &c).await?))
}

#[utoipa::path(get, path = "/candidates/{id}", tag = "recruiting", operation_id = "candidates_get", params(("id" = i64, Path)),
    responses((status = 200, body = Candidate)), security(("token" = ["candidates:read"])))]
/// One candidate, contacts masked.
pub async fn get(State(s): State<AppState>, a: Api, Id(id): Id<i64>) -> Result<Response, Problem> {
    Ok(tagged(StatusCode::OK, service::get(&s.backend, &a.api, id).await?))
}

#[utoipa::path(patch, path = "/candidates/{id}", tag = "recruiting", operation_id = "candidates_update", request_body = CandidatePatch,
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "The version read (its ETag)")),
    responses((status = 200, body = Candidate), (status = 412, description = "Changed since that version")),
    security(("token" = ["candidates:write"])))]
/// Changes the facts given (contacts are stored sealed, answered masked).
pub async fn update(
    State(s): State<AppState>,
    a: Api,
    Id(id): Id<i64>,
    IfMatch(version): IfMatch,
    Body(patch): Body<CandidatePatch>,
) -> Result<Response, Problem> {
    let c = service::update(&s.backend, &a.api, id, version, &patch).await.map_err(|e| stale(e.into()))?;
    Ok(tagged(StatusCode::OK, c))
}

#[utoipa::path(post, path = "/candidates/{id}/stage", tag = "recruiting", operation_id = "candidates_move", request_body = StageMove,
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "The version read (its ETag)")),
    responses((status = 200, body = Candidate), (status = 412, description = "Changed since that version")),
    security(("token" = ["candidates:write"])))]
/// Moves a candidate to another stage of their job.
pub async fn move_stage(
    State(s): State<AppState>,
    a: Api,
    Id(id): Id<i64>,
    IfMatch(version): IfMatch,
    Body(to): Body<StageMove>,
) -> Result<Response, Problem> {
    let c = service::move_to(&s.backend, &a.api, id, version, &to).await.map_err(|e| stale(e.into()))?;
    Ok(tagged(StatusCode::OK, c))
}
