//! What conduct points are added up from: a class's students and its student-level entries.
use app::domain::checks::{Points, student_share};
use app::domain::conduct::{ConductEntry, RosterLine};
use chrono::NaiveDate;
use uuid::Uuid;

use super::{Db, DbError, on_db};

/// The class's active students by student number.
pub async fn roster_lines(db: &Db, class_id: Uuid) -> Result<Vec<RosterLine>, DbError> {
    let sql = "SELECT id, student_no, name FROM student WHERE class_id = $1 AND active ORDER BY student_no";
    Ok(on_db!(db, pool => sqlx::query_as(sql).bind(class_id).fetch_all(pool).await?))
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    entry_date: NaiveDate,
    category: String,
    item: String,
    points_tenths: i64,
    count: i64,
    student_ids: String,
    note: String,
    recorder: String,
    voided: bool,
    void_reason: String,
}

/// The class's entries that name students between two dates, with the students they name.
pub async fn student_entries(
    db: &Db,
    class_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(Vec<Uuid>, ConductEntry)>, DbError> {
    let sql = "SELECT e.id, e.entry_date, i.category, i.name AS item, e.points_tenths, e.count, e.student_ids, e.note,
                      u.display_name AS recorder, e.voided, e.void_reason
               FROM check_entry e JOIN check_item i ON i.id = e.item_id JOIN app_user u ON u.id = e.recorder_id
               WHERE e.class_id = $1 AND e.entry_date >= $2 AND e.entry_date <= $3 AND e.student_count > 0
                 AND NOT e.deleted
               ORDER BY e.entry_date, e.received_at";
    let rows: Vec<Row> = on_db!(db, pool => sqlx::query_as(sql).bind(class_id).bind(from).bind(to).fetch_all(pool).await?);
    rows.into_iter()
        .map(|r| {
            let ids: Vec<Uuid> = serde_json::from_str(&r.student_ids)
                .map_err(|e| DbError::Corrupt(format!("check_entry {}: {e}", r.id)))?;
            let entry = ConductEntry {
                entry_id: r.id,
                date: r.entry_date,
                category: r.category,
                item: r.item,
                points: student_share(Points(r.points_tenths), r.count),
                note: r.note,
                recorder: r.recorder,
                voided: r.voided,
                void_reason: r.void_reason,
            };
            Ok((ids, entry))
        })
        .collect()
}
