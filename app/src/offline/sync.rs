//! One sync round: push the outbox in order, then pull every scope until caught up.
use std::collections::BTreeMap;

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
    Mutation, MutationResult, Op, PullRequest, PullResponse, PushGap, PushRequest, PushResponse,
    Status, resend_after,
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
pub async fn ensure_client(who: &Principal) -> Result<ClientMeta, StoreError> {
    let db = store::open().await?;
    let existing: Option<ClientMeta> = {
        let tx = store::read_tx(&db, &[META])?;
        store::get(&tx.object_store(META)?, "client").await?
    };
    let someone_else = match existing {
        Some(meta) if meta.user_id == who.user_id => {
            store::put_meta_principal(&db, who).await?;
            return Ok(meta);
        }
        other => other.is_some(),
    };
    let db = if someone_else {
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
    store::put(&tx, META, "client", &meta)?;
    tx.commit().await?;
    store::put_meta_principal(&db, who).await?;
    Ok(meta)
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
    let answered: Vec<(&Mutation, &MutationResult)> = result
        .results
        .iter()
        .filter_map(|r| batch.iter().find(|m| m.seq == r.seq).map(|m| (m, r)))
        .collect();
    let rows = answered
        .iter()
        .map(|(m, _)| store::ask_row(&tx, table_name(m.table), &m.id.to_string()))
        .collect::<Result<_, _>>()?;
    let rows = store::rows_asked(rows).await?;
    for ((m, r), row) in answered.into_iter().zip(rows) {
        let table = table_name(m.table);
        store::delete(&tx, OUTBOX, &seq_key(m.seq))?;
        if r.status == Status::Rejected {
            let reason = r.reason.clone().unwrap_or_default();
            let refused = Rejected {
                mutation: m.clone(),
                reason,
            };
            store::put(&tx, REJECTED, &seq_key(m.seq), &refused)?;
            match (m.op, row) {
                (Op::Create, Some(row)) => store::delete_row(&tx, table, &row)?,
                (_, Some(mut row)) => {
                    if let Some(base) = row.base.take() {
                        row.fields = base;
                    }
                    row.pending = false;
                    store::put_row(&tx, table, &row)?;
                }
                _ => {}
            }
            continue;
        }
        store::put(&tx, SENT, &seq_key(m.seq), m)?;
        store::delete(&tx, SENT, &seq_key(m.seq.saturating_sub(KEEP_SENT)))?;
        if let Some(mut row) = row {
            row.pending = false;
            store::put_row(&tx, table, &row)?;
        }
    }
    tx.commit().await
}

/// The server has everything up to `last`: what it lost since (a restore) and what waits go
/// into the outbox again, numbered from `last + 1` on (see [`resend_after`]).
async fn renumber_outbox(db: &Database, last: i64) -> Result<(), StoreError> {
    let tx = store::write_tx(db, &[META, OUTBOX, SENT])?;
    let mut client: ClientMeta = store::get(&tx.object_store(META)?, "client")
        .await?
        .ok_or_else(|| StoreError("no client".into()))?;
    let acknowledged: Vec<Mutation> = store::all(&tx.object_store(SENT)?).await?;
    for m in acknowledged.iter().filter(|m| m.seq > last) {
        store::delete(&tx, SENT, &seq_key(m.seq))?;
    }
    let waiting = store::all(&tx.object_store(OUTBOX)?).await?;
    let again = resend_after(last, acknowledged, waiting);
    store::clear(&tx, OUTBOX)?;
    let mut seq = last;
    for m in again {
        seq = m.seq;
        store::put(&tx, OUTBOX, &seq_key(seq), &m)?;
    }
    client.next_seq = seq + 1;
    store::put(&tx, META, "client", &client)?;
    tx.commit().await
}

/// Pulls pages until caught up; each next page is asked for while the one before is stored.
async fn pull_all(db: &Database) -> Result<bool, SyncError> {
    let (client, sync): (ClientMeta, SyncMeta) = {
        let tx = store::read_tx(db, &[META])?;
        let meta = tx.object_store(META)?;
        let client = store::get(&meta, "client")
            .await?
            .ok_or_else(|| StoreError("no client".into()))?;
        (client, store::get(&meta, "sync").await?.unwrap_or_default())
    };
    // Cursors saved by a build from before per-table cursors are carried over here; the
    // page's cursors that replace them are per table.
    let mut epoch = sync.epoch;
    let mut page = pull(&client, per_table_cursors(&sync.cursors), epoch.clone()).await?;
    let mut changed = false;
    loop {
        changed |= !page.changes.is_empty()
            || !page.removed_scopes.is_empty()
            || !page.reset_scopes.is_empty();
        epoch = page.epoch.clone().or(epoch);
        if !page.has_more {
            apply_page(db, &page, epoch).await?;
            return Ok(changed);
        }
        let next = pull(&client, page.cursors.clone(), epoch.clone());
        let (stored, next) =
            futures::future::join(apply_page(db, &page, epoch.clone()), next).await;
        stored?;
        page = next?;
    }
}

/// One page of changes after `cursors`.
async fn pull(
    client: &ClientMeta,
    cursors: BTreeMap<String, i64>,
    epoch: Option<String>,
) -> Result<PullResponse, SyncError> {
    let request = PullRequest {
        client_id: client.client_id,
        cursors,
        limit: Some(PULL_PAGE),
        epoch,
        tables: Some(TABLES.map(String::from).to_vec()),
    };
    post("/api/sync/v1/pull", &request)
        .await?
        .json()
        .await
        .map_err(|_| SyncError::Server(200))
}

/// Writes a pulled page, its cursors and the server's `epoch` in one transaction. Rows with a
/// local edit still waiting in the outbox are left alone: the next pull brings them back merged.
async fn apply_page(
    db: &Database,
    page: &PullResponse,
    epoch: Option<String>,
) -> Result<(), StoreError> {
    let dropped: Vec<&String> = page
        .removed_scopes
        .iter()
        .chain(&page.reset_scopes)
        .collect();
    // A page with nothing in it only moves the clock: leave the tables free for the user's writes.
    let mut stores = vec![META];
    if !page.changes.is_empty() || !dropped.is_empty() {
        stores.push(OUTBOX);
        stores.extend(TABLES);
    }
    let tx = store::write_tx(db, &store::with_days(&stores))?;
    if !dropped.is_empty() {
        for table in TABLES {
            for row in store::all::<LocalRow>(&tx.object_store(table)?).await? {
                if dropped.contains(&&row.scope) {
                    store::delete_row(&tx, table, &row)?;
                }
            }
        }
    }
    let mut waiting: Vec<(&str, Uuid)> = match page.changes.is_empty() {
        true => Vec::new(),
        false => store::all::<Mutation>(&tx.object_store(OUTBOX)?)
            .await?
            .into_iter()
            .map(|m| (table_name(m.table), m.id))
            .collect(),
    };
    waiting.sort_unstable();
    let mut changes = Vec::with_capacity(page.changes.len());
    for change in &page.changes {
        // The server serves only the tables the pull named; anything else is its fault, and
        // skipping it would move the cursor past rows for good.
        let Some(table) = TABLES.into_iter().find(|t| *t == change.table) else {
            return Err(StoreError(format!(
                "the server sent rows of {}",
                change.table
            )));
        };
        if waiting.binary_search(&(table, change.id)).is_err() {
            changes.push((table, change));
        }
    }
    // A deleted row is looked up for its day-list key; nothing else is read back.
    let deleted = changes
        .iter()
        .filter(|(_, change)| change.deleted)
        .map(|(table, change)| store::ask_row(&tx, table, &change.id.to_string()))
        .collect::<Result<_, _>>()?;
    let mut deleted = store::rows_asked(deleted).await?.into_iter();
    for (table, change) in changes {
        if !change.deleted {
            store::put_row(&tx, table, &LocalRow::from_change(change))?;
        } else if let Some(row) = deleted.next().flatten() {
            store::delete_row(&tx, table, &row)?;
        }
    }
    let meta = tx.object_store(META)?;
    let mut sync: SyncMeta = store::get(&meta, "sync").await?.unwrap_or_default();
    sync.cursors = page.cursors.clone();
    sync.last_sync = Some(Utc::now());
    sync.epoch = epoch;
    store::put(&tx, META, "sync", &sync)?;
    tx.commit().await
}
