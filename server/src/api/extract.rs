//! What API handlers take from a request: the token's caller, a checked JSON body, the
//! version in `If-Match`.
use super::problem::Problem;
use app::backend::api::ApiCaller;
use app::backend::request::ClientAddr;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, request::Parts};
use serde::de::DeserializeOwned;
use shared::Msg;

/// The token's caller and the client's address (set by the token layer).
pub struct Api {
    pub api: ApiCaller,
    pub addr: Option<String>,
}

impl Api {
    pub fn addr(&self) -> Option<&str> {
        self.addr.as_deref()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Api {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Api, Problem> {
        let api = parts.extensions.get::<ApiCaller>().cloned().ok_or_else(Problem::unauthorized)?;
        Ok(Api { api, addr: parts.extensions.get::<ClientAddr>().map(|a| a.0.clone()) })
    }
}

/// A JSON body of `T`, free of characters no stored text may hold; anything else is a 400
/// (not JSON, wrong shape) or a 422 naming the field.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, _: &S) -> Result<Body<T>, Problem> {
        let bytes = match crate::input::read_limited(req.into_body(), crate::input::BODY_LIMIT).await {
            Ok(bytes) => bytes,
            Err(crate::input::Unread::TooLarge) => return Err(Problem::from(app::AppError::TooLarge)),
            Err(crate::input::Unread::Broken) => return Err(Problem::bad_request()),
        };
        let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| Problem::bad_request())?;
        crate::input::clean(&value, "")?;
        serde_json::from_value(value).map(Body).map_err(|_| Problem::bad_request())
    }
}

/// The version a change was based on: `If-Match: "7"` (an entity tag as [`etag`] writes it).
/// Required: a change without it would overwrite whatever is there now.
pub struct IfMatch(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<IfMatch, Problem> {
        let required = || Problem::new(428, "version_required", Msg::ErrNeedsVersion);
        let value = parts.headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok()).ok_or_else(required)?;
        let tag = value.trim().trim_start_matches("W/").trim_matches('"');
        tag.parse().map(IfMatch).map_err(|_| required())
    }
}

/// The entity tag of a record's version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// A record the API answers with its version as the entity tag.
pub trait Versioned: serde::Serialize {
    fn version(&self) -> i64;
}

macro_rules! versioned {
    ($($t:ty),*) => { $(impl Versioned for $t { fn version(&self) -> i64 { self.version } })* };
}
versioned!(app::backend::api::people::Person, app::backend::api::recruiting::Candidate, app::backend::api::requests::RequestDetail);

/// A record answered with its `ETag`, to be sent back in `If-Match`.
pub fn tagged<T: Versioned>(status: axum::http::StatusCode, record: T) -> axum::response::Response {
    use axum::response::IntoResponse;
    (status, [(header::ETAG, etag(record.version()))], axum::Json(record)).into_response()
}

/// A refused change based on a version someone has saved over since.
pub fn stale(problem: Problem) -> Problem {
    if problem.code == "conflict" {
        Problem::new(412, "version_stale", Msg::ErrStaleVersion)
    } else {
        problem
    }
}

/// Query parameters of `T`; a value of the wrong type is a 400 problem like any other.
pub struct Params<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Params<T>, Problem> {
        let axum::extract::Query(value) =
            axum::extract::Query::<T>::from_request_parts(parts, state).await.map_err(|_| Problem::bad_request())?;
        Ok(Params(value))
    }
}

/// A path id that is not a number: a 400 problem.
pub struct Id<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Id<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Id<T>, Problem> {
        let axum::extract::Path(value) =
            axum::extract::Path::<T>::from_request_parts(parts, state).await.map_err(|_| Problem::bad_request())?;
        Ok(Id(value))
    }
}
