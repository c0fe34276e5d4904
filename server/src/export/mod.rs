//! Downloads in the formats schools keep: .xlsx that opens in Excel and WPS.
pub mod activities;
pub mod attendance;
pub mod board;
pub mod conduct;
pub mod coverage;
pub mod meals;
pub mod sheet_names;

use app::domain::day::{Day, month_span};
use app::domain::role::Principal;
use app::error::AppError;
use app::sync::SyncScope;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;
use uuid::Uuid;

use crate::http::error::{ApiError, internal};
use crate::scores::WeekQuery;
use crate::state::AppState;
use crate::sync::pull::scopes_of;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A sheet's title, as every export writes it.
pub fn title_format() -> rust_xlsxwriter::Format {
    rust_xlsxwriter::Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(rust_xlsxwriter::FormatAlign::Center)
}

/// A column heading, as every export writes it: bold, boxed, on the house green.
pub fn header_format() -> rust_xlsxwriter::Format {
    rust_xlsxwriter::Format::new()
        .set_bold()
        .set_align(rust_xlsxwriter::FormatAlign::Center)
        .set_border(rust_xlsxwriter::FormatBorder::Thin)
        .set_background_color("#E8F1EC")
}

/// `GET /api/export/board.xlsx?week=…`: the weekly board of the classes the user may see.
pub async fn board_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    Query(query): Query<WeekQuery>,
) -> Result<Response, ApiError> {
    let Extension(who) = principal.ok_or(AppError::Unauthorized)?;
    let board = crate::scores::week_board(&state.db, &who, query.day()?)
        .await?
        .ok_or(AppError::NotFound)?;
    let bytes = board::board_xlsx(&board).map_err(internal)?;
    let name = format!("{}_{}.xlsx", board::title(&board), board.week_start);
    Ok(xlsx_download(&name, bytes))
}

/// `?class_id=…`: one class; without it, every class the user may read.
#[derive(Deserialize)]
pub struct ClassQuery {
    class_id: Option<String>,
}

/// `GET /api/export/conduct.xlsx?class_id=…`: term conduct points, a sheet per class.
pub async fn conduct_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    Query(query): Query<ClassQuery>,
) -> Result<Response, ApiError> {
    let Extension(who) = principal.ok_or(AppError::Unauthorized)?;
    let class_ids = match query.class_id.as_deref() {
        Some(id) => vec![Uuid::parse_str(id).map_err(|_| AppError::invalid("class_id", "bad_id"))?],
        // Every class whose students the user may read: the class scopes their phone syncs.
        None => scopes_of(&state.db, &who)
            .await
            .map_err(internal)?
            .into_iter()
            .filter_map(|(scope, _)| match scope {
                SyncScope::Class(id) => Some(id),
                SyncScope::School(_) => None,
            })
            .collect(),
    };
    if class_ids.is_empty() {
        return Err(AppError::Forbidden.into());
    }
    let mut classes = Vec::new();
    for class_id in class_ids {
        let conduct = crate::conduct::class_conduct(&state.db, &who, class_id)
            .await?
            .ok_or(AppError::NotFound)?;
        classes.push(conduct);
    }
    let bytes = conduct::conduct_xlsx(&classes).map_err(internal)?;
    let name = match classes.as_slice() {
        [one] => format!("{} 操行分 {}.xlsx", one.class_name, one.term_name),
        more => format!(
            "操行分 {}.xlsx",
            more.first()
                .map(|c| c.term_name.as_str())
                .unwrap_or_default()
        ),
    };
    Ok(xlsx_download(&name, bytes))
}

/// `?month=2026-11`; this month when absent.
#[derive(Deserialize)]
pub struct MonthQuery {
    month: Option<String>,
}

impl MonthQuery {
    /// The month asked for (its first day), or `None` for the school's current month.
    fn month(&self) -> Result<Option<chrono::NaiveDate>, AppError> {
        match self.month.as_deref().filter(|m| !m.is_empty()) {
            Some(text) => Ok(Some(crate::attendance::parse_month(text)?.date())),
            None => Ok(None),
        }
    }
}

