//! Who an API request acts as: a bearer token, never a cookie (so no page can be made to call
//! the API for its visitor), counted against the token's rate limit.
use super::problem::Problem;
use crate::AppState;
use app::backend::api::tokens;
use app::backend::request::ClientAddr;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

/// Paths anyone may read: the API's own description and its reference page. (Within
/// `/api/v1`: the nesting router hands its routes the path without the prefix.)
const PUBLIC: [&str; 2] = ["/openapi.json", "/reference"];

pub async fn tokens(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if PUBLIC.contains(&req.uri().path()) {
        return next.run(req).await;
    }
    let backend = &state.backend;
    let addr = match req.extensions().get::<ConnectInfo<SocketAddr>>() {
        Some(peer) => crate::session_layer::client_address(peer.0.ip(), req.headers(), &backend.config.trusted_proxies).to_string(),
        None => "unknown".into(),
    };
    // The scheme's name is case-insensitive (RFC 9110); the token follows one space.
    let secret = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .and_then(|(scheme, token)| scheme.eq_ignore_ascii_case("bearer").then_some(token));
    let Some(secret) = secret else {
        return refused(Problem::unauthorized());
    };
    let api = match tokens::authenticate(&backend.db, secret.trim(), &addr).await {
        Ok(api) => api,
        Err(app::backend::BackendError::Public(app::AppError::Unauthorized)) => return refused(Problem::unauthorized()),
        Err(e) => return Problem::from(e).into_response(),
    };
    match app::backend::ratelimit::api_request(&backend.db, api.token_id, backend.config.api_per_token_per_min).await {
        Ok(None) => {}
        Ok(Some(wait)) => return Problem::rate_limited(wait).into_response(),
        Err(e) => return Problem::from(e).into_response(),
    }
    req.extensions_mut().insert(ClientAddr(addr));
    req.extensions_mut().insert(api);
    next.run(req).await
}

/// A 401 that says how to authenticate.
fn refused(problem: Problem) -> Response {
    let mut response = problem.into_response();
    response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"staffport\""));
    response
}
