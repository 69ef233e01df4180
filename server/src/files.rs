//! Uploads and downloads of files (request attachments, profile photos). The upload is the raw
//! body (`fetch` with the File), the name and purpose in the query; checks are in
//! `app::backend::files`.
use crate::input::{read_limited, Unread};
use crate::refusal::{Refusal, SignedIn};
use crate::AppState;
use app::backend::request::RequestLocale;
use app::AppError;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use shared::files::Purpose;

/// The largest body the upload route keeps (the largest purpose plus room); larger is 413.
const BODY_LIMIT: usize = 11 * 1024 * 1024;

#[derive(serde::Deserialize)]
pub struct UploadQuery {
    purpose: String,
    #[serde(default)]
    name: String,
}

pub async fn upload(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    Extension(locale): Extension<RequestLocale>,
    Query(q): Query<UploadQuery>,
    body: axum::body::Body,
) -> Result<Response, Refusal> {
    let purpose = Purpose::parse(&q.purpose).ok_or(Refusal::new(AppError::NotFound, locale))?;
    let body = read_limited(body, BODY_LIMIT).await.map_err(|unread| match unread {
        // The form shows it beside the file field, so it is the field's error, as a 413.
        Unread::TooLarge => Refusal::new(shared::validation::FieldError::new("file", shared::Msg::ErrFileTooLarge).into(), locale)
            .with_status(StatusCode::PAYLOAD_TOO_LARGE),
        Unread::Broken => Refusal::new(AppError::BadRequest, locale),
    })?;
    let file = app::backend::files::store(&state.backend, &caller, purpose, &q.name, &body)
        .await
        .map_err(|e| Refusal::new(e.into_app_error(), locale))?;
    Ok(Json(file).into_response())
}

pub async fn download(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    Extension(locale): Extension<RequestLocale>,
    Path(id): Path<i64>,
) -> Result<Response, Refusal> {
    let file = app::backend::files::open(&state.backend, &caller, id).await.map_err(|e| Refusal::new(e.into_app_error(), locale))?;
    // Pictures show inline (profile photos); documents download. The name is RFC 5987
    // encoded so Hangul and Cyrillic names survive.
    let disposition = if file.content_type.starts_with("image/") { "inline" } else { "attachment" };
    let encoded: String = file
        .name
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"._-".contains(&b) { char::from(b).to_string() } else { format!("%{b:02X}") })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type),
            (header::CONTENT_DISPOSITION, format!("{disposition}; filename*=UTF-8''{encoded}")),
            (header::CACHE_CONTROL, "private, max-age=300".into()),
        ],
        file.bytes,
    )
        .into_response())
}
