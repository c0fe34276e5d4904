//! The month's coverage for staff: the classes in their scope against each theme's required
//! activities, flagged when a break is near and a safety lesson is still missing, and the
//! term's safety topics per class. Anyone who cannot read a class's roster sees no grid.
use app::domain::coverage::{BREAK_WARNING_SCHOOL_DAYS, CoverageClass, CoverageView};
use app::domain::day::month_span;
use app::domain::role::Principal;
use app::domain::themes::break_within;
use app::error::AppError;
use chrono::NaiveDate;

use crate::db::{self, Db};
use crate::http::error::internal;
use crate::school::{readable_classes, today_at};

/// The coverage of the month holding `month`, or of the school's current month.
pub async fn coverage(
    db: &Db,
    who: &Principal,
    month: Option<NaiveDate>,
) -> Result<CoverageView, AppError> {
    let school_id = who.school_id.ok_or(AppError::Forbidden)?;
    let today = today_at(db, school_id).await?;
    let (month, month_end) = month_span(month.unwrap_or(today));
    let classes: Vec<CoverageClass> = readable_classes(db, who)
        .await?
        .into_iter()
        .map(|c| CoverageClass {
            id: c.id,
            grade_id: c.grade_id,
            label: c.label(),
        })
        .collect();
    let term = match db::school::term_on(db, school_id, month)
        .await
        .map_err(internal)?
    {
        Some(term) => Some(term),
        None => db::school::term_on(db, school_id, month_end)
            .await
            .map_err(internal)?,
    };
    let break_on = term
        .as_ref()
        .filter(|_| (month..=month_end).contains(&today))
        .and_then(|t| break_within(t, today, BREAK_WARNING_SCHOOL_DAYS));
    let from = term.as_ref().map_or(month, |t| t.start_date.min(month));
    let held: Vec<_> = db::activities::held_between(db, school_id, from, month_end)
        .await
        .map_err(internal)?
        .into_iter()
        .filter(|h| classes.iter().any(|c| c.id == h.class_id))
        .collect();
    let themes = db::themes::themes(db, school_id).await.map_err(internal)?;
    Ok(CoverageView::build(
        month,
        &themes,
        &classes,
        &held,
        term.map(|t| t.name),
        break_on,
    ))
}
