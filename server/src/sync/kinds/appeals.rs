//! Pushed appeals: a teacher's `create`, a staff member's decision as a `patch`. Accepting
//! voids the appealed entry in the same transaction, so the score is restored at once.
use app::domain::appeals::{
    AppealDecision, AppealProblem, AppealStatus, AppealedEntry, NewAppeal, appeal_day,
    check_decision, check_new_appeal,
};
use app::domain::record::RecordProblem;
use app::domain::role::Principal;
use app::sync::rows;
use app::sync::tables::SyncedTable;
use app::sync::{Change, Mutation, Op, SyncScope};
use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

use super::entries::{self, Stamp};
use crate::sync::rules::{Applied, fields_as, phone_time, roles_in};
use crate::sync::snapshot::{changed_in_class, pulled_change};
use crate::sync::tx::{FieldChange, SyncConn, SyncTx};
use crate::db::DbError;
use crate::db::rows::AppealRow;
use crate::school::{date_in, today_in};

/// A mutation of `check_appeal`: appeals are decided, never deleted.
pub async fn apply<T: SyncTx + Statements + entries::Statements>(
    tx: &mut T,
    who: &Principal,
    client_id: Uuid,
    m: &Mutation,
) -> Result<(), Applied> {
    match m.op {
        Op::Create => create(tx, who, m).await,
        Op::Patch => decide(tx, who, client_id, m).await,
        Op::Delete => Err(RecordProblem::BadFields.into()),
    }
}

/// A homeroom teacher appeals a duty entry on their class, within the term's window.
async fn create<T: SyncTx + Statements + entries::Statements>(
    tx: &mut T,
    who: &Principal,
    m: &Mutation,
) -> Result<(), Applied> {
    let new: NewAppeal = fields_as(m)?;
    if tx.appeal(m.id).await?.is_some() {
        return Err(RecordProblem::Exists.into());
    }
    let entry = tx
        .entry(new.entry_id)
        .await?
        .ok_or(RecordProblem::NotFound)?;
    let (place, roles) = roles_in(tx, who, entry.class_id).await?;
    if !roles.homeroom {
        return Err(RecordProblem::NotInScope.into());
    }
    if tx.appealed(entry.id).await? {
        return Err(AppealProblem::AlreadyAppealed.into());
    }
    let (days, timezone) = tx
        .appeal_window(place.school_id, entry.entry_date)
        .await?
        .ok_or(AppealProblem::AppealWindowClosed)?;
    let facts = AppealedEntry {
        recorded_as: entry.recorder_role,
        voided: entry.voided,
        deleted: entry.deleted,
        date: entry.entry_date,
    };
    let days = u32::try_from(days).unwrap_or(0);
    let made = appeal_day(
        date_in(&timezone, phone_time(m.client_recorded_at, Utc::now())),
        today_in(&timezone),
    );
    let reason = check_new_appeal(facts, &new.reason, days, made)?;
    let row = AppealRow {
        id: m.id,
        school_id: place.school_id,
        class_id: place.class_id,
        entry_id: entry.id,
        reason,
        status: AppealStatus::Pending,
        decision_reason: String::new(),
        appellant_id: who.user_id,
        decided_by: None,
        created_at: Utc::now(),
        decided_at: None,
        version: 1,
        change_seq: tx.next_change(SyncScope::Class(place.class_id)).await?,
    };
    tx.insert_appeal(&row).await?;
    Ok(())
}

/// Staff whose scope holds the class accept or reject a pending appeal.
async fn decide<T: SyncTx + Statements + entries::Statements>(
    tx: &mut T,
    who: &Principal,
    client_id: Uuid,
    m: &Mutation,
) -> Result<(), Applied> {
    let decision: AppealDecision = fields_as(m)?;
    let mut row = tx.appeal(m.id).await?.ok_or(RecordProblem::NotFound)?;
    let (_, roles) = roles_in(tx, who, row.class_id).await?;
    if !roles.staff {
        return Err(RecordProblem::RoleNotAllowed.into());
    }
    let decision_reason = check_decision(row.status, &decision)?;
    let change = |field, old_value: String, new_value: String, row_id| FieldChange {
        table: "check_appeal",
        row_id,
        field,
        old_value,
        new_value,
        changed_by: who.user_id,
        client_id,
        seq: m.seq,
    };
    if decision.status == AppealStatus::Accepted {
        let mut entry = tx
            .entry(row.entry_id)
            .await?
            .ok_or(RecordProblem::NotFound)?;
        if !entry.voided && !entry.deleted {
            let reason = format!("申诉通过：{}", row.reason);
            let stamp = Stamp {
                who,
                client_id,
                seq: m.seq,
            };
            entries::void(tx, &mut entry, reason, stamp).await?;
        }
    }
    let old_status = row.status.as_str().to_string();
    let new_status = decision.status.as_str().to_string();
    tx.history(change("status", old_status, new_status, row.id))
        .await?;
    row.status = decision.status;
    row.decision_reason = decision_reason;
    row.decided_by = Some(who.user_id);
    row.decided_at = Some(Utc::now());
    row.version += 1;
    row.change_seq = tx.next_change(SyncScope::Class(row.class_id)).await?;
    tx.update_appeal(&row).await?;
    Ok(())
}

/// The statements of `check_appeal`, for both backends.
#[async_trait]
pub trait Statements: Send {
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
    /// Up to `limit` appeals of a class changed after `after`, in change order.
    async fn check_appeal_after(
        &mut self,
        class_id: Uuid,
        after: i64,
        limit: i64,
    ) -> Result<Vec<AppealRow>, DbError>;
}

macro_rules! impl_statements {
    ($db:ty) => {
        #[async_trait]
        impl Statements for SyncConn<$db> {
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

            async fn check_appeal_after(&mut self, class_id: Uuid, after: i64, limit: i64) -> Result<Vec<AppealRow>, DbError> {
                Ok(sqlx::query_as(&changed_in_class(SyncedTable::CheckAppeal))
                    .bind(class_id).bind(after).bind(limit).fetch_all(&mut **self).await?)
            }
        }
    };
}

impl_statements!(sqlx::Sqlite);
impl_statements!(sqlx::Postgres);

/// The appeals of `scope` changed after `after`, as phones pull them.
pub async fn pulled<T: Statements>(
    tx: &mut T,
    scope: SyncScope,
    after: i64,
    limit: i64,
) -> Result<Vec<Change>, DbError> {
    let rows = tx.check_appeal_after(scope.id(), after, limit).await?;
    rows.into_iter().map(|r| appeal_change(r, scope)).collect()
}

/// How an appeal travels to phones.
fn appeal_change(row: AppealRow, scope: SyncScope) -> Result<Change, DbError> {
    let appeal = rows::AppealRow {
        id: row.id,
        class_id: row.class_id,
        entry_id: row.entry_id,
        reason: row.reason,
        status: row.status,
        decision_reason: row.decision_reason,
    };
    pulled_change(row.id, scope, row.change_seq, false, &appeal)
}
