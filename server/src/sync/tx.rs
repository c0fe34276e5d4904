//! The statements every kind's push runs (the client's sequence, the class, the term, the
//! history), written once and implemented for both backends; each kind adds its own. A sync
//! transaction reads the school's reference data once per batch and hands out its change
//! numbers from memory; rows a kind queues go to the table in one multi-row insert.
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::{Deref, DerefMut};

use app::domain::checks::CheckItem;
use app::domain::role::ClassPlace;
use app::sync::SyncScope;
use app::sync::tables::SyncedTable;
use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

use crate::db::DbError;
use crate::db::changes::StampChange;
use crate::db::rows::{ITEM_COLUMNS, ItemRow};

/// One overwritten field, kept in `field_history`.
pub struct FieldChange<'a> {
    pub table: &'a str,
    pub row_id: Uuid,
    pub field: &'a str,
    pub old_value: String,
    pub new_value: String,
    pub changed_by: Uuid,
    pub client_id: Uuid,
    pub seq: i64,
}

/// A transaction of a push or a pull, with what it has read of the school's reference data
/// (push never writes those tables, so a read holds for the whole batch).
pub struct SyncConn<DB: sqlx::Database> {
    tx: sqlx::Transaction<'static, DB>,
    seen: Seen,
    /// Per table, the rows queued for its multi-row insert (see [`SyncConn::queue_insert`]).
    queued: BTreeMap<SyncedTable, sqlx::QueryBuilder<'static, DB>>,
}

/// The reference data a transaction has read, and the change numbers it has taken.
#[derive(Default)]
struct Seen {
    classes: HashMap<Uuid, Option<ClassPlace>>,
    terms: HashMap<Uuid, Vec<(NaiveDate, NaiveDate)>>,
    timezones: HashMap<Uuid, Option<String>>,
    rosters: HashMap<Uuid, HashSet<Uuid>>,
    items: HashMap<(Uuid, Uuid), Option<CheckItem>>,
    /// Per scope: the last number handed out, and the last one written to `change_counter`.
    counters: BTreeMap<SyncScope, (i64, i64)>,
    /// The batch's created ids, per table, not yet looked up (see [`SyncTx::taken`]).
    unchecked: BTreeMap<SyncedTable, Vec<Uuid>>,
    /// Ids of the batch's creates that a row has already: looked up, or queued by the batch.
    taken: HashSet<(SyncedTable, Uuid)>,
}

