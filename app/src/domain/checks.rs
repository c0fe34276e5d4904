//! Routine checks (常规检查): the scheme's items and the rules a new entry must pass.
use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::photos::PhotoId;
use super::record::{MAX_NOTE_CHARS, RecordProblem, note_text, problems, reason_text};
use super::wire::wire_enum;

/// Points in tenths, so −0.5 is exact; on the wire a decimal number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(pub i64);

impl Points {
    /// Reads a decimal such as −0.5; `None` unless it is a whole number of tenths within ±1000.
    pub fn from_decimal(value: f64) -> Option<Points> {
        let tenths = (value * 10.0).round();
        let exact = ((value * 10.0) - tenths).abs() < 1e-6;
        (exact && tenths.abs() <= 10_000.0).then_some(Points(tenths as i64))
    }

    /// The decimal value, for display and the wire.
    pub fn as_decimal(self) -> f64 {
        self.0 as f64 / 10.0
    }

    /// The range an entry's points may take for an item whose default is `self`:
    /// same sign, from half a point to three times the default.
    pub fn default_range(self) -> (Points, Points) {
        if self.0 < 0 {
            (Points(self.0 * 3), Points(-5))
        } else {
            (Points(5), Points(self.0 * 3))
        }
    }
}

impl Points {
    /// −1 or +0.5: the points with their sign, as a line of a record shows them.
    pub fn signed(self) -> String {
        if self.0 > 0 {
            format!("+{self}")
        } else {
            self.to_string()
        }
    }
}

impl std::fmt::Display for Points {
    /// 99.5, 100, −1: the decimal as people write it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.as_decimal())
    }
}

impl Serialize for Points {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_decimal())
    }
}

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Points, D::Error> {
        let value = f64::deserialize(d)?;
        Points::from_decimal(value)
            .ok_or_else(|| serde::de::Error::custom("points must be whole tenths"))
    }
}

/// What one student an entry names gets in conduct points: points × count.
pub fn student_share(points: Points, count: i64) -> Points {
    Points(points.0.saturating_mul(count))
}

/// What an entry adds to its class's day: its share once per student it names (three
/// students late at −1 is −3), once when it names none. The one place this is computed:
/// push stores it, and the board, trend and exports add up what was stored.
pub fn entry_value(points: Points, count: i64, students: usize) -> Points {
    let students = i64::try_from(students.max(1)).unwrap_or(i64::MAX);
    Points(student_share(points, count).0.saturating_mul(students))
}

/// The most one entry may add to or take from its class's day: 100 points. A whole class of
/// 50 late at −1 is −50; anything past this is a mistake or an attack on the ranking.
pub const MAX_ENTRY_VALUE: Points = Points(1000);

/// Whether an item is about the class as a whole or names students.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Class,
    Student,
}

impl Level {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Class => "class",
            Level::Student => "student",
        }
    }
}

/// Who may record an item: the duty inspector (staff), the homeroom teacher, or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recorder {
    Duty,
    Homeroom,
    Both,
}

impl Recorder {
    /// Whether someone recording in `roles` may log an item this recorder keeps.
    pub fn allows(self, roles: RecorderRoles) -> bool {
        match self {
            Recorder::Duty => roles.staff,
            Recorder::Homeroom => roles.homeroom,
            Recorder::Both => roles.any(),
        }
    }

    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Recorder::Duty => "duty",
            Recorder::Homeroom => "homeroom",
            Recorder::Both => "both",
        }
    }
}

wire_enum! {
    /// In which capacity an entry was recorded.
    pub enum RecorderRole {
        /// By duty staff: the class's teacher appeals it rather than changing it.
        Staff = "staff",
        /// By the class's own homeroom teacher.
        Homeroom = "homeroom",
    }
}

/// An entry made on this phone, until the server's copy says otherwise: its own teacher's.
impl Default for RecorderRole {
    fn default() -> RecorderRole {
        RecorderRole::Homeroom
    }
}

impl RecorderRole {
    /// The capacity someone with `roles` records in: their own class's teacher first.
    pub fn of(roles: RecorderRoles) -> RecorderRole {
        if roles.homeroom {
            RecorderRole::Homeroom
        } else {
            RecorderRole::Staff
        }
    }

    /// Whether someone with `roles` may void or correct an entry recorded in this capacity:
    /// a duty entry only by staff.
    pub fn changeable_by(self, roles: RecorderRoles) -> bool {
        roles.staff || self == RecorderRole::Homeroom
    }
}