/// `GET /api/export/attendance.xlsx?month=…`: the month's attendance of the classes whose
/// students the user may read (403 for parent-committee members).
pub async fn attendance_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    Query(query): Query<MonthQuery>,
) -> Result<Response, ApiError> {
    let Extension(who) = principal.ok_or(AppError::Unauthorized)?;
    let school_id = who.school_id.ok_or(AppError::Forbidden)?;
    let month = match query.month()? {
        Some(month) => month,
        None => crate::school::today_at(&state.db, school_id).await?,
    };
    let month = Day::new(month_span(month).0).map_err(internal)?;
    let data = crate::attendance::month(&state.db, &who, month).await?;
    let bytes = attendance::attendance_xlsx(&data).map_err(internal)?;
    Ok(xlsx_download(
        &format!("{}.xlsx", attendance::title(&data)),
        bytes,
    ))
}

/// `GET /api/export/coverage.xlsx?month=…`: the month's coverage of required activities and
/// the term's safety topics, for the classes whose students the user may read.
pub async fn coverage_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    Query(query): Query<MonthQuery>,
) -> Result<Response, ApiError> {
    let Extension(who) = principal.ok_or(AppError::Unauthorized)?;
    let month = query.month()?;
    let view = crate::coverage::coverage(&state.db, &who, month).await?;
    let bytes = coverage::coverage_xlsx(&view).map_err(internal)?;
    Ok(xlsx_download(
        &format!("{}.xlsx", coverage::title(&view)),
        bytes,
    ))
}

/// `GET /api/export/meals.xlsx?month=…`: the month's accompany-meal reports, for the staff
/// and admins who answer them.
pub async fn meals_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    Query(query): Query<MonthQuery>,
) -> Result<Response, ApiError> {
    let Extension(who) = principal.ok_or(AppError::Unauthorized)?;
    let month = query.month()?;
    let view = crate::meals::month(&state.db, &who, month).await?;
    if !view.may_reply {
        return Err(AppError::Forbidden.into());
    }
    let bytes = meals::meals_xlsx(&view).map_err(internal)?;
    Ok(xlsx_download(
        &format!("{}.xlsx", meals::title(&view)),
        bytes,
    ))
}

/// `?class_id=…&term_id=…`: a class's register of one term (the current one without it).
#[derive(Deserialize)]
pub struct RegisterQuery {
    class_id: String,
    term_id: Option<String>,
}

/// `GET /api/export/activities.xlsx?class_id=…`: a class's activity register (活动台账) for a
/// term, for those who may read its students.
pub async fn activities_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    Query(query): Query<RegisterQuery>,
) -> Result<Response, ApiError> {
    let Extension(who) = principal.ok_or(AppError::Unauthorized)?;
    let id = |field: &str, text: &str| {
        Uuid::parse_str(text).map_err(|_| AppError::invalid(field, "bad_id"))
    };
    let class_id = id("class_id", &query.class_id)?;
    let term_id = match query.term_id.as_deref().filter(|t| !t.is_empty()) {
        Some(text) => Some(id("term_id", text)?),
        None => None,
    };
    let register =
        crate::activities::register(&state.db, &state.photos, &who, class_id, term_id).await?;
    let bytes = activities::register_xlsx(&register).map_err(internal)?;
    Ok(xlsx_download(
        &format!("{}.xlsx", activities::title(&register)),
        bytes,
    ))
}

/// An .xlsx attachment whose Chinese file name survives every browser (RFC 6266 `filename*`).
fn xlsx_download(name: &str, bytes: Vec<u8>) -> Response {
    let encoded = utf8_percent_encode(name, NON_ALPHANUMERIC).to_string();
    let disposition = format!("attachment; filename=\"export.xlsx\"; filename*=UTF-8''{encoded}");
    (
        [
            (header::CONTENT_TYPE, XLSX.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}
