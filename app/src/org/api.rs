use crate::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::model::{Letterhead, OrgStructure, UnitInput};

#[server(endpoint = "org/structure", input = Json)]
pub async fn get_org_structure() -> Result<OrgStructure, AppError> {
    use crate::backend::{org, policy, serve};
    serve(|ctx| async move {
        let caller = ctx.signed_in()?;
        policy::view_org(caller)?;
        org::structure(ctx.db(), caller.org_id).await
    })
    .await
}

#[server(endpoint = "org/create_unit", input = Json)]
pub async fn create_org_unit(input: UnitInput) -> Result<i64, AppError> {
    use crate::backend::{org, policy, serve};
    serve(|ctx| async move {
        let caller = ctx.signed_in()?;
        policy::manage_org(caller)?;
        org::create(ctx.db(), caller, &input, ctx.client_addr.as_deref()).await
    })
    .await
}

/// Saves a legal entity's certificate letterhead; returns the new version.
#[server(endpoint = "org/save_letterhead", input = Json)]
pub async fn save_letterhead(letterhead: Letterhead) -> Result<i64, AppError> {
    use crate::backend::{org, policy, serve};
    serve(|ctx| async move {
        let caller = ctx.signed_in()?;
        policy::manage_org(caller)?;
        org::save_letterhead(&ctx.backend, caller, &letterhead, ctx.client_addr.as_deref()).await
    })
    .await
}
