//! The backend's error type and its single mapping to what callers see.
use crate::AppError;
use shared::validation::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("internal: {0}")]
    Internal(String),
    /// An answer meant for the caller (forbidden, invalid input, conflict…).
    #[error("{0:?}")]
    Public(AppError),
}

pub type Result<T, E = BackendError> = std::result::Result<T, E>;

impl From<AppError> for BackendError {
    fn from(e: AppError) -> Self {
        BackendError::Public(e)
    }
}

impl From<FieldError> for BackendError {
    fn from(e: FieldError) -> Self {
        BackendError::Public(AppError::from(e))
    }
}

impl BackendError {
    /// Internal details are logged here and replaced by a generic message.
    pub fn into_app_error(self) -> AppError {
        match self {
            BackendError::Public(e) => e,
            other => {
                tracing::error!(error = %other, "request failed");
                AppError::Internal
            }
        }
    }

    pub fn is_unique_violation(&self) -> bool {
        matches!(self, BackendError::Db(sqlx::Error::Database(e)) if e.is_unique_violation())
    }

    pub fn is_not_null_violation(&self) -> bool {
        matches!(self, BackendError::Db(sqlx::Error::Database(e)) if e.kind() == sqlx::error::ErrorKind::NotNullViolation)
    }
}
