//! Attendance (出勤): the daily roll's marks, absences that stay open until the student
//! returns, and the alerts staff act on (a long absence, an illness cluster in one class).
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::record::{RecordProblem, note_text, problems};
use super::school::Term;
use super::scores::is_school_day;

/// Why a student is not (fully) in class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// 病假: needs at least one symptom.
    Sick,
    /// 事假.
    Personal,
    /// 旷课.
    Truant,
    /// 迟到: present, one day only.
    Late,
    /// 早退: present part of the day, one day only.
    EarlyLeave,
}

impl MarkKind {
    /// Every kind, in the order the roll offers them.
    pub const ALL: [MarkKind; 5] = [
        MarkKind::Sick,
        MarkKind::Personal,
        MarkKind::Truant,
        MarkKind::Late,
        MarkKind::EarlyLeave,
    ];

    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            MarkKind::Sick => "sick",
            MarkKind::Personal => "personal",
            MarkKind::Truant => "truant",
            MarkKind::Late => "late",
            MarkKind::EarlyLeave => "early_leave",
        }
    }

    /// Inverse of [`MarkKind::as_str`].
    pub fn parse(s: &str) -> Option<MarkKind> {
        MarkKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// An absence runs from its date until the student returns; late and early leave are
    /// one day's incident.
    pub fn is_absence(self) -> bool {
        matches!(self, MarkKind::Sick | MarkKind::Personal | MarkKind::Truant)
    }
}

/// A symptom of a sick absence, tracked for illness clusters (因病缺勤追踪).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Symptom {
    Fever,
    Cough,
    Diarrhoea,
    Vomiting,
    Rash,
    Other,
}

impl Symptom {
    /// Every symptom, in the order the roll offers them.
    pub const ALL: [Symptom; 6] = [
        Symptom::Fever,
        Symptom::Cough,
        Symptom::Diarrhoea,
        Symptom::Vomiting,
        Symptom::Rash,
        Symptom::Other,
    ];
}

/// A new mark as the phone sends it (`create` fields of table `attendance`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewMark {
    pub class_id: Uuid,
    pub student_id: Uuid,
    #[serde(deserialize_with = "super::day::date")]
    pub date: NaiveDate,
    pub kind: MarkKind,
    #[serde(default)]
    pub symptoms: Vec<Symptom>,
    #[serde(default)]
    pub note: String,
    #[serde(default, deserialize_with = "super::day::optional_date")]
    pub expected_return: Option<NaiveDate>,
}

/// The fields a `patch` may change; absent means unchanged.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<MarkKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub symptoms: Option<Vec<Symptom>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(
        default,
        deserialize_with = "super::day::optional_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub expected_return: Option<NaiveDate>,
    /// The student is back: the absence is closed on this school day.
    #[serde(
        default,
        deserialize_with = "super::day::optional_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub returned_on: Option<NaiveDate>,
    /// Marked in error: the mark no longer counts (kept, with its history).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancelled: Option<bool>,
}

/// A mark's values once its rules pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkValues {
    pub kind: MarkKind,
    pub symptoms: Vec<Symptom>,
    pub note: String,
    pub expected_return: Option<NaiveDate>,
    pub returned_on: Option<NaiveDate>,
}

problems! {
    /// Why a mark off the roll is refused.
    pub enum MarkProblem shares RecordProblem {
        /// The student has a live mark on one of the days already.
        AlreadyMarked = "already_marked",
        SymptomsRequired = "symptoms_required",
        /// Symptoms belong to a sick absence only.
        SymptomsNotForKind = "symptoms_not_for_kind",
        BadReturnDate = "bad_return_date",
        /// The mark was cancelled: it takes no more changes.
        MarkCancelled = "mark_cancelled",
        /// A mark is cancelled (and kept), never deleted.
        CancelInstead = "cancel_instead",
    }
}

