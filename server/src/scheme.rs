//! The check scheme and the term's scoring rules, edited by school-wide staff and admins.
use app::domain::role::Principal;
use app::domain::scheme::{ItemInput, RulesInput, SchemeView};
use app::domain::scores::ScoreRules;
use app::error::AppError;
use uuid::Uuid;

use crate::db::checks::ItemSaved;
use crate::db::{self, Db};
use crate::http::error::internal;
use crate::school::current_term;

/// The school of a user who may edit its scheme, or 403.
fn editable_school(who: &Principal) -> Result<Uuid, AppError> {
    who.school_id
        .filter(|s| who.can_edit_scheme(*s))
        .ok_or(AppError::Forbidden)
}

/// Every item and the rules of the term today is in.
pub async fn scheme(db: &Db, who: &Principal) -> Result<SchemeView, AppError> {
    let school_id = editable_school(who)?;
    let term = current_term(db, school_id).await?;
    let items = db::checks::items(db, school_id).await.map_err(internal)?;
    Ok(SchemeView {
        rules: term.as_ref().map_or_else(ScoreRules::default, |(_, r)| *r),
        term: term.map(|(t, _)| (t.id, t.name)),
        items,
    })
}

/// Stores a term's scoring rules; they apply to every week of the term, past ones too.
pub async fn save_rules(db: &Db, who: &Principal, rules: RulesInput) -> Result<(), AppError> {
    let school_id = editable_school(who)?;
    let rules = rules
        .validate()
        .map_err(|fields| AppError::Validation { fields })?;
    if db::checks::save_rules(db, school_id, &rules)
        .await
        .map_err(internal)?
    {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Creates or updates an item; entries already recorded keep their points.
pub async fn save_item(db: &Db, who: &Principal, item: ItemInput) -> Result<(), AppError> {
    let school_id = editable_school(who)?;
    let (item, slots) = item
        .validate()
        .map_err(|fields| AppError::Validation { fields })?;
    match db::checks::save_item(db, school_id, &item, &slots)
        .await
        .map_err(internal)?
    {
        ItemSaved::Saved => Ok(()),
        ItemSaved::NameTaken => Err(AppError::invalid("item_name", "taken")),
        ItemSaved::NotFound => Err(AppError::NotFound),
    }
}
