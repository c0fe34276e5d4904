//! Pushed check entries: `create` (a correction voids the entry it replaces in the same
//! write) and `patch` of the note or voiding, with per-field history. Entries are never
//! deleted: a `delete` is refused (`void_instead`).
use app::domain::checks::{
    CheckEntryPatch, CorrectedEntry, EntryNote, EntryProblem, NewCheckEntry, Points,
    RecorderRole, RecorderRoles, check_correction, check_values,
};
use app::domain::photos::{PhotoAudience, PhotoId};
use app::domain::record::RecordProblem;
use app::domain::role::Principal;
use app::sync::rows;
use app::sync::tables::SyncedTable;
use app::sync::{Change, Mutation, Op, SyncScope};
use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

use crate::sync::rules::{
    Applied, check_record_day, fields_as, json, keep_history, phone_time, roles_in,
};
use crate::sync::snapshot::{changed_in_class, pulled_change};
use crate::sync::tx::{SyncConn, SyncTx};
use crate::db::DbError;
use crate::db::rows::EntryRow;

/// A duty inspection is changed by staff only; the class's teacher appeals it instead.
fn refuse_duty_entry(row: &EntryRow, roles: RecorderRoles) -> Result<(), Applied> {
    if !row.recorder_role.changeable_by(roles) {
        return Err(EntryProblem::DutyEntry.into());
    }
    Ok(())
}

/// A mutation of `check_entry`.
pub async fn apply<T: SyncTx + Statements>(
    tx: &mut T,
    who: &Principal,
    client_id: Uuid,
    m: &Mutation,
) -> Result<(), Applied> {
    match m.op {
        Op::Create => create(tx, who, client_id, m).await,
        Op::Patch => patch(tx, who, client_id, m).await,
        Op::Delete => Err(EntryProblem::VoidInstead.into()),
    }
}

/// A new entry, queued for the batch's insert; with `corrects`, the entry it replaces is
/// voided in the same transaction.
async fn create<T: SyncTx + Statements>(
    tx: &mut T,
    who: &Principal,
    client_id: Uuid,
    m: &Mutation,
) -> Result<(), Applied> {
    let new: NewCheckEntry = fields_as(m)?;
    if tx.taken(SyncedTable::CheckEntry, m.id).await? {
        return Err(RecordProblem::Exists.into());
    }
    let (place, roles) = roles_in(tx, who, new.class_id).await?;
    check_record_day(tx, place.school_id, new.date).await?;
    let item = tx
        .item(place.school_id, new.item_id)
        .await?
        .ok_or(EntryProblem::UnknownItem)?;
    let roster = tx.roster(place.class_id).await?;
    let values = check_values(&item, roles, &roster, new.values(&item))?;
    let corrected = match new.corrects {
        Some(old_id) => {
            let old = tx.entry(old_id).await?.ok_or(RecordProblem::NotFound)?;
            let facts = CorrectedEntry {
                class_id: old.class_id,
                recorded_as: old.recorder_role,
                voided: old.voided,
                deleted: old.deleted,
            };
            let reason = check_correction(facts, place.class_id, roles, &new.reason)?;
            Some((old, reason))
        }
        None => None,
    };
    let change_seq = tx.next_change(SyncScope::Class(place.class_id)).await?;
    let received_at = Utc::now();
    let row = EntryRow {
        id: m.id,
        school_id: place.school_id,
        class_id: place.class_id,
        entry_date: new.date,
        slot: values.slot,
        item_id: item.id,
        points_tenths: values.points.0,
        count: values.count,
        student_ids: ids_json(&values.student_ids),
        note: values.note,
        recorder_id: who.user_id,
        recorder_role: RecorderRole::of(roles),
        observed_at: new.observed_at.map(|t| phone_time(t, received_at)),
        client_recorded_at: phone_time(m.client_recorded_at, received_at),
        received_at,
        voided: false,
        void_reason: String::new(),
        deleted: false,
        version: 1,
        change_seq,
        corrects: new.corrects,
        photo: new.photo.as_ref().map(|p| p.as_str().to_owned()),
    };
    if let Some(photo) = &new.photo {
        tx.refer_photo(&row, photo).await?;
    }
    tx.queue_entry(row);
    if let Some((mut old, reason)) = corrected {
        let stamp = Stamp {
            who,
            client_id,
            seq: m.seq,
        };
        void(tx, &mut old, reason, stamp).await?;
    }
    Ok(())
}

