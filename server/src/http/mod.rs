//! The router: pages, server functions, JSON endpoints, and the layers around them.
pub mod assets;
pub mod drawn;
pub mod error;
pub mod health;
pub mod pwa;
pub mod security;
pub mod stalled;

use std::sync::Arc;

use app::api::SharedServices;
use app::{App, shell};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::Key;

use self::security::SiteScheme;
use crate::auth::middleware::resolve_principal;
use crate::auth::{handlers as auth_api, session};
use crate::import::roster as imports;
use crate::import::staff as staff_imports;
use crate::photos::handlers as photos;
use crate::school;
use crate::services::ServerServices;
use crate::state::AppState;
use crate::sync;
use crate::{attendance, conduct, export, scores};

/// Settings of the HTTP layer itself.
pub struct HttpSettings {
    pub session_key: Key,
    pub secure_cookies: bool,
    pub body_limit: usize,
}

/// Builds the whole app. Everything except `/healthz` and static files passes the
/// session → principal middleware, so handlers and server functions know who asks.
/// `leptos_routes` registers each server function at its own `/api/fn/…` path.
pub fn router(state: AppState, settings: HttpSettings) -> Router {
    let services: SharedServices = Arc::new(ServerServices(state.clone()));
    let context = move || provide_context(services.clone());
    let options = state.leptos_options.clone();
    let mut app = Router::new()
        .route("/api/auth/login", post(auth_api::login))
        .route("/api/auth/logout", post(auth_api::logout))
        .route("/api/me", get(auth_api::me))
        .route("/api/classes/{id}/students", get(school::students_handler))
        .route("/api/classes/{id}/conduct", get(conduct::conduct_handler))
        .route("/api/classes/{id}/trend", get(scores::trend_handler))
        .route("/api/board", get(scores::board_handler))
        .route("/api/board/{class_id}/{date}", get(scores::cell_handler))
        .route("/api/export/board.xlsx", get(export::board_handler))
        .route("/api/export/conduct.xlsx", get(export::conduct_handler))
        .route("/api/export/coverage.xlsx", get(export::coverage_handler))
        .route("/api/export/meals.xlsx", get(export::meals_handler))
        .route(
            "/api/export/activities.xlsx",
            get(export::activities_handler),
        )
        .route("/api/attendance", get(attendance::day_handler))
        .route(
            "/api/export/attendance.xlsx",
            get(export::attendance_handler),
        )
        .route("/api/admin/imports", post(imports::upload_handler))
        .route("/api/admin/imports/{id}", get(imports::preview_handler))
        .route(
            "/api/admin/imports/{id}/commit",
            post(imports::commit_handler),
        )
        .route(
            "/api/sync/v1/push",
            post(sync::handlers::push_handler)
                .layer(DefaultBodyLimit::max(sync::handlers::PUSH_BODY_LIMIT)),
        )
        .route("/api/sync/v1/pull", post(sync::handlers::pull_handler))
        .route(
            "/api/photos/{id}",
            get(photos::photo_handler)
                .put(photos::upload_handler)
                .layer(DefaultBodyLimit::max(photos::PHOTO_BODY_LIMIT)),
        )
        .route("/api/photos/{id}/thumb", get(photos::thumb_handler))
        .route(
            "/api/admin/staff-imports",
            post(staff_imports::upload_handler),
        )
        .route(
            "/api/admin/staff-imports/{id}/commit",
            post(staff_imports::commit_handler),
        )
        .leptos_routes_with_context(
            &state,
            generate_route_list(App),
            context.clone(),
            move || shell(options.clone()),
        )
        .route_layer(from_fn(stalled::render_again))
        .route_layer(from_fn(security::private_by_default))
        .route_layer(from_fn_with_state(state.clone(), drawn::draw_today))
        .route_layer(from_fn_with_state(state.clone(), resolve_principal))
        .route("/healthz", get(health::healthz))
        .route("/sw.js", get(pwa::service_worker))
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ));
    for (name, value) in security::headers() {
        app = app.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    app.layer(from_fn(error::server_fn_status))
        .layer(from_fn_with_state(
            SiteScheme::from_settings(state.trust_proxy, settings.secure_cookies),
            security::same_origin,
        ))
        .layer(session::layer(
            session::Store::new(&state.db),
            settings.session_key,
            settings.secure_cookies,
        ))
        .layer(DefaultBodyLimit::max(settings.body_limit))
        .layer(RequestBodyLimitLayer::new(settings.body_limit))
        .layer(from_fn(assets::cache_hashed))
        .layer(CompressionLayer::new())
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