/// Checks a mark made on `date`: symptoms for (and only for) a sick absence, return dates
/// after the first day and only on absences. Symptoms come back sorted, without repeats.
pub fn check_mark(date: NaiveDate, mut values: MarkValues) -> Result<MarkValues, MarkProblem> {
    values.symptoms.sort();
    values.symptoms.dedup();
    values.note = note_text(&values.note)?;
    match values.kind {
        MarkKind::Sick if values.symptoms.is_empty() => return Err(MarkProblem::SymptomsRequired),
        MarkKind::Sick => {}
        _ if !values.symptoms.is_empty() => return Err(MarkProblem::SymptomsNotForKind),
        _ => {}
    }
    let dates = [values.expected_return, values.returned_on];
    if dates.iter().flatten().any(|d| *d <= date) {
        return Err(MarkProblem::BadReturnDate);
    }
    if !values.kind.is_absence() && dates.iter().any(Option::is_some) {
        return Err(MarkProblem::BadReturnDate);
    }
    Ok(values)
}

impl NewMark {
    /// The values to check.
    pub fn values(&self) -> MarkValues {
        MarkValues {
            kind: self.kind,
            symptoms: self.symptoms.clone(),
            note: self.note.clone(),
            expected_return: self.expected_return,
            returned_on: None,
        }
    }
}

impl MarkPatch {
    /// `current` with this patch applied (before the rules are checked again).
    pub fn apply(&self, current: &MarkValues) -> MarkValues {
        MarkValues {
            kind: self.kind.unwrap_or(current.kind),
            symptoms: self
                .symptoms
                .clone()
                .unwrap_or_else(|| current.symptoms.clone()),
            note: self.note.clone().unwrap_or_else(|| current.note.clone()),
            expected_return: self.expected_return.or(current.expected_return),
            returned_on: self.returned_on.or(current.returned_on),
        }
    }
}

/// A stored mark, as the rules below read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub id: Uuid,
    pub class_id: Uuid,
    pub student_id: Uuid,
    pub date: NaiveDate,
    pub kind: MarkKind,
    pub symptoms: Vec<Symptom>,
    pub expected_return: Option<NaiveDate>,
    pub returned_on: Option<NaiveDate>,
    pub cancelled: bool,
    pub note: String,
}

impl Mark {
    /// Whether the mark holds on `day`: an open absence holds every day from its date.
    pub fn covers(&self, day: NaiveDate) -> bool {
        !self.cancelled && self.date <= day && self.end().is_none_or(|end| day < end)
    }

    /// The first day the mark no longer holds: the return for an absence (none while it is
    /// open), the next day for a late arrival or early leave.
    fn end(&self) -> Option<NaiveDate> {
        if self.kind.is_absence() {
            self.returned_on
        } else {
            Some(self.date.succ_opt().unwrap_or(self.date))
        }
    }

    /// Whether the two marks hold on a common day.
    fn meets(&self, other: &Mark) -> bool {
        let before = |a: &Mark, b: &Mark| a.end().is_some_and(|end| end <= b.date);
        !self.cancelled && !other.cancelled && !before(self, other) && !before(other, self)
    }
}

/// The term's school days from `from` to `to`, ascending.
pub fn school_days(term: &Term, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    from.iter_days()
        .take_while(|d| *d <= to)
        .filter(|d| is_school_day(term, *d))
        .collect()
}

/// A student has one live mark a day: a mark (new, or as a patch would leave it) is refused
/// when another of the student's live marks holds on any of its days, whichever starts first.
pub fn already_marked(existing: &[Mark], mark: &Mark) -> bool {
    existing
        .iter()
        .any(|m| m.id != mark.id && m.student_id == mark.student_id && m.meets(mark))
}

/// Each student's marks, so the rules below look at one student's few marks at a time.
pub fn by_student(marks: &[Mark]) -> HashMap<Uuid, Vec<Mark>> {
    let mut groups: HashMap<Uuid, Vec<Mark>> = HashMap::new();
    for m in marks {
        groups.entry(m.student_id).or_default().push(m.clone());
    }
    groups
}

