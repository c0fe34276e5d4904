//! One sync round: push the outbox in order, then pull every scope until caught up.
use chrono::Utc;
use gloo_net::http::Request;
use indexed_db_futures::database::Database;
use uuid::Uuid;

use super::model::{ClientMeta, LocalRow, Rejected, SyncMeta};
use super::outbox::table_name;
use super::store::{self, KEEP_SENT, META, OUTBOX, REJECTED, SENT, StoreError, TABLES, seq_key};
use crate::domain::role::Principal;
use crate::sync::tables::per_table_cursors;
use crate::sync::{
    Mutation, Op, PullRequest, PullResponse, PushGap, PushRequest, PushResponse, Status,
    resend_after,
};

/// Mutations per push request.
const PUSH_BATCH: usize = 100;
/// Changes per pull page.
const PULL_PAGE: u32 = 1000;

/// Why a round stopped; the outbox is kept in every case.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SyncError {
    #[error("offline")]
    Offline,
    #[error("signed out")]
    Unauthorized,
    #[error("server answered {0}")]
    Server(u16),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<indexed_db_futures::error::Error> for SyncError {
    fn from(e: indexed_db_futures::error::Error) -> Self {
        SyncError::Store(e.into())
    }
}

/// The phone's client for `who`: created on first use; another user's data is wiped
/// first, so an outbox is never pushed under someone else.
pub async fn ensure_client(who: &Principal) -> Result<(Database, ClientMeta), StoreError> {
    let db = store::open().await?;
    let existing: Option<ClientMeta> = {
        let tx = store::read_tx(&db, &[META])?;
        store::get(&tx.object_store(META)?, "client").await?
    };
    let someone_else = match existing {
        Some(meta) if meta.user_id == who.user_id => {
            store::put_meta_principal(&db, who).await?;
            return Ok((db, meta));
        }
        other => other.is_some(),
    };
    let db = if someone_else {
        db.close();
        store::wipe().await?;
        store::open().await?
    } else {
        db
    };
    let meta = ClientMeta {
        client_id: Uuid::now_v7(),
        user_id: who.user_id,
        next_seq: 1,
    };
    let tx = store::write_tx(&db, &[META])?;
    store::put(&tx.object_store(META)?, "client", &meta).await?;
    tx.commit().await?;
    store::put_meta_principal(&db, who).await?;
    Ok((db, meta))
}

/// Pushes, then pulls; true if any row on the phone changed (screens then read again).
pub async fn round(db: &Database) -> Result<bool, SyncError> {
    let pushed = push_outbox(db).await?;
    let pulled = pull_all(db).await?;
    Ok(pushed || pulled)
}

async fn post<B: serde::Serialize>(
    url: &str,
    body: &B,
) -> Result<gloo_net::http::Response, SyncError> {
    let request = Request::post(url)
        .json(body)
        .map_err(|_| SyncError::Offline)?;
    let response = request.send().await.map_err(|_| SyncError::Offline)?;
    match response.status() {
        200 | 409 => Ok(response),
        401 => Err(SyncError::Unauthorized),
        status => Err(SyncError::Server(status)),
    }
}

async fn push_outbox(db: &Database) -> Result<bool, SyncError> {
    let mut settled = false;
    loop {
        let (client, outbox): (ClientMeta, Vec<Mutation>) = {
            let tx = store::read_tx(db, &[META, OUTBOX])?;
            let client = store::get(&tx.object_store(META)?, "client")
                .await?
                .ok_or_else(|| StoreError("no client".into()))?;
            (client, store::all(&tx.object_store(OUTBOX)?).await?)
        };
        if outbox.is_empty() {
            return Ok(settled);
        }
        let batch: Vec<Mutation> = outbox.into_iter().take(PUSH_BATCH).collect();
        let response = post(
            "/api/sync/v1/push",
            &PushRequest {
                client_id: client.client_id,
                mutations: batch.clone(),
            },
        )
        .await?;
        if response.status() == 409 {
            let gap: PushGap = response.json().await.map_err(|_| SyncError::Server(409))?;
            renumber_outbox(db, gap.last_mutation_seq).await?;
            continue;
        }
        let result: PushResponse = response.json().await.map_err(|_| SyncError::Server(200))?;
        settle(db, &batch, &result).await?;
        settled = true;
    }
}

