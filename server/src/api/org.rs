//! `/api/v1/structure` and `/api/v1/placements`.
use super::extract::{Api, Params};
use super::problem::Problem;
use crate::AppState;
use app::backend::api::cursor::{ListQuery, Page};
use app::backend::api::org::{self as service, Placement, Structure};
use axum::extract::State;
use axum::Json;

#[utoipa::path(get, path = "/structure", tag = "structure", operation_id = "structure_get",
    responses((status = 200, body = Structure)), security(("token" = ["structure:read"])))]
/// Legal entities, departments, client companies and their sites.
pub async fn structure(State(s): State<AppState>, a: Api) -> Result<Json<Structure>, Problem> {
    Ok(Json(service::structure(&s.backend, &a.api).await?))
}

#[utoipa::path(get, path = "/placements", tag = "structure", operation_id = "placements_list", params(ListQuery),
    responses((status = 200, body = Page<Placement>)), security(("token" = ["placements:read"])))]
/// Placements the caller may see, in id order; with `updated_since`, only those changed since.
pub async fn placements(State(s): State<AppState>, a: Api, Params(q): Params<ListQuery>) -> Result<Json<Page<Placement>>, Problem> {
    Ok(Json(service::placements(&s.backend, &a.api, &q).await?))
}

#[utoipa::path(get, path = "/imports", tag = "structure", operation_id = "imports_list",
    responses((status = 200, body = Vec<app::backend::api::imports::ImportRun>)), security(("token" = ["imports:read"])))]
/// The latest import runs (from the import page, the command line or watched folders), newest first.
pub async fn imports(State(s): State<AppState>, a: Api) -> Result<Json<Vec<app::backend::api::imports::ImportRun>>, Problem> {
    Ok(Json(app::backend::api::imports::runs(&s.backend, &a.api).await?))
}