/// How many school days in a row, ending on the last of `school_days` (ascending, up to
/// today), the student was absent.
pub fn absent_run(marks: &[Mark], student_id: Uuid, school_days: &[NaiveDate]) -> u32 {
    let absent = |day: NaiveDate| {
        marks
            .iter()
            .any(|m| m.student_id == student_id && m.kind.is_absence() && m.covers(day))
    };
    school_days.iter().rev().take_while(|d| absent(**d)).count() as u32
}

/// A student absent `days` school days in a row up to today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LongAbsence {
    pub class_id: Uuid,
    pub student_id: Uuid,
    pub days: u32,
}

/// Students absent at least `threshold` school days in a row, ending on the last school day.
pub fn long_absences(
    marks: &[Mark],
    school_days: &[NaiveDate],
    threshold: u32,
) -> Vec<LongAbsence> {
    let mut alerts: Vec<LongAbsence> = by_student(marks)
        .into_iter()
        .filter_map(|(student_id, own)| {
            let class_id = own.iter().find(|m| m.kind.is_absence())?.class_id;
            let days = absent_run(&own, student_id, school_days);
            (days >= threshold.max(1)).then_some(LongAbsence {
                class_id,
                student_id,
                days,
            })
        })
        .collect();
    alerts.sort_by_key(|a| (a.class_id, a.student_id));
    alerts
}

/// Sick students of one class sharing a symptom on one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IllnessCluster {
    pub class_id: Uuid,
    pub symptom: Symptom,
    pub student_ids: Vec<Uuid>,
}

/// How many sick students of one class with one symptom make a cluster staff must hear of.
pub const CLUSTER_SIZE: usize = 3;

/// Per class and symptom, the sick students on `day`, where there are at least `min`.
pub fn illness_clusters(marks: &[Mark], day: NaiveDate, min: usize) -> Vec<IllnessCluster> {
    let mut groups: BTreeMap<(Uuid, Symptom), Vec<Uuid>> = BTreeMap::new();
    for m in marks
        .iter()
        .filter(|m| m.kind == MarkKind::Sick && m.covers(day))
    {
        for symptom in &m.symptoms {
            let students = groups.entry((m.class_id, *symptom)).or_default();
            if !students.contains(&m.student_id) {
                students.push(m.student_id);
            }
        }
    }
    groups
        .into_iter()
        .filter(|(_, students)| students.len() >= min.max(1))
        .map(|((class_id, symptom), student_ids)| IllnessCluster {
            class_id,
            symptom,
            student_ids,
        })
        .collect()
}

/// One student's month: days absent by kind, and incidents of late and early leave.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthTally {
    pub sick: u32,
    pub personal: u32,
    pub truant: u32,
    pub late: u32,
    pub early_leave: u32,
}

impl MonthTally {
    /// School days missed, whatever the reason.
    pub fn days_absent(&self) -> u32 {
        self.sick + self.personal + self.truant
    }

    fn add(&mut self, kind: MarkKind, days: u32) {
        let field = match kind {
            MarkKind::Sick => &mut self.sick,
            MarkKind::Personal => &mut self.personal,
            MarkKind::Truant => &mut self.truant,
            MarkKind::Late => &mut self.late,
            MarkKind::EarlyLeave => &mut self.early_leave,
        };
        *field += days;
    }
}

/// Per student, what the marks add up to over `school_days` (a month's, ascending).
pub fn month_tally(marks: &[Mark], school_days: &[NaiveDate]) -> HashMap<Uuid, MonthTally> {
    let mut tallies: HashMap<Uuid, MonthTally> = HashMap::new();
    for m in marks {
        let days = school_days.iter().filter(|d| m.covers(**d)).count() as u32;
        if days > 0 {
            tallies.entry(m.student_id).or_default().add(m.kind, days);
        }
    }
    tallies
}

