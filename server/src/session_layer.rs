//! Resolves who is calling (session cookie), in which language, and from where, and puts it in
//! the request's extensions for pages, server functions and routes.
use crate::AppState;
use app::backend::request::{ClientAddr, RequestLocale};
use app::backend::sessions;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shared::Locale;
use std::net::{IpAddr, SocketAddr};

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
    // Static assets (the bundle, the language's strings) need no session lookup.
    if crate::assets::is_bundle(path) || path == "/favicon.ico" || path == "/health" {
        return next.run(req).await;
    }
    let slot = app::backend::request::NonceSlot::default();
    req.extensions_mut().insert(slot.clone());
    let mut response = resolve_session(state, req, next).await;
    // Pages, server-function answers and exports carry personal data and a per-response
    // nonce: no cache (the browser's, a proxy's) keeps them. Assets above are cached normally.
    response.headers_mut().entry(header::CACHE_CONTROL).or_insert(axum::http::HeaderValue::from_static("no-store"));
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

/// The client's address: the socket's, unless the socket is a trusted proxy; then the last
/// `X-Forwarded-For` entry that is not itself a trusted proxy (entries further left were
/// written by the client and prove nothing).
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[ipnet::IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let forwarded =
        headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).collect::<Vec<_>>();
    for hop in forwarded.iter().rev() {
        match hop.trim().parse::<IpAddr>() {
            Ok(ip) if is_trusted(&ip) => continue,
            Ok(ip) => return ip,
            Err(_) => break,
        }
    }
    peer
}

async fn resolve_session(state: AppState, mut req: Request, next: Next) -> Response {
    let addr = match req.extensions().get::<ConnectInfo<SocketAddr>>() {
        Some(peer) => client_address(peer.0.ip(), req.headers(), &state.backend.config.trusted_proxies).to_string(),
        None => "unknown".into(),
    };
    let backend = &state.backend;
    let caller = match cookie(req.headers(), sessions::COOKIE) {
        Some(token) => match sessions::resolve(&backend.db, &backend.config, token).await {
            Ok(caller) => caller,
            // A session that cannot be read is a fault, not a sign-out: answering as anonymous
            // would send the person to sign in again over a problem signing in cannot fix.
            Err(e) => {
                let text = e.into_app_error().text(choose_locale(None, req.headers()));
                return (StatusCode::INTERNAL_SERVER_ERROR, text).into_response();
            }
        },
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let proxies = app::backend::config::parse_networks("10.0.0.5, 192.168.0.0/16");
        let ip = |s: &str| s.parse::<IpAddr>().unwrap_or(IpAddr::from([0, 0, 0, 0]));
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_static("6.6.6.6, 203.0.113.9, 192.168.1.2"));
        assert_eq!(client_address(ip("10.0.0.5"), &h, &proxies), ip("203.0.113.9"), "the hop the proxies saw");
        assert_eq!(client_address(ip("198.51.100.7"), &h, &proxies), ip("198.51.100.7"), "a client's own header is ignored");
        assert_eq!(client_address(ip("10.0.0.5"), &HeaderMap::new(), &proxies), ip("10.0.0.5"));
        assert_eq!(client_address(ip("10.0.0.5"), &h, &[]), ip("10.0.0.5"), "no proxies configured");
    }
}
