//! The school's structure as each role may see it.
use leptos::prelude::*;
use uuid::Uuid;

use crate::domain::school::{Home, Roster, StudentDetail, StudentInput};
use crate::error::AppError;

/// The signed-in user's home screen data.
#[server(prefix = "/api/fn", endpoint = "get_home")]
pub async fn get_home() -> Result<Home, AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.home(&who).await)
}

/// One class's roster; 403 for anyone whose scope does not hold it.
#[server(prefix = "/api/fn", endpoint = "get_roster")]
pub async fn get_roster(class_id: Uuid) -> Result<Roster, AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.roster(&who, class_id).await)
}

/// One student for the edit form.
#[server(prefix = "/api/fn", endpoint = "get_student")]
pub async fn get_student(id: Uuid) -> Result<StudentDetail, AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.student(&who, id).await)
}

/// Saves a student's record.
#[server(prefix = "/api/fn", endpoint = "save_student")]
pub async fn save_student(student: StudentInput) -> Result<(), AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.save_student(&who, student).await)
}
