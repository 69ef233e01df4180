use crate::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::model::{OrgStructure, UnitInput};

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
