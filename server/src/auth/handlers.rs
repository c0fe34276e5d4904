//! The stable JSON endpoints of accounts: `/api/auth/login`, `/api/auth/logout`, `/api/me`.
use app::domain::role::Principal;
use app::domain::school::Me;
use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::Deserialize;
use tower_sessions::Session;

use super::service::{self, ClientIp};
use crate::http::error::{ApiError, JsonBody};
use crate::school;
use crate::state::AppState;

/// The login request body.
#[derive(Deserialize)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

/// `POST /api/auth/login`: 200 with the user (and a session cookie), 401, or 429.
pub async fn login(
    State(state): State<AppState>,
    session: Session,
    ClientIp(ip): ClientIp,
    JsonBody(creds): JsonBody<Credentials>,
) -> Result<Json<Me>, ApiError> {
    let principal = service::login(&state, &session, ip, &creds.username, &creds.password).await?;
    Ok(Json(school::me(&state.db, &principal).await?))
}

/// `POST /api/auth/logout`: ends the session; 204 either way.
pub async fn logout(session: Session) -> Result<StatusCode, ApiError> {
    service::logout(&session).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/me`: who is signed in, their roles and scopes; 401 without a session.
pub async fn me(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
) -> Result<Json<Me>, ApiError> {
    let Extension(principal) = principal.ok_or(app::error::AppError::Unauthorized)?;
    Ok(Json(school::me(&state.db, &principal).await?))
}
