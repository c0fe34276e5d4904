//! Conduct points (操行分): each student's share of the student-level entries of a term.
//! Seen by the class's teachers and staff only, never by parent-committee members.
use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::checks::Points;

/// One entry in a student's history, with what it gave this student (points × count).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConductEntry {
    pub entry_id: Uuid,
    pub date: NaiveDate,
    pub category: String,
    pub item: String,
    pub points: Points,
    pub note: String,
    pub recorder: String,
    pub voided: bool,
    pub void_reason: String,
}

/// A student's term: bonuses, deductions, the total and the entries behind them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentConduct {
    pub student_id: Uuid,
    pub student_no: String,
    pub name: String,
    pub bonus: Points,
    pub deduction: Points,
    pub total: Points,
    /// Newest first, voided ones included and marked.
    pub entries: Vec<ConductEntry>,
}

/// A class's conduct points for the term it is in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassConduct {
    pub class_id: Uuid,
    pub class_name: String,
    pub term_name: String,
    pub students: Vec<StudentConduct>,
}

/// A roster line: id, student number, name.
pub type RosterLine = (Uuid, String, String);

/// Shares each entry out to the students it names and adds them up; voided entries are
/// listed but count for nothing. Students keep the roster's order.
pub fn tally(roster: &[RosterLine], entries: &[(Vec<Uuid>, ConductEntry)]) -> Vec<StudentConduct> {
    let mut by_student: HashMap<Uuid, Vec<ConductEntry>> = HashMap::new();
    for (students, entry) in entries {
        for id in students {
            by_student.entry(*id).or_default().push(entry.clone());
        }
    }
    roster
        .iter()
        .map(|(id, no, name)| {
            let mut history = by_student.remove(id).unwrap_or_default();
            history.sort_by_key(|e| std::cmp::Reverse(e.date));
            let counted = history.iter().filter(|e| !e.voided).map(|e| e.points.0);
            let bonus: i64 = counted.clone().filter(|p| *p > 0).sum();
            let deduction: i64 = counted.filter(|p| *p < 0).sum();
            StudentConduct {
                student_id: *id,
                student_no: no.clone(),
                name: name.clone(),
                bonus: Points(bonus),
                deduction: Points(deduction),
                total: Points(bonus + deduction),
                entries: history,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(day: u32, points: i64, voided: bool) -> ConductEntry {
        ConductEntry {
            entry_id: Uuid::from_u128(u128::from(day)),
            date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
            category: "纪律".into(),
            item: "早读迟到".into(),
            points: Points(points),
            note: String::new(),
            recorder: "范嘉城".into(),
            voided,
            void_reason: String::new(),
        }
    }

    #[test]
    fn each_named_student_gets_the_entrys_points_and_voided_ones_count_nothing() {
        let (a, b, c) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let roster = vec![
            (a, "01".into(), "甲".into()),
            (b, "02".into(), "乙".into()),
            (c, "03".into(), "丙".into()),
        ];
        let entries = vec![
            (vec![a, b], entry(23, -10, false)), // both late: −1 each
            (vec![a], entry(24, 20, false)),     // +2 for a good deed (×2)
            (vec![b], entry(25, -20, true)),     // voided: nothing
            (vec![a], entry(26, -5, false)),     // −0.5
        ];
        let tally = tally(&roster, &entries);
        let a_row = &tally[0];
        assert_eq!(
            (a_row.bonus, a_row.deduction, a_row.total),
            (Points(20), Points(-15), Points(5))
        );
        assert_eq!(a_row.entries.len(), 3);
        assert_eq!(
            a_row.entries[0].date.to_string(),
            "2026-11-26",
            "newest first"
        );
        assert_eq!((tally[1].total, tally[1].entries.len()), (Points(-10), 2));
        assert_eq!((tally[2].total, tally[2].entries.len()), (Points(0), 0));
    }
}
