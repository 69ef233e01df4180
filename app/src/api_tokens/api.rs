//! Server functions of the API token pages. Thin: the token service checks the caller.
use crate::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::api::{NewToken, TokenInput, TokenKind, TokenView};

/// The caller's personal tokens, or (administrators) the organisation's service tokens.
#[server(endpoint = "api_tokens/list", input = Json, output = crate::wire::Answer)]
pub async fn list_tokens(kind: TokenKind) -> Result<Vec<TokenView>, AppError> {
    use crate::backend::{api::tokens, serve};
    serve(|ctx| async move { tokens::list(ctx.db(), ctx.signed_in()?, kind).await }).await
}

/// Makes a token; its secret is in the answer and nowhere else, ever.
#[server(endpoint = "api_tokens/create", input = Json, output = crate::wire::Answer)]
pub async fn create_token(input: TokenInput) -> Result<NewToken, AppError> {
    use crate::backend::{api::tokens, serve};
    serve(|ctx| async move { tokens::create(ctx.db(), ctx.signed_in()?, &input, ctx.client_addr.as_deref()).await }).await
}

#[server(endpoint = "api_tokens/revoke", input = Json, output = crate::wire::Answer)]
pub async fn revoke_token(id: i64) -> Result<(), AppError> {
    use crate::backend::{api::tokens, serve};
    serve(|ctx| async move { tokens::revoke(ctx.db(), ctx.signed_in()?, id, ctx.client_addr.as_deref()).await }).await
}
