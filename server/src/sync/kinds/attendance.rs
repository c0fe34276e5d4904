//! Pushed attendance marks: the roll's `create`, and a `patch` for a return, a correction
//! or a cancellation. A student has one live mark a day; every change keeps its history.
use app::domain::attendance::{
    Mark, MarkPatch, MarkProblem, MarkValues, NewMark, already_marked, check_mark,
};
use app::domain::record::RecordProblem;
use app::domain::role::Principal;
use app::sync::rows;
use app::sync::tables::SyncedTable;
use app::sync::{Change, Mutation, Op, SyncScope};
use async_trait::async_trait;
use chrono::Utc;
use uuid::Uuid;

use crate::sync::rules::{
    Applied, check_record_day, fields_as, json, keep_history, latest_day, phone_time, roles_in,
};
use crate::sync::snapshot::{changed_in_class, pulled_change};
use crate::sync::tx::{SyncConn, SyncTx};
use crate::db::DbError;
use crate::db::rows::MarkRow;

/// A mutation of `attendance`: a mark is cancelled and kept, never deleted.
pub async fn apply<T: SyncTx + Statements>(
    tx: &mut T,
    who: &Principal,
    client_id: Uuid,
    m: &Mutation,
) -> Result<(), Applied> {
    match m.op {
        Op::Create => create(tx, who, m).await,
        Op::Patch => patch(tx, who, client_id, m).await,
        Op::Delete => Err(MarkProblem::CancelInstead.into()),
    }
}

/// The class's teacher (or staff of its scope) marks a student of the class on a term day.
async fn create<T: SyncTx + Statements>(
    tx: &mut T,
    who: &Principal,
    m: &Mutation,
) -> Result<(), Applied> {
    let new: NewMark = fields_as(m)?;
    if tx.mark(m.id).await?.is_some() {
        return Err(RecordProblem::Exists.into());
    }
    let (place, _) = roles_in(tx, who, new.class_id).await?;
    check_record_day(tx, place.school_id, new.date).await?;
    let roster = tx.roster(place.class_id).await?;
    if !roster.contains(&new.student_id) {
        return Err(RecordProblem::StudentNotInClass.into());
    }
    let values = check_mark(new.date, new.values())?;
    let candidate = Mark {
        id: m.id,
        class_id: place.class_id,
        student_id: new.student_id,
        date: new.date,
        kind: values.kind,
        symptoms: values.symptoms.clone(),
        expected_return: values.expected_return,
        returned_on: None,
        cancelled: false,
        note: values.note.clone(),
    };
    refuse_overlap(tx, &candidate).await?;
    let received_at = Utc::now();
    let row = MarkRow {
        id: m.id,
        school_id: place.school_id,
        class_id: place.class_id,
        student_id: new.student_id,
        mark_date: new.date,
        kind: values.kind.as_str().into(),
        symptoms: json(&values.symptoms),
        note: values.note,
        expected_return: values.expected_return,
        returned_on: None,
        cancelled: false,
        recorder_id: who.user_id,
        client_recorded_at: phone_time(m.client_recorded_at, received_at),
        received_at,
        version: 1,
        change_seq: tx.next_change(SyncScope::Class(place.class_id)).await?,
    };
    tx.insert_mark(&row).await?;
    Ok(())
}

