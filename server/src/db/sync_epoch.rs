//! The sync epoch: an id that changes when a backup is restored, so a phone knows its
//! cursors and acknowledged mutations may be ahead of the server's and starts again.
use uuid::Uuid;

use super::{Db, DbError, on_db};

/// The server's current epoch.
pub async fn current(db: &Db) -> Result<String, DbError> {
    let sql = "SELECT value FROM server_meta WHERE key = 'sync_epoch'";
    let row: Option<(String,)> =
        on_db!(db, pool => sqlx::query_as(sql).fetch_optional(pool).await?);
    row.map(|(epoch,)| epoch)
        .ok_or_else(|| DbError::Corrupt("no sync epoch".into()))
}

/// Starts a new epoch (after a restore).
pub async fn start_new(db: &Db) -> Result<String, DbError> {
    let epoch = Uuid::new_v4().simple().to_string();
    let sql = "INSERT INTO server_meta (key, value) VALUES ('sync_epoch', $1)
               ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    on_db!(db, pool => sqlx::query(sql).bind(&epoch).execute(pool).await.map(|_| ())?);
    Ok(epoch)
}
