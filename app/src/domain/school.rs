//! The school's structure as the screens show it.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::photos::PhotoConsent;
use super::role::{Grant, Role};

/// A student's sex as schools record it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }

    /// Reads the stored value or what a Chinese spreadsheet says (男/女).
    pub fn parse(s: &str) -> Option<Sex> {
        match s.trim() {
            "male" | "男" | "M" | "m" => Some(Sex::Male),
            "female" | "女" | "F" | "f" => Some(Sex::Female),
            _ => None,
        }
    }
}

/// The school as the signed-in user belongs to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolInfo {
    pub id: Uuid,
    pub name: String,
    pub timezone: String,
}

/// A class with what a list of classes shows about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassSummary {
    pub id: Uuid,
    pub name: String,
    pub grade_id: Uuid,
    pub grade_name: String,
    pub student_count: i64,
    pub teachers: Vec<String>,
}

impl ClassSummary {
    /// 初一(1)班, as [`class_label`] writes it.
    pub fn label(&self) -> String {
        class_label(&self.grade_name, &self.name)
    }
}

/// 初一(1)班: a class's name, with its grade in front unless the name has it already.
pub fn class_label(grade_name: &str, class_name: &str) -> String {
    if class_name.starts_with(grade_name) {
        class_name.to_string()
    } else {
        format!("{grade_name}{class_name}")
    }
}

/// One grade and its classes, in display order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeClasses {
    pub grade_id: Uuid,
    pub grade_name: String,
    pub classes: Vec<ClassSummary>,
}

/// A guardian as the school records them; many children live with grandparents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guardian {
    pub name: String,
    pub relation: String,
    pub phone: String,
}

/// Sensitive facts about a student, shown only to those allowed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentFlags {
    pub left_behind: bool,
    pub boarder: bool,
    pub hardship: bool,
    pub special_needs: bool,
}

/// One row of a class roster; `flags` and `guardians` are empty unless the viewer may see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterStudent {
    pub id: Uuid,
    pub student_no: String,
    pub name: String,
    pub sex: Sex,
    pub birth_date: Option<NaiveDate>,
    pub flags: Option<StudentFlags>,
    pub guardians: Vec<Guardian>,
}

/// A class and its students.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    pub class: ClassSummary,
    pub students: Vec<RosterStudent>,
    /// Whether the viewer may edit these students (admins, the class's teachers).
    pub editable: bool,
    /// Whether the viewer may rename the class (admins).
    pub administrable: bool,
}

/// A term of the school year: the weekdays that are school days, the holidays that are not
/// (国庆, 清明 …) and the weekend days made up for them (调休).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub id: Uuid,
    pub name: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    /// ISO weekday numbers (1 = Monday) that are school days, e.g. "12345".
    pub weekdays: String,
    /// Days off on a school weekday, ascending.
    #[serde(default)]
    pub days_off: Vec<NaiveDate>,
    /// School days on a day off (a weekend made up for a holiday), ascending.
    #[serde(default)]
    pub make_up_days: Vec<NaiveDate>,
}

/// Everything a home screen needs, for whichever role the user has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Home {
    pub display_name: String,
    pub role: Option<Role>,
    pub school: Option<SchoolInfo>,
    /// Today in the school's time zone.
    pub today: NaiveDate,
    pub term: Option<Term>,
    pub grades: Vec<GradeClasses>,
}

/// What `/api/me` answers: who you are and where you may look.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub user_id: Uuid,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub grants: Vec<Grant>,
    pub school: Option<SchoolInfo>,
    pub scopes: Scopes,
}

/// The ids a user's grants reach, resolved against the school's structure.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scopes {
    pub school_ids: Vec<Uuid>,
    pub grade_ids: Vec<Uuid>,
    pub class_ids: Vec<Uuid>,
}

/// A term as an admin enters it; `id` is empty for a new term.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermInput {
    pub id: Option<Uuid>,
    pub name: String,
    #[serde(deserialize_with = "super::day::date")]
    pub start_date: NaiveDate,
    #[serde(deserialize_with = "super::day::date")]
    pub end_date: NaiveDate,
    pub weekdays: String,
    /// Days off as typed: dates or ranges (`2026-10-01~2026-10-07`), by line or comma.
    #[serde(default)]
    pub days_off: String,
    /// Make-up school days as typed, the same way.
    #[serde(default)]
    pub make_up_days: String,
}

