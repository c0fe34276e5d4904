//! The school's routine-check scheme and the terms' scoring rules.
use app::domain::checks::CheckItem;
use app::domain::scheme::{ItemInput, RulesInput};
use app::sync::SyncScope;
use uuid::Uuid;

use super::changes::StampChange;
use super::rows::{ITEM_COLUMNS, ItemRow};
use super::{BeginWrite, Db, DbError, on_db};
use crate::import::scheme::SchemeItem;

/// Adds scheme items to a school in one transaction, each with its change number.
pub async fn add_items(db: &Db, school_id: Uuid, items: &[SchemeItem]) -> Result<(), DbError> {
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        for (order, item) in items.iter().enumerate() {
            let (min, max) = item.points.default_range();
            let seq = tx.next_change(SyncScope::School(school_id)).await?;
            sqlx::query(
                "INSERT INTO check_item (id, school_id, category, name, points_tenths, min_tenths, max_tenths, level, slots,
                                         recorder, active, sort_order, change_seq)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, TRUE, $11, $12)")
                .bind(Uuid::now_v7()).bind(school_id).bind(&item.category).bind(&item.name).bind(item.points.0)
                .bind(min.0).bind(max.0).bind(item.level.as_str()).bind(item.slots.join("|")).bind(item.recorder.as_str())
                .bind(order as i32).bind(seq)
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
    });
    Ok(())
}

/// Every item of a school, inactive ones too, in scheme order.
pub async fn items(db: &Db, school_id: Uuid) -> Result<Vec<CheckItem>, DbError> {
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM check_item WHERE school_id = $1 ORDER BY sort_order, name"
    );
    let rows: Vec<ItemRow> =
        on_db!(db, pool => sqlx::query_as(&sql).bind(school_id).fetch_all(pool).await?);
    rows.into_iter().map(ItemRow::item).collect()
}

/// Outcome of saving an item.
pub enum ItemSaved {
    Saved,
    NameTaken,
    NotFound,
}

/// Creates or updates an item with a new change number, so phones pick it up.
pub async fn save_item(
    db: &Db,
    school_id: Uuid,
    item: &ItemInput,
    slots: &[String],
) -> Result<ItemSaved, DbError> {
    let id = item.id.unwrap_or_else(Uuid::now_v7);
    let (min, max) = item
        .min
        .zip(item.max)
        .unwrap_or_else(|| item.points.default_range());
    let clash_sql = "SELECT id FROM check_item WHERE school_id = $1 AND category = $2 AND name = $3 AND id <> $4";
    let order_sql = "SELECT CAST(COALESCE(MAX(sort_order), 0) + 1 AS BIGINT) FROM check_item WHERE school_id = $1";
    let update_sql = "UPDATE check_item SET category = $1, name = $2, points_tenths = $3, min_tenths = $4, max_tenths = $5,
                        level = $6, slots = $7, recorder = $8, active = $9, change_seq = $10
                      WHERE id = $11 AND school_id = $12";
    let insert_sql = "INSERT INTO check_item (id, school_id, category, name, points_tenths, min_tenths, max_tenths, level,
                        slots, recorder, active, sort_order, change_seq)
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let clash: Option<(Uuid,)> = sqlx::query_as(clash_sql).bind(school_id).bind(&item.category).bind(&item.name)
            .bind(id).fetch_optional(&mut *tx).await?;
        if clash.is_some() {
            return Ok(ItemSaved::NameTaken);
        }
        let seq = tx.next_change(SyncScope::School(school_id)).await?;
        let slots = slots.join("|");
        if item.id.is_some() {
            let done = sqlx::query(update_sql).bind(&item.category).bind(&item.name).bind(item.points.0).bind(min.0)
                .bind(max.0).bind(item.level.as_str()).bind(&slots).bind(item.recorder.as_str()).bind(item.active)
                .bind(seq).bind(id).bind(school_id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Ok(ItemSaved::NotFound);
            }
        } else {
            let (order,): (i64,) = sqlx::query_as(order_sql).bind(school_id).fetch_one(&mut *tx).await?;
            sqlx::query(insert_sql).bind(id).bind(school_id).bind(&item.category).bind(&item.name).bind(item.points.0)
                .bind(min.0).bind(max.0).bind(item.level.as_str()).bind(&slots).bind(item.recorder.as_str())
                .bind(item.active).bind(order as i32).bind(seq).execute(&mut *tx).await?;
        }
        tx.commit().await?;
    });
    Ok(ItemSaved::Saved)
}

/// Stores a term's scoring rules; `false` when the school has no such term.
pub async fn save_rules(db: &Db, school_id: Uuid, rules: &RulesInput) -> Result<bool, DbError> {
    let sql = "UPDATE term SET base_score_tenths = $1, red_flags_per_grade = $2, appeal_days = $3,
                 absence_alert_days = $4
               WHERE id = $5 AND school_id = $6";
    let changed = on_db!(db, pool => sqlx::query(sql).bind(rules.base.0).bind(i64::from(rules.red_flags_per_grade))
        .bind(i64::from(rules.appeal_days)).bind(i64::from(rules.absence_alert_days)).bind(rules.term_id)
        .bind(school_id).execute(pool).await?.rows_affected());
    Ok(changed > 0)
}
