//! Push: a phone's numbered mutations applied in order, in one transaction per batch.
//! Replays are acknowledged as duplicates, a gap applies nothing, and a mutation that
//! fails its rules consumes its number and is kept as a rejection.
use app::domain::role::Principal;
use app::sync::tables::SyncedTable;
use app::sync::{Mutation, MutationResult, Op, PushRequest, PushResponse, Status};

use super::kinds::{self, KindTx};
use super::rules::Applied;
use super::tx::{SyncConn, SyncTx};
use crate::db::{BeginWrite, Db, DbError, on_db};

/// Why a whole batch was refused (nothing applied).
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error("client bound to another user")]
    ForeignClient,
    #[error("sequence gap after {last}")]
    Gap { last: i64 },
    #[error("mutation numbers must increase within a batch")]
    Unordered,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for PushError {
    fn from(e: sqlx::Error) -> Self {
        PushError::Db(DbError::Sqlx(e))
    }
}

/// Applies a batch for `who`.
pub async fn push(db: &Db, who: &Principal, req: &PushRequest) -> Result<PushResponse, PushError> {
    if req
        .mutations
        .windows(2)
        .any(|w| matches!(w, [a, b] if b.seq <= a.seq))
    {
        return Err(PushError::Unordered);
    }
    on_db!(db, pool => {
        let mut tx = SyncConn::new(pool.begin_write().await?);
        let response = apply_batch(&mut tx, who, req).await?;
        tx.commit().await?;
        Ok(response)
    })
}

async fn apply_batch<T: KindTx>(
    tx: &mut T,
    who: &Principal,
    req: &PushRequest,
) -> Result<PushResponse, PushError> {
    let (owner, mut last) = tx.lock_client(req.client_id, who.user_id).await?;
    if owner != who.user_id {
        return Err(PushError::ForeignClient);
    }
    let new: Vec<&Mutation> = req.mutations.iter().filter(|m| m.seq > last).collect();
    if new
        .iter()
        .enumerate()
        .any(|(i, m)| m.seq != last + 1 + i as i64)
    {
        return Err(PushError::Gap { last });
    }
    tx.expect_creates(
        new.iter()
            .filter(|m| m.op == Op::Create)
            .map(|m| (SyncedTable::from(m.table), m.id)),
    );
    let mut results = Vec::with_capacity(req.mutations.len());
    for m in &req.mutations {
        if m.seq <= last {
            results.push(MutationResult {
                seq: m.seq,
                status: Status::Duplicate,
                reason: None,
            });
            continue;
        }
        match kinds::apply(tx, who, req.client_id, m).await {
            Ok(()) => results.push(MutationResult {
                seq: m.seq,
                status: Status::Applied,
                reason: None,
            }),
            Err(Applied::Refused(problem)) => {
                let reason = problem.to_string();
                let body = serde_json::to_string(m).map_err(|e| DbError::Corrupt(e.to_string()))?;
                tx.reject(req.client_id, m.seq, &body, &reason).await?;
                results.push(MutationResult {
                    seq: m.seq,
                    status: Status::Rejected,
                    reason: Some(reason),
                });
            }
            Err(Applied::Failed(e)) => return Err(e.into()),
        }
        last = m.seq;
    }
    tx.set_last_seq(req.client_id, last).await?;
    Ok(PushResponse {
        last_mutation_seq: last,
        results,
    })
}
