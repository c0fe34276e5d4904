//! The signed-in user, loaded once per page and shared with every component.
use leptos::prelude::*;

use crate::api::auth::session_user;
use crate::domain::role::Principal;
use crate::error::AppError;

/// The session user as a resource: `Ok(None)` for a visitor.
#[derive(Clone, Copy)]
pub struct Session(pub Resource<Result<Option<Principal>, AppError>>);

/// Starts loading the session user and puts it in context.
pub fn provide_session() {
    provide_context(Session(Resource::new(|| (), |_| session_user())));
}

/// The session resource provided by the app.
pub fn use_session() -> Session {
    expect_context::<Session>()
}