/// A marked student as staff see them on a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkLine {
    pub student_no: String,
    pub name: String,
    pub kind: MarkKind,
    pub symptoms: Vec<Symptom>,
    /// The absence's first day (the day itself for late and early leave).
    pub since: NaiveDate,
    pub expected_return: Option<NaiveDate>,
    /// School days absent in a row up to the day (0 for late and early leave).
    pub days: u32,
    pub note: String,
}

/// A class's marks on a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassDay {
    pub class_id: Uuid,
    pub label: String,
    pub enrolled: i64,
    pub marks: Vec<MarkLine>,
}

impl ClassDay {
    /// How many of the class's marks are of `kind`.
    pub fn count(&self, kind: MarkKind) -> usize {
        self.marks.iter().filter(|m| m.kind == kind).count()
    }

    /// Students not in class (absent, whatever the reason).
    pub fn absent(&self) -> usize {
        self.marks.iter().filter(|m| m.kind.is_absence()).count()
    }
}

/// An illness cluster as staff read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterLine {
    pub class_label: String,
    pub symptom: Symptom,
    pub names: Vec<String>,
}

/// A long absence as staff read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LongLine {
    pub class_label: String,
    pub name: String,
    pub days: u32,
}

/// A day's attendance across the classes a staff member may read, with the alerts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayAttendance {
    pub date: NaiveDate,
    pub previous: NaiveDate,
    pub next: NaiveDate,
    /// After how many school days in a row an absence is flagged (the term's setting).
    pub alert_days: u32,
    pub clusters: Vec<ClusterLine>,
    pub long_absences: Vec<LongLine>,
    pub classes: Vec<ClassDay>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    const CLASS: Uuid = Uuid::from_u128(100);

    fn mark(student: u128, kind: MarkKind, from: u32, back: Option<u32>) -> Mark {
        Mark {
            id: Uuid::from_u128(1000 + student * 100 + u128::from(from)),
            class_id: CLASS,
            student_id: Uuid::from_u128(student),
            date: day(from),
            kind,
            symptoms: if kind == MarkKind::Sick {
                vec![Symptom::Fever]
            } else {
                vec![]
            },
            expected_return: None,
            returned_on: back.map(day),
            cancelled: false,
            note: String::new(),
        }
    }

    /// Mon 16 – Fri 20 and Mon 23 – Wed 25 November 2026.
    fn school_days() -> Vec<NaiveDate> {
        [16, 17, 18, 19, 20, 23, 24, 25]
            .into_iter()
            .map(day)
            .collect()
    }

    fn values(kind: MarkKind, symptoms: Vec<Symptom>) -> MarkValues {
        MarkValues {
            kind,
            symptoms,
            note: String::new(),
            expected_return: None,
            returned_on: None,
        }
    }

    #[test]
    fn an_open_absence_covers_every_day_until_the_return() {
        let open = mark(1, MarkKind::Sick, 18, None);
        assert!(!open.covers(day(17)));
        assert!(open.covers(day(18)) && open.covers(day(25)));
        let closed = mark(1, MarkKind::Sick, 18, Some(20));
        assert!(closed.covers(day(19)) && !closed.covers(day(20)));
        let late = mark(1, MarkKind::Late, 18, None);
        assert!(late.covers(day(18)) && !late.covers(day(19)));
        let cancelled = Mark {
            cancelled: true,
            ..open
        };
        assert!(!cancelled.covers(day(18)));
    }

    #[test]
    fn a_student_has_one_live_mark_a_day() {
        let marks = [mark(1, MarkKind::Personal, 16, Some(18))];
        assert!(already_marked(&marks, &mark(1, MarkKind::Late, 17, None)));
        assert!(!already_marked(&marks, &mark(1, MarkKind::Late, 18, None)));
        assert!(!already_marked(&marks, &mark(2, MarkKind::Late, 17, None)));
        assert!(
            !already_marked(&marks, &marks[0]),
            "a mark never clashes with itself"
        );
    }

    #[test]
    fn an_open_absence_may_not_start_before_a_later_mark_nor_inside_an_earlier_one() {
        let late_today = [mark(1, MarkKind::Late, 20, None)];
        assert!(already_marked(
            &late_today,
            &mark(1, MarkKind::Sick, 19, None)
        ));
        assert!(!already_marked(
            &late_today,
            &mark(1, MarkKind::Sick, 18, Some(20))
        ));
        let open = [mark(1, MarkKind::Truant, 16, None)];
        assert!(already_marked(
            &open,
            &mark(1, MarkKind::Sick, 19, Some(20))
        ));
        assert!(already_marked(&open, &mark(1, MarkKind::Sick, 12, None)));
        assert!(!already_marked(
            &open,
            &mark(1, MarkKind::Sick, 12, Some(16))
        ));
        let cancelled = [Mark {
            cancelled: true,
            ..open[0].clone()
        }];
        assert!(!already_marked(
            &cancelled,
            &mark(1, MarkKind::Sick, 19, None)
        ));
    }

    #[test]
    fn a_holiday_neither_breaks_nor_lengthens_a_run_of_absence() {
        // Off Thu 19 – Fri 20 November; sick from Wed 18, still away on Tue 24.
        let term = Term {
            id: Uuid::from_u128(9),
            name: "t".into(),
            start_date: day(2),
            end_date: day(30),
            weekdays: "12345".into(),
            days_off: vec![day(19), day(20)],
            make_up_days: vec![],
        };
        let days = super::school_days(&term, day(16), day(24));
        assert_eq!(days, [16, 17, 18, 23, 24].map(day));
        let marks = [mark(1, MarkKind::Sick, 18, None)];
        assert_eq!(absent_run(&marks, Uuid::from_u128(1), &days), 3);
        let tally = month_tally(&marks, &days);
        assert_eq!(tally[&Uuid::from_u128(1)].sick, 3);
    }

    #[test]
    fn consecutive_absence_counts_school_days_across_the_weekend_and_across_reasons() {
        // Student 1: sick Thu 19 – back Mon 23, then truant from Tue 24 (open): the run
        // ending Wed 25 is Tue, Wed = 2 (Mon 23 they were in).
        // Student 2: personal from Fri 20, still away: Fri, Mon, Tue, Wed = 4.
        // Student 3: sick Mon 23 – back Wed 25: the run ends before today, 0.
        // Student 4: late every day: lateness is not absence, 0.
        let marks = vec![
            mark(1, MarkKind::Sick, 19, Some(23)),
            mark(1, MarkKind::Truant, 24, None),
            mark(2, MarkKind::Personal, 20, None),
            mark(3, MarkKind::Sick, 23, Some(25)),
            mark(4, MarkKind::Late, 24, None),
            mark(4, MarkKind::Late, 25, None),
        ];
        let days = school_days();
        assert_eq!(absent_run(&marks, Uuid::from_u128(1), &days), 2);
        assert_eq!(absent_run(&marks, Uuid::from_u128(2), &days), 4);
        assert_eq!(absent_run(&marks, Uuid::from_u128(3), &days), 0);
        assert_eq!(absent_run(&marks, Uuid::from_u128(4), &days), 0);
        let alerts = long_absences(&marks, &days, 3);
        assert_eq!(
            alerts,
            vec![LongAbsence {
                class_id: CLASS,
                student_id: Uuid::from_u128(2),
                days: 4
            }]
        );
        assert_eq!(long_absences(&marks, &days, 2).len(), 2);
        // Sick Wed 18 – Mon 23 back: Thu, Fri and (across the weekend) nothing more.
        let back_monday = [mark(5, MarkKind::Sick, 18, Some(23))];
        assert_eq!(absent_run(&back_monday, Uuid::from_u128(5), &days[..5]), 3);
    }

    #[test]
    fn three_sick_students_with_one_symptom_in_one_class_are_a_cluster() {
        let cough = |student: u128, class: Uuid, symptoms: Vec<Symptom>| Mark {
            class_id: class,
            symptoms,
            ..mark(student, MarkKind::Sick, 24, None)
        };
        let other_class = Uuid::from_u128(200);
        let marks = vec![
            cough(1, CLASS, vec![Symptom::Fever, Symptom::Cough]),
            cough(2, CLASS, vec![Symptom::Cough]),
            cough(3, CLASS, vec![Symptom::Cough, Symptom::Rash]),
            cough(4, CLASS, vec![Symptom::Fever]),
            cough(5, other_class, vec![Symptom::Cough]),
            Mark {
                cancelled: true,
                ..cough(6, other_class, vec![Symptom::Cough])
            },
            cough(7, other_class, vec![Symptom::Cough]),
        ];
        let clusters = illness_clusters(&marks, day(25), CLUSTER_SIZE);
        assert_eq!(
            clusters,
            vec![IllnessCluster {
                class_id: CLASS,
                symptom: Symptom::Cough,
                student_ids: vec![1, 2, 3].into_iter().map(Uuid::from_u128).collect(),
            }]
        );
        // Two fevers in the class and two coughs next door: no cluster. Before the day
        // they fell ill, nothing.
        assert!(illness_clusters(&marks, day(23), CLUSTER_SIZE).is_empty());
        assert_eq!(illness_clusters(&marks, day(25), 2).len(), 3);
    }

    #[test]
    fn a_month_counts_school_days_absent_by_reason_and_incidents() {
        let marks = vec![
            mark(1, MarkKind::Sick, 19, Some(23)),
            mark(1, MarkKind::Truant, 24, None),
            mark(1, MarkKind::Late, 17, None),
            Mark {
                cancelled: true,
                ..mark(1, MarkKind::Personal, 16, Some(17))
            },
            mark(2, MarkKind::EarlyLeave, 25, None),
        ];
        let tally = month_tally(&marks, &school_days());
        let first = &tally[&Uuid::from_u128(1)];
        assert_eq!(
            (first.sick, first.truant, first.personal, first.late),
            (2, 2, 0, 1)
        );
        assert_eq!(first.days_absent(), 4);
        assert_eq!(tally[&Uuid::from_u128(2)].early_leave, 1);
    }

    #[test]
    fn a_sick_mark_needs_symptoms_and_return_dates_come_after_the_first_day() {
        assert_eq!(
            check_mark(day(24), values(MarkKind::Sick, vec![])),
            Err(MarkProblem::SymptomsRequired)
        );
        assert_eq!(
            check_mark(day(24), values(MarkKind::Personal, vec![Symptom::Fever])),
            Err(MarkProblem::SymptomsNotForKind)
        );
        let checked = check_mark(
            day(24),
            values(
                MarkKind::Sick,
                vec![Symptom::Cough, Symptom::Fever, Symptom::Cough],
            ),
        )
        .unwrap();
        assert_eq!(checked.symptoms, vec![Symptom::Fever, Symptom::Cough]);
        let back_same_day = MarkValues {
            returned_on: Some(day(24)),
            ..values(MarkKind::Truant, vec![])
        };
        assert_eq!(
            check_mark(day(24), back_same_day),
            Err(MarkProblem::BadReturnDate)
        );
        let late_with_return = MarkValues {
            expected_return: Some(day(25)),
            ..values(MarkKind::Late, vec![])
        };
        assert_eq!(
            check_mark(day(24), late_with_return),
            Err(MarkProblem::BadReturnDate)
        );
        let patch = MarkPatch {
            returned_on: Some(day(26)),
            ..Default::default()
        };
        let back = patch.apply(&values(MarkKind::Personal, vec![]));
        assert_eq!(
            check_mark(day(24), back).unwrap().returned_on,
            Some(day(26))
        );
    }
}
