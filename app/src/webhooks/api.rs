//! Server functions of the webhooks page. Thin: the endpoint service checks the caller.
use crate::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::webhooks::{AttemptView, EndpointInput, EndpointSaved, EndpointView};

#[server(endpoint = "webhooks/list", input = Json, output = crate::wire::Answer)]
pub async fn list_endpoints() -> Result<Vec<EndpointView>, AppError> {
    use crate::backend::{serve, webhooks::endpoints};
    serve(|ctx| async move { endpoints::list(&ctx.backend, ctx.signed_in()?).await }).await
}

/// Creates or saves an endpoint; a new one's secret is in the answer, once.
#[server(endpoint = "webhooks/save", input = Json, output = crate::wire::Answer)]
pub async fn save_endpoint(input: EndpointInput) -> Result<EndpointSaved, AppError> {
    use crate::backend::{serve, webhooks::endpoints};
    serve(|ctx| async move { endpoints::save(&ctx.backend, ctx.signed_in()?, &input, ctx.client_addr.as_deref()).await }).await
}

#[server(endpoint = "webhooks/rotate", input = Json, output = crate::wire::Answer)]
pub async fn rotate_secret(id: i64, version: i64) -> Result<EndpointSaved, AppError> {
    use crate::backend::{serve, webhooks::endpoints};
    serve(|ctx| async move { endpoints::rotate(&ctx.backend, ctx.signed_in()?, id, version, ctx.client_addr.as_deref()).await }).await
}

#[server(endpoint = "webhooks/attempts", input = Json, output = crate::wire::Answer)]
pub async fn attempts(id: i64) -> Result<Vec<AttemptView>, AppError> {
    use crate::backend::{serve, webhooks::endpoints};
    serve(|ctx| async move { endpoints::attempts(&ctx.backend, ctx.signed_in()?, id).await }).await
}

#[server(endpoint = "webhooks/redeliver", input = Json, output = crate::wire::Answer)]
pub async fn redeliver(outbox_id: i64) -> Result<(), AppError> {
    use crate::backend::{serve, webhooks::endpoints};
    serve(|ctx| async move { endpoints::redeliver(&ctx.backend, ctx.signed_in()?, outbox_id, ctx.client_addr.as_deref()).await }).await
}

#[server(endpoint = "webhooks/test", input = Json, output = crate::wire::Answer)]
pub async fn send_test(id: i64) -> Result<(), AppError> {
    use crate::backend::{serve, webhooks::endpoints};
    serve(|ctx| async move { endpoints::send_test(&ctx.backend, ctx.signed_in()?, id).await }).await
}
