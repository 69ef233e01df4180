//! Server functions of timesheets: thin wrappers that check the caller through the policy and
//! call `backend::timesheets`.
use crate::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::approvals::State;
// Qualified, because server functions generate structs named after themselves (MonthGrid…).
use shared::timesheets::model as m;

/// The month grid: the caller's own placements, or a foreman's crew.
#[server(endpoint = "timesheets/month", input = Json, output = crate::wire::Answer)]
pub async fn month_grid(month: String, view: m::GridView) -> Result<m::MonthGrid, AppError> {
    use crate::backend::{serve, timesheets::grid};
    serve(|ctx| async move {
        let caller = ctx.signed_in()?;
        let month =
            shared::format::Date::parse_month(&month).ok_or(shared::validation::FieldError::new("month", shared::Msg::ErrInvalidDate))?;
        grid::month(ctx.db(), caller, view, month, ctx.locale).await
    })
    .await
}

/// Saves typed cells (autosave). The policy check is per placement, inside `grid::save`.
#[server(endpoint = "timesheets/save", input = Json, output = crate::wire::Answer)]
pub async fn save_cells(input: m::SaveCells) -> Result<Vec<m::PeriodView>, AppError> {
    use crate::backend::{serve, timesheets::grid};
    serve(|ctx| async move { grid::save(ctx.db(), ctx.signed_in()?, &input).await }).await
}

#[server(endpoint = "timesheets/get", input = Json, output = crate::wire::Answer)]
pub async fn get_timesheet(id: i64) -> Result<m::TimesheetView, AppError> {
    use crate::backend::{serve, timesheets::review};
    serve(|ctx| async move { review::view(ctx.db(), ctx.signed_in()?, id).await }).await
}

/// Submit, approve, return or reopen one timesheet.
#[server(endpoint = "timesheets/decide", input = Json, output = crate::wire::Answer)]
pub async fn decide(decision: m::Decision) -> Result<State, AppError> {
    use crate::backend::{serve, timesheets::review};
    serve(|ctx| async move { review::decide(&ctx.backend, ctx.signed_in()?, &decision, ctx.client_addr.as_deref()).await }).await
}

/// Timesheets waiting for the caller's approval.
#[server(endpoint = "timesheets/queue", input = Json, output = crate::wire::Answer)]
pub async fn queue() -> Result<Vec<m::QueueItem>, AppError> {
    use crate::backend::{serve, timesheets::review};
    serve(|ctx| async move { review::queue(ctx.db(), ctx.signed_in()?).await }).await
}

#[server(endpoint = "timesheets/approve_many", input = Json, output = crate::wire::Answer)]
pub async fn approve_many(input: m::BulkApproval) -> Result<usize, AppError> {
    use crate::backend::{serve, timesheets::review};
    serve(|ctx| async move { review::approve_many(&ctx.backend, ctx.signed_in()?, &input.items, ctx.client_addr.as_deref()).await }).await
}

/// How many timesheets wait for the caller, for the navigation badge.
#[server(endpoint = "timesheets/waiting_count", input = Json, output = crate::wire::Answer)]
pub async fn waiting_count() -> Result<i64, AppError> {
    use crate::backend::{serve, timesheets::review};
    serve(|ctx| async move { review::waiting_count(ctx.db(), ctx.signed_in()?).await }).await
}

#[server(endpoint = "timesheets/summary", input = Json, output = crate::wire::Answer)]
pub async fn summary(query: m::SummaryQuery) -> Result<m::Summary, AppError> {
    use crate::backend::{serve, timesheets::summary};
    serve(|ctx| async move { summary::summary(ctx.db(), ctx.signed_in()?, &query, ctx.locale).await }).await
}

/// The timesheet behind an emailed approval link (no sign-in: the link is the credential).
#[server(endpoint = "approval_link/view", input = Json, output = crate::wire::Answer)]
pub async fn link_view(token: String) -> Result<m::TimesheetView, AppError> {
    use crate::backend::{serve, timesheets::review};
    serve(|ctx| async move { review::link_view(ctx.db(), &token).await }).await
}

#[server(endpoint = "approval_link/decide", input = Json, output = crate::wire::Answer)]
pub async fn link_decide(token: String, decision: m::Decision) -> Result<m::TimesheetView, AppError> {
    use crate::backend::{serve, timesheets::review};
    serve(|ctx| async move { review::link_decide(&ctx.backend, &token, &decision, ctx.client_addr.as_deref()).await }).await
}

#[server(endpoint = "holidays/list", input = Json, output = crate::wire::Answer)]
pub async fn list_holidays(year: i32) -> Result<Vec<m::Holiday>, AppError> {
    use crate::backend::{holidays, serve};
    serve(|ctx| async move { holidays::list(ctx.db(), ctx.signed_in()?, year).await }).await
}

#[server(endpoint = "holidays/save", input = Json, output = crate::wire::Answer)]
pub async fn save_holiday(holiday: m::Holiday, remove: bool) -> Result<(), AppError> {
    use crate::backend::{holidays, serve};
    serve(|ctx| async move { holidays::save(ctx.db(), ctx.signed_in()?, &holiday, remove, ctx.client_addr.as_deref()).await }).await
}

/// Billing terms of every client company (administrators).
#[server(endpoint = "timesheets/terms", input = Json, output = crate::wire::Answer)]
pub async fn client_terms() -> Result<Vec<m::ClientTerms>, AppError> {
    use crate::backend::{serve, timesheets::terms};
    serve(|ctx| async move { terms::list(ctx.db(), ctx.signed_in()?).await }).await
}

/// Saves one company's terms; returns the new version.
#[server(endpoint = "timesheets/save_terms", input = Json, output = crate::wire::Answer)]
pub async fn save_client_terms(terms: m::ClientTerms) -> Result<i64, AppError> {
    use crate::backend::{serve, timesheets::terms as t};
    serve(|ctx| async move { t::save(ctx.db(), ctx.signed_in()?, &terms, ctx.client_addr.as_deref()).await }).await
}

/// The organisation's codes for a payroll system's export of hours.
#[server(endpoint = "timesheets/payroll_codes", input = Json, output = crate::wire::Answer)]
pub async fn payroll_codes(
    system: shared::timesheets::payroll::PayrollSystem,
) -> Result<shared::timesheets::payroll::PayrollCodes, AppError> {
    use crate::backend::{serve, timesheets::payroll};
    serve(|ctx| async move { payroll::codes(ctx.db(), ctx.signed_in()?, system).await }).await
}

/// Saves a payroll system's codes; returns the new version.
#[server(endpoint = "timesheets/save_payroll_codes", input = Json, output = crate::wire::Answer)]
pub async fn save_payroll_codes(codes: shared::timesheets::payroll::PayrollCodes) -> Result<i64, AppError> {
    use crate::backend::{serve, timesheets::payroll};
    serve(|ctx| async move { payroll::save_codes(&ctx.backend, ctx.signed_in()?, &codes, ctx.client_addr.as_deref()).await }).await
}
