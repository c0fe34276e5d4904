//! The reads of a pull, from one consistent snapshot, for both backends. Each table's rows
//! travel as the row type the phone reads (`app::sync::rows`).
use app::domain::photos::PhotoConsent;
use app::domain::school::StudentFlags;
use app::domain::themes::MonthlyTheme;
use app::sync::rows;
use app::sync::tables::{SyncedRow, SyncedTable};
use app::sync::{Change, SyncScope};
use async_trait::async_trait;
use chrono::NaiveDate;
use uuid::Uuid;

use super::kinds;
use super::tx::SyncConn;
use crate::db::DbError;
use crate::db::rows::{ITEM_COLUMNS, ItemRow};

#[derive(sqlx::FromRow)]
struct StudentRow {
    id: Uuid,
    student_no: String,
    name: String,
    sex: String,
    birth_date: Option<NaiveDate>,
    left_behind: bool,
    boarder: bool,
    hardship: bool,
    special_needs: bool,
    #[sqlx(try_from = "String")]
    photo_consent: PhotoConsent,
    active: bool,
    change_seq: i64,
}

#[derive(sqlx::FromRow)]
struct ClassRow {
    id: Uuid,
    name: String,
    grade_id: Uuid,
    grade_name: String,
    grade_order: i32,
    sort_order: i32,
    change_seq: i64,
}

#[derive(sqlx::FromRow)]
struct OrderedItemRow {
    #[sqlx(flatten)]
    item: ItemRow,
    sort_order: i32,
    change_seq: i64,
}

#[derive(sqlx::FromRow)]
struct ThemeRow {
    id: Uuid,
    month: NaiveDate,
    grade_ids: String,
    theme: String,
    required: String,
    change_seq: i64,
}

#[derive(sqlx::FromRow)]
struct TombstoneRow {
    table_name: String,
    row_id: Uuid,
    change_seq: i64,
}

/// The statement reading a class table's rows changed after `$2`, at most `$3`, in change
/// order: every class kind's pull.
pub fn changed_in_class(table: SyncedTable) -> String {
    format!(
        "SELECT * FROM {} WHERE class_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3",
        table.name()
    )
}

/// `row` as a change of `scope`; a row that cannot be serialised is a bug, reported like a
/// corrupt row.
pub fn pulled_change<R: SyncedRow>(
    id: Uuid,
    scope: SyncScope,
    change_seq: i64,
    deleted: bool,
    row: &R,
) -> Result<Change, DbError> {
    Change::of(id, scope, change_seq, deleted, row)
        .map_err(|e| DbError::Corrupt(format!("{} {id}: {e}", R::TABLE.name())))
}

impl StudentRow {
    /// The student as pulled; birth date and flags only for a puller with the sensitive grant.
    fn change(self, scope: SyncScope, sensitive: bool) -> Result<Change, DbError> {
        let flags = StudentFlags {
            left_behind: self.left_behind,
            boarder: self.boarder,
            hardship: self.hardship,
            special_needs: self.special_needs,
        };
        let row = rows::StudentRow {
            id: self.id,
            class_id: scope.id(),
            student_no: self.student_no,
            name: self.name,
            sex: self.sex,
            birth_date: self.birth_date.filter(|_| sensitive),
            flags: sensitive.then_some(flags),
            photo_consent: self.photo_consent,
        };
        pulled_change(self.id, scope, self.change_seq, !self.active, &row)
    }
}

impl ClassRow {
    fn change(self, scope: SyncScope) -> Result<Change, DbError> {
        let row = rows::ClassRow {
            id: self.id,
            name: self.name,
            grade_id: self.grade_id,
            grade_name: self.grade_name,
            grade_order: self.grade_order.into(),
            sort_order: self.sort_order.into(),
        };
        pulled_change(self.id, scope, self.change_seq, false, &row)
    }
}

impl ThemeRow {
    fn change(self, scope: SyncScope) -> Result<Change, DbError> {
        let corrupt = |_| DbError::Corrupt(format!("monthly_theme {}", self.id));
        let row = MonthlyTheme {
            id: self.id,
            month: self.month,
            grade_ids: serde_json::from_str(&self.grade_ids).map_err(corrupt)?,
            theme: self.theme,
            required: serde_json::from_str(&self.required).map_err(corrupt)?,
        };
        pulled_change(self.id, scope, self.change_seq, false, &row)
    }
}

impl OrderedItemRow {
    fn change(self, scope: SyncScope) -> Result<Change, DbError> {
        let item = self.item.item()?;
        let row = rows::ItemRow {
            id: item.id,
            category: item.category,
            name: item.name,
            points: item.points,
            min: Some(item.min),
            max: Some(item.max),
            level: item.level,
            slots: item.slots,
            recorder: item.recorder,
            active: item.active,
            sort_order: self.sort_order.into(),
        };
        pulled_change(item.id, scope, self.change_seq, false, &row)
    }
}

