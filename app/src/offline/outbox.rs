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
    const { assert!(matches!(P::OP, Op::Create), "a create payload") };
    let fields = payload.to_fields()?;
    write(P::TABLE, Op::Create, id, fields, photos, move |_| {
        LocalRow {
            id,
            scope,
            change_seq: 0,
            fields: Value::Null,
            pending: true,
            base: None,
        }
    })
    .await
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
    const { assert!(matches!(P::OP, Op::Patch), "a patch payload") };
    let fields = payload.to_fields()?;
    write(P::TABLE, Op::Patch, id, fields, photos, |existing| {
        existing.unwrap_or(LocalRow {
            id,
            scope: String::new(),
            change_seq: 0,
            fields: Value::Null,
            pending: true,
            base: None,
        })
    })
    .await
}

async fn write(
    table: Table,
    op: Op,
    id: Uuid,
    fields: Map<String, Value>,
    photo_ids: &[PhotoId],
    row_for: impl FnOnce(Option<LocalRow>) -> LocalRow,
) -> Result<(), StoreError> {
    let name = table_name(table);
    let db = store::open().await?;
    let mut stores = store::with_days(&[META, OUTBOX, name]);
    if !photo_ids.is_empty() {
        stores.extend([PHOTOS, UPLOADS]);
    }
    let tx = store::write_tx(&db, &stores)?;
    let existing = store::ask_row(&tx, name, &id.to_string())?;
    let mut client: ClientMeta = store::get(&tx.object_store(META)?, "client")
        .await?
        .ok_or_else(|| StoreError("no client".into()))?;
    let mut row = row_for(existing.await?);
    if op == Op::Patch && !row.pending {
        row.base = Some(row.fields.clone());
    }
    row.pending = true;
    merge(&mut row.fields, &fields);
    let mutation = Mutation {
        seq: client.next_seq,
        op,
        table,
        id,
        base_version: None,
        fields,
        client_recorded_at: Utc::now(),
    };
    store::put(&tx, OUTBOX, &seq_key(mutation.seq), &mutation)?;
    store::put_row(&tx, name, &row)?;
    photos::queue(&tx, photo_ids).await?;
    client.next_seq += 1;
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
