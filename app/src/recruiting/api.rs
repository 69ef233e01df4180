//! Server functions of the recruiting board. Each checks the caller through the policy (in the
//! backend services they call).
use crate::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
// Qualified, because server functions generate structs named after themselves.
use shared::recruiting as r;

#[server(endpoint = "recruiting/jobs", input = Json, output = crate::wire::Answer)]
pub async fn jobs() -> Result<Vec<r::JobLine>, AppError> {
    use crate::backend::{recruiting::jobs, serve};
    serve(|ctx| async move { jobs::list(ctx.db(), ctx.signed_in()?).await }).await
}

#[server(endpoint = "recruiting/create_job", input = Json, output = crate::wire::Answer)]
pub async fn create_job(title: String) -> Result<i64, AppError> {
    use crate::backend::{recruiting::jobs, serve};
    serve(|ctx| async move { jobs::create(ctx.db(), ctx.signed_in()?, &title).await }).await
}

#[server(endpoint = "recruiting/board", input = Json, output = crate::wire::Answer)]
pub async fn board(job_id: i64) -> Result<r::Board, AppError> {
    use crate::backend::{recruiting::board, serve};
    serve(|ctx| async move { board::load(ctx.db(), ctx.signed_in()?, job_id).await }).await
}

#[server(endpoint = "recruiting/move", input = Json, output = crate::wire::Answer)]
pub async fn move_candidate(input: r::MoveInput) -> Result<r::CardView, AppError> {
    use crate::backend::{recruiting::board, serve};
    serve(|ctx| async move { board::move_card(&ctx.backend, ctx.signed_in()?, &input).await }).await
}

#[server(endpoint = "recruiting/add_candidate", input = Json, output = crate::wire::Answer)]
pub async fn add_candidate(input: r::CandidateInput) -> Result<i64, AppError> {
    use crate::backend::{recruiting::candidates, serve};
    serve(|ctx| async move { candidates::create(&ctx.backend, ctx.signed_in()?, &input).await }).await
}

/// One contact of a candidate in plain text (recruiters), audited before it is returned.
#[server(endpoint = "recruiting/reveal", input = Json, output = crate::wire::Answer)]
pub async fn reveal_contact(candidate_id: i64, field: String) -> Result<String, AppError> {
    use crate::backend::{recruiting::candidates, serve};
    serve(|ctx| async move { candidates::reveal(&ctx.backend, ctx.signed_in()?, candidate_id, &field, ctx.client_addr.as_deref()).await })
        .await
}

#[server(endpoint = "recruiting/candidate", input = Json, output = crate::wire::Answer)]
pub async fn candidate(id: i64) -> Result<r::CandidateView, AppError> {
    use crate::backend::{recruiting::timeline, request, serve};
    serve(|ctx| async move { timeline::view(&ctx.backend, ctx.signed_in()?, id, request::locale()).await }).await
}

/// A comment on a candidate; @mentions notify the teammates named.
#[server(endpoint = "recruiting/comment", input = Json, output = crate::wire::Answer)]
pub async fn comment(candidate_id: i64, body: String) -> Result<(), AppError> {
    use crate::backend::{recruiting::timeline, serve};
    serve(|ctx| async move { timeline::comment(&ctx.backend, ctx.signed_in()?, candidate_id, &body).await }).await
}

/// Saves an edit of a candidate, merged with others' changes; the new version.
#[server(endpoint = "recruiting/edit_candidate", input = Json, output = crate::wire::Answer)]
pub async fn edit_candidate(edit: r::CandidateEdit) -> Result<i64, AppError> {
    use crate::backend::{recruiting::candidates, serve};
    serve(|ctx| async move { candidates::update(&ctx.backend, ctx.signed_in()?, &edit).await }).await
}

/// The candidates list across the caller's jobs: search, filters, a page.
#[server(endpoint = "recruiting/candidates", input = Json, output = crate::wire::Answer)]
pub async fn candidates(query: r::CandidateQuery) -> Result<r::CandidatePage, AppError> {
    use crate::backend::{recruiting::list, serve};
    serve(|ctx| async move { list::search(ctx.db(), ctx.signed_in()?, &query).await }).await
}

/// One action on a selection of candidates; how many changed.
#[server(endpoint = "recruiting/bulk", input = Json, output = crate::wire::Answer)]
pub async fn bulk(input: r::BulkInput) -> Result<usize, AppError> {
    use crate::backend::{recruiting::bulk, serve};
    serve(|ctx| async move { bulk::apply(&ctx.backend, ctx.signed_in()?, &input).await }).await
}

/// Saves the caller's scorecard of a candidate.
#[server(endpoint = "recruiting/score", input = Json, output = crate::wire::Answer)]
pub async fn score(input: r::ScorecardInput) -> Result<(), AppError> {
    use crate::backend::{recruiting::scorecards, serve};
    serve(|ctx| async move { scorecards::save(&ctx.backend, ctx.signed_in()?, &input).await }).await
}

/// Ties an uploaded PDF to a candidate as their résumé.
#[server(endpoint = "recruiting/attach_resume", input = Json, output = crate::wire::Answer)]
pub async fn attach_resume(candidate_id: i64, file_id: i64) -> Result<(), AppError> {
    use crate::backend::{recruiting::candidates, serve};
    serve(|ctx| async move { candidates::attach_resume(&ctx.backend, ctx.signed_in()?, candidate_id, file_id).await }).await
}

/// The reveal log (administrators): a page of who saw which contact.
#[server(endpoint = "recruiting/reveal_log", input = Json, output = crate::wire::Answer)]
pub async fn reveal_log(page: i64) -> Result<Vec<r::RevealLine>, AppError> {
    use crate::backend::{recruiting::reveals, serve};
    serve(|ctx| async move { reveals::log(ctx.db(), ctx.signed_in()?, page).await }).await
}

/// Proposes times for a coffee chat or an interview; the candidate is told by the chosen channel.
#[server(endpoint = "recruiting/invite", input = Json, output = crate::wire::Answer)]
pub async fn invite(input: r::InvitationInput) -> Result<i64, AppError> {
    use crate::backend::{recruiting::invitations, serve};
    serve(|ctx| async move { invitations::invite(&ctx.backend, ctx.signed_in()?, &input).await }).await
}

/// Withdraws the candidate's open invitation.
#[server(endpoint = "recruiting/cancel_invitation", input = Json, output = crate::wire::Answer)]
pub async fn cancel_invitation(candidate_id: i64) -> Result<(), AppError> {
    use crate::backend::{recruiting::invitations, serve};
    serve(|ctx| async move { invitations::cancel(&ctx.backend, ctx.signed_in()?, candidate_id).await }).await
}

/// The candidate's link (no sign-in): the invitation as they see it.
#[server(endpoint = "invitation/view", input = Json, output = crate::wire::Answer)]
pub async fn invitation(token: String) -> Result<r::InvitationPublic, AppError> {
    use crate::backend::{recruiting::invitations, serve};
    serve(|ctx| async move { invitations::view(&ctx.backend, &token).await }).await
}

/// The candidate's answer from their link (no sign-in; the token is the permission).
#[server(endpoint = "invitation/answer", input = Json, output = crate::wire::Answer)]
pub async fn answer_invitation(token: String, answer: r::InvitationAnswer) -> Result<r::InvitationPublic, AppError> {
    use crate::backend::{recruiting::invitations, serve};
    serve(|ctx| async move { invitations::answer(&ctx.backend, &token, &answer).await }).await
}
