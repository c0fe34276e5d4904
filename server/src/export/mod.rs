//! Downloads in the formats schools keep: .xlsx that opens in Excel and WPS.
pub mod board;

use app::domain::role::Principal;
use app::error::AppError;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use crate::http::error::{ApiError, internal};
use crate::scores::WeekQuery;
use crate::state::AppState;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

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
