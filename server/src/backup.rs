//! `homeroom backup` and `homeroom restore`: a consistent copy of a running school's database
//! with a manifest (rows per table, SHA-256 of the file), and its return into an empty place.
//! SQLite copies with `VACUUM INTO`; PostgreSQL runs `pg_dump --format=custom` on a snapshot
//! exported from the transaction that counts the rows, and `pg_restore`. A restore starts a
//! new sync epoch, so every phone pulls again from the start and re-sends what it had
//! acknowledged after the backup (docs/sync-protocol.md, "After a restore"). The photos come
//! along in `photos/`, copied after the database so every photo a copied record names is there.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::Connection;

use crate::db::{Db, DbError};
use crate::digest::{hex, sha256_hex};
use crate::photos::store::{PhotoStore, StoreError};

/// The manifest's file name inside a backup folder.
pub const MANIFEST: &str = "manifest.json";
const SQLITE_FILE: &str = "homeroom.db";
const PG_FILE: &str = "homeroom.pgdump";
/// The folder of a backup that holds the photos, by their names in the store.
const PHOTOS: &str = "photos";

/// What a backup holds, written next to it and checked before a restore.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// `sqlite` or `postgres`.
    pub backend: String,
    pub created_at: DateTime<Utc>,
    /// Rows of every table at the moment of the copy.
    pub tables: BTreeMap<String, i64>,
    /// SHA-256 (hex) of each file of the backup.
    pub files: BTreeMap<String, String>,
}

/// Why a backup or restore did not happen; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    #[error("{0} already holds a backup; choose an empty folder")]
    NotEmptyFolder(String),
    #[error("the target database is not empty; pass --force to replace it")]
    NotEmptyTarget,
    #[error("the backup is damaged: {0}")]
    Damaged(String),
    #[error("{0} failed: {1}")]
    Tool(&'static str, String),
    #[error(transparent)]
    Photos(#[from] StoreError),
}

impl From<sqlx::Error> for BackupError {
    fn from(e: sqlx::Error) -> Self {
        BackupError::Db(DbError::Sqlx(e))
    }
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> BackupError + '_ {
    move |e| BackupError::Io(path.display().to_string(), e)
}

/// Copies the database behind `db` (at `database_url`) into the empty folder `to` while the
/// server goes on writing.
pub async fn backup(
    db: &Db,
    database_url: &str,
    photos: &PhotoStore,
    to: &Path,
) -> Result<Manifest, BackupError> {
    std::fs::create_dir_all(to).map_err(io(to))?;
    if to.join(MANIFEST).exists() {
        return Err(BackupError::NotEmptyFolder(to.display().to_string()));
    }
    let (file, tables) = match db {
        Db::Sqlite(pool) => {
            let file = to.join(SQLITE_FILE);
            let target = file.to_string_lossy().to_string();
            sqlx::query("VACUUM INTO $1")
                .bind(&target)
                .execute(pool)
                .await?;
            let mut copy =
                sqlx::SqliteConnection::connect(&format!("sqlite:{target}?mode=ro")).await?;
            let check: (String,) = sqlx::query_as("PRAGMA integrity_check")
                .fetch_one(&mut copy)
                .await?;
            if check.0 != "ok" {
                return Err(BackupError::Damaged(check.0));
            }
            let tables = sqlite_counts(&mut copy).await?;
            copy.close().await?;
            (file, tables)
        }
        Db::Postgres(pool) => {
            let file = to.join(PG_FILE);
            let mut conn = pool.acquire().await?;
            let mut tx = sqlx::Connection::begin(&mut *conn).await?;
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(&mut *tx)
                .await?;
            let (snapshot,): (String,) = sqlx::query_as("SELECT pg_export_snapshot()")
                .fetch_one(&mut *tx)
                .await?;
            let tables = pg_counts(&mut tx).await?;
            run_tool(
                "pg_dump",
                &[
                    "--format=custom",
                    "--no-owner",
                    &format!("--snapshot={snapshot}"),
                    &format!("--file={}", file.display()),
                    &format!("--dbname={database_url}"),
                ],
            )
            .await?;
            tx.commit().await?;
            (file, tables)
        }
    };
    let mut files = BTreeMap::from([(file_name(&file), sha256_of(&file)?)]);
    for name in photos.names().await? {
        let bytes = photos.read(&name).await?;
        let path = to.join(PHOTOS).join(&name);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(io(folder))?;
        }
        std::fs::write(&path, &bytes).map_err(io(&path))?;
        files.insert(format!("{PHOTOS}/{name}"), sha256_hex(&bytes));
    }
    let manifest = Manifest {
        backend: db.backend().to_string(),
        created_at: Utc::now(),
        tables,
        files,
    };
    let text =
        serde_json::to_string_pretty(&manifest).map_err(|e| BackupError::Damaged(e.to_string()))?;
    std::fs::write(to.join(MANIFEST), text).map_err(io(to))?;
    Ok(manifest)
}

