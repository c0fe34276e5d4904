//! What staff check each month: for every theme, which classes have held its required
//! activities (未开展 until they have), which must still hold a safety lesson before a break
//! that is near, and over the term, which safety topics each class has covered.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::activities::{ActivityKind, SafetyTopic};
use super::themes::{Held, MonthlyTheme, Requirement, safety_due};

/// A break this many school days away (or fewer) flags the classes still lacking a required
/// safety lesson: a week's warning.
pub const BREAK_WARNING_SCHOOL_DAYS: usize = 5;

/// A class as the grid lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageClass {
    pub id: Uuid,
    pub grade_id: Uuid,
    pub label: String,
}

/// A held requirement: the day, and the activity to tap through to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldAt {
    pub date: NaiveDate,
    pub activity_id: Uuid,
}

/// One class's row: a cell per column, and whether a near break finds it short of safety.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageRow {
    pub class: CoverageClass,
    pub cells: Vec<Option<HeldAt>>,
    pub safety_due: bool,
}

/// A theme's grid: its required activities as columns, the classes it applies to as rows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeGrid {
    pub theme: String,
    pub required: Vec<Requirement>,
    pub rows: Vec<CoverageRow>,
}

/// The month for staff, and the term's safety education.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageView {
    /// The first day of the month.
    pub month: NaiveDate,
    /// The next break, when it is near enough to warn of.
    pub break_on: Option<NaiveDate>,
    pub themes: Vec<ThemeGrid>,
    /// The term holding the month, and each class's safety topics held in it so far.
    pub term: Option<String>,
    pub safety: Vec<CoverageRow>,
}

impl CoverageView {
    /// The view of `month`: `themes` of the school, `classes` in the user's scope, `held` the
    /// classes' live activities of the term. `break_on` is the near break, if any.
    pub fn build(
        month: NaiveDate,
        themes: &[MonthlyTheme],
        classes: &[CoverageClass],
        held: &[Held],
        term: Option<String>,
        break_on: Option<NaiveDate>,
    ) -> CoverageView {
        let places: Vec<(Uuid, Uuid)> = classes.iter().map(|c| (c.id, c.grade_id)).collect();
        let grids = themes
            .iter()
            .filter(|t| t.month == month)
            .map(|theme| {
                let grid = theme.coverage(&places, held);
                let due = break_on.map(|_| safety_due(&grid)).unwrap_or_default();
                let rows = classes
                    .iter()
                    .filter(|c| theme.covers_grade(c.grade_id))
                    .map(|class| CoverageRow {
                        class: class.clone(),
                        cells: grid
                            .iter()
                            .filter(|cell| cell.class_id == class.id)
                            .map(|cell| held_at(cell.held_on, cell.activity_id))
                            .collect(),
                        safety_due: due.contains(&class.id),
                    })
                    .collect();
                ThemeGrid {
                    theme: theme.theme.clone(),
                    required: theme.required.clone(),
                    rows,
                }
            })
            .collect();
        let safety = term
            .as_ref()
            .map(|_| safety_rows(classes, held))
            .unwrap_or_default();
        CoverageView {
            month,
            break_on,
            themes: grids,
            term,
            safety,
        }
    }
}

fn held_at(date: Option<NaiveDate>, activity_id: Option<Uuid>) -> Option<HeldAt> {
    Some(HeldAt {
        date: date?,
        activity_id: activity_id?,
    })
}

