//! The school, its terms, grades and classes.
use app::domain::role::{ClassPlace, Scope};
use app::domain::school::{
    ClassSummary, GradeClasses, SchoolInfo, Term, TermInput, UnitInput, class_rank, grade_rank,
    parse_days,
};
use app::sync::SyncScope;
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

use super::changes::StampChange;
use super::{BeginWrite, Db, DbError, on_db};

#[derive(sqlx::FromRow)]
struct ClassRow {
    id: Uuid,
    name: String,
    grade_id: Uuid,
    grade_name: String,
    student_count: i64,
}

/// The columns a [`TermRow`] reads.
pub(crate) const TERM_COLUMNS: &str =
    "id, name, start_date, end_date, weekdays, days_off, make_up_days";

/// A stored term; its days are kept as `days_text` writes them.
#[derive(sqlx::FromRow)]
pub(crate) struct TermRow {
    id: Uuid,
    name: String,
    start_date: NaiveDate,
    end_date: NaiveDate,
    weekdays: String,
    days_off: String,
    make_up_days: String,
}

impl From<TermRow> for Term {
    fn from(r: TermRow) -> Term {
        Term {
            id: r.id,
            name: r.name,
            start_date: r.start_date,
            end_date: r.end_date,
            weekdays: r.weekdays,
            days_off: parse_days(&r.days_off).unwrap_or_default(),
            make_up_days: parse_days(&r.make_up_days).unwrap_or_default(),
        }
    }
}

/// Creates a school.
pub async fn create_school(db: &Db, name: &str, timezone: &str) -> Result<Uuid, DbError> {
    let id = Uuid::now_v7();
    let sql = "INSERT INTO school (id, name, timezone, created_at) VALUES ($1, $2, $3, $4)";
    on_db!(db, pool => sqlx::query(sql).bind(id).bind(name).bind(timezone).bind(Utc::now()).execute(pool).await.map(drop)?);
    Ok(id)
}

/// A school by id.
pub async fn school(db: &Db, id: Uuid) -> Result<Option<SchoolInfo>, DbError> {
    let sql = "SELECT id, name, timezone FROM school WHERE id = $1";
    let row: Option<(Uuid, String, String)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await?);
    Ok(row.map(|(id, name, timezone)| SchoolInfo { id, name, timezone }))
}

/// A school by name, for the demo seed and the admin CLI.
pub async fn school_by_name(db: &Db, name: &str) -> Result<Option<Uuid>, DbError> {
    let sql = "SELECT id FROM school WHERE name = $1";
    let row: Option<(Uuid,)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(name).fetch_optional(pool).await?);
    Ok(row.map(|r| r.0))
}

/// Where a class sits, for access checks; `None` if there is no such class.
pub async fn class_place(db: &Db, class_id: Uuid) -> Result<Option<ClassPlace>, DbError> {
    let sql = "SELECT id, grade_id, school_id FROM school_class WHERE id = $1";
    let row: Option<(Uuid, Uuid, Uuid)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(class_id).fetch_optional(pool).await?);
    Ok(row.map(|(class_id, grade_id, school_id)| ClassPlace {
        class_id,
        grade_id,
        school_id,
    }))
}

/// A class's name.
pub async fn class_name(db: &Db, class_id: Uuid) -> Result<Option<String>, DbError> {
    let sql = "SELECT name FROM school_class WHERE id = $1";
    let row: Option<(String,)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(class_id).fetch_optional(pool).await?);
    Ok(row.map(|r| r.0))
}

