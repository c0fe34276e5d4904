//! Pushed attendance marks: the roll's `create`, and a `patch` for a return, a correction
//! or a cancellation. A student has one live mark a day; every change keeps its history.
use std::collections::HashSet;

use app::domain::attendance::{
    Mark, MarkPatch, MarkProblem, MarkValues, NewMark, already_marked, check_mark,
};
use app::domain::record::RecordProblem;
use app::domain::role::Principal;
use app::sync::{Mutation, SyncScope};
use chrono::Utc;
use uuid::Uuid;

use super::rules::{
    Applied, check_record_day, fields_as, json, keep_history, latest_day, phone_time, roles_in,
};
use super::tx::SyncTx;
use crate::db::DbError;
use crate::db::rows::MarkRow;

/// The class's teacher (or staff of its scope) marks a student of the class on a term day.
pub async fn create<T: SyncTx>(tx: &mut T, who: &Principal, m: &Mutation) -> Result<(), Applied> {
    let new: NewMark = fields_as(m)?;
    if tx.mark(m.id).await?.is_some() {
        return Err(RecordProblem::Exists.into());
    }
    let (place, _) = roles_in(tx, who, new.class_id).await?;
    check_record_day(tx, place.school_id, new.date).await?;
    let roster: HashSet<Uuid> = tx.roster(place.class_id).await?.into_iter().collect();
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
pub async fn patch<T: SyncTx>(
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
async fn refuse_overlap<T: SyncTx>(tx: &mut T, mark: &Mark) -> Result<(), Applied> {
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
