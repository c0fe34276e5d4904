//! Roster import: upload → staged preview (counts per class, every bad row) → commit,
//! all or nothing. Re-importing a file updates students by number, never duplicates.
use std::collections::{BTreeMap, HashSet};

use app::domain::role::Principal;
use app::domain::roster::{ClassCount, ImportOutcome, ImportPreview, parse_roster};
use app::domain::school::{class_rank, grade_rank};
use app::error::AppError;
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::{Extension, Json};
use uuid::Uuid;

use super::read_sheets;
use super::upload::{self, UploadError};
use app::domain::roster::{RosterEntry, RowError};

use crate::db::imports::{ImportKind, Staged};

/// A staged roster file.
type StagedRoster = Staged<Vec<RosterEntry>, Vec<RowError>>;
use crate::db::{self, Db};
use crate::http::error::{ApiError, internal};
use crate::state::AppState;

/// The admin's school, or 403.
pub(crate) fn admin_school(who: &Principal) -> Result<Uuid, AppError> {
    who.school_id
        .filter(|s| who.can_administer(*s))
        .ok_or(AppError::Forbidden)
}

/// Counts per class (in teaching order) and how many students are new.
pub fn preview(staged: StagedRoster, known: &HashSet<String>) -> ImportPreview {
    let mut classes: BTreeMap<(i32, String, i32, String), ClassCount> = BTreeMap::new();
    for e in &staged.entries {
        let key = (
            grade_rank(&e.grade),
            e.grade.clone(),
            class_rank(&e.class),
            e.class.clone(),
        );
        let count = classes.entry(key).or_insert_with(|| ClassCount {
            grade: e.grade.clone(),
            class: e.class.clone(),
            count: 0,
            new: 0,
        });
        count.count += 1;
        count.new += usize::from(!known.contains(&e.student_no));
    }
    ImportPreview {
        id: staged.id,
        file_name: staged.file_name,
        total: staged.entries.len(),
        classes: classes.into_values().collect(),
        errors: staged.errors,
        committed: staged.committed,
    }
}

/// Parses an uploaded file and stages it; nothing is imported yet.
pub async fn stage(
    db: &Db,
    who: &Principal,
    file_name: &str,
    bytes: &[u8],
) -> Result<ImportPreview, AppError> {
    let school_id = admin_school(who)?;
    let sheets = read_sheets(file_name, bytes)?;
    let parsed = parse_roster(&sheets);
    let id = db::imports::stage(
        db,
        ImportKind::Roster,
        school_id,
        who.user_id,
        file_name,
        &parsed.entries,
        &parsed.errors,
    )
    .await
    .map_err(internal)?;
    load_preview(db, who, id).await
}

/// A staged import of the admin's school.
pub async fn load_preview(db: &Db, who: &Principal, id: Uuid) -> Result<ImportPreview, AppError> {
    let school_id = admin_school(who)?;
    let staged: Option<StagedRoster> = db::imports::load(db, ImportKind::Roster, id)
        .await
        .map_err(internal)?;
    let staged = staged
        .filter(|s| s.school_id == school_id)
        .ok_or(AppError::NotFound)?;
    let known = db::students::known_numbers(db, school_id)
        .await
        .map_err(internal)?;
    Ok(preview(staged, &known))
}

/// Imports a staged file; refused while it has bad rows or once it is done.
pub async fn commit(db: &Db, who: &Principal, id: Uuid) -> Result<ImportOutcome, AppError> {
    let school_id = admin_school(who)?;
    let staged: Option<StagedRoster> = db::imports::load(db, ImportKind::Roster, id)
        .await
        .map_err(internal)?;
    let staged = staged
        .filter(|s| s.school_id == school_id)
        .ok_or(AppError::NotFound)?;
    if !staged.errors.is_empty() {
        return Err(AppError::Conflict {
            reason: "has_errors".into(),
        });
    }
    db::students::import(db, school_id, &staged.entries, Some(id))
        .await
        .map_err(internal)?
        .ok_or(AppError::Conflict {
            reason: "already_committed".into(),
        })
}

/// `POST /api/admin/imports` (multipart, field `file`): JSON preview, or for a plain
/// form post a redirect to the preview page.
pub async fn upload_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let result = async {
        let Extension(who) = principal.ok_or(AppError::Unauthorized)?;
        admin_school(&who)?;
        let file = upload::read_file(&mut multipart).await?;
        let preview = stage(&state.db, &who, &file.name, &file.bytes).await?;
        Ok::<_, UploadError>((preview.id, preview))
    };
    upload::respond(upload::wants_html(&headers), result.await, "/admin/import")
}

/// `GET /api/admin/imports/{id}`: the preview again.
pub async fn preview_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    Path(id): Path<Uuid>,
) -> Result<Json<ImportPreview>, ApiError> {
    let Extension(who) = principal.ok_or(AppError::Unauthorized)?;
    Ok(Json(load_preview(&state.db, &who, id).await?))
}

/// `POST /api/admin/imports/{id}/commit`: imports, all or nothing.
pub async fn commit_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    Path(id): Path<Uuid>,
) -> Result<Json<ImportOutcome>, ApiError> {
    let Extension(who) = principal.ok_or(AppError::Unauthorized)?;
    Ok(Json(commit(&state.db, &who, id).await?))
}
