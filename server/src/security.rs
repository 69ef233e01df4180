//! Request-forgery protection and security headers.
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::set_header::SetResponseHeaderLayer;

/// Whether a state-changing request may proceed. Same rule as Go's CrossOriginProtection:
/// trust `Sec-Fetch-Site` when the browser sends it; otherwise compare `Origin` with `Host`;
/// a request with neither header did not come from a browser, so it cannot be a forged one.
pub fn is_same_origin(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let get = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match (get(header::ORIGIN), get(header::HOST)) {
        (None, _) => true,
        (Some(origin), Some(host)) => origin.split_once("://").is_some_and(|(_, rest)| rest == host),
        (Some(_), None) => false,
    }
}

pub async fn same_origin_mutations(req: Request, next: Next) -> Response {
    if is_same_origin(req.method(), req.headers()) {
        return next.run(req).await;
    }
    let locale =
        shared::Locale::from_accept_language(req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or_default())
            .unwrap_or_default();
    tracing::warn!(path = %req.uri().path(), "cross-origin request refused");
    (StatusCode::FORBIDDEN, shared::Msg::ErrCrossOrigin.text(locale)).into_response()
}

/// Headers on every response. Pages set their own CSP with a nonce; this default covers the rest.
pub fn with_headers(router: axum::Router) -> axum::Router {
    router
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn cross_site_posts_are_refused() {
        let post = Method::POST;
        assert!(is_same_origin(&post, &headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!is_same_origin(&post, &headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!is_same_origin(&post, &headers(&[("sec-fetch-site", "same-site")])));
        assert!(is_same_origin(&post, &headers(&[("origin", "http://app.local:3000"), ("host", "app.local:3000")])));
        assert!(!is_same_origin(&post, &headers(&[("origin", "http://evil.example"), ("host", "app.local:3000")])));
        assert!(!is_same_origin(&post, &headers(&[("origin", "null"), ("host", "app.local:3000")])));
        assert!(is_same_origin(&post, &headers(&[])), "non-browser client");
        assert!(is_same_origin(&Method::GET, &headers(&[("sec-fetch-site", "cross-site")])));
    }
}
