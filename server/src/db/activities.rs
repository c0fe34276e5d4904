//! Activities as the parent committee's feed, the register and coverage read them, and their
//! acknowledgements.
use app::domain::activities::{ActivityKind, OrganisedLevel, SafetyTopic};
use app::domain::role::ClassPlace;
use app::domain::themes::Held;
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

use super::{Db, DbError, on_db};

/// A shared activity with its theme's name and the reader's own acknowledgement.
#[derive(sqlx::FromRow)]
pub struct FeedRow {
    pub id: Uuid,
    pub class_id: Uuid,
    pub title: String,
    pub kind: String,
    pub safety: Option<String>,
    pub activity_date: NaiveDate,
    pub minutes: Option<i32>,
    pub place: String,
    pub participants: String,
    pub summary: String,
    pub photos: String,
    pub theme: Option<String>,
    pub my_note: Option<String>,
    pub organised_level: Option<String>,
}

/// Up to `limit` shared, live activities of `classes`, newest first, after `before` (a day
/// and an id) when given.
pub async fn feed(
    db: &Db,
    school_id: Uuid,
    classes: &[Uuid],
    reader: Uuid,
    before: Option<(NaiveDate, Uuid)>,
    limit: i64,
) -> Result<Vec<FeedRow>, DbError> {
    Ok(on_db!(db, pool => {
        let mut q = sqlx::QueryBuilder::new(
            "SELECT a.id, a.class_id, a.title, a.kind, a.safety, a.activity_date, a.minutes, a.place,
                    a.participants, a.summary, a.photos, t.theme, k.note AS my_note, a.organised_level
             FROM activity a
             LEFT JOIN monthly_theme t ON t.id = a.theme_id
             LEFT JOIN activity_ack k ON k.activity_id = a.id AND k.user_id = ");
        q.push_bind(reader).push(" WHERE a.school_id = ").push_bind(school_id)
            .push(" AND a.shared AND NOT a.withdrawn AND a.class_id IN (");
        let mut ids = q.separated(", ");
        for class in classes {
            ids.push_bind(*class);
        }
        q.push(")");
        if let Some((day, id)) = before {
            q.push(" AND (a.activity_date < ").push_bind(day)
                .push(" OR (a.activity_date = ").push_bind(day).push(" AND a.id < ").push_bind(id).push("))");
        }
        q.push(" ORDER BY a.activity_date DESC, a.id DESC LIMIT ").push_bind(limit);
        q.build_query_as().fetch_all(pool).await?
    }))
}

/// The class of an activity shown in the feed: shared and not withdrawn.
pub async fn shared_place(db: &Db, activity_id: Uuid) -> Result<Option<ClassPlace>, DbError> {
    let sql = "SELECT a.class_id, c.grade_id, a.school_id FROM activity a
               JOIN school_class c ON c.id = a.class_id
               WHERE a.id = $1 AND a.shared AND NOT a.withdrawn";
    let row: Option<(Uuid, Uuid, Uuid)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(activity_id).fetch_optional(pool).await?);
    Ok(row.map(|(class_id, grade_id, school_id)| ClassPlace {
        class_id,
        grade_id,
        school_id,
    }))
}

/// Records the reader's 已阅 with their note, replacing an earlier one.
pub async fn acknowledge(
    db: &Db,
    activity_id: Uuid,
    reader: Uuid,
    note: &str,
) -> Result<(), DbError> {
    let sql = "INSERT INTO activity_ack (activity_id, user_id, note, acknowledged_at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (activity_id, user_id) DO UPDATE SET note = excluded.note,
                 acknowledged_at = excluded.acknowledged_at";
    on_db!(db, pool => sqlx::query(sql)
        .bind(activity_id).bind(reader).bind(note).bind(Utc::now())
        .execute(pool).await.map(drop)?);
    Ok(())
}

/// A live activity as the register lists it, with its theme's name.
#[derive(sqlx::FromRow)]
pub struct RegisterRow {
    pub id: Uuid,
    pub title: String,
    pub kind: String,
    pub safety: Option<String>,
    pub domains: String,
    pub activity_date: NaiveDate,
    pub minutes: Option<i32>,
    pub place: String,
    pub participants: String,
    pub summary: String,
    pub reflection: String,
    pub photos: String,
    pub shared: bool,
    pub theme: Option<String>,
}

/// The class's live activities from `from` to `to`, oldest first.
pub async fn register(
    db: &Db,
    class_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<RegisterRow>, DbError> {
    let sql = "SELECT a.id, a.title, a.kind, a.safety, a.domains, a.activity_date, a.minutes, a.place,
                      a.participants, a.summary, a.reflection, a.photos, a.shared, t.theme
               FROM activity a LEFT JOIN monthly_theme t ON t.id = a.theme_id
               WHERE a.class_id = $1 AND NOT a.withdrawn AND a.activity_date >= $2 AND a.activity_date <= $3
               ORDER BY a.activity_date, a.id";
    Ok(on_db!(db, pool => sqlx::query_as(sql)
        .bind(class_id).bind(from).bind(to).fetch_all(pool).await?))
}

/// A live activity as staff's list shows it.
#[derive(sqlx::FromRow)]
pub struct ListedRow {
    pub id: Uuid,
    pub class_id: Uuid,
    pub title: String,
    pub kind: String,
    pub safety: Option<String>,
    pub activity_date: NaiveDate,
    pub photos: String,
    pub shared: bool,
    pub theme: Option<String>,
    pub organised_level: Option<String>,
}

/// What staff's list keeps: the classes, the days, and a kind and a theme when given.
pub struct ListFilter<'a> {
    pub classes: &'a [Uuid],
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub kind: Option<ActivityKind>,
    pub theme_id: Option<Uuid>,
}