/// Puts the backup in `from` into the database at `database_url`, which must be empty
/// unless `force`, and its photos into `photos`; checks every file and every table's rows,
/// then migrates and starts a new sync epoch.
pub async fn restore(
    from: &Path,
    database_url: &str,
    photos: &PhotoStore,
    force: bool,
) -> Result<Manifest, BackupError> {
    let manifest_path = from.join(MANIFEST);
    let text = std::fs::read_to_string(&manifest_path).map_err(io(&manifest_path))?;
    let manifest: Manifest =
        serde_json::from_str(&text).map_err(|e| BackupError::Damaged(e.to_string()))?;
    for (name, sum) in &manifest.files {
        let path = from.join(name);
        if &sha256_of(&path)? != sum {
            return Err(BackupError::Damaged(format!(
                "{name} does not match its checksum"
            )));
        }
    }
    let restored = if database_url.starts_with("sqlite:") {
        restore_sqlite(from, database_url, force).await?
    } else {
        restore_postgres(from, database_url, force).await?
    };
    let tables = match &restored {
        Db::Sqlite(pool) => sqlite_counts(&mut *pool.acquire().await?).await?,
        Db::Postgres(pool) => pg_counts(&mut *pool.acquire().await?).await?,
    };
    if tables != manifest.tables {
        return Err(BackupError::Damaged(
            "row counts differ from the manifest".into(),
        ));
    }
    for name in manifest.files.keys() {
        if let Some(photo) = name.strip_prefix(PHOTOS).and_then(|n| n.strip_prefix('/')) {
            let path = from.join(name);
            let bytes = std::fs::read(&path).map_err(io(&path))?;
            photos.restore(photo, bytes.into()).await?;
        }
    }
    restored.migrate().await?;
    crate::db::sync_epoch::start_new(&restored).await?;
    Ok(manifest)
}

async fn restore_sqlite(from: &Path, database_url: &str, force: bool) -> Result<Db, BackupError> {
    let path = PathBuf::from(
        database_url
            .trim_start_matches("sqlite:")
            .split('?')
            .next()
            .unwrap_or_default(),
    );
    let occupied = std::fs::metadata(&path).is_ok_and(|m| m.len() > 0);
    if occupied && !force {
        return Err(BackupError::NotEmptyTarget);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    for suffix in ["", "-wal", "-shm"] {
        let old = PathBuf::from(format!("{}{suffix}", path.display()));
        if old.exists() {
            std::fs::remove_file(&old).map_err(io(&old))?;
        }
    }
    let partial = path.with_extension("restoring");
    std::fs::copy(from.join(SQLITE_FILE), &partial).map_err(io(&partial))?;
    std::fs::rename(&partial, &path).map_err(io(&path))?;
    Ok(Db::connect(database_url).await?)
}

async fn restore_postgres(from: &Path, database_url: &str, force: bool) -> Result<Db, BackupError> {
    let db = Db::connect(database_url).await?;
    let Db::Postgres(pool) = &db else {
        return Err(BackupError::Damaged("not a PostgreSQL URL".into()));
    };
    let (tables,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'",
    )
    .fetch_one(pool)
    .await?;
    if tables > 0 {
        if !force {
            return Err(BackupError::NotEmptyTarget);
        }
        sqlx::query("DROP SCHEMA public CASCADE")
            .execute(pool)
            .await?;
        sqlx::query("CREATE SCHEMA public").execute(pool).await?;
    }
    let dump = from.join(PG_FILE);
    run_tool(
        "pg_restore",
        &[
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            &format!("--dbname={database_url}"),
            &dump.to_string_lossy(),
        ],
    )
    .await?;
    Ok(db)
}

/// Rows per table named by `$tables_sql`, read on one connection (so one snapshot).
macro_rules! count_rows {
    ($conn:expr, $tables_sql:expr) => {{
        let names: Vec<(String,)> = sqlx::query_as($tables_sql).fetch_all(&mut *$conn).await?;
        let mut counts = BTreeMap::new();
        for (name,) in names {
            let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM \"{name}\""))
                .fetch_one(&mut *$conn)
                .await?;
            counts.insert(name, n);
        }
        Ok(counts)
    }};
}

/// Rows per table, every table of the file.
async fn sqlite_counts(
    conn: &mut sqlx::SqliteConnection,
) -> Result<BTreeMap<String, i64>, BackupError> {
    count_rows!(
        conn,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
}

/// Rows per table of the public schema, as the connection's snapshot sees them.
async fn pg_counts(conn: &mut sqlx::PgConnection) -> Result<BTreeMap<String, i64>, BackupError> {
    count_rows!(
        conn,
        "SELECT table_name::TEXT FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
}

async fn run_tool(tool: &'static str, args: &[&str]) -> Result<(), BackupError> {
    let output = tokio::process::Command::new(tool)
        .args(args)
        .output()
        .await
        .map_err(|e| {
            BackupError::Tool(tool, format!("{e} (is the PostgreSQL client installed?)"))
        })?;
    if output.status.success() {
        Ok(())
    } else {
        Err(BackupError::Tool(
            tool,
            String::from_utf8_lossy(&output.stderr).trim().to_string(),
        ))
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

fn sha256_of(path: &Path) -> Result<String, BackupError> {
    let mut file = std::fs::File::open(path).map_err(io(path))?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).map_err(io(path))?;
    Ok(hex(&hasher.finalize()))
}
