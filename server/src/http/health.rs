//! `/healthz` for load balancers: 200 when the database answers.
use axum::extract::State;
use axum::http::StatusCode;

use crate::db::Db;

/// 200 "ok", or 503 when the database does not answer.
pub async fn healthz(State(db): State<Db>) -> (StatusCode, &'static str) {
    if db.ping().await {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
