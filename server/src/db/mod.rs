//! Persistence: one `Db` that is either the embedded SQLite file or PostgreSQL.
//! Queries are written once in SQL both accept and run through [`on_db!`].
pub mod activities;
pub mod attendance;
pub mod changes;
pub mod checks;
pub mod conduct;
pub mod imports;
pub mod invites;
pub mod meals;
pub mod photos;
pub mod rows;
pub mod school;
pub mod scores;
pub mod students;
pub mod sync_epoch;
pub mod themes;
pub mod users;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

/// Failures of the persistence layer.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot create the data folder {0}: {1}")]
    DataDir(String, std::io::Error),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
}

/// The school's database; cheap to clone (a pool handle).
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same sqlx code against whichever backend `$db` holds; `$pool` names the pool.
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_db;

/// Starting a write transaction the way each backend needs it.
pub(crate) trait BeginWrite {
    type Database: sqlx::Database;
    /// SQLite takes the write lock up front (`BEGIN IMMEDIATE`) so concurrent writers
    /// wait on `busy_timeout` instead of failing halfway through.
    fn begin_write(
        &self,
    ) -> impl Future<Output = sqlx::Result<sqlx::Transaction<'static, Self::Database>>> + Send;
}

impl BeginWrite for SqlitePool {
    type Database = sqlx::Sqlite;
    async fn begin_write(&self) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        self.begin_with("BEGIN IMMEDIATE").await
    }
}

impl BeginWrite for PgPool {
    type Database = sqlx::Postgres;
    async fn begin_write(&self) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Postgres>> {
        self.begin().await
    }
}

/// Starting a read that sees one consistent snapshot for all its statements.
pub(crate) trait BeginRead {
    type Database: sqlx::Database;
    /// SQLite's WAL gives a deferred transaction a snapshot at its first read;
    /// PostgreSQL needs REPEATABLE READ for the same.
    fn begin_read(
        &self,
    ) -> impl Future<Output = sqlx::Result<sqlx::Transaction<'static, Self::Database>>> + Send;
}

impl BeginRead for SqlitePool {
    type Database = sqlx::Sqlite;
    async fn begin_read(&self) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        self.begin().await
    }
}

impl BeginRead for PgPool {
    type Database = sqlx::Postgres;
    async fn begin_read(&self) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Postgres>> {
        self.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await
    }
}

impl Db {
    /// Opens the database named by `url` (`sqlite:…` or `postgres://…`).
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            return Ok(Db::Postgres(pool));
        }
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        if let Some(dir) = options
            .get_filename()
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            create_dir(dir)?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        Ok(Db::Sqlite(pool))
    }

    /// Applies the embedded migrations of this backend, then the session store's table.
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self {
            Db::Sqlite(pool) => {
                sqlx::migrate!("./migrations/sqlite").run(pool).await?;
                tower_sessions_sqlx_store::SqliteStore::new(pool.clone())
                    .migrate()
                    .await?;
            }
            Db::Postgres(pool) => {
                sqlx::migrate!("./migrations/postgres").run(pool).await?;
                tower_sessions_sqlx_store::PostgresStore::new(pool.clone())
                    .migrate()
                    .await?;
            }
        }
        Ok(())
    }

    /// True when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        on_db!(self, pool => sqlx::query("SELECT 1").execute(pool).await.is_ok())
    }

    /// Which backend this is, for logs.
    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }
}

fn create_dir(dir: &Path) -> Result<(), DbError> {
    std::fs::create_dir_all(dir).map_err(|e| DbError::DataDir(dir.display().to_string(), e))
}
