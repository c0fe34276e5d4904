//! The reads of a pull, from one consistent snapshot, for both backends.
use app::sync::tables::SyncedTable;
use app::sync::{Change, SyncScope};
use async_trait::async_trait;
use chrono::NaiveDate;
use serde_json::json;
use uuid::Uuid;

use super::tx::{AppealRow, EntryRow, MarkRow};
use crate::db::DbError;

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
struct ItemRow {
    id: Uuid,
    category: String,
    name: String,
    points_tenths: i64,
    min_tenths: i64,
    max_tenths: i64,
    level: String,
    slots: String,
    recorder: String,
    active: bool,
    sort_order: i32,
    change_seq: i64,
}

#[derive(sqlx::FromRow)]
struct TombstoneRow {
    table_name: String,
    row_id: Uuid,
    change_seq: i64,
}

fn change(
    table: SyncedTable,
    id: Uuid,
    scope: SyncScope,
    change_seq: i64,
    deleted: bool,
    fields: serde_json::Value,
) -> Change {
    Change {
        table: table.name().into(),
        id,
        scope: scope.to_string(),
        change_seq,
        deleted,
        fields,
    }
}

fn tenths(t: i64) -> f64 {
    t as f64 / 10.0
}

impl StudentRow {
    fn change(self, scope: SyncScope, sensitive: bool) -> Change {
        let mut fields = json!({"class_id": scope.id(), "student_no": self.student_no, "name": self.name, "sex": self.sex});
        if let (true, Some(map)) = (sensitive, fields.as_object_mut()) {
            map.insert("birth_date".into(), json!(self.birth_date));
            map.insert("flags".into(), json!({"left_behind": self.left_behind, "boarder": self.boarder,
                                     "hardship": self.hardship, "special_needs": self.special_needs}));
        }
        change(
            SyncedTable::Student,
            self.id,
            scope,
            self.change_seq,
            !self.active,
            fields,
        )
    }
}

impl ClassRow {
    fn change(self, scope: SyncScope) -> Change {
        let fields = json!({"name": self.name, "grade_id": self.grade_id, "grade_name": self.grade_name,
                            "grade_order": self.grade_order, "sort_order": self.sort_order});
        change(
            SyncedTable::SchoolClass,
            self.id,
            scope,
            self.change_seq,
            false,
            fields,
        )
    }
}

impl ItemRow {
    fn change(self, scope: SyncScope) -> Change {
        let fields = json!({"category": self.category, "name": self.name, "points": tenths(self.points_tenths),
                            "min": tenths(self.min_tenths), "max": tenths(self.max_tenths), "level": self.level,
                            "slots": self.slots.split('|').collect::<Vec<_>>(), "recorder": self.recorder,
                            "active": self.active, "sort_order": self.sort_order});
        change(
            SyncedTable::CheckItem,
            self.id,
            scope,
            self.change_seq,
            false,
            fields,
        )
    }
}

/// How a check entry travels to phones.
pub fn entry_change(row: EntryRow, scope: SyncScope) -> Change {
    let student_ids: serde_json::Value =
        serde_json::from_str(&row.student_ids).unwrap_or_else(|_| json!([]));
    let fields = json!({
        "class_id": row.class_id, "date": row.entry_date, "slot": row.slot, "item_id": row.item_id,
        "points": tenths(row.points_tenths), "count": row.count, "student_ids": student_ids, "note": row.note,
        "recorder_id": row.recorder_id, "recorder_role": row.recorder_role, "observed_at": row.observed_at,
        "client_recorded_at": row.client_recorded_at, "received_at": row.received_at, "voided": row.voided,
        "void_reason": row.void_reason, "version": row.version, "corrects": row.corrects,
    });
    change(
        SyncedTable::CheckEntry,
        row.id,
        scope,
        row.change_seq,
        row.deleted,
        fields,
    )
}

