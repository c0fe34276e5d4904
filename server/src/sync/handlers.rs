//! `POST /api/sync/v1/push` and `POST /api/sync/v1/pull`.
use app::domain::role::Principal;
use app::error::AppError;
use app::sync::{
    MAX_PUSH_MUTATIONS, PullRequest, PullResponse, PushGap, PushRequest, PushResponse,
};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::json;

use super::pull::{self, PullError};
use super::push::{self, PushError};
use crate::http::error::{ApiError, JsonBody, internal};
use crate::state::AppState;

/// Largest push body: 1 MiB.
pub const PUSH_BODY_LIMIT: usize = 1024 * 1024;

/// Applies a batch; 401 without a session, 403 for another user's client, 409 on a gap.
pub async fn push_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    JsonBody(req): JsonBody<PushRequest>,
) -> Result<Json<PushResponse>, Response> {
    let Extension(who) =
        principal.ok_or_else(|| ApiError::App(AppError::Unauthorized).into_response())?;
    if req.mutations.len() > MAX_PUSH_MUTATIONS {
        return Err((
            StatusCode::PAYLOAD_TOO_LARGE,
            Json(
                json!({"error": "too_many_mutations", "max": MAX_PUSH_MUTATIONS,
                        "message": format!("一次最多同步 {MAX_PUSH_MUTATIONS} 条记录")}),
            ),
        )
            .into_response());
    }
    match push::push(&state.db, &who, &req).await {
        Ok(response) => Ok(Json(response)),
        Err(PushError::ForeignClient) => Err(ApiError::App(AppError::Forbidden).into_response()),
        Err(PushError::Gap { last }) => {
            Err((StatusCode::CONFLICT, Json(PushGap::after(last))).into_response())
        }
        Err(PushError::Unordered) => {
            Err(ApiError::BadRequest("mutation seq must increase".into()).into_response())
        }
        Err(PushError::Db(e)) => Err(ApiError::App(internal(e)).into_response()),
    }
}

/// Changes after the phone's cursors; 401 without a session, 403 for another user's client.
pub async fn pull_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    JsonBody(req): JsonBody<PullRequest>,
) -> Result<Json<PullResponse>, ApiError> {
    let Extension(who) = principal.ok_or(AppError::Unauthorized)?;
    match pull::pull(&state.db, &who, &req).await {
        Ok(page) => Ok(Json(page)),
        Err(PullError::ForeignClient) => Err(AppError::Forbidden.into()),
        Err(PullError::Db(e)) => Err(internal(e).into()),
    }
}
