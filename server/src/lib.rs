#![recursion_limit = "512"]
//! The Staffport server: HTTP wiring, security layers, sessions, background workers.
//! Domain logic lives in `app::backend`; this crate only connects it to the network.
pub mod api;
pub mod assets;
pub mod auth_routes;
pub mod backup;
pub mod exports;
pub mod files;
pub mod form_post;
pub mod import_cli;
pub mod imports;
pub mod input;
pub mod link_forms;
pub mod live;
pub mod monitoring;
pub mod preloads;
pub mod refusal;
pub mod render_safe;
pub mod router;
pub mod security;
pub mod session_layer;
pub mod timesheet_form;
pub mod workers;

use app::backend::{Backend, Config, Db};
use leptos::config::LeptosOptions;
use std::net::SocketAddr;

/// Shared state of every route.
#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub backend: Backend,
    /// The configured public URL's origin, which forms and server calls must come from.
    pub public_origin: String,
    pub metrics: std::sync::Arc<monitoring::Metrics>,
}

/// Connects to the database and applies migrations.
pub async fn open_backend(config: Config) -> anyhow_free::Result<Backend> {
    let db = Db::connect(&config.database_url, config.db_max_connections).await.map_err(|e| format!("cannot open the database: {e}"))?;
    db.migrate().await.map_err(|e| format!("migration failed: {e}"))?;
    // Request types shipped since an organisation was created reach it now.
    app::backend::cabinet::request_types::seed_all(&db).await.map_err(|e| format!("cannot add the shipped request types: {e:?}"))?;
    // Requests filed before the inbox's look-up table existed get their rows.
    app::backend::cabinet::requests::fill_waiting(&db).await.map_err(|e| format!("cannot index the waiting requests: {e:?}"))?;
    Backend::new(db, config)
}

/// Leptos options for our layout: the bundle is `pkg/<build id>/staffport*` under the site
/// root (see `assets`), which `LEPTOS_SITE_ROOT` may move (the scripts point it at the build
/// cache).
pub fn leptos_options(addr: SocketAddr) -> anyhow_free::Result<LeptosOptions> {
    let site_root = std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into());
    let pkg = assets::pkg_dir(&site_root);
    Ok(LeptosOptions::builder().output_name("staffport").site_root(site_root).site_pkg_dir(pkg).site_addr(addr).build())
}

/// Serves until the listener closes; starts the background workers too.
pub async fn serve(listener: tokio::net::TcpListener, backend: Backend) -> anyhow_free::Result<()> {
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    // One server per SQLite file, and no restore under a running one.
    let _lock = backup::sqlite_file(&backend.config.database_url).map(|file| backup::lock(&file)).transpose()?;
    let options = leptos_options(addr)?;
    workers::spawn(backend.clone());
    let public_origin = security::public_origin(&backend.config.public_url);
    let app = router::router(AppState { leptos_options: options, backend, public_origin, metrics: Default::default() });
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}

async fn shutdown_signal() {
    let _ = tokio::signal::ctrl_c().await;
}

/// Errors of the binary's own plumbing are plain messages: they are printed, not matched.
pub mod anyhow_free {
    pub type Result<T> = std::result::Result<T, String>;
}
