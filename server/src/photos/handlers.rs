//! `PUT /api/photos/{id}` takes a photo's bytes; `GET /api/photos/{id}` and
//! `GET /api/photos/{id}/thumb` give them back, privately, to those who may see them.
use app::domain::photos::{MAX_PHOTO_BYTES, PhotoId};
use app::domain::role::Principal;
use app::error::AppError;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use bytes::Bytes;
use serde_json::json;

use super::PhotoError;
use super::pipeline::Refused;
use super::store::Size;
use crate::http::error::ApiError;
use crate::state::AppState;

impl IntoResponse for PhotoError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            PhotoError::Refused(Refused::NotAPhoto) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "photo_type",
                "只能上传 JPEG、PNG 或 WebP 格式的照片",
            ),
            PhotoError::Refused(Refused::TooLarge) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "photo_too_large",
                "照片太大，请选择小一些的照片",
            ),
            PhotoError::Refused(Refused::Unreadable) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "photo_unreadable",
                "无法读取这张照片，请重新拍摄或选择",
            ),
            PhotoError::WrongBytes => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "photo_damaged",
                "照片在上传途中损坏，将自动重试",
            ),
            PhotoError::App(e) => return ApiError::App(e).into_response(),
        };
        (status, Json(json!({"error": code, "message": message}))).into_response()
    }
}

/// The largest photo body, for the route's own limit.
pub const PHOTO_BODY_LIMIT: usize = MAX_PHOTO_BYTES;

/// The id in the address; anything else is no photo at all.
fn photo_id(text: &str) -> Result<PhotoId, AppError> {
    PhotoId::parse(text).ok_or(AppError::NotFound)
}

/// Takes the photo: 201 when the school did not hold it, 200 when it did.
pub async fn upload_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<serde_json::Value>), PhotoError> {
    let Extension(who) = principal.ok_or(AppError::Unauthorized)?;
    let id = photo_id(&id)?;
    let bytes = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => PhotoError::Refused(Refused::TooLarge),
        _ => PhotoError::App(AppError::BadRequest {
            message: e.body_text(),
        }),
    })?;
    let new = state.photos.upload(&state.db, &who, &id, bytes).await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(json!({"id": id}))))
}

/// The kept photo.
pub async fn photo_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    answer(&state, principal, &id, Size::Full, &headers).await
}

/// The photo's thumbnail.
pub async fn thumb_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    answer(&state, principal, &id, Size::Thumb, &headers).await
}

/// The bytes as a private JPEG that a browser may keep but must ask about again each time,
/// so the rule is checked on every request; an unchanged photo is a 304.
async fn answer(
    state: &AppState,
    principal: Option<Extension<Principal>>,
    id: &str,
    size: Size,
    headers: &HeaderMap,
) -> Result<Response, ApiError> {
    let Extension(who) = principal.ok_or(AppError::Unauthorized)?;
    let id = photo_id(id)?;
    let bytes = state.photos.fetch(&state.db, &who, &id, size).await?;
    let tag = format!("\"{id}{}\"", if size == Size::Thumb { "-t" } else { "" });
    let etag = HeaderValue::from_str(&tag).map_err(|_| AppError::Internal)?;
    let cache = [
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-cache"),
        ),
        (header::ETAG, etag),
    ];
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == tag.as_bytes());
    if unchanged {
        return Ok((StatusCode::NOT_MODIFIED, cache).into_response());
    }
    let jpeg = (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    Ok((cache, [jpeg], bytes).into_response())
}
