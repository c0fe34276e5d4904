//! Routine-check scores (一日常规评比): daily class scores, weekly totals, ranks within a
//! grade, and the rotating red flag (流动红旗).
use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::checks::{Points, RecorderRole};
use super::photos::PhotoId;
use super::school::Term;

/// How a term is scored; the school sets these per term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreRules {
    /// Every class starts each school day with this score (typically 100).
    pub base: Points,
    /// How many classes of each grade get the red flag each week (K).
    pub red_flags_per_grade: u32,
    /// Days after an entry within which its class may appeal it.
    pub appeal_days: u32,
    /// After how many school days absent in a row a student is flagged to staff.
    pub absence_alert_days: u32,
}

impl Default for ScoreRules {
    fn default() -> Self {
        ScoreRules {
            base: Points(1000),
            red_flags_per_grade: 1,
            appeal_days: 3,
            absence_alert_days: 3,
        }
    }
}

/// The Monday of the week `day` falls in: boards run Monday to Sunday.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day.checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday())))
        .unwrap_or(day)
}

/// True when `day` is in the term and a school day: one of its weekdays unless a day off,
/// or a make-up day (调休).
pub fn is_school_day(term: &Term, day: NaiveDate) -> bool {
    let weekday = char::from_digit(day.weekday().number_from_monday(), 10).unwrap_or('0');
    let in_term = term.start_date <= day && day <= term.end_date;
    let usual = term.weekdays.contains(weekday) && term.days_off.binary_search(&day).is_err();
    in_term && (usual || term.make_up_days.binary_search(&day).is_ok())
}

/// The days of the week from `monday` that a board shows: the term's school days, plus any
/// day in the term that has entries (a make-up school day, 调休).
pub fn board_days(term: &Term, monday: NaiveDate, entry_days: &[NaiveDate]) -> Vec<NaiveDate> {
    (0..7)
        .filter_map(|n| monday.checked_add_days(Days::new(n)))
        .filter(|day| {
            is_school_day(term, *day)
                || (term.start_date <= *day && *day <= term.end_date && entry_days.contains(day))
        })
        .collect()
}

/// Week 1 is the week the term starts in.
pub fn week_number(term: &Term, monday: NaiveDate) -> i64 {
    (monday - week_start(term.start_date)).num_days() / 7 + 1
}

/// One class's week on the board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardRow {
    pub class_id: Uuid,
    pub class_name: String,
    /// The day's score (base + the day's valid entries), one per board day.
    pub daily: Vec<Points>,
    pub total: Points,
    /// Rank within the grade by total, ties sharing a rank (1, 2, 2, 4).
    pub rank: u32,
    pub red_flag: bool,
}

/// One grade's classes in display order, ranked among themselves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeBoard {
    pub grade_id: Uuid,
    pub grade_name: String,
    /// How many classes the grade has (the rank is out of this, even when only one is shown).
    pub class_count: u32,
    pub rows: Vec<BoardRow>,
}

/// A week's board: what the staff screen, the teacher's and the parents' views and the
/// export show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekBoard {
    pub school_name: String,
    pub term_name: String,
    pub week_start: NaiveDate,
    pub week_number: i64,
    pub days: Vec<NaiveDate>,
    pub rules: ScoreRules,
    pub grades: Vec<GradeBoard>,
    /// The Mondays of the neighbouring weeks, when they are in the term.
    pub previous: Option<NaiveDate>,
    pub next: Option<NaiveDate>,
    /// Whether the viewer may open a cell's entries (never parent-committee members).
    pub can_drill_down: bool,
}

/// A class as the board needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardClass {
    pub class_id: Uuid,
    pub class_name: String,
}

/// Builds one grade's rows: daily scores from the day sums, totals, ranks and red flags.
pub fn grade_rows(
    classes: &[BoardClass],
    days: &[NaiveDate],
    sums: &HashMap<(Uuid, NaiveDate), Points>,
    rules: ScoreRules,
) -> Vec<BoardRow> {
    let mut rows: Vec<BoardRow> = classes
        .iter()
        .map(|class| {
            let daily: Vec<Points> = days
                .iter()
                .map(|day| {
                    let sum = sums
                        .get(&(class.class_id, *day))
                        .copied()
                        .unwrap_or_default();
                    Points(rules.base.0 + sum.0)
                })
                .collect();
            BoardRow {
                class_id: class.class_id,
                class_name: class.class_name.clone(),
                total: Points(daily.iter().map(|p| p.0).sum()),
                daily,
                rank: 0,
                red_flag: false,
            }
        })
        .collect();
    rank_rows(&mut rows, rules.red_flags_per_grade, !days.is_empty());
    rows
}

/// Competition ranking by total (ties share a rank, the next rank skips); the red flag goes
/// to every class ranked within the top `red_flags`, so a tie at the edge shares the flag.
fn rank_rows(rows: &mut [BoardRow], red_flags: u32, scored: bool) {
    let totals: Vec<Points> = rows.iter().map(|r| r.total).collect();
    for row in rows.iter_mut() {
        let better = totals.iter().filter(|t| **t > row.total).count() as u32;
        row.rank = better + 1;
        row.red_flag = scored && row.rank <= red_flags;
    }
}

