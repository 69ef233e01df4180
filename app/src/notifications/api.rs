//! Server functions of the notification centre: each person reads and marks only their own.
use crate::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::notifications::NoticeView;

/// The caller's newest notifications (reminders, mentions, new candidates, team places), in
/// their words of this request.
#[server(endpoint = "notifications/list", input = Json, output = crate::wire::Answer)]
pub async fn notifications() -> Result<Vec<NoticeView>, AppError> {
    use crate::backend::{notifications, serve};
    serve(|ctx| async move {
        let list = notifications::list(ctx.db(), ctx.signed_in()?).await?;
        Ok(list.into_iter().map(|n| n.view(ctx.locale)).collect())
    })
    .await
}

/// How many of the caller's notifications are unread.
#[server(endpoint = "notifications/unread", input = Json, output = crate::wire::Answer)]
pub async fn unread() -> Result<i64, AppError> {
    use crate::backend::{notifications, serve};
    serve(|ctx| async move { notifications::unread(ctx.db(), ctx.signed_in()?).await }).await
}

/// Marks one of the caller's notifications read, or all of them (`id` None).
#[server(endpoint = "notifications/read", input = Json, output = crate::wire::Answer)]
pub async fn mark_read(id: Option<i64>) -> Result<(), AppError> {
    use crate::backend::{notifications, serve};
    serve(|ctx| async move { notifications::mark_read(ctx.db(), ctx.signed_in()?, id).await }).await
}

/// How the caller is told: their choices per kind, quiet hours, the digest's time.
#[server(endpoint = "notifications/preferences", input = Json, output = crate::wire::Answer)]
pub async fn preferences() -> Result<shared::notifications::channels::PreferencesView, AppError> {
    use crate::backend::{notifications::preferences, serve};
    serve(|ctx| async move { preferences::mine(ctx.db(), ctx.signed_in()?).await }).await
}

/// Saves the caller's own choices (nobody else's); returns the new version.
#[server(endpoint = "notifications/save_preferences", input = Json, output = crate::wire::Answer)]
pub async fn save_preferences(input: shared::notifications::channels::Preferences) -> Result<i64, AppError> {
    use crate::backend::{notifications::preferences, serve};
    serve(|ctx| async move { preferences::save_mine(ctx.db(), ctx.signed_in()?, &input).await }).await
}

/// The organisation's defaults per kind (administrators).
#[server(endpoint = "notifications/defaults", input = Json, output = crate::wire::Answer)]
pub async fn defaults() -> Result<shared::notifications::channels::Preferences, AppError> {
    use crate::backend::{notifications::preferences, serve};
    serve(|ctx| async move { preferences::defaults(ctx.db(), ctx.signed_in()?).await }).await
}

/// Saves the organisation's defaults (administrators); audited.
#[server(endpoint = "notifications/save_defaults", input = Json, output = crate::wire::Answer)]
pub async fn save_defaults(input: shared::notifications::channels::Preferences) -> Result<i64, AppError> {
    use crate::backend::{notifications::preferences, serve};
    serve(|ctx| async move { preferences::save_defaults(ctx.db(), ctx.signed_in()?, &input, ctx.client_addr.as_deref()).await }).await
}

/// Sets a reminder for the caller about something they may open.
#[server(endpoint = "reminders/set", input = Json, output = crate::wire::Answer)]
pub async fn set_reminder(input: shared::notifications::reminders::ReminderInput) -> Result<i64, AppError> {
    use crate::backend::{reminders, serve};
    serve(|ctx| async move { reminders::set(&ctx.backend, ctx.signed_in()?, &input).await }).await
}

/// The caller's reminders still to go off.
#[server(endpoint = "reminders/mine", input = Json, output = crate::wire::Answer)]
pub async fn my_reminders() -> Result<Vec<shared::notifications::reminders::ReminderView>, AppError> {
    use crate::backend::{reminders, serve};
    serve(|ctx| async move { reminders::mine(ctx.db(), ctx.signed_in()?).await }).await
}

/// Cancels one of the caller's own reminders.
#[server(endpoint = "reminders/cancel", input = Json, output = crate::wire::Answer)]
pub async fn cancel_reminder(id: i64) -> Result<(), AppError> {
    use crate::backend::{reminders, serve};
    serve(|ctx| async move { reminders::cancel(ctx.db(), ctx.signed_in()?, id).await }).await
}
