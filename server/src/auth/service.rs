//! Signing in and out and changing passwords, shared by the JSON API and the app.
use std::net::{IpAddr, SocketAddr};

use app::domain::role::Principal;
use app::domain::users::check_password;
use app::error::AppError;
use axum::extract::ConnectInfo;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use tower_sessions::Session;

use super::password;
use super::session::{SessionUser, USER_KEY};
use crate::db;
use crate::http::error::internal;
use crate::state::AppState;

/// A successful sign-in: who, and the device cookie the answer should set.
pub struct SignedIn {
    pub principal: Principal,
    pub device_cookie: Option<String>,
}

/// Checks the password (rate-limited per address and account; a browser the account signed
/// in from before is never locked out by others' guesses), then starts a fresh session: the
/// id is rotated so a planted cookie cannot ride the new login.
pub async fn login(
    state: &AppState,
    session: &Session,
    client: (IpAddr, &HeaderMap),
    username: &str,
    password_text: &str,
) -> Result<SignedIn, AppError> {
    let (ip, headers) = client;
    let username = username.trim().to_lowercase();
    let limiter = &state.limiter;
    let trusted = limiter.devices.trusted(headers, &username);
    limiter
        .check(ip, &username, trusted)
        .map_err(|wait| AppError::RateLimited {
            retry_after_secs: wait.as_secs().max(1),
        })?;
    let row = db::users::find_login(&state.db, &username)
        .await
        .map_err(internal)?;
    let (user_id, hash) = match row {
        Some(row) if row.active => (Some(row.id), row.password_hash),
        _ => (None, None),
    };
    if !password::verify(password_text, hash).await {
        if user_id.is_some() {
            limiter.failed(&username);
        }
        return Err(AppError::BadCredentials);
    }
    let user_id = user_id.ok_or(AppError::BadCredentials)?;
    let principal = start_session(state, session, user_id).await?;
    Ok(SignedIn {
        principal,
        device_cookie: limiter.devices.issue(&username),
    })
}

/// Binds `session` to the user under a new session id.
pub async fn start_session(
    state: &AppState,
    session: &Session,
    user_id: uuid::Uuid,
) -> Result<Principal, AppError> {
    let (principal, epoch) = db::users::principal(&state.db, user_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::BadCredentials)?;
    session.cycle_id().await.map_err(internal)?;
    session
        .insert(USER_KEY, SessionUser { user_id, epoch })
        .await
        .map_err(internal)?;
    Ok(principal)
}

/// Deletes the session on the server and clears the cookie.
pub async fn logout(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(internal)
}

/// Changes a password after checking the current one; other sessions of the user end,
/// this one stays signed in.
pub async fn change_password(
    state: &AppState,
    session: &Session,
    who: &Principal,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    check_password(new).map_err(|code| AppError::invalid("new", code))?;
    let stored = db::users::password_hash(&state.db, who.user_id)
        .await
        .map_err(internal)?;
    if !password::verify(current, stored).await {
        return Err(AppError::invalid("current", "wrong"));
    }
    let hash = password::hash(new).await.map_err(internal)?;
    db::users::set_password(&state.db, who.user_id, &hash.0)
        .await
        .map_err(internal)?;
    start_session(state, session, who.user_id).await.map(|_| ())
}

/// The session tower-sessions put on the request.
pub fn session_of(parts: &Parts) -> Result<Session, AppError> {
    parts
        .extensions
        .get::<Session>()
        .cloned()
        .ok_or_else(|| internal("no session layer"))
}

/// The client's address as an extractor.
pub struct ClientIp(pub IpAddr);

impl axum::extract::FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_ip(parts, state.trust_proxy)))
    }
}

/// The client's address: the socket peer, or the first `X-Forwarded-For` hop behind a trusted proxy.
pub fn client_ip(parts: &Parts, trust_proxy: bool) -> IpAddr {
    let forwarded = trust_proxy
        .then(|| {
            parts
                .headers
                .get("x-forwarded-for")?
                .to_str()
                .ok()?
                .split(',')
                .next()?
                .trim()
                .parse()
                .ok()
        })
        .flatten();
    forwarded
        .or_else(|| {
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip())
        })
        .unwrap_or(IpAddr::from([0, 0, 0, 0]))
}
