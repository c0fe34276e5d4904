//! Monthly themes (月有主题、周有活动): what each month requires of a grade's classes, which
//! classes have held it, and which must still hold a safety lesson before the next break.
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::activities::{ActivityKind, SafetyTopic};
use super::school::Term;
use super::scores::is_school_day;

/// One activity a month requires: a kind, and for safety education, its topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Requirement {
    pub kind: ActivityKind,
    #[serde(default)]
    pub safety: Option<SafetyTopic>,
}

/// A month's theme for some grades of a school (all of them when `grade_ids` is empty), as
/// phones pull it (`monthly_theme`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyTheme {
    /// The change's id: not in the fields on the wire.
    #[serde(default, skip_serializing)]
    pub id: Uuid,
    /// The first day of the month.
    pub month: NaiveDate,
    #[serde(default)]
    pub grade_ids: Vec<Uuid>,
    pub theme: String,
    pub required: Vec<Requirement>,
}

/// An activity as coverage counts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Held {
    pub id: Uuid,
    pub class_id: Uuid,
    pub date: NaiveDate,
    pub kind: ActivityKind,
    pub safety: Option<SafetyTopic>,
}

/// One cell of the coverage grid: a class, a requirement, and the day it was first met.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Covered {
    pub class_id: Uuid,
    pub requirement: Requirement,
    pub held_on: Option<NaiveDate>,
    /// The activity that first met it, for a tap through to the record.
    pub activity_id: Option<Uuid>,
}

/// The names schools write in a theme sheet's 必做活动 column.
const KIND_NAMES: [(&str, ActivityKind); 10] = [
    ("主题班会", ActivityKind::ThemedMeeting),
    ("国旗下讲话", ActivityKind::FlagSpeech),
    ("社会实践", ActivityKind::SocialPractice),
    ("志愿服务", ActivityKind::Volunteering),
    ("安全教育", ActivityKind::Safety),
    ("心理健康", ActivityKind::MentalHealth),
    ("劳动教育", ActivityKind::Labour),
    ("亲子共读", ActivityKind::FamilyReading),
    ("研学", ActivityKind::StudyTrip),
    ("其他", ActivityKind::Other),
];
const TOPIC_NAMES: [(&str, SafetyTopic); 9] = [
    ("消防", SafetyTopic::Fire),
    ("交通", SafetyTopic::Traffic),
    ("防溺水", SafetyTopic::Drowning),
    ("食品", SafetyTopic::Food),
    ("校舍", SafetyTopic::Buildings),
    ("集会", SafetyTopic::Assembly),
    ("研学", SafetyTopic::StudyTrip),
    ("防欺凌", SafetyTopic::Bullying),
    ("其他", SafetyTopic::Other),
];

/// The name schools write for a kind: 主题班会 …
pub fn kind_name(kind: ActivityKind) -> &'static str {
    KIND_NAMES
        .iter()
        .find(|(_, k)| *k == kind)
        .map_or("", |(name, _)| name)
}

/// The name schools write for a safety topic: 消防 …
pub fn topic_name(topic: SafetyTopic) -> &'static str {
    TOPIC_NAMES
        .iter()
        .find(|(_, t)| *t == topic)
        .map_or("", |(name, _)| name)
}

/// The requirements a 必做活动 cell names: kinds separated by 、, ， or ;, a safety kind with
/// its topics in brackets, each topic a requirement of its own: "安全教育(消防/交通)" asks for
/// both. `None` when a name is unknown.
pub fn parse_required(cell: &str) -> Option<Vec<Requirement>> {
    let mut required = Vec::new();
    for part in cell.split(['、', '，', ',', ';', '；']).map(str::trim) {
        if part.is_empty() {
            continue;
        }
        let (kind, topics) = match part.split_once(['(', '（']) {
            Some((kind, rest)) => (kind.trim(), Some(rest.trim_end_matches([')', '）']))),
            None => (part, None),
        };
        let kind = KIND_NAMES.iter().find(|(name, _)| *name == kind)?.1;
        match (kind, topics) {
            (ActivityKind::Safety, Some(topics)) => {
                for topic in topics.split(['/', '、', '+']).map(str::trim) {
                    let safety = TOPIC_NAMES.iter().find(|(name, _)| *name == topic)?.1;
                    required.push(Requirement {
                        kind,
                        safety: Some(safety),
                    });
                }
            }
            (_, Some(_)) => return None,
            (kind, None) => required.push(Requirement { kind, safety: None }),
        }
    }
    (!required.is_empty()).then_some(required)
}

