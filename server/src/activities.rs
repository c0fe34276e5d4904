//! The parent committee's feed: shared activities of the classes a user follows, newest
//! first, with no student's name; and the 已阅 (with a note to the class's teachers) that only
//! parent-committee members over the class may leave. An activity the user may not see is
//! `NotFound`, so ids cannot be probed.
use std::collections::HashMap;

use app::domain::activities::Participants;
use app::domain::day::Day;
use app::domain::feed::{FEED_PAGE, FeedCursor, FeedItem, FeedPage, TookPart};
use app::domain::photos::PhotoAudience;
use app::domain::record::note_text;
use app::domain::role::Principal;
use app::error::AppError;
use uuid::Uuid;

use crate::db::activities::FeedRow;
use crate::db::{self, Db, DbError};
use crate::http::error::internal;
use crate::school::place_of;

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
        .filter(|c| PhotoAudience::Parents.admits(who, &place_of(c, school_id)))
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
    let (kind, safety) = db::activities::kind_of(row.kind, row.safety).ok_or_else(corrupt)?;
    Ok(FeedItem {
        id: row.id,
        class_label,
        title: row.title,
        kind,
        safety,
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
        organised: db::activities::level_of(row.organised_level).map_err(|_| corrupt())?,
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
    if !who.is_committee_member(&place) {
        return Err(AppError::Forbidden);
    }
    db::activities::acknowledge(db, activity_id, who.user_id, &note)
        .await
        .map_err(internal)
}

/// Who acknowledged an activity, with their notes: for its class's teachers and the staff over
/// it. A parent-committee member gets 403 (the notes are for the teachers); anyone else 404.
pub async fn acknowledgements(
    db: &Db,
    who: &Principal,
    activity_id: Uuid,
) -> Result<Vec<app::domain::feed::Acknowledgement>, AppError> {
    let place = db::activities::place_of(db, activity_id)
        .await
        .map_err(internal)?
        .filter(|place| PhotoAudience::Parents.admits(who, place))
        .ok_or(AppError::NotFound)?;
    if !who.can_read_roster(&place) {
        return Err(AppError::Forbidden);
    }
    let acks = db::activities::acknowledgements(db, activity_id)
        .await
        .map_err(internal)?;
    Ok(acks
        .into_iter()
        .map(|(by, note, at)| app::domain::feed::Acknowledgement { by, note, at })
        .collect())
}

/// One line of a class's activity register, as the archive keeps it.
pub struct RegisterLine {
    pub date: chrono::NaiveDate,
    pub title: String,
    /// 安全教育·消防
    pub kind: String,
    pub theme: String,
    /// 德、体
    pub domains: String,
    pub minutes: Option<i32>,
    pub place: String,
    /// 全班, 35 人, or the names of the students who took part.
    pub took_part: String,
    pub summary: String,
    pub reflection: String,
    pub shared: bool,
    /// Each photo's thumbnail, or `None` while its phone has not sent it.
    pub photos: Vec<Option<bytes::Bytes>>,
}

/// A class's activity register (活动台账) for a term.
pub struct Register {
    pub class_name: String,
    pub term_name: String,
    pub lines: Vec<RegisterLine>,
}

/// 德 智 体 美 劳, as the register writes the five domains.
fn domain_name(domain: app::domain::activities::FiveDomain) -> &'static str {
    use app::domain::activities::FiveDomain;
    match domain {
        FiveDomain::Moral => "德",
        FiveDomain::Intellectual => "智",
        FiveDomain::Physical => "体",
        FiveDomain::Aesthetic => "美",
        FiveDomain::Labour => "劳",
    }
}

