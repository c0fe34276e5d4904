//! Turning failures into responses: the JSON error body every endpoint shares.
use app::error::AppError;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::db::DbError;

/// An error answered as `{"error": code, "message": 中文说明, …}` with its HTTP status.
#[derive(Debug)]
pub enum ApiError {
    App(AppError),
    /// The request itself is malformed (bad JSON, bad multipart).
    BadRequest(String),
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError::App(e)
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> Self {
        ApiError::App(internal(e))
    }
}

/// Logs an unexpected failure and hides its details from the client.
pub fn internal(e: impl std::fmt::Display) -> AppError {
    tracing::error!("internal error: {e}");
    AppError::Internal
}

/// The Chinese sentence API clients can show as is.
fn message(e: &AppError) -> &'static str {
    match e {
        AppError::Validation { .. } => "输入有误，请检查后重试",
        AppError::BadRequest { .. } => "请求格式有误",
        AppError::BadCredentials => "账号或密码错误",
        AppError::Unauthorized => "请先登录",
        AppError::Forbidden => "您无权查看或修改此内容",
        AppError::NotFound => "未找到",
        AppError::Conflict { .. } => "与已有数据冲突",
        AppError::RateLimited { .. } => "尝试次数过多，请稍后再试",
        AppError::Internal => "服务器出错，请稍后再试",
        AppError::Transport { .. } => "无法连接服务器",
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::App(e) => {
                let status =
                    StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let mut body = serde_json::to_value(&e).unwrap_or_else(|_| json!({}));
                if let Some(fields) = body.as_object_mut() {
                    fields.insert("message".into(), json!(message(&e)));
                }
                let mut response = (status, Json(body)).into_response();
                if let AppError::RateLimited { retry_after_secs } = e {
                    response
                        .headers_mut()
                        .insert("retry-after", retry_after_secs.into());
                }
                response
            }
            ApiError::BadRequest(detail) => (
                StatusCode::BAD_REQUEST,
                Json(json!({"error": "bad_request", "message": "请求格式有误", "detail": detail})),
            )
                .into_response(),
        }
    }
}

/// `Json<T>` whose rejections use the shared error body (413 stays 413).
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(JsonBody(value)),
            Err(JsonRejection::BytesRejection(e))
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                Err(payload_too_large())
            }
            Err(e) => Err(ApiError::BadRequest(e.body_text()).into_response()),
        }
    }
}

/// The 413 answer for a body over the limit.
pub fn payload_too_large() -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        Json(json!({"error": "payload_too_large", "message": "上传的内容太大"})),
    )
        .into_response()
}

/// Server functions answer every error with 500; this gives each the status its
/// `AppError` deserves (a malformed call is 400, a refusal 403 …), so bad input is never 5xx.
pub async fn server_fn_status(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let is_server_fn = req.uri().path().starts_with("/api/fn/");
    let response = next.run(req).await;
    if !is_server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// A request that panicked anyway: logged, answered 500, and the server goes on serving.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!("a request panicked: {detail}");
    ApiError::App(AppError::Internal).into_response()
}
