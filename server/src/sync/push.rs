//! Push: a phone's numbered mutations applied in order, in one transaction per batch.
//! Replays are acknowledged as duplicates, a gap applies nothing, and a mutation that
//! fails its rules consumes its number and is kept as a rejection.
use std::collections::HashSet;

use app::domain::checks::{
    CheckEntryPatch, CheckedEntry, EntryProblem, NewCheckEntry, Points, check_values,
};
use app::domain::role::Principal;
use app::sync::{
    Mutation, MutationResult, Op, PushRequest, PushResponse, Status, SyncScope, Table,
};
use chrono::Utc;
use uuid::Uuid;

use super::tx::{EntryRow, FieldChange, SyncTx};
use crate::db::{BeginWrite, Db, DbError, on_db};

/// Why a whole batch was refused (nothing applied).
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error("client bound to another user")]
    ForeignClient,
    #[error("sequence gap after {last}")]
    Gap { last: i64 },
    #[error("mutation numbers must increase within a batch")]
    Unordered,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for PushError {
    fn from(e: sqlx::Error) -> Self {
        PushError::Db(DbError::Sqlx(e))
    }
}

/// Applies a batch for `who`.
pub async fn push(db: &Db, who: &Principal, req: &PushRequest) -> Result<PushResponse, PushError> {
    if req.mutations.windows(2).any(|w| w[1].seq <= w[0].seq) {
        return Err(PushError::Unordered);
    }
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let response = apply_batch(&mut tx, who, req).await?;
        tx.commit().await?;
        Ok(response)
    })
}

async fn apply_batch<T: SyncTx>(
    tx: &mut T,
    who: &Principal,
    req: &PushRequest,
) -> Result<PushResponse, PushError> {
    let (owner, mut last) = tx.lock_client(req.client_id, who.user_id).await?;
    if owner != who.user_id {
        return Err(PushError::ForeignClient);
    }
    let new: Vec<&Mutation> = req.mutations.iter().filter(|m| m.seq > last).collect();
    if new
        .iter()
        .enumerate()
        .any(|(i, m)| m.seq != last + 1 + i as i64)
    {
        return Err(PushError::Gap { last });
    }
    let mut results = Vec::with_capacity(req.mutations.len());
    for m in &req.mutations {
        if m.seq <= last {
            results.push(MutationResult {
                seq: m.seq,
                status: Status::Duplicate,
                reason: None,
            });
            continue;
        }
        match apply(tx, who, req.client_id, m).await {
            Ok(()) => results.push(MutationResult {
                seq: m.seq,
                status: Status::Applied,
                reason: None,
            }),
            Err(Applied::Refused(problem)) => {
                let reason = problem.to_string();
                let body = serde_json::to_string(m).map_err(|e| DbError::Corrupt(e.to_string()))?;
                tx.reject(req.client_id, m.seq, &body, &reason).await?;
                results.push(MutationResult {
                    seq: m.seq,
                    status: Status::Rejected,
                    reason: Some(reason),
                });
            }
            Err(Applied::Failed(e)) => return Err(e.into()),
        }
        last = m.seq;
    }
    tx.set_last_seq(req.client_id, last).await?;
    Ok(PushResponse {
        last_mutation_seq: last,
        results,
    })
}

/// Why one mutation did not apply: refused by the rules (kept as a rejection) or a failure.
pub enum Applied {
    Refused(EntryProblem),
    Failed(DbError),
}

impl From<DbError> for Applied {
    fn from(e: DbError) -> Self {
        Applied::Failed(e)
    }
}

impl From<EntryProblem> for Applied {
    fn from(p: EntryProblem) -> Self {
        Applied::Refused(p)
    }
}

async fn apply<T: SyncTx>(
    tx: &mut T,
    who: &Principal,
    client_id: Uuid,
    m: &Mutation,
) -> Result<(), Applied> {
    match (m.table, m.op) {
        (Table::CheckEntry, Op::Create) => create_entry(tx, who, m).await,
        (Table::CheckEntry, Op::Patch) => patch_entry(tx, who, client_id, m).await,
        (Table::CheckEntry, Op::Delete) => delete_entry(tx, who, client_id, m).await,
        (Table::CheckAppeal, Op::Create) => super::appeals::create(tx, who, m).await,
        (Table::CheckAppeal, Op::Patch) => super::appeals::decide(tx, who, client_id, m).await,
        (Table::Attendance, Op::Create) => super::attendance::create(tx, who, m).await,
        (Table::Attendance, Op::Patch) => super::attendance::patch(tx, who, client_id, m).await,
        (Table::CheckAppeal | Table::Attendance, Op::Delete) => Err(EntryProblem::BadFields.into()),
    }
}

/// A mutation's fields as the type its table and op expect; anything else is `bad_fields`.
pub fn fields_as<T: serde::de::DeserializeOwned>(m: &Mutation) -> Result<T, Applied> {
    serde_json::from_value(serde_json::Value::Object(m.fields.clone()))
        .map_err(|_| EntryProblem::BadFields.into())
}

/// A duty inspection is changed by staff only; the class's teacher appeals it instead.
fn refuse_duty_entry(
    row: &EntryRow,
    roles: app::domain::checks::RecorderRoles,
) -> Result<(), Applied> {
    if row.recorder_role == "staff" && !roles.staff {
        return Err(EntryProblem::DutyEntry.into());
    }
    Ok(())
}

/// The roles a user records in for a class, refused unless they may record there at all.
pub(super) async fn roles_in<T: SyncTx>(
    tx: &mut T,
    who: &Principal,
    class_id: Uuid,
) -> Result<
    (
        app::domain::role::ClassPlace,
        app::domain::checks::RecorderRoles,
    ),
    Applied,
> {
    let place = tx
        .class_place(class_id)
        .await?
        .ok_or(EntryProblem::NotInScope)?;
    let roles = who.recorder_roles(&place);
    if !roles.staff && !roles.homeroom {
        return Err(EntryProblem::NotInScope.into());
    }
    Ok((place, roles))
}

async fn create_entry<T: SyncTx>(tx: &mut T, who: &Principal, m: &Mutation) -> Result<(), Applied> {
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
    };
    tx.insert_entry(&row).await?;
    Ok(())
}

/// Last write wins per field; each overwritten value goes to the history.
async fn patch_entry<T: SyncTx>(
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
async fn delete_entry<T: SyncTx>(
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

/// Keeps each value a patch overwrote in `field_history`: (field, old, new) as JSON text.
pub(super) async fn keep_history<T: SyncTx, const N: usize>(
    tx: &mut T,
    table: &'static str,
    row_id: Uuid,
    changes: [(&'static str, String, String); N],
    who: &Principal,
    client_id: Uuid,
    seq: i64,
) -> Result<(), DbError> {
    for (field, old_value, new_value) in changes {
        if old_value != new_value {
            tx.history(FieldChange {
                table,
                row_id,
                field,
                old_value,
                new_value,
                changed_by: who.user_id,
                client_id,
                seq,
            })
            .await?;
        }
    }
    Ok(())
}

/// A value as its history row keeps it.
pub(super) fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn ids_json(ids: &[Uuid]) -> String {
    json(&ids)
}
