//! Server functions of a job's settings (recruiters and administrators). Each save takes the
//! job's version it was made on and answers the new one.
use crate::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::recruiting as r;

#[server(endpoint = "recruiting/job_settings", input = Json, output = crate::wire::Answer)]
pub async fn job_settings(job_id: i64) -> Result<r::JobSettings, AppError> {
    use crate::backend::{recruiting::settings, serve};
    serve(|ctx| async move { settings::load(ctx.db(), ctx.signed_in()?, job_id).await }).await
}

/// Saves the stages in the order given (renamed, moved, added; left out ones removed if empty);
/// answers the new version and the stages as saved.
#[server(endpoint = "recruiting/save_stages", input = Json, output = crate::wire::Answer)]
pub async fn save_stages(job_id: i64, version: i64, stages: Vec<r::StageEdit>) -> Result<(i64, Vec<r::StageEdit>), AppError> {
    use crate::backend::{recruiting::settings, serve};
    serve(|ctx| async move { settings::save_stages(&ctx.backend, ctx.signed_in()?, job_id, version, &stages).await }).await
}

/// Sets the hiring team besides the owner.
#[server(endpoint = "recruiting/set_team", input = Json, output = crate::wire::Answer)]
pub async fn set_team(job_id: i64, version: i64, members: Vec<i64>) -> Result<i64, AppError> {
    use crate::backend::{recruiting::settings, serve};
    serve(|ctx| async move { settings::set_team(&ctx.backend, ctx.signed_in()?, job_id, version, &members, ctx.client_addr.as_deref()).await })
        .await
}

/// The company's staff matching a name or email, for the team picker.
#[server(endpoint = "recruiting/colleagues", input = Json, output = crate::wire::Answer)]
pub async fn colleagues(query: String) -> Result<Vec<r::TeamMember>, AppError> {
    use crate::backend::{recruiting::settings, serve};
    serve(|ctx| async move { settings::colleagues(ctx.db(), ctx.signed_in()?, &query).await }).await
}

/// Sets a job's own candidate fields.
#[server(endpoint = "recruiting/set_fields", input = Json, output = crate::wire::Answer)]
pub async fn set_fields(job_id: i64, version: i64, fields: Vec<r::CustomField>) -> Result<i64, AppError> {
    use crate::backend::{recruiting::settings, serve};
    serve(|ctx| async move { settings::set_fields(ctx.db(), ctx.signed_in()?, job_id, version, &fields).await }).await
}

/// The job's team-chat webhook.
#[server(endpoint = "recruiting/set_webhook", input = Json, output = crate::wire::Answer)]
pub async fn set_webhook(job_id: i64, version: i64, url: String) -> Result<i64, AppError> {
    use crate::backend::{recruiting::settings, serve};
    serve(
        |ctx| async move { settings::set_webhook(&ctx.backend, ctx.signed_in()?, job_id, version, &url, ctx.client_addr.as_deref()).await },
    )
    .await
}

/// The language the job writes to its candidates in (None: the organisation's).
#[server(endpoint = "recruiting/set_language", input = Json, output = crate::wire::Answer)]
pub async fn set_language(job_id: i64, version: i64, language: Option<shared::Locale>) -> Result<i64, AppError> {
    use crate::backend::{recruiting::settings, serve};
    serve(|ctx| async move {
        settings::set_language(ctx.db(), ctx.signed_in()?, job_id, version, language, ctx.client_addr.as_deref()).await
    })
    .await
}

/// The job's automation rules, its current candidates' facts (for the editor's preview) and
/// the latest runs.
#[server(endpoint = "recruiting/automation", input = Json, output = crate::wire::Answer)]
pub async fn automation(job_id: i64) -> Result<r::automation::Automation, AppError> {
    use crate::backend::{recruiting::automation, serve};
    serve(|ctx| async move { automation::load(ctx.db(), ctx.signed_in()?, job_id).await }).await
}

/// Saves the job's rules in the order given.
#[server(endpoint = "recruiting/save_automation", input = Json, output = crate::wire::Answer)]
pub async fn save_automation(job_id: i64, version: i64, rules: Vec<r::automation::Rule>) -> Result<i64, AppError> {
    use crate::backend::{recruiting::automation, serve};
    serve(|ctx| async move { automation::save(&ctx.backend, ctx.signed_in()?, job_id, version, &rules, ctx.client_addr.as_deref()).await })
        .await
}
