//! Local writes: the outbox entry and the optimistic row in one durable transaction, so
//! 已保存到本机 is only ever shown for something that is on the phone's disk.
use chrono::Utc;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::model::{ClientMeta, LocalRow};
use super::photos::{self, PHOTOS, UPLOADS};
use super::store::{self, META, OUTBOX, StoreError, seq_key};
use crate::domain::photos::PhotoId;
use crate::sync::payload::Payload;
use crate::sync::tables::SyncedTable;
use crate::sync::{Mutation, Op, Table};

/// Saves a new row in `scope`, to be pushed as `create`.
pub async fn create<P: Payload>(id: Uuid, scope: String, payload: &P) -> Result<(), StoreError> {
    create_with_photos(id, scope, payload, &[]).await
}

/// Saves a new row naming `photos`: those taken on this phone join the upload queue in the
/// same transaction.
pub async fn create_with_photos<P: Payload>(
    id: Uuid,
    scope: String,
    payload: &P,
    photos: &[PhotoId],
) -> Result<(), StoreError> {
    create_all_with_photos(&[(id, scope, payload)], photos).await
}

/// Saves new rows, each `(id, scope, payload)`, in one transaction: all are kept or none (the
/// copies of a grade's activity, one for each class). Photos as [`create_with_photos`].
pub async fn create_all_with_photos<P: Payload>(
    rows: &[(Uuid, String, &P)],
    photos: &[PhotoId],
) -> Result<(), StoreError> {
    const { assert!(matches!(P::OP, Op::Create), "a create payload") };
    let mut writes = Vec::with_capacity(rows.len());
    for (id, scope, payload) in rows {
        writes.push(Write {
            id: *id,
            scope: scope.clone(),
            fields: payload.to_fields()?,
        });
    }
    write(P::TABLE, Op::Create, writes, photos).await
}

/// Changes fields of an existing row, to be pushed as `patch`.
pub async fn patch<P: Payload>(id: Uuid, payload: &P) -> Result<(), StoreError> {
    patch_with_photos(id, payload, &[]).await
}

/// Changes fields of an existing row that now names `photos`, queueing those taken here.
pub async fn patch_with_photos<P: Payload>(
    id: Uuid,
    payload: &P,
    photos: &[PhotoId],
) -> Result<(), StoreError> {
    patch_all_with_photos(&[id], payload, photos).await
}

/// The same change to each of the rows `ids`, in one transaction: all are changed or none
/// (the copies of a grade's activity). Photos as [`patch_with_photos`].
pub async fn patch_all_with_photos<P: Payload>(
    ids: &[Uuid],
    payload: &P,
    photos: &[PhotoId],
) -> Result<(), StoreError> {
    const { assert!(matches!(P::OP, Op::Patch), "a patch payload") };
    let fields = payload.to_fields()?;
    let writes = ids
        .iter()
        .map(|&id| Write {
            id,
            scope: String::new(),
            fields: fields.clone(),
        })
        .collect();
    write(P::TABLE, Op::Patch, writes, photos).await
}

/// One row a local write changes: its id, its scope (for a new row) and the fields its
/// mutation carries.
struct Write {
    id: Uuid,
    scope: String,
    fields: Map<String, Value>,
}

/// Writes each row and its numbered mutation, and queues `photo_ids`, in one transaction: a
/// create makes a new row, a patch changes the one the phone holds.
async fn write(
    table: Table,
    op: Op,
    writes: Vec<Write>,
    photo_ids: &[PhotoId],
) -> Result<(), StoreError> {
    let name = table_name(table);
    let db = store::open().await?;
    let mut stores = store::with_days(&[META, OUTBOX, name]);
    if !photo_ids.is_empty() {
        stores.extend([PHOTOS, UPLOADS]);
    }
    let tx = store::write_tx(&db, &stores)?;
    let asked = writes
        .iter()
        .map(|w| store::ask_row(&tx, name, &w.id.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let mut client: ClientMeta = store::get(&tx.object_store(META)?, "client")
        .await?
        .ok_or_else(|| StoreError("no client".into()))?;
    let existing = store::rows_asked(asked).await?;
    for (w, existing) in writes.into_iter().zip(existing) {
        let mut row = match (op, existing) {
            (Op::Patch, Some(held)) => held,
            _ => LocalRow {
                id: w.id,
                scope: w.scope,
                change_seq: 0,
                fields: Value::Null,
                pending: true,
                base: None,
            },
        };
        if op == Op::Patch && !row.pending {
            row.base = Some(row.fields.clone());
        }
        row.pending = true;
        merge(&mut row.fields, &w.fields);
        let mutation = Mutation {
            seq: client.next_seq,
            op,
            table,
            id: w.id,
            base_version: None,
            fields: w.fields,
            client_recorded_at: Utc::now(),
        };
        store::put(&tx, OUTBOX, &seq_key(mutation.seq), &mutation)?;
        store::put_row(&tx, name, &row)?;
        client.next_seq += 1;
    }
    photos::queue(&tx, photo_ids).await?;
    store::put(&tx, META, "client", &client)?;
    tx.commit().await
}

/// The store that keeps a table's rows.
pub fn table_name(table: Table) -> &'static str {
    SyncedTable::from(table).name()
}

fn merge(target: &mut Value, fields: &Map<String, Value>) {
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Value::Object(map) = target {
        for (k, v) in fields {
            map.insert(k.clone(), v.clone());
        }
    }
}
