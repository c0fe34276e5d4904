//! The upload side shared by every import: reading the multipart file and answering
//! scripts with JSON and plain form posts with a redirect to the preview page.
use app::error::AppError;
use axum::Json;
use axum::extract::Multipart;
use axum::extract::multipart::MultipartError;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use bytes::Bytes;
use serde::Serialize;
use uuid::Uuid;

use crate::http::error::{ApiError, payload_too_large};

/// Why an upload failed.
pub enum UploadError {
    App(AppError),
    TooLarge,
    Malformed(String),
}

impl From<AppError> for UploadError {
    fn from(e: AppError) -> Self {
        UploadError::App(e)
    }
}

impl From<MultipartError> for UploadError {
    fn from(e: MultipartError) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            UploadError::TooLarge
        } else {
            UploadError::Malformed(e.body_text())
        }
    }
}

/// An uploaded file.
pub struct Upload {
    pub name: String,
    pub bytes: Bytes,
}

/// The form field `file`; a missing file is a validation error.
pub async fn read_file(multipart: &mut Multipart) -> Result<Upload, UploadError> {
    let mut file = None;
    while let Some(field) = multipart.next_field().await? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("upload").to_string();
            file = Some(Upload {
                name,
                bytes: field.bytes().await?,
            });
        }
    }
    file.ok_or_else(|| AppError::invalid("file", "required").into())
}

/// What the page is told by its address: the file's own problem, else the error's kind.
fn redirect_code(e: &AppError) -> &str {
    match e {
        AppError::Validation { fields } => fields
            .iter()
            .find(|f| f.field == "file")
            .map_or("invalid", |f| f.code.as_str()),
        other => app::api::auth::error_code(other),
    }
}

/// True for a browser's plain form post (it accepts HTML).
pub fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// JSON for scripts; for a form post, a redirect to `{page}/{id}` or back to `page` with the error.
pub fn respond<T: Serialize>(
    html: bool,
    result: Result<(Uuid, T), UploadError>,
    page: &str,
) -> Response {
    match (result, html) {
        (Ok((id, _)), true) => Redirect::to(&format!("{page}/{id}")).into_response(),
        (Ok((_, body)), false) => Json(body).into_response(),
        (Err(UploadError::TooLarge), _) => payload_too_large(),
        (Err(UploadError::App(AppError::Unauthorized)), true) => {
            Redirect::to("/login").into_response()
        }
        (Err(UploadError::App(e)), true) => {
            Redirect::to(&format!("{page}?error={}", redirect_code(&e))).into_response()
        }
        (Err(UploadError::App(e)), false) => ApiError::App(e).into_response(),
        (Err(UploadError::Malformed(detail)), _) => ApiError::BadRequest(detail).into_response(),
    }
}
