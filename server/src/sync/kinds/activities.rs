//! Pushed moral-education activities: a `create` per activity, and a `patch` that corrects any
//! of its fields (with per-field history) or withdraws it. Each write also says who may fetch
//! the activity's photos (`photo_ref`): the class, or the parent committee too once shared.
use std::collections::{HashMap, HashSet};

use app::domain::activities::{
    ActivityFields, ActivityKind, ActivityPatch, ActivityPhoto, ActivityProblem, ActivityRow,
    NewActivity, Organised, OrganisedLevel, Participants, Roster, SafetyTopic, check_activity,
};
use app::domain::photos::{PhotoAudience, PhotoConsent};
use app::domain::record::RecordProblem;
use app::domain::role::Principal;
use app::sync::tables::SyncedTable;
use app::sync::{Change, Mutation, Op, SyncScope};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::db::DbError;
use crate::sync::rules::{Applied, check_record_day, fields_as, json, keep_history, roles_in};
use crate::sync::snapshot::{changed_in_class, pulled_change};
use crate::sync::tx::{SyncConn, SyncTx};

/// A stored activity.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StoredActivity {
    pub id: Uuid,
    pub school_id: Uuid,
    pub class_id: Uuid,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub kind: ActivityKind,
    pub safety: Option<String>,
    pub domains: String,
    pub theme_id: Option<Uuid>,
    pub activity_date: NaiveDate,
    pub minutes: Option<i32>,
    pub place: String,
    pub participants: String,
    pub summary: String,
    pub reflection: String,
    pub photos: String,
    pub shared: bool,
    pub withdrawn: bool,
    pub recorded_by: Uuid,
    pub updated_by: Uuid,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
    pub change_seq: i64,
    pub organised_level: Option<String>,
    pub organised_group: Option<Uuid>,
}

impl StoredActivity {
    /// A new row by its writer, its fields set next.
    fn new(id: Uuid, school_id: Uuid, class_id: Uuid, who: &Principal) -> Self {
        StoredActivity {
            id,
            school_id,
            class_id,
            title: String::new(),
            kind: ActivityKind::Other,
            safety: None,
            domains: String::new(),
            theme_id: None,
            activity_date: NaiveDate::MIN,
            minutes: None,
            place: String::new(),
            participants: String::new(),
            summary: String::new(),
            reflection: String::new(),
            photos: String::new(),
            shared: false,
            withdrawn: false,
            recorded_by: who.user_id,
            updated_by: who.user_id,
            updated_at: Utc::now(),
            version: 0,
            change_seq: 0,
            organised_level: None,
            organised_group: None,
        }
    }

    /// The grade's or school's activity this row is a copy of, if any.
    fn organised(&self) -> Result<Option<Organised>, DbError> {
        match (&self.organised_level, self.organised_group) {
            (Some(level), Some(group)) => Ok(Some(Organised {
                level: OrganisedLevel::try_from(level.clone()).map_err(DbError::Corrupt)?,
                group,
            })),
            (None, None) => Ok(None),
            _ => Err(DbError::Corrupt(format!("activity {}: organised", self.id))),
        }
    }

    /// The fields as phones read them, refusing values no migration allows.
    fn fields(&self) -> Result<ActivityFields, DbError> {
        let corrupt = || DbError::Corrupt(format!("activity {}", self.id));
        let safety = self.safety.clone().map(SafetyTopic::try_from).transpose();
        Ok(ActivityFields {
            title: self.title.clone(),
            kind: self.kind,
            safety: safety.map_err(|_| corrupt())?,
            domains: serde_json::from_str(&self.domains).map_err(|_| corrupt())?,
            theme_id: self.theme_id,
            date: app::domain::day::Day::new(self.activity_date).map_err(|_| corrupt())?,
            minutes: self.minutes.map(u16::try_from).transpose().map_err(|_| corrupt())?,
            place: self.place.clone(),
            participants: serde_json::from_str(&self.participants).map_err(|_| corrupt())?,
            summary: self.summary.clone(),
            reflection: self.reflection.clone(),
            photos: serde_json::from_str(&self.photos).map_err(|_| corrupt())?,
            shared: self.shared,
        })
    }