/// One item's use on a phone: how many times, and when last (Unix seconds); the most used
/// items come first on Today.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemUsage {
    pub count: u32,
    pub last: i64,
}

/// The slot that means "any time of day" in a scheme.
pub const ALL_DAY: &str = "全天";

/// One item of the school's check scheme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckItem {
    pub id: Uuid,
    pub category: String,
    pub name: String,
    pub points: Points,
    pub min: Points,
    pub max: Points,
    pub level: Level,
    pub slots: Vec<String>,
    pub recorder: Recorder,
    pub active: bool,
}

/// A new entry as the phone sends it (`create` fields of table `check_entry`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCheckEntry {
    pub class_id: Uuid,
    #[serde(deserialize_with = "super::day::date")]
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
    pub observed_at: Option<DateTime<Utc>>,
    /// The entry this one corrects (更正): voided with `reason` in the same write.
    #[serde(default)]
    pub corrects: Option<Uuid>,
    /// Why the corrected entry was wrong; required with `corrects`.
    #[serde(default)]
    pub reason: String,
    /// An evidence photo (证据照片): seen by the class's teachers and staff, never by parents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<PhotoId>,
}

/// The fields a `patch` may change; absent means unchanged.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckEntryPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slot: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<Points>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub student_ids: Option<Vec<Uuid>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voided: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub void_reason: Option<String>,
}

problems! {
    /// Why a routine-check entry is refused.
    pub enum EntryProblem shares RecordProblem {
        UnknownItem = "unknown_item",
        ItemInactive = "item_inactive",
        SlotNotForItem = "slot_not_for_item",
        PointsOutOfRange = "points_out_of_range",
        BadCount = "bad_count",
        ValueTooLarge = "value_too_large",
        ClassItemNamesNoStudents = "class_item_names_no_students",
        VoidNeedsReason = "void_needs_reason",
        DutyEntry = "duty_entry",
        AlreadyVoided = "already_voided",
        CorrectInstead = "correct_instead",
        VoidInstead = "void_instead",
    }
}

/// The values an entry is stored with once its rules pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedEntry {
    pub slot: String,
    pub points: Points,
    pub count: i64,
    pub student_ids: Vec<Uuid>,
    pub note: String,
}

/// The most times one entry may count (×N).
pub const MAX_COUNT: i64 = 50;

/// What a correction needs to know about the entry it replaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CorrectedEntry {
    pub class_id: Uuid,
    /// A duty entry is appealed by the class's teacher instead.
    pub recorded_as: RecorderRole,
    pub voided: bool,
    pub deleted: bool,
}

/// Checks that a new entry for `class_id` may replace `old`; the trimmed reason when it may.
/// Corrections stay within one class, and only someone who may void the old entry makes one.
pub fn check_correction(
    old: CorrectedEntry,
    class_id: Uuid,
    roles: RecorderRoles,
    reason: &str,
) -> Result<String, EntryProblem> {
    if old.deleted {
        return Err(RecordProblem::Deleted.into());
    }
    if old.class_id != class_id {
        return Err(RecordProblem::NotInScope.into());
    }
    if !old.recorded_as.changeable_by(roles) {
        return Err(EntryProblem::DutyEntry);
    }
    if old.voided {
        return Err(EntryProblem::AlreadyVoided);
    }
    Ok(reason_text(reason, true)?)
}

/// In which capacities the recorder acts for this class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecorderRoles {
    /// Duty staff, grade leaders and admins whose scope holds the class.
    pub staff: bool,
    /// The class's own homeroom teacher.
    pub homeroom: bool,
}

impl RecorderRoles {
    /// Whether the recorder records for the class at all.
    pub fn any(self) -> bool {
        self.staff || self.homeroom
    }
}

