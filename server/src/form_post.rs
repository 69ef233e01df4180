//! Plain HTML forms that post to their own page (sign-in and link pages): they work without
//! JavaScript. Success redirects or re-renders with the new state; failure re-renders the page
//! with the reason, what was typed, and the right status code.
use crate::router::request_context;
use crate::AppState;
use app::backend::request::{ClientAddr, RequestLocale};
use app::shell;
use app::shell::posted::Posted;
use app::AppError;
use axum::body::Body;
use axum::extract::{FromRequest, Request};
use axum::http::{header, request::Parts, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use leptos::prelude::provide_context;

/// Splits the request into its parts (kept for re-rendering) and its decoded form. A form that
/// cannot be read as the page's (a missing or unknown choice: not one our pages send) is a 400
/// in the reader's language, never a default.
pub async fn read_form<T: serde::de::DeserializeOwned>(state: &AppState, req: Request) -> Result<(Parts, T), Response> {
    let (parts, body) = req.into_parts();
    match Form::<T>::from_request(Request::from_parts(parts.clone(), body), state).await {
        Ok(Form(form)) => Ok((parts, form)),
        Err(_) => {
            let locale = parts.extensions.get::<RequestLocale>().map(|l| l.0).unwrap_or_default();
            Err((StatusCode::BAD_REQUEST, AppError::BadRequest.text(locale)).into_response())
        }
    }
}

/// Renders the page the form was posted from (forms post to their own page) as if it had been
/// requested with GET, with `outcome` in context, complete (every resource resolved: the page
/// must work without JavaScript).
pub async fn render<C: Clone + Send + Sync + 'static>(state: &AppState, mut parts: Parts, outcome: C, status: StatusCode) -> Response {
    parts.method = Method::GET;
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let context = request_context(state.backend.clone());
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            context();
            provide_context(outcome.clone());
        },
        move || shell(options.clone()),
    );
    let mut response = handler(Request::from_parts(parts, Body::empty())).await;
    *response.status_mut() = status;
    response
}

pub fn failure_status(e: &AppError) -> StatusCode {
    StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST)
}

/// Re-renders the page with a form post's outcome: the new state (200), or the refusal with
/// its status and the typed fields to show again.
pub async fn respond<T>(state: &AppState, parts: Parts, outcome: Result<T, AppError>, typed: Vec<(String, String)>) -> Response
where
    T: Clone + Send + Sync + 'static,
{
    match outcome {
        Ok(now) => render(state, parts, Posted { result: Some(now), error: None, typed: Vec::new() }, StatusCode::OK).await,
        Err(e) => {
            let status = failure_status(&e);
            render(state, parts, Posted::<T> { result: None, error: Some(e), typed }, status).await
        }
    }
}

pub fn client_addr(parts: &Parts) -> String {
    parts.extensions.get::<ClientAddr>().map(|a| a.0.clone()).unwrap_or_else(|| "unknown".into())
}