    /// Writes checked `fields` into the row.
    fn set(&mut self, fields: &ActivityFields) {
        self.title.clone_from(&fields.title);
        self.kind = fields.kind;
        self.safety = fields.safety.map(|t| t.as_str().to_string());
        self.domains = json(&fields.domains);
        self.theme_id = fields.theme_id;
        self.activity_date = fields.date.date();
        self.minutes = fields.minutes.map(i32::from);
        self.place.clone_from(&fields.place);
        self.participants = json(&fields.participants);
        self.summary.clone_from(&fields.summary);
        self.reflection.clone_from(&fields.reflection);
        self.photos = json(&fields.photos);
        self.shared = fields.shared;
    }

    /// Who may fetch the photos: the parent committee only while shared and not withdrawn.
    fn audience(&self) -> PhotoAudience {
        if self.shared && !self.withdrawn {
            PhotoAudience::Parents
        } else {
            PhotoAudience::Class
        }
    }
}

/// A class's students as an activity's rules see them: those on the roll now, and those the
/// activity named before (a student who has since left stays in what was recorded).
struct ClassStudents {
    on_roll: HashMap<Uuid, (PhotoConsent, bool)>,
    named_before: HashSet<Uuid>,
}

impl Roster for ClassStudents {
    fn has(&self, student: Uuid) -> bool {
        self.named_before.contains(&student) || self.on_roll.get(&student).is_some_and(|s| s.1)
    }

    fn consent(&self, student: Uuid) -> PhotoConsent {
        self.on_roll.get(&student).map(|s| s.0).unwrap_or_default()
    }
}

/// Every student an activity names, as participant or in a photo.
fn named(fields: &ActivityFields) -> HashSet<Uuid> {
    let participants = match &fields.participants {
        Participants::Named(students) => students.as_slice(),
        _ => &[],
    };
    let tagged = fields.photos.iter().flat_map(|p: &ActivityPhoto| &p.students);
    participants.iter().chain(tagged).copied().collect()
}

/// The statements of `activity` and its photo references, for both backends.
#[async_trait]
pub trait Statements: Send {
    /// An activity by id.
    async fn activity(&mut self, id: Uuid) -> Result<Option<StoredActivity>, DbError>;
    /// Each student of the class, on the roll or not, with their photo consent.
    async fn class_students(
        &mut self,
        class_id: Uuid,
    ) -> Result<HashMap<Uuid, (PhotoConsent, bool)>, DbError>;
    /// Whether the school has the monthly theme.
    async fn theme_exists(&mut self, school_id: Uuid, theme_id: Uuid) -> Result<bool, DbError>;
    /// Inserts a new activity.
    async fn insert_activity(&mut self, row: &StoredActivity) -> Result<(), DbError>;
    /// Writes an activity's fields, version and change number.
    async fn update_activity(&mut self, row: &StoredActivity) -> Result<(), DbError>;
    /// Replaces the photo references of the activity with its photos, for `audience`.
    async fn refer_photos(
        &mut self,
        row: &StoredActivity,
        photos: &[ActivityPhoto],
    ) -> Result<(), DbError>;
    /// Up to `limit` activities of a class changed after `after`, in change order.
    async fn activities_after(
        &mut self,
        class_id: Uuid,
        after: i64,
        limit: i64,
    ) -> Result<Vec<StoredActivity>, DbError>;
}

