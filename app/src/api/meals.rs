//! Accompany-meal reports (陪餐记录): parent-committee members send them, staff answer.
use leptos::prelude::*;
use uuid::Uuid;

use crate::domain::day::Day;
use crate::domain::meals::{MealReportInput, MealReports};
use crate::error::AppError;

/// The reports of the month holding `month` (this month when `None`) that the user reads.
#[server(prefix = "/api/fn", endpoint = "get_meal_reports")]
pub async fn get_meal_reports(month: Option<Day>) -> Result<MealReports, AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.meal_reports(&who, month).await)
}

/// A member's report of a meal eaten with a class of their scope; kept once per id.
#[server(prefix = "/api/fn", endpoint = "submit_meal_report", input = leptos::server_fn::codec::Json)]
pub async fn submit_meal_report(report: MealReportInput) -> Result<(), AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.submit_meal_report(&who, report).await)
}

/// Staff's answer to a report (≤ 500 characters); answering again replaces it.
#[server(prefix = "/api/fn", endpoint = "reply_meal_report")]
pub async fn reply_meal_report(id: Uuid, reply: String) -> Result<(), AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.reply_meal_report(&who, id, &reply).await)
}
