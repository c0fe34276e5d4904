//! The statements every kind's push runs (the client's sequence, the class, the term, the
//! history), written once and implemented for both backends; each kind adds its own.
use app::domain::role::ClassPlace;
use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

use crate::db::DbError;
use crate::db::changes::StampChange;

/// One overwritten field, kept in `field_history`.
pub struct FieldChange<'a> {
    pub table: &'a str,
    pub row_id: Uuid,
    pub field: &'a str,
    pub old_value: String,
    pub new_value: String,
    pub changed_by: Uuid,
    pub client_id: Uuid,
    pub seq: i64,
}

/// What a push transaction does, one method per statement.
#[async_trait]
pub trait SyncTx: StampChange {
    /// Registers the client for `user_id` if new, then locks its row: (owner, last seq).
    async fn lock_client(&mut self, client_id: Uuid, user_id: Uuid)
    -> Result<(Uuid, i64), DbError>;
    /// Stores the client's new last sequence number.
    async fn set_last_seq(&mut self, client_id: Uuid, seq: i64) -> Result<(), DbError>;
    /// Keeps a refused mutation for the user to see.
    async fn reject(
        &mut self,
        client_id: Uuid,
        seq: i64,
        mutation: &str,
        reason: &str,
    ) -> Result<(), DbError>;
    /// Where a class sits.
    async fn class_place(&mut self, class_id: Uuid) -> Result<Option<ClassPlace>, DbError>;
    /// Whether a term of the school holds `date` (entries outside every term are refused).
    async fn in_term(&mut self, school_id: Uuid, date: NaiveDate) -> Result<bool, DbError>;
    /// The school's time zone (IANA name).
    async fn timezone(&mut self, school_id: Uuid) -> Result<Option<String>, DbError>;
    /// The active students of a class.
    async fn roster(&mut self, class_id: Uuid) -> Result<Vec<Uuid>, DbError>;
    /// Records an overwritten value.
    async fn history(&mut self, change: FieldChange<'_>) -> Result<(), DbError>;
}

macro_rules! impl_sync_tx {
    ($db:ty) => {
        #[async_trait]
        impl SyncTx for sqlx::Transaction<'static, $db> {
            async fn lock_client(&mut self, client_id: Uuid, user_id: Uuid) -> Result<(Uuid, i64), DbError> {
                sqlx::query("INSERT INTO sync_client (id, user_id, last_seq, created_at) VALUES ($1, $2, 0, $3)
                             ON CONFLICT (id) DO NOTHING")
                    .bind(client_id).bind(user_id).bind(Utc::now()).execute(&mut **self).await?;
                Ok(sqlx::query_as("UPDATE sync_client SET last_push_at = $1 WHERE id = $2 RETURNING user_id, last_seq")
                    .bind(Utc::now()).bind(client_id).fetch_one(&mut **self).await?)
            }

            async fn set_last_seq(&mut self, client_id: Uuid, seq: i64) -> Result<(), DbError> {
                sqlx::query("UPDATE sync_client SET last_seq = $1 WHERE id = $2")
                    .bind(seq).bind(client_id).execute(&mut **self).await?;
                Ok(())
            }

            async fn reject(&mut self, client_id: Uuid, seq: i64, mutation: &str, reason: &str) -> Result<(), DbError> {
                sqlx::query("INSERT INTO sync_rejection (client_id, seq, mutation, reason, created_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(client_id).bind(seq).bind(mutation).bind(reason).bind(Utc::now())
                    .execute(&mut **self).await?;
                Ok(())
            }

            async fn class_place(&mut self, class_id: Uuid) -> Result<Option<ClassPlace>, DbError> {
                let row: Option<(Uuid, Uuid, Uuid)> = sqlx::query_as("SELECT id, grade_id, school_id FROM school_class WHERE id = $1")
                    .bind(class_id).fetch_optional(&mut **self).await?;
                Ok(row.map(|(class_id, grade_id, school_id)| ClassPlace { class_id, grade_id, school_id }))
            }

            async fn in_term(&mut self, school_id: Uuid, date: NaiveDate) -> Result<bool, DbError> {
                let row: Option<(Uuid,)> = sqlx::query_as("SELECT id FROM term WHERE school_id = $1 AND start_date <= $2 AND end_date >= $2 LIMIT 1")
                    .bind(school_id).bind(date).fetch_optional(&mut **self).await?;
                Ok(row.is_some())
            }

            async fn timezone(&mut self, school_id: Uuid) -> Result<Option<String>, DbError> {
                let row: Option<(String,)> = sqlx::query_as("SELECT timezone FROM school WHERE id = $1")
                    .bind(school_id).fetch_optional(&mut **self).await?;
                Ok(row.map(|(tz,)| tz))
            }

            async fn roster(&mut self, class_id: Uuid) -> Result<Vec<Uuid>, DbError> {
                let rows: Vec<(Uuid,)> = sqlx::query_as("SELECT id FROM student WHERE class_id = $1 AND active")
                    .bind(class_id).fetch_all(&mut **self).await?;
                Ok(rows.into_iter().map(|r| r.0).collect())
            }

            async fn history(&mut self, c: FieldChange<'_>) -> Result<(), DbError> {
                sqlx::query(
                    "INSERT INTO field_history (id, table_name, row_id, field, old_value, new_value, changed_by, client_id, seq, changed_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                    .bind(Uuid::now_v7()).bind(c.table).bind(c.row_id).bind(c.field).bind(&c.old_value).bind(&c.new_value)
                    .bind(c.changed_by).bind(c.client_id).bind(c.seq).bind(Utc::now())
                    .execute(&mut **self).await?;
                Ok(())
            }

        }
    };
}

impl_sync_tx!(sqlx::Sqlite);
impl_sync_tx!(sqlx::Postgres);
