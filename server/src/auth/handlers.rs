//! The stable JSON endpoints of accounts: `/api/auth/login`, `/api/auth/logout`, `/api/me`.
use app::domain::role::Principal;
use app::domain::school::Me;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse, Response};
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

/// `POST /api/auth/login`: 200 with the user (and session and device cookies), 401, or 429.
pub async fn login(
    State(state): State<AppState>,
    session: Session,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    JsonBody(creds): JsonBody<Credentials>,
) -> Result<Response, ApiError> {
    let client = (ip, &headers);
    let signed_in =
        service::login(&state, &session, client, &creds.username, &creds.password).await?;
    let me = Json(school::me(&state.db, &signed_in.principal).await?);
    let device = signed_in
        .device_cookie
        .and_then(|c| HeaderValue::from_str(&c).ok())
        .map(|c| [(header::SET_COOKIE, c)]);
    Ok((AppendHeaders(device.into_iter().flatten()), me).into_response())
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
