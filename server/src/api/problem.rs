//! The API's one error mapping: every refusal is `application/problem+json` (RFC 9457) with a
//! stable `code` and the message in the caller's language. Handlers return a `Problem`; the
//! body is written by [`render`], which knows the request's language.
use app::AppError;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shared::validation::FieldError;
use shared::{Locale, Msg};

#[derive(Clone, Debug)]
pub struct Problem {
    pub status: StatusCode,
    /// Stable, for programs: `insufficient_scope`, `version_stale`…
    pub code: &'static str,
    pub msg: Msg,
    pub errors: Vec<FieldError>,
    pub retry_after: Option<i64>,
}

impl Problem {
    pub fn new(status: u16, code: &'static str, msg: Msg) -> Problem {
        Problem {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
            code,
            msg,
            errors: Vec::new(),
            retry_after: None,
        }
    }

    pub fn unauthorized() -> Problem {
        Problem::new(401, "unauthorized", Msg::ErrApiToken)
    }

    pub fn rate_limited(retry_after: i64) -> Problem {
        Problem { retry_after: Some(retry_after), ..Problem::new(429, "rate_limited", Msg::ErrApiRateLimited) }
    }

    pub fn bad_request() -> Problem {
        Problem::from(AppError::BadRequest)
    }
}

impl From<AppError> for Problem {
    fn from(e: AppError) -> Problem {
        let code = match &e {
            AppError::Unauthorized | AppError::BadCredentials => "unauthorized",
            AppError::Forbidden => "forbidden",
            AppError::Scope => "insufficient_scope",
            AppError::SecondStep => "second_step",
            AppError::OwnRoles => "own_roles",
            AppError::NotFound => "not_found",
            AppError::Conflict | AppError::Stale(_) | AppError::ChangedMeanwhile(_) => "conflict",
            AppError::TransitionNotAllowed => "transition_not_allowed",
            AppError::TokenInvalid => "gone",
            AppError::Invalid(_) => "invalid",
            AppError::BadRequest => "bad_request",
            AppError::TooLarge => "too_large",
            AppError::RateLimited => "rate_limited",
            AppError::Internal | AppError::Transport(_) => "internal",
        };
        let errors = match &e {
            AppError::Invalid(errors) => errors.clone(),
            _ => Vec::new(),
        };
        Problem { errors, ..Problem::new(e.status(), code, e.msg()) }
    }
}

impl From<app::backend::BackendError> for Problem {
    fn from(e: app::backend::BackendError) -> Problem {
        Problem::from(e.into_app_error())
    }
}

impl From<FieldError> for Problem {
    fn from(e: FieldError) -> Problem {
        Problem::from(AppError::from(e))
    }
}

/// The body of every refusal, as the OpenAPI document describes it.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ProblemBody {
    /// `urn:staffport:problem:<code>`.
    r#type: String,
    /// The message, in `Accept-Language` (else the token owner's language).
    title: String,
    status: u16,
    /// Stable: `unauthorized`, `forbidden`, `insufficient_scope`, `not_found`, `invalid`,
    /// `bad_request`, `conflict`, `version_stale`, `version_required`, `rate_limited`,
    /// `idempotency_key_reused`, `idempotency_key_busy`, `second_step`, `own_roles`,
    /// `transition_not_allowed`, `too_large`, `no_route`, `internal`.
    code: String,
    /// For `invalid`: each field refused, its message code and text.
    errors: Vec<FieldProblem>,
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct FieldProblem {
    field: String,
    code: String,
    message: String,
}

/// Carried by the response until [`render`] writes it in the caller's language.
#[derive(Clone)]
struct Pending(Problem);

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        if let Some(secs) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
        }
        response.extensions_mut().insert(Pending(self));
        response
    }
}

impl Problem {
    pub fn body(&self, locale: Locale) -> serde_json::Value {
        let errors: Vec<serde_json::Value> = self
            .errors
            .iter()
            .map(|e| serde_json::json!({ "field": e.field, "code": e.msg.name(), "message": e.msg.text(locale) }))
            .collect();
        serde_json::json!({
            "type": format!("urn:staffport:problem:{}", self.code),
            "title": self.msg.text(locale),
            "status": self.status.as_u16(),
            "code": self.code,
            "errors": errors,
        })
    }
}

/// Writes pending problems in `Accept-Language`, else the token owner's language, else
/// English. Layered twice: inside the idempotency layer (so a replayed refusal is the same
/// body) and outside the token layer (for its own refusals); the first to meet one writes it.
pub async fn render(req: Request, next: Next) -> Response {
    let asked = req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Locale::from_accept_language);
    let owner = req.extensions().get::<app::backend::api::ApiCaller>().and_then(|a| a.caller.locale);
    let response = next.run(req).await;
    let Some(Pending(problem)) = response.extensions().get::<Pending>().cloned() else {
        return response;
    };
    let locale = asked.or(owner).unwrap_or_default();
    let (mut parts, _) = response.into_parts();
    parts.extensions.remove::<Pending>();
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(problem.body(locale).to_string()))
}
