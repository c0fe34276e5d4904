//! Pull: every change after the phone's cursors, per scope the user may read, from one
//! consistent snapshot, paged.
use std::collections::BTreeMap;

use app::domain::role::{ClassPlace, Principal};
use app::sync::{DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, PullRequest, PullResponse, SyncScope};
use chrono::Utc;
use uuid::Uuid;

use super::snapshot::SnapshotTx;
use crate::db::{self, Db, DbError, on_db};

/// Why a pull was refused.
#[derive(Debug, thiserror::Error)]
pub enum PullError {
    #[error("client bound to another user")]
    ForeignClient,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for PullError {
    fn from(e: sqlx::Error) -> Self {
        PullError::Db(DbError::Sqlx(e))
    }
}

/// What a user's phone holds: the school's reference data, and each class whose
/// students they may read (never for parent-committee members, who get the school only).
pub async fn scopes_of(db: &Db, who: &Principal) -> Result<Vec<(SyncScope, bool)>, DbError> {
    let Some(school_id) = who.school_id else {
        return Ok(Vec::new());
    };
    let mut scopes = vec![(SyncScope::School(school_id), false)];
    for grade in db::school::classes_by_grade(db, school_id).await? {
        for class in grade.classes {
            let place = ClassPlace {
                class_id: class.id,
                grade_id: grade.grade_id,
                school_id,
            };
            if who.can_read_roster(&place) {
                scopes.push((SyncScope::Class(class.id), who.can_read_sensitive(&place)));
            }
        }
    }
    Ok(scopes)
}

/// Binds a new client to `who`, refuses another user's, and returns its last pushed seq.
pub async fn bind_client(db: &Db, who: &Principal, client_id: Uuid) -> Result<i64, PullError> {
    let insert = "INSERT INTO sync_client (id, user_id, last_seq, created_at) VALUES ($1, $2, 0, $3) ON CONFLICT (id) DO NOTHING";
    let select = "SELECT user_id, last_seq FROM sync_client WHERE id = $1";
    let (owner, last): (Uuid, i64) = on_db!(db, pool => {
        sqlx::query(insert).bind(client_id).bind(who.user_id).bind(Utc::now()).execute(pool).await?;
        sqlx::query_as(select).bind(client_id).fetch_one(pool).await?
    });
    if owner == who.user_id {
        Ok(last)
    } else {
        Err(PullError::ForeignClient)
    }
}

/// Answers a pull.
pub async fn pull(db: &Db, who: &Principal, req: &PullRequest) -> Result<PullResponse, PullError> {
    let last_mutation_seq = bind_client(db, who, req.client_id).await?;
    let epoch = db::sync_epoch::current(db).await?;
    // Cursors from before a restore may be ahead of the restored counters: start again.
    let restored = req.epoch.as_ref().is_some_and(|e| *e != epoch);
    let cursors = if restored {
        BTreeMap::new()
    } else {
        req.cursors.clone()
    };
    let scopes = scopes_of(db, who).await?;
    let allowed: Vec<String> = scopes.iter().map(|(s, _)| s.to_string()).collect();
    let removed_scopes = req
        .cursors
        .keys()
        .filter(|k| !allowed.contains(k))
        .cloned()
        .collect();
    let limit = i64::from(
        req.limit
            .unwrap_or(DEFAULT_PULL_LIMIT)
            .clamp(1, MAX_PULL_LIMIT),
    );
    on_db!(db, pool => {
        let mut tx = crate::db::BeginRead::begin_read(pool).await?;
        let mut page = read_page(&mut tx, &scopes, &cursors, limit).await?;
        tx.commit().await?;
        page.last_mutation_seq = last_mutation_seq;
        page.removed_scopes = removed_scopes;
        if restored {
            page.reset_scopes = req.cursors.keys().filter(|k| allowed.contains(k)).cloned().collect();
        }
        page.epoch = Some(epoch);
        Ok(page)
    })
}

async fn read_page<T: SnapshotTx>(
    tx: &mut T,
    scopes: &[(SyncScope, bool)],
    cursors: &BTreeMap<String, i64>,
    limit: i64,
) -> Result<PullResponse, DbError> {
    let mut page = PullResponse {
        changes: Vec::new(),
        cursors: BTreeMap::new(),
        has_more: false,
        last_mutation_seq: 0,
        removed_scopes: Vec::new(),
        reset_scopes: Vec::new(),
        epoch: None,
    };
    for &(scope, sensitive) in scopes {
        let key = scope.to_string();
        let counter = tx.counter(scope).await?;
        let mut cursor = cursors.get(&key).copied().unwrap_or(0).max(0);
        if cursor > counter {
            page.reset_scopes.push(key.clone());
            cursor = 0;
        }
        let room = limit - page.changes.len() as i64;
        if room <= 0 {
            page.has_more |= cursor < counter;
            page.cursors.insert(key, cursor);
            continue;
        }
        let mut changes = tx.changes(scope, cursor, room + 1, sensitive).await?;
        let more = changes.len() as i64 > room;
        changes.truncate(room as usize);
        let next = if more {
            changes.last().map_or(cursor, |c| c.change_seq)
        } else {
            counter
        };
        page.has_more |= more;
        page.cursors.insert(key, next);
        page.changes.extend(changes);
    }
    Ok(page)
}
