//! Pull: every change after the phone's cursors, per table of each scope the user may read,
//! from one consistent snapshot, paged.
use std::collections::{BTreeMap, BTreeSet};

use app::domain::role::{ClassPlace, Principal};
use app::sync::tables::{SyncedTable, V1_TABLES, cursor_key, key_scope};
use app::sync::{DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, PullRequest, PullResponse, SyncScope};
use chrono::Utc;
use uuid::Uuid;

use super::snapshot::SnapshotTx;
use super::tx::{SyncConn, SyncTx};
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

/// One cursor's worth of changes: a table of a scope, or (for phones from before per-table
/// cursors) the v1 tables of a scope together.
struct Stream {
    key: String,
    scope: SyncScope,
    sensitive: bool,
    tables: Vec<SyncedTable>,
}

/// The streams a pull reads: per table the phone stores, or per scope for an older phone.
fn streams(scopes: &[(SyncScope, bool)], tables: Option<&[String]>) -> Vec<Stream> {
    let mut out = Vec::new();
    for &(scope, sensitive) in scopes {
        let Some(names) = tables else {
            out.push(Stream {
                key: scope.to_string(),
                scope,
                sensitive,
                tables: V1_TABLES
                    .into_iter()
                    .filter(|t| t.lives_in(scope))
                    .collect(),
            });
            continue;
        };
        out.extend(
            SyncedTable::ALL
                .into_iter()
                .filter(|t| t.lives_in(scope) && names.iter().any(|n| n == t.name()))
                .map(|table| Stream {
                    key: cursor_key(scope, table),
                    scope,
                    sensitive,
                    tables: vec![table],
                }),
        );
    }
    out
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
    let asked: BTreeSet<SyncScope> = req.cursors.keys().filter_map(|k| key_scope(k)).collect();
    let allowed = |scope: &SyncScope| scopes.iter().any(|(s, _)| s == scope);
    let removed_scopes = asked
        .iter()
        .filter(|s| !allowed(s))
        .map(ToString::to_string)
        .collect();
    let limit = i64::from(
        req.limit
            .unwrap_or(DEFAULT_PULL_LIMIT)
            .clamp(1, MAX_PULL_LIMIT),
    );
    let streams = streams(&scopes, req.tables.as_deref());
    on_db!(db, pool => {
        let mut tx = SyncConn::new(crate::db::BeginRead::begin_read(pool).await?);
        let mut page = read_page(&mut tx, &streams, &cursors, limit).await?;
        tx.commit().await?;
        page.last_mutation_seq = last_mutation_seq;
        page.removed_scopes = removed_scopes;
        if restored {
            page.reset_scopes = asked.iter().filter(|s| allowed(s)).map(ToString::to_string).collect();
        }
        page.epoch = Some(epoch);
        Ok(page)
    })
}

async fn read_page<T: SnapshotTx>(
    tx: &mut T,
    streams: &[Stream],
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
    let mut counters = BTreeMap::new();
    for stream in streams {
        let counter = match counters.get(&stream.scope) {
            Some(&c) => c,
            None => {
                let c = tx.counter(stream.scope).await?;
                counters.insert(stream.scope, c);
                c
            }
        };
        let mut cursor = cursors.get(&stream.key).copied().unwrap_or(0).max(0);
        if cursor > counter {
            let scope = stream.scope.to_string();
            if !page.reset_scopes.contains(&scope) {
                page.reset_scopes.push(scope);
            }
            cursor = 0;
        }
        let room = limit - page.changes.len() as i64;
        if room <= 0 {
            page.has_more |= cursor < counter;
            page.cursors.insert(stream.key.clone(), cursor);
            continue;
        }
        let mut changes = tx
            .changes(
                stream.scope,
                &stream.tables,
                cursor,
                room + 1,
                stream.sensitive,
            )
            .await?;
        let more = changes.len() as i64 > room;
        changes.truncate(room as usize);
        let next = if more {
            changes.last().map_or(cursor, |c| c.change_seq)
        } else {
            counter
        };
        page.has_more |= more;
        page.cursors.insert(stream.key.clone(), next);
        page.changes.extend(changes);
    }
    Ok(page)
}
