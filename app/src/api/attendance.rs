//! A day's attendance across the classes the user may read.
use leptos::prelude::*;

use crate::domain::attendance::DayAttendance;
use crate::domain::day::Day;
use crate::error::AppError;

/// The day's absences by class and reason with the alerts (today when `None`); 403 for
/// anyone who may read no class's students.
#[server(prefix = "/api/fn", endpoint = "get_day_attendance")]
pub async fn get_day_attendance(date: Option<Day>) -> Result<DayAttendance, AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.day_attendance(&who, date).await)
}
