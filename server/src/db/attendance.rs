//! What the attendance views and the monthly export read: live marks over a span of days,
//! and the students they name.
use chrono::NaiveDate;
use uuid::Uuid;

use super::rows::MarkRow;
use super::{Db, DbError, on_db};

/// The school's live marks that may hold on some day from `from` to `to`.
pub async fn live_marks(
    db: &Db,
    school_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<MarkRow>, DbError> {
    let sql = "SELECT * FROM attendance
               WHERE school_id = $1 AND mark_date <= $3 AND NOT cancelled
                 AND (returned_on IS NULL OR returned_on > $2)
               ORDER BY mark_date, id";
    Ok(
        on_db!(db, pool => sqlx::query_as(sql).bind(school_id).bind(from).bind(to).fetch_all(pool).await?),
    )
}

/// A student as the attendance views name them.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StudentName {
    pub id: Uuid,
    pub class_id: Uuid,
    pub student_no: String,
    pub name: String,
    pub active: bool,
}

/// Every student of the school (those who left too: their past marks still show).
pub async fn students(db: &Db, school_id: Uuid) -> Result<Vec<StudentName>, DbError> {
    let sql = "SELECT s.id, s.class_id, s.student_no, s.name, s.active FROM student s
               JOIN school_class c ON c.id = s.class_id WHERE c.school_id = $1 ORDER BY s.student_no";
    Ok(on_db!(db, pool => sqlx::query_as(sql).bind(school_id).fetch_all(pool).await?))
}