/// Checks an entry's values against its item and the class roster.
pub fn check_values(
    item: &CheckItem,
    roles: RecorderRoles,
    roster: &HashSet<Uuid>,
    values: CheckedEntry,
) -> Result<CheckedEntry, EntryProblem> {
    if !item.active {
        return Err(EntryProblem::ItemInactive);
    }
    if !item.recorder.allows(roles) {
        return Err(RecordProblem::RoleNotAllowed.into());
    }
    if !item.slots.iter().any(|s| s == &values.slot || s == ALL_DAY) {
        return Err(EntryProblem::SlotNotForItem);
    }
    if values.points < item.min || values.points > item.max {
        return Err(EntryProblem::PointsOutOfRange);
    }
    if !(1..=MAX_COUNT).contains(&values.count) {
        return Err(EntryProblem::BadCount);
    }
    if item.level == Level::Class && !values.student_ids.is_empty() {
        return Err(EntryProblem::ClassItemNamesNoStudents);
    }
    let named: HashSet<&Uuid> = values.student_ids.iter().collect();
    if named.len() != values.student_ids.len() {
        return Err(RecordProblem::DuplicateStudent.into());
    }
    if values.student_ids.iter().any(|s| !roster.contains(s)) {
        return Err(RecordProblem::StudentNotInClass.into());
    }
    let value = entry_value(values.points, values.count, values.student_ids.len());
    if value.0.abs() > MAX_ENTRY_VALUE.0 {
        return Err(EntryProblem::ValueTooLarge);
    }
    if values.note.chars().count() > MAX_NOTE_CHARS {
        return Err(RecordProblem::NoteTooLong.into());
    }
    Ok(values)
}

impl NewCheckEntry {
    /// The values to check: the item's default points and a count of one unless given.
    pub fn values(&self, item: &CheckItem) -> CheckedEntry {
        CheckedEntry {
            slot: self.slot.trim().to_string(),
            points: self.points.unwrap_or(item.points),
            count: self.count.unwrap_or(1),
            student_ids: self.student_ids.clone(),
            note: self.note.trim().to_string(),
        }
    }
}

/// What a patch may leave different on an entry: its note, and whether it is voided and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryNote {
    pub note: String,
    pub voided: bool,
    pub void_reason: String,
}

