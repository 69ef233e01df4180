//! Every route of the server in one place. `ROUTES` lists the routes we add by hand (server
//! functions register themselves); the authorization matrix test checks both lists.
use crate::{
    auth_routes, exports, files, imports, input, link_forms, live, monitoring, render_safe, security, session_layer, timesheet_form,
    AppState,
};
use app::backend::Backend;
use app::{shell, App};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, AxumRouteListing, LeptosRoutes};
use std::sync::OnceLock;

/// Hand-written routes: (method, path).
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/health"),
    ("GET", "/ready"),
    ("GET", "/metrics"),
    ("POST", "/login"),
    ("POST", "/auth/logout"),
    ("POST", "/invite/{token}"),
    ("POST", "/reset"),
    ("POST", "/reset/{token}"),
    ("POST", "/auth/switch-org"),
    ("POST", "/locale"),
    ("POST", "/approve/{token}"),
    ("POST", "/decide/{token}"),
    ("POST", "/invitation/{token}"),
    ("POST", "/timesheets"),
    ("POST", "/timesheets/crew"),
    ("GET", "/exports/timesheets.csv"),
    ("GET", "/exports/candidates.csv"),
    ("GET", "/exports/timesheets.xlsx"),
    ("GET", "/exports/payroll.csv"),
    ("GET", "/certificates/{id}"),
    ("POST", "/files"),
    ("GET", "/files/{id}"),
    ("POST", "/import/check"),
    ("GET", "/exports/import-template.csv"),
    ("GET", "/exports/import/{id}/report.csv"),
    ("GET", "/recruiting/jobs/{id}/events"),
    ("GET", "/notifications/events"),
    // The language's strings for the bundle (`assets::bundle`): the same for everyone.
    ("GET", "/messages/{hash}/{file}"),
];

/// What every server-side render and server function gets in its context.
pub fn request_context(backend: Backend) -> impl Fn() + Clone + Send + Sync + 'static {
    move || {
        provide_context(backend.clone());
        app::backend::request::provide_request_nonce();
    }
}

/// The app's page routes, generated once per process. Generating runs the app with resource
/// loads suppressed by a process-wide flag, and a resource first polled meanwhile by a page
/// rendering elsewhere in the process waits forever (leptos-rs/leptos#4773): with several
/// servers in one process (the integration tests) a page now and then never finished.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(state: AppState) -> Router {
    let routes = page_routes();
    let context = request_context(state.backend.clone());
    let options = state.leptos_options.clone();
    let bundle = crate::assets::bundle(&options.site_root);
    app::backend::bundle::load(&options.site_root, &options.site_pkg_dir);
    let router = Router::new()
        .route("/health", get(monitoring::health))
        .route("/ready", get(monitoring::ready))
        .route("/metrics", get(monitoring::metrics))
        // The sign-in pages' forms post to the page's own address, so a refused post re-renders
        // the page where the browser already is (the router then hydrates the same route).
        .route("/login", post(auth_routes::login))
        .route("/auth/logout", post(auth_routes::logout))
        .route("/invite/{token}", post(auth_routes::accept_invite))
        .route("/reset", post(auth_routes::reset_request))
        .route("/reset/{token}", post(auth_routes::reset))
        .route("/auth/switch-org", post(auth_routes::switch_org))
        // So do the decisions of the link pages people open from a message on a phone.
        .route("/approve/{token}", post(link_forms::approve))
        .route("/decide/{token}", post(link_forms::decide_request))
        .route("/invitation/{token}", post(link_forms::answer_invitation))
        // And the month grids, so hours typed on a phone save before the bundle has loaded.
        .route("/timesheets", post(timesheet_form::mine))
        .route("/timesheets/crew", post(timesheet_form::crew))
        .route("/locale", post(auth_routes::set_locale))
        .route("/exports/timesheets.csv", get(exports::csv))
        .route("/exports/timesheets.xlsx", get(exports::xlsx))
        .route("/exports/payroll.csv", get(exports::payroll))
        .route("/certificates/{id}", get(exports::certificate))
        .route("/exports/candidates.csv", get(exports::candidates))
        .route("/files", post(files::upload))
        .route("/files/{id}", get(files::download))
        .route("/import/check", post(imports::check))
        .route("/exports/import-template.csv", get(imports::template))
        .route("/exports/import/{id}/report.csv", get(imports::report))
        .route("/recruiting/jobs/{id}/events", get(live::board_events))
        .route("/notifications/events", get(live::notice_events))
        .leptos_routes_with_context(&state, routes, context.clone(), move || shell(options.clone()))
        .fallback(file_and_error_handler_with_context::<AppState, _>(context, shell))
        .merge(bundle)
        .layer(axum::middleware::from_fn(render_safe::pages))
        .layer(axum::middleware::from_fn(crate::preloads::into_head))
        .layer(axum::middleware::from_fn(input::boundary))
        .layer(axum::middleware::from_fn_with_state(state.clone(), session_layer::resolve))
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::same_origin_mutations))
        .layer(crate::assets::compression())
        .layer(axum::middleware::from_fn_with_state(state.clone(), monitoring::observe))
        // The REST API has layers of its own (tokens, not cookies); it shares compression and
        // the request log.
        .merge(
            crate::api::router(state.clone())
                .layer(crate::assets::compression())
                .layer(axum::middleware::from_fn_with_state(state.clone(), monitoring::observe)),
        )
        .with_state(state);
    security::with_headers(router)
}
