//! Import files in and reports out: the upload that starts a dry run (the raw body, options in
//! the query, like `files::upload`), the report as CSV and the template. The checks and the
//! policy are in `app::backend::import`.
use crate::input::{read_limited, Unread};
use crate::refusal::{Refusal, SignedIn};
use crate::AppState;
use app::backend::import;
use app::backend::request::{ClientAddr, RequestLocale};
use app::AppError;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use shared::import::report::Options;
use shared::import::{Invite, Mode, Preset};
use shared::validation::FieldError;
use shared::Msg;

/// The file's name and the run's options (not flattened: query strings carry every value as
/// text, and serde reads a flattened `bool` from text as an error).
#[derive(serde::Deserialize)]
pub struct CheckQuery {
    #[serde(default)]
    name: String,
    #[serde(default)]
    preset: Preset,
    #[serde(default)]
    mode: Mode,
    #[serde(default)]
    create_units: bool,
    #[serde(default)]
    invite: Invite,
    #[serde(default)]
    sheet: String,
    #[serde(default)]
    encoding: String,
    /// A saved source to read the file as (its options win).
    source_id: Option<i64>,
}

/// Reads the file, checks it against the organisation, and answers the new run's id.
pub async fn check(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    Extension(locale): Extension<RequestLocale>,
    addr: Option<Extension<ClientAddr>>,
    Query(q): Query<CheckQuery>,
    body: axum::body::Body,
) -> Result<Response, Refusal> {
    let body = read_limited(body, import::MAX_BYTES).await.map_err(|unread| match unread {
        Unread::TooLarge => {
            Refusal::new(FieldError::new("file", Msg::ErrFileTooLarge).into(), locale).with_status(StatusCode::PAYLOAD_TOO_LARGE)
        }
        Unread::Broken => Refusal::new(AppError::BadRequest, locale),
    })?;
    let addr = addr.map(|Extension(a)| a.0);
    let options = Options {
        preset: q.preset,
        mode: q.mode,
        create_units: q.create_units,
        invite: q.invite,
        sheet: q.sheet,
        encoding: q.encoding,
        columns: Vec::new(),
    };
    let run = import::dry_run(&state.backend, &caller, &q.name, &body, (&options, q.source_id), addr.as_deref())
        .await
        .map_err(|e| Refusal::new(e.into_app_error(), locale))?;
    Ok(Json(serde_json::json!({ "run_id": run })).into_response())
}

fn csv(body: Vec<u8>, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        body,
    )
        .into_response()
}

pub async fn report(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    Extension(locale): Extension<RequestLocale>,
    Path(id): Path<i64>,
) -> Result<Response, Refusal> {
    let (name, body) =
        import::report_csv(&state.backend, &caller, id, locale.0).await.map_err(|e| Refusal::new(e.into_app_error(), locale))?;
    Ok(csv(body, &name))
}

#[derive(serde::Deserialize)]
pub struct TemplateQuery {
    #[serde(default)]
    lang: String,
}

/// The template's header row in the language asked for (`?lang=ko`), else the reader's.
pub async fn template(
    SignedIn(caller): SignedIn,
    Extension(locale): Extension<RequestLocale>,
    Query(q): Query<TemplateQuery>,
) -> Result<Response, Refusal> {
    let language = shared::Locale::parse(&q.lang).unwrap_or(locale.0);
    let body = app::backend::policy::manage_imports(&caller)
        .and_then(|()| import::template_csv(language))
        .map_err(|e| Refusal::new(e.into_app_error(), locale))?;
    Ok(csv(body, &format!("staffport-import-{}.csv", language.code())))
}
