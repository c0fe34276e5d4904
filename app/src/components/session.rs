//! The signed-in user, loaded once per page and shared with every component.
use leptos::prelude::*;

use crate::api::auth::session_user;
use crate::domain::role::Principal;
use crate::error::AppError;

/// Pages the service worker keeps for offline use (the server hands it this list): the
/// server renders them without any private data, and the phone fills them from its store.
pub const SHELL_PATHS: [&str; 7] = [
    "/today",
    "/roll",
    "/entries",
    "/duty",
    "/activities",
    "/activities/new",
    "/login",
];

/// The kept page the server draws with the signed-in user's data for a visit that does not
/// come through the service worker (a first visit, no JavaScript); [`SHELL_QUERY`] asks for
/// its frame alone, which is what the worker fetches and keeps.
pub const DRAWN_PAGE: &str = "/today";

/// The query that asks for the drawn page's frame alone.
pub const SHELL_QUERY: &str = "shell";

/// Whether the server renders this request as an offline shell: no user, no private data,
/// fit for the service worker to keep.
pub fn is_shell(path: &str, query: Option<&str>) -> bool {
    SHELL_PATHS.contains(&path) && (path != DRAWN_PAGE || query == Some(SHELL_QUERY))
}

/// The session user as a resource: `Ok(None)` for a visitor, and on shell pages.
#[derive(Clone, Copy)]
pub struct Session {
    pub user: Resource<Result<Option<Principal>, AppError>>,
    /// This page is a shell: the resource holds no user, by design.
    shell: bool,
}

impl Session {
    /// The user as the server sees them: this page's resource, or (on a shell page, which
    /// was rendered without one) a fresh question to the server.
    pub async fn signed_in(self) -> Result<Option<Principal>, AppError> {
        if self.shell {
            session_user().await
        } else {
            self.user.await
        }
    }
}

/// Starts loading the session user and puts it in context.
pub fn provide_session() {
    let shell = SHELL_PATHS.contains(&current_path().as_str());
    let user = Resource::new(
        || (),
        move |_| async move {
            if shell {
                Ok(None)
            } else {
                session_user().await
            }
        },
    );
    provide_context(Session { user, shell });
}

/// The session resource provided by the app.
pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// The path of the page being rendered (the request's on the server, the window's on the phone).
fn current_path() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| parts.uri.path().to_string())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        window().location().pathname().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drawn_page_is_a_shell_only_when_its_frame_is_asked_for() {
        assert!(!is_shell("/today", None));
        assert!(!is_shell("/today", Some("shell&class=1")));
        assert!(is_shell("/today", Some(SHELL_QUERY)));
        assert!(is_shell("/roll", None));
        assert!(is_shell("/login", Some("next=/board")));
        assert!(!is_shell("/board", Some(SHELL_QUERY)));
    }
}
