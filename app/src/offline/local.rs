//! What the screens read from the phone: rows of a table as typed values, from memory once
//! read (see [`super::mirror`]).
use std::collections::HashMap;

use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::mirror::{self, Rows};
use super::model::{DATED_TABLE, LocalRow};
use super::store::{self, StoreError};
use crate::domain::checks::{ItemUsage, RecorderRoles};
use crate::sync::rows::{ClassRow, EntryRow, StudentRow};
use crate::sync::tables::SyncedRow;
use crate::sync::today::with_roles;

/// Every row of `T`'s table that parses as `T`, each with whether a local edit of it waits
/// to sync; rows of another shape are skipped.
pub async fn rows<T: SyncedRow>() -> Result<Vec<(T, bool)>, StoreError> {
    Ok(all_rows(T::TABLE.name())
        .await?
        .values()
        .filter_map(|row| typed(row).map(|t| (t, row.pending)))
        .collect())
}

/// Every row of `table`: from memory, or read from the store once.
async fn all_rows(table: &'static str) -> Result<Rows, StoreError> {
    if let Some(rows) = mirror::whole(table) {
        return Ok(rows);
    }
    let since = mirror::epoch();
    let db = store::open().await?;
    let tx = store::read_tx(&db, &[table])?;
    let rows = store::all::<LocalRow>(&tx.object_store(table)?).await?;
    Ok(mirror::keep_whole(table, rows, since))
}

/// A row's fields (with its id) as `T`, or `None` if they have another shape.
fn typed<T: DeserializeOwned>(row: &LocalRow) -> Option<T> {
    let mut fields = row.fields.as_object()?.clone();
    fields.insert("id".into(), serde_json::json!(row.id));
    serde_json::from_value(serde_json::Value::Object(fields)).ok()
}

/// Every row of `T`'s table, without what the phone keeps beside it.
pub async fn values<T: SyncedRow>() -> Result<Vec<T>, StoreError> {
    Ok(rows::<T>().await?.into_iter().map(|(t, _)| t).collect())
}

/// The classes on the phone, each with the capacities the phone's user records in for it:
/// the user's own classes first, then in school order.
pub async fn classes_with_roles() -> Result<Vec<(ClassRow, RecorderRoles)>, StoreError> {
    let who = store::last_principal().await?;
    Ok(with_roles(who.as_ref(), values::<ClassRow>().await?))
}

/// Every student on the phone, by student number.
pub async fn students() -> Result<Vec<StudentRow>, StoreError> {
    let mut students: Vec<StudentRow> = values().await?;
    students.sort_by(|a, b| a.student_no.cmp(&b.student_no));
    Ok(students)
}

/// A check entry as the screens show it: pending while its row waits for the server.
fn marked(row: &LocalRow) -> Option<EntryRow> {
    typed(row).map(|entry| EntryRow {
        pending: row.pending,
        ..entry
    })
}

/// The check entries, newest first, each marked pending while unacknowledged.
pub async fn entries() -> Result<Vec<EntryRow>, StoreError> {
    let mut entries: Vec<EntryRow> = all_rows(DATED_TABLE)
        .await?
        .values()
        .filter_map(marked)
        .collect();
    entries.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
    Ok(entries)
}

/// The check entries of one day: from memory, or read once through the day list (not the
/// whole store).
pub async fn entries_on(date: chrono::NaiveDate) -> Result<Vec<EntryRow>, StoreError> {
    let day = date.to_string();
    let rows = match mirror::day(&day) {
        Some(rows) => rows,
        None => {
            let since = mirror::epoch();
            let rows = read_day(date, &day).await?;
            mirror::keep_day(&day, &rows, since);
            rows
        }
    };
    Ok(rows.iter().filter_map(marked).collect())
}

/// The check entries of `day`, all asked for at once through the day list; a key left from
/// an entry whose date changed names a row of another day, which is skipped.
async fn read_day(date: chrono::NaiveDate, day: &str) -> Result<Vec<LocalRow>, StoreError> {
    let db = store::open().await?;
    let tx = store::read_tx(&db, &[store::ENTRY_DAYS, DATED_TABLE])?;
    let asked = store::entry_ids_on(&tx, date)
        .await?
        .iter()
        .map(|id| store::ask_row(&tx, DATED_TABLE, id))
        .collect::<Result<_, _>>()?;
    Ok(store::rows_asked(asked)
        .await?
        .into_iter()
        .flatten()
        .filter(|row| row.day() == Some(day))
        .collect())
}

/// How often and how lately the user logged each item on this phone (for Today's order).
pub async fn item_usage() -> Result<HashMap<Uuid, ItemUsage>, StoreError> {
    let db = store::open().await?;
    let tx = store::read_tx(&db, &[store::META])?;
    Ok(store::get(&tx.object_store(store::META)?, "item_usage")
        .await?
        .unwrap_or_default())
}

/// Counts one more use of an item; a hint for ordering, so not part of the entry's write.
pub async fn note_item_use(item_id: Uuid) -> Result<(), StoreError> {
    let db = store::open().await?;
    let tx = store::hint_tx(&db, &[store::META])?;
    let mut usage: HashMap<Uuid, ItemUsage> =
        store::get(&tx.object_store(store::META)?, "item_usage")
            .await?
            .unwrap_or_default();
    let used = usage.entry(item_id).or_default();
    used.count += 1;
    used.last = chrono::Utc::now().timestamp();
    store::put(&tx, store::META, "item_usage", &usage)?;
    tx.commit().await
}

/// The draft a form kept under `key`, if any.
pub async fn draft<T: DeserializeOwned>(key: &str) -> Result<Option<T>, StoreError> {
    let db = store::open().await?;
    let tx = store::read_tx(&db, &[store::META])?;
    store::get(&tx.object_store(store::META)?, key).await
}

/// Keeps what a form holds as it is typed (`None` forgets it), so closing the page loses
/// nothing; wiped with the rest of the store at logout.
pub async fn keep_draft<T: serde::Serialize>(
    key: &str,
    value: Option<&T>,
) -> Result<(), StoreError> {
    let db = store::open().await?;
    let tx = store::hint_tx(&db, &[store::META])?;
    match value {
        Some(value) => store::put(&tx, store::META, key, value)?,
        None => store::delete(&tx, store::META, key)?,
    }
    tx.commit().await
}

/// Mutations the server refused, oldest first.
pub async fn rejected() -> Result<Vec<super::model::Rejected>, StoreError> {
    let db = store::open().await?;
    let tx = store::read_tx(&db, &[store::REJECTED])?;
    store::all(&tx.object_store(store::REJECTED)?).await
}

/// Forgets a refusal the user has read.
pub async fn discard_rejected(seq: i64) -> Result<(), StoreError> {
    let db = store::open().await?;
    let tx = store::write_tx(&db, &[store::REJECTED])?;
    store::delete(&tx, store::REJECTED, &store::seq_key(seq))?;
    tx.commit().await
}
