//! Signing in and out, passwords and invites.
use leptos::prelude::*;

use crate::domain::role::Principal;
use crate::domain::users::InviteInfo;
use crate::error::AppError;

/// Who is signed in, or `None`; never fails for a visitor.
#[server(prefix = "/api/fn", endpoint = "session_user")]
pub async fn session_user() -> Result<Option<Principal>, AppError> {
    Ok(crate::api::principal().ok())
}

/// Signs in. A plain form post goes home by redirect (the page reloads itself after a
/// script call, so the whole app sees the new session). A plain form post (no JavaScript) that fails goes back to
/// the login page with the reason in the query, so the page can say what went wrong.
#[server(prefix = "/api/fn", endpoint = "login")]
pub async fn login(username: String, password: String) -> Result<(), AppError> {
    use crate::api::{finish, request_parts, services};
    let parts = request_parts()?;
    let result = services()?.login(&parts, &username, &password).await;
    match result {
        Ok(_) if is_plain_form_post(&parts) => {
            leptos_axum::redirect("/");
            Ok(())
        }
        Ok(_) => Ok(()),
        Err(err) if is_plain_form_post(&parts) => {
            leptos_axum::redirect(&format!("/login?error={}", error_code(&err)));
            Ok(())
        }
        Err(err) => finish(Err(err)),
    }
}

#[cfg(feature = "ssr")]
fn is_plain_form_post(parts: &http::request::Parts) -> bool {
    parts
        .headers
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// The short code a no-JavaScript page shows an error by.
pub fn error_code(err: &AppError) -> &'static str {
    match err {
        AppError::BadCredentials => "bad_credentials",
        AppError::RateLimited { .. } => "rate_limited",
        AppError::Validation { .. } | AppError::BadRequest { .. } => "invalid",
        _ => "failed",
    }
}

/// Signs out on the server; a plain form post is sent on to the login page.
#[server(prefix = "/api/fn", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::api::{finish, request_parts, services};
    let parts = request_parts()?;
    finish(services()?.logout(&parts).await)?;
    if is_plain_form_post(&parts) {
        leptos_axum::redirect("/login");
    }
    Ok(())
}

/// Changes the signed-in user's password.
#[server(prefix = "/api/fn", endpoint = "change_password")]
pub async fn change_password(current: String, new: String) -> Result<(), AppError> {
    use crate::api::{finish, principal, request_parts, services};
    let who = finish(principal())?;
    finish(
        services()?
            .change_password(&request_parts()?, &who, &current, &new)
            .await,
    )
}

/// What an invite code is for.
#[server(prefix = "/api/fn", endpoint = "get_invite")]
pub async fn get_invite(code: String) -> Result<InviteInfo, AppError> {
    use crate::api::{finish, services};
    finish(services()?.invite_info(&code).await)
}

/// Accepts an invite with a chosen login name and password and signs in.
#[server(prefix = "/api/fn", endpoint = "accept_invite")]
pub async fn accept_invite(
    code: String,
    username: String,
    password: String,
) -> Result<(), AppError> {
    use crate::api::{finish, request_parts, services};
    let parts = request_parts()?;
    finish(
        services()?
            .accept_invite(&parts, &code, &username, &password)
            .await,
    )?;
    Ok(())
}