/// The register of a class whose students the user may read, for the term `term_id` (the
/// term of today when `None`); parent-committee members and other classes' teachers get 403.
pub async fn register(
    db: &Db,
    photos: &crate::photos::Photos,
    who: &Principal,
    class_id: Uuid,
    term_id: Option<Uuid>,
) -> Result<Register, AppError> {
    use app::domain::themes::{kind_name, topic_name};
    let place = db::school::class_place(db, class_id)
        .await
        .map_err(internal)?
        .filter(|p| who.school_id == Some(p.school_id))
        .ok_or(AppError::NotFound)?;
    if !who.can_read_roster(&place) {
        return Err(AppError::Forbidden);
    }
    let terms = db::school::terms(db, place.school_id)
        .await
        .map_err(internal)?;
    let today = crate::school::today_at(db, place.school_id).await?;
    let term = terms
        .into_iter()
        .find(|t| match term_id {
            Some(id) => t.id == id,
            None => t.start_date <= today && today <= t.end_date,
        })
        .ok_or(AppError::NotFound)?;
    let class_name = db::school::classes_by_grade(db, place.school_id)
        .await
        .map_err(internal)?
        .into_iter()
        .flat_map(|g| g.classes)
        .find(|c| c.id == class_id)
        .map(|c| c.label())
        .unwrap_or_default();
    let names: HashMap<Uuid, String> = db::activities::student_names(db, class_id)
        .await
        .map_err(internal)?
        .into_iter()
        .collect();
    let rows = db::activities::register(db, class_id, term.start_date, term.end_date)
        .await
        .map_err(internal)?;
    let mut lines = Vec::with_capacity(rows.len());
    for row in rows {
        let corrupt = || internal(DbError::Corrupt(format!("activity {}", row.id)));
        let (kind, safety) = db::activities::kind_of(row.kind, row.safety).ok_or_else(corrupt)?;
        let domains: Vec<app::domain::activities::FiveDomain> =
            serde_json::from_str(&row.domains).map_err(|_| corrupt())?;
        let participants: Participants =
            serde_json::from_str(&row.participants).map_err(|_| corrupt())?;
        let shown: Vec<app::domain::activities::ActivityPhoto> =
            serde_json::from_str(&row.photos).map_err(|_| corrupt())?;
        let took_part = match participants {
            Participants::WholeClass => "全班".to_string(),
            Participants::Count(n) => format!("{n} 人"),
            Participants::Named(students) => students
                .iter()
                .map(|s| names.get(s).map_or("（已离校）", String::as_str))
                .collect::<Vec<_>>()
                .join("、"),
        };
        let mut thumbs = Vec::with_capacity(shown.len());
        for photo in &shown {
            let size = crate::photos::store::Size::Thumb;
            thumbs.push(photos.fetch(db, who, &photo.id, size).await.ok());
        }
        lines.push(RegisterLine {
            date: row.activity_date,
            title: row.title,
            kind: match safety {
                Some(topic) => format!("{}·{}", kind_name(kind), topic_name(topic)),
                None => kind_name(kind).to_string(),
            },
            theme: row.theme.unwrap_or_default(),
            domains: domains
                .into_iter()
                .map(domain_name)
                .collect::<Vec<_>>()
                .join("、"),
            minutes: row.minutes,
            place: row.place,
            took_part,
            summary: row.summary,
            reflection: row.reflection,
            shared: row.shared,
            photos: thumbs,
        });
    }
    Ok(Register {
        class_name,
        term_name: term.name,
        lines,
    })
}

/// The activities of the class this term that the student took part in (none outside every
/// term), for their page.
pub async fn participation(
    db: &Db,
    student: Uuid,
    class_id: Uuid,
    school_id: Uuid,
) -> Result<app::domain::activities::Participation, AppError> {
    use app::domain::activities::{FiveDomain, TookPartIn, participation};
    let today = crate::school::today_at(db, school_id).await?;
    let Some(term) = db::school::term_on(db, school_id, today)
        .await
        .map_err(internal)?
    else {
        return Ok(participation(student, []));
    };
    let rows = db::activities::register(db, class_id, term.start_date, term.end_date)
        .await
        .map_err(internal)?;
    let mut held = Vec::with_capacity(rows.len());
    for row in rows {
        let corrupt = || internal(DbError::Corrupt(format!("activity {}", row.id)));
        let who: Participants = serde_json::from_str(&row.participants).map_err(|_| corrupt())?;
        let domains: Vec<FiveDomain> = serde_json::from_str(&row.domains).map_err(|_| corrupt())?;
        let (kind, safety) = db::activities::kind_of(row.kind, row.safety).ok_or_else(corrupt)?;
        let activity = TookPartIn {
            date: Day::new(row.activity_date).map_err(|_| corrupt())?,
            title: row.title,
            kind,
            safety,
            domains,
        };
        held.push((who, activity));
    }
    Ok(participation(student, held))
}
