//! Pushed check entries: `create` (a correction voids the entry it replaces in the same
//! write) and `patch` of the note or voiding, with per-field history. Entries are never
//! deleted: a `delete` is refused (`void_instead`).
use std::collections::HashSet;

use app::domain::checks::{
    CheckEntryPatch, CorrectedEntry, EntryNote, EntryProblem, NewCheckEntry, RecorderRole,
    RecorderRoles, check_correction, check_values,
};
use app::domain::record::RecordProblem;
use app::domain::role::Principal;
use app::sync::{Mutation, SyncScope};
use chrono::Utc;
use uuid::Uuid;

use super::rules::{
    Applied, check_record_day, fields_as, json, keep_history, phone_time, roles_in,
};
use super::tx::SyncTx;
use crate::db::DbError;
use crate::db::rows::EntryRow;

/// A duty inspection is changed by staff only; the class's teacher appeals it instead.
fn refuse_duty_entry(row: &EntryRow, roles: RecorderRoles) -> Result<(), Applied> {
    if !row.recorder_role.changeable_by(roles) {
        return Err(EntryProblem::DutyEntry.into());
    }
    Ok(())
}

/// A new entry; with `corrects`, the entry it replaces is voided in the same transaction.
pub async fn create<T: SyncTx>(
    tx: &mut T,
    who: &Principal,
    client_id: Uuid,
    m: &Mutation,
) -> Result<(), Applied> {
    let new: NewCheckEntry = fields_as(m)?;
    if tx.entry(m.id).await?.is_some() {
        return Err(RecordProblem::Exists.into());
    }
    let (place, roles) = roles_in(tx, who, new.class_id).await?;
    check_record_day(tx, place.school_id, new.date).await?;
    let item = tx
        .item(place.school_id, new.item_id)
        .await?
        .ok_or(EntryProblem::UnknownItem)?;
    let roster: HashSet<Uuid> = tx.roster(place.class_id).await?.into_iter().collect();
    let values = check_values(&item, roles, &roster, new.values(&item))?;
    if let Some(old_id) = new.corrects {
        let mut old = tx.entry(old_id).await?.ok_or(RecordProblem::NotFound)?;
        let facts = CorrectedEntry {
            class_id: old.class_id,
            recorded_as: old.recorder_role,
            voided: old.voided,
            deleted: old.deleted,
        };
        let reason = check_correction(facts, place.class_id, roles, &new.reason)?;
        let stamp = Stamp {
            who,
            client_id,
            seq: m.seq,
        };
        void(tx, &mut old, reason, stamp).await?;
    }
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
    };
    tx.insert_entry(&row).await?;
    Ok(())
}

/// The note, or voiding with a reason; last write wins per field and each overwritten value
/// goes to the history. Values change by a correction instead (see [`CheckEntryPatch::apply`]).
pub async fn patch<T: SyncTx>(
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
pub async fn void<T: SyncTx>(
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
