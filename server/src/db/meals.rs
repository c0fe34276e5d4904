//! Canteen accompany-meal reports (陪餐记录) and staff's replies.
use app::domain::meals::MealReportInput;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::{BeginWrite, Db, DbError, on_db};

/// A kept report with its class, its author's and its replier's names.
#[derive(sqlx::FromRow)]
pub struct MealRow {
    pub id: Uuid,
    pub class_id: Uuid,
    pub author: String,
    pub meal_date: NaiveDate,
    pub meal: String,
    pub taste: i16,
    pub quantity: i16,
    pub hygiene: i16,
    pub temperature: i16,
    pub notes: String,
    pub photos: String,
    pub created_at: DateTime<Utc>,
    pub reply: Option<String>,
    pub replier: Option<String>,
    pub replied_at: Option<DateTime<Utc>>,
}

/// Keeps a checked report and refers its photos to it (seen like the class's records), in one
/// transaction. `Ok(false)` when a report with this id is already kept: a resend.
pub async fn insert(
    db: &Db,
    school_id: Uuid,
    author_id: Uuid,
    report: &MealReportInput,
) -> Result<bool, DbError> {
    let photos = serde_json::to_string(&report.photos)
        .map_err(|e| DbError::Corrupt(format!("meal photos: {e}")))?;
    let r = &report.ratings;
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let kept = sqlx::query(
            "INSERT INTO meal_report (id, school_id, class_id, author_id, meal_date, meal, taste, quantity,
                                      hygiene, temperature, notes, photos, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (id) DO NOTHING")
            .bind(report.id).bind(school_id).bind(report.class_id).bind(author_id).bind(report.date.date())
            .bind(report.meal.as_str()).bind(i16::from(r.taste)).bind(i16::from(r.quantity))
            .bind(i16::from(r.hygiene)).bind(i16::from(r.temperature)).bind(&report.notes).bind(&photos)
            .bind(Utc::now())
            .execute(&mut *tx).await?.rows_affected() == 1;
        if kept {
            for photo in &report.photos {
                sqlx::query(
                    "INSERT INTO photo_ref (school_id, photo_id, table_name, row_id, class_id, audience)
                     VALUES ($1, $2, 'meal_report', $3, $4, 'class')")
                    .bind(school_id).bind(photo.as_str()).bind(report.id).bind(report.class_id)
                    .execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        Ok(kept)
    })
}

/// Who wrote the school's report `id`, and for which class.
pub async fn author_and_class(
    db: &Db,
    school_id: Uuid,
    id: Uuid,
) -> Result<Option<(Uuid, Uuid)>, DbError> {
    let sql = "SELECT author_id, class_id FROM meal_report WHERE school_id = $1 AND id = $2";
    Ok(on_db!(db, pool => sqlx::query_as(sql).bind(school_id).bind(id).fetch_optional(pool).await?))
}

/// Which reports to list: a member's own, or those of some classes.
pub enum Readers<'a> {
    Author(Uuid),
    Classes(&'a [Uuid]),
}

/// The school's reports of meals from `from` to `to`, newest meal first.
pub async fn between(
    db: &Db,
    school_id: Uuid,
    readers: Readers<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<MealRow>, DbError> {
    if matches!(readers, Readers::Classes([])) {
        return Ok(Vec::new());
    }
    Ok(on_db!(db, pool => {
        let mut q = sqlx::QueryBuilder::new(
            "SELECT m.id, m.class_id, a.display_name AS author, m.meal_date, m.meal, m.taste, m.quantity,
                    m.hygiene, m.temperature, m.notes, m.photos, m.created_at, m.reply,
                    r.display_name AS replier, m.replied_at
             FROM meal_report m JOIN app_user a ON a.id = m.author_id
             LEFT JOIN app_user r ON r.id = m.replied_by WHERE m.school_id = ");
        q.push_bind(school_id).push(" AND m.meal_date >= ").push_bind(from)
            .push(" AND m.meal_date <= ").push_bind(to);
        match readers {
            Readers::Author(author) => {
                q.push(" AND m.author_id = ").push_bind(author);
            }
            Readers::Classes(classes) => {
                q.push(" AND m.class_id IN (");
                let mut ids = q.separated(", ");
                for class in classes {
                    ids.push_bind(*class);
                }
                q.push(")");
            }
        }
        q.push(" ORDER BY m.meal_date DESC, m.created_at DESC, m.id");
        q.build_query_as().fetch_all(pool).await?
    }))
}

/// Staff's reply to a report; answering again replaces it.
pub async fn reply(
    db: &Db,
    school_id: Uuid,
    id: Uuid,
    by: Uuid,
    text: &str,
) -> Result<(), DbError> {
    let sql = "UPDATE meal_report SET reply = $1, replied_by = $2, replied_at = $3
               WHERE school_id = $4 AND id = $5";
    on_db!(db, pool => sqlx::query(sql)
        .bind(text).bind(by).bind(Utc::now()).bind(school_id).bind(id)
        .execute(pool).await.map(drop)?);
    Ok(())
}
