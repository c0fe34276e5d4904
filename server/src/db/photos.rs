//! Photos as the school's records know them: which photos the school holds and who sent each.
use app::domain::photos::{PhotoAudience, PhotoId};
use app::domain::role::ClassPlace;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Db, DbError, on_db};

/// Records that the school holds a kept photo; true when it is new to the school (a photo
/// sent again keeps its first sender).
pub async fn insert(
    db: &Db,
    school_id: Uuid,
    id: &PhotoId,
    uploaded_by: Uuid,
) -> Result<bool, DbError> {
    let sql = "INSERT INTO photo (school_id, id, uploaded_by, created_at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (school_id, id) DO NOTHING";
    let done = on_db!(db, pool => sqlx::query(sql)
        .bind(school_id).bind(id.as_str()).bind(uploaded_by).bind(Utc::now())
        .execute(pool).await?.rows_affected());
    Ok(done == 1)
}

/// Who sent the school's photo, if the school holds it.
pub async fn sender(db: &Db, school_id: Uuid, id: &PhotoId) -> Result<Option<Uuid>, DbError> {
    let sql = "SELECT uploaded_by FROM photo WHERE school_id = $1 AND id = $2";
    let row: Option<(Uuid,)> = on_db!(db, pool => sqlx::query_as(sql)
        .bind(school_id).bind(id.as_str()).fetch_optional(pool).await?);
    Ok(row.map(|(sender,)| sender))
}

/// Where the school's photo is shown, and to whom: the class and audience of each record
/// that names it.
pub async fn shown_in(
    db: &Db,
    school_id: Uuid,
    id: &PhotoId,
) -> Result<Vec<(ClassPlace, PhotoAudience)>, DbError> {
    let sql = "SELECT r.class_id, c.grade_id, r.audience FROM photo_ref r
               JOIN school_class c ON c.id = r.class_id WHERE r.school_id = $1 AND r.photo_id = $2";
    let rows: Vec<(Uuid, Uuid, String)> = on_db!(db, pool => sqlx::query_as(sql)
        .bind(school_id).bind(id.as_str()).fetch_all(pool).await?);
    rows.into_iter()
        .map(|(class_id, grade_id, audience)| {
            let place = ClassPlace {
                class_id,
                grade_id,
                school_id,
            };
            Ok((
                place,
                PhotoAudience::try_from(audience).map_err(DbError::Corrupt)?,
            ))
        })
        .collect()
}

/// How many photos new to the school the user has sent since `since`.
pub async fn sent_since(db: &Db, user_id: Uuid, since: DateTime<Utc>) -> Result<i64, DbError> {
    let sql = "SELECT COUNT(*) FROM photo WHERE uploaded_by = $1 AND created_at >= $2";
    let (n,): (i64,) = on_db!(db, pool => sqlx::query_as(sql)
        .bind(user_id).bind(since).fetch_one(pool).await?);
    Ok(n)
}