/// How an appeal travels to phones.
pub fn appeal_change(row: AppealRow, scope: SyncScope) -> Change {
    let fields = json!({
        "class_id": row.class_id, "entry_id": row.entry_id, "reason": row.reason, "status": row.status,
        "decision_reason": row.decision_reason, "appellant_id": row.appellant_id, "decided_by": row.decided_by,
        "created_at": row.created_at, "decided_at": row.decided_at, "version": row.version,
    });
    change(
        SyncedTable::CheckAppeal,
        row.id,
        scope,
        row.change_seq,
        false,
        fields,
    )
}

/// How an attendance mark travels to phones.
pub fn mark_change(row: MarkRow, scope: SyncScope) -> Change {
    let symptoms: serde_json::Value =
        serde_json::from_str(&row.symptoms).unwrap_or_else(|_| json!([]));
    let fields = json!({
        "class_id": row.class_id, "student_id": row.student_id, "date": row.mark_date, "kind": row.kind,
        "symptoms": symptoms, "note": row.note, "expected_return": row.expected_return,
        "returned_on": row.returned_on, "cancelled": row.cancelled, "recorder_id": row.recorder_id,
        "version": row.version,
    });
    change(
        SyncedTable::Attendance,
        row.id,
        scope,
        row.change_seq,
        false,
        fields,
    )
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
        impl SnapshotTx for sqlx::Transaction<'static, $db> {
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
                    Some(change(table, t.row_id, scope, t.change_seq, true, json!({})))
                }));
                for &table in tables {
                    // Every table of the registry is read here: a new one does not compile
                    // until it says how its rows are pulled.
                    match table {
                        SyncedTable::SchoolClass => {
                            let classes: Vec<ClassRow> = sqlx::query_as(
                                "SELECT c.id, c.name, c.grade_id, g.name AS grade_name, g.sort_order AS grade_order, c.sort_order, c.change_seq
                                 FROM school_class c JOIN grade g ON g.id = c.grade_id
                                 WHERE c.school_id = $1 AND c.change_seq > $2 ORDER BY c.change_seq LIMIT $3")
                                .bind(id).bind(after).bind(limit).fetch_all(&mut **self).await?;
                            all.extend(classes.into_iter().map(|c| c.change(scope)));
                        }
                        SyncedTable::CheckItem => {
                            let items: Vec<ItemRow> = sqlx::query_as(
                                "SELECT id, category, name, points_tenths, min_tenths, max_tenths, level, slots, recorder, active, sort_order, change_seq
                                 FROM check_item WHERE school_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3")
                                .bind(id).bind(after).bind(limit).fetch_all(&mut **self).await?;
                            all.extend(items.into_iter().map(|i| i.change(scope)));
                        }
                        SyncedTable::Student => {
                            let students: Vec<StudentRow> = sqlx::query_as(
                                "SELECT id, student_no, name, sex, birth_date, left_behind, boarder, hardship, special_needs, active, change_seq
                                 FROM student WHERE class_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3")
                                .bind(id).bind(after).bind(limit).fetch_all(&mut **self).await?;
                            all.extend(students.into_iter().map(|s| s.change(scope, sensitive)));
                        }
                        SyncedTable::CheckEntry => {
                            let entries: Vec<EntryRow> = sqlx::query_as(
                                "SELECT * FROM check_entry WHERE class_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3")
                                .bind(id).bind(after).bind(limit).fetch_all(&mut **self).await?;
                            all.extend(entries.into_iter().map(|e| entry_change(e, scope)));
                        }
                        SyncedTable::CheckAppeal => {
                            let appeals: Vec<AppealRow> = sqlx::query_as(
                                "SELECT * FROM check_appeal WHERE class_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3")
                                .bind(id).bind(after).bind(limit).fetch_all(&mut **self).await?;
                            all.extend(appeals.into_iter().map(|a| appeal_change(a, scope)));
                        }
                        SyncedTable::Attendance => {
                            let marks: Vec<MarkRow> = sqlx::query_as(
                                "SELECT * FROM attendance WHERE class_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3")
                                .bind(id).bind(after).bind(limit).fetch_all(&mut **self).await?;
                            all.extend(marks.into_iter().map(|m| mark_change(m, scope)));
                        }
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
