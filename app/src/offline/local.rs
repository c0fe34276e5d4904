//! What the screens read from the phone's store: rows of a table as typed values.
use std::collections::HashMap;

use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::model::LocalRow;
use super::store::{self, StoreError};
use crate::domain::checks::{ItemUsage, RecorderRoles};
use crate::domain::role::ClassPlace;
use crate::sync::rows::{ClassRow, EntryRow, StudentRow};
use crate::sync::tables::SyncedRow;

/// Every row of `T`'s table that parses as `T` (with its id); rows of another shape are
/// skipped.
pub async fn rows<T: SyncedRow>() -> Result<Vec<(LocalRow, T)>, StoreError> {
    Ok(all_rows(T::TABLE.name())
        .await?
        .into_iter()
        .filter_map(|row| typed(&row).map(|t| (row, t)))
        .collect())
}

/// Every row of `table` as stored; one copy of the reading for every row type.
async fn all_rows(table: &str) -> Result<Vec<LocalRow>, StoreError> {
    let db = store::open().await?;
    let all = async {
        let tx = store::read_tx(&db, &[table])?;
        store::all::<LocalRow>(&tx.object_store(table)?).await
    }
    .await;
    db.close();
    all
}

/// A row's fields (with its id) as `T`, or `None` if they have another shape.
fn typed<T: DeserializeOwned>(row: &LocalRow) -> Option<T> {
    let mut fields = row.fields.as_object()?.clone();
    fields.insert("id".into(), serde_json::json!(row.id));
    serde_json::from_value(serde_json::Value::Object(fields)).ok()
}

/// Every row of `T`'s table, without what the phone keeps beside it.
pub async fn values<T: SyncedRow>() -> Result<Vec<T>, StoreError> {
    Ok(rows::<T>().await?.into_iter().map(|(_, t)| t).collect())
}

/// The classes on the phone, each with the capacities the phone's user records in for it:
/// the user's own classes first, then in school order.
pub async fn classes_with_roles() -> Result<Vec<(ClassRow, RecorderRoles)>, StoreError> {
    let who = store::last_principal().await?;
    let mut classes: Vec<(ClassRow, RecorderRoles)> = rows::<ClassRow>()
        .await?
        .into_iter()
        .map(|(_, c)| {
            let roles = who.as_ref().and_then(|who| {
                let place = ClassPlace {
                    class_id: c.id,
                    grade_id: c.grade_id,
                    school_id: who.school_id?,
                };
                Some(who.recorder_roles(&place))
            });
            (c, roles.unwrap_or_default())
        })
        .collect();
    classes.sort_by_key(|(c, r)| (!r.homeroom, c.grade_order, c.sort_order));
    Ok(classes)
}

/// Every student on the phone, by student number.
pub async fn students() -> Result<Vec<StudentRow>, StoreError> {
    let mut students: Vec<StudentRow> = values().await?;
    students.sort_by(|a, b| a.student_no.cmp(&b.student_no));
    Ok(students)
}

/// A check entry as the screens show it: pending while its row waits for the server.
fn marked(row: &LocalRow, entry: EntryRow) -> EntryRow {
    EntryRow {
        pending: row.pending,
        ..entry
    }
}

/// The check entries, newest first, each marked pending while unacknowledged.
pub async fn entries() -> Result<Vec<EntryRow>, StoreError> {
    let mut entries: Vec<EntryRow> = rows::<EntryRow>()
        .await?
        .into_iter()
        .map(|(row, entry)| marked(&row, entry))
        .collect();
    entries.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
    Ok(entries)
}

/// The check entries of one day, read through the day list (not the whole store).
pub async fn entries_on(date: chrono::NaiveDate) -> Result<Vec<EntryRow>, StoreError> {
    let db = store::open().await?;
    let read = async {
        let tx = store::read_tx(&db, &[store::ENTRY_DAYS, "check_entry"])?;
        let rows = tx.object_store("check_entry")?;
        let mut entries = Vec::new();
        for id in store::entry_ids_on(&tx, date).await? {
            let Some(row) = store::get::<LocalRow>(&rows, &id).await? else {
                continue;
            };
            entries.extend(typed(&row).map(|e| marked(&row, e)));
        }
        Ok(entries)
    }
    .await;
    db.close();
    read
}

/// How often and how lately the user logged each item on this phone (for Today's order).
pub async fn item_usage() -> Result<HashMap<Uuid, ItemUsage>, StoreError> {
    let db = store::open().await?;
    let read = async {
        let tx = store::read_tx(&db, &[store::META])?;
        store::get(&tx.object_store(store::META)?, "item_usage").await
    }
    .await;
    db.close();
    Ok(read?.unwrap_or_default())
}

/// Counts one more use of an item; a hint for ordering, so not part of the entry's write.
pub async fn note_item_use(item_id: Uuid) -> Result<(), StoreError> {
    let db = store::open().await?;
    let done = async {
        let tx = store::hint_tx(&db, &[store::META])?;
        let meta = tx.object_store(store::META)?;
        let mut usage: HashMap<Uuid, ItemUsage> =
            store::get(&meta, "item_usage").await?.unwrap_or_default();
        let used = usage.entry(item_id).or_default();
        used.count += 1;
        used.last = chrono::Utc::now().timestamp();
        store::put(&meta, "item_usage", &usage).await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    db.close();
    done
}

/// Mutations the server refused, oldest first.
pub async fn rejected() -> Result<Vec<super::model::Rejected>, StoreError> {
    let db = store::open().await?;
    let all = async {
        let tx = store::read_tx(&db, &[store::REJECTED])?;
        store::all(&tx.object_store(store::REJECTED)?).await
    }
    .await;
    db.close();
    all
}

/// Forgets a refusal the user has read.
pub async fn discard_rejected(seq: i64) -> Result<(), StoreError> {
    let db = store::open().await?;
    let done = async {
        let tx = store::write_tx(&db, &[store::REJECTED])?;
        store::delete(&tx.object_store(store::REJECTED)?, &store::seq_key(seq)).await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    db.close();
    done
}
