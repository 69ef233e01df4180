//! The contractor's and foreman's month grids post to their own page as plain forms, so hours
//! typed on a phone save before (or without) the bundle: the page re-renders with what was
//! saved, or with the refusal and every typed cell kept.
use crate::form_post::{client_addr, read_form, respond};
use crate::AppState;
use app::backend::request::{Caller, RequestLocale};
use app::backend::timesheets::grid_form;
use app::AppError;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use shared::format::Date;
use shared::timesheets::model::GridView;

pub async fn mine(state: State<AppState>, req: Request) -> Response {
    post(state, GridView::Mine, req).await
}

pub async fn crew(state: State<AppState>, req: Request) -> Response {
    post(state, GridView::Crew, req).await
}

async fn post(State(state): State<AppState>, view: GridView, req: Request) -> Response {
    let (parts, fields) = match read_form::<Vec<(String, String)>>(&state, req).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let locale = parts.extensions.get::<RequestLocale>().map(|l| l.0).unwrap_or_default();
    let Some(caller) = parts.extensions.get::<Caller>().cloned() else {
        return (StatusCode::UNAUTHORIZED, AppError::Unauthorized.text(locale)).into_response();
    };
    let month = parts
        .uri
        .query()
        .and_then(|q| url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "month").map(|(_, v)| v.into_owned()))
        .unwrap_or_else(app::timesheets::this_month);
    let Some(month) = Date::parse_month(&month) else {
        return (StatusCode::BAD_REQUEST, AppError::BadRequest.text(locale)).into_response();
    };
    let addr = client_addr(&parts);
    let outcome = grid_form::post(&state.backend, &caller, view, month, &fields, locale, Some(&addr)).await.map_err(|e| e.into_app_error());
    // Every typed cell comes back with a refusal, so nothing typed is lost.
    let typed = if outcome.is_err() { fields.into_iter().filter(|(name, _)| name.starts_with("cell:")).collect() } else { Vec::new() };
    respond(&state, parts, outcome, typed).await
}
