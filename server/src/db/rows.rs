//! The stored rows of the synced tables, as the push rules and the staff screens read them.
use app::domain::appeals::AppealStatus;
use app::domain::attendance::{Mark, MarkKind};
use app::domain::checks::{CheckItem, Level, Points, Recorder, RecorderRole, entry_value};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::DbError;

/// A stored check entry.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EntryRow {
    pub id: Uuid,
    pub school_id: Uuid,
    pub class_id: Uuid,
    pub entry_date: NaiveDate,
    pub slot: String,
    pub item_id: Uuid,
    pub points_tenths: i64,
    pub count: i64,
    pub student_ids: String,
    pub note: String,
    pub recorder_id: Uuid,
    #[sqlx(try_from = "String")]
    pub recorder_role: RecorderRole,
    pub observed_at: Option<DateTime<Utc>>,
    pub client_recorded_at: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
    pub voided: bool,
    pub void_reason: String,
    pub deleted: bool,
    pub version: i64,
    pub change_seq: i64,
    /// The entry this one corrected (voided when this one was made).
    pub corrects: Option<Uuid>,
    /// The evidence photo's id.
    pub photo: Option<String>,
}

/// A stored appeal against a duty entry.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AppealRow {
    pub id: Uuid,
    pub school_id: Uuid,
    pub class_id: Uuid,
    pub entry_id: Uuid,
    pub reason: String,
    #[sqlx(try_from = "String")]
    pub status: AppealStatus,
    pub decision_reason: String,
    pub appellant_id: Uuid,
    pub decided_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub change_seq: i64,
}

/// A stored attendance mark.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MarkRow {
    pub id: Uuid,
    pub school_id: Uuid,
    pub class_id: Uuid,
    pub student_id: Uuid,
    pub mark_date: NaiveDate,
    pub kind: String,
    pub symptoms: String,
    pub note: String,
    pub expected_return: Option<NaiveDate>,
    pub returned_on: Option<NaiveDate>,
    pub cancelled: bool,
    pub recorder_id: Uuid,
    pub client_recorded_at: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
    pub version: i64,
    pub change_seq: i64,
}

impl MarkRow {
    /// The mark as the attendance rules read it, refusing values no migration allows.
    pub fn mark(&self) -> Result<Mark, DbError> {
        let corrupt = || DbError::Corrupt(format!("attendance {}", self.id));
        Ok(Mark {
            id: self.id,
            class_id: self.class_id,
            student_id: self.student_id,
            date: self.mark_date,
            kind: MarkKind::parse(&self.kind).ok_or_else(corrupt)?,
            symptoms: serde_json::from_str(&self.symptoms).map_err(|_| corrupt())?,
            expected_return: self.expected_return,
            returned_on: self.returned_on,
            cancelled: self.cancelled,
            note: self.note.clone(),
        })
    }
}

impl EntryRow {
    /// How many students the entry names; kept in a column so sums stay in SQL.
    pub fn student_count(&self) -> i64 {
        serde_json::from_str::<Vec<Uuid>>(&self.student_ids).map_or(0, |ids| ids.len() as i64)
    }

    /// What the entry adds to its class's day, stored so sums in SQL need no rule of their own.
    pub fn value_tenths(&self) -> i64 {
        let students = usize::try_from(self.student_count()).unwrap_or(0);
        entry_value(Points(self.points_tenths), self.count, students).0
    }
}

/// The columns an [`ItemRow`] reads.
pub const ITEM_COLUMNS: &str =
    "id, category, name, points_tenths, min_tenths, max_tenths, level, slots, recorder, active";

/// A stored check item.
#[derive(sqlx::FromRow)]
pub struct ItemRow {
    id: Uuid,
    category: String,
    name: String,
    points_tenths: i64,
    min_tenths: i64,
    max_tenths: i64,
    level: String,
    slots: String,
    recorder: String,
    active: bool,
}

impl ItemRow {
    /// The item, refusing values no migration allows.
    pub fn item(self) -> Result<CheckItem, DbError> {
        let level = match self.level.as_str() {
            "class" => Level::Class,
            "student" => Level::Student,
            other => return Err(DbError::Corrupt(format!("item level {other}"))),
        };
        let recorder = match self.recorder.as_str() {
            "duty" => Recorder::Duty,
            "homeroom" => Recorder::Homeroom,
            "both" => Recorder::Both,
            other => return Err(DbError::Corrupt(format!("item recorder {other}"))),
        };
        Ok(CheckItem {
            id: self.id,
            category: self.category,
            name: self.name,
            points: Points(self.points_tenths),
            min: Points(self.min_tenths),
            max: Points(self.max_tenths),
            level,
            slots: self.slots.split('|').map(str::to_string).collect(),
            recorder,
            active: self.active,
        })
    }
}
