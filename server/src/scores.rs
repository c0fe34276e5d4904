//! The weekly board, a cell's entries and a class's trend, as each role may see them
//! (DESIGN.md §2.1).
use app::domain::day::Day;
use app::domain::role::{ClassPlace, Principal, Role};
use app::domain::school::ClassSummary;
use app::domain::scores::{
    BoardClass, CellDetail, ClassTrend, GradeBoard, TrendWeek, WeekBoard, board_days, grade_rows,
    week_number, week_start,
};
use app::error::AppError;
use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use chrono::{Days, NaiveDate};
use serde::Deserialize;
use uuid::Uuid;

use crate::db::{self, Db};
use crate::http::error::{ApiError, internal};
use crate::school::{class_for, today_at, today_in};
use crate::state::AppState;

/// A grade's classes as the board ranks them.
fn board_classes(classes: &[ClassSummary]) -> Vec<BoardClass> {
    classes
        .iter()
        .map(|c| BoardClass {
            class_id: c.id,
            class_name: c.name.clone(),
        })
        .collect()
}

/// The week holding `day` (this week when `None`); `None` when no term covers that week.
/// Ranks are over the whole grade; the rows are only the classes the viewer may see.
pub async fn week_board(
    db: &Db,
    who: &Principal,
    day: Option<Day>,
) -> Result<Option<WeekBoard>, AppError> {
    let school_id = who.school_id.ok_or(AppError::Forbidden)?;
    let school = db::school::school(db, school_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let monday = week_start(day.map_or_else(|| today_in(&school.timezone), Day::date));
    let sunday = monday
        .checked_add_days(Days::new(6))
        .ok_or(AppError::NotFound)?;
    let Some((term, rules)) = db::scores::term_overlapping(db, school_id, monday, sunday)
        .await
        .map_err(internal)?
    else {
        return Ok(None);
    };
    let sums = db::scores::day_sums(db, school_id, monday, sunday)
        .await
        .map_err(internal)?;
    let entry_days: Vec<NaiveDate> = sums.keys().map(|(_, day)| *day).collect();
    let days = board_days(&term, monday, &entry_days);
    let grades = db::school::classes_by_grade(db, school_id)
        .await
        .map_err(internal)?
        .into_iter()
        .filter_map(|grade| {
            let classes = board_classes(&grade.classes);
            let mut rows = grade_rows(&classes, &days, &sums, rules);
            rows.retain(|row| {
                who.can_see_class(&ClassPlace {
                    class_id: row.class_id,
                    grade_id: grade.grade_id,
                    school_id,
                })
            });
            (!rows.is_empty()).then_some(GradeBoard {
                grade_id: grade.grade_id,
                grade_name: grade.grade_name,
                class_count: classes.len() as u32,
                rows,
            })
        })
        .collect();
    let previous = monday.checked_sub_days(Days::new(7));
    let next = monday.checked_add_days(Days::new(7));
    Ok(Some(WeekBoard {
        school_name: school.name,
        week_number: week_number(&term, monday),
        term_name: term.name.clone(),
        week_start: monday,
        days,
        rules,
        grades,
        previous: previous.filter(|p| p.checked_add_days(Days::new(6)) >= Some(term.start_date)),
        next: next.filter(|n| *n <= term.end_date),
        can_drill_down: [Role::SchoolAdmin, Role::Staff, Role::Teacher]
            .iter()
            .any(|r| who.has_role(*r)),
    }))
}

/// A class's day with every entry behind its score; only for those who may read the
/// class's students (entries name them), so never for parent-committee members.
pub async fn cell(
    db: &Db,
    who: &Principal,
    class_id: Uuid,
    date: Day,
) -> Result<CellDetail, AppError> {
    let date = date.date();
    let place = class_for(db, class_id, |p| who.can_read_roster(p)).await?;
    let (_, rules) = db::scores::term_overlapping(db, place.school_id, date, date)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let class_name = db::school::class_name(db, class_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let entries = db::scores::cell_entries(db, place.school_id, class_id, date)
        .await
        .map_err(internal)?;
    Ok(CellDetail {
        class_name,
        date,
        score: CellDetail::score_of(rules.base, &entries),
        entries,
    })
}

/// A class's weeks of the current term so far, each with its total and rank in the grade;
/// `None` outside every term. Class-level only, so parent-committee members see it too.
pub async fn class_trend(
    db: &Db,
    who: &Principal,
    class_id: Uuid,
) -> Result<Option<ClassTrend>, AppError> {
    let place = class_for(db, class_id, |p| who.can_see_class(p)).await?;
    let today = today_at(db, place.school_id).await?;
    let Some((term, rules)) = db::scores::term_overlapping(db, place.school_id, today, today)
        .await
        .map_err(internal)?
    else {
        return Ok(None);
    };
    let last = today.min(term.end_date);
    let sums = db::scores::day_sums(db, place.school_id, term.start_date, last)
        .await
        .map_err(internal)?;
    let grade = db::school::classes_by_grade(db, place.school_id)
        .await
        .map_err(internal)?
        .into_iter()
        .find(|g| g.grade_id == place.grade_id)
        .ok_or(AppError::NotFound)?;
    let classes = board_classes(&grade.classes);
    let class_name = grade
        .classes
        .iter()
        .find(|c| c.id == class_id)
        .map(|c| c.name.clone())
        .ok_or(AppError::NotFound)?;
    let entry_days: Vec<NaiveDate> = sums.keys().map(|(_, day)| *day).collect();
    let mut weeks = Vec::new();
    let mut monday = week_start(term.start_date);
    while monday <= last {
        let days: Vec<NaiveDate> = board_days(&term, monday, &entry_days)
            .into_iter()
            .filter(|d| *d <= last)
            .collect();
        if !days.is_empty() {
            let rows = grade_rows(&classes, &days, &sums, rules);
            if let Some(row) = rows.into_iter().find(|r| r.class_id == class_id) {
                weeks.push(TrendWeek {
                    week_number: week_number(&term, monday),
                    week_start: monday,
                    days: days.len() as u32,
                    total: row.total,
                    rank: row.rank,
                    red_flag: row.red_flag,
                });
            }
        }
        let Some(following) = monday.checked_add_days(Days::new(7)) else {
            break;
        };
        monday = following;
    }
    Ok(Some(ClassTrend {
        class_name,
        term_name: term.name,
        class_count: classes.len() as u32,
        weeks,
    }))
}

/// `?week=YYYY-MM-DD` (any day of the week; this week when absent).
#[derive(Deserialize)]
pub struct WeekQuery {
    week: Option<String>,
}

impl WeekQuery {
    /// The day asked for; a malformed or far-off date is a validation error, not a 500.
    pub fn day(&self) -> Result<Option<Day>, AppError> {
        self.week
            .as_deref()
            .filter(|w| !w.is_empty())
            .map(parse_day)
            .transpose()
    }
}

/// A date from an address: a [`Day`], or a 422 naming the field.
pub fn parse_day(text: &str) -> Result<Day, AppError> {
    text.parse()
        .map_err(|_| AppError::invalid("date", "bad_date"))
}

/// `GET /api/board?week=…`: the weekly board as JSON (`null` outside every term).
pub async fn board_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    Query(query): Query<WeekQuery>,
) -> Result<Json<Option<WeekBoard>>, ApiError> {
    let Extension(who) = principal.ok_or(AppError::Unauthorized)?;
    Ok(Json(week_board(&state.db, &who, query.day()?).await?))
}

/// `GET /api/board/{class_id}/{date}`: one cell's entries as JSON.
pub async fn cell_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    Path((class_id, date)): Path<(Uuid, String)>,
) -> Result<Json<CellDetail>, ApiError> {
    let Extension(who) = principal.ok_or(AppError::Unauthorized)?;
    Ok(Json(
        cell(&state.db, &who, class_id, parse_day(&date)?).await?,
    ))
}

/// `GET /api/classes/{id}/trend`: the class's weeks this term as JSON.
pub async fn trend_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    Path(class_id): Path<Uuid>,
) -> Result<Json<Option<ClassTrend>>, ApiError> {
    let Extension(who) = principal.ok_or(AppError::Unauthorized)?;
    Ok(Json(class_trend(&state.db, &who, class_id).await?))
}