/// Each class's first lesson on each safety topic ([`SafetyTopic::ALL`] order) among `held`.
fn safety_rows(classes: &[CoverageClass], held: &[Held]) -> Vec<CoverageRow> {
    classes
        .iter()
        .map(|class| CoverageRow {
            class: class.clone(),
            cells: SafetyTopic::ALL
                .into_iter()
                .map(|topic| {
                    held.iter()
                        .filter(|h| h.class_id == class.id && h.kind == ActivityKind::Safety)
                        .filter(|h| h.safety == Some(topic))
                        .min_by_key(|h| (h.date, h.id))
                        .map(|h| HeldAt {
                            date: h.date,
                            activity_id: h.id,
                        })
                })
                .collect(),
            safety_due: false,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::Datelike;

    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default()
    }

    fn class(n: u128, grade: u128) -> CoverageClass {
        CoverageClass {
            id: Uuid::from_u128(n),
            grade_id: Uuid::from_u128(grade),
            label: format!("{n}班"),
        }
    }

    fn safety(class: u128, date: NaiveDate, topic: SafetyTopic) -> Held {
        Held {
            id: Uuid::from_u128(u128::from(date.ordinal()) << 8 | class),
            class_id: Uuid::from_u128(class),
            date,
            kind: ActivityKind::Safety,
            safety: Some(topic),
        }
    }

    fn june() -> MonthlyTheme {
        MonthlyTheme {
            id: Uuid::from_u128(7),
            month: day(6, 1),
            grade_ids: vec![Uuid::from_u128(10)],
            theme: "防溺水安全教育".into(),
            required: vec![
                Requirement {
                    kind: ActivityKind::ThemedMeeting,
                    safety: None,
                },
                Requirement {
                    kind: ActivityKind::Safety,
                    safety: Some(SafetyTopic::Drowning),
                },
            ],
        }
    }

    #[test]
    fn a_fixture_month_shows_who_held_what_and_who_is_short_before_the_break() {
        let classes = [class(1, 10), class(2, 10), class(3, 11)];
        let mut meeting = safety(2, day(6, 8), SafetyTopic::Drowning);
        meeting.kind = ActivityKind::ThemedMeeting;
        meeting.safety = None;
        let held = [
            safety(1, day(6, 3), SafetyTopic::Drowning),
            meeting,
            safety(3, day(6, 4), SafetyTopic::Drowning),
            safety(1, day(3, 10), SafetyTopic::Fire),
        ];
        let view = CoverageView::build(
            day(6, 1),
            &[june()],
            &classes,
            &held,
            Some("第二学期".into()),
            Some(day(6, 19)),
        );
        let [grid] = view.themes.as_slice() else {
            panic!("one theme in June: {view:?}");
        };
        let rows: Vec<(String, Vec<bool>, bool)> = grid
            .rows
            .iter()
            .map(|r| {
                let cells = r.cells.iter().map(Option::is_some).collect();
                (r.class.label.clone(), cells, r.safety_due)
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("1班".to_string(), vec![false, true], false),
                ("2班".to_string(), vec![true, false], true),
            ],
            "grade 11 has no June theme"
        );
        assert_eq!(
            grid.rows
                .first()
                .and_then(|r| r.cells.get(1).copied().flatten()),
            Some(HeldAt {
                date: day(6, 3),
                activity_id: held[0].id
            })
        );
        // Over the term, class 1 held fire and drowning lessons, class 3 drowning only.
        let topics = |n: usize| -> Vec<SafetyTopic> {
            view.safety.get(n).map_or_else(Vec::new, |r| {
                SafetyTopic::ALL
                    .into_iter()
                    .zip(&r.cells)
                    .filter(|(_, c)| c.is_some())
                    .map(|(t, _)| t)
                    .collect()
            })
        };
        let mut first = topics(0);
        first.sort_by_key(|t| t.as_str());
        let mut expected = vec![SafetyTopic::Fire, SafetyTopic::Drowning];
        expected.sort_by_key(|t| t.as_str());
        assert_eq!(first, expected);
        assert_eq!(topics(1), Vec::<SafetyTopic>::new());
        assert_eq!(topics(2), vec![SafetyTopic::Drowning]);
    }

    #[test]
    fn no_break_near_flags_no_class() {
        let view = CoverageView::build(day(6, 1), &[june()], &[class(2, 10)], &[], None, None);
        assert!(
            view.themes
                .iter()
                .flat_map(|g| &g.rows)
                .all(|r| !r.safety_due)
        );
        assert!(view.safety.is_empty());
    }
}
