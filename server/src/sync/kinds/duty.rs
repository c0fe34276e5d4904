//! Pushed days of the class duty roster: a `create` per weekday, and a `patch` of its team or
//! task, with per-field history. A weekday has one team per class.
use app::domain::duty::{DutyDay, DutyDayPatch, DutyProblem, DutyTeam, NewDutyDay, check_team};
use app::domain::record::RecordProblem;
use app::domain::role::Principal;
use app::sync::tables::SyncedTable;
use app::sync::{Change, Mutation, Op, SyncScope};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::sync::rules::{Applied, fields_as, json, keep_history, roles_in};
use crate::sync::snapshot::{changed_in_class, pulled_change};
use crate::sync::tx::{SyncConn, SyncTx};
use crate::db::DbError;

/// A stored day of a class's duty roster.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DutyRow {
    pub id: Uuid,
    pub school_id: Uuid,
    pub class_id: Uuid,
    pub weekday: i32,
    pub student_ids: String,
    pub task: String,
    pub updated_by: Uuid,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
    pub change_seq: i64,
}

impl DutyRow {
    /// The day as phones read it, refusing values no migration allows.
    fn day(&self) -> Result<DutyDay, DbError> {
        let corrupt = || DbError::Corrupt(format!("duty_roster {}", self.id));
        Ok(DutyDay {
            id: self.id,
            class_id: self.class_id,
            weekday: u8::try_from(self.weekday).map_err(|_| corrupt())?,
            student_ids: serde_json::from_str(&self.student_ids).map_err(|_| corrupt())?,
            task: self.task.clone(),
        })
    }
}

/// The statements of `duty_roster`, for both backends.
#[async_trait]
pub trait Statements: Send {
    /// A roster day by id.
    async fn duty_day(&mut self, id: Uuid) -> Result<Option<DutyRow>, DbError>;
    /// Whether the class has a team for the weekday.
    async fn weekday_taken(&mut self, class_id: Uuid, weekday: u8) -> Result<bool, DbError>;
    /// Inserts a new roster day.
    async fn insert_duty_day(&mut self, row: &DutyRow) -> Result<(), DbError>;
    /// Writes a day's team, task, version and change number.
    async fn update_duty_day(&mut self, row: &DutyRow) -> Result<(), DbError>;
    /// Up to `limit` roster days of a class changed after `after`, in change order.
    async fn duty_roster_after(
        &mut self,
        class_id: Uuid,
        after: i64,
        limit: i64,
    ) -> Result<Vec<DutyRow>, DbError>;
}

