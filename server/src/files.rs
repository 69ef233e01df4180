//! Uploads and downloads of files (request attachments, profile photos). The upload is the raw
//! body (`fetch` with the File), the name and purpose in the query; checks are in
//! `app::backend::files`.
use crate::input::{read_limited, Unread};
use crate::AppState;
use app::backend::request::{Caller, RequestLocale};
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

fn refusal(e: AppError, locale: RequestLocale) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(serde_json::json!({ "error": e.text(locale.0), "detail": e }))).into_response()
}

pub async fn upload(
    State(state): State<AppState>,
    caller: Option<Extension<Caller>>,
    Extension(locale): Extension<RequestLocale>,
    Query(q): Query<UploadQuery>,
    body: axum::body::Body,
) -> Response {
    let Some(Extension(caller)) = caller else {
        return refusal(AppError::Unauthorized, locale);
    };
    let Some(purpose) = Purpose::parse(&q.purpose) else {
        return refusal(AppError::NotFound, locale);
    };
    let body = match read_limited(body, BODY_LIMIT).await {
        Ok(body) => body,
        Err(Unread::TooLarge) => {
            let error = AppError::from(shared::validation::FieldError::new("file", shared::Msg::ErrFileTooLarge));
            return (StatusCode::PAYLOAD_TOO_LARGE, Json(serde_json::json!({ "error": error.text(locale.0), "detail": error })))
                .into_response();
        }
        Err(Unread::Broken) => return StatusCode::BAD_REQUEST.into_response(),
    };
    match app::backend::files::store(&state.backend, &caller, purpose, &q.name, &body).await {
        Ok(file) => Json(file).into_response(),
        Err(e) => refusal(e.into_app_error(), locale),
    }
}

pub async fn download(
    State(state): State<AppState>,
    caller: Option<Extension<Caller>>,
    Extension(locale): Extension<RequestLocale>,
    Path(id): Path<i64>,
) -> Response {
    let Some(Extension(caller)) = caller else {
        return refusal(AppError::Unauthorized, locale);
    };
    match app::backend::files::open(&state.backend, &caller, id).await {
        Ok(file) => {
            // Pictures show inline (profile photos); documents download. The name is RFC 5987
            // encoded so Hangul and Cyrillic names survive.
            let disposition = if file.content_type.starts_with("image/") { "inline" } else { "attachment" };
            let encoded: String = file
                .name
                .bytes()
                .map(|b| if b.is_ascii_alphanumeric() || b"._-".contains(&b) { char::from(b).to_string() } else { format!("%{b:02X}") })
                .collect();
            (
                [
                    (header::CONTENT_TYPE, file.content_type),
                    (header::CONTENT_DISPOSITION, format!("{disposition}; filename*=UTF-8''{encoded}")),
                    (header::CACHE_CONTROL, "private, max-age=300".into()),
                ],
                file.bytes,
            )
                .into_response()
        }
        Err(e) => refusal(e.into_app_error(), locale),
    }
}
