//! The parent committee's feed: shared activities of the classes a user follows, newest
//! first, with no student's name; and the 已阅 (with a note to the class's teachers) that only
//! parent-committee members over the class may leave. An activity the user may not see is
//! `NotFound`, so ids cannot be probed.
use std::collections::HashMap;

use app::domain::activities::{ActivityKind, Participants, SafetyTopic};
use app::domain::day::Day;
use app::domain::feed::{FEED_PAGE, FeedCursor, FeedItem, FeedPage, TookPart};
use app::domain::photos::PhotoAudience;
use app::domain::record::note_text;
use app::domain::role::{ClassPlace, Principal, Role};
use app::error::AppError;
use uuid::Uuid;

use crate::db::activities::FeedRow;
use crate::db::{self, Db, DbError};
use crate::http::error::internal;

/// The classes of the user's school whose shared activities they see, with their labels.
async fn followed_classes(
    db: &Db,
    who: &Principal,
    school_id: Uuid,
) -> Result<HashMap<Uuid, String>, AppError> {
    let grades = db::school::classes_by_grade(db, school_id)
        .await
        .map_err(internal)?;
    Ok(grades
        .into_iter()
        .flat_map(|g| g.classes)
        .filter(|c| {
            let place = ClassPlace {
                class_id: c.id,
                grade_id: c.grade_id,
                school_id,
            };
            PhotoAudience::Parents.admits(who, &place)
        })
        .map(|c| (c.id, c.label()))
        .collect())
}

/// A page of the feed, after `before` when given.
pub async fn feed(
    db: &Db,
    who: &Principal,
    before: Option<FeedCursor>,
) -> Result<FeedPage, AppError> {
    let school_id = who.school_id.ok_or(AppError::Forbidden)?;
    let classes = followed_classes(db, who, school_id).await?;
    if classes.is_empty() {
        return Ok(FeedPage {
            items: Vec::new(),
            next: None,
        });
    }
    let ids: Vec<Uuid> = classes.keys().copied().collect();
    let limit = i64::try_from(FEED_PAGE + 1).unwrap_or(i64::MAX);
    let after = before.map(|c| (c.date.date(), c.id));
    let rows = db::activities::feed(db, school_id, &ids, who.user_id, after, limit)
        .await
        .map_err(internal)?;
    let more = rows.len() > FEED_PAGE;
    let items = rows
        .into_iter()
        .take(FEED_PAGE)
        .map(|row| {
            let label = classes.get(&row.class_id).cloned().unwrap_or_default();
            item(row, label).map_err(internal)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let next = items.last().filter(|_| more).and_then(|last| {
        Some(FeedCursor {
            date: Day::new(last.date).ok()?,
            id: last.id,
        })
    });
    Ok(FeedPage { items, next })
}

/// A stored row as the feed shows it: participants counted, never named.
fn item(row: FeedRow, class_label: String) -> Result<FeedItem, DbError> {
    let corrupt = || DbError::Corrupt(format!("activity {}", row.id));
    let participants: Participants =
        serde_json::from_str(&row.participants).map_err(|_| corrupt())?;
    let photos: Vec<app::domain::activities::ActivityPhoto> =
        serde_json::from_str(&row.photos).map_err(|_| corrupt())?;
    Ok(FeedItem {
        id: row.id,
        class_label,
        title: row.title,
        kind: ActivityKind::try_from(row.kind).map_err(|_| corrupt())?,
        safety: row
            .safety
            .map(SafetyTopic::try_from)
            .transpose()
            .map_err(|_| corrupt())?,
        theme: row.theme,
        date: row.activity_date,
        minutes: row
            .minutes
            .map(u16::try_from)
            .transpose()
            .map_err(|_| corrupt())?,
        place: row.place,
        took_part: TookPart::from(&participants),
        summary: row.summary,
        photos: photos.into_iter().map(|p| p.id).collect(),
        my_ack: row.my_note,
    })
}

/// A parent-committee member's 已阅 of a shared activity of their scope, with a short note
/// for the class's teachers. Others who see the feed may not write: 403.
pub async fn acknowledge(
    db: &Db,
    who: &Principal,
    activity_id: Uuid,
    note: &str,
) -> Result<(), AppError> {
    let note = note_text(note).map_err(|_| AppError::invalid("note", "too_long"))?;
    let place = db::activities::shared_place(db, activity_id)
        .await
        .map_err(internal)?
        .filter(|place| PhotoAudience::Parents.admits(who, place))
        .ok_or(AppError::NotFound)?;
    let member = who
        .grants
        .iter()
        .any(|g| g.role == Role::Parent && g.scope.contains(&place));
    if !member {
        return Err(AppError::Forbidden);
    }
    db::activities::acknowledge(db, activity_id, who.user_id, &note)
        .await
        .map_err(internal)
}
