//! The school's routine-check scheme.
use uuid::Uuid;

use super::{BeginWrite, Db, DbError, on_db};
use crate::import::scheme::SchemeItem;
use crate::sync::tx::NEXT_CHANGE_SQL;

/// Adds scheme items to a school in one transaction, each with its change number.
pub async fn add_items(db: &Db, school_id: Uuid, items: &[SchemeItem]) -> Result<(), DbError> {
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        for (order, item) in items.iter().enumerate() {
            let (min, max) = item.points.default_range();
            let level = match item.level { app::domain::checks::Level::Class => "class", app::domain::checks::Level::Student => "student" };
            let recorder = match item.recorder {
                app::domain::checks::Recorder::Duty => "duty",
                app::domain::checks::Recorder::Homeroom => "homeroom",
                app::domain::checks::Recorder::Both => "both",
            };
            let (seq,): (i64,) = sqlx::query_as(NEXT_CHANGE_SQL).bind("school").bind(school_id).fetch_one(&mut *tx).await?;
            sqlx::query(
                "INSERT INTO check_item (id, school_id, category, name, points_tenths, min_tenths, max_tenths, level, slots,
                                         recorder, active, sort_order, change_seq)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, TRUE, $11, $12)")
                .bind(Uuid::now_v7()).bind(school_id).bind(&item.category).bind(&item.name).bind(item.points.0)
                .bind(min.0).bind(max.0).bind(level).bind(item.slots.join("|")).bind(recorder).bind(order as i32).bind(seq)
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
    });
    Ok(())
}
