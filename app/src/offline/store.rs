//! The phone's IndexedDB: `meta`, `outbox`, `sent`, one store per synced table, `rejected`.
//! Values are JSON strings, so the stores hold exactly what the protocol carries.
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::sync::tables::{SyncedTable, V1_TABLES};

/// The database name; one per origin, wiped at logout.
pub const DB_NAME: &str = "homeroom";
/// A store can only be added in a version upgrade, and each synced table has a store: the
/// version grows with the registry, so a new table always gets its store.
const DB_VERSION: u32 = 5 + (TABLES.len() - V1_TABLES.len()) as u32;

/// The synced tables the phone keeps, one store each: the registry's names.
pub const TABLES: [&str; SyncedTable::ALL.len()] = {
    let mut names = [""; SyncedTable::ALL.len()];
    let mut i = 0;
    // Evaluated by the compiler: an index out of range fails the build, not the phone.
    #[allow(clippy::indexing_slicing)]
    while i < names.len() {
        names[i] = SyncedTable::ALL[i].name();
        i += 1;
    }
    names
};
/// Stores besides the tables.
pub const META: &str = "meta";
/// Mutations not yet acknowledged, keyed by their zero-padded seq.
pub const OUTBOX: &str = "outbox";
/// Mutations the server refused, for the user to see.
pub const REJECTED: &str = "rejected";
/// Mutations the server acknowledged, kept (the newest [`KEEP_SENT`]) to send again to a
/// server restored from a backup older than them.
pub const SENT: &str = "sent";
/// How many acknowledged mutations the phone keeps: months of a teacher's records.
pub const KEEP_SENT: i64 = 10_000;
/// Check entries listed by day (`<date>/<id>`), so Today reads one day, not the term.
pub const ENTRY_DAYS: &str = "entry_day";

/// A failure of the phone's storage, shown as "could not save on this phone".
#[derive(Debug, Clone, thiserror::Error)]
#[error("IndexedDB: {0}")]
pub struct StoreError(pub String);

impl StoreError {
    /// True when the browser refused for lack of space (a `QuotaExceededError`).
    pub fn is_full(&self) -> bool {
        self.0.contains("QuotaExceededError")
    }
}

impl From<indexed_db_futures::error::Error> for StoreError {
    fn from(e: indexed_db_futures::error::Error) -> Self {
        StoreError(e.to_string())
    }
}

impl From<indexed_db_futures::error::OpenDbError> for StoreError {
    fn from(e: indexed_db_futures::error::OpenDbError) -> Self {
        StoreError(e.to_string())
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError(e.to_string())
    }
}

/// Opens (and on first use creates) the phone's database.
pub async fn open() -> Result<Database, StoreError> {
    let db = Database::open(DB_NAME)
        .with_version(DB_VERSION)
        .with_on_upgrade_needed(|_event, db| {
            for store in [META, OUTBOX, REJECTED, SENT, ENTRY_DAYS]
                .into_iter()
                .chain(TABLES)
            {
                if !db.object_store_names().any(|n| n == store) {
                    db.create_object_store(store).build()?;
                }
            }
            Ok(())
        })
        .await?;
    Ok(db)
}

/// Deletes the whole database (logout, or another user on this phone).
pub async fn wipe() -> Result<(), StoreError> {
    Database::delete_by_name(DB_NAME)?.await?;
    Ok(())
}

/// Keys that sort like numbers, for the outbox and rejections.
pub fn seq_key(seq: i64) -> String {
    format!("{seq:016}")
}

/// A readwrite transaction whose commit means the data is on disk (strict durability).
pub fn write_tx<'a>(
    db: &'a Database,
    stores: &[&str],
) -> Result<indexed_db_futures::transaction::Transaction<'a>, StoreError> {
    let mut options = TransactionOptions::new();
    options.set_durability(TransactionDurability::Strict);
    Ok(db
        .transaction(stores.to_vec())
        .with_mode(TransactionMode::Readwrite)
        .with_options(options)
        .build()?)
}

/// A readwrite transaction for hints (such as item use counts) that may be lost in a crash:
/// relaxed durability, so it costs no fsync next to the user's saves.
pub fn hint_tx<'a>(
    db: &'a Database,
    stores: &[&str],
) -> Result<indexed_db_futures::transaction::Transaction<'a>, StoreError> {
    let mut options = TransactionOptions::new();
    options.set_durability(TransactionDurability::Relaxed);
    Ok(db
        .transaction(stores.to_vec())
        .with_mode(TransactionMode::Readwrite)
        .with_options(options)
        .build()?)
}

/// A read-only transaction.
pub fn read_tx<'a>(
    db: &'a Database,
    stores: &[&str],
) -> Result<indexed_db_futures::transaction::Transaction<'a>, StoreError> {
    Ok(db.transaction(stores.to_vec()).build()?)
}