/// The note, or voiding with a reason; last write wins per field and each overwritten value
/// goes to the history. Values change by a correction instead (see [`CheckEntryPatch::apply`]).
async fn patch<T: SyncTx + Statements>(
    tx: &mut T,
    who: &Principal,
    client_id: Uuid,
    m: &Mutation,
) -> Result<(), Applied> {
    let patch: CheckEntryPatch = fields_as(m)?;
    let mut row = tx.entry(m.id).await?.ok_or(RecordProblem::NotFound)?;
    if row.deleted {
        return Err(RecordProblem::Deleted.into());
    }
    let (_, roles) = roles_in(tx, who, row.class_id).await?;
    refuse_duty_entry(&row, roles)?;
    let current = EntryNote {
        note: row.note.clone(),
        voided: row.voided,
        void_reason: row.void_reason.clone(),
    };
    let next = patch.apply(&current)?;
    let changes = [
        ("note", json(&row.note), json(&next.note)),
        ("voided", json(&row.voided), json(&next.voided)),
        (
            "void_reason",
            json(&row.void_reason),
            json(&next.void_reason),
        ),
    ];
    keep_history(tx, "check_entry", row.id, changes, who, client_id, m.seq).await?;
    row.note = next.note;
    row.voided = next.voided;
    row.void_reason = next.void_reason;
    row.version += 1;
    row.change_seq = tx.next_change(SyncScope::Class(row.class_id)).await?;
    tx.update_entry(&row).await?;
    Ok(())
}

fn ids_json(ids: &[Uuid]) -> String {
    json(&ids)
}

/// Who made a change, and in which mutation: what its history rows record.
#[derive(Clone, Copy)]
pub struct Stamp<'a> {
    pub who: &'a Principal,
    pub client_id: Uuid,
    pub seq: i64,
}

/// Voids a counting entry with a reason, keeping both overwritten fields in the history.
pub async fn void<T: SyncTx + Statements>(
    tx: &mut T,
    entry: &mut EntryRow,
    reason: String,
    stamp: Stamp<'_>,
) -> Result<(), DbError> {
    let changes = [
        ("voided", json(&entry.voided), json(&true)),
        ("void_reason", json(&entry.void_reason), json(&reason)),
    ];
    keep_history(
        tx,
        "check_entry",
        entry.id,
        changes,
        stamp.who,
        stamp.client_id,
        stamp.seq,
    )
    .await?;
    entry.voided = true;
    entry.void_reason = reason;
    entry.version += 1;
    entry.change_seq = tx.next_change(SyncScope::Class(entry.class_id)).await?;
    tx.update_entry(entry).await
}

/// The statements of `check_entry`, for both backends.
#[async_trait]
pub trait Statements: Send {
    /// A check entry by id.
    async fn entry(&mut self, id: Uuid) -> Result<Option<EntryRow>, DbError>;
    /// Queues a new entry for the batch's insert.
    fn queue_entry(&mut self, row: EntryRow);
    /// Lets the class's teachers and staff see the entry's evidence photo, never parents.
    async fn refer_photo(&mut self, row: &EntryRow, photo: &PhotoId) -> Result<(), DbError>;
    /// Writes an entry's editable fields, flags and change number.
    async fn update_entry(&mut self, row: &EntryRow) -> Result<(), DbError>;
    /// Up to `limit` check entries of a class changed after `after`, in change order.
    async fn check_entry_after(
        &mut self,
        class_id: Uuid,
        after: i64,
        limit: i64,
    ) -> Result<Vec<EntryRow>, DbError>;
    /// The check entries of a class dated `day`, deleted ones left out.
    async fn check_entry_on(&mut self, class_id: Uuid, day: NaiveDate) -> Result<Vec<EntryRow>, DbError>;
}

/// The insert of entries, up to its `VALUES`: 24 values a row, so a push's most rows
/// (`MAX_PUSH_MUTATIONS`, 500) bind 12,000, inside SQLite's 32,766 and PostgreSQL's 65,535.
const INSERT_ENTRY: &str = "INSERT INTO check_entry (id, school_id, class_id, entry_date, slot, item_id,
    points_tenths, count, student_ids, note, recorder_id, recorder_role, observed_at, client_recorded_at,
    received_at, voided, void_reason, deleted, version, change_seq, student_count, corrects, value_tenths, photo)";

