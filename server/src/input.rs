//! Where request bodies enter. Every POST except an upload (which streams through its own
//! limit) is read here once, up to a size limit, and JSON bodies are parsed and searched for
//! characters no stored text may hold, before any handler runs. What is refused gets the
//! translated 400, 413 or 422 of `AppError`, as a server function's own error would.
//! Server functions' errors then leave with the status their error names: Leptos answers
//! every one of them 500, including a body it could not read.
use app::backend::request::RequestLocale;
use app::AppError;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shared::validation::{refuse_forbidden_chars, FieldError};

/// The largest body of a form or server function: the longest text we take (a document of
/// 200,000 characters, up to 4 bytes each as JSON) with room to spare.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// Routes that take a file as their body and read it through their own limit.
const UPLOADS: [&str; 2] = ["/files", "/import/check"];

/// How much of a too-large body is read (and dropped) before the 413 is sent: answering in the
/// middle of the body and closing would leave the browser with a network error instead of the
/// message. Beyond this, the connection is simply closed.
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;

pub enum Unread {
    TooLarge,
    /// The client stopped sending midway: nothing of it is kept.
    Broken,
}

/// The whole body, or why not: over `limit` (drained up to DRAIN_LIMIT first) or cut off.
pub async fn read_limited(body: Body, limit: usize) -> Result<Bytes, Unread> {
    use futures_util::StreamExt;
    let mut stream = body.into_data_stream();
    let (mut kept, mut seen) = (Vec::new(), 0usize);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| Unread::Broken)?;
        seen += chunk.len();
        if seen > DRAIN_LIMIT {
            return Err(Unread::TooLarge);
        }
        if seen <= limit {
            kept.extend_from_slice(&chunk);
        }
    }
    if seen > limit {
        return Err(Unread::TooLarge);
    }
    Ok(Bytes::from(kept))
}

fn is_server_fn(path: &str) -> bool {
    path.starts_with("/api/")
}

pub async fn boundary(req: Request, next: Next) -> Response {
    if req.method() != Method::POST || UPLOADS.contains(&req.uri().path()) {
        return next.run(req).await;
    }
    let locale = req.extensions().get::<RequestLocale>().map(|l| l.0).unwrap_or_default();
    let server_fn = is_server_fn(req.uri().path());
    let (parts, body) = req.into_parts();
    let bytes = match read_limited(body, BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(Unread::TooLarge) => return refusal(AppError::TooLarge, locale, server_fn),
        Err(Unread::Broken) => return refusal(AppError::BadRequest, locale, server_fn),
    };
    let json = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("application/json"));
    if json && !bytes.is_empty() {
        match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Err(_) => return refusal(AppError::BadRequest, locale, server_fn),
            Ok(value) => {
                if let Err(e) = clean(&value, "") {
                    return refusal(AppError::from(e), locale, server_fn);
                }
            }
        }
    }
    let response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    if server_fn {
        with_error_status(response).await
    } else {
        response
    }
}

/// Every string and key of a JSON value free of forbidden characters; an offender is named by
/// the key it sits under, which is the form field's name.
pub fn clean(value: &serde_json::Value, field: &str) -> Result<(), FieldError> {
    match value {
        serde_json::Value::String(s) => refuse_forbidden_chars(field, s),
        serde_json::Value::Array(items) => items.iter().try_for_each(|v| clean(v, field)),
        serde_json::Value::Object(map) => map.iter().try_for_each(|(k, v)| {
            refuse_forbidden_chars(k, k)?;
            clean(v, k)
        }),
        _ => Ok(()),
    }
}

/// A refusal as the caller reads errors: a server function's client decodes `AppError` JSON,
/// a form post gets the translated sentence.
fn refusal(e: AppError, locale: shared::Locale, server_fn: bool) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
    if server_fn {
        let body = serde_json::to_string(&e).unwrap_or_default();
        (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    } else {
        (status, e.text(locale)).into_response()
    }
}

/// Leptos sends a server function's error with status 500 whatever it is; the error itself
/// knows its status (a body that could not be read is 400).
async fn with_error_status(response: Response) -> Response {
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR || !response.headers().contains_key("serverfnerror") {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
    };
    if let Some(status) = serde_json::from_slice::<AppError>(&bytes).ok().and_then(|e| StatusCode::from_u16(e.status()).ok()) {
        parts.status = status;
    }
    parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn offending_text_is_named_by_its_field() {
        assert!(clean(&json!({ "input": { "full_name": "Kim", "note": "two\nlines" } }), "").is_ok());
        let e = clean(&json!({ "input": { "rows": [{ "full_name": "Kim\u{0}" }] } }), "").unwrap_err();
        assert_eq!((e.field.as_str(), e.msg), ("full_name", shared::Msg::ErrControlChars));
        assert_eq!(clean(&json!(["\u{202E}txt.exe"]), "").unwrap_err().msg, shared::Msg::ErrControlChars);
    }
}
