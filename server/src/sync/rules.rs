//! What every kind's push rules share: how a refusal is returned, the typed fields of a
//! mutation, who may record for a class, the record's day, and the history of a patch.
use app::domain::day::FIRST_YEAR;
use app::domain::record::RecordProblem;
use app::domain::role::Principal;
use app::sync::Mutation;
use app::sync::payload::Payload;
use app::sync::rejection::Rejection;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use uuid::Uuid;

use super::tx::{FieldChange, SyncTx};
use crate::db::DbError;
use crate::school::date_in;

/// Why one mutation did not apply: refused by the rules (kept as a rejection) or a failure.
pub enum Applied {
    Refused(Rejection),
    Failed(DbError),
}

impl From<DbError> for Applied {
    fn from(e: DbError) -> Self {
        Applied::Failed(e)
    }
}

/// Any kind's refusal, for `?` in its rules.
impl<P> From<P> for Applied
where
    Rejection: From<P>,
{
    fn from(p: P) -> Self {
        Applied::Refused(Rejection::from(p))
    }
}

/// A mutation's fields as the payload of its table and op; anything else is `bad_fields`.
pub fn fields_as<P: Payload>(m: &Mutation) -> Result<P, Applied> {
    if (m.table, m.op) != (P::TABLE, P::OP) {
        return Err(RecordProblem::BadFields.into());
    }
    P::from_fields(&m.fields).map_err(|_| RecordProblem::BadFields.into())
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
        .ok_or(RecordProblem::NotInScope)?;
    let roles = who.recorder_roles(&place);
    if !roles.any() {
        return Err(RecordProblem::NotInScope.into());
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
        .ok_or(RecordProblem::NotInScope)?;
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
        return Err(RecordProblem::OutsideTerm.into());
    }
    if day > latest_day(tx, school_id).await? {
        return Err(RecordProblem::FutureDay.into());
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
pub(super) async fn keep_history<T: SyncTx>(
    tx: &mut T,
    table: &'static str,
    row_id: Uuid,
    changes: impl IntoIterator<Item = (&'static str, String, String)>,
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
