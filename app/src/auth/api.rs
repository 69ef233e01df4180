//! Server functions of the sign-in pages.
use crate::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::model::{InvitationFacts, Membership};

/// What an invitation link's page shows. Anyone holding the link may ask: it names only the
/// organisation that sent it and whether the address already signs in.
#[server(endpoint = "auth/invitation", input = Json, output = crate::wire::Answer)]
pub async fn invitation(token: String) -> Result<InvitationFacts, AppError> {
    use crate::backend::{auth, serve};
    serve(|ctx| async move { auth::invitation(&ctx.backend, &token).await }).await
}

/// The organisations the caller's sign-in works in.
#[server(endpoint = "auth/memberships", input = Json, output = crate::wire::Answer)]
pub async fn memberships() -> Result<Vec<Membership>, AppError> {
    use crate::backend::{auth, serve};
    serve(|ctx| async move { auth::memberships(&ctx.backend, ctx.signed_in()?).await }).await
}
