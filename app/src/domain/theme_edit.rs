//! Monthly themes as staff write them on the phone: the month, the grades (none for the whole
//! school), the theme's name and the activities it requires. Phone and server check the same
//! rules; the server also checks the month lies in one of the school's terms.
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::activities::ActivityKind;
use super::day::{Day, month_span};
use super::themes::{MonthlyTheme, Requirement};
use crate::error::FieldProblem;

/// Most characters of a theme's name.
pub const MAX_THEME_CHARS: usize = 40;
/// Most activities one month's theme requires.
pub const MAX_REQUIRED: usize = 8;

/// A theme as sent: new when no theme has its id yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeInput {
    pub id: Uuid,
    /// Any day of the month.
    pub month: Day,
    #[serde(default)]
    pub grade_ids: Vec<Uuid>,
    pub theme: String,
    #[serde(default)]
    pub required: Vec<Requirement>,
}

/// The school's themes, each with its id, and its grades to choose from, for the editor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemesView {
    pub themes: Vec<(Uuid, MonthlyTheme)>,
    pub grades: Vec<(Uuid, String)>,
}

/// Why a theme cannot be kept: the field at fault and the reason's code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeProblem {
    NoName,
    NameTooLong,
    NoneRequired,
    TooManyRequired,
    RequiredTwice,
    /// A topic on a kind other than safety education.
    TopicOnKind,
    UnknownGrade,
    /// The month lies in none of the school's terms.
    NoTerm,
}

impl FieldProblem for ThemeProblem {
    fn field_and_code(self) -> (&'static str, &'static str) {
        match self {
            ThemeProblem::NoName => ("theme", "required"),
            ThemeProblem::NameTooLong => ("theme", "too_long"),
            ThemeProblem::NoneRequired => ("required", "required"),
            ThemeProblem::TooManyRequired => ("required", "too_many"),
            ThemeProblem::RequiredTwice => ("required", "duplicate"),
            ThemeProblem::TopicOnKind => ("required", "invalid"),
            ThemeProblem::UnknownGrade => ("grade_ids", "invalid"),
            ThemeProblem::NoTerm => ("month", "no_term"),
        }
    }
}

impl ThemeInput {
    /// The theme as kept: on its month's first day, its name trimmed, each grade once;
    /// refused when a rule is broken. `grades` are the school's.
    pub fn checked(self, grades: &[Uuid]) -> Result<MonthlyTheme, ThemeProblem> {
        let theme = self.theme.trim().to_string();
        if theme.is_empty() {
            return Err(ThemeProblem::NoName);
        }
        if theme.chars().count() > MAX_THEME_CHARS {
            return Err(ThemeProblem::NameTooLong);
        }
        match self.required.len() {
            0 => return Err(ThemeProblem::NoneRequired),
            n if n > MAX_REQUIRED => return Err(ThemeProblem::TooManyRequired),
            _ => {}
        }
        let required = &self.required;
        if required
            .iter()
            .enumerate()
            .any(|(n, r)| required.iter().take(n).any(|q| q == r))
        {
            return Err(ThemeProblem::RequiredTwice);
        }
        if required
            .iter()
            .any(|r| r.safety.is_some() && r.kind != ActivityKind::Safety)
        {
            return Err(ThemeProblem::TopicOnKind);
        }
        let mut grade_ids = Vec::new();
        for grade in self.grade_ids {
            if !grades.contains(&grade) {
                return Err(ThemeProblem::UnknownGrade);
            }
            if !grade_ids.contains(&grade) {
                grade_ids.push(grade);
            }
        }
        Ok(MonthlyTheme {
            id: self.id,
            month: month_span(self.month.date()).0,
            grade_ids,
            theme,
            required: self.required,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error;

    use chrono::NaiveDate;
    use proptest::prelude::*;

    use super::*;
    use crate::domain::activities::SafetyTopic;

    fn kinds() -> impl Strategy<Value = Requirement> {
        (
            0..ActivityKind::ALL.len(),
            proptest::option::of(0..SafetyTopic::ALL.len()),
        )
            .prop_map(|(k, t)| Requirement {
                kind: ActivityKind::ALL[k],
                safety: t.map(|t| SafetyTopic::ALL[t]),
            })
    }

    /// A theme for a day in the middle of September 2026.
    fn input(
        required: Vec<Requirement>,
        grade_ids: Vec<Uuid>,
    ) -> Result<ThemeInput, Box<dyn Error>> {
        Ok(ThemeInput {
            id: Uuid::from_u128(9),
            month: "2026-09-17".parse()?,
            grade_ids,
            theme: "  安全教育月 ".into(),
            required,
        })
    }

    proptest! {
        #[test]
        fn kept_only_with_one_to_eight_distinct_requirements_and_topics_on_safety(
            required in proptest::collection::vec(kinds(), 0..10)
        ) {
            let distinct = required.iter().enumerate().all(|(n, r)| !required[..n].contains(r));
            let topics_fit = required.iter().all(|r| r.safety.is_none() || r.kind == ActivityKind::Safety);
            let valid = (1..=MAX_REQUIRED).contains(&required.len()) && distinct && topics_fit;
            let theme = input(required, Vec::new()).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(theme.checked(&[]).is_ok(), valid);
        }
    }

    #[test]
    fn kept_on_the_first_of_the_month_for_the_schools_grades() -> Result<(), Box<dyn Error>> {
        let fire = Requirement {
            kind: ActivityKind::Safety,
            safety: Some(SafetyTopic::Fire),
        };
        let grade = Uuid::from_u128(1);
        let kept = input(vec![fire], vec![grade, grade])?.checked(&[grade]);
        let first = NaiveDate::from_ymd_opt(2026, 9, 1);
        let kept = kept.map_err(|p| format!("{p:?}"))?;
        assert_eq!(Some(kept.month), first);
        assert_eq!(
            (kept.theme.as_str(), kept.grade_ids),
            ("安全教育月", vec![grade])
        );
        assert_eq!(
            input(vec![fire], vec![Uuid::from_u128(2)])?.checked(&[grade]),
            Err(ThemeProblem::UnknownGrade)
        );
        let mut unnamed = input(vec![fire], Vec::new())?;
        unnamed.theme = " ".into();
        assert_eq!(unnamed.checked(&[]), Err(ThemeProblem::NoName));
        let mut long = input(vec![fire], Vec::new())?;
        long.theme = "月".repeat(MAX_THEME_CHARS + 1);
        assert_eq!(long.checked(&[]), Err(ThemeProblem::NameTooLong));
        Ok(())
    }
}
