use crate::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::model::{PlacementInput, PlacementRow};

/// Placements the caller may see: all for staff managers, their company's for a client
/// manager, their crew's for a foreman, their own for a contractor.
#[server(endpoint = "placements/list", input = Json, output = crate::wire::Answer)]
pub async fn list_placements() -> Result<Vec<PlacementRow>, AppError> {
    use crate::backend::{placements, serve};
    serve(|ctx| async move { placements::list(ctx.db(), ctx.signed_in()?).await }).await
}

#[server(endpoint = "placements/create", input = Json, output = crate::wire::Answer)]
pub async fn create_placement(input: PlacementInput) -> Result<i64, AppError> {
    use crate::backend::{placements, serve};
    serve(|ctx| async move { placements::create(ctx.db(), ctx.signed_in()?, &input, ctx.client_addr.as_deref()).await }).await
}

/// Saves a placement's end and rate; returns the new version.
#[server(endpoint = "placements/update", input = Json, output = crate::wire::Answer)]
pub async fn update_placement(edit: shared::model::PlacementEdit) -> Result<i64, AppError> {
    use crate::backend::{placements, serve};
    serve(|ctx| async move { placements::update(ctx.db(), ctx.signed_in()?, &edit, ctx.client_addr.as_deref()).await }).await
}
