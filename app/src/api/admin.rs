//! School admin: terms, roster imports, users and invites.
use leptos::prelude::*;
use uuid::Uuid;

use crate::domain::roster::{ImportOutcome, ImportPreview};
use crate::domain::school::{Term, TermInput, UnitInput};
use crate::domain::users::{InviteCreated, NewInvite, StaffOutcome, StaffPreview, UserSummary};
use crate::error::AppError;

/// The school's terms, newest first.
#[server(prefix = "/api/fn", endpoint = "list_terms")]
pub async fn list_terms() -> Result<Vec<Term>, AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.terms(&who).await)
}

/// Creates or updates a term.
#[server(prefix = "/api/fn", endpoint = "save_term")]
pub async fn save_term(term: TermInput) -> Result<Term, AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.save_term(&who, term).await)
}

/// A staged roster import: counts per class and every bad row.
#[server(prefix = "/api/fn", endpoint = "get_import")]
pub async fn get_import(id: Uuid) -> Result<ImportPreview, AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.import_preview(&who, id).await)
}

/// Imports a staged roster; refused while it has bad rows.
#[server(prefix = "/api/fn", endpoint = "commit_import")]
pub async fn commit_import(id: Uuid) -> Result<ImportOutcome, AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.commit_import(&who, id).await)
}

/// The school's accounts.
#[server(prefix = "/api/fn", endpoint = "list_users")]
pub async fn list_users() -> Result<Vec<UserSummary>, AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.users(&who).await)
}

/// Creates a one-time invite.
#[server(prefix = "/api/fn", endpoint = "create_invite")]
pub async fn create_invite(invite: NewInvite) -> Result<InviteCreated, AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.create_invite(&who, invite).await)
}

/// Creates or renames a grade.
#[server(prefix = "/api/fn", endpoint = "save_grade")]
pub async fn save_grade(grade: UnitInput) -> Result<(), AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.save_grade(&who, grade).await)
}

/// Creates or renames a class.
#[server(prefix = "/api/fn", endpoint = "save_class")]
pub async fn save_class(class: UnitInput) -> Result<(), AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.save_class(&who, class).await)
}

/// A staged staff file: the accounts it would create and every bad row.
#[server(prefix = "/api/fn", endpoint = "get_staff_import")]
pub async fn get_staff_import(id: Uuid) -> Result<StaffPreview, AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.staff_import_preview(&who, id).await)
}

/// Creates the staged staff accounts; the activation codes are shown once.
#[server(prefix = "/api/fn", endpoint = "commit_staff_import")]
pub async fn commit_staff_import(id: Uuid) -> Result<StaffOutcome, AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.commit_staff_import(&who, id).await)
}