/// Last write wins per field; a cancelled mark takes no more changes.
async fn patch<T: SyncTx + Statements>(
    tx: &mut T,
    who: &Principal,
    client_id: Uuid,
    m: &Mutation,
) -> Result<(), Applied> {
    let patch: MarkPatch = fields_as(m)?;
    let mut row = tx.mark(m.id).await?.ok_or(RecordProblem::NotFound)?;
    roles_in(tx, who, row.class_id).await?;
    if row.cancelled {
        return Err(MarkProblem::MarkCancelled.into());
    }
    let current = row.mark()?;
    let values = MarkValues {
        kind: current.kind,
        symptoms: current.symptoms.clone(),
        note: row.note.clone(),
        expected_return: row.expected_return,
        returned_on: row.returned_on,
    };
    let next = check_mark(row.mark_date, patch.apply(&values))?;
    if next.returned_on > Some(latest_day(tx, row.school_id).await?) {
        return Err(RecordProblem::FutureDay.into());
    }
    let cancelled = patch.cancelled.unwrap_or(false);
    if !cancelled {
        let after = Mark {
            kind: next.kind,
            returned_on: next.returned_on,
            ..current.clone()
        };
        refuse_overlap(tx, &after).await?;
    }
    let changes = [
        ("kind", json(&values.kind), json(&next.kind)),
        ("symptoms", json(&values.symptoms), json(&next.symptoms)),
        ("note", json(&values.note), json(&next.note)),
        (
            "expected_return",
            json(&values.expected_return),
            json(&next.expected_return),
        ),
        (
            "returned_on",
            json(&values.returned_on),
            json(&next.returned_on),
        ),
        ("cancelled", json(&false), json(&cancelled)),
    ];
    keep_history(tx, "attendance", row.id, changes, who, client_id, m.seq).await?;
    row.kind = next.kind.as_str().into();
    row.symptoms = json(&next.symptoms);
    row.note = next.note;
    row.expected_return = next.expected_return;
    row.returned_on = next.returned_on;
    row.cancelled = cancelled;
    row.version += 1;
    row.change_seq = tx.next_change(SyncScope::Class(row.class_id)).await?;
    tx.update_mark(&row).await?;
    Ok(())
}

/// Refuses `mark` when another live mark of the student holds on one of its days.
async fn refuse_overlap<T: Statements>(tx: &mut T, mark: &Mark) -> Result<(), Applied> {
    let existing = tx
        .live_marks_of(mark.student_id)
        .await?
        .iter()
        .map(MarkRow::mark)
        .collect::<Result<Vec<Mark>, DbError>>()?;
    if already_marked(&existing, mark) {
        return Err(MarkProblem::AlreadyMarked.into());
    }
    Ok(())
}

/// The statements of `attendance`, for both backends.
#[async_trait]
pub trait Statements: Send {
    /// An attendance mark by id.
    async fn mark(&mut self, id: Uuid) -> Result<Option<MarkRow>, DbError>;
    /// A student's live (not cancelled) marks: those a new or changed mark may clash with.
    async fn live_marks_of(&mut self, student_id: Uuid) -> Result<Vec<MarkRow>, DbError>;
    /// Inserts a new mark.
    async fn insert_mark(&mut self, row: &MarkRow) -> Result<(), DbError>;
    /// Writes a mark's editable fields, version and change number.
    async fn update_mark(&mut self, row: &MarkRow) -> Result<(), DbError>;
    /// Up to `limit` attendance marks of a class changed after `after`, in change order.
    async fn attendance_after(
        &mut self,
        class_id: Uuid,
        after: i64,
        limit: i64,
    ) -> Result<Vec<MarkRow>, DbError>;
}

macro_rules! impl_statements {
    ($db:ty) => {
        #[async_trait]
        impl Statements for SyncConn<$db> {
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

            async fn attendance_after(&mut self, class_id: Uuid, after: i64, limit: i64) -> Result<Vec<MarkRow>, DbError> {
                Ok(sqlx::query_as(&changed_in_class(SyncedTable::Attendance))
                    .bind(class_id).bind(after).bind(limit).fetch_all(&mut **self).await?)
            }
        }
    };
}

impl_statements!(sqlx::Sqlite);
impl_statements!(sqlx::Postgres);

/// The attendance marks of `scope` changed after `after`, as phones pull them.
pub async fn pulled<T: Statements>(
    tx: &mut T,
    scope: SyncScope,
    after: i64,
    limit: i64,
) -> Result<Vec<Change>, DbError> {
    let rows = tx.attendance_after(scope.id(), after, limit).await?;
    rows.into_iter().map(|r| mark_change(r, scope)).collect()
}

/// How an attendance mark travels to phones.
fn mark_change(row: MarkRow, scope: SyncScope) -> Result<Change, DbError> {
    let mark = row.mark()?;
    let pulled = rows::MarkRow {
        id: mark.id,
        class_id: mark.class_id,
        student_id: mark.student_id,
        date: mark.date,
        kind: mark.kind,
        symptoms: mark.symptoms,
        note: mark.note,
        expected_return: mark.expected_return,
        returned_on: mark.returned_on,
        cancelled: mark.cancelled,
        pending: false,
    };
    pulled_change(row.id, scope, row.change_seq, false, &pulled)
}
