//! Canteen accompany-meal reports (陪餐记录): parent-committee members report a meal eaten
//! with a class of their scope; staff and admins over the class read and answer them; the
//! class's teachers read them; a member reads only their own, with the answers. Any other
//! write is refused. A report the user may not see is `NotFound`, so ids cannot be probed.
use std::collections::HashMap;

use app::domain::day::month_span;
use app::domain::meals::{
    Meal, MealRatings, MealReply, MealReport, MealReportInput, MealReports, reply_text,
};
use app::domain::role::{ClassPlace, Principal};
use app::error::AppError;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::db::meals::{MealRow, Readers};
use crate::db::{self, Db, DbError};
use crate::http::error::internal;
use crate::school::{place_of, today_at};

/// A class of the school: where it sits, and its label.
struct Class {
    place: ClassPlace,
    label: String,
}

/// The classes of the user's school, by id.
async fn classes(db: &Db, school_id: Uuid) -> Result<HashMap<Uuid, Class>, AppError> {
    let grades = db::school::classes_by_grade(db, school_id)
        .await
        .map_err(internal)?;
    Ok(grades
        .into_iter()
        .flat_map(|g| g.classes)
        .map(|c| {
            let place = place_of(&c, school_id);
            let label = c.label();
            (c.id, Class { place, label })
        })
        .collect())
}

/// Keeps a member's report of a meal eaten with a class of their scope. Sent again with the
/// same id, it is kept once; anyone but a member over the class is refused (403).
pub async fn submit(db: &Db, who: &Principal, report: MealReportInput) -> Result<(), AppError> {
    let school_id = who.school_id.ok_or(AppError::Forbidden)?;
    let classes = classes(db, school_id).await?;
    let class = classes
        .get(&report.class_id)
        .ok_or_else(|| AppError::invalid("class_id", "invalid"))?;
    if !who.is_committee_member(&class.place) {
        return Err(AppError::Forbidden);
    }
    let today = today_at(db, school_id).await?;
    let report = report.checked(today).map_err(AppError::refused)?;
    if db::meals::insert(db, school_id, who.user_id, &report)
        .await
        .map_err(internal)?
    {
        return Ok(());
    }
    match db::meals::author_and_class(db, school_id, report.id)
        .await
        .map_err(internal)?
    {
        Some((author, _)) if author == who.user_id => Ok(()),
        _ => Err(AppError::Conflict {
            reason: "id_taken".into(),
        }),
    }
}

/// Staff's (or an admin's) answer to a report of a class they oversee; answering again
/// replaces it. The class's teachers and the author may read but not answer (403).
pub async fn reply(db: &Db, who: &Principal, id: Uuid, text: &str) -> Result<(), AppError> {
    let school_id = who.school_id.ok_or(AppError::NotFound)?;
    let (author, class_id) = db::meals::author_and_class(db, school_id, id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let classes = classes(db, school_id).await?;
    let place = classes
        .get(&class_id)
        .map(|c| c.place)
        .ok_or(AppError::NotFound)?;
    if !who.oversees(&place) {
        let reads = who.can_read_roster(&place) || author == who.user_id;
        return Err(if reads {
            AppError::Forbidden
        } else {
            AppError::NotFound
        });
    }
    let text = reply_text(text).map_err(AppError::refused)?;
    db::meals::reply(db, school_id, id, who.user_id, &text)
        .await
        .map_err(internal)
}

/// The reports of the month holding `month` (the school's current month when `None`) that
/// the user reads: the classes whose rosters they read, or, for a member, their own.
pub async fn month(
    db: &Db,
    who: &Principal,
    month: Option<NaiveDate>,
) -> Result<MealReports, AppError> {
    let school_id = who.school_id.ok_or(AppError::Forbidden)?;
    let today = today_at(db, school_id).await?;
    let (month, last) = month_span(month.unwrap_or(today));
    let classes = classes(db, school_id).await?;
    let read: Vec<Uuid> = classes
        .iter()
        .filter(|(_, c)| who.can_read_roster(&c.place))
        .map(|(id, _)| *id)
        .collect();
    let mut report_for: Vec<(Uuid, String)> = classes
        .iter()
        .filter(|(_, c)| who.is_committee_member(&c.place))
        .map(|(id, c)| (*id, c.label.clone()))
        .collect();
    report_for.sort_by(|a, b| a.1.cmp(&b.1));
    let readers = match (read.is_empty(), report_for.is_empty()) {
        (false, _) => Readers::Classes(&read),
        (true, false) => Readers::Author(who.user_id),
        (true, true) => return Err(AppError::Forbidden),
    };
    let rows = db::meals::between(db, school_id, readers, month, last)
        .await
        .map_err(internal)?;
    let reports = rows
        .into_iter()
        .map(|row| {
            let label = classes
                .get(&row.class_id)
                .map(|c| c.label.clone())
                .unwrap_or_default();
            report(row, label).map_err(internal)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let may_reply = classes.values().any(|c| who.oversees(&c.place));
    Ok(MealReports {
        month,
        reports,
        may_reply,
        report_for,
    })
}

/// A stored row as the screens show it.
fn report(row: MealRow, class_label: String) -> Result<MealReport, DbError> {
    let corrupt = || DbError::Corrupt(format!("meal_report {}", row.id));
    let rating = |r: i16| u8::try_from(r).map_err(|_| corrupt());
    let ratings = MealRatings {
        taste: rating(row.taste)?,
        quantity: rating(row.quantity)?,
        hygiene: rating(row.hygiene)?,
        temperature: rating(row.temperature)?,
    };
    let reply = match (row.reply, row.replied_at) {
        (Some(text), Some(at)) => Some(MealReply {
            text,
            by: row.replier.unwrap_or_default(),
            at,
        }),
        _ => None,
    };
    Ok(MealReport {
        id: row.id,
        class_label,
        by: row.author,
        date: row.meal_date,
        meal: Meal::try_from(row.meal).map_err(DbError::Corrupt)?,
        ratings,
        notes: row.notes,
        photos: serde_json::from_str(&row.photos).map_err(|_| corrupt())?,
        at: row.created_at,
        reply,
    })
}
