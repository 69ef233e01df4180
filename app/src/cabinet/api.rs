//! Server functions of the employee cabinet. Thin: the services they call check the caller
//! through the policy.
use crate::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::approvals::State;
// Qualified, because server functions generate structs named after themselves.
use shared::cabinet as c;

/// The request catalogue of the caller's organisation.
#[server(endpoint = "cabinet/request_types", input = Json, output = crate::wire::Answer)]
pub async fn request_types() -> Result<Vec<c::RequestTypeView>, AppError> {
    use crate::backend::{cabinet::request_types, serve};
    serve(|ctx| async move { request_types::types(ctx.db(), ctx.signed_in()?.org_id).await }).await
}

/// Every request type with its whole definition (administrators).
#[server(endpoint = "cabinet/request_type_defs", input = Json, output = crate::wire::Answer)]
pub async fn request_type_defs() -> Result<Vec<c::RequestTypeAdmin>, AppError> {
    use crate::backend::{cabinet::request_types, serve};
    serve(|ctx| async move { request_types::all(ctx.db(), ctx.signed_in()?).await }).await
}

/// Creates or changes a request type (administrators); answers its id.
#[server(endpoint = "cabinet/save_request_type", input = Json, output = crate::wire::Answer)]
pub async fn save_request_type(input: c::RequestTypeSave) -> Result<i64, AppError> {
    use crate::backend::{cabinet::request_types, serve};
    serve(|ctx| async move { request_types::save(&ctx.backend, ctx.signed_in()?, &input, ctx.client_addr.as_deref()).await }).await
}

/// Files and submits a request of one's own.
#[server(endpoint = "cabinet/submit_request", input = Json, output = crate::wire::Answer)]
pub async fn submit_request(input: c::RequestInput) -> Result<i64, AppError> {
    use crate::backend::{cabinet::requests, serve};
    serve(|ctx| async move { requests::submit(&ctx.backend, ctx.signed_in()?, &input, ctx.client_addr.as_deref()).await }).await
}

#[server(endpoint = "cabinet/request", input = Json, output = crate::wire::Answer)]
pub async fn get_request(id: i64) -> Result<c::RequestView, AppError> {
    use crate::backend::{cabinet::requests, serve};
    serve(|ctx| async move { requests::view(&ctx.backend, ctx.signed_in()?, id).await }).await
}

#[server(endpoint = "cabinet/decide_request", input = Json, output = crate::wire::Answer)]
pub async fn decide_request(decision: c::RequestDecision) -> Result<State, AppError> {
    use crate::backend::{cabinet::requests, serve};
    serve(|ctx| async move { requests::decide(&ctx.backend, ctx.signed_in()?, &decision, ctx.client_addr.as_deref()).await }).await
}

#[server(endpoint = "cabinet/my_requests", input = Json, output = crate::wire::Answer)]
pub async fn my_requests() -> Result<Vec<c::RequestLine>, AppError> {
    use crate::backend::{cabinet::requests, serve};
    serve(|ctx| async move { requests::mine(ctx.db(), ctx.signed_in()?).await }).await
}

/// Requests waiting for the caller's decision.
#[server(endpoint = "cabinet/inbox", input = Json, output = crate::wire::Answer)]
pub async fn inbox() -> Result<Vec<c::RequestLine>, AppError> {
    use crate::backend::{cabinet::requests, serve};
    serve(|ctx| async move { requests::inbox(ctx.db(), ctx.signed_in()?).await }).await
}

/// A person's protected fields, masked (anyone who may see the person).
#[server(endpoint = "cabinet/protected", input = Json, output = crate::wire::Answer)]
pub async fn protected_data(person_id: i64) -> Result<Vec<c::ProtectedValue>, AppError> {
    use crate::backend::{cabinet::secrets, serve};
    serve(|ctx| async move { secrets::masked(&ctx.backend, ctx.signed_in()?, person_id).await }).await
}

/// One protected field in plain text (the person and HR), audited before it is returned.
#[server(endpoint = "cabinet/reveal", input = Json, output = crate::wire::Answer)]
pub async fn reveal(person_id: i64, field: String) -> Result<String, AppError> {
    use crate::backend::{cabinet::secrets, serve};
    serve(|ctx| async move { secrets::reveal(&ctx.backend, ctx.signed_in()?, person_id, &field, ctx.client_addr.as_deref()).await }).await
}

#[server(endpoint = "cabinet/leave_balance", input = Json, output = crate::wire::Answer)]
pub async fn leave_balance(person_id: i64) -> Result<c::LeaveBalance, AppError> {
    use crate::backend::{cabinet::leave, serve};
    serve(|ctx| async move { leave::balance_for(&ctx.backend, ctx.signed_in()?, person_id).await }).await
}

/// Who is away in a month (`YYYY-MM`).
#[server(endpoint = "cabinet/calendar", input = Json, output = crate::wire::Answer)]
pub async fn team_calendar(month: String) -> Result<Vec<c::Absence>, AppError> {
    use crate::backend::{cabinet::leave, serve};
    serve(|ctx| async move {
        let month =
            shared::format::Date::parse_month(&month).ok_or(shared::validation::FieldError::new("month", shared::Msg::ErrInvalidDate))?;
        leave::calendar(ctx.db(), ctx.signed_in()?, month).await
    })
    .await
}

