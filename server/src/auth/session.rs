//! Server-side sessions in the school's own database (tower-sessions), signed cookies.
use std::path::Path;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tower_sessions::cookie::{Key, SameSite};
use tower_sessions::service::SignedCookie;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion};
use tower_sessions::{Expiry, SessionManagerLayer, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};
use uuid::Uuid;

use crate::db::Db;

/// The session key under which the signed-in user is kept.
pub const USER_KEY: &str = "user";

/// What a session remembers: the user and the epoch their password had at login.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct SessionUser {
    pub user_id: Uuid,
    pub epoch: i64,
}

/// The session store of whichever database the school runs on.
#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Store {
    /// The store inside `db`; its table is created by [`Db::migrate`].
    pub fn new(db: &Db) -> Store {
        match db {
            Db::Sqlite(pool) => Store::Sqlite(SqliteStore::new(pool.clone())),
            Db::Postgres(pool) => Store::Postgres(PostgresStore::new(pool.clone())),
        }
    }
}

#[async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.create(record).await,
            Store::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.save(record).await,
            Store::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Store::Sqlite(s) => s.load(id).await,
            Store::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.delete(id).await,
            Store::Postgres(s) => s.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for Store {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.delete_expired().await,
            Store::Postgres(s) => s.delete_expired().await,
        }
    }
}

/// How long an idle session lives: a teacher who opens the app weekly stays signed in.
const IDLE_DAYS: i64 = 14;

/// The session layer: HttpOnly, SameSite=Lax, signed with the server's key.
pub fn layer(store: Store, key: Key, secure: bool) -> SessionManagerLayer<Store, SignedCookie> {
    SessionManagerLayer::new(store)
        .with_name("homeroom_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::days(IDLE_DAYS),
        ))
        .with_signed(key)
}

/// Failures reading or creating the session key.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("HOMEROOM_SESSION_SECRET must be at least 64 characters")]
    TooShort,
    #[error("cannot read or write the session key file {0}: {1}")]
    File(String, std::io::Error),
}

/// The signing key: from the configured secret, else from `<data_dir>/session.key`,
/// which is created with fresh random bytes on first run (mode 0600).
pub fn load_key(secret: Option<&str>, data_dir: &Path) -> Result<Key, KeyError> {
    if let Some(secret) = secret {
        return Key::try_from(secret.as_bytes()).map_err(|_| KeyError::TooShort);
    }
    let path = data_dir.join("session.key");
    let file_err = |e| KeyError::File(path.display().to_string(), e);
    match std::fs::read(&path) {
        Ok(bytes) => {
            if let Ok(key) = Key::try_from(bytes.as_slice()) {
                return Ok(key);
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(file_err(e)),
    }
    std::fs::create_dir_all(data_dir).map_err(file_err)?;
    let key = Key::generate();
    write_private(&path, key.master()).map_err(file_err)?;
    Ok(key)
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_key_is_kept_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let first = load_key(None, dir.path()).unwrap();
        let again = load_key(None, dir.path()).unwrap();
        assert_eq!(first.master(), again.master());
        assert!(matches!(
            load_key(Some("short"), dir.path()),
            Err(KeyError::TooShort)
        ));
    }
}