/// Up to `limit` live activities that pass `filter`, newest first.
pub async fn listed(
    db: &Db,
    school_id: Uuid,
    filter: &ListFilter<'_>,
    limit: i64,
) -> Result<Vec<ListedRow>, DbError> {
    if filter.classes.is_empty() {
        return Ok(Vec::new());
    }
    Ok(on_db!(db, pool => {
        let mut q = sqlx::QueryBuilder::new(
            "SELECT a.id, a.class_id, a.title, a.kind, a.safety, a.activity_date, a.photos, a.shared, t.theme,
                    a.organised_level
             FROM activity a LEFT JOIN monthly_theme t ON t.id = a.theme_id WHERE a.school_id = ");
        q.push_bind(school_id).push(" AND NOT a.withdrawn AND a.activity_date >= ").push_bind(filter.from)
            .push(" AND a.activity_date <= ").push_bind(filter.to).push(" AND a.class_id IN (");
        let mut ids = q.separated(", ");
        for class in filter.classes {
            ids.push_bind(*class);
        }
        q.push(")");
        if let Some(kind) = filter.kind {
            q.push(" AND a.kind = ").push_bind(kind.as_str());
        }
        if let Some(theme) = filter.theme_id {
            q.push(" AND a.theme_id = ").push_bind(theme);
        }
        q.push(" ORDER BY a.activity_date DESC, a.id DESC LIMIT ").push_bind(limit);
        q.build_query_as().fetch_all(pool).await?
    }))
}

/// The names of a class's students, past ones too, by id.
pub async fn student_names(db: &Db, class_id: Uuid) -> Result<Vec<(Uuid, String)>, DbError> {
    let sql = "SELECT id, name FROM student WHERE class_id = $1";
    Ok(on_db!(db, pool => sqlx::query_as(sql).bind(class_id).fetch_all(pool).await?))
}

/// Who acknowledged an activity, with their notes, earliest first.
pub async fn acknowledgements(
    db: &Db,
    activity_id: Uuid,
) -> Result<Vec<(String, String, chrono::DateTime<Utc>)>, DbError> {
    let sql = "SELECT u.display_name, k.note, k.acknowledged_at FROM activity_ack k
               JOIN app_user u ON u.id = k.user_id WHERE k.activity_id = $1
               ORDER BY k.acknowledged_at, u.display_name";
    Ok(on_db!(db, pool => sqlx::query_as(sql).bind(activity_id).fetch_all(pool).await?))
}

/// The class of any activity, withdrawn or not.
pub async fn place_of(db: &Db, activity_id: Uuid) -> Result<Option<ClassPlace>, DbError> {
    let sql = "SELECT a.class_id, c.grade_id, a.school_id FROM activity a
               JOIN school_class c ON c.id = a.class_id WHERE a.id = $1";
    let row: Option<(Uuid, Uuid, Uuid)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(activity_id).fetch_optional(pool).await?);
    Ok(row.map(|(class_id, grade_id, school_id)| ClassPlace {
        class_id,
        grade_id,
        school_id,
    }))
}

/// An activity's kind and safety topic as stored, read back; `None` when either is not one the
/// app knows (a corrupt row).
pub fn kind_of(
    kind: String,
    safety: Option<String>,
) -> Option<(ActivityKind, Option<SafetyTopic>)> {
    let kind = ActivityKind::try_from(kind).ok()?;
    let safety = safety.map(SafetyTopic::try_from).transpose().ok()?;
    Some((kind, safety))
}

/// The level a copy of a grade's or the school's activity was organised at, read back;
/// `Err` when it is not one the app knows (a corrupt row).
pub fn level_of(level: Option<String>) -> Result<Option<OrganisedLevel>, String> {
    level.map(OrganisedLevel::try_from).transpose()
}

/// The school's live activities from `from` to `to`, as coverage counts them.
pub async fn held_between(
    db: &Db,
    school_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Held>, DbError> {
    let sql = "SELECT id, class_id, activity_date, kind, safety FROM activity
               WHERE school_id = $1 AND NOT withdrawn AND activity_date >= $2 AND activity_date <= $3";
    let rows: Vec<(Uuid, Uuid, NaiveDate, String, Option<String>)> = on_db!(db, pool => sqlx::query_as(sql)
        .bind(school_id).bind(from).bind(to).fetch_all(pool).await?);
    rows.into_iter()
        .map(|(id, class_id, date, kind, safety)| {
            let (kind, safety) =
                kind_of(kind, safety).ok_or_else(|| DbError::Corrupt(format!("activity {id}")))?;
            Ok(Held {
                id,
                class_id,
                date,
                kind,
                safety,
            })
        })
        .collect()
}
