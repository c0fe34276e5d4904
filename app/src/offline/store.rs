//! The phone's IndexedDB: `meta`, `outbox`, `sent`, one store per synced table, `rejected`,
//! and the photos (see [`super::photos`]).
//! Values are JSON strings, so the stores hold exactly what the protocol carries; a photo is
//! a blob.
use std::cell::RefCell;
use std::ops::Deref;

use indexed_db_futures::database::Database;
use indexed_db_futures::future::VoidRequest;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{
    Transaction, TransactionDurability, TransactionMode, TransactionOptions,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use super::mirror::{self, Writes};
use super::model::{DATED_TABLE, LocalRow};
use super::photos::{PHOTOS, UPLOADS};
use crate::sync::tables::{SyncedTable, V1_TABLES};

/// The database name.
pub const DB_NAME: &str = crate::sync::PHONE_DB;
/// A store can only be added in a version upgrade, and each synced table has a store: the
/// version grows with the registry, so a new table always gets its store.
/// Version 6 added the photo stores.
const DB_VERSION: u32 = 6 + (TABLES.len() - V1_TABLES.len()) as u32;

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

thread_local! {
    /// The page's one connection: opening costs more than most of the reads and writes.
    static OPEN: RefCell<Option<Database>> = const { RefCell::new(None) };
}

/// The phone's database: opened (and on first use created) once per page, then kept open.
pub async fn open() -> Result<Database, StoreError> {
    if let Some(db) = OPEN.with(|open| open.borrow().clone()) {
        return Ok(db);
    }
    let db = Database::open(DB_NAME)
        .with_version(DB_VERSION)
        .with_on_upgrade_needed(|_event, db| {
            for store in [META, OUTBOX, REJECTED, SENT, ENTRY_DAYS, PHOTOS, UPLOADS]
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
    // Another call may have opened one meanwhile: keep one connection per page.
    if let Some(open) = OPEN.with(|open| open.borrow().clone()) {
        db.close();
        return Ok(open);
    }
    let connection: &web_sys::IdbDatabase = db.as_sys();
    // Another tab's upgrade or wipe waits for this connection; the browser may also close it.
    let on_version_change = Closure::once_into_js(let_go);
    connection.set_onversionchange(Some(on_version_change.unchecked_ref()));
    let on_close = Closure::once_into_js(let_go);
    connection.set_onclose(Some(on_close.unchecked_ref()));
    OPEN.with(|open| *open.borrow_mut() = Some(db.clone()));
    Ok(db)
}

/// Closes the page's connection and forgets what memory holds of the store.
fn let_go() {
    if let Some(db) = OPEN.with(|open| open.borrow_mut().take()) {
        db.close();
    }
    mirror::forget_all();
}

/// Deletes the whole database (logout, or another user on this phone).
pub async fn wipe() -> Result<(), StoreError> {
    let_go();
    Database::delete_by_name(DB_NAME)?.await?;
    Ok(())
}

/// Keys that sort like numbers, for the outbox and rejections.
pub fn seq_key(seq: i64) -> String {
    format!("{seq:016}")
}

/// A readwrite transaction. Its writes are sent to IndexedDB as they are made and awaited
/// together at the commit (one after another they would cost an event-loop turn each), and
/// the rows it writes reach memory only once it has committed.
pub struct WriteTx<'a> {
    tx: Transaction<'a>,
    sent: RefCell<Vec<VoidRequest>>,
    rows: RefCell<Writes>,
}

impl<'a> Deref for WriteTx<'a> {
    type Target = Transaction<'a>;

    fn deref(&self) -> &Transaction<'a> {
        &self.tx
    }
}

impl WriteTx<'_> {
    /// Waits for every write (IndexedDB runs them in order, so in order is no slower),
    /// commits, then lets memory follow.
    pub async fn commit(self) -> Result<(), StoreError> {
        for write in self.sent.into_inner() {
            write.await?;
        }
        self.tx.commit().await?;
        self.rows.into_inner().committed();
        Ok(())
    }

    fn send(&self, request: VoidRequest) {
        self.sent.borrow_mut().push(request);
    }
}

/// A readwrite transaction whose commit means the data is on disk (strict durability).
pub fn write_tx<'a>(db: &'a Database, stores: &[&str]) -> Result<WriteTx<'a>, StoreError> {
    readwrite(db, stores, TransactionDurability::Strict)
}

/// A readwrite transaction for hints (such as item use counts) that may be lost in a crash:
/// relaxed durability, so it costs no fsync next to the user's saves.
pub fn hint_tx<'a>(db: &'a Database, stores: &[&str]) -> Result<WriteTx<'a>, StoreError> {
    readwrite(db, stores, TransactionDurability::Relaxed)
}

