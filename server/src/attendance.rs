//! Attendance as staff and teachers read it: a day's absences by class and reason with the
//! alerts, and a month's roll for the archive. Only classes whose students the user may
//! read; parent-committee members get 403 (DESIGN.md §1).
use std::collections::{BTreeMap, HashMap};

use app::domain::attendance::{
    CLUSTER_SIZE, ClassDay, ClusterLine, DayAttendance, LongLine, Mark, MarkKind, MarkLine,
    MonthTally, absent_run, by_student, illness_clusters, long_absences, month_tally, school_days,
};
use app::domain::day::Day;
use app::domain::role::Principal;
use app::domain::school::ClassSummary;
use app::domain::scores::ScoreRules;
use app::error::AppError;
use axum::extract::{Query, State};
use axum::{Extension, Json};
use chrono::{Days, Months, NaiveDate};
use serde::Deserialize;
use uuid::Uuid;

use crate::db::attendance::StudentName;
use crate::db::{self, Db};
use crate::http::error::{ApiError, internal};
use crate::school::{readable_classes, today_at};
use crate::state::AppState;

/// The school's live marks from `from` to `to` in the given classes, as the rules read them.
async fn marks_in(
    db: &Db,
    school_id: Uuid,
    classes: &[ClassSummary],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Mark>, AppError> {
    let rows = db::attendance::live_marks(db, school_id, from, to)
        .await
        .map_err(internal)?;
    let mut marks = Vec::with_capacity(rows.len());
    for row in rows
        .iter()
        .filter(|r| classes.iter().any(|c| c.id == r.class_id))
    {
        marks.push(row.mark().map_err(internal)?);
    }
    Ok(marks)
}

/// A day's marks by class with the illness clusters and long absences (today by default).
pub async fn day(db: &Db, who: &Principal, date: Option<Day>) -> Result<DayAttendance, AppError> {
    let classes = readable_classes(db, who).await?;
    let school_id = who.school_id.ok_or(AppError::Forbidden)?;
    let date = match date {
        Some(day) => day.date(),
        None => today_at(db, school_id).await?,
    };
    let term = db::scores::term_overlapping(db, school_id, date, date)
        .await
        .map_err(internal)?;
    let (days, rules) = match &term {
        Some((term, rules)) => (school_days(term, term.start_date, date), *rules),
        None => (Vec::new(), ScoreRules::default()),
    };
    let alert_days = rules.absence_alert_days;
    let from = days.first().copied().unwrap_or(date);
    let marks = marks_in(db, school_id, &classes, from, date).await?;
    let own_marks = by_student(&marks);
    let students: HashMap<Uuid, StudentName> = db::attendance::students(db, school_id)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let name = |id: &Uuid| students.get(id).map(|s| s.name.clone()).unwrap_or_default();
    let label = |id: &Uuid| {
        classes
            .iter()
            .find(|c| c.id == *id)
            .map(ClassSummary::label)
            .unwrap_or_default()
    };
    let clusters = illness_clusters(&marks, date, CLUSTER_SIZE)
        .into_iter()
        .map(|c| ClusterLine {
            class_label: label(&c.class_id),
            symptom: c.symptom,
            names: c.student_ids.iter().map(name).collect(),
        })
        .collect();
    let long = long_absences(&marks, &days, alert_days)
        .into_iter()
        .map(|a| LongLine {
            class_label: label(&a.class_id),
            name: name(&a.student_id),
            days: a.days,
        })
        .collect();
    let class_days = classes
        .iter()
        .map(|class| {
            let mut lines: Vec<MarkLine> = marks
                .iter()
                .filter(|m| m.class_id == class.id && m.covers(date))
                .map(|m| {
                    let student = students.get(&m.student_id);
                    MarkLine {
                        student_no: student.map(|s| s.student_no.clone()).unwrap_or_default(),
                        name: name(&m.student_id),
                        kind: m.kind,
                        symptoms: m.symptoms.clone(),
                        since: m.date,
                        expected_return: m.expected_return,
                        days: if m.kind.is_absence() {
                            own_marks
                                .get(&m.student_id)
                                .map_or(0, |own| absent_run(own, m.student_id, &days))
                        } else {
                            0
                        },
                        note: m.note.clone(),
                    }
                })
                .collect();
            lines.sort_by(|a, b| (a.kind, &a.student_no).cmp(&(b.kind, &b.student_no)));
            ClassDay {
                class_id: class.id,
                label: class.label(),
                enrolled: class.student_count,
                marks: lines,
            }
        })
        .collect();
    Ok(DayAttendance {
        date,
        previous: date.checked_sub_days(Days::new(1)).unwrap_or(date),
        next: date.checked_add_days(Days::new(1)).unwrap_or(date),
        alert_days,
        clusters,
        long_absences: long,
        classes: class_days,
    })
}

/// A class's month: each student's tally and their mark on each school day.
pub struct MonthClass {
    pub label: String,
    pub students: Vec<MonthStudent>,
}

/// One row of the monthly roll.
pub struct MonthStudent {
    pub student_no: String,
    pub name: String,
    pub tally: MonthTally,
    pub days: BTreeMap<NaiveDate, MarkKind>,
}

/// The month's school days and every readable class's roll, for the export.
pub struct MonthAttendance {
    pub school_name: String,
    pub month: NaiveDate,
    pub days: Vec<NaiveDate>,
    pub classes: Vec<MonthClass>,
}

/// The month starting on `month` (its first day): school days from every term it touches.
pub async fn month(db: &Db, who: &Principal, month: Day) -> Result<MonthAttendance, AppError> {
    let month = month.date();
    let classes = readable_classes(db, who).await?;
    let school_id = who.school_id.ok_or(AppError::Forbidden)?;
    let school = db::school::school(db, school_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let last = month
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .ok_or_else(|| AppError::invalid("month", "bad_month"))?;
    let mut days: Vec<NaiveDate> = Vec::new();
    for term in db::school::terms(db, school_id).await.map_err(internal)? {
        days.extend(school_days(
            &term,
            month.max(term.start_date),
            last.min(term.end_date),
        ));
    }
    days.sort();
    days.dedup();
    let today = crate::school::today_in(&school.timezone);
    let mut marks = marks_in(db, school_id, &classes, month, last).await?;
    for open in marks.iter_mut().filter(|m| m.returned_on.is_none()) {
        // Still away: the absence counts up to today, not to the end of the month.
        open.returned_on = today.max(open.date).succ_opt();
    }
    let tallies = month_tally(&marks, &days);
    let own_marks = by_student(&marks);
    let students = db::attendance::students(db, school_id)
        .await
        .map_err(internal)?;
    let classes = classes
        .iter()
        .map(|class| MonthClass {
            label: class.label(),
            students: students
                .iter()
                .filter(|s| s.class_id == class.id)
                .filter(|s| s.active || tallies.contains_key(&s.id))
                .map(|s| MonthStudent {
                    student_no: s.student_no.clone(),
                    name: s.name.clone(),
                    tally: tallies.get(&s.id).cloned().unwrap_or_default(),
                    days: own_marks
                        .get(&s.id)
                        .map(|own| {
                            days.iter()
                                .filter_map(|d| Some((*d, own.iter().find(|m| m.covers(*d))?.kind)))
                                .collect()
                        })
                        .unwrap_or_default(),
                })
                .collect(),
        })
        .collect();
    Ok(MonthAttendance {
        school_name: school.name,
        month,
        days,
        classes,
    })
}

/// `?date=YYYY-MM-DD` (today when absent).
#[derive(Deserialize)]
pub struct DayQuery {
    date: Option<String>,
}

/// `GET /api/attendance?date=…`: a day's absences and alerts as JSON.
pub async fn day_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    Query(query): Query<DayQuery>,
) -> Result<Json<DayAttendance>, ApiError> {
    let Extension(who) = principal.ok_or(AppError::Unauthorized)?;
    let date = query
        .date
        .as_deref()
        .filter(|d| !d.is_empty())
        .map(crate::scores::parse_day)
        .transpose()?;
    Ok(Json(day(&state.db, &who, date).await?))
}

/// Reads `2026-11` as the first day of that month.
pub fn parse_month(text: &str) -> Result<Day, AppError> {
    Day::parse_month(text).map_err(|_| AppError::invalid("month", "bad_month"))
}
