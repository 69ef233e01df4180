//! How the hand-written routes (uploads, file and export downloads, live events) refuse: one
//! answer for every error — its status, and a JSON body with the reader's sentence (`error`)
//! and the error itself (`detail`) — and the signed-in caller as an extractor that refuses
//! without a session.
use app::backend::request::{Caller, RequestLocale};
use app::AppError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::Locale;

pub struct Refusal {
    error: AppError,
    locale: Locale,
    status: Option<StatusCode>,
}

impl Refusal {
    pub fn new(error: AppError, locale: RequestLocale) -> Refusal {
        Refusal { error, locale: locale.0, status: None }
    }

    /// The same error under another status (an upload's file-size error is a 413, not a 422).
    pub fn with_status(self, status: StatusCode) -> Refusal {
        Refusal { status: Some(status), ..self }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let status = self.status.unwrap_or_else(|| StatusCode::from_u16(self.error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
        (status, Json(serde_json::json!({ "error": self.error.text(self.locale), "detail": self.error }))).into_response()
    }
}

/// The caller of a hand-written route; without a session, `Unauthorized` in the reader's words.
pub struct SignedIn(pub Caller);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<SignedIn, Refusal> {
        let locale = parts.extensions.get::<RequestLocale>().copied().unwrap_or(RequestLocale(Locale::En));
        parts.extensions.get::<Caller>().cloned().map(SignedIn).ok_or(Refusal::new(AppError::Unauthorized, locale))
    }
}
