//! The school's monthly themes (月有主题): what each month asks of its grades' classes.
use app::domain::themes::MonthlyTheme;
use app::sync::SyncScope;
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

use super::changes::StampChange;
use super::{BeginWrite, Db, DbError, on_db};

#[derive(sqlx::FromRow)]
struct ThemeRow {
    id: Uuid,
    month: NaiveDate,
    grade_ids: String,
    theme: String,
    required: String,
}

/// Adds themes to a school, each with a change number so phones pull it.
pub async fn add_themes(db: &Db, school_id: Uuid, themes: &[MonthlyTheme]) -> Result<(), DbError> {
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        for t in themes {
            let seq = tx.next_change(SyncScope::School(school_id)).await?;
            sqlx::query(
                "INSERT INTO monthly_theme (id, school_id, month, grade_ids, theme, required, updated_at, change_seq)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .bind(t.id).bind(school_id).bind(t.month).bind(to_json(&t.grade_ids)?).bind(&t.theme)
                .bind(to_json(&t.required)?).bind(Utc::now()).bind(seq)
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
    });
    Ok(())
}

/// Keeps a theme staff wrote, new or changed, with a new change number so phones pull it
/// again. `Ok(false)` when the id is another school's theme.
pub async fn save_theme(db: &Db, school_id: Uuid, t: &MonthlyTheme) -> Result<bool, DbError> {
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let owner: Option<(Uuid,)> = sqlx::query_as("SELECT school_id FROM monthly_theme WHERE id = $1")
            .bind(t.id).fetch_optional(&mut *tx).await?;
        if owner.is_some_and(|(owner,)| owner != school_id) {
            return Ok(false);
        }
        let seq = tx.next_change(SyncScope::School(school_id)).await?;
        sqlx::query(
            "INSERT INTO monthly_theme (id, school_id, month, grade_ids, theme, required, updated_at, change_seq)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (id) DO UPDATE SET month = excluded.month, grade_ids = excluded.grade_ids,
               theme = excluded.theme, required = excluded.required, updated_at = excluded.updated_at,
               change_seq = excluded.change_seq")
            .bind(t.id).bind(school_id).bind(t.month).bind(to_json(&t.grade_ids)?).bind(&t.theme)
            .bind(to_json(&t.required)?).bind(Utc::now()).bind(seq)
            .execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(true)
    })
}

/// The school's themes, by month.
pub async fn themes(db: &Db, school_id: Uuid) -> Result<Vec<MonthlyTheme>, DbError> {
    let sql = "SELECT id, month, grade_ids, theme, required FROM monthly_theme WHERE school_id = $1
               ORDER BY month, theme";
    let rows: Vec<ThemeRow> =
        on_db!(db, pool => sqlx::query_as(sql).bind(school_id).fetch_all(pool).await?);
    rows.into_iter()
        .map(|r| {
            let corrupt = |_| DbError::Corrupt(format!("monthly_theme {}", r.id));
            Ok(MonthlyTheme {
                id: r.id,
                month: r.month,
                grade_ids: serde_json::from_str(&r.grade_ids).map_err(corrupt)?,
                theme: r.theme,
                required: serde_json::from_str(&r.required).map_err(corrupt)?,
            })
        })
        .collect()
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, DbError> {
    serde_json::to_string(value).map_err(|e| DbError::Corrupt(e.to_string()))
}