/// Publishes a document or a new version of one (HR).
#[server(endpoint = "documents/publish", input = Json, output = crate::wire::Answer)]
pub async fn publish_document(input: c::DocumentInput) -> Result<i64, AppError> {
    use crate::backend::{cabinet::documents, serve};
    serve(|ctx| async move { documents::publish(&ctx.backend, ctx.signed_in()?, &input, ctx.client_addr.as_deref()).await }).await
}

/// The documents addressed to the caller, unsigned first.
#[server(endpoint = "documents/mine", input = Json, output = crate::wire::Answer)]
pub async fn my_documents() -> Result<Vec<c::DocumentView>, AppError> {
    use crate::backend::{cabinet::documents, serve};
    serve(|ctx| async move { documents::mine(ctx.db(), ctx.signed_in()?).await }).await
}

#[server(endpoint = "documents/get", input = Json, output = crate::wire::Answer)]
pub async fn get_document(id: i64) -> Result<c::DocumentView, AppError> {
    use crate::backend::{cabinet::documents, serve};
    serve(|ctx| async move { documents::get(ctx.db(), ctx.signed_in()?, id).await }).await
}

/// Signs a document version with the reader's password; returns the signing time.
#[server(endpoint = "documents/sign", input = Json, output = crate::wire::Answer)]
pub async fn sign_document(version_id: i64, password: String) -> Result<i64, AppError> {
    use crate::backend::{cabinet::documents, serve};
    serve(|ctx| async move { documents::sign(&ctx.backend, ctx.signed_in()?, version_id, &password, ctx.client_addr.as_deref()).await })
        .await
}

/// Who has and has not signed (HR).
#[server(endpoint = "documents/status", input = Json, output = crate::wire::Answer)]
pub async fn document_status(id: i64) -> Result<c::SignatureStatus, AppError> {
    use crate::backend::{cabinet::documents, serve};
    serve(|ctx| async move { documents::status(ctx.db(), ctx.signed_in()?, id).await }).await
}

/// Reminds everyone who has not signed (HR); returns how many were reminded.
#[server(endpoint = "documents/remind", input = Json, output = crate::wire::Answer)]
pub async fn remind_signers(id: i64) -> Result<usize, AppError> {
    use crate::backend::{cabinet::documents, serve};
    serve(|ctx| async move { documents::remind(&ctx.backend, ctx.signed_in()?, id).await }).await
}

/// Counts of what waits for the caller: requests to decide, documents to sign, timesheets to approve.
#[server(endpoint = "cabinet/inbox_counts", input = Json, output = crate::wire::Answer)]
pub async fn inbox_counts() -> Result<c::InboxCounts, AppError> {
    use crate::backend::{cabinet, serve};
    serve(|ctx| async move { cabinet::inbox_counts(ctx.db(), ctx.signed_in()?).await }).await
}

/// The caller's certificates (download: `GET /certificates/{id}`).
#[server(endpoint = "certificates/mine", input = Json, output = crate::wire::Answer)]
pub async fn my_certificates() -> Result<Vec<c::CertificateLine>, AppError> {
    use crate::backend::{cabinet::certificates, serve};
    serve(|ctx| async move { certificates::mine(ctx.db(), ctx.signed_in()?).await }).await
}

/// The public check of a certificate number (no sign-in: the number is printed on the paper).
#[server(endpoint = "certificates/verify", input = Json, output = crate::wire::Answer)]
pub async fn verify_certificate(number: String) -> Result<c::CertificateCheck, AppError> {
    use crate::backend::{cabinet::certificates, serve};
    serve(|ctx| async move { certificates::verify(ctx.db(), &number).await }).await
}

/// Publishes an announcement or a to-do to a group (HR).
#[server(endpoint = "announcements/publish", input = Json, output = crate::wire::Answer)]
pub async fn publish_announcement(input: c::AnnouncementInput) -> Result<i64, AppError> {
    use crate::backend::{cabinet::announcements, serve};
    serve(|ctx| async move { announcements::publish(&ctx.backend, ctx.signed_in()?, &input, ctx.client_addr.as_deref()).await }).await
}

/// Announcements and to-dos addressed to the caller.
#[server(endpoint = "announcements/mine", input = Json, output = crate::wire::Answer)]
pub async fn my_announcements() -> Result<Vec<c::AnnouncementView>, AppError> {
    use crate::backend::{cabinet::announcements, serve};
    serve(|ctx| async move { announcements::mine(ctx.db(), ctx.signed_in()?).await }).await
}

#[server(endpoint = "announcements/done", input = Json, output = crate::wire::Answer)]
pub async fn todo_done(id: i64) -> Result<(), AppError> {
    use crate::backend::{cabinet::announcements, serve};
    serve(|ctx| async move { announcements::done(ctx.db(), ctx.signed_in()?, id).await }).await
}

/// The request behind a decision link (no sign-in: the link is the credential).
#[server(endpoint = "request_link/view", input = Json, output = crate::wire::Answer)]
pub async fn request_link_view(token: String) -> Result<c::RequestView, AppError> {
    use crate::backend::{cabinet::requests, serve};
    serve(|ctx| async move { requests::link_view(&ctx.backend, &token).await }).await
}