impl<DB: sqlx::Database> SyncConn<DB>
where
    DB::Arguments<'static>: Default,
{
    pub fn new(tx: sqlx::Transaction<'static, DB>) -> Self {
        SyncConn {
            tx,
            seen: Seen::default(),
            queued: BTreeMap::new(),
        }
    }

    /// Queues a row with `id` for `table`'s multi-row insert (`insert` is the statement up to
    /// `VALUES`; `bind` binds the row's values in its column order). The kind writes the queue
    /// ([`SyncTx::write_queued`]) before each of its statements that reads or changes the
    /// table; commit writes what is left.
    pub fn queue_insert<F>(&mut self, table: SyncedTable, id: Uuid, insert: &str, bind: F)
    where
        F: FnOnce(&mut sqlx::query_builder::Separated<'_, 'static, DB, &'static str>),
    {
        self.seen.taken.insert((table, id));
        let rows = self.queued.entry(table).or_insert_with(|| {
            let mut rows = sqlx::QueryBuilder::new(insert);
            rows.push(" VALUES ");
            rows
        });
        if !rows.sql().ends_with("VALUES ") {
            rows.push(", ");
        }
        rows.push("(");
        bind(&mut rows.separated(", "));
        rows.push(")");
    }
}

/// The statements run on the transaction's connection.
impl<DB: sqlx::Database> Deref for SyncConn<DB> {
    type Target = DB::Connection;
    fn deref(&self) -> &DB::Connection {
        &self.tx
    }
}

impl<DB: sqlx::Database> DerefMut for SyncConn<DB> {
    fn deref_mut(&mut self) -> &mut DB::Connection {
        &mut self.tx
    }
}

/// What a push transaction does, one method per statement.
#[async_trait]
pub trait SyncTx: StampChange {
    /// Registers the client for `user_id` if new, then locks its row: (owner, last seq).
    async fn lock_client(&mut self, client_id: Uuid, user_id: Uuid)
    -> Result<(Uuid, i64), DbError>;
    /// Stores the client's new last sequence number.
    async fn set_last_seq(&mut self, client_id: Uuid, seq: i64) -> Result<(), DbError>;
    /// Keeps a refused mutation for the user to see.
    async fn reject(
        &mut self,
        client_id: Uuid,
        seq: i64,
        mutation: &str,
        reason: &str,
    ) -> Result<(), DbError>;
    /// Where a class sits.
    async fn class_place(&mut self, class_id: Uuid) -> Result<Option<ClassPlace>, DbError>;
    /// Whether a term of the school holds `date` (entries outside every term are refused).
    async fn in_term(&mut self, school_id: Uuid, date: NaiveDate) -> Result<bool, DbError>;
    /// The school's time zone (IANA name).
    async fn timezone(&mut self, school_id: Uuid) -> Result<Option<String>, DbError>;
    /// The active students of a class.
    async fn roster(&mut self, class_id: Uuid) -> Result<HashSet<Uuid>, DbError>;
    /// A check item of a school.
    async fn item(&mut self, school_id: Uuid, item_id: Uuid) -> Result<Option<CheckItem>, DbError>;
    /// Notes the ids the batch creates, for [`SyncTx::taken`] to look up together.
    fn expect_creates(&mut self, creates: impl IntoIterator<Item = (SyncedTable, Uuid)> + Send);
    /// Whether a row of `table` has `id` (one of the batch's creates): the table's first
    /// question looks up all of the batch's ids for it in one query.
    async fn taken(&mut self, table: SyncedTable, id: Uuid) -> Result<bool, DbError>;
    /// Writes the rows queued for `table`, if any, in one statement.
    async fn write_queued(&mut self, table: SyncedTable) -> Result<(), DbError>;
    /// Writes the queued rows and the change numbers handed out, then commits.
    async fn commit(self) -> Result<(), DbError>;
    /// Records an overwritten value.
    async fn history(&mut self, change: FieldChange<'_>) -> Result<(), DbError>;
}

macro_rules! impl_sync_tx {
    ($db:ty) => {
        /// The first number of a scope comes from its counter (locking it); the rest of the
        /// batch's are counted here and written at commit.
        #[async_trait]
        impl StampChange for SyncConn<$db> {
            async fn next_change(&mut self, scope: SyncScope) -> Result<i64, DbError> {
                if let Some((last, _)) = self.seen.counters.get_mut(&scope) {
                    *last += 1;
                    return Ok(*last);
                }
                let seq = self.tx.next_change(scope).await?;
                self.seen.counters.insert(scope, (seq, seq));
                Ok(seq)
            }
        }

        #[async_trait]
        impl SyncTx for SyncConn<$db> {
            async fn lock_client(&mut self, client_id: Uuid, user_id: Uuid) -> Result<(Uuid, i64), DbError> {
                sqlx::query("INSERT INTO sync_client (id, user_id, last_seq, created_at) VALUES ($1, $2, 0, $3)
                             ON CONFLICT (id) DO NOTHING")
                    .bind(client_id).bind(user_id).bind(Utc::now()).execute(&mut **self).await?;
                Ok(sqlx::query_as("UPDATE sync_client SET last_push_at = $1 WHERE id = $2 RETURNING user_id, last_seq")
                    .bind(Utc::now()).bind(client_id).fetch_one(&mut **self).await?)
            }

            async fn set_last_seq(&mut self, client_id: Uuid, seq: i64) -> Result<(), DbError> {
                sqlx::query("UPDATE sync_client SET last_seq = $1 WHERE id = $2")
                    .bind(seq).bind(client_id).execute(&mut **self).await?;
                Ok(())
            }

            async fn reject(&mut self, client_id: Uuid, seq: i64, mutation: &str, reason: &str) -> Result<(), DbError> {
                sqlx::query("INSERT INTO sync_rejection (client_id, seq, mutation, reason, created_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(client_id).bind(seq).bind(mutation).bind(reason).bind(Utc::now())
                    .execute(&mut **self).await?;
                Ok(())
            }

            async fn class_place(&mut self, class_id: Uuid) -> Result<Option<ClassPlace>, DbError> {
                if let Some(place) = self.seen.classes.get(&class_id) {
                    return Ok(*place);
                }
                let row: Option<(Uuid, Uuid, Uuid)> = sqlx::query_as("SELECT id, grade_id, school_id FROM school_class WHERE id = $1")
                    .bind(class_id).fetch_optional(&mut **self).await?;
                let place = row.map(|(class_id, grade_id, school_id)| ClassPlace { class_id, grade_id, school_id });
                self.seen.classes.insert(class_id, place);
                Ok(place)
            }

            async fn in_term(&mut self, school_id: Uuid, date: NaiveDate) -> Result<bool, DbError> {
                if !self.seen.terms.contains_key(&school_id) {
                    let terms: Vec<(NaiveDate, NaiveDate)> = sqlx::query_as("SELECT start_date, end_date FROM term WHERE school_id = $1")
                        .bind(school_id).fetch_all(&mut **self).await?;
                    self.seen.terms.insert(school_id, terms);
                }
                Ok(self.seen.terms[&school_id].iter().any(|&(start, end)| start <= date && date <= end))
            }

            async fn timezone(&mut self, school_id: Uuid) -> Result<Option<String>, DbError> {
                if let Some(timezone) = self.seen.timezones.get(&school_id) {
                    return Ok(timezone.clone());
                }
                let row: Option<(String,)> = sqlx::query_as("SELECT timezone FROM school WHERE id = $1")
                    .bind(school_id).fetch_optional(&mut **self).await?;
                let timezone = row.map(|(tz,)| tz);
                self.seen.timezones.insert(school_id, timezone.clone());
                Ok(timezone)
            }

            async fn roster(&mut self, class_id: Uuid) -> Result<HashSet<Uuid>, DbError> {
                if let Some(roster) = self.seen.rosters.get(&class_id) {
                    return Ok(roster.clone());
                }
                let rows: Vec<(Uuid,)> = sqlx::query_as("SELECT id FROM student WHERE class_id = $1 AND active")
                    .bind(class_id).fetch_all(&mut **self).await?;
                let roster: HashSet<Uuid> = rows.into_iter().map(|r| r.0).collect();
                self.seen.rosters.insert(class_id, roster.clone());
                Ok(roster)
            }

            async fn item(&mut self, school_id: Uuid, item_id: Uuid) -> Result<Option<CheckItem>, DbError> {
                if let Some(item) = self.seen.items.get(&(school_id, item_id)) {
                    return Ok(item.clone());
                }
                let sql = format!("SELECT {ITEM_COLUMNS} FROM check_item WHERE id = $1 AND school_id = $2");
                let row: Option<ItemRow> = sqlx::query_as(&sql)
                    .bind(item_id).bind(school_id).fetch_optional(&mut **self).await?;
                let item = row.map(ItemRow::item).transpose()?;
                self.seen.items.insert((school_id, item_id), item.clone());
                Ok(item)
            }

            async fn history(&mut self, c: FieldChange<'_>) -> Result<(), DbError> {
                sqlx::query(
                    "INSERT INTO field_history (id, table_name, row_id, field, old_value, new_value, changed_by, client_id, seq, changed_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                    .bind(Uuid::now_v7()).bind(c.table).bind(c.row_id).bind(c.field).bind(&c.old_value).bind(&c.new_value)
                    .bind(c.changed_by).bind(c.client_id).bind(c.seq).bind(Utc::now())
                    .execute(&mut **self).await?;
                Ok(())
            }

            fn expect_creates(&mut self, creates: impl IntoIterator<Item = (SyncedTable, Uuid)> + Send) {
                for (table, id) in creates {
                    self.seen.unchecked.entry(table).or_default().push(id);
                }
            }

            async fn taken(&mut self, table: SyncedTable, id: Uuid) -> Result<bool, DbError> {
                if let Some(ids) = self.seen.unchecked.remove(&table) {
                    let mut q = sqlx::QueryBuilder::<$db>::new(format!("SELECT id FROM {} WHERE id IN (", table.name()));
                    let mut list = q.separated(", ");
                    for id in ids {
                        list.push_bind(id);
                    }
                    q.push(")");
                    let found: Vec<(Uuid,)> = q.build_query_as().fetch_all(&mut **self).await?;
                    self.seen.taken.extend(found.into_iter().map(|(id,)| (table, id)));
                }
                Ok(self.seen.taken.contains(&(table, id)))
            }

            async fn write_queued(&mut self, table: SyncedTable) -> Result<(), DbError> {
                if let Some(mut rows) = self.queued.remove(&table) {
                    rows.build().execute(&mut *self.tx).await?;
                }
                Ok(())
            }

            async fn commit(mut self) -> Result<(), DbError> {
                let tables: Vec<SyncedTable> = self.queued.keys().copied().collect();
                for table in tables {
                    self.write_queued(table).await?;
                }
                let counters = std::mem::take(&mut self.seen.counters);
                for (scope, (last, written)) in counters {
                    if last > written {
                        sqlx::query("UPDATE change_counter SET last_seq = $1 WHERE scope_kind = $2 AND scope_id = $3")
                            .bind(last).bind(scope.kind()).bind(scope.id()).execute(&mut *self.tx).await?;
                    }
                }
                self.tx.commit().await?;
                Ok(())
            }
        }
    };
}

impl_sync_tx!(sqlx::Sqlite);
impl_sync_tx!(sqlx::Postgres);