/// Dates as an admin types them — `2026-10-01`, `2026-10-01~2026-10-07` or `… 至 …`,
/// separated by lines, commas or 、 — sorted and without repeats; `None` if any is not a date
/// or a range runs backwards or past a year.
pub fn parse_days(text: &str) -> Option<Vec<NaiveDate>> {
    let date = |s: &str| s.parse::<super::day::Day>().ok().map(super::day::Day::date);
    let mut days = Vec::new();
    for part in text
        .split(['\n', ',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match part.split_once(['~', '～', '至']) {
            Some((from, to)) => {
                let (from, to) = (date(from)?, date(to)?);
                if to < from || (to - from).num_days() > 366 {
                    return None;
                }
                days.extend(from.iter_days().take_while(|d| *d <= to));
            }
            None => days.push(date(part)?),
        }
    }
    days.sort_unstable();
    days.dedup();
    Some(days)
}

/// Dates as stored and shown: runs of consecutive days as `from~to`, comma-separated.
pub fn days_text(days: &[NaiveDate]) -> String {
    let mut runs: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for &day in days {
        match runs.last_mut() {
            Some((_, to)) if to.succ_opt() == Some(day) => *to = day,
            _ => runs.push((day, day)),
        }
    }
    runs.iter()
        .map(|(from, to)| {
            if from == to {
                from.to_string()
            } else {
                format!("{from}~{to}")
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

impl TermInput {
    /// Checks the fields; the weekdays come back sorted and without repeats, and the days off
    /// and make-up days in their stored form.
    pub fn validate(mut self) -> Result<TermInput, Vec<crate::error::FieldError>> {
        use crate::error::FieldError;
        let mut errors = Vec::new();
        self.name = super::text::normalize(&self.name);
        if self.name.is_empty() {
            errors.push(FieldError::new("name", "required"));
        } else if self.name.chars().count() > 40 {
            errors.push(FieldError::new("name", "too_long"));
        }
        if self.end_date < self.start_date {
            errors.push(FieldError::new("end_date", "bad_range"));
        }
        let mut days: Vec<char> = self
            .weekdays
            .chars()
            .filter(|c| ('1'..='7').contains(c))
            .collect();
        days.sort_unstable();
        days.dedup();
        if days.is_empty() || days.len() != self.weekdays.chars().count() {
            errors.push(FieldError::new("weekdays", "bad_weekdays"));
        }
        self.weekdays = days.into_iter().collect();
        let (start, end) = (self.start_date, self.end_date);
        let in_term = |days: &Vec<NaiveDate>| days.iter().all(|d| start <= *d && *d <= end);
        let off = parse_days(&self.days_off).filter(in_term);
        let make_up = parse_days(&self.make_up_days).filter(in_term);
        match &off {
            Some(days) => self.days_off = days_text(days),
            None => errors.push(FieldError::new("days_off", "bad_days")),
        }
        match (&make_up, &off) {
            (Some(days), Some(off)) if days.iter().any(|d| off.contains(d)) => {
                errors.push(FieldError::new("make_up_days", "off_and_on"));
            }
            (Some(days), _) => self.make_up_days = days_text(days),
            (None, _) => errors.push(FieldError::new("make_up_days", "bad_days")),
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(start: (i32, u32, u32), end: (i32, u32, u32), weekdays: &str) -> TermInput {
        TermInput {
            id: None,
            name: " 2025-2026学年第一学期 ".into(),
            start_date: NaiveDate::from_ymd_opt(start.0, start.1, start.2).unwrap(),
            end_date: NaiveDate::from_ymd_opt(end.0, end.1, end.2).unwrap(),
            weekdays: weekdays.into(),
            days_off: String::new(),
            make_up_days: String::new(),
        }
    }

    fn ymd(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, d).unwrap()
    }

    #[test]
    fn days_are_read_as_dates_and_ranges_and_stored_as_runs() {
        let days =
            parse_days("2025-10-01~2025-10-03\n2025-10-08 , 2025-10-02、2025-09-28").unwrap();
        assert_eq!(
            days,
            [ymd(9, 28), ymd(10, 1), ymd(10, 2), ymd(10, 3), ymd(10, 8)]
        );
        assert_eq!(
            days_text(&days),
            "2025-09-28,2025-10-01~2025-10-03,2025-10-08"
        );
        assert_eq!(parse_days(&days_text(&days)), Some(days));
        assert_eq!(parse_days("  "), Some(vec![]));
        assert_eq!(
            parse_days("2025-10-01 至 2025-10-02").map(|d| d.len()),
            Some(2)
        );
        assert_eq!(parse_days("10月1日"), None);
        assert_eq!(parse_days("2025-10-07~2025-10-01"), None);
    }

    #[test]
    fn days_off_must_be_in_the_term_and_not_also_make_up_days() {
        let mut term = input((2025, 9, 1), (2026, 1, 20), "12345");
        term.days_off = "2025-10-01~2025-10-07".into();
        term.make_up_days = "2025-09-28\n2025-10-11".into();
        let term = term.validate().unwrap();
        assert_eq!(
            (term.days_off.as_str(), term.make_up_days.as_str()),
            ("2025-10-01~2025-10-07", "2025-09-28,2025-10-11")
        );
        let mut outside = input((2025, 9, 1), (2026, 1, 20), "12345");
        outside.days_off = "2026-02-01".into();
        outside.make_up_days = "2025-10-01".into();
        assert_eq!(
            outside.validate().unwrap_err(),
            vec![crate::error::FieldError::new("days_off", "bad_days")]
        );
        let mut both = input((2025, 9, 1), (2026, 1, 20), "12345");
        both.days_off = "2025-10-01".into();
        both.make_up_days = "2025-10-01".into();
        assert_eq!(
            both.validate().unwrap_err(),
            vec![crate::error::FieldError::new("make_up_days", "off_and_on")]
        );
    }

    #[test]
    fn a_term_ending_before_it_starts_is_refused() {
        let errors = input((2026, 1, 20), (2025, 9, 1), "12345")
            .validate()
            .unwrap_err();
        assert_eq!(
            errors,
            vec![crate::error::FieldError::new("end_date", "bad_range")]
        );
    }

    #[test]
    fn weekdays_are_sorted_and_names_trimmed() {
        let term = input((2025, 9, 1), (2026, 1, 20), "54321")
            .validate()
            .unwrap();
        assert_eq!(
            (term.name.as_str(), term.weekdays.as_str()),
            ("2025-2026学年第一学期", "12345")
        );
        assert!(input((2025, 9, 1), (2026, 1, 20), "").validate().is_err());
        assert!(
            input((2025, 9, 1), (2026, 1, 20), "189")
                .validate()
                .is_err()
        );
    }
}

/// Where a grade sorts: 一年级…六年级 are 1–6, 初一/七年级 7, …, 高三 12; others last.
pub fn grade_rank(name: &str) -> i32 {
    const NAMES: [&[&str]; 12] = [
        &["一年级"],
        &["二年级"],
        &["三年级"],
        &["四年级"],
        &["五年级"],
        &["六年级"],
        &["初一", "七年级"],
        &["初二", "八年级"],
        &["初三", "九年级"],
        &["高一"],
        &["高二"],
        &["高三"],
    ];
    NAMES
        .iter()
        .position(|names| names.iter().any(|n| name.starts_with(n)))
        .map_or(100, |i| i as i32 + 1)
}

/// Where a class sorts within its grade: the number in 初一(3)班 or 三年级2班.
pub fn class_rank(name: &str) -> i32 {
    let digits: String = name
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().unwrap_or(1000)
}

#[cfg(test)]
mod rank_tests {
    use super::*;

    #[test]
    fn grades_sort_from_primary_to_senior() {
        assert!(grade_rank("六年级") < grade_rank("初一"));
        assert!(grade_rank("初三") < grade_rank("高一"));
        assert_eq!(grade_rank("七年级"), grade_rank("初一"));
        assert_eq!(grade_rank("兴趣班"), 100);
    }

    #[test]
    fn classes_sort_by_their_number() {
        assert_eq!(class_rank("初一(12)班"), 12);
        assert!(class_rank("初一(2)班") < class_rank("初一(10)班"));
    }
}

/// A student as the edit form shows and sends it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentInput {
    pub id: Uuid,
    pub class_id: Uuid,
    pub name: String,
    pub sex: Sex,
    pub birth_date: Option<NaiveDate>,
    pub flags: StudentFlags,
    pub guardian: Option<Guardian>,
    /// The guardian's choice about photos of the student. A page from before the choice
    /// existed sends none, and the stored choice stays as it is.
    #[serde(default)]
    pub photo_consent: Option<PhotoConsent>,
}

/// A student for the edit form, with the class they are in and what the viewer may change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentDetail {
    pub student: StudentInput,
    pub student_no: String,
    pub class_name: String,
    /// Classes the student may be moved to (admins only; empty for teachers).
    pub classes: Vec<ClassSummary>,
    /// The activities they took part in this term, with the five domains counted.
    #[serde(default)]
    pub participation: crate::domain::activities::Participation,
}

impl StudentInput {
    /// Cleans and checks the fields; an empty guardian becomes none.
    pub fn validate(mut self) -> Result<StudentInput, Vec<crate::error::FieldError>> {
        use super::text::{normalize, normalize_code};
        use crate::error::FieldError;
        let mut errors = Vec::new();
        self.name = normalize(&self.name);
        if self.name.is_empty() {
            errors.push(FieldError::new("student_name", "required"));
        } else if self.name.chars().count() > 50 {
            errors.push(FieldError::new("student_name", "too_long"));
        }
        self.guardian = self.guardian.take().and_then(|g| {
            let g = Guardian {
                name: normalize(&g.name),
                relation: normalize(&g.relation),
                phone: normalize_code(&g.phone),
            };
            (!g.name.is_empty() || !g.phone.is_empty()).then_some(g)
        });
        if let Some(g) = &self.guardian {
            let phone_ok = g.phone.is_empty()
                || ((5..=20).contains(&g.phone.len())
                    && g.phone
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == '-' || c == '+'));
            if !phone_ok {
                errors.push(FieldError::new("guardian_phone", "invalid"));
            }
            if g.name.chars().count() > 50 || g.relation.chars().count() > 20 {
                errors.push(FieldError::new("guardian_name", "too_long"));
            }
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

/// A grade or class as an admin creates or renames it; `id` is empty for a new one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitInput {
    pub id: Option<Uuid>,
    /// The grade a new class goes in; unused for grades.
    pub grade_id: Option<Uuid>,
    pub name: String,
}

impl UnitInput {
    /// Cleans the name: 1–20 characters, full-width brackets folded.
    pub fn validate(mut self) -> Result<UnitInput, Vec<crate::error::FieldError>> {
        self.name = super::text::normalize(&self.name);
        match self.name.chars().count() {
            0 => Err(vec![crate::error::FieldError::new("unit_name", "required")]),
            21.. => Err(vec![crate::error::FieldError::new("unit_name", "too_long")]),
            _ => Ok(self),
        }
    }
}

#[cfg(test)]
mod input_tests {
    use super::*;

    fn student(name: &str, phone: &str) -> StudentInput {
        StudentInput {
            id: Uuid::nil(),
            class_id: Uuid::nil(),
            name: name.into(),
            sex: Sex::Female,
            birth_date: None,
            flags: StudentFlags::default(),
            guardian: Some(Guardian {
                name: " 谭梦彤 ".into(),
                relation: "母亲".into(),
                phone: phone.into(),
            }),
            photo_consent: Some(PhotoConsent::default()),
        }
    }

    #[test]
    fn a_student_needs_a_name_and_a_plausible_guardian_phone() {
        assert!(student(" ", "13900000001").validate().is_err());
        assert!(student("叶思桐", "call me").validate().is_err());
        let ok = student("叶思桐", "139 0000 0001").validate().unwrap();
        assert_eq!(
            ok.guardian.map(|g| (g.name, g.phone)),
            Some(("谭梦彤".into(), "13900000001".into()))
        );
    }

    #[test]
    fn an_empty_guardian_is_dropped_and_unit_names_are_folded() {
        let mut s = student("叶思桐", "");
        s.guardian = Some(Guardian {
            name: " ".into(),
            relation: "".into(),
            phone: "".into(),
        });
        assert_eq!(s.validate().unwrap().guardian, None);
        let unit = UnitInput {
            id: None,
            grade_id: None,
            name: "初一（５）班".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(unit.name, "初一(5)班");
    }
}
