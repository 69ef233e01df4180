//! The browser bundle and static files, served as a production site serves them. One build's
//! bundle lives in `pkg/<build id>/`, the id being a hash of its files that the build scripts
//! write to `pkg/BUILD`: those files never change, so browsers keep them for a year without
//! asking again, and an upgraded server never hands out a stale chunk (its pages name the new
//! directory). The scripts also write brotli and gzip copies beside every file; the one the
//! browser accepts is sent. HTML and server-function answers are compressed on the fly.
use axum::extract::{Path as UrlPath, Request};
use axum::response::{IntoResponse, Response};
use axum::{http::header, middleware::Next, routing::get, Router};
use http::{HeaderMap, HeaderValue, StatusCode};
use std::path::Path;
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;

/// `pkg/<build id>` when the scripts wrote a build id, else `pkg` (a bundle built by hand).
pub fn pkg_dir(site_root: &str) -> String {
    let id = std::fs::read_to_string(Path::new(site_root).join("pkg/BUILD")).unwrap_or_default();
    let id = id.trim();
    if !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        format!("pkg/{id}")
    } else {
        "pkg".into()
    }
}

/// Whether `path` is one of `bundle`'s files: the same for everyone, no session, no page.
pub fn is_bundle(path: &str) -> bool {
    path.starts_with("/pkg/") || path.starts_with("/messages/")
}

/// `/pkg/…`: precompressed files chosen by `Accept-Encoding`, and `/messages/…`, each
/// language's strings for the bundle (`app::backend::catalogs`); cached for good when found.
pub fn bundle<S: Clone + Send + Sync + 'static>(site_root: &str) -> Router<S> {
    let files = ServeDir::new(Path::new(site_root).join("pkg")).precompressed_br().precompressed_gzip();
    Router::new()
        .nest_service("/pkg", files)
        .route("/messages/{hash}/{file}", get(catalog))
        .layer(axum::middleware::from_fn(cache_for_good))
}

async fn catalog(UrlPath((hash, file)): UrlPath<(String, String)>, headers: HeaderMap) -> Response {
    let Some(catalog) = app::backend::catalogs::file(&hash, &file) else { return StatusCode::NOT_FOUND.into_response() };
    let (encoding, body): (Option<&str>, &'static [u8]) = match (&catalog.br, &catalog.gzip) {
        (Some(br), _) if accepts(&headers, "br") => (Some("br"), br),
        (_, Some(gzip)) if accepts(&headers, "gzip") => (Some("gzip"), gzip),
        _ => (None, catalog.json.as_bytes()),
    };
    let mut response = ([(header::CONTENT_TYPE, "application/json")], body).into_response();
    if let Some(encoding) = encoding {
        response.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    response
}

/// Whether `Accept-Encoding` lists `encoding` without refusing it (`;q=0`).
fn accepts(headers: &HeaderMap, encoding: &str) -> bool {
    headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|item| {
        let mut parts = item.split(';').map(str::trim);
        parts.next().is_some_and(|name| name.eq_ignore_ascii_case(encoding))
            && !parts.any(|p| p.strip_prefix("q=").is_some_and(|q| q.parse::<f32>().is_ok_and(|q| q == 0.0)))
    })
}

async fn cache_for_good(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let value = if response.status() == StatusCode::OK {
        "public, max-age=31536000, immutable"
    } else {
        // A chunk of a build this server no longer has: the page asking is stale.
        "no-store"
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    // The same URL answers brotli, gzip or plain by `Accept-Encoding`: a shared cache must keep
    // them apart. The URL names the version, so a modification date says nothing.
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.remove(header::LAST_MODIFIED);
    response
}

/// Compresses what the server renders: pages and server-function answers above a kilobyte.
/// Never event streams (they must flush each event) nor what is already encoded (the bundle).
/// At level 4: tower-http leaves brotli at its library's default, quality 11, the level for
/// files compressed once at build time — per answer it cost a 2,000-card board 15 ms of CPU
/// (tower-rs/tower-http#356).
pub fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new().quality(CompressionLevel::Precise(4)).compress_when(DefaultPredicate::new().and(SizeAbove::new(1024)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_encoding_is_accepted_when_listed_and_not_refused() {
        let headers = |value: &'static str| HeaderMap::from_iter([(header::ACCEPT_ENCODING, HeaderValue::from_static(value))]);
        assert!(accepts(&headers("gzip, deflate, br, zstd"), "br"));
        assert!(accepts(&headers("GZIP;q=0.5"), "gzip"));
        assert!(!accepts(&headers("gzip, deflate"), "br"), "Chrome over plain HTTP");
        assert!(!accepts(&headers("br;q=0, gzip"), "br"));
        assert!(!accepts(&headers("brotli"), "br"));
        assert!(!accepts(&HeaderMap::new(), "gzip"));
    }
}
