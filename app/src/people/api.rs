//! Server functions of the people directory. Thin: the services they call check the caller
//! through the policy.
use crate::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::model::{InviteInput, PeoplePage, PersonDetail, PersonEdit};
use shared::Role;

/// A page of the people directory, optionally only people holding `role`.
#[server(endpoint = "people/list", input = Json, output = crate::wire::Answer)]
pub async fn list_people(query: String, role: Option<Role>, page: i64) -> Result<PeoplePage, AppError> {
    use crate::backend::{people, serve};
    serve(|ctx| async move { people::list(ctx.db(), ctx.signed_in()?, &query, role, page).await }).await
}

#[server(endpoint = "people/get", input = Json, output = crate::wire::Answer)]
pub async fn get_person(id: i64) -> Result<PersonDetail, AppError> {
    use crate::backend::{people, serve};
    serve(|ctx| async move { people::get(ctx.db(), ctx.signed_in()?, id).await }).await
}

/// Saves an edit; answers the new version, or `Conflict` if someone saved in between.
#[server(endpoint = "people/update", input = Json, output = crate::wire::Answer)]
pub async fn update_person(edit: PersonEdit) -> Result<i64, AppError> {
    use crate::backend::{people, serve};
    serve(|ctx| async move { people::update(&ctx.backend, ctx.signed_in()?, &edit, ctx.client_addr.as_deref()).await }).await
}

#[server(endpoint = "people/invite", input = Json, output = crate::wire::Answer)]
pub async fn invite_person(input: InviteInput) -> Result<i64, AppError> {
    use crate::backend::{people, serve};
    serve(|ctx| async move { people::invite(&ctx.backend, ctx.signed_in()?, &input, ctx.client_addr.as_deref()).await }).await
}

/// Deactivates (ending their sessions at once) or reactivates a person.
#[server(endpoint = "people/set_active", input = Json, output = crate::wire::Answer)]
pub async fn set_person_active(id: i64, active: bool) -> Result<(), AppError> {
    use crate::backend::{people, serve};
    serve(|ctx| async move { people::set_active(&ctx.backend, ctx.signed_in()?, id, active, ctx.client_addr.as_deref()).await }).await
}

/// Invites everyone created without an invitation (an import without one); answers how many.
#[server(endpoint = "people/invite_pending", input = Json, output = crate::wire::Answer)]
pub async fn invite_pending() -> Result<i64, AppError> {
    use crate::backend::{invitations, serve};
    serve(|ctx| async move { invitations::invite_pending(&ctx.backend, ctx.signed_in()?, ctx.client_addr.as_deref()).await }).await
}

/// Sends an invited person a new link (the older ones stop working).
#[server(endpoint = "people/resend_invitation", input = Json, output = crate::wire::Answer)]
pub async fn resend_invitation(id: i64) -> Result<(), AppError> {
    use crate::backend::{invitations, serve};
    serve(|ctx| async move { invitations::resend(&ctx.backend, ctx.signed_in()?, id, ctx.client_addr.as_deref()).await }).await
}

/// How the person's last invitation went.
#[server(endpoint = "people/invitation", input = Json, output = crate::wire::Answer)]
pub async fn invitation_state(id: i64) -> Result<Option<shared::model::InvitationState>, AppError> {
    use crate::backend::{invitations, serve};
    serve(|ctx| async move { invitations::state(ctx.db(), ctx.signed_in()?, id).await }).await
}

/// Sets the caller's own time zone (an IANA name; empty: the organisation's).
#[server(endpoint = "people/set_time_zone", input = Json, output = crate::wire::Answer)]
pub async fn set_own_time_zone(time_zone: String) -> Result<(), AppError> {
    use crate::backend::{serve, zone};
    serve(|ctx| async move { zone::set_own(ctx.db(), ctx.signed_in()?, &time_zone).await }).await
}
