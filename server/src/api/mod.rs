//! The public REST API under `/api/v1`: bearer tokens, problem+json errors, idempotent POSTs,
//! and an OpenAPI 3.1 document generated from the handlers below (`/api/v1/openapi.json`).
//! It sits outside the page layers: no cookie is read here, so no page can make a visitor's
//! browser call it.
mod auth;
mod extract;
mod idempotency;
mod org;
mod people;
pub mod problem;
mod recruiting;
mod reference;
mod requests;
mod timesheets;

use crate::AppState;
use axum::Router;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub const PREFIX: &str = "/api/v1";

#[derive(OpenApi)]
#[openapi(
    info(title = "Staffport API", version = "1", description = "People, structure, timesheets, requests and recruiting of one organisation. \
        Authenticate with `Authorization: Bearer <token>` (a personal or service token from the app); each call needs its scope. \
        Lists page with `cursor`; changes send the record's version in `If-Match`; a POST with `Idempotency-Key` runs once. \
        Errors are `application/problem+json` with a stable `code`."),
    components(schemas(problem::ProblemBody, problem::FieldProblem)),
    modifiers(&Security),
    tags((name = "people"), (name = "structure"), (name = "timesheets"), (name = "requests"), (name = "recruiting"))
)]
struct Doc;

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme("token", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()));
    }
}

/// Every operation may answer a problem (401, 403, 404, 412, 422, 429…): one `default` answer.
struct Problems;

impl utoipa::Modify for Problems {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let problem = ResponseBuilder::new()
            .description("A refusal, as application/problem+json with a stable code")
            .content("application/problem+json", ContentBuilder::new().schema(Some(Ref::from_schema_name("ProblemBody"))).build())
            .build();
        for item in doc.paths.paths.values_mut() {
            for op in [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete].into_iter().flatten() {
                op.responses.responses.entry("default".into()).or_insert(problem.clone().into());
            }
        }
    }
}

/// The API's routes and their description, from the same list.
fn parts() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(Doc::openapi())
        .routes(routes!(people::list, people::create))
        .routes(routes!(people::get, people::update))
        .routes(routes!(people::deactivate))
        .routes(routes!(people::protected))
        .routes(routes!(people::reveal))
        .routes(routes!(requests::leave))
        .routes(routes!(org::structure))
        .routes(routes!(org::placements))
        .routes(routes!(org::imports))
        .routes(routes!(requests::list))
        .routes(routes!(requests::get))
        .routes(routes!(requests::decide))
        .routes(routes!(timesheets::list))
        .routes(routes!(timesheets::get))
        .routes(routes!(recruiting::jobs))
        .routes(routes!(recruiting::create))
        .routes(routes!(recruiting::get, recruiting::update))
        .routes(routes!(recruiting::move_stage))
        .split_for_parts()
}

/// The OpenAPI document, with the paths as the server serves them.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = parts().1;
    // After the routes: the document's own modifiers run before any path is in it.
    utoipa::Modify::modify(&Problems, &mut doc);
    doc.servers = Some(vec![utoipa::openapi::Server::new(PREFIX)]);
    doc
}

/// Every (method, path) the API serves, as the document lists them (`/api/v1/people/{id}`).
pub fn routes() -> Vec<(String, String)> {
    let doc = document();
    let mut all = Vec::new();
    for (path, item) in doc.paths.paths.iter() {
        let ops = [("GET", &item.get), ("POST", &item.post), ("PUT", &item.put), ("PATCH", &item.patch), ("DELETE", &item.delete)];
        for (method, op) in ops {
            if op.is_some() {
                all.push((method.to_string(), format!("{PREFIX}{path}")));
            }
        }
    }
    all.push(("GET".into(), format!("{PREFIX}/openapi.json")));
    all.push(("GET".into(), format!("{PREFIX}/reference")));
    all.sort();
    all
}

async fn openapi_json() -> axum::response::Response {
    use axum::response::IntoResponse;
    let body = document().to_json().unwrap_or_default();
    ([(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response()
}

pub fn router(state: AppState) -> Router<AppState> {
    let (routes, _) = parts();
    let api = routes
        .route("/openapi.json", axum::routing::get(openapi_json))
        .route("/reference", axum::routing::get(reference::page))
        .fallback(|| async { problem::Problem::new(404, "no_route", shared::Msg::ErrNotFound) })
        .layer(axum::middleware::from_fn(problem::render))
        .layer(axum::middleware::from_fn_with_state(state.clone(), idempotency::once))
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::tokens))
        .layer(axum::middleware::from_fn(problem::render))
        // Answers carry personal data: no cache (the client's, a proxy's) keeps them.
        .layer(tower_http::set_header::SetResponseHeaderLayer::if_not_present(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        ));
    Router::new().nest(PREFIX, api)
}