macro_rules! impl_statements {
    ($db:ty) => {
        #[async_trait]
        impl Statements for SyncConn<$db> {
            async fn activity(&mut self, id: Uuid) -> Result<Option<StoredActivity>, DbError> {
                Ok(sqlx::query_as("SELECT * FROM activity WHERE id = $1")
                    .bind(id).fetch_optional(&mut **self).await?)
            }

            async fn class_students(&mut self, class_id: Uuid) -> Result<HashMap<Uuid, (PhotoConsent, bool)>, DbError> {
                let rows: Vec<(Uuid, String, bool)> = sqlx::query_as("SELECT id, photo_consent, active FROM student WHERE class_id = $1")
                    .bind(class_id).fetch_all(&mut **self).await?;
                rows.into_iter()
                    .map(|(id, consent, active)| {
                        let consent = PhotoConsent::try_from(consent).map_err(DbError::Corrupt)?;
                        Ok((id, (consent, active)))
                    })
                    .collect()
            }

            async fn theme_exists(&mut self, school_id: Uuid, theme_id: Uuid) -> Result<bool, DbError> {
                let row: Option<(Uuid,)> = sqlx::query_as("SELECT id FROM monthly_theme WHERE id = $1 AND school_id = $2")
                    .bind(theme_id).bind(school_id).fetch_optional(&mut **self).await?;
                Ok(row.is_some())
            }

            async fn insert_activity(&mut self, r: &StoredActivity) -> Result<(), DbError> {
                sqlx::query(
                    "INSERT INTO activity (id, school_id, class_id, title, kind, safety, domains, theme_id, activity_date, minutes,
                       place, participants, summary, reflection, photos, shared, withdrawn, recorded_by, updated_by, updated_at,
                       version, change_seq, organised_level, organised_group)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
                       $23, $24)")
                    .bind(r.id).bind(r.school_id).bind(r.class_id).bind(&r.title).bind(r.kind.as_str()).bind(&r.safety)
                    .bind(&r.domains).bind(r.theme_id).bind(r.activity_date).bind(r.minutes).bind(&r.place)
                    .bind(&r.participants).bind(&r.summary).bind(&r.reflection).bind(&r.photos).bind(r.shared)
                    .bind(r.withdrawn).bind(r.recorded_by).bind(r.updated_by).bind(r.updated_at).bind(r.version)
                    .bind(r.change_seq).bind(&r.organised_level).bind(r.organised_group)
                    .execute(&mut **self).await?;
                Ok(())
            }

            async fn update_activity(&mut self, r: &StoredActivity) -> Result<(), DbError> {
                sqlx::query(
                    "UPDATE activity SET title = $1, kind = $2, safety = $3, domains = $4, theme_id = $5, activity_date = $6,
                       minutes = $7, place = $8, participants = $9, summary = $10, reflection = $11, photos = $12, shared = $13,
                       withdrawn = $14, updated_by = $15, updated_at = $16, version = $17, change_seq = $18
                     WHERE id = $19")
                    .bind(&r.title).bind(r.kind.as_str()).bind(&r.safety).bind(&r.domains).bind(r.theme_id)
                    .bind(r.activity_date).bind(r.minutes).bind(&r.place).bind(&r.participants).bind(&r.summary)
                    .bind(&r.reflection).bind(&r.photos).bind(r.shared).bind(r.withdrawn).bind(r.updated_by)
                    .bind(r.updated_at).bind(r.version).bind(r.change_seq).bind(r.id)
                    .execute(&mut **self).await?;
                Ok(())
            }

            async fn refer_photos(&mut self, r: &StoredActivity, photos: &[ActivityPhoto]) -> Result<(), DbError> {
                sqlx::query("DELETE FROM photo_ref WHERE table_name = 'activity' AND row_id = $1")
                    .bind(r.id).execute(&mut **self).await?;
                if photos.is_empty() {
                    return Ok(());
                }
                let mut q = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO photo_ref (school_id, photo_id, table_name, row_id, class_id, audience) ");
                q.push_values(photos, |mut row, photo| {
                    row.push_bind(r.school_id).push_bind(photo.id.as_str().to_string()).push_bind("activity")
                        .push_bind(r.id).push_bind(r.class_id).push_bind(r.audience().as_str());
                });
                q.build().execute(&mut **self).await?;
                Ok(())
            }

            async fn activities_after(&mut self, class_id: Uuid, after: i64, limit: i64) -> Result<Vec<StoredActivity>, DbError> {
                Ok(sqlx::query_as(&changed_in_class(SyncedTable::Activity))
                    .bind(class_id).bind(after).bind(limit).fetch_all(&mut **self).await?)
            }
        }
    };
}

impl_statements!(sqlx::Sqlite);
impl_statements!(sqlx::Postgres);

/// A mutation of `activity`: created, corrected or withdrawn, never deleted.
pub async fn apply<T: SyncTx + Statements>(
    tx: &mut T,
    who: &Principal,
    client_id: Uuid,
    m: &Mutation,
) -> Result<(), Applied> {
    match m.op {
        Op::Create => create(tx, who, m).await,
        Op::Patch => patch(tx, who, client_id, m).await,
        Op::Delete => Err(ActivityProblem::WithdrawInstead.into()),
    }
}

