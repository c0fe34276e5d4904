//! The Homeroom server: configuration, persistence, auth, imports and HTTP, as a
//! library so integration tests can run the real router.
pub mod activities;
pub mod activity_list;
pub mod attendance;
pub mod auth;
pub mod backup;
pub mod conduct;
pub mod config;
pub mod coverage;
pub mod db;
pub mod digest;
pub mod export;
pub mod http;
pub mod import;
pub mod meals;
pub mod photos;
pub mod scheme;
pub mod school;
pub mod scores;
pub mod seed;
pub mod services;
pub mod state;
pub mod sync;
pub mod themes;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use app::domain::role::{Grant, Role, Scope};
use app::domain::users::{check_password, parse_username};
use leptos::config::{LeptosOptions, get_configuration};
use tower_sessions::session_store::ExpiredDeletion;

use crate::auth::device::DeviceCookies;
use crate::auth::rate_limit::LoginLimiter;
use crate::config::{Cli, Command, Config};
use crate::db::Db;
use crate::http::HttpSettings;
use crate::photos::Photos;
use crate::photos::store::PhotoStore;
use crate::state::AppState;

/// Runs the command the user asked for (serve by default).
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = cli.config;
    if let Some(Command::Restore { from, force }) = &cli.command {
        // The target stays untouched (not even migrated) until the backup is checked.
        let photos = PhotoStore::open(&config.photo_store()).context("opening the photo store")?;
        let manifest = backup::restore(from, &config.database_url(), &photos, *force).await?;
        println!(
            "restored the {} backup of {} ({} tables) into {}; phones will sync again from the start",
            manifest.backend,
            manifest.created_at,
            manifest.tables.len(),
            config.database_url()
        );
        return Ok(());
    }
    let db = Db::connect(&config.database_url())
        .await
        .context("opening the database")?;
    db.migrate().await.context("migrating the database")?;
    match cli.command {
        Some(Command::Migrate) => {
            tracing::info!("{} database migrated", db.backend());
            Ok(())
        }
        Some(Command::SeedDemo { password }) => {
            let loaded = seed::seed_demo(&db, &password).await?;
            println!(
                "{}",
                if loaded {
                    "demo school loaded"
                } else {
                    "demo school already present"
                }
            );
            Ok(())
        }
        Some(Command::Backup { to }) => {
            let photos =
                PhotoStore::open(&config.photo_store()).context("opening the photo store")?;
            let manifest = backup::backup(&db, &config.database_url(), &photos, &to).await?;
            let rows: i64 = manifest.tables.values().sum();
            println!(
                "backup of {} tables ({rows} rows) written to {}",
                manifest.tables.len(),
                to.display()
            );
            Ok(())
        }
        Some(Command::Restore { .. }) => Ok(()),
        Some(Command::CreateAdmin {
            school,
            username,
            name,
            password,
        }) => create_admin(&db, &school, &username, &name, &password).await,
        Some(Command::Serve {
            seed_demo_if_empty,
            demo_password,
        }) => {
            if seed_demo_if_empty {
                seed::seed_demo(&db, &demo_password).await?;
            }
            serve(config, db).await
        }
        None => serve(config, db).await,
    }
}

/// The Leptos settings: from cargo-leptos's environment when present, else defaults that
/// still find the built site (`LEPTOS_SITE_ROOT`, `target/site` when unset); hashed file
/// names when the build left its hash file next to the binary.
pub fn leptos_options(addr: SocketAddr) -> LeptosOptions {
    let from_cargo_leptos = std::env::var_os("LEPTOS_OUTPUT_NAME").is_some()
        || option_env!("LEPTOS_OUTPUT_NAME").is_some();
    let mut options = from_cargo_leptos
        .then(|| get_configuration(None).ok())
        .flatten()
        .map(|c| c.leptos_options)
        .unwrap_or_else(|| {
            let site_root =
                std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into());
            LeptosOptions::builder()
                .output_name("homeroom")
                .site_root(site_root)
                .build()
        });
    options.site_addr = addr;
    options.hash_files = app::scripts::build_hashes(&options).is_some();
    options
}

/// The state a server (or a test) runs with; `cookies` signs device cookies.
pub fn app_state(
    db: Db,
    leptos_options: LeptosOptions,
    trust_proxy: bool,
    cookies: DeviceCookies,
    photos: PhotoStore,
) -> AppState {
    AppState {
        leptos_options,
        db,
        limiter: Arc::new(LoginLimiter::new(cookies)),
        photos: Photos::new(photos),
        trust_proxy,
    }
}

async fn serve(config: Config, db: Db) -> anyhow::Result<()> {
    let session_key = auth::session::load_key(config.session_secret.as_deref(), &config.data_dir)?;
    let devices = DeviceCookies::new(session_key.clone(), config.secure_cookies);
    let state = app_state(
        db.clone(),
        leptos_options(config.addr),
        config.trust_proxy,
        devices,
        PhotoStore::open(&config.photo_store()).context("opening the photo store")?,
    );
    spawn_housekeeping(&state);
    let app = http::router(
        state,
        HttpSettings {
            session_key,
            secure_cookies: config.secure_cookies,
            body_limit: config.body_limit,
        },
    );
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("listening on {}", config.addr))?;
    tracing::info!(
        "Homeroom listening on http://{} ({} database)",
        listener.local_addr()?,
        db.backend()
    );
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    tracing::info!("Homeroom stopped");
    Ok(())
}

/// Expired sessions are deleted hourly; the login limiter forgets idle keys each minute.
fn spawn_housekeeping(state: &AppState) {
    let store = auth::session::Store::new(&state.db);
    tokio::spawn(async move {
        if let Err(e) = store
            .continuously_delete_expired(Duration::from_secs(3600))
            .await
        {
            tracing::error!("session cleanup stopped: {e}");
        }
    });
    let limiter = state.limiter.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            limiter.prune();
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

async fn create_admin(
    db: &Db,
    school: &str,
    username: &str,
    name: &str,
    password: &str,
) -> anyhow::Result<()> {
    let username = parse_username(username).map_err(|e| anyhow::anyhow!("username: {e}"))?;
    check_password(password).map_err(|e| anyhow::anyhow!("password: {e}"))?;
    if db::users::username_taken(db, &username).await? {
        anyhow::bail!("the username {username} is taken");
    }
    let school_id = match db::school::school_by_name(db, school).await? {
        Some(id) => id,
        None => db::school::create_school(db, school, "Asia/Shanghai").await?,
    };
    let hash = auth::password::hash(password).await?;
    let user = db::users::NewUser {
        id: uuid::Uuid::now_v7(),
        school_id: Some(school_id),
        username: &username,
        display_name: name,
        phone: None,
        password_hash: Some(&hash.0),
    };
    let grant = Grant {
        role: Role::SchoolAdmin,
        scope: Scope::School(school_id),
        sensitive: true,
        title: "管理员".into(),
    };
    db::users::create(db, &user, &[grant]).await?;
    println!("admin {username} created for {school}");
    Ok(())
}