/// Every class of a school, grouped by grade in teaching order, with sizes and teachers.
pub async fn classes_by_grade(db: &Db, school_id: Uuid) -> Result<Vec<GradeClasses>, DbError> {
    let classes_sql = "SELECT c.id, c.name, c.grade_id, g.name AS grade_name,
                              (SELECT COUNT(*) FROM student s WHERE s.class_id = c.id AND s.active) AS student_count
                       FROM school_class c JOIN grade g ON g.id = c.grade_id
                       WHERE c.school_id = $1
                       ORDER BY g.sort_order, g.name, c.sort_order, c.name";
    let grades_sql = "SELECT id, name FROM grade WHERE school_id = $1 ORDER BY sort_order, name";
    let teachers_sql = "SELECT g.scope_id, u.display_name FROM role_grant g JOIN app_user u ON u.id = g.user_id
                        WHERE g.role = 'teacher' AND g.scope_kind = 'class' AND u.school_id = $1 AND u.active
                        ORDER BY g.title, u.display_name";
    let rows: Vec<ClassRow> =
        on_db!(db, pool => sqlx::query_as(classes_sql).bind(school_id).fetch_all(pool).await?);
    let grades: Vec<(Uuid, String)> =
        on_db!(db, pool => sqlx::query_as(grades_sql).bind(school_id).fetch_all(pool).await?);
    let teachers: Vec<(Uuid, String)> =
        on_db!(db, pool => sqlx::query_as(teachers_sql).bind(school_id).fetch_all(pool).await?);
    Ok(grades
        .into_iter()
        .map(|(grade_id, grade_name)| GradeClasses {
            classes: rows
                .iter()
                .filter(|r| r.grade_id == grade_id)
                .map(|r| ClassSummary {
                    id: r.id,
                    name: r.name.clone(),
                    grade_id: r.grade_id,
                    grade_name: r.grade_name.clone(),
                    student_count: r.student_count,
                    teachers: teachers
                        .iter()
                        .filter(|(c, _)| *c == r.id)
                        .map(|(_, n)| n.clone())
                        .collect(),
                })
                .collect(),
            grade_id,
            grade_name,
        })
        .collect())
}

/// The school's terms, newest first.
pub async fn terms(db: &Db, school_id: Uuid) -> Result<Vec<Term>, DbError> {
    let sql =
        format!("SELECT {TERM_COLUMNS} FROM term WHERE school_id = $1 ORDER BY start_date DESC");
    let rows: Vec<TermRow> =
        on_db!(db, pool => sqlx::query_as(&sql).bind(school_id).fetch_all(pool).await?);
    Ok(rows.into_iter().map(Term::from).collect())
}

/// The term `day` falls in, if any.
pub async fn term_on(db: &Db, school_id: Uuid, day: NaiveDate) -> Result<Option<Term>, DbError> {
    let sql = format!(
        "SELECT {TERM_COLUMNS} FROM term
         WHERE school_id = $1 AND start_date <= $2 AND end_date >= $2 ORDER BY start_date DESC LIMIT 1"
    );
    let row: Option<TermRow> = on_db!(db, pool => sqlx::query_as(&sql).bind(school_id).bind(day).fetch_optional(pool).await?);
    Ok(row.map(Term::from))
}

/// Outcome of saving a term.
pub enum TermSaved {
    Saved(Term),
    NameTaken,
    NotFound,
}

/// Inserts or updates a validated term of `school_id`.
pub async fn save_term(db: &Db, school_id: Uuid, term: TermInput) -> Result<TermSaved, DbError> {
    let id = term.id.unwrap_or_else(Uuid::now_v7);
    let clash_sql = "SELECT id FROM term WHERE school_id = $1 AND name = $2 AND id <> $3";
    let upsert_sql = "INSERT INTO term (id, school_id, name, start_date, end_date, weekdays, days_off, make_up_days)
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                      ON CONFLICT (id) DO UPDATE SET name = excluded.name, start_date = excluded.start_date,
                      end_date = excluded.end_date, weekdays = excluded.weekdays, days_off = excluded.days_off,
                      make_up_days = excluded.make_up_days
                      WHERE term.school_id = excluded.school_id";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let clash: Option<(Uuid,)> =
            sqlx::query_as(clash_sql).bind(school_id).bind(&term.name).bind(id).fetch_optional(&mut *tx).await?;
        if clash.is_some() {
            return Ok(TermSaved::NameTaken);
        }
        let done = sqlx::query(upsert_sql)
            .bind(id).bind(school_id).bind(&term.name).bind(term.start_date).bind(term.end_date).bind(&term.weekdays)
            .bind(&term.days_off).bind(&term.make_up_days)
            .execute(&mut *tx).await?;
        if done.rows_affected() == 0 {
            return Ok(TermSaved::NotFound);
        }
        tx.commit().await?;
    });
    Ok(TermSaved::Saved(Term {
        id,
        name: term.name,
        start_date: term.start_date,
        end_date: term.end_date,
        weekdays: term.weekdays,
        days_off: parse_days(&term.days_off).unwrap_or_default(),
        make_up_days: parse_days(&term.make_up_days).unwrap_or_default(),
    }))
}

/// The school a scope belongs to; `None` when it names nothing.
pub async fn scope_school(db: &Db, scope: Scope) -> Result<Option<Uuid>, DbError> {
    let sql = match scope {
        Scope::District => return Ok(None),
        Scope::School(_) => "SELECT id FROM school WHERE id = $1",
        Scope::Grade(_) => "SELECT school_id FROM grade WHERE id = $1",
        Scope::Class(_) => "SELECT school_id FROM school_class WHERE id = $1",
    };
    let row: Option<(Uuid,)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(scope.id()).fetch_optional(pool).await?);
    Ok(row.map(|r| r.0))
}

