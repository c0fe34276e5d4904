//! What the weekly board, a cell's drill-down and the exports read.
use std::collections::{HashMap, HashSet};

use app::domain::checks::{Points, RecorderRole};
use app::domain::photos::PhotoId;
use app::domain::school::Term;
use app::domain::scores::{CellEntry, ScoreRules};
use chrono::NaiveDate;
use uuid::Uuid;

use super::school::{TERM_COLUMNS, TermRow};
use super::{Db, DbError, on_db};

/// A term with its scoring rules.
#[derive(sqlx::FromRow)]
struct TermRules {
    #[sqlx(flatten)]
    term: TermRow,
    #[sqlx(rename = "base_score_tenths")]
    base: i64,
    #[sqlx(rename = "red_flags_per_grade")]
    flags: i64,
    #[sqlx(rename = "appeal_days")]
    appeal: i64,
    #[sqlx(rename = "absence_alert_days")]
    alert: i64,
}

/// The term that has a day between `from` and `to` (a week may straddle a term's start).
pub async fn term_overlapping(
    db: &Db,
    school_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Option<(Term, ScoreRules)>, DbError> {
    let sql = format!(
        "SELECT {TERM_COLUMNS}, base_score_tenths, red_flags_per_grade, appeal_days, absence_alert_days
         FROM term WHERE school_id = $1 AND start_date <= $3 AND end_date >= $2
         ORDER BY start_date DESC LIMIT 1"
    );
    let row: Option<TermRules> = on_db!(db, pool => sqlx::query_as(&sql).bind(school_id).bind(from).bind(to).fetch_optional(pool).await?);
    Ok(row.map(
        |TermRules {
             term,
             base,
             flags,
             appeal,
             alert,
         }| {
            let term = Term::from(term);
            let rules = ScoreRules {
                base: Points(base),
                red_flags_per_grade: u32::try_from(flags).unwrap_or(1),
                appeal_days: u32::try_from(appeal).unwrap_or(3),
                absence_alert_days: u32::try_from(alert).unwrap_or(3),
            };
            (term, rules)
        },
    ))
}

/// Each class's valid entries (not voided, not deleted) summed per day: the values push
/// stored (`entry_value`).
pub async fn day_sums(
    db: &Db,
    school_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<HashMap<(Uuid, NaiveDate), Points>, DbError> {
    let sql = "SELECT class_id, entry_date, CAST(SUM(value_tenths) AS BIGINT)
               FROM check_entry
               WHERE school_id = $1 AND entry_date >= $2 AND entry_date <= $3 AND NOT voided AND NOT deleted
               GROUP BY class_id, entry_date";
    let rows: Vec<(Uuid, NaiveDate, i64)> = on_db!(db, pool => sqlx::query_as(sql).bind(school_id).bind(from).bind(to).fetch_all(pool).await?);
    Ok(rows
        .into_iter()
        .map(|(class, day, sum)| ((class, day), Points(sum)))
        .collect())
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: Uuid,
    category: String,
    item: String,
    slot: String,
    points_tenths: i64,
    count: i64,
    value_tenths: i64,
    student_ids: String,
    note: String,
    recorder: String,
    #[sqlx(try_from = "String")]
    recorder_role: RecorderRole,
    voided: bool,
    void_reason: String,
    corrects: Option<Uuid>,
    photo: Option<String>,
}

/// A class's entries of one day in the order they were received, voided ones included.
pub async fn cell_entries(
    db: &Db,
    school_id: Uuid,
    class_id: Uuid,
    date: NaiveDate,
) -> Result<Vec<CellEntry>, DbError> {
    let entries_sql = "SELECT e.id, i.category, i.name AS item, e.slot, e.points_tenths, e.count, e.value_tenths, e.student_ids, e.note,
                              u.display_name AS recorder, e.recorder_role, e.voided, e.void_reason, e.corrects, e.photo
                       FROM check_entry e JOIN check_item i ON i.id = e.item_id JOIN app_user u ON u.id = e.recorder_id
                       WHERE e.class_id = $1 AND e.entry_date = $2 AND NOT e.deleted
                       ORDER BY e.received_at, e.id";
    let names_sql = "SELECT id, name FROM student WHERE school_id = $1";
    let rows: Vec<EntryRow> = on_db!(db, pool => sqlx::query_as(entries_sql).bind(class_id).bind(date).fetch_all(pool).await?);
    // Names are read only when an entry names students; most days' entries are class-level.
    let names: HashMap<Uuid, String> = if rows.iter().any(|r| r.student_ids != "[]") {
        on_db!(db, pool => sqlx::query_as::<_, (Uuid, String)>(names_sql).bind(school_id).fetch_all(pool).await?)
            .into_iter()
            .collect()
    } else {
        HashMap::new()
    };
    let corrected: HashSet<Uuid> = rows.iter().filter_map(|r| r.corrects).collect();
    rows.into_iter()
        .map(|r| {
            let ids: Vec<Uuid> = serde_json::from_str(&r.student_ids)
                .map_err(|e| DbError::Corrupt(format!("check_entry {}: {e}", r.id)))?;
            Ok(CellEntry {
                id: r.id,
                category: r.category,
                item: r.item,
                slot: r.slot,
                points: Points(r.points_tenths),
                count: r.count,
                value: Points(r.value_tenths),
                students: ids.iter().filter_map(|id| names.get(id).cloned()).collect(),
                note: r.note,
                recorder: r.recorder,
                recorder_role: r.recorder_role,
                voided: r.voided,
                void_reason: r.void_reason,
                corrected: corrected.contains(&r.id),
                corrects: r.corrects,
                photo: r
                    .photo
                    .map(PhotoId::try_from)
                    .transpose()
                    .map_err(DbError::Corrupt)?,
            })
        })
        .collect()
}
