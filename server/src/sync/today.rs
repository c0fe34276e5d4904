//! Today as the server draws it for a first visit: the rows a pull from nothing would bring
//! the user's phone, through the pull's own scopes and reads, and only the day's entries.
use std::collections::HashSet;

use app::domain::role::Principal;
use app::sync::tables::SyncedRow;
use app::sync::today::{TodayData, TodayRows};
use app::sync::{Change, MAX_PULL_LIMIT, SyncScope};
use chrono::NaiveDate;
use uuid::Uuid;

use super::kinds::{KindTx, entries};
use super::pull::scopes_of;
use super::snapshot::SnapshotTx;
use super::tx::{SyncConn, SyncTx};
use crate::db::{self, Db, DbError, on_db};

/// `who`'s Today on `day`, from one consistent snapshot.
pub async fn today(db: &Db, who: &Principal, day: NaiveDate) -> Result<TodayData, DbError> {
    let scopes = scopes_of(db, who).await?;
    let rows = on_db!(db, pool => {
        let mut tx = SyncConn::new(db::BeginRead::begin_read(pool).await?);
        let rows = read(&mut tx, &scopes, day).await?;
        tx.commit().await?;
        rows
    });
    let mut today = rows.arrange(Some(who), day);
    keep_opening_rosters(&mut today);
    Ok(today)
}

/// A staff member's Today lists every class of their scope: the page carries the rosters of
/// the classes it opens on (the user's own, or else the first), and the first sync the rest.
fn keep_opening_rosters(today: &mut TodayData) {
    let opening: HashSet<Uuid> = today
        .classes
        .iter()
        .enumerate()
        .filter(|(i, (_, roles))| *i == 0 || roles.homeroom)
        .map(|(_, (class, _))| class.id)
        .collect();
    today.students.retain(|s| opening.contains(&s.class_id));
}

async fn read<T: SnapshotTx + KindTx>(
    tx: &mut T,
    scopes: &[(SyncScope, bool)],
    day: NaiveDate,
) -> Result<TodayRows, DbError> {
    let mut rows = TodayRows::default();
    for &(scope, sensitive) in scopes {
        match scope {
            SyncScope::School(_) => {
                rows.classes = live(tx, scope, false).await?;
                rows.items = live(tx, scope, false).await?;
            }
            SyncScope::Class(_) => {
                rows.students.extend(live(tx, scope, sensitive).await?);
                rows.duty.extend(live(tx, scope, false).await?);
                rows.entries.extend(entries::on_day(tx, scope, day).await?);
            }
        }
    }
    Ok(rows)
}

/// The rows of `R`'s table in `scope` a phone would hold after pulling it from nothing.
async fn live<R: SyncedRow, T: SnapshotTx>(
    tx: &mut T,
    scope: SyncScope,
    sensitive: bool,
) -> Result<Vec<R>, DbError> {
    let limit = i64::from(MAX_PULL_LIMIT);
    let changes = tx.changes(scope, &[R::TABLE], 0, limit, sensitive).await?;
    changes
        .into_iter()
        .filter(|c| !c.deleted && c.table == R::TABLE.name())
        .map(typed)
        .collect()
}

fn typed<R: SyncedRow>(change: Change) -> Result<R, DbError> {
    serde_json::from_value::<R>(change.fields)
        .map(|row| row.with_id(change.id))
        .map_err(|e| DbError::Corrupt(format!("{} {}: {e}", change.table, change.id)))
}
