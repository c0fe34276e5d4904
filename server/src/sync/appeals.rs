//! Pushed appeals: a teacher's `create`, a staff member's decision as a `patch`. Accepting
//! voids the appealed entry in the same transaction, so the score is restored at once.
use app::domain::appeals::{
    AppealDecision, AppealProblem, AppealStatus, AppealedEntry, NewAppeal, appeal_day,
    check_decision, check_new_appeal,
};
use app::domain::record::RecordProblem;
use app::domain::role::Principal;
use app::sync::{Mutation, SyncScope};
use chrono::Utc;
use uuid::Uuid;

use super::entries::{self, Stamp};
use super::rules::{Applied, fields_as, phone_time, roles_in};
use super::tx::{FieldChange, SyncTx};
use crate::db::rows::AppealRow;
use crate::school::{date_in, today_in};

/// A homeroom teacher appeals a duty entry on their class, within the term's window.
pub async fn create<T: SyncTx>(tx: &mut T, who: &Principal, m: &Mutation) -> Result<(), Applied> {
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
pub async fn decide<T: SyncTx>(
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
