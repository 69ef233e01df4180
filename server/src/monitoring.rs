//! What operators watch: `/health` (the process answers), `/ready` (the database answers and
//! every migration of this build is applied: a load balancer sends traffic only then), and
//! `/metrics` (Prometheus text: request latency per route, the outbox, the connection pool).
//! Each request is logged and measured here, once.
use crate::session_layer::client_address;
use crate::AppState;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::net::SocketAddr;
use std::time::Instant;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    /// The route's pattern (`/people/{id}`), never the path itself: a path can hold a token,
    /// and every distinct path would be a series of its own.
    route: String,
    /// `2xx`, `4xx`, `5xx`…
    status: String,
}

/// The registry and its instruments; the gauges are read from the database at each scrape.
pub struct Metrics {
    registry: Registry,
    latency: Family<RouteLabels, Histogram>,
    outbox_pending: Gauge,
    outbox_oldest: Gauge,
    pool_size: Gauge,
    pool_idle: Gauge,
    pool_max: Gauge,
}

impl Default for Metrics {
    fn default() -> Metrics {
        let mut registry = Registry::with_prefix("staffport");
        // 1 ms to about 16 s, doubling.
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| Histogram::new(exponential_buckets(0.001, 2.0, 15)));
        registry.register("http_request_duration_seconds", "Time to answer a request, by route and status class", latency.clone());
        let gauge = |registry: &mut Registry, name: &str, help: &str| {
            let g = Gauge::default();
            registry.register(name, help, g.clone());
            g
        };
        let outbox_pending = gauge(&mut registry, "outbox_pending", "Messages waiting to be sent (or retried)");
        let outbox_oldest = gauge(&mut registry, "outbox_oldest_pending_seconds", "Age of the oldest message waiting, 0 when none");
        let pool_size = gauge(&mut registry, "db_pool_connections", "Open database connections");
        let pool_idle = gauge(&mut registry, "db_pool_idle_connections", "Open database connections not in use");
        let pool_max = gauge(&mut registry, "db_pool_max_connections", "The pool's limit");
        Metrics { registry, latency, outbox_pending, outbox_oldest, pool_size, pool_idle, pool_max }
    }
}

impl Metrics {
    fn observe(&self, method: &str, route: &str, status: StatusCode, seconds: f64) {
        let labels = RouteLabels { method: method.to_string(), route: route.to_string(), status: format!("{}xx", status.as_u16() / 100) };
        self.latency.get_or_create(&labels).observe(seconds);
    }
}

/// One log line and one latency sample per request: method, route, status, time. Never the
/// query string or body, which can carry names, emails or tokens.
pub async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let route = route_of(&req);
    let path = loggable_path(req.uri().path());
    let started = Instant::now();
    let response = next.run(req).await;
    let elapsed = started.elapsed();
    // An event stream's "time" is how long it stayed open: not a latency.
    if response.headers().get(header::CONTENT_TYPE).is_none_or(|t| t != "text/event-stream") {
        state.metrics.observe(method.as_str(), &route, response.status(), elapsed.as_secs_f64());
    }
    tracing::info!(target: "staffport::http", %method, path, status = response.status().as_u16(), ms = elapsed.as_millis() as u64);
    response
}

/// The matched route; what no route matched (assets, unknown paths) is one series.
fn route_of(req: &Request) -> String {
    match req.extensions().get::<MatchedPath>() {
        Some(m) => m.as_str().to_string(),
        None if req.uri().path().starts_with("/pkg/") => "/pkg/…".into(),
        None => "unmatched".into(),
    }
}

/// Single-use link tokens live in the path of these pages; the log keeps only the route.
fn loggable_path(path: &str) -> String {
    match path.split_once('/').and_then(|(_, rest)| rest.split_once('/')) {
        Some((page @ ("invite" | "reset" | "approve" | "decide" | "invitation"), _)) => format!("/{page}/…"),
        _ => path.to_string(),
    }
}

/// The process is up and serving; says nothing about the database (that is `/ready`).
pub async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

/// Ready for traffic: the database answers and has every migration this build ships.
pub async fn ready(State(state): State<AppState>) -> (StatusCode, Json<serde_json::Value>) {
    let db = &state.backend.db;
    match db.migrations_pending().await {
        Ok(0) => (StatusCode::OK, Json(serde_json::json!({ "status": "ready", "database": format!("{:?}", db.kind) }))),
        Ok(pending) => {
            tracing::warn!(pending, "readiness: migrations not applied");
            (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({ "status": "migrations pending", "pending": pending })))
        }
        Err(e) => {
            tracing::error!(error = %e, "readiness: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({ "status": "database unreachable" })))
        }
    }
}

/// Prometheus text, for the configured scraper only: a bearer token
/// (`STAFFPORT_METRICS_TOKEN`) or a source address (`STAFFPORT_METRICS_FROM`). With neither
/// configured the endpoint does not exist (404), so a default installation exposes nothing.
pub async fn metrics(State(state): State<AppState>, ConnectInfo(peer): ConnectInfo<SocketAddr>, headers: HeaderMap) -> Response {
    let config = &state.backend.config;
    if config.metrics_token.is_none() && config.metrics_from.is_empty() {
        return StatusCode::NOT_FOUND.into_response();
    }
    let from = client_address(peer.ip(), &headers, &config.trusted_proxies);
    let by_address = config.metrics_from.iter().any(|net| net.contains(&from));
    let by_token = config.metrics_token.as_deref().is_some_and(|want| bearer(&headers).is_some_and(|got| same(got, want)));
    if !by_address && !by_token {
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")]).into_response();
    }
    let m = &state.metrics;
    let db = &state.backend.db;
    match app::backend::outbox::backlog(db).await {
        Ok(backlog) => {
            m.outbox_pending.set(backlog.pending);
            m.outbox_oldest.set(backlog.oldest_age_secs);
        }
        Err(e) => {
            tracing::error!(error = %e, "metrics: cannot read the outbox");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    m.pool_size.set(i64::from(db.pool.size()));
    m.pool_idle.set(db.pool.num_idle() as i64);
    m.pool_max.set(i64::from(db.pool.options().get_max_connections()));
    let mut text = String::new();
    if let Err(e) = prometheus_client::encoding::text::encode(&mut text, &m.registry) {
        tracing::error!(error = %e, "metrics: cannot encode");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], text).into_response()
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ")
}

/// Compares in constant time, so timing does not reveal the token.
fn same(a: &str, b: &str) -> bool {
    subtle::ConstantTimeEq::ct_eq(a.as_bytes(), b.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    #[test]
    fn link_tokens_never_reach_the_log() {
        assert_eq!(super::loggable_path("/invite/AbC123secret"), "/invite/…");
        assert_eq!(super::loggable_path("/reset/AbC123secret"), "/reset/…");
        assert_eq!(super::loggable_path("/reset"), "/reset");
        assert_eq!(super::loggable_path("/approve/AbC123secret"), "/approve/…");
        assert_eq!(super::loggable_path("/decide/AbC123secret"), "/decide/…");
        assert_eq!(super::loggable_path("/invitation/AbC123secret"), "/invitation/…");
        assert_eq!(super::loggable_path("/people/12"), "/people/12");
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(super::same("s3cret-token", "s3cret-token"));
        assert!(!super::same("s3cret-token", "s3cret-tokem"));
        assert!(!super::same("s3cret", "s3cret-token"));
        assert!(!super::same("", "x"));
    }
}
