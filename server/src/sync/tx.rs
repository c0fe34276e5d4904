//! The statements a sync transaction runs, written once and implemented for both
//! backends, so the push and pull logic reads as plain Rust.
use app::domain::checks::CheckItem;
use app::domain::role::ClassPlace;
use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

use crate::db::DbError;
use crate::db::changes::StampChange;
use crate::db::rows::{AppealRow, EntryRow, ITEM_COLUMNS, ItemRow, MarkRow};

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
    /// A check item of a school.
    async fn item(&mut self, school_id: Uuid, item_id: Uuid) -> Result<Option<CheckItem>, DbError>;
    /// Whether a term of the school holds `date` (entries outside every term are refused).
    async fn in_term(&mut self, school_id: Uuid, date: NaiveDate) -> Result<bool, DbError>;
    /// The school's time zone (IANA name).
    async fn timezone(&mut self, school_id: Uuid) -> Result<Option<String>, DbError>;
    /// The appeal window (days) of the term holding `date`, and the school's time zone.
    async fn appeal_window(
        &mut self,
        school_id: Uuid,
        date: NaiveDate,
    ) -> Result<Option<(i64, String)>, DbError>;
    /// An appeal by id.
    async fn appeal(&mut self, id: Uuid) -> Result<Option<AppealRow>, DbError>;
    /// Whether an entry was already appealed.
    async fn appealed(&mut self, entry_id: Uuid) -> Result<bool, DbError>;
    /// Inserts a new appeal.
    async fn insert_appeal(&mut self, row: &AppealRow) -> Result<(), DbError>;
    /// Writes an appeal's decision, version and change number.
    async fn update_appeal(&mut self, row: &AppealRow) -> Result<(), DbError>;
    /// The active students of a class.
    async fn roster(&mut self, class_id: Uuid) -> Result<Vec<Uuid>, DbError>;
    /// A check entry by id.
    async fn entry(&mut self, id: Uuid) -> Result<Option<EntryRow>, DbError>;
    /// Inserts a new entry.
    async fn insert_entry(&mut self, row: &EntryRow) -> Result<(), DbError>;
    /// Writes an entry's editable fields, flags and change number.
    async fn update_entry(&mut self, row: &EntryRow) -> Result<(), DbError>;
    /// Records an overwritten value.
    async fn history(&mut self, change: FieldChange<'_>) -> Result<(), DbError>;
    /// An attendance mark by id.
    async fn mark(&mut self, id: Uuid) -> Result<Option<MarkRow>, DbError>;
    /// A student's live (not cancelled) marks: those a new or changed mark may clash with.
    async fn live_marks_of(&mut self, student_id: Uuid) -> Result<Vec<MarkRow>, DbError>;
    /// Inserts a new mark.
    async fn insert_mark(&mut self, row: &MarkRow) -> Result<(), DbError>;
    /// Writes a mark's editable fields, version and change number.
    async fn update_mark(&mut self, row: &MarkRow) -> Result<(), DbError>;
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

            async fn item(&mut self, school_id: Uuid, item_id: Uuid) -> Result<Option<CheckItem>, DbError> {
                let sql = format!("SELECT {ITEM_COLUMNS} FROM check_item WHERE id = $1 AND school_id = $2");
                let row: Option<ItemRow> = sqlx::query_as(&sql)
                    .bind(item_id).bind(school_id).fetch_optional(&mut **self).await?;
                row.map(ItemRow::item).transpose()
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

            async fn appeal_window(&mut self, school_id: Uuid, date: NaiveDate) -> Result<Option<(i64, String)>, DbError> {
                Ok(sqlx::query_as(
                    "SELECT t.appeal_days, s.timezone FROM term t JOIN school s ON s.id = t.school_id
                     WHERE t.school_id = $1 AND t.start_date <= $2 AND t.end_date >= $2 LIMIT 1")
                    .bind(school_id).bind(date).fetch_optional(&mut **self).await?)
            }

            async fn appeal(&mut self, id: Uuid) -> Result<Option<AppealRow>, DbError> {
                Ok(sqlx::query_as("SELECT * FROM check_appeal WHERE id = $1").bind(id).fetch_optional(&mut **self).await?)
            }

            async fn appealed(&mut self, entry_id: Uuid) -> Result<bool, DbError> {
                let row: Option<(Uuid,)> = sqlx::query_as("SELECT id FROM check_appeal WHERE entry_id = $1")
                    .bind(entry_id).fetch_optional(&mut **self).await?;
                Ok(row.is_some())
            }

            async fn insert_appeal(&mut self, r: &AppealRow) -> Result<(), DbError> {
                sqlx::query(
                    "INSERT INTO check_appeal (id, school_id, class_id, entry_id, reason, status, decision_reason,
                       appellant_id, decided_by, created_at, decided_at, version, change_seq)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
                    .bind(r.id).bind(r.school_id).bind(r.class_id).bind(r.entry_id).bind(&r.reason).bind(r.status.as_str())
                    .bind(&r.decision_reason).bind(r.appellant_id).bind(r.decided_by).bind(r.created_at)
                    .bind(r.decided_at).bind(r.version).bind(r.change_seq)
                    .execute(&mut **self).await?;
                Ok(())
            }

            async fn update_appeal(&mut self, r: &AppealRow) -> Result<(), DbError> {
                sqlx::query(
                    "UPDATE check_appeal SET status = $1, decision_reason = $2, decided_by = $3, decided_at = $4,
                       version = $5, change_seq = $6 WHERE id = $7")
                    .bind(r.status.as_str()).bind(&r.decision_reason).bind(r.decided_by).bind(r.decided_at)
                    .bind(r.version).bind(r.change_seq).bind(r.id)
                    .execute(&mut **self).await?;
                Ok(())
            }

            async fn roster(&mut self, class_id: Uuid) -> Result<Vec<Uuid>, DbError> {
                let rows: Vec<(Uuid,)> = sqlx::query_as("SELECT id FROM student WHERE class_id = $1 AND active")
                    .bind(class_id).fetch_all(&mut **self).await?;
                Ok(rows.into_iter().map(|r| r.0).collect())
            }

            async fn entry(&mut self, id: Uuid) -> Result<Option<EntryRow>, DbError> {
                Ok(sqlx::query_as("SELECT * FROM check_entry WHERE id = $1").bind(id).fetch_optional(&mut **self).await?)
            }

            async fn insert_entry(&mut self, r: &EntryRow) -> Result<(), DbError> {
                sqlx::query(
                    "INSERT INTO check_entry (id, school_id, class_id, entry_date, slot, item_id, points_tenths, count,
                       student_ids, note, recorder_id, recorder_role, observed_at, client_recorded_at, received_at,
                       voided, void_reason, deleted, version, change_seq, student_count, corrects, value_tenths)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)")
                    .bind(r.id).bind(r.school_id).bind(r.class_id).bind(r.entry_date).bind(&r.slot).bind(r.item_id)
                    .bind(r.points_tenths).bind(r.count).bind(&r.student_ids).bind(&r.note).bind(r.recorder_id)
                    .bind(r.recorder_role.as_str()).bind(r.observed_at).bind(r.client_recorded_at).bind(r.received_at)
                    .bind(r.voided).bind(&r.void_reason).bind(r.deleted).bind(r.version).bind(r.change_seq)
                    .bind(r.student_count()).bind(r.corrects).bind(r.value_tenths()).execute(&mut **self).await?;
                Ok(())
            }

            async fn update_entry(&mut self, r: &EntryRow) -> Result<(), DbError> {
                sqlx::query(
                    "UPDATE check_entry SET slot = $1, points_tenths = $2, count = $3, student_ids = $4, note = $5,
                       voided = $6, void_reason = $7, deleted = $8, version = $9, change_seq = $10, student_count = $11,
                       value_tenths = $12
                     WHERE id = $13")
                    .bind(&r.slot).bind(r.points_tenths).bind(r.count).bind(&r.student_ids).bind(&r.note)
                    .bind(r.voided).bind(&r.void_reason).bind(r.deleted).bind(r.version).bind(r.change_seq)
                    .bind(r.student_count()).bind(r.value_tenths()).bind(r.id)
                    .execute(&mut **self).await?;
                Ok(())
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

            async fn mark(&mut self, id: Uuid) -> Result<Option<MarkRow>, DbError> {
                Ok(sqlx::query_as("SELECT * FROM attendance WHERE id = $1").bind(id).fetch_optional(&mut **self).await?)
            }

            async fn live_marks_of(&mut self, student_id: Uuid) -> Result<Vec<MarkRow>, DbError> {
                Ok(sqlx::query_as("SELECT * FROM attendance WHERE student_id = $1 AND NOT cancelled")
                    .bind(student_id).fetch_all(&mut **self).await?)
            }

            async fn insert_mark(&mut self, r: &MarkRow) -> Result<(), DbError> {
                sqlx::query(
                    "INSERT INTO attendance (id, school_id, class_id, student_id, mark_date, kind, symptoms, note,
                       expected_return, returned_on, cancelled, recorder_id, client_recorded_at, received_at, version, change_seq)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)")
                    .bind(r.id).bind(r.school_id).bind(r.class_id).bind(r.student_id).bind(r.mark_date).bind(&r.kind)
                    .bind(&r.symptoms).bind(&r.note).bind(r.expected_return).bind(r.returned_on).bind(r.cancelled)
                    .bind(r.recorder_id).bind(r.client_recorded_at).bind(r.received_at).bind(r.version).bind(r.change_seq)
                    .execute(&mut **self).await?;
                Ok(())
            }

            async fn update_mark(&mut self, r: &MarkRow) -> Result<(), DbError> {
                sqlx::query(
                    "UPDATE attendance SET kind = $1, symptoms = $2, note = $3, expected_return = $4, returned_on = $5,
                       cancelled = $6, version = $7, change_seq = $8 WHERE id = $9")
                    .bind(&r.kind).bind(&r.symptoms).bind(&r.note).bind(r.expected_return).bind(r.returned_on)
                    .bind(r.cancelled).bind(r.version).bind(r.change_seq).bind(r.id)
                    .execute(&mut **self).await?;
                Ok(())
            }
        }
    };
}

impl_sync_tx!(sqlx::Sqlite);
impl_sync_tx!(sqlx::Postgres);
