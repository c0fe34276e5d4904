//! The rows of each synced table as the server serialises them into a change's `fields`
//! and the phone's screens read them: one type for both ends.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::appeals::AppealStatus;
use crate::domain::attendance::{Mark, MarkKind, Symptom};
use crate::domain::checks::{Level, Points, Recorder, RecorderRole};
use crate::domain::photos::{PhotoConsent, PhotoId};
use crate::domain::school::StudentFlags;

/// A class (`school_class`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassRow {
    /// The change's id: not in the fields on the wire.
    #[serde(default, skip_serializing)]
    pub id: Uuid,
    pub name: String,
    pub grade_id: Uuid,
    pub grade_name: String,
    pub grade_order: i64,
    pub sort_order: i64,
}

impl ClassRow {
    /// 初一(1)班: the class's name, with its grade in front unless the name has it already.
    pub fn label(&self) -> String {
        crate::domain::school::class_label(&self.grade_name, &self.name)
    }

    /// Where the class sits in `school_id`, for the access rules.
    pub fn place(&self, school_id: Uuid) -> crate::domain::role::ClassPlace {
        crate::domain::role::ClassPlace {
            class_id: self.id,
            grade_id: self.grade_id,
            school_id,
        }
    }
}

/// A routine-check item of the school's scheme (`check_item`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemRow {
    /// The change's id: not in the fields on the wire.
    #[serde(default, skip_serializing)]
    pub id: Uuid,
    pub category: String,
    pub name: String,
    pub points: Points,
    /// The range an entry's points may take (the server refuses others).
    #[serde(default)]
    pub min: Option<Points>,
    #[serde(default)]
    pub max: Option<Points>,
    pub level: Level,
    pub slots: Vec<String>,
    pub recorder: Recorder,
    pub active: bool,
    pub sort_order: i64,
}

impl ItemRow {
    /// The item's allowed points, lowest first, when the phone has them.
    pub fn range(&self) -> Option<(Points, Points)> {
        Some((self.min?, self.max?))
    }
}

/// A student on a class roster (`student`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudentRow {
    /// The change's id: not in the fields on the wire.
    #[serde(default, skip_serializing)]
    pub id: Uuid,
    pub class_id: Uuid,
    pub student_no: String,
    pub name: String,
    #[serde(default)]
    pub sex: String,
    /// Only for those with the sensitive grant: absent from everyone else's pull.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    /// Only for those with the sensitive grant, like `birth_date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<StudentFlags>,
    /// Whether photos of the student may go beyond the school: the activity form's check.
    #[serde(default)]
    pub photo_consent: PhotoConsent,
}

/// A routine-check entry (`check_entry`), as saved on the phone or pulled.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryRow {
    /// The change's id: not in the fields on the wire.
    #[serde(default, skip_serializing)]
    pub id: Uuid,
    pub class_id: Uuid,
    pub date: NaiveDate,
    pub slot: String,
    pub item_id: Uuid,
    #[serde(default)]
    pub points: Option<Points>,
    #[serde(default)]
    pub count: Option<i64>,
    #[serde(default)]
    pub student_ids: Vec<Uuid>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub voided: bool,
    #[serde(default)]
    pub void_reason: String,
    /// A duty inspection is appealed rather than voided by the class's teacher.
    #[serde(default)]
    pub recorder_role: RecorderRole,
    #[serde(default)]
    pub observed_at: Option<DateTime<Utc>>,
    /// The entry this one corrected (更正).
    #[serde(default)]
    pub corrects: Option<Uuid>,
    /// The evidence photo taken with the entry, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<PhotoId>,
    /// Not a field on the wire: true while the phone waits for the server's acknowledgement.
    #[serde(default, skip_serializing)]
    pub pending: bool,
}

/// An appeal against a duty entry (`check_appeal`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AppealRow {
    /// The change's id: not in the fields on the wire.
    #[serde(default, skip_serializing)]
    pub id: Uuid,
    /// Filled in by the server; a new appeal on the phone names only its entry.
    #[serde(default)]
    pub class_id: Uuid,
    pub entry_id: Uuid,
    pub reason: String,
    /// Pending until staff decide; a new appeal on the phone has no status yet.
    #[serde(default = "pending")]
    pub status: AppealStatus,
    #[serde(default)]
    pub decision_reason: String,
}

/// A mark off the roll (`attendance`), as saved on the phone or pulled.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarkRow {
    /// The change's id: not in the fields on the wire.
    #[serde(default, skip_serializing)]
    pub id: Uuid,
    pub class_id: Uuid,
    pub student_id: Uuid,
    pub date: NaiveDate,
    pub kind: MarkKind,
    #[serde(default)]
    pub symptoms: Vec<Symptom>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub expected_return: Option<NaiveDate>,
    #[serde(default)]
    pub returned_on: Option<NaiveDate>,
    #[serde(default)]
    pub cancelled: bool,
    /// Not a field on the wire: true while the phone waits for the server's acknowledgement.
    #[serde(default, skip_serializing)]
    pub pending: bool,
}

impl MarkRow {
    /// The mark as the attendance rules read it.
    pub fn mark(&self) -> Mark {
        Mark {
            id: self.id,
            class_id: self.class_id,
            student_id: self.student_id,
            date: self.date,
            kind: self.kind,
            symptoms: self.symptoms.clone(),
            expected_return: self.expected_return,
            returned_on: self.returned_on,
            cancelled: self.cancelled,
            note: self.note.clone(),
        }
    }
}

fn pending() -> AppealStatus {
    AppealStatus::Pending
}

/// Today's date where the phone is (its own clock and time zone).
pub fn today_local() -> NaiveDate {
    chrono::Local::now().date_naive()
}
