//! The phone's IndexedDB: `meta`, `outbox`, one store per synced table, `rejected`.
//! Values are JSON strings, so the stores hold exactly what the protocol carries.
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The database name; one per origin, wiped at logout.
pub const DB_NAME: &str = "homeroom";
const DB_VERSION: u32 = 1;

/// The synced tables the phone keeps.
pub const TABLES: [&str; 4] = ["check_entry", "student", "school_class", "check_item"];
/// Stores besides the tables.
pub const META: &str = "meta";
/// Mutations not yet acknowledged, keyed by their zero-padded seq.
pub const OUTBOX: &str = "outbox";
/// Mutations the server refused, for the user to see.
pub const REJECTED: &str = "rejected";

/// A failure of the phone's storage, shown as "could not save on this phone".
#[derive(Debug, Clone, thiserror::Error)]
#[error("IndexedDB: {0}")]
pub struct StoreError(pub String);

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
            for store in [META, OUTBOX, REJECTED].into_iter().chain(TABLES) {
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