macro_rules! impl_statements {
    ($db:ty) => {
        #[async_trait]
        impl Statements for SyncConn<$db> {
            async fn duty_day(&mut self, id: Uuid) -> Result<Option<DutyRow>, DbError> {
                Ok(sqlx::query_as("SELECT * FROM duty_roster WHERE id = $1")
                    .bind(id).fetch_optional(&mut **self).await?)
            }

            async fn weekday_taken(&mut self, class_id: Uuid, weekday: u8) -> Result<bool, DbError> {
                let row: Option<(Uuid,)> = sqlx::query_as("SELECT id FROM duty_roster WHERE class_id = $1 AND weekday = $2")
                    .bind(class_id).bind(i32::from(weekday)).fetch_optional(&mut **self).await?;
                Ok(row.is_some())
            }

            async fn insert_duty_day(&mut self, r: &DutyRow) -> Result<(), DbError> {
                sqlx::query(
                    "INSERT INTO duty_roster (id, school_id, class_id, weekday, student_ids, task, updated_by, updated_at, version, change_seq)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                    .bind(r.id).bind(r.school_id).bind(r.class_id).bind(r.weekday).bind(&r.student_ids).bind(&r.task)
                    .bind(r.updated_by).bind(r.updated_at).bind(r.version).bind(r.change_seq)
                    .execute(&mut **self).await?;
                Ok(())
            }

            async fn update_duty_day(&mut self, r: &DutyRow) -> Result<(), DbError> {
                sqlx::query(
                    "UPDATE duty_roster SET student_ids = $1, task = $2, updated_by = $3, updated_at = $4, version = $5,
                       change_seq = $6 WHERE id = $7")
                    .bind(&r.student_ids).bind(&r.task).bind(r.updated_by).bind(r.updated_at).bind(r.version)
                    .bind(r.change_seq).bind(r.id)
                    .execute(&mut **self).await?;
                Ok(())
            }

            async fn duty_roster_after(&mut self, class_id: Uuid, after: i64, limit: i64) -> Result<Vec<DutyRow>, DbError> {
                Ok(sqlx::query_as(&changed_in_class(SyncedTable::DutyRoster))
                    .bind(class_id).bind(after).bind(limit).fetch_all(&mut **self).await?)
            }
        }
    };
}

impl_statements!(sqlx::Sqlite);
impl_statements!(sqlx::Postgres);

/// A mutation of `duty_roster`: a day's team is changed (or emptied), never deleted.
pub async fn apply<T: SyncTx + Statements>(
    tx: &mut T,
    who: &Principal,
    client_id: Uuid,
    m: &Mutation,
) -> Result<(), Applied> {
    match m.op {
        Op::Create => create(tx, who, m).await,
        Op::Patch => patch(tx, who, client_id, m).await,
        Op::Delete => Err(RecordProblem::BadFields.into()),
    }
}

/// The class's teacher (or staff of its scope) sets the team of a weekday.
async fn create<T: SyncTx + Statements>(
    tx: &mut T,
    who: &Principal,
    m: &Mutation,
) -> Result<(), Applied> {
    let new: NewDutyDay = fields_as(m)?;
    if tx.duty_day(m.id).await?.is_some() {
        return Err(RecordProblem::Exists.into());
    }
    let (place, _) = roles_in(tx, who, new.class_id).await?;
    let roster = tx.roster(place.class_id).await?;
    let team = check_team(new.weekday, new.team(), &roster)?;
    if tx.weekday_taken(place.class_id, new.weekday).await? {
        return Err(DutyProblem::WeekdayTaken.into());
    }
    let row = DutyRow {
        id: m.id,
        school_id: place.school_id,
        class_id: place.class_id,
        weekday: i32::from(new.weekday),
        student_ids: json(&team.student_ids),
        task: team.task,
        updated_by: who.user_id,
        updated_at: Utc::now(),
        version: 1,
        change_seq: tx.next_change(SyncScope::Class(place.class_id)).await?,
    };
    tx.insert_duty_day(&row).await?;
    Ok(())
}

/// A new team or task for a weekday; last write wins per field, with history.
async fn patch<T: SyncTx + Statements>(
    tx: &mut T,
    who: &Principal,
    client_id: Uuid,
    m: &Mutation,
) -> Result<(), Applied> {
    let patch: DutyDayPatch = fields_as(m)?;
    let mut row = tx.duty_day(m.id).await?.ok_or(RecordProblem::NotFound)?;
    let (place, _) = roles_in(tx, who, row.class_id).await?;
    let current = row.day()?;
    let before = DutyTeam {
        student_ids: current.student_ids,
        task: current.task,
    };
    let roster = tx.roster(place.class_id).await?;
    let team = check_team(current.weekday, patch.apply(&before), &roster)?;
    let changes = [
        (
            "student_ids",
            json(&before.student_ids),
            json(&team.student_ids),
        ),
        ("task", json(&before.task), json(&team.task)),
    ];
    keep_history(tx, "duty_roster", row.id, changes, who, client_id, m.seq).await?;
    row.student_ids = json(&team.student_ids);
    row.task = team.task;
    row.updated_by = who.user_id;
    row.updated_at = Utc::now();
    row.version += 1;
    row.change_seq = tx.next_change(SyncScope::Class(row.class_id)).await?;
    tx.update_duty_day(&row).await?;
    Ok(())
}

/// The roster days of `scope` changed after `after`, as phones pull them.
pub async fn pulled<T: Statements>(
    tx: &mut T,
    scope: SyncScope,
    after: i64,
    limit: i64,
) -> Result<Vec<Change>, DbError> {
    let rows = tx.duty_roster_after(scope.id(), after, limit).await?;
    rows.iter()
        .map(|r| pulled_change(r.id, scope, r.change_seq, false, &r.day()?))
        .collect()
}