/// The reads one pull makes inside its snapshot.
#[async_trait]
pub trait SnapshotTx: Send {
    /// The scope's last change number (0 if it never changed).
    async fn counter(&mut self, scope: SyncScope) -> Result<i64, DbError>;
    /// Up to `limit` changes of `tables` in the scope after `after`, in change order;
    /// `sensitive` adds student flags.
    async fn changes(
        &mut self,
        scope: SyncScope,
        tables: &[SyncedTable],
        after: i64,
        limit: i64,
        sensitive: bool,
    ) -> Result<Vec<Change>, DbError>;
}

macro_rules! impl_snapshot_tx {
    ($db:ty) => {
        #[async_trait]
        impl SnapshotTx for SyncConn<$db> {
            async fn counter(&mut self, scope: SyncScope) -> Result<i64, DbError> {
                let row: Option<(i64,)> = sqlx::query_as("SELECT last_seq FROM change_counter WHERE scope_kind = $1 AND scope_id = $2")
                    .bind(scope.kind()).bind(scope.id()).fetch_optional(&mut **self).await?;
                Ok(row.map_or(0, |r| r.0))
            }

            async fn changes(&mut self, scope: SyncScope, tables: &[SyncedTable], after: i64, limit: i64, sensitive: bool) -> Result<Vec<Change>, DbError> {
                let mut all: Vec<Change> = Vec::new();
                let id = scope.id();
                let mut q = sqlx::QueryBuilder::<$db>::new("SELECT table_name, row_id, change_seq FROM sync_tombstone WHERE scope_kind = ");
                q.push_bind(scope.kind()).push(" AND scope_id = ").push_bind(id)
                    .push(" AND change_seq > ").push_bind(after).push(" AND table_name IN (");
                let mut names = q.separated(", ");
                for table in tables {
                    names.push_bind(table.name());
                }
                q.push(") ORDER BY change_seq LIMIT ").push_bind(limit);
                let tombstones: Vec<TombstoneRow> = q.build_query_as().fetch_all(&mut **self).await?;
                all.extend(tombstones.into_iter().filter_map(|t| {
                    let table = SyncedTable::parse(&t.table_name)?;
                    Some(Change::tombstone(table, t.row_id, scope, t.change_seq))
                }));
                for &table in tables {
                    // The reference tables are read here, each kind's table by its module.
                    match table {
                        SyncedTable::SchoolClass => {
                            let classes: Vec<ClassRow> = sqlx::query_as(
                                "SELECT c.id, c.name, c.grade_id, g.name AS grade_name, g.sort_order AS grade_order, c.sort_order, c.change_seq
                                 FROM school_class c JOIN grade g ON g.id = c.grade_id
                                 WHERE c.school_id = $1 AND c.change_seq > $2 ORDER BY c.change_seq LIMIT $3")
                                .bind(id).bind(after).bind(limit).fetch_all(&mut **self).await?;
                            for c in classes { all.push(c.change(scope)?); }
                        }
                        SyncedTable::CheckItem => {
                            let sql = format!("SELECT {ITEM_COLUMNS}, sort_order, change_seq FROM check_item
                                               WHERE school_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3");
                            let items: Vec<OrderedItemRow> = sqlx::query_as(&sql)
                                .bind(id).bind(after).bind(limit).fetch_all(&mut **self).await?;
                            for i in items { all.push(i.change(scope)?); }
                        }
                        SyncedTable::MonthlyTheme => {
                            let themes: Vec<ThemeRow> = sqlx::query_as(
                                "SELECT id, month, grade_ids, theme, required, change_seq FROM monthly_theme
                                 WHERE school_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3")
                                .bind(id).bind(after).bind(limit).fetch_all(&mut **self).await?;
                            for t in themes { all.push(t.change(scope)?); }
                        }
                        SyncedTable::Student => {
                            let students: Vec<StudentRow> = sqlx::query_as(
                                "SELECT id, student_no, name, sex, birth_date, left_behind, boarder, hardship, special_needs, photo_consent, active, change_seq
                                 FROM student WHERE class_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3")
                                .bind(id).bind(after).bind(limit).fetch_all(&mut **self).await?;
                            for s in students { all.push(s.change(scope, sensitive)?); }
                        }
                        kind => match kinds::pulled(self, kind, scope, after, limit).await {
                            Some(changes) => all.extend(changes?),
                            None => return Err(DbError::Corrupt(format!("no pull reads {}", kind.name()))),
                        },
                    }
                }
                all.sort_by_key(|c| c.change_seq);
                all.truncate(limit as usize);
                Ok(all)
            }
        }
    };
}

impl_snapshot_tx!(sqlx::Sqlite);
impl_snapshot_tx!(sqlx::Postgres);