/// Writes a value as JSON under `key`.
pub async fn put<T: Serialize>(
    store: &indexed_db_futures::object_store::ObjectStore<'_>,
    key: &str,
    value: &T,
) -> Result<(), StoreError> {
    store
        .put(serde_json::to_string(value)?)
        .with_key(key.to_string())
        .primitive()?
        .await?;
    Ok(())
}

/// Reads the JSON value under `key`.
pub async fn get<T: DeserializeOwned>(
    store: &indexed_db_futures::object_store::ObjectStore<'_>,
    key: &str,
) -> Result<Option<T>, StoreError> {
    let text: Option<String> = store.get(key.to_string()).primitive()?.await?;
    Ok(match text {
        Some(text) => Some(serde_json::from_str(&text)?),
        None => None,
    })
}

/// Every value of a store, in key order.
pub async fn all<T: DeserializeOwned>(
    store: &indexed_db_futures::object_store::ObjectStore<'_>,
) -> Result<Vec<T>, StoreError> {
    let texts = store.get_all::<String>().primitive()?.await?;
    texts.map(|t| Ok(serde_json::from_str(&t?)?)).collect()
}

/// Removes the value under `key`.
pub async fn delete(
    store: &indexed_db_futures::object_store::ObjectStore<'_>,
    key: &str,
) -> Result<(), StoreError> {
    store.delete(key.to_string()).primitive()?.await?;
    Ok(())
}

/// How many values a store holds.
pub async fn count(
    store: &indexed_db_futures::object_store::ObjectStore<'_>,
) -> Result<u32, StoreError> {
    Ok(store.count().primitive()?.await?)
}

/// Keeps the signed-in user on the phone, for starting offline.
pub async fn put_meta_principal(
    db: &Database,
    who: &crate::domain::role::Principal,
) -> Result<(), StoreError> {
    let tx = write_tx(db, &[META])?;
    put(&tx.object_store(META)?, "me", who).await?;
    tx.commit().await?;
    Ok(())
}

/// The user the phone last synced for, if any (to start offline).
pub async fn last_principal() -> Result<Option<crate::domain::role::Principal>, StoreError> {
    let db = open().await?;
    let who = async {
        let tx = read_tx(&db, &[META])?;
        get(&tx.object_store(META)?, "me").await
    }
    .await;
    db.close();
    who
}

/// The stores a transaction over `tables` needs: the tables, and the day list with entries.
pub fn with_days<'a>(tables: &[&'a str]) -> Vec<&'a str> {
    let mut stores = tables.to_vec();
    if stores.contains(&"check_entry") && !stores.contains(&ENTRY_DAYS) {
        stores.push(ENTRY_DAYS);
    }
    stores
}

/// `<date>/<id>` of a check entry, where it is listed by day.
fn day_key(row: &super::model::LocalRow) -> Option<String> {
    let date = row.fields.get("date")?.as_str()?;
    Some(format!("{date}/{}", row.id))
}

/// Writes a row of `table` (check entries are also listed under their day).
pub async fn put_row(
    tx: &indexed_db_futures::transaction::Transaction<'_>,
    table: &str,
    row: &super::model::LocalRow,
) -> Result<(), StoreError> {
    put(&tx.object_store(table)?, &row.id.to_string(), row).await?;
    if table == "check_entry"
        && let Some(day) = day_key(row)
    {
        put(&tx.object_store(ENTRY_DAYS)?, &day, &row.id).await?;
    }
    Ok(())
}

/// Removes a row of `table` (and a check entry from its day).
pub async fn delete_row(
    tx: &indexed_db_futures::transaction::Transaction<'_>,
    table: &str,
    row: &super::model::LocalRow,
) -> Result<(), StoreError> {
    delete(&tx.object_store(table)?, &row.id.to_string()).await?;
    if table == "check_entry"
        && let Some(day) = day_key(row)
    {
        delete(&tx.object_store(ENTRY_DAYS)?, &day).await?;
    }
    Ok(())
}

/// The ids of the check entries of `date`.
pub async fn entry_ids_on(
    tx: &indexed_db_futures::transaction::Transaction<'_>,
    date: chrono::NaiveDate,
) -> Result<Vec<String>, StoreError> {
    let range =
        indexed_db_futures::KeyRange::Bound(format!("{date}/"), false, format!("{date}/~"), false);
    let keys = tx
        .object_store(ENTRY_DAYS)?
        .get_all_keys::<String>()
        .with_query::<String, _>(range)
        .primitive()?
        .await?;
    keys.map(|k| {
        Ok(k?
            .split_once('/')
            .map(|(_, id)| id.to_string())
            .unwrap_or_default())
    })
    .collect()
}