fn readwrite<'a>(
    db: &'a Database,
    stores: &[&str],
    durability: TransactionDurability,
) -> Result<WriteTx<'a>, StoreError> {
    let mut options = TransactionOptions::new();
    options.set_durability(durability);
    let tx = db
        .transaction(stores.to_vec())
        .with_mode(TransactionMode::Readwrite)
        .with_options(options)
        .build()?;
    Ok(WriteTx {
        tx,
        sent: RefCell::default(),
        rows: RefCell::default(),
    })
}

/// A read-only transaction.
pub fn read_tx<'a>(
    db: &'a Database,
    stores: &[&str],
) -> Result<indexed_db_futures::transaction::Transaction<'a>, StoreError> {
    Ok(db.transaction(stores.to_vec()).build()?)
}

/// Writes a value as JSON under `key` of `store`.
pub fn put<T: Serialize>(
    tx: &WriteTx<'_>,
    store: &str,
    key: &str,
    value: &T,
) -> Result<(), StoreError> {
    let json = serde_json::to_string(value)?;
    tx.send(
        tx.object_store(store)?
            .put(json)
            .with_key(key.to_string())
            .without_key_type()
            .primitive()?,
    );
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

/// Removes the value under `key` of `store`.
pub fn delete(tx: &WriteTx<'_>, store: &str, key: &str) -> Result<(), StoreError> {
    tx.send(
        tx.object_store(store)?
            .delete(key.to_string())
            .primitive()?,
    );
    Ok(())
}

/// Removes every value of `store`.
pub fn clear(tx: &WriteTx<'_>, store: &str) -> Result<(), StoreError> {
    tx.send(tx.object_store(store)?.clear()?);
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
    put(&tx, META, "me", who)?;
    tx.commit().await
}

/// The user the phone last synced for, if any (to start offline).
pub async fn last_principal() -> Result<Option<crate::domain::role::Principal>, StoreError> {
    let db = open().await?;
    let tx = read_tx(&db, &[META])?;
    get(&tx.object_store(META)?, "me").await
}

/// The stores a transaction over `tables` needs: the tables, and the day list with entries.
pub fn with_days<'a>(tables: &[&'a str]) -> Vec<&'a str> {
    let mut stores = tables.to_vec();
    if stores.contains(&DATED_TABLE) && !stores.contains(&ENTRY_DAYS) {
        stores.push(ENTRY_DAYS);
    }
    stores
}

/// `<date>/<id>` of a check entry, where it is listed by day.
fn day_key(row: &LocalRow) -> Option<String> {
    Some(format!("{}/{}", row.day()?, row.id))
}

/// Writes a row of `table` (check entries are also listed under their day).
pub fn put_row(tx: &WriteTx<'_>, table: &'static str, row: &LocalRow) -> Result<(), StoreError> {
    put(tx, table, &row.id.to_string(), row)?;
    if table == DATED_TABLE
        && let Some(day) = day_key(row)
    {
        put(tx, ENTRY_DAYS, &day, &row.id)?;
    }
    tx.rows.borrow_mut().put(table, row);
    Ok(())
}

/// Removes a row of `table` (and a check entry from its day).
pub fn delete_row(tx: &WriteTx<'_>, table: &'static str, row: &LocalRow) -> Result<(), StoreError> {
    delete(tx, table, &row.id.to_string())?;
    if table == DATED_TABLE
        && let Some(day) = day_key(row)
    {
        delete(tx, ENTRY_DAYS, &day)?;
    }
    tx.rows.borrow_mut().delete(table, row.id);
    Ok(())
}

/// Asks for the row of `table` with `id` now, to be read later: rows asked for one after
/// another are looked up back to back, not one event-loop turn each.
pub fn ask_row(
    tx: &Transaction<'_>,
    table: &str,
    id: &str,
) -> Result<impl Future<Output = Result<Option<LocalRow>, StoreError>> + use<>, StoreError> {
    let asked = tx.object_store(table)?.get(id.to_string()).primitive()?;
    Ok(async move {
        let text: Option<String> = asked.await?;
        Ok(text.map(|t| serde_json::from_str(&t)).transpose()?)
    })
}

/// Reads the answers to [`ask_row`], in order.
pub async fn rows_asked(
    asked: Vec<impl Future<Output = Result<Option<LocalRow>, StoreError>>>,
) -> Result<Vec<Option<LocalRow>>, StoreError> {
    let mut rows = Vec::with_capacity(asked.len());
    for row in asked {
        rows.push(row.await?);
    }
    Ok(rows)
}

/// The ids of the check entries of `date`.
pub async fn entry_ids_on(
    tx: &Transaction<'_>,
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