impl CheckEntryPatch {
    /// `current` after this patch. Points, count, students and slot change only by a
    /// correction, and a voided entry stays voided: either way the old values stay in view.
    pub fn apply(&self, current: &EntryNote) -> Result<EntryNote, EntryProblem> {
        let values = self.slot.is_some()
            || self.points.is_some()
            || self.count.is_some()
            || self.student_ids.is_some();
        if values {
            return Err(EntryProblem::CorrectInstead);
        }
        if current.voided && (self.voided.is_some() || self.void_reason.is_some()) {
            return Err(EntryProblem::AlreadyVoided);
        }
        let note = match &self.note {
            Some(note) => note_text(note)?,
            None => current.note.clone(),
        };
        let voided = self.voided.unwrap_or(current.voided);
        let void_reason = match (voided, current.voided) {
            (true, false) => reason_text(self.void_reason.as_deref().unwrap_or_default(), true)
                .map_err(|p| match p {
                    RecordProblem::ReasonRequired => EntryProblem::VoidNeedsReason,
                    other => other.into(),
                })?,
            _ => current.void_reason.clone(),
        };
        Ok(EntryNote {
            note,
            voided,
            void_reason,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(level: Level, recorder: Recorder) -> CheckItem {
        let points = Points(-10);
        let (min, max) = points.default_range();
        CheckItem {
            id: Uuid::from_u128(1),
            category: "卫生".into(),
            name: "教室地面有纸屑杂物".into(),
            points,
            min,
            max,
            level,
            slots: vec!["早读".into(), "午休".into()],
            recorder,
            active: true,
        }
    }

    const TEACHER: RecorderRoles = RecorderRoles {
        staff: false,
        homeroom: true,
    };
    const STAFF: RecorderRoles = RecorderRoles {
        staff: true,
        homeroom: false,
    };

    fn values(points: i64, students: Vec<Uuid>) -> CheckedEntry {
        CheckedEntry {
            slot: "早读".into(),
            points: Points(points),
            count: 1,
            student_ids: students,
            note: String::new(),
        }
    }

    #[test]
    fn points_travel_as_decimals_and_must_be_whole_tenths() {
        assert_eq!(Points::from_decimal(-0.5), Some(Points(-5)));
        assert_eq!(Points::from_decimal(-0.55), None);
        assert_eq!(serde_json::to_string(&Points(-5)).unwrap(), "-0.5");
        assert_eq!(serde_json::from_str::<Points>("2").unwrap(), Points(20));
        assert_eq!(Points(-10).default_range(), (Points(-30), Points(-5)));
        assert_eq!(Points(20).default_range(), (Points(5), Points(60)));
    }

    #[test]
    fn the_items_range_slot_and_recorder_are_enforced() {
        let roster = HashSet::new();
        let class_item = item(Level::Class, Recorder::Both);
        assert!(check_values(&class_item, TEACHER, &roster, values(-10, vec![])).is_ok());
        assert_eq!(
            check_values(&class_item, TEACHER, &roster, values(-40, vec![])),
            Err(EntryProblem::PointsOutOfRange)
        );
        assert_eq!(
            check_values(&class_item, TEACHER, &roster, values(10, vec![])),
            Err(EntryProblem::PointsOutOfRange)
        );
        let mut wrong_slot = values(-10, vec![]);
        wrong_slot.slot = "晚自习".into();
        assert_eq!(
            check_values(&class_item, TEACHER, &roster, wrong_slot),
            Err(EntryProblem::SlotNotForItem)
        );
        let duty_item = item(Level::Class, Recorder::Duty);
        assert_eq!(
            check_values(&duty_item, TEACHER, &roster, values(-10, vec![])),
            Err(RecordProblem::RoleNotAllowed.into())
        );
        assert!(check_values(&duty_item, STAFF, &roster, values(-10, vec![])).is_ok());
    }

    #[test]
    fn named_students_must_be_in_the_class_and_only_on_student_items() {
        let in_class = Uuid::from_u128(10);
        let roster: HashSet<Uuid> = [in_class].into();
        let student_item = item(Level::Student, Recorder::Both);
        assert!(check_values(&student_item, TEACHER, &roster, values(-10, vec![in_class])).is_ok());
        assert_eq!(
            check_values(
                &student_item,
                TEACHER,
                &roster,
                values(-10, vec![Uuid::from_u128(11)])
            ),
            Err(RecordProblem::StudentNotInClass.into())
        );
        assert_eq!(
            check_values(
                &item(Level::Class, Recorder::Both),
                TEACHER,
                &roster,
                values(-10, vec![in_class])
            ),
            Err(EntryProblem::ClassItemNamesNoStudents)
        );
    }

    #[test]
    fn students_are_a_set_and_an_entrys_value_is_bounded() {
        let one = Uuid::from_u128(10);
        let roster: HashSet<Uuid> = (10..70).map(Uuid::from_u128).collect();
        let student_item = item(Level::Student, Recorder::Both);
        assert_eq!(
            check_values(&student_item, TEACHER, &roster, values(-10, vec![one; 2])),
            Err(RecordProblem::DuplicateStudent.into())
        );
        let mut whole_class = values(-10, (10..60).map(Uuid::from_u128).collect());
        assert!(check_values(&student_item, TEACHER, &roster, whole_class.clone()).is_ok());
        whole_class.count = 3;
        assert_eq!(
            check_values(&student_item, TEACHER, &roster, whole_class),
            Err(EntryProblem::ValueTooLarge)
        );
    }

    #[test]
    fn an_entry_counts_once_per_named_student() {
        assert_eq!(entry_value(Points(-10), 1, 0), Points(-10));
        assert_eq!(entry_value(Points(-10), 2, 1), Points(-20));
        assert_eq!(entry_value(Points(-5), 1, 3), Points(-15));
    }

    #[test]
    fn a_correction_replaces_a_counting_entry_of_the_same_class_with_a_reason() {
        let class = Uuid::from_u128(7);
        let old = CorrectedEntry {
            class_id: class,
            recorded_as: RecorderRole::Homeroom,
            voided: false,
            deleted: false,
        };
        assert_eq!(
            check_correction(old, class, TEACHER, " 记错了次数 "),
            Ok("记错了次数".into())
        );
        assert_eq!(
            check_correction(old, class, TEACHER, "  "),
            Err(RecordProblem::ReasonRequired.into())
        );
        assert_eq!(
            check_correction(old, Uuid::from_u128(8), TEACHER, "x"),
            Err(RecordProblem::NotInScope.into())
        );
        let voided = CorrectedEntry {
            voided: true,
            ..old
        };
        assert_eq!(
            check_correction(voided, class, TEACHER, "x"),
            Err(EntryProblem::AlreadyVoided)
        );
        let gone = CorrectedEntry {
            deleted: true,
            ..old
        };
        assert_eq!(
            check_correction(gone, class, STAFF, "x"),
            Err(RecordProblem::Deleted.into())
        );
    }

    #[test]
    fn only_staff_correct_a_duty_entry() {
        let class = Uuid::from_u128(7);
        let duty = CorrectedEntry {
            class_id: class,
            recorded_as: RecorderRole::Staff,
            voided: false,
            deleted: false,
        };
        assert_eq!(
            check_correction(duty, class, TEACHER, "x"),
            Err(EntryProblem::DutyEntry)
        );
        assert!(check_correction(duty, class, STAFF, "x").is_ok());
        let long = "很".repeat(201);
        assert_eq!(
            check_correction(duty, class, STAFF, &long),
            Err(RecordProblem::NoteTooLong.into())
        );
    }

    fn live(note: &str) -> EntryNote {
        EntryNote {
            note: note.into(),
            voided: false,
            void_reason: String::new(),
        }
    }

    #[test]
    fn a_patch_changes_only_the_note_and_voiding() {
        let patch = CheckEntryPatch {
            note: Some(" 已整改 ".into()),
            ..Default::default()
        };
        assert_eq!(patch.apply(&live("")), Ok(live("已整改")));
        let void = CheckEntryPatch {
            voided: Some(true),
            void_reason: Some(" 记错班级 ".into()),
            ..Default::default()
        };
        let voided = void.apply(&live("x")).unwrap();
        assert_eq!(
            (
                voided.voided,
                voided.void_reason.as_str(),
                voided.note.as_str()
            ),
            (true, "记错班级", "x")
        );
        let points = CheckEntryPatch {
            points: Some(Points(-20)),
            ..Default::default()
        };
        assert_eq!(points.apply(&live("")), Err(EntryProblem::CorrectInstead));
    }

    #[test]
    fn voiding_needs_a_reason_and_cannot_be_undone() {
        let bare = CheckEntryPatch {
            voided: Some(true),
            void_reason: Some("  ".into()),
            ..Default::default()
        };
        assert_eq!(bare.apply(&live("")), Err(EntryProblem::VoidNeedsReason));
        let voided = EntryNote {
            note: String::new(),
            voided: true,
            void_reason: "记错".into(),
        };
        let undo = CheckEntryPatch {
            voided: Some(false),
            ..Default::default()
        };
        assert_eq!(undo.apply(&voided), Err(EntryProblem::AlreadyVoided));
        let note = CheckEntryPatch {
            note: Some("补充说明".into()),
            ..Default::default()
        };
        assert_eq!(note.apply(&voided).unwrap().void_reason, "记错");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn any_item() -> impl Strategy<Value = CheckItem> {
        (
            any::<bool>(),
            -10_000_i64..=10_000,
            1_i64..=3,
            any::<bool>(),
        )
            .prop_map(|(student, points, spread, active)| {
                let points = Points(if points == 0 { 1 } else { points });
                let (min, max) = if points.0 < 0 {
                    (Points(points.0 * spread), Points(-1))
                } else {
                    (Points(1), Points(points.0 * spread))
                };
                CheckItem {
                    id: Uuid::from_u128(1),
                    category: "c".into(),
                    name: "n".into(),
                    points,
                    min,
                    max,
                    level: if student {
                        Level::Student
                    } else {
                        Level::Class
                    },
                    slots: vec![ALL_DAY.into()],
                    recorder: Recorder::Both,
                    active,
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Whatever a phone sends, the rules answer (never panic), and an accepted entry moves
        /// its class's day by at most MAX_ENTRY_VALUE.
        #[test]
        fn an_accepted_entry_is_within_the_bound(
            item in any_item(),
            points in any::<i64>(),
            count in any::<i64>(),
            picks in proptest::collection::vec(0_u128..80, 0..120),
            note in ".{0,260}",
        ) {
            let roster: HashSet<Uuid> = (0..60).map(Uuid::from_u128).collect();
            let values = CheckedEntry {
                slot: "早读".into(),
                points: Points(points),
                count,
                student_ids: picks.into_iter().map(Uuid::from_u128).collect(),
                note,
            };
            let roles = RecorderRoles { staff: true, homeroom: true };
            if let Ok(ok) = check_values(&item, roles, &roster, values) {
                let value = entry_value(ok.points, ok.count, ok.student_ids.len());
                prop_assert!(value.0.abs() <= MAX_ENTRY_VALUE.0);
                let unique: HashSet<&Uuid> = ok.student_ids.iter().collect();
                prop_assert_eq!(unique.len(), ok.student_ids.len());
            }
        }
    }
}
