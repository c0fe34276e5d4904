//! Configuration from flags and environment, with documented defaults.
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// The Homeroom (班务通) server: serves the app and runs maintenance commands.
#[derive(Debug, Parser)]
#[command(name = "homeroom", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Settings shared by every subcommand.
#[derive(Clone, Debug, Args)]
pub struct Config {
    /// Database: `sqlite:<file>` or `postgres://…`. Default: `sqlite:<data-dir>/homeroom.db`.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Folder for the SQLite file and the generated session key.
    #[arg(long, env = "HOMEROOM_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,
    /// Address to listen on.
    #[arg(
        long,
        env = "LEPTOS_SITE_ADDR",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub addr: SocketAddr,
    /// Secret (64+ characters) that signs session cookies; every server of one school
    /// must share it. Default: random bytes kept in `<data-dir>/session.key`.
    #[arg(
        long,
        env = "HOMEROOM_SESSION_SECRET",
        hide_env_values = true,
        global = true
    )]
    pub session_secret: Option<String>,
    /// Send cookies only over HTTPS (set this when serving behind TLS).
    #[arg(long, env = "HOMEROOM_SECURE_COOKIES", global = true)]
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    #[arg(long, env = "HOMEROOM_TRUST_PROXY", global = true)]
    pub trust_proxy: bool,
    /// Where photos are kept: a folder, or a URL of a store the build can reach (an
    /// S3-compatible bucket with `--features s3`). Default: `<data-dir>/photos`.
    #[arg(long, env = "HOMEROOM_PHOTO_STORE", global = true)]
    pub photo_store: Option<String>,
    /// Largest accepted request body, in bytes; larger ones get 413.
    #[arg(long, env = "HOMEROOM_BODY_LIMIT", default_value_t = 8 * 1024 * 1024, global = true)]
    pub body_limit: usize,
}

impl Config {
    /// The database URL, defaulting to a SQLite file in the data folder.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite:{}", self.data_dir.join("homeroom.db").display()))
    }
}

impl Config {
    /// Where photos are kept, defaulting to a folder in the data folder.
    pub fn photo_store(&self) -> String {
        self.photo_store
            .clone()
            .unwrap_or_else(|| self.data_dir.join("photos").display().to_string())
    }
}

/// What to do; `serve` when none is given.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database and serve the app.
    Serve {
        /// Load the demo school first if the database has no school yet.
        #[arg(long)]
        seed_demo_if_empty: bool,
        /// Password of the demo accounts.
        #[arg(long, env = "HOMEROOM_DEMO_PASSWORD", default_value = crate::seed::DEFAULT_DEMO_PASSWORD)]
        demo_password: String,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Load the demo school (示范中学): roster, staff accounts, current term.
    SeedDemo {
        /// Password of every demo account.
        #[arg(long, env = "HOMEROOM_DEMO_PASSWORD", default_value = crate::seed::DEFAULT_DEMO_PASSWORD)]
        password: String,
    },
    /// Copy the database, while the server runs, into an empty folder with a manifest
    /// (rows per table, checksums). PostgreSQL needs `pg_dump` on the PATH.
    Backup {
        /// The folder to write (created if missing; must not hold a backup yet).
        #[arg(long)]
        to: PathBuf,
    },
    /// Put a backup into an empty database (or data folder), check it against its
    /// manifest, migrate it, and start a new sync epoch. PostgreSQL needs `pg_restore`.
    Restore {
        /// The folder `homeroom backup` wrote.
        #[arg(long)]
        from: PathBuf,
        /// Replace a database that already holds data.
        #[arg(long)]
        force: bool,
    },
    /// Create a school (if new) and an admin account for it.
    CreateAdmin {
        /// The school's name.
        #[arg(long)]
        school: String,
        /// Login name of the admin.
        #[arg(long)]
        username: String,
        /// Name shown in the app.
        #[arg(long)]
        name: String,
        /// The admin's password (8+ characters).
        #[arg(long, env = "HOMEROOM_ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
    },
}
