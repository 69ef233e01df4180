//! `Idempotency-Key` on the API's POSTs: a retry of the same request gets the first answer
//! again instead of acting twice.
use super::problem::Problem;
use app::backend::api::{idempotency, ApiCaller};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use shared::Msg;

const HEADER: &str = "idempotency-key";

pub async fn once(State(state): State<crate::AppState>, req: Request, next: Next) -> Response {
    let key = req.headers().get(HEADER).and_then(|v| v.to_str().ok()).map(str::to_string);
    let (Some(key), Some(api), true) = (key, req.extensions().get::<ApiCaller>().cloned(), req.method() == Method::POST) else {
        return next.run(req).await;
    };
    if key.is_empty() || key.len() > 255 {
        return Problem::bad_request().into_response();
    }
    let (parts, body) = req.into_parts();
    let bytes = match crate::input::read_limited(body, crate::input::BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(_) => return Problem::from(app::AppError::TooLarge).into_response(),
    };
    let mut hash = Sha256::new();
    hash.update(parts.uri.path().as_bytes());
    hash.update([0]);
    hash.update(&bytes);
    let hash = format!("{:x}", hash.finalize());
    let db = &state.backend.db;
    match idempotency::begin(db, api.token_id, &key, &hash).await {
        Ok(idempotency::Begin::Fresh) => {}
        Ok(idempotency::Begin::Replay(status, body)) => return replay(status, body),
        Ok(idempotency::Begin::Reused) => return Problem::new(422, "idempotency_key_reused", Msg::ErrIdempotencyReuse).into_response(),
        Ok(idempotency::Begin::Busy) => return Problem::new(409, "idempotency_key_busy", Msg::ErrIdempotencyBusy).into_response(),
        Err(e) => return Problem::from(e).into_response(),
    }
    let response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 16 * crate::input::BODY_LIMIT).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let text = String::from_utf8_lossy(&bytes);
    if let Err(e) = idempotency::finish(db, api.token_id, &key, parts.status.as_u16(), &text).await {
        return Problem::from(e).into_response();
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The first answer again, marked as such.
fn replay(status: u16, body: String) -> Response {
    // Only statuses we answered are kept; anything else is a fault, never a success.
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let kind = if status.is_success() { "application/json" } else { "application/problem+json" };
    let mut response = (status, [(header::CONTENT_TYPE, kind)], body).into_response();
    response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}
