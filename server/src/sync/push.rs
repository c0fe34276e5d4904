//! Push: a phone's numbered mutations applied in order, in one transaction per batch.
//! Replays are acknowledged as duplicates, a gap applies nothing, and a mutation that
//! fails its rules consumes its number and is kept as a rejection.
use app::domain::checks::EntryProblem;
use app::domain::day::FIRST_YEAR;
use app::domain::role::Principal;
use app::sync::payload::Payload;
use app::sync::{Mutation, MutationResult, Op, PushRequest, PushResponse, Status, Table};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use uuid::Uuid;

use super::entries;
use super::tx::{FieldChange, SyncTx};
use crate::db::{BeginWrite, Db, DbError, on_db};
use crate::school::date_in;

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
    if req
        .mutations
        .windows(2)
        .any(|w| matches!(w, [a, b] if b.seq <= a.seq))
    {
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
        (Table::CheckEntry, Op::Create) => entries::create(tx, who, client_id, m).await,
        (Table::CheckEntry, Op::Patch) => entries::patch(tx, who, client_id, m).await,
        (Table::CheckEntry, Op::Delete) => Err(EntryProblem::VoidInstead.into()),
        (Table::CheckAppeal, Op::Create) => super::appeals::create(tx, who, m).await,
        (Table::CheckAppeal, Op::Patch) => super::appeals::decide(tx, who, client_id, m).await,
        (Table::Attendance, Op::Create) => super::attendance::create(tx, who, m).await,
        (Table::Attendance, Op::Patch) => super::attendance::patch(tx, who, client_id, m).await,
        (Table::CheckAppeal | Table::Attendance, Op::Delete) => Err(EntryProblem::BadFields.into()),
    }
}

/// A mutation's fields as the payload of its table and op; anything else is `bad_fields`.
pub fn fields_as<P: Payload>(m: &Mutation) -> Result<P, Applied> {
    if (m.table, m.op) != (P::TABLE, P::OP) {
        return Err(EntryProblem::BadFields.into());
    }
    P::from_fields(&m.fields).map_err(|_| EntryProblem::BadFields.into())
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

/// A phone's clock at midnight may run this far ahead of the server's and still date a
/// record "today": a record dated tomorrow is accepted in the school's last hour of the day.
const CLOCK_AHEAD: TimeDelta = TimeDelta::hours(1);

/// The latest day a record may be dated: the school's today (see [`CLOCK_AHEAD`]).
pub(super) async fn latest_day<T: SyncTx>(
    tx: &mut T,
    school_id: Uuid,
) -> Result<NaiveDate, Applied> {
    let timezone = tx
        .timezone(school_id)
        .await?
        .ok_or(EntryProblem::NotInScope)?;
    let now = Utc::now();
    Ok(date_in(
        &timezone,
        now.checked_add_signed(CLOCK_AHEAD).unwrap_or(now),
    ))
}

/// A record's day: inside one of the school's terms and not after its today.
pub(super) async fn check_record_day<T: SyncTx>(
    tx: &mut T,
    school_id: Uuid,
    day: NaiveDate,
) -> Result<(), Applied> {
    if !tx.in_term(school_id, day).await? {
        return Err(EntryProblem::OutsideTerm.into());
    }
    if day > latest_day(tx, school_id).await? {
        return Err(EntryProblem::FutureDay.into());
    }
    Ok(())
}

/// A time the phone's clock stamped, kept for display only: never before the first school
/// day nor after the server received it.
pub(super) fn phone_time(stamped: DateTime<Utc>, received: DateTime<Utc>) -> DateTime<Utc> {
    let earliest = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(DateTime::<Utc>::MIN_UTC, |t| t.and_utc());
    stamped.clamp(earliest.min(received), received)
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