impl Requirement {
    /// Whether an activity meets it: the same kind and, for a safety topic, that topic.
    pub fn met_by(&self, held: &Held) -> bool {
        held.kind == self.kind && (self.safety.is_none() || held.safety == self.safety)
    }
}

/// The theme of the month holding `day` for a grade, if the school set one.
pub fn theme_of_month(
    themes: &[MonthlyTheme],
    day: NaiveDate,
    grade_id: Uuid,
) -> Option<&MonthlyTheme> {
    themes
        .iter()
        .find(|t| t.in_month(day) && t.covers_grade(grade_id))
}

impl MonthlyTheme {
    /// Whether the theme applies to a grade.
    pub fn covers_grade(&self, grade_id: Uuid) -> bool {
        self.grade_ids.is_empty() || self.grade_ids.contains(&grade_id)
    }

    /// Whether a day falls in the theme's month.
    fn in_month(&self, day: NaiveDate) -> bool {
        day.year() == self.month.year() && day.month() == self.month.month()
    }

    /// For each class (with its grade) the theme applies to, each requirement and the first
    /// day in the month a class activity met it.
    pub fn coverage(&self, classes: &[(Uuid, Uuid)], held: &[Held]) -> Vec<Covered> {
        let mut grid = Vec::new();
        for (class_id, grade_id) in classes {
            if !self.covers_grade(*grade_id) {
                continue;
            }
            for requirement in &self.required {
                let first = held
                    .iter()
                    .filter(|h| h.class_id == *class_id && self.in_month(h.date))
                    .filter(|h| requirement.met_by(h))
                    .min_by_key(|h| (h.date, h.id));
                grid.push(Covered {
                    class_id: *class_id,
                    requirement: *requirement,
                    held_on: first.map(|h| h.date),
                    activity_id: first.map(|h| h.id),
                });
            }
        }
        grid
    }
}

/// The first day of the next break after `today`, if it comes within `school_days` school days:
/// a day off on a school weekday (国庆, 清明 …) or the day after the term ends.
pub fn break_within(term: &Term, today: NaiveDate, school_days: usize) -> Option<NaiveDate> {
    let after_term = term.end_date.checked_add_days(Days::new(1))?;
    let holiday = term.days_off.iter().copied().find(|d| *d > today);
    let next_break = holiday.map_or(after_term, |d| d.min(after_term));
    let before = today
        .iter_days()
        .take_while(|d| *d < next_break)
        .filter(|d| is_school_day(term, *d))
        .count();
    (before <= school_days).then_some(next_break)
}

