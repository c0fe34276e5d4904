//! Monthly themes staff keep on the phone (月有主题): the school's themes with its grades to
//! choose from, and a theme saved, new or changed, which phones pull with their next sync.
//! Staff and admins over the whole school only: the themes are the school's plan.
use app::domain::day::month_span;
use app::domain::role::Principal;
use app::domain::theme_edit::{ThemeInput, ThemeProblem, ThemesView};
use app::error::AppError;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::db::{self, Db};
use crate::http::error::internal;

/// The school of a user who may edit its themes.
fn editable_school(who: &Principal) -> Result<Uuid, AppError> {
    let school_id = who.school_id.ok_or(AppError::Forbidden)?;
    if !who.can_edit_scheme(school_id) {
        return Err(AppError::Forbidden);
    }
    Ok(school_id)
}

async fn grades(db: &Db, school_id: Uuid) -> Result<Vec<(Uuid, String)>, AppError> {
    Ok(db::school::classes_by_grade(db, school_id)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|g| (g.grade_id, g.grade_name))
        .collect())
}

/// The school's themes by month, and its grades.
pub async fn list(db: &Db, who: &Principal) -> Result<ThemesView, AppError> {
    let school_id = editable_school(who)?;
    let themes = db::themes::themes(db, school_id)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    Ok(ThemesView {
        themes,
        grades: grades(db, school_id).await?,
    })
}

/// Whether any of the school's terms holds a day of the month starting `month`.
async fn in_a_term(db: &Db, school_id: Uuid, month: NaiveDate) -> Result<bool, AppError> {
    let (first, last) = month_span(month);
    for day in [first, last] {
        if db::school::term_on(db, school_id, day)
            .await
            .map_err(internal)?
            .is_some()
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Keeps a theme, new or changed; refused (422) when it breaks a rule or its month is in no
/// term, changing nothing.
pub async fn save(db: &Db, who: &Principal, input: ThemeInput) -> Result<(), AppError> {
    let school_id = editable_school(who)?;
    let grade_ids: Vec<Uuid> = grades(db, school_id)
        .await?
        .into_iter()
        .map(|g| g.0)
        .collect();
    let theme = input.checked(&grade_ids).map_err(AppError::refused)?;
    if !in_a_term(db, school_id, theme.month).await? {
        return Err(AppError::refused(ThemeProblem::NoTerm));
    }
    if db::themes::save_theme(db, school_id, &theme)
        .await
        .map_err(internal)?
    {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