/// One week of a class's term: its total, the days it counted, its rank in the grade.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendWeek {
    pub week_number: i64,
    pub week_start: NaiveDate,
    pub days: u32,
    pub total: Points,
    pub rank: u32,
    pub red_flag: bool,
}

impl TrendWeek {
    /// The week's average daily score, so a four-day week compares with a five-day one.
    pub fn daily_average(&self) -> f64 {
        self.total.as_decimal() / f64::from(self.days.max(1))
    }
}

/// 99.5 for 99.46: one decimal, done in integers so the phone's bundle carries no
/// fixed-precision float formatting.
pub fn one_decimal(value: f64) -> String {
    let tenths = (value * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{}", tenths.abs() / 10, tenths.abs() % 10)
}

/// A class's weeks so far this term, for the trend chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassTrend {
    pub class_name: String,
    pub term_name: String,
    pub class_count: u32,
    pub weeks: Vec<TrendWeek>,
}

/// Where each week's average lands in a `width` × `height` chart: x evenly spaced, y scaled
/// between the lowest and highest average (a flat line sits in the middle).
pub fn chart_points(weeks: &[TrendWeek], width: f64, height: f64) -> Vec<(f64, f64)> {
    let values: Vec<f64> = weeks.iter().map(TrendWeek::daily_average).collect();
    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let step = if values.len() > 1 {
        width / (values.len() - 1) as f64
    } else {
        0.0
    };
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let y = if high > low {
                height - (v - low) / (high - low) * height
            } else {
                height / 2.0
            };
            (i as f64 * step, y)
        })
        .collect()
}

/// One entry behind a board cell, as the drill-down lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellEntry {
    pub id: Uuid,
    pub category: String,
    pub item: String,
    pub slot: String,
    pub points: Points,
    pub count: i64,
    /// What the entry adds to the day (see [`super::checks::entry_value`]).
    pub value: Points,
    /// Names of the students the entry names.
    pub students: Vec<String>,
    pub note: String,
    pub recorder: String,
    /// `homeroom` or `staff`.
    pub recorder_role: RecorderRole,
    pub voided: bool,
    pub void_reason: String,
    /// Voided by a correction (更正) made the same day: `void_reason` says why.
    pub corrected: bool,
    /// The entry this one corrected.
    pub corrects: Option<Uuid>,
    /// The evidence photo taken with the entry.
    pub photo: Option<PhotoId>,
}

/// A class's day: its score and every entry behind it, voided ones included and marked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellDetail {
    pub class_name: String,
    pub date: NaiveDate,
    pub score: Points,
    pub entries: Vec<CellEntry>,
}