/// The class's teacher (or staff of its scope) records an activity the class held.
async fn create<T: SyncTx + Statements>(
    tx: &mut T,
    who: &Principal,
    m: &Mutation,
) -> Result<(), Applied> {
    let new: NewActivity = fields_as(m)?;
    if tx.activity(m.id).await?.is_some() {
        return Err(RecordProblem::Exists.into());
    }
    let (place, _) = roles_in(tx, who, new.class_id).await?;
    if new.organised.is_some_and(|o| !o.level.allowed(who, &place)) {
        return Err(RecordProblem::RoleNotAllowed.into());
    }
    let fields = checked(tx, place.school_id, place.class_id, None, new.activity).await?;
    let mut row = StoredActivity::new(m.id, place.school_id, place.class_id, who);
    row.set(&fields);
    row.organised_level = new.organised.map(|o| o.level.as_str().to_string());
    row.organised_group = new.organised.map(|o| o.group);
    row.version = 1;
    row.change_seq = tx.next_change(SyncScope::Class(place.class_id)).await?;
    tx.insert_activity(&row).await?;
    tx.refer_photos(&row, &fields.photos).await?;
    Ok(())
}

/// A correction of any fields, or the withdrawal; last write wins per field, with history.
async fn patch<T: SyncTx + Statements>(
    tx: &mut T,
    who: &Principal,
    client_id: Uuid,
    m: &Mutation,
) -> Result<(), Applied> {
    let patch: ActivityPatch = fields_as(m)?;
    let mut row = tx.activity(m.id).await?.ok_or(RecordProblem::NotFound)?;
    roles_in(tx, who, row.class_id).await?;
    if row.withdrawn {
        return Err(ActivityProblem::ActivityWithdrawn.into());
    }
    let before = row.fields()?;
    let after = checked(
        tx,
        row.school_id,
        row.class_id,
        Some(&before),
        patch.apply(&before),
    )
    .await?;
    let withdrawn = patch.withdrawn.unwrap_or(false);
    let mut changes = before.changes(&after);
    if withdrawn {
        changes.push(("withdrawn", json(&false), json(&true)));
    }
    keep_history(tx, "activity", row.id, changes, who, client_id, m.seq).await?;
    row.set(&after);
    row.withdrawn = withdrawn;
    row.updated_by = who.user_id;
    row.updated_at = Utc::now();
    row.version += 1;
    row.change_seq = tx.next_change(SyncScope::Class(row.class_id)).await?;
    tx.update_activity(&row).await?;
    tx.refer_photos(&row, &after.photos).await?;
    Ok(())
}

/// The activity's fields by the rules, against the class's students (and, for a correction,
/// those it named before); its day and theme are checked when new or changed.
async fn checked<T: SyncTx + Statements>(
    tx: &mut T,
    school_id: Uuid,
    class_id: Uuid,
    before: Option<&ActivityFields>,
    fields: ActivityFields,
) -> Result<ActivityFields, Applied> {
    let students = ClassStudents {
        on_roll: tx.class_students(class_id).await?,
        named_before: before.map(named).unwrap_or_default(),
    };
    let fields = check_activity(fields, &students)?;
    if before.is_none_or(|b| b.date != fields.date) {
        check_record_day(tx, school_id, fields.date.date()).await?;
    }
    if let Some(theme_id) = fields.theme_id
        && before.is_none_or(|b| b.theme_id != fields.theme_id)
        && !tx.theme_exists(school_id, theme_id).await?
    {
        return Err(ActivityProblem::UnknownTheme.into());
    }
    Ok(fields)
}

/// The activities of `scope` changed after `after`, as phones pull them.
pub async fn pulled<T: Statements>(
    tx: &mut T,
    scope: SyncScope,
    after: i64,
    limit: i64,
) -> Result<Vec<Change>, DbError> {
    let rows = tx.activities_after(scope.id(), after, limit).await?;
    rows.iter()
        .map(|r| {
            let row = ActivityRow {
                id: r.id,
                class_id: r.class_id,
                activity: r.fields()?,
                withdrawn: r.withdrawn,
                organised: r.organised()?,
            };
            pulled_change(r.id, scope, r.change_seq, false, &row)
        })
        .collect()
}
