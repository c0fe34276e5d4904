//! Change numbers: every row a phone pulls carries its scope's next one, stamped here only.
use app::sync::SyncScope;
use async_trait::async_trait;

use super::DbError;

/// A write transaction that stamps change numbers.
#[async_trait]
pub trait StampChange: Send {
    /// The scope's next change number, counted inside this transaction.
    async fn next_change(&mut self, scope: SyncScope) -> Result<i64, DbError>;
}

/// The UPSERT that hands out a scope's next change number.
const NEXT_CHANGE_SQL: &str =
    "INSERT INTO change_counter (scope_kind, scope_id, last_seq) VALUES ($1, $2, 1)
     ON CONFLICT (scope_kind, scope_id) DO UPDATE SET last_seq = change_counter.last_seq + 1
     RETURNING last_seq";

macro_rules! impl_stamp_change {
    ($db:ty) => {
        #[async_trait]
        impl StampChange for sqlx::Transaction<'static, $db> {
            async fn next_change(&mut self, scope: SyncScope) -> Result<i64, DbError> {
                let (seq,): (i64,) = sqlx::query_as(NEXT_CHANGE_SQL)
                    .bind(scope.kind())
                    .bind(scope.id())
                    .fetch_one(&mut **self)
                    .await?;
                Ok(seq)
            }
        }
    };
}

impl_stamp_change!(sqlx::Sqlite);
impl_stamp_change!(sqlx::Postgres);