/// Removes acknowledged mutations; a refused one is kept in `rejected` and its
/// optimistic row rolled back.
async fn settle(
    db: &Database,
    batch: &[Mutation],
    result: &PushResponse,
) -> Result<(), StoreError> {
    let stores: Vec<&str> = [OUTBOX, REJECTED, SENT].into_iter().chain(TABLES).collect();
    let tx = store::write_tx(db, &store::with_days(&stores))?;
    let outbox = tx.object_store(OUTBOX)?;
    let rejected = tx.object_store(REJECTED)?;
    let sent = tx.object_store(SENT)?;
    for r in &result.results {
        let Some(m) = batch.iter().find(|m| m.seq == r.seq) else {
            continue;
        };
        store::delete(&outbox, &seq_key(m.seq)).await?;
        if r.status != Status::Rejected {
            store::put(&sent, &seq_key(m.seq), m).await?;
            store::delete(&sent, &seq_key(m.seq.saturating_sub(KEEP_SENT))).await?;
        }
        let table = table_name(m.table);
        let row: Option<LocalRow> = store::get(&tx.object_store(table)?, &m.id.to_string()).await?;
        if r.status == Status::Rejected {
            let reason = r.reason.clone().unwrap_or_default();
            store::put(
                &rejected,
                &seq_key(m.seq),
                &Rejected {
                    mutation: m.clone(),
                    reason,
                },
            )
            .await?;
            match (m.op, row) {
                (Op::Create, Some(row)) => store::delete_row(&tx, table, &row).await?,
                (_, Some(mut row)) => {
                    if let Some(base) = row.base.take() {
                        row.fields = base;
                    }
                    row.pending = false;
                    store::put_row(&tx, table, &row).await?;
                }
                _ => {}
            }
        } else if let Some(mut row) = row {
            row.pending = false;
            store::put_row(&tx, table, &row).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The server has everything up to `last`: what it lost since (a restore) and what waits go
/// into the outbox again, numbered from `last + 1` on (see [`resend_after`]).
async fn renumber_outbox(db: &Database, last: i64) -> Result<(), StoreError> {
    let tx = store::write_tx(db, &[META, OUTBOX, SENT])?;
    let meta_store = tx.object_store(META)?;
    let outbox = tx.object_store(OUTBOX)?;
    let sent = tx.object_store(SENT)?;
    let mut client: ClientMeta = store::get(&meta_store, "client")
        .await?
        .ok_or_else(|| StoreError("no client".into()))?;
    let acknowledged: Vec<Mutation> = store::all(&sent).await?;
    for m in acknowledged.iter().filter(|m| m.seq > last) {
        store::delete(&sent, &seq_key(m.seq)).await?;
    }
    let again = resend_after(last, acknowledged, store::all(&outbox).await?);
    outbox.clear()?.await?;
    let mut seq = last;
    for m in again {
        seq = m.seq;
        store::put(&outbox, &seq_key(seq), &m).await?;
    }
    client.next_seq = seq + 1;
    store::put(&meta_store, "client", &client).await?;
    tx.commit().await?;
    Ok(())
}

async fn pull_all(db: &Database) -> Result<bool, SyncError> {
    let mut changed = false;
    loop {
        let (client, sync): (ClientMeta, SyncMeta) = {
            let tx = store::read_tx(db, &[META])?;
            let meta = tx.object_store(META)?;
            let client = store::get(&meta, "client")
                .await?
                .ok_or_else(|| StoreError("no client".into()))?;
            (client, store::get(&meta, "sync").await?.unwrap_or_default())
        };
        let request = PullRequest {
            client_id: client.client_id,
            // Cursors saved by a build from before per-table cursors are carried over here;
            // the page's cursors that replace them are per table.
            cursors: per_table_cursors(&sync.cursors),
            limit: Some(PULL_PAGE),
            epoch: sync.epoch.clone(),
            tables: Some(TABLES.map(String::from).to_vec()),
        };
        let page: PullResponse = post("/api/sync/v1/pull", &request)
            .await?
            .json()
            .await
            .map_err(|_| SyncError::Server(200))?;
        apply_page(db, &page).await?;
        changed |= !page.changes.is_empty()
            || !page.removed_scopes.is_empty()
            || !page.reset_scopes.is_empty();
        if !page.has_more {
            return Ok(changed);
        }
    }
}

/// Writes a pulled page and its cursors in one transaction. Rows with a local edit still
/// waiting are left alone: the next pull brings them back merged.
async fn apply_page(db: &Database, page: &PullResponse) -> Result<(), StoreError> {
    let dropped: Vec<&String> = page
        .removed_scopes
        .iter()
        .chain(&page.reset_scopes)
        .collect();
    // A page with nothing in it only moves the clock: leave the tables free for the user's writes.
    let mut stores = vec![META];
    if !page.changes.is_empty() || !dropped.is_empty() {
        stores.extend(TABLES);
    }
    let tx = store::write_tx(db, &store::with_days(&stores))?;
    if !dropped.is_empty() {
        for table in TABLES {
            for row in store::all::<LocalRow>(&tx.object_store(table)?).await? {
                if dropped.contains(&&row.scope) {
                    store::delete_row(&tx, table, &row).await?;
                }
            }
        }
    }
    for change in &page.changes {
        let table = change.table.as_str();
        // The server serves only the tables the pull named; anything else is its fault, and
        // skipping it would move the cursor past rows for good.
        if !TABLES.contains(&table) {
            return Err(StoreError(format!("the server sent rows of {table}")));
        }
        let local: Option<LocalRow> =
            store::get(&tx.object_store(table)?, &change.id.to_string()).await?;
        match local {
            Some(row) if row.pending => {}
            Some(row) if change.deleted => store::delete_row(&tx, table, &row).await?,
            None if change.deleted => {}
            _ => store::put_row(&tx, table, &LocalRow::from_change(change)).await?,
        }
    }
    let meta = tx.object_store(META)?;
    let mut sync: SyncMeta = store::get(&meta, "sync").await?.unwrap_or_default();
    sync.cursors = page.cursors.clone();
    sync.last_sync = Some(Utc::now());
    sync.epoch = page.epoch.clone().or(sync.epoch);
    store::put(&meta, "sync", &sync).await?;
    tx.commit().await?;
    Ok(())
}
