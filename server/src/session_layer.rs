//! Resolves who is calling (session cookie), in which language, and from where, and puts it in
//! the request's extensions for pages, server functions and routes.
use crate::AppState;
use app::backend::request::{ClientAddr, RequestLocale};
use app::backend::sessions;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::Response;
use shared::Locale;
use std::net::SocketAddr;

pub const LOCALE_COOKIE: &str = "sp_locale";

/// The value of a cookie in the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Person's setting, else the language cookie, else Accept-Language, else English.
pub fn choose_locale(person: Option<Locale>, headers: &HeaderMap) -> Locale {
    person
        .or_else(|| cookie(headers, LOCALE_COOKIE).and_then(Locale::parse))
        .or_else(|| headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Locale::from_accept_language))
        .unwrap_or_default()
}

pub async fn resolve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    // Static assets need no session lookup.
    if path.starts_with("/pkg/") || path == "/favicon.ico" || path == "/health" {
        return next.run(req).await;
    }
    let slot = app::backend::request::NonceSlot::default();
    req.extensions_mut().insert(slot.clone());
    let mut response = resolve_session(state, req, next).await;
    // Pages get a policy allowing only their own scripts (the renderer left the nonce here).
    let html =
        response.headers().get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    if let (true, Some(nonce)) = (html, slot.get()) {
        if let Ok(value) = axum::http::HeaderValue::from_str(&app::backend::request::content_security_policy(&nonce)) {
            response.headers_mut().insert(axum::http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    response
}

async fn resolve_session(state: AppState, mut req: Request, next: Next) -> Response {
    let addr = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "unknown".into());
    let backend = &state.backend;
    let caller = match cookie(req.headers(), sessions::COOKIE) {
        Some(token) => sessions::resolve(&backend.db, &backend.config, token).await.unwrap_or_else(|e| {
            tracing::error!(error = %e, "session lookup failed; treating the request as anonymous");
            None
        }),
        None => None,
    };
    let locale = choose_locale(caller.as_ref().and_then(|c| c.locale), req.headers());
    let extensions = req.extensions_mut();
    extensions.insert(RequestLocale(locale));
    extensions.insert(ClientAddr(addr));
    if let Some(caller) = caller {
        extensions.insert(caller);
    }
    next.run(req).await
}
