//! Resolves the session to a [`Principal`] once per request and puts it in the
//! request extensions, where handlers and server functions read it.
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use tower_sessions::Session;

use app::domain::role::Principal;

use super::session::{SessionUser, USER_KEY};
use crate::db::{self, Db};
use crate::state::AppState;

/// Adds the signed-in user (if any) to the request.
pub async fn resolve_principal(
    State(state): State<AppState>,
    session: Session,
    mut req: Request,
    next: Next,
) -> Response {
    if let Some(principal) = signed_in(&state.db, &session).await {
        req.extensions_mut().insert(principal);
    }
    next.run(req).await
}

/// The session's user if the account is active and its password unchanged since login.
async fn signed_in(db: &Db, session: &Session) -> Option<Principal> {
    let stored: SessionUser = match session.get(USER_KEY).await {
        Ok(value) => value?,
        Err(e) => {
            tracing::warn!("unreadable session: {e}");
            return None;
        }
    };
    match db::users::principal(db, stored.user_id).await {
        Ok(Some((principal, epoch))) if epoch == stored.epoch => Some(principal),
        Ok(_) => None,
        Err(e) => {
            tracing::error!("loading the session user failed: {e}");
            None
        }
    }
}
