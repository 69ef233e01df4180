use crate::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::model::{Letterhead, OrgStructure, UnitInput};

#[server(endpoint = "org/structure", input = Json, output = crate::wire::Answer)]
pub async fn get_org_structure() -> Result<OrgStructure, AppError> {
    use crate::backend::{org, serve};
    serve(|ctx| async move { org::structure(ctx.db(), ctx.signed_in()?).await }).await
}

#[server(endpoint = "org/create_unit", input = Json, output = crate::wire::Answer)]
pub async fn create_org_unit(input: UnitInput) -> Result<i64, AppError> {
    use crate::backend::{org, serve};
    serve(|ctx| async move { org::create(ctx.db(), ctx.signed_in()?, &input, ctx.client_addr.as_deref()).await }).await
}

/// Saves a legal entity's certificate letterhead; returns the new version.
#[server(endpoint = "org/save_letterhead", input = Json, output = crate::wire::Answer)]
pub async fn save_letterhead(letterhead: Letterhead) -> Result<i64, AppError> {
    use crate::backend::{org, serve};
    serve(|ctx| async move { org::save_letterhead(&ctx.backend, ctx.signed_in()?, &letterhead, ctx.client_addr.as_deref()).await }).await
}

/// Saves an edit of a unit (renamed, moved, archived); returns the new version.
#[server(endpoint = "org/update_unit", input = Json, output = crate::wire::Answer)]
pub async fn update_org_unit(edit: shared::model::UnitEdit) -> Result<i64, AppError> {
    use crate::backend::{org, serve};
    serve(|ctx| async move { org::update_unit(ctx.db(), ctx.signed_in()?, &edit, ctx.client_addr.as_deref()).await }).await
}

/// Saves the organisation's settings (its time zone); returns the new version.
#[server(endpoint = "org/save_settings", input = Json, output = crate::wire::Answer)]
pub async fn save_org_settings(settings: shared::model::OrgSettings) -> Result<i64, AppError> {
    use crate::backend::{org, serve};
    serve(|ctx| async move { org::save_settings(&ctx.backend, ctx.signed_in()?, &settings, ctx.client_addr.as_deref()).await }).await
}
