//! Server functions of imports. Thin: the service checks the caller through the policy. The
//! file itself arrives through `POST /import/check` (a raw upload, like other files).
use crate::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::import::report::{Report, RunView};
use shared::import::{OnErrors, Outcome};

/// The organisation's import runs, newest first.
#[server(endpoint = "import/history", input = Json, output = crate::wire::Answer)]
pub async fn import_history() -> Result<Vec<RunView>, AppError> {
    use crate::backend::{import, serve};
    serve(|ctx| async move { import::history(&ctx.backend, ctx.signed_in()?).await }).await
}

/// A run and its report's rows under a filter.
#[server(endpoint = "import/report", input = Json, output = crate::wire::Answer)]
pub async fn import_report(run_id: i64, filter: Option<Outcome>) -> Result<Report, AppError> {
    use crate::backend::{import, serve};
    serve(|ctx| async move { import::report(&ctx.backend, ctx.signed_in()?, run_id, filter).await }).await
}

/// Checks a run's file again with columns mapped by hand; answers the new run.
#[server(endpoint = "import/recheck", input = Json, output = crate::wire::Answer)]
pub async fn recheck_import(run_id: i64, columns: Vec<(String, Option<shared::import::Field>)>) -> Result<i64, AppError> {
    use crate::backend::{import, serve};
    serve(|ctx| async move { import::recheck(&ctx.backend, ctx.signed_in()?, run_id, columns, ctx.client_addr.as_deref()).await }).await
}

/// Starts applying a checked run; its progress shows in `import_report`.
#[server(endpoint = "import/apply", input = Json, output = crate::wire::Answer)]
pub async fn apply_import(run_id: i64, on_errors: OnErrors) -> Result<(), AppError> {
    use crate::backend::{import, serve};
    serve(|ctx| async move { import::apply(&ctx.backend, ctx.signed_in()?, run_id, on_errors, ctx.client_addr.as_deref()).await }).await
}

/// The organisation's saved sources.
#[server(endpoint = "import/sources", input = Json, output = crate::wire::Answer)]
pub async fn import_sources() -> Result<Vec<shared::import::report::SourceView>, AppError> {
    use crate::backend::{import::sources, serve};
    serve(|ctx| async move { sources::list(&ctx.backend, ctx.signed_in()?).await }).await
}

/// Saves how a run read its file as a source (with a watched folder, if given).
#[server(endpoint = "import/save_source", input = Json, output = crate::wire::Answer)]
pub async fn save_import_source(input: shared::import::report::SourceInput) -> Result<i64, AppError> {
    use crate::backend::{import::sources, serve};
    serve(|ctx| async move { sources::save(&ctx.backend, ctx.signed_in()?, &input, ctx.client_addr.as_deref()).await }).await
}
