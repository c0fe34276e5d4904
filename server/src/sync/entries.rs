//! Pushed check entries: `create` (a correction voids the entry it replaces in the same
//! write), `patch` with per-field history, and `delete` as a tombstone.
use std::collections::HashSet;

use app::domain::checks::{
    CheckEntryPatch, CheckedEntry, CorrectedEntry, EntryProblem, NewCheckEntry, Points,
    RecorderRoles, check_correction, check_values,
};
use app::domain::role::Principal;
use app::sync::{Mutation, SyncScope};
use chrono::Utc;
use uuid::Uuid;

use super::push::{Applied, fields_as, json, keep_history, roles_in};
use super::tx::{EntryRow, FieldChange, SyncTx};
use crate::db::DbError;

/// A duty inspection is changed by staff only; the class's teacher appeals it instead.
fn refuse_duty_entry(row: &EntryRow, roles: RecorderRoles) -> Result<(), Applied> {
    if row.recorder_role == "staff" && !roles.staff {
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
        return Err(EntryProblem::Exists.into());
    }
    let (place, roles) = roles_in(tx, who, new.class_id).await?;
    if !tx.in_term(place.school_id, new.date).await? {
        return Err(EntryProblem::OutsideTerm.into());
    }
    let item = tx
        .item(place.school_id, new.item_id)
        .await?
        .ok_or(EntryProblem::UnknownItem)?;
    let roster: HashSet<Uuid> = tx.roster(place.class_id).await?.into_iter().collect();
    let values = check_values(&item, roles, &roster, new.values(&item))?;
    if let Some(old_id) = new.corrects {
        let mut old = tx.entry(old_id).await?.ok_or(EntryProblem::NotFound)?;
        let facts = CorrectedEntry {
            class_id: old.class_id,
            by_duty: old.recorder_role == "staff",
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
        recorder_role: if roles.homeroom { "homeroom" } else { "staff" }.into(),
        observed_at: new.observed_at,
        client_recorded_at: m.client_recorded_at,
        received_at: Utc::now(),
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

/// Last write wins per field; each overwritten value goes to the history.
pub async fn patch<T: SyncTx>(
    tx: &mut T,
    who: &Principal,
    client_id: Uuid,
    m: &Mutation,
) -> Result<(), Applied> {
    let patch: CheckEntryPatch = fields_as(m)?;
    let mut row = tx.entry(m.id).await?.ok_or(EntryProblem::NotFound)?;
    if row.deleted {
        return Err(EntryProblem::Deleted.into());
    }
    let (place, roles) = roles_in(tx, who, row.class_id).await?;
    refuse_duty_entry(&row, roles)?;
    let current = CheckedEntry {
        slot: row.slot.clone(),
        points: Points(row.points_tenths),
        count: row.count,
        student_ids: serde_json::from_str(&row.student_ids)
            .map_err(|e| DbError::Corrupt(e.to_string()))?,
        note: row.note.clone(),
    };
    let mut next = patch.apply(&current);
    let touches_values = patch.slot.is_some()
        || patch.points.is_some()
        || patch.count.is_some()
        || patch.student_ids.is_some();
    if touches_values {
        let item = tx
            .item(place.school_id, row.item_id)
            .await?
            .ok_or(EntryProblem::UnknownItem)?;
        let roster: HashSet<Uuid> = tx.roster(place.class_id).await?.into_iter().collect();
        next = check_values(&item, roles, &roster, next)?;
    } else if next.note.chars().count() > 200 {
        return Err(EntryProblem::NoteTooLong.into());
    }
    let voided = patch.voided.unwrap_or(row.voided);
    let void_reason = patch
        .void_reason
        .as_deref()
        .map_or_else(|| row.void_reason.clone(), |r| r.trim().to_string());
    if voided && void_reason.is_empty() {
        return Err(EntryProblem::VoidNeedsReason.into());
    }
    let changes = [
        ("slot", json(&row.slot), json(&next.slot)),
        (
            "points",
            json(&Points(row.points_tenths)),
            json(&next.points),
        ),
        ("count", json(&row.count), json(&next.count)),
        (
            "student_ids",
            row.student_ids.clone(),
            ids_json(&next.student_ids),
        ),
        ("note", json(&row.note), json(&next.note)),
        ("voided", json(&row.voided), json(&voided)),
        ("void_reason", json(&row.void_reason), json(&void_reason)),
    ];
    keep_history(tx, "check_entry", row.id, changes, who, client_id, m.seq).await?;
    row.slot = next.slot;
    row.points_tenths = next.points.0;
    row.count = next.count;
    row.student_ids = ids_json(&next.student_ids);
    row.note = next.note;
    row.voided = voided;
    row.void_reason = void_reason;
    row.version += 1;
    row.change_seq = tx.next_change(SyncScope::Class(row.class_id)).await?;
    tx.update_entry(&row).await?;
    Ok(())
}

/// A tombstone: the row stays (with its history), marked deleted; later patches are refused.
pub async fn delete<T: SyncTx>(
    tx: &mut T,
    who: &Principal,
    client_id: Uuid,
    m: &Mutation,
) -> Result<(), Applied> {
    let mut row = tx.entry(m.id).await?.ok_or(EntryProblem::NotFound)?;
    if row.deleted {
        return Ok(());
    }
    let (_, roles) = roles_in(tx, who, row.class_id).await?;
    refuse_duty_entry(&row, roles)?;
    tx.history(FieldChange {
        table: "check_entry",
        row_id: row.id,
        field: "deleted",
        old_value: "false".into(),
        new_value: "true".into(),
        changed_by: who.user_id,
        client_id,
        seq: m.seq,
    })
    .await?;
    row.deleted = true;
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
