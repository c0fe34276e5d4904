//! Shared state of the running server, handed to axum and to `leptos_routes`.
use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::auth::rate_limit::LoginLimiter;
use crate::db::Db;
use crate::photos::Photos;

/// Everything a request handler may need; cheap to clone.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub limiter: Arc<LoginLimiter>,
    pub photos: Photos,
    /// Whether `X-Forwarded-For` names the client.
    pub trust_proxy: bool,
}