macro_rules! impl_statements {
    ($db:ty) => {
        #[async_trait]
        impl Statements for SyncConn<$db> {
            async fn entry(&mut self, id: Uuid) -> Result<Option<EntryRow>, DbError> {
                self.write_queued(SyncedTable::CheckEntry).await?;
                Ok(sqlx::query_as("SELECT * FROM check_entry WHERE id = $1").bind(id).fetch_optional(&mut **self).await?)
            }

            fn queue_entry(&mut self, r: EntryRow) {
                let (students, value) = (r.student_count(), r.value_tenths());
                self.queue_insert(SyncedTable::CheckEntry, r.id, INSERT_ENTRY, |v| {
                    v.push_bind(r.id).push_bind(r.school_id).push_bind(r.class_id).push_bind(r.entry_date)
                        .push_bind(r.slot).push_bind(r.item_id).push_bind(r.points_tenths).push_bind(r.count)
                        .push_bind(r.student_ids).push_bind(r.note).push_bind(r.recorder_id)
                        .push_bind(r.recorder_role.as_str()).push_bind(r.observed_at).push_bind(r.client_recorded_at)
                        .push_bind(r.received_at).push_bind(r.voided).push_bind(r.void_reason).push_bind(r.deleted)
                        .push_bind(r.version).push_bind(r.change_seq).push_bind(students).push_bind(r.corrects)
                        .push_bind(value).push_bind(r.photo);
                });
            }

            async fn refer_photo(&mut self, r: &EntryRow, photo: &PhotoId) -> Result<(), DbError> {
                sqlx::query(
                    "INSERT INTO photo_ref (school_id, photo_id, table_name, row_id, class_id, audience)
                     VALUES ($1, $2, 'check_entry', $3, $4, $5)")
                    .bind(r.school_id).bind(photo.as_str()).bind(r.id).bind(r.class_id)
                    .bind(PhotoAudience::Class.as_str())
                    .execute(&mut **self).await?;
                Ok(())
            }

            async fn update_entry(&mut self, r: &EntryRow) -> Result<(), DbError> {
                self.write_queued(SyncedTable::CheckEntry).await?;
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

            async fn check_entry_after(&mut self, class_id: Uuid, after: i64, limit: i64) -> Result<Vec<EntryRow>, DbError> {
                self.write_queued(SyncedTable::CheckEntry).await?;
                Ok(sqlx::query_as(&changed_in_class(SyncedTable::CheckEntry))
                    .bind(class_id).bind(after).bind(limit).fetch_all(&mut **self).await?)
            }

            async fn check_entry_on(&mut self, class_id: Uuid, day: NaiveDate) -> Result<Vec<EntryRow>, DbError> {
                self.write_queued(SyncedTable::CheckEntry).await?;
                Ok(sqlx::query_as("SELECT * FROM check_entry WHERE class_id = $1 AND entry_date = $2 AND NOT deleted ORDER BY change_seq")
                    .bind(class_id).bind(day).fetch_all(&mut **self).await?)
            }
        }
    };
}

impl_statements!(sqlx::Sqlite);
impl_statements!(sqlx::Postgres);

/// The check entries of `scope` changed after `after`, as phones pull them.
pub async fn pulled<T: Statements>(
    tx: &mut T,
    scope: SyncScope,
    after: i64,
    limit: i64,
) -> Result<Vec<Change>, DbError> {
    let rows = tx.check_entry_after(scope.id(), after, limit).await?;
    rows.into_iter().map(|r| entry_change(r, scope)).collect()
}

/// The check entries of `scope` dated `day`, as phones hold them.
pub async fn on_day<T: Statements>(
    tx: &mut T,
    scope: SyncScope,
    day: NaiveDate,
) -> Result<Vec<rows::EntryRow>, DbError> {
    let rows = tx.check_entry_on(scope.id(), day).await?;
    rows.into_iter().map(pulled_entry).collect()
}

/// How a check entry travels to phones.
fn entry_change(row: EntryRow, scope: SyncScope) -> Result<Change, DbError> {
    let (id, change_seq, deleted) = (row.id, row.change_seq, row.deleted);
    pulled_change(id, scope, change_seq, deleted, &pulled_entry(row)?)
}

/// A stored check entry as phones read it.
fn pulled_entry(row: EntryRow) -> Result<rows::EntryRow, DbError> {
    let student_ids = serde_json::from_str(&row.student_ids)
        .map_err(|e| DbError::Corrupt(format!("check_entry {}: {e}", row.id)))?;
    Ok(rows::EntryRow {
        id: row.id,
        class_id: row.class_id,
        date: row.entry_date,
        slot: row.slot,
        item_id: row.item_id,
        points: Some(Points(row.points_tenths)),
        count: Some(row.count),
        student_ids,
        note: row.note,
        voided: row.voided,
        void_reason: row.void_reason,
        recorder_role: row.recorder_role,
        observed_at: row.observed_at,
        corrects: row.corrects,
        photo: row.photo.map(PhotoId::try_from).transpose().map_err(DbError::Corrupt)?,
        pending: false,
    })
}