/// The classes that still lack a safety lesson the theme requires, when a break is near:
/// what staff are warned about (a drowning lesson before the summer, say).
pub fn safety_due(grid: &[Covered]) -> Vec<Uuid> {
    let mut due: Vec<Uuid> = grid
        .iter()
        .filter(|c| c.requirement.safety.is_some() && c.held_on.is_none())
        .map(|c| c.class_id)
        .collect();
    due.sort();
    due.dedup();
    due
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default()
    }

    fn safety(topic: SafetyTopic) -> Requirement {
        Requirement {
            kind: ActivityKind::Safety,
            safety: Some(topic),
        }
    }

    #[test]
    fn the_demo_sheets_required_activities_are_read() {
        assert_eq!(
            parse_required("安全教育(消防/交通)"),
            Some(vec![
                safety(SafetyTopic::Fire),
                safety(SafetyTopic::Traffic)
            ])
        );
        assert_eq!(
            parse_required("安全教育（防溺水）"),
            Some(vec![safety(SafetyTopic::Drowning)])
        );
        let meeting = Requirement {
            kind: ActivityKind::ThemedMeeting,
            safety: None,
        };
        assert_eq!(parse_required("主题班会"), Some(vec![meeting]));
        assert_eq!(
            parse_required("主题班会、安全教育(防欺凌)"),
            Some(vec![meeting, safety(SafetyTopic::Bullying)])
        );
        for unknown in ["", "班会", "安全教育(地震)", "主题班会(消防)"] {
            assert_eq!(parse_required(unknown), None, "{unknown}");
        }
    }

    fn theme() -> MonthlyTheme {
        MonthlyTheme {
            id: Uuid::from_u128(1),
            month: day(6, 1),
            grade_ids: vec![Uuid::from_u128(10)],
            theme: "防溺水安全教育".into(),
            required: vec![safety(SafetyTopic::Drowning)],
        }
    }

    fn held(class: u128, date: NaiveDate, kind: ActivityKind, safety: Option<SafetyTopic>) -> Held {
        Held {
            id: Uuid::from_u128(u128::from(date.ordinal()) << 8 | class),
            class_id: Uuid::from_u128(class),
            date,
            kind,
            safety,
        }
    }

    #[test]
    fn a_class_covers_a_requirement_with_a_matching_activity_in_the_month() {
        let classes = [
            (Uuid::from_u128(1), Uuid::from_u128(10)),
            (Uuid::from_u128(2), Uuid::from_u128(10)),
            (Uuid::from_u128(3), Uuid::from_u128(11)),
        ];
        let activities = [
            held(
                1,
                day(6, 12),
                ActivityKind::Safety,
                Some(SafetyTopic::Drowning),
            ),
            held(
                1,
                day(6, 3),
                ActivityKind::Safety,
                Some(SafetyTopic::Drowning),
            ),
            // Class 2: the wrong topic, and the right one in May.
            held(2, day(6, 5), ActivityKind::Safety, Some(SafetyTopic::Fire)),
            held(
                2,
                day(5, 28),
                ActivityKind::Safety,
                Some(SafetyTopic::Drowning),
            ),
        ];
        let grid = theme().coverage(&classes, &activities);
        let cells: Vec<(u128, Option<NaiveDate>)> = grid
            .iter()
            .map(|c| (c.class_id.as_u128(), c.held_on))
            .collect();
        assert_eq!(
            cells,
            [(1, Some(day(6, 3))), (2, None)],
            "grade 11 has no such theme"
        );
        assert_eq!(safety_due(&grid), [Uuid::from_u128(2)]);
    }

    fn term() -> Term {
        Term {
            id: Uuid::nil(),
            name: "2025—2026学年第二学期".into(),
            start_date: day(2, 23),
            end_date: day(7, 3),
            weekdays: "12345".into(),
            days_off: vec![day(4, 6), day(5, 1), day(6, 19)],
            make_up_days: vec![],
        }
    }

    #[test]
    fn the_next_break_is_a_holiday_or_the_terms_end_within_n_school_days() {
        // Tuesday 16 June: the 端午 day off on Friday 19 June is three school days away.
        assert_eq!(break_within(&term(), day(6, 16), 3), Some(day(6, 19)));
        assert_eq!(break_within(&term(), day(6, 16), 2), None);
        // After the last holiday, the summer: Monday 29 June to Friday 3 July is five days.
        assert_eq!(break_within(&term(), day(6, 29), 5), Some(day(7, 4)));
        assert_eq!(break_within(&term(), day(6, 22), 5), None);
    }

    proptest! {
        /// Coverage is monotone: one more activity never takes a held cell away, and a cell is
        /// held exactly when some activity of the class in the month meets it.
        #[test]
        fn a_cell_is_held_exactly_when_a_matching_activity_exists(
            picks in proptest::collection::vec((1u128..=2, 1u32..=30, 0usize..3), 0..8),
        ) {
            let kinds = [
                (ActivityKind::Safety, Some(SafetyTopic::Drowning)),
                (ActivityKind::Safety, Some(SafetyTopic::Fire)),
                (ActivityKind::ThemedMeeting, None),
            ];
            let activities: Vec<Held> = picks
                .iter()
                .filter_map(|(class, d, k)| kinds.get(*k).map(|(kind, topic)| held(*class, day(6, *d), *kind, *topic)))
                .collect();
            let classes = [(Uuid::from_u128(1), Uuid::from_u128(10)), (Uuid::from_u128(2), Uuid::from_u128(10))];
            let grid = theme().coverage(&classes, &activities);
            for cell in &grid {
                let any = activities.iter().any(|h| h.class_id == cell.class_id && cell.requirement.met_by(h));
                prop_assert_eq!(cell.held_on.is_some(), any);
            }
            let mut more = activities.clone();
            more.push(held(1, day(6, 30), ActivityKind::Safety, Some(SafetyTopic::Drowning)));
            let after = theme().coverage(&classes, &more);
            for (before, after) in grid.iter().zip(&after) {
                prop_assert!(before.held_on.is_none() || after.held_on.is_some());
            }
        }
    }

    #[test]
    fn every_kind_and_topic_has_the_name_its_sheet_cell_reads_back() {
        for kind in ActivityKind::ALL {
            let name = kind_name(kind);
            if kind == ActivityKind::Safety {
                continue;
            }
            assert_eq!(
                parse_required(name),
                Some(vec![Requirement { kind, safety: None }]),
                "{name}"
            );
        }
        for topic in SafetyTopic::ALL {
            let cell = format!("安全教育({})", topic_name(topic));
            assert_eq!(
                parse_required(&cell),
                Some(vec![Requirement {
                    kind: ActivityKind::Safety,
                    safety: Some(topic)
                }]),
                "{cell}"
            );
        }
    }
}
