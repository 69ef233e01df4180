//! File downloads: the hours summary as CSV and Excel, certificates as PDF, a job's candidates
//! as CSV. Plain GET
//! routes (a browser download), authorised through the same policy as the pages.
use crate::refusal::{Refusal, SignedIn};
use crate::AppState;
use app::backend::request::{Caller, RequestLocale};
use app::backend::timesheets::{export, summary};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use shared::timesheets::model::SummaryQuery;

/// A file the browser saves under `filename`.
fn attachment(body: Vec<u8>, content_type: &str, filename: &str) -> Response {
    (
        [(header::CONTENT_TYPE, content_type.to_string()), (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\""))],
        body,
    )
        .into_response()
}

#[derive(Clone, Copy)]
enum Format {
    Csv,
    Xlsx,
}

async fn download(state: AppState, caller: Caller, locale: RequestLocale, q: SummaryQuery, format: Format) -> Result<Response, Refusal> {
    let built = async {
        let rows = summary::export_rows(&state.backend.db, &caller, &q).await?;
        let name = format!("timesheets-{}", q.month);
        match format {
            Format::Csv => {
                Ok::<_, app::backend::BackendError>((export::csv(&rows, locale.0)?, "text/csv; charset=utf-8", format!("{name}.csv")))
            }
            Format::Xlsx => Ok((
                export::xlsx(&rows, locale.0, &q.month)?,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                format!("{name}.xlsx"),
            )),
        }
    };
    let (body, content_type, filename) = built.await.map_err(|e| Refusal::new(e.into_app_error(), locale))?;
    Ok(attachment(body, content_type, &filename))
}

pub async fn csv(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    Extension(locale): Extension<RequestLocale>,
    Query(q): Query<SummaryQuery>,
) -> Result<Response, Refusal> {
    download(state, caller, locale, q, Format::Csv).await
}

pub async fn xlsx(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    Extension(locale): Extension<RequestLocale>,
    Query(q): Query<SummaryQuery>,
) -> Result<Response, Refusal> {
    download(state, caller, locale, q, Format::Xlsx).await
}

/// A certificate's PDF, for its owner and HR.
pub async fn certificate(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    Extension(locale): Extension<RequestLocale>,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> Result<Response, Refusal> {
    let (number, bytes) = app::backend::cabinet::certificates::pdf(&state.backend.db, &caller, id)
        .await
        .map_err(|e| Refusal::new(e.into_app_error(), locale))?;
    Ok(attachment(bytes, "application/pdf", &format!("{number}.pdf")))
}

#[derive(serde::Deserialize)]
pub struct JobQuery {
    job_id: i64,
}

/// A job's candidates, contacts masked, for the job's team.
pub async fn candidates(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    Extension(locale): Extension<RequestLocale>,
    Query(q): Query<JobQuery>,
) -> Result<Response, Refusal> {
    let (name, bytes) = app::backend::recruiting::export::candidates_csv(&state.backend.db, &caller, q.job_id, locale.0)
        .await
        .map_err(|e| Refusal::new(e.into_app_error(), locale))?;
    Ok(attachment(bytes, "text/csv; charset=utf-8", &name))
}

#[derive(serde::Deserialize)]
pub struct PayrollQuery {
    month: String,
    system: shared::timesheets::payroll::PayrollSystem,
}

/// The month's approved hours for a payroll system (1C:ZUP in CP1251, Douzone in EUC-KR).
pub async fn payroll(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    Extension(locale): Extension<RequestLocale>,
    Query(q): Query<PayrollQuery>,
) -> Result<Response, Refusal> {
    let (name, bytes) = app::backend::timesheets::payroll::export(&state.backend.db, &caller, &q.month, q.system)
        .await
        .map_err(|e| Refusal::new(e.into_app_error(), locale))?;
    let charset = match q.system {
        shared::timesheets::payroll::PayrollSystem::OneC => "windows-1251",
        shared::timesheets::payroll::PayrollSystem::Douzone => "euc-kr",
    };
    Ok(attachment(bytes, &format!("text/csv; charset={charset}"), &name))
}
