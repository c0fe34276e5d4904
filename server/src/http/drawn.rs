//! Today drawn by the server: a visit to `/today` that does not ask for the shell (one the
//! service worker does not serve) gets the signed-in user's Today read before the page renders.
use std::sync::Arc;

use app::components::session::{DRAWN_PAGE, is_shell};
use app::domain::role::Principal;
use app::sync::today::{DrawnToday, TodayData};
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use crate::db::Db;
use crate::state::AppState;
use crate::{school, sync};

/// Hands the page the user's Today in the request's extensions; a visitor, or a failed read,
/// gets the shell, which the phone fills from its store.
pub async fn draw_today(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let uri = req.uri();
    let drawn = req.method() == Method::GET
        && uri.path() == DRAWN_PAGE
        && !is_shell(uri.path(), uri.query());
    if drawn
        && let Some(who) = req.extensions().get::<Principal>().cloned()
        && let Some(today) = read(&state.db, &who).await
    {
        req.extensions_mut().insert(DrawnToday(Arc::new(today)));
    }
    next.run(req).await
}

async fn read(db: &Db, who: &Principal) -> Option<TodayData> {
    let day = school::today_at(db, who.school_id?).await.ok()?;
    sync::today::today(db, who, day)
        .await
        .inspect_err(|e| tracing::error!("drawing Today failed: {e}"))
        .ok()
}
