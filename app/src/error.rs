//! What a client may learn about a failure; the phone translates it.
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// One invalid field and why, as a code the UI translates (`required`, `too_short`, `taken` …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
}

impl FieldError {
    /// Shorthand for building a field error.
    pub fn new(field: &str, code: &str) -> Self {
        FieldError {
            field: field.into(),
            code: code.into(),
        }
    }
}

/// Every failure a server function or JSON endpoint reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum AppError {
    #[error("invalid input")]
    Validation { fields: Vec<FieldError> },
    #[error("wrong username or password")]
    BadCredentials,
    #[error("not signed in")]
    Unauthorized,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict")]
    Conflict { reason: String },
    #[error("too many attempts")]
    RateLimited { retry_after_secs: u64 },
    #[error("malformed request: {message}")]
    BadRequest { message: String },
    #[error("internal error")]
    Internal,
    #[error("could not reach the server: {message}")]
    Transport { message: String },
}

/// A rule's refusal that names the form field at fault and the reason's code.
pub trait FieldProblem {
    fn field_and_code(self) -> (&'static str, &'static str);
}

impl AppError {
    /// The validation error for a rule's refusal.
    pub fn refused(problem: impl FieldProblem) -> Self {
        let (field, code) = problem.field_and_code();
        AppError::invalid(field, code)
    }

    /// A single-field validation error.
    pub fn invalid(field: &str, code: &str) -> Self {
        AppError::Validation {
            fields: vec![FieldError::new(field, code)],
        }
    }

    /// The HTTP status a server answers with for this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Validation { .. } => 422,
            AppError::BadCredentials | AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Conflict { .. } => 409,
            AppError::RateLimited { .. } => 429,
            AppError::BadRequest { .. } => 400,
            AppError::Internal => 500,
            AppError::Transport { .. } => 502,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(message)
            | ServerFnErrorErr::MissingArg(message)
            | ServerFnErrorErr::Deserialization(message) => AppError::BadRequest { message },
            other => AppError::Transport {
                message: other.to_string(),
            },
        }
    }
}
