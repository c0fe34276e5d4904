//! Staff's list of activities (全校活动): the month's live activities of the classes whose
//! rosters the user reads, filtered by kind, theme, grade and class, newest first. Parents
//! are refused: they follow the feed.
use app::domain::activities::ActivityPhoto;
use app::domain::activity_list::{
    ActivityFilter, ActivityList, GradeChoice, ListedActivity, MAX_LISTED,
};
use app::domain::day::month_span;
use app::domain::role::Principal;
use app::error::AppError;
use uuid::Uuid;

use crate::db::activities::{ListFilter, ListedRow};
use crate::db::{self, Db, DbError};
use crate::http::error::internal;
use crate::school::{readable_classes, today_at};

/// The month's activities that pass the filters, and the grades, classes and themes to
/// filter by.
pub async fn list(
    db: &Db,
    who: &Principal,
    asked: ActivityFilter,
) -> Result<ActivityList, AppError> {
    let school_id = who.school_id.ok_or(AppError::Forbidden)?;
    let classes = readable_classes(db, who).await?;
    let today = today_at(db, school_id).await?;
    let (month, last) = month_span(asked.month.map_or(today, |m| m.date()));
    let mut grades: Vec<GradeChoice> = Vec::new();
    for class in &classes {
        let entry = (class.id, class.label());
        match grades.iter_mut().find(|g| g.id == class.grade_id) {
            Some(grade) => grade.classes.push(entry),
            None => grades.push(GradeChoice {
                id: class.grade_id,
                name: class.grade_name.clone(),
                classes: vec![entry],
            }),
        }
    }
    let picked: Vec<Uuid> = classes
        .iter()
        .filter(|c| asked.grade_id.is_none_or(|g| g == c.grade_id))
        .filter(|c| asked.class_id.is_none_or(|id| id == c.id))
        .map(|c| c.id)
        .collect();
    let filter = ListFilter {
        classes: &picked,
        from: month,
        to: last,
        kind: asked.kind,
        theme_id: asked.theme_id,
    };
    let limit = i64::try_from(MAX_LISTED + 1).unwrap_or(i64::MAX);
    let rows = db::activities::listed(db, school_id, &filter, limit)
        .await
        .map_err(internal)?;
    let cut = rows.len() > MAX_LISTED;
    let activities = rows
        .into_iter()
        .take(MAX_LISTED)
        .map(|row| {
            let label = grades
                .iter()
                .flat_map(|g| &g.classes)
                .find(|(id, _)| *id == row.class_id)
                .map(|(_, label)| label.clone())
                .unwrap_or_default();
            listed(row, label).map_err(internal)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let themes = db::themes::themes(db, school_id)
        .await
        .map_err(internal)?
        .into_iter()
        .filter(|t| t.month == month)
        .map(|t| (t.id, t.theme))
        .collect();
    Ok(ActivityList {
        month,
        activities,
        cut,
        grades,
        themes,
    })
}

fn listed(row: ListedRow, class_label: String) -> Result<ListedActivity, DbError> {
    let corrupt = || DbError::Corrupt(format!("activity {}", row.id));
    let photos: Vec<ActivityPhoto> = serde_json::from_str(&row.photos).map_err(|_| corrupt())?;
    let (kind, safety) = db::activities::kind_of(row.kind, row.safety).ok_or_else(corrupt)?;
    Ok(ListedActivity {
        id: row.id,
        class_label,
        date: row.activity_date,
        title: row.title,
        kind,
        safety,
        theme: row.theme,
        photos: photos.len(),
        shared: row.shared,
        organised: db::activities::level_of(row.organised_level).map_err(|_| corrupt())?,
    })
}
