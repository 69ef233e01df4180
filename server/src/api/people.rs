//! `/api/v1/people`.
use super::extract::{stale, tagged, Api, Body, Id, IfMatch, Params};
use super::problem::Problem;
use crate::AppState;
use app::backend::api::cursor::{ListQuery, Page};
use app::backend::api::people::{self as service, NewPerson, Person, PersonPatch, Protected};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;

type Answer<T> = Result<T, Problem>;

#[utoipa::path(get, path = "/people", tag = "people", operation_id = "people_list", params(ListQuery),
    responses((status = 200, body = Page<Person>), (status = 403, description = "Needs `people:read` and a staff manager's role")),
    security(("token" = ["people:read"])))]
/// People of the organisation in id order; with `updated_since`, only those changed since.
pub async fn list(State(s): State<AppState>, a: Api, Params(q): Params<ListQuery>) -> Answer<Json<Page<Person>>> {
    Ok(Json(service::list(&s.backend, &a.api, &q).await?))
}

#[utoipa::path(post, path = "/people", tag = "people", operation_id = "people_create", request_body = NewPerson,
    params(("Idempotency-Key" = Option<String>, Header, description = "A retry with the same key creates once")),
    responses((status = 201, body = Person)), security(("token" = ["people:write"])))]
/// Invites a person: they receive the invitation message, as from the people page.
pub async fn create(State(s): State<AppState>, a: Api, Body(input): Body<NewPerson>) -> Answer<Response> {
    Ok(tagged(StatusCode::CREATED, service::create(&s.backend, &a.api, &input, a.addr()).await?))
}

#[utoipa::path(get, path = "/people/{id}", tag = "people", operation_id = "people_get", params(("id" = i64, Path)),
    responses((status = 200, body = Person), (status = 404)), security(("token" = ["people:read"])))]
/// One person, for whoever may see them.
pub async fn get(State(s): State<AppState>, a: Api, Id(id): Id<i64>) -> Answer<Response> {
    Ok(tagged(StatusCode::OK, service::get(&s.backend, &a.api, id).await?))
}

#[utoipa::path(patch, path = "/people/{id}", tag = "people", operation_id = "people_update", request_body = PersonPatch,
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "The version read (its ETag)")),
    responses((status = 200, body = Person), (status = 412, description = "Changed since that version"), (status = 428)),
    security(("token" = ["people:write"])))]
/// Changes the fields given; the others keep their values.
pub async fn update(
    State(s): State<AppState>,
    a: Api,
    Id(id): Id<i64>,
    IfMatch(version): IfMatch,
    Body(patch): Body<PersonPatch>,
) -> Answer<Response> {
    let person = service::update(&s.backend, &a.api, id, version, &patch, a.addr()).await.map_err(|e| stale(e.into()))?;
    Ok(tagged(StatusCode::OK, person))
}

#[utoipa::path(post, path = "/people/{id}/deactivate", tag = "people", operation_id = "people_deactivate", params(("id" = i64, Path)),
    responses((status = 200, body = Person)), security(("token" = ["people:write"])))]
/// Deactivates a person: their sessions end and their own API tokens stop.
pub async fn deactivate(State(s): State<AppState>, a: Api, Id(id): Id<i64>) -> Answer<Response> {
    Ok(tagged(StatusCode::OK, service::deactivate(&s.backend, &a.api, id, a.addr()).await?))
}

#[utoipa::path(get, path = "/people/{id}/protected", tag = "people", operation_id = "people_protected", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Protected>)), security(("token" = ["people:read"])))]
/// The person's protected values, masked.
pub async fn protected(State(s): State<AppState>, a: Api, Id(id): Id<i64>) -> Answer<Json<Vec<Protected>>> {
    Ok(Json(service::protected(&s.backend, &a.api, id).await?))
}

/// A revealed value.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Revealed {
    pub value: String,
}

#[utoipa::path(post, path = "/people/{id}/protected/{field}/reveal", tag = "people", operation_id = "people_reveal",
    params(("id" = i64, Path), ("field" = String, Path, description = "resident_no, passport_no, tax_no, bank_name, bank_account")),
    responses((status = 200, body = Revealed)), security(("token" = ["people:reveal"])))]
/// One protected value in plain text; recorded in the audit log before it is read.
pub async fn reveal(State(s): State<AppState>, a: Api, Id((id, field)): Id<(i64, String)>) -> Answer<Json<Revealed>> {
    Ok(Json(Revealed { value: service::reveal(&s.backend, &a.api, id, &field, a.addr()).await? }))
}
