//! The class duty roster (值日安排): which students are on duty on which weekday. The class's
//! teacher keeps it on the phone, and Today shows the day's team.
use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::record::{RecordProblem, note_text, problems};

/// Most students on duty in one class on one day.
pub const MAX_ON_DUTY: usize = 12;

/// One weekday of a class's roster (`duty_roster`), as pulled and as saved on the phone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DutyDay {
    /// The change's id: not in the fields on the wire.
    #[serde(default, skip_serializing)]
    pub id: Uuid,
    pub class_id: Uuid,
    /// 1 (Monday) to 7 (Sunday), as ISO 8601 numbers them.
    pub weekday: u8,
    pub student_ids: Vec<Uuid>,
    /// What the team does (扫地、擦黑板 …).
    #[serde(default)]
    pub task: String,
}

/// A new weekday of the roster (`create` of `duty_roster`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewDutyDay {
    pub class_id: Uuid,
    pub weekday: u8,
    pub student_ids: Vec<Uuid>,
    #[serde(default)]
    pub task: String,
}

/// A new team or task for one weekday (`patch` of `duty_roster`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DutyDayPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub student_ids: Option<Vec<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
}

problems! {
    /// Why a day of the duty roster is refused.
    pub enum DutyProblem shares RecordProblem {
        /// Weekdays are 1 (Monday) to 7 (Sunday).
        BadWeekday = "bad_weekday",
        /// The class has a team for that weekday already: it is changed, not made again.
        WeekdayTaken = "weekday_taken",
        TooManyOnDuty = "too_many_on_duty",
    }
}

/// A weekday's team and task once the rules pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DutyTeam {
    pub student_ids: Vec<Uuid>,
    pub task: String,
}

/// Checks a weekday's team: students of the class, each once, at most [`MAX_ON_DUTY`]; the
/// task as short as a note. An empty team is a day without duty.
pub fn check_team(
    weekday: u8,
    team: DutyTeam,
    roster: &HashSet<Uuid>,
) -> Result<DutyTeam, DutyProblem> {
    if !(1..=7).contains(&weekday) {
        return Err(DutyProblem::BadWeekday);
    }
    if team.student_ids.len() > MAX_ON_DUTY {
        return Err(DutyProblem::TooManyOnDuty);
    }
    let named: HashSet<&Uuid> = team.student_ids.iter().collect();
    if named.len() != team.student_ids.len() {
        return Err(RecordProblem::DuplicateStudent.into());
    }
    if team.student_ids.iter().any(|s| !roster.contains(s)) {
        return Err(RecordProblem::StudentNotInClass.into());
    }
    Ok(DutyTeam {
        task: note_text(&team.task)?,
        student_ids: team.student_ids,
    })
}

impl NewDutyDay {
    /// The team to check.
    pub fn team(&self) -> DutyTeam {
        DutyTeam {
            student_ids: self.student_ids.clone(),
            task: self.task.clone(),
        }
    }
}

impl DutyDayPatch {
    /// `current` with this patch applied (before the rules are checked again).
    pub fn apply(&self, current: &DutyTeam) -> DutyTeam {
        DutyTeam {
            student_ids: self
                .student_ids
                .clone()
                .unwrap_or_else(|| current.student_ids.clone()),
            task: self.task.clone().unwrap_or_else(|| current.task.clone()),
        }
    }
}

/// The ISO weekday of `day`: 1 (Monday) to 7 (Sunday).
pub fn weekday_of(day: NaiveDate) -> u8 {
    // number_from_monday is 1..=7, so the cast never truncates.
    day.weekday().number_from_monday() as u8
}

/// The class's team on duty on `day`, if the roster has one.
pub fn team_on(roster: &[DutyDay], class_id: Uuid, day: NaiveDate) -> Option<&DutyDay> {
    let weekday = weekday_of(day);
    roster
        .iter()
        .find(|d| d.class_id == class_id && d.weekday == weekday)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn ids(n: u128) -> Vec<Uuid> {
        (1..=n).map(Uuid::from_u128).collect()
    }

    fn team(students: Vec<Uuid>, task: &str) -> DutyTeam {
        DutyTeam {
            student_ids: students,
            task: task.into(),
        }
    }

    #[test]
    fn a_team_is_students_of_the_class_each_once_and_not_too_many() {
        let roster: HashSet<Uuid> = ids(20).into_iter().collect();
        let ok = check_team(3, team(ids(3), "  扫地 "), &roster);
        assert_eq!(ok, Ok(team(ids(3), "扫地")));
        assert_eq!(
            check_team(1, team(Vec::new(), ""), &roster),
            Ok(team(Vec::new(), ""))
        );
        assert_eq!(
            check_team(0, team(ids(1), ""), &roster),
            Err(DutyProblem::BadWeekday)
        );
        assert_eq!(
            check_team(8, team(ids(1), ""), &roster),
            Err(DutyProblem::BadWeekday)
        );
        assert_eq!(
            check_team(1, team(ids(13), ""), &roster),
            Err(DutyProblem::TooManyOnDuty)
        );
        let twice = vec![Uuid::from_u128(1), Uuid::from_u128(1)];
        assert_eq!(
            check_team(1, team(twice, ""), &roster),
            Err(RecordProblem::DuplicateStudent.into())
        );
        let stranger = vec![Uuid::from_u128(99)];
        assert_eq!(
            check_team(1, team(stranger, ""), &roster),
            Err(RecordProblem::StudentNotInClass.into())
        );
        let long = "扫".repeat(201);
        assert_eq!(
            check_team(1, team(ids(1), &long), &roster),
            Err(RecordProblem::NoteTooLong.into())
        );
    }

    #[test]
    fn a_patch_changes_only_what_it_names() {
        let current = team(ids(2), "擦黑板");
        let students = DutyDayPatch {
            student_ids: Some(ids(1)),
            task: None,
        };
        assert_eq!(students.apply(&current), team(ids(1), "擦黑板"));
        assert_eq!(DutyDayPatch::default().apply(&current), current);
    }

    #[test]
    fn todays_team_is_the_one_of_todays_weekday() {
        let class = Uuid::from_u128(7);
        let day = |weekday| DutyDay {
            id: Uuid::from_u128(u128::from(weekday)),
            class_id: class,
            weekday,
            student_ids: ids(u128::from(weekday)),
            task: String::new(),
        };
        let roster = [day(1), day(3)];
        let wednesday = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default();
        assert_eq!(team_on(&roster, class, wednesday), roster.get(1));
        assert_eq!(team_on(&roster, Uuid::from_u128(8), wednesday), None);
        let tuesday = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        assert_eq!(team_on(&roster, class, tuesday), None);
    }

    proptest! {
        /// Whatever is sent, an accepted team holds only roster students, once each.
        #[test]
        fn an_accepted_team_is_always_a_set_of_the_classs_students(
            weekday in 0u8..10,
            picks in prop::collection::vec(0u128..30, 0..20),
        ) {
            let roster: HashSet<Uuid> = ids(20).into_iter().collect();
            let students: Vec<Uuid> = picks.into_iter().map(Uuid::from_u128).collect();
            if let Ok(t) = check_team(weekday, team(students, ""), &roster) {
                let set: HashSet<&Uuid> = t.student_ids.iter().collect();
                prop_assert_eq!(set.len(), t.student_ids.len());
                prop_assert!(t.student_ids.len() <= MAX_ON_DUTY);
                prop_assert!(t.student_ids.iter().all(|s| roster.contains(s)));
                prop_assert!((1..=7).contains(&weekday));
            }
        }
    }
}
