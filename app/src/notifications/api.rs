//! Server functions of the notification centre: each person reads and marks only their own.
use crate::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::notifications::Notice;

/// The caller's newest notifications (reminders, mentions, new candidates, team places).
#[server(endpoint = "notifications/list", input = Json)]
pub async fn notifications() -> Result<Vec<Notice>, AppError> {
    use crate::backend::{notifications, serve};
    serve(|ctx| async move { notifications::list(ctx.db(), ctx.signed_in()?).await }).await
}

/// How many of the caller's notifications are unread.
#[server(endpoint = "notifications/unread", input = Json)]
pub async fn unread() -> Result<i64, AppError> {
    use crate::backend::{notifications, serve};
    serve(|ctx| async move { notifications::unread(ctx.db(), ctx.signed_in()?).await }).await
}

/// Marks one of the caller's notifications read, or all of them (`id` None).
#[server(endpoint = "notifications/read", input = Json)]
pub async fn mark_read(id: Option<i64>) -> Result<(), AppError> {
    use crate::backend::{notifications, serve};
    serve(|ctx| async move { notifications::mark_read(ctx.db(), ctx.signed_in()?, id).await }).await
}
