//! Conduct points of a class for the current term, for its teachers and staff only.
use app::domain::conduct::{ClassConduct, tally};
use app::domain::role::Principal;
use app::error::AppError;
use axum::extract::{Path, State};
use axum::{Extension, Json};
use uuid::Uuid;

use crate::db::{self, Db};
use crate::http::error::{ApiError, internal};
use crate::school::{class_for, current_term};
use crate::state::AppState;

/// The class's students with their term totals and histories; `None` outside every term.
/// 403 for anyone who may not read the class's students (parent-committee members).
pub async fn class_conduct(
    db: &Db,
    who: &Principal,
    class_id: Uuid,
) -> Result<Option<ClassConduct>, AppError> {
    let place = class_for(db, class_id, |p| who.can_read_roster(p)).await?;
    let Some((term, _)) = current_term(db, place.school_id).await? else {
        return Ok(None);
    };
    let class_name = db::school::class_name(db, class_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let roster = db::conduct::roster_lines(db, class_id)
        .await
        .map_err(internal)?;
    let entries = db::conduct::student_entries(db, class_id, term.start_date, term.end_date)
        .await
        .map_err(internal)?;
    Ok(Some(ClassConduct {
        class_id,
        class_name,
        term_name: term.name,
        students: tally(&roster, &entries),
    }))
}

/// `GET /api/classes/{id}/conduct`: the class's conduct points as JSON.
pub async fn conduct_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    Path(class_id): Path<Uuid>,
) -> Result<Json<Option<ClassConduct>>, ApiError> {
    let Extension(who) = principal.ok_or(AppError::Unauthorized)?;
    Ok(Json(class_conduct(&state.db, &who, class_id).await?))
}
