//! The browser bundle and static files, served as a production site serves them. One build's
//! bundle lives in `pkg/<build id>/`, the id being a hash of its files that the build scripts
//! write to `pkg/BUILD`: those files never change, so browsers keep them for a year without
//! asking again, and an upgraded server never hands out a stale chunk (its pages name the new
//! directory). The scripts also write brotli and gzip copies beside every file; the one the
//! browser accepts is sent. HTML and server-function answers are compressed on the fly.
use axum::{extract::Request, http::header, middleware::Next, response::Response, Router};
use http::{HeaderValue, StatusCode};
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

/// `/pkg/…`: precompressed files chosen by `Accept-Encoding`, cached for good when found.
pub fn bundle<S: Clone + Send + Sync + 'static>(site_root: &str) -> Router<S> {
    let files = ServeDir::new(Path::new(site_root).join("pkg")).precompressed_br().precompressed_gzip();
    Router::new().nest_service("/pkg", files).layer(axum::middleware::from_fn(cache_for_good))
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
