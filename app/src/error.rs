//! The error every server function returns. It compiles without server dependencies, travels
//! as JSON (read from text in the browser, `crate::wire`), and each variant names a translated
//! message.
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use shared::validation::FieldError;
use shared::Msg;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AppError {
    Unauthorized,
    Forbidden,
    NotFound,
    /// The record changed since the form was loaded (optimistic locking).
    Conflict,
    /// An approval action that does not apply any more (someone else acted first).
    TransitionNotAllowed,
    /// An edit refused because someone else changed the same fields meanwhile: (field, its
    /// value now).
    Stale(Vec<(String, String)>),
    /// The caller already decided another step of this approval: a second person must decide.
    SecondStep,
    /// Roles are changed by someone else, never by their holder.
    OwnRoles,
    /// A bulk action refused because these items changed since they were shown.
    ChangedMeanwhile(Vec<i64>),
    RateLimited,
    /// An API token whose scopes do not cover the call (its owner's roles might).
    Scope,
    BadCredentials,
    TokenInvalid,
    Invalid(Vec<FieldError>),
    /// A body that is not what the endpoint reads: malformed, truncated or wrongly typed.
    BadRequest,
    /// A body over the size the endpoint takes.
    TooLarge,
    Internal,
    /// The request never reached our code, or its answer could not be read.
    Transport(String),
}

impl AppError {
    pub fn msg(&self) -> Msg {
        match self {
            AppError::Unauthorized => Msg::ErrUnauthorized,
            AppError::Forbidden => Msg::ErrForbidden,
            AppError::NotFound => Msg::ErrNotFound,
            AppError::Conflict | AppError::Stale(_) => Msg::ErrConflict,
            AppError::TransitionNotAllowed => Msg::ErrTransitionNotAllowed,
            AppError::ChangedMeanwhile(_) => Msg::ErrChangedMeanwhile,
            AppError::SecondStep => Msg::ErrSecondStep,
            AppError::OwnRoles => Msg::ErrOwnRoles,
            AppError::RateLimited => Msg::ErrRateLimited,
            AppError::Scope => Msg::ErrApiScope,
            AppError::BadCredentials => Msg::ErrBadCredentials,
            AppError::TokenInvalid => Msg::ErrTokenInvalid,
            AppError::Invalid(errors) => errors.first().map_or(Msg::ErrRequired, |e| e.msg),
            AppError::BadRequest => Msg::ErrBadRequest,
            AppError::TooLarge => Msg::ErrTooLarge,
            AppError::Internal | AppError::Transport(_) => Msg::ErrInternal,
        }
    }

    /// The full text in `locale`, with any counts filled in.
    pub fn text(&self, locale: shared::Locale) -> String {
        match self {
            AppError::ChangedMeanwhile(ids) => self.msg().fill(locale, &[("count", &ids.len().to_string())]),
            other => other.msg().text(locale).to_string(),
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthorized | AppError::BadCredentials => 401,
            AppError::Forbidden | AppError::SecondStep | AppError::OwnRoles | AppError::Scope => 403,
            AppError::NotFound => 404,
            AppError::Conflict | AppError::Stale(_) | AppError::TransitionNotAllowed | AppError::ChangedMeanwhile(_) => 409,
            AppError::TokenInvalid => 410,
            AppError::BadRequest => 400,
            AppError::TooLarge => 413,
            AppError::Invalid(_) => 422,
            AppError::RateLimited => 429,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }

    /// The message for one form field, if this error is about it.
    pub fn field(&self, name: &str) -> Option<Msg> {
        match self {
            AppError::Invalid(errors) => errors.iter().find(|e| e.field == name).map(|e| e.msg),
            _ => None,
        }
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Invalid(vec![e])
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.msg())
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = crate::wire::JsonText;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The server could not read the arguments: the caller sent something malformed.
            // (Leptos reports a JSON body it cannot decode as `Deserialization` on the server;
            // in the browser the same variant is an answer it could not read.)
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::BadRequest,
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(_) => AppError::BadRequest,
            other => AppError::Transport(other.to_string()),
        }
    }
}
