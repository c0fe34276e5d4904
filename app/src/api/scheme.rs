//! The check scheme and scoring rules (school-wide staff and admins).
use leptos::prelude::*;

use crate::domain::scheme::{ItemInput, RulesInput, SchemeView};
use crate::error::AppError;

/// Every item and the rules of the current term.
#[server(prefix = "/api/fn", endpoint = "get_scheme")]
pub async fn get_scheme() -> Result<SchemeView, AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.scheme(&who).await)
}

/// Stores the term's base score, red flags per grade and appeal window.
#[server(prefix = "/api/fn", endpoint = "save_rules")]
pub async fn save_rules(rules: RulesInput) -> Result<(), AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.save_rules(&who, rules).await)
}

/// Creates or updates a check item.
#[server(prefix = "/api/fn", endpoint = "save_check_item")]
pub async fn save_check_item(item: ItemInput) -> Result<(), AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.save_item(&who, item).await)
}