impl CellDetail {
    /// The day's score: base plus the entries that count (not voided).
    pub fn score_of(base: Points, entries: &[CellEntry]) -> Points {
        Points(
            base.0
                + entries
                    .iter()
                    .filter(|e| !e.voided)
                    .map(|e| e.value.0)
                    .sum::<i64>(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn term() -> Term {
        Term {
            id: Uuid::from_u128(1),
            name: "2026-2027学年第一学期".into(),
            start_date: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
            end_date: NaiveDate::from_ymd_opt(2027, 1, 22).unwrap(),
            weekdays: "12345".into(),
            days_off: vec![],
            make_up_days: vec![],
        }
    }

    fn class(n: u128, name: &str) -> BoardClass {
        BoardClass {
            class_id: Uuid::from_u128(n),
            class_name: name.into(),
        }
    }

    #[test]
    fn weeks_start_on_monday_and_count_from_the_terms_first_week() {
        assert_eq!(week_start(day(25)), day(23));
        assert_eq!(week_start(day(23)), day(23));
        assert_eq!(week_start(day(29)), day(23));
        // 2026-09-01 is a Tuesday: week 1 starts Monday 31 August.
        assert_eq!(week_number(&term(), day(23)), 13);
    }

    #[test]
    fn a_board_shows_school_days_and_make_up_days_with_entries() {
        assert_eq!(
            board_days(&term(), day(23), &[]),
            vec![day(23), day(24), day(25), day(26), day(27)]
        );
        // Saturday the 28th was a make-up school day with entries.
        assert_eq!(board_days(&term(), day(23), &[day(28)]).len(), 6);
        // The term's first week starts on a Tuesday.
        let first = board_days(&term(), NaiveDate::from_ymd_opt(2026, 8, 31).unwrap(), &[]);
        assert_eq!(first.len(), 4);
    }

    #[test]
    fn days_off_and_make_up_days_follow_the_term_calendar() {
        // 国庆 2026: Thu 1 – Wed 7 October off, Sat 10 October made up.
        let october = |d| NaiveDate::from_ymd_opt(2026, 10, d).unwrap();
        let national_day = Term {
            days_off: (1..=7).map(october).collect(),
            make_up_days: vec![october(10)],
            ..term()
        };
        let holiday_week = board_days(
            &national_day,
            NaiveDate::from_ymd_opt(2026, 9, 28).unwrap(),
            &[],
        );
        assert_eq!(holiday_week.len(), 3, "Mon 28 – Wed 30 September");
        assert_eq!(
            board_days(&national_day, october(5), &[]),
            vec![october(8), october(9), october(10)]
        );
        assert!(!is_school_day(&national_day, october(1)));
        assert!(is_school_day(&national_day, october(10)));
        assert!(!is_school_day(&term(), october(10)), "a plain Saturday");
    }

    #[test]
    fn daily_scores_totals_ranks_and_red_flags_by_hand() {
        // Three school days, base 100, one red flag per grade.
        let days = [day(23), day(24), day(25)];
        let classes = [
            class(1, "初一(1)班"),
            class(2, "初一(2)班"),
            class(3, "初一(3)班"),
        ];
        let sums: HashMap<(Uuid, NaiveDate), Points> = [
            ((Uuid::from_u128(1), day(23)), Points(-10)), // 99
            ((Uuid::from_u128(1), day(25)), Points(-5)),  // 99.5
            ((Uuid::from_u128(2), day(24)), Points(10)),  // 101
            ((Uuid::from_u128(3), day(23)), Points(-30)), // 97
        ]
        .into();
        let rows = grade_rows(&classes, &days, &sums, ScoreRules::default());
        assert_eq!(rows[0].daily, vec![Points(990), Points(1000), Points(995)]);
        assert_eq!(rows[0].total, Points(2985));
        assert_eq!(rows[1].total, Points(3010));
        assert_eq!(rows[2].total, Points(2970));
        let ranks: Vec<u32> = rows.iter().map(|r| r.rank).collect();
        assert_eq!(ranks, vec![2, 1, 3]);
        let flags: Vec<bool> = rows.iter().map(|r| r.red_flag).collect();
        assert_eq!(flags, vec![false, true, false]);
    }

    #[test]
    fn ties_share_a_rank_and_a_tie_at_the_edge_shares_the_flag() {
        let days = [day(23)];
        let classes = [class(1, "1"), class(2, "2"), class(3, "3"), class(4, "4")];
        let sums: HashMap<(Uuid, NaiveDate), Points> = [
            ((Uuid::from_u128(1), day(23)), Points(-10)),
            ((Uuid::from_u128(2), day(23)), Points(-10)),
            ((Uuid::from_u128(4), day(23)), Points(-20)),
        ]
        .into();
        let rules = ScoreRules {
            red_flags_per_grade: 2,
            ..ScoreRules::default()
        };
        let rows = grade_rows(&classes, &days, &sums, rules);
        let ranks: Vec<u32> = rows.iter().map(|r| r.rank).collect();
        assert_eq!(ranks, vec![2, 2, 1, 4]);
        let flags: Vec<bool> = rows.iter().map(|r| r.red_flag).collect();
        assert_eq!(flags, vec![true, true, true, false]);
    }

    #[test]
    fn a_week_without_school_days_awards_no_flag() {
        let rows = grade_rows(
            &[class(1, "1"), class(2, "2")],
            &[],
            &HashMap::new(),
            ScoreRules::default(),
        );
        assert!(rows.iter().all(|r| !r.red_flag && r.total == Points(0)));
    }

    #[test]
    fn the_chart_spreads_weeks_across_and_scales_averages_between_low_and_high() {
        let week = |n, days, total| TrendWeek {
            week_number: n,
            week_start: day(23),
            days,
            total: Points(total),
            rank: 1,
            red_flag: false,
        };
        // Averages 99, 100 (a four-day week) and 99.5.
        let weeks = [week(1, 5, 4950), week(2, 4, 4000), week(3, 5, 4975)];
        assert_eq!(weeks[1].daily_average(), 100.0);
        let points = chart_points(&weeks, 300.0, 100.0);
        assert_eq!(points, vec![(0.0, 100.0), (150.0, 0.0), (300.0, 50.0)]);
        assert_eq!(chart_points(&weeks[..1], 300.0, 100.0), vec![(0.0, 50.0)]);
    }

    #[test]
    fn averages_show_one_decimal() {
        assert_eq!(one_decimal(99.46), "99.5");
        assert_eq!(one_decimal(100.0), "100.0");
        assert_eq!(one_decimal(-0.5), "-0.5");
    }

    #[test]
    fn voided_entries_do_not_count_in_a_days_score() {
        let entry = |points, count, voided| CellEntry {
            id: Uuid::from_u128(1),
            category: "卫生".into(),
            item: "x".into(),
            slot: "早读".into(),
            points: Points(points),
            count,
            value: crate::domain::checks::entry_value(Points(points), count, 0),
            students: vec![],
            note: String::new(),
            recorder: "王".into(),
            recorder_role: RecorderRole::Staff,
            voided,
            void_reason: String::new(),
            corrected: false,
            corrects: None,
            photo: None,
        };
        let entries = [
            entry(-10, 2, false),
            entry(-20, 1, true),
            entry(5, 1, false),
        ];
        assert_eq!(
            CellDetail::score_of(Points(1000), &entries),
            Points(1000 - 20 + 5)
        );
    }
}
