//! The weekly board, what is behind its cells, and students' conduct points.
use leptos::prelude::*;
use uuid::Uuid;

use crate::domain::conduct::ClassConduct;
use crate::domain::day::Day;
use crate::domain::scores::{CellDetail, ClassTrend, WeekBoard};
use crate::error::AppError;

/// The board of the week holding `week` (this week when `None`); `None` outside every term.
#[server(prefix = "/api/fn", endpoint = "get_week_board")]
pub async fn get_week_board(week: Option<Day>) -> Result<Option<WeekBoard>, AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.week_board(&who, week).await)
}

/// A class's entries of one day; 403 for anyone who may not read its students.
#[server(prefix = "/api/fn", endpoint = "get_board_cell")]
pub async fn get_board_cell(class_id: Uuid, date: Day) -> Result<CellDetail, AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.board_cell(&who, class_id, date).await)
}

/// A class's conduct points this term; 403 for parent-committee members.
#[server(prefix = "/api/fn", endpoint = "get_class_conduct")]
pub async fn get_class_conduct(class_id: Uuid) -> Result<Option<ClassConduct>, AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.class_conduct(&who, class_id).await)
}

/// A class's weekly totals and ranks this term.
#[server(prefix = "/api/fn", endpoint = "get_class_trend")]
pub async fn get_class_trend(class_id: Uuid) -> Result<Option<ClassTrend>, AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.class_trend(&who, class_id).await)
}