/// The name of what a scope covers: a class, grade or school.
pub async fn scope_name(db: &Db, scope: Scope) -> Result<Option<String>, DbError> {
    let sql = match scope {
        Scope::District => return Ok(None),
        Scope::School(_) => "SELECT name FROM school WHERE id = $1",
        Scope::Grade(_) => "SELECT name FROM grade WHERE id = $1",
        Scope::Class(_) => "SELECT name FROM school_class WHERE id = $1",
    };
    let row: Option<(String,)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(scope.id()).fetch_optional(pool).await?);
    Ok(row.map(|r| r.0))
}

/// Outcome of saving a grade or class.
pub enum UnitSaved {
    Saved,
    NameTaken,
    NotFound,
}

/// Creates or renames a grade of `school_id`.
pub async fn save_grade(db: &Db, school_id: Uuid, unit: &UnitInput) -> Result<UnitSaved, DbError> {
    let id = unit.id.unwrap_or_else(Uuid::now_v7);
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let clash: Option<(Uuid,)> = sqlx::query_as("SELECT id FROM grade WHERE school_id = $1 AND name = $2 AND id <> $3")
            .bind(school_id).bind(&unit.name).bind(id).fetch_optional(&mut *tx).await?;
        if clash.is_some() {
            return Ok(UnitSaved::NameTaken);
        }
        let done = if unit.id.is_some() {
            let classes: Vec<(Uuid,)> = sqlx::query_as("SELECT id FROM school_class WHERE grade_id = $1 AND school_id = $2")
                .bind(id).bind(school_id).fetch_all(&mut *tx).await?;
            for (class_id,) in classes {
                let seq = tx.next_change(SyncScope::School(school_id)).await?;
                sqlx::query("UPDATE school_class SET change_seq = $1 WHERE id = $2").bind(seq).bind(class_id).execute(&mut *tx).await?;
            }
            sqlx::query("UPDATE grade SET name = $1, sort_order = $2 WHERE id = $3 AND school_id = $4")
                .bind(&unit.name).bind(grade_rank(&unit.name)).bind(id).bind(school_id).execute(&mut *tx).await?
        } else {
            sqlx::query("INSERT INTO grade (id, school_id, name, sort_order) VALUES ($1, $2, $3, $4)")
                .bind(id).bind(school_id).bind(&unit.name).bind(grade_rank(&unit.name)).execute(&mut *tx).await?
        };
        if done.rows_affected() == 0 {
            return Ok(UnitSaved::NotFound);
        }
        tx.commit().await?;
    });
    Ok(UnitSaved::Saved)
}

/// Creates a class in a grade of `school_id`, or renames one.
pub async fn save_class(db: &Db, school_id: Uuid, unit: &UnitInput) -> Result<UnitSaved, DbError> {
    let id = unit.id.unwrap_or_else(Uuid::now_v7);
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let clash: Option<(Uuid,)> = sqlx::query_as("SELECT id FROM school_class WHERE school_id = $1 AND name = $2 AND id <> $3")
            .bind(school_id).bind(&unit.name).bind(id).fetch_optional(&mut *tx).await?;
        if clash.is_some() {
            return Ok(UnitSaved::NameTaken);
        }
        let seq = tx.next_change(SyncScope::School(school_id)).await?;
        let done = match (unit.id, unit.grade_id) {
            (Some(_), _) => sqlx::query("UPDATE school_class SET name = $1, sort_order = $2, change_seq = $3 WHERE id = $4 AND school_id = $5")
                .bind(&unit.name).bind(class_rank(&unit.name)).bind(seq).bind(id).bind(school_id).execute(&mut *tx).await?,
            (None, Some(grade_id)) => sqlx::query(
                "INSERT INTO school_class (id, school_id, grade_id, name, sort_order, change_seq)
                 SELECT $1, $2, id, $3, $4, $6 FROM grade WHERE id = $5 AND school_id = $2")
                .bind(id).bind(school_id).bind(&unit.name).bind(class_rank(&unit.name)).bind(grade_id).bind(seq)
                .execute(&mut *tx).await?,
            (None, None) => return Ok(UnitSaved::NotFound),
        };
        if done.rows_affected() == 0 {
            return Ok(UnitSaved::NotFound);
        }
        tx.commit().await?;
    });
    Ok(UnitSaved::Saved)
}
