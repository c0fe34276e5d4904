//! Canteen accompany-meal reports (陪餐记录): a parent-committee member eats with the
//! students, rates the meal and may add photos; staff answer with what was done about it.
//! Phone and server check the same rules.
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::day::Day;
use super::photos::PhotoId;
use super::wire::wire_enum;
use crate::error::FieldProblem;

/// Most photos one report keeps.
pub const MAX_MEAL_PHOTOS: usize = 3;
/// Most characters of a report's notes or of a reply.
pub const MAX_MEAL_TEXT_CHARS: usize = 500;
/// How many days back a meal may be reported: a paper form handed in late, not last term's.
pub const MEAL_DAYS_BACK: u64 = 31;

wire_enum! {
    /// Which meal was eaten.
    pub enum Meal {
        /// 早餐
        Breakfast = "breakfast",
        /// 午餐
        Lunch = "lunch",
        /// 晚餐
        Dinner = "dinner",
    }
}

wire_enum! {
    /// What a report rates, each from 1 (poor) to 5 (very good).
    pub enum MealAspect {
        /// 口味
        Taste = "taste",
        /// 分量
        Quantity = "quantity",
        /// 卫生
        Hygiene = "hygiene",
        /// 温度
        Temperature = "temperature",
    }
}

impl Meal {
    /// The name schools write: 早餐 …
    pub fn name(self) -> &'static str {
        match self {
            Meal::Breakfast => "早餐",
            Meal::Lunch => "午餐",
            Meal::Dinner => "晚餐",
        }
    }
}

impl MealAspect {
    /// The name on the paper form: 口味 …
    pub fn name(self) -> &'static str {
        match self {
            MealAspect::Taste => "口味",
            MealAspect::Quantity => "分量",
            MealAspect::Hygiene => "卫生",
            MealAspect::Temperature => "温度",
        }
    }
}

/// The four ratings of a report, in [`MealAspect::ALL`] order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MealRatings {
    pub taste: u8,
    pub quantity: u8,
    pub hygiene: u8,
    pub temperature: u8,
}

impl MealRatings {
    /// The rating of one aspect.
    pub fn of(&self, aspect: MealAspect) -> u8 {
        match aspect {
            MealAspect::Taste => self.taste,
            MealAspect::Quantity => self.quantity,
            MealAspect::Hygiene => self.hygiene,
            MealAspect::Temperature => self.temperature,
        }
    }

    /// Sets the rating of one aspect.
    pub fn set(&mut self, aspect: MealAspect, rating: u8) {
        match aspect {
            MealAspect::Taste => self.taste = rating,
            MealAspect::Quantity => self.quantity = rating,
            MealAspect::Hygiene => self.hygiene = rating,
            MealAspect::Temperature => self.temperature = rating,
        }
    }
}

/// A report as the parent sends it. The id is made on the phone, so a report sent again
/// after a lost answer is kept once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MealReportInput {
    pub id: Uuid,
    pub class_id: Uuid,
    pub date: Day,
    pub meal: Meal,
    pub ratings: MealRatings,
    pub notes: String,
    pub photos: Vec<PhotoId>,
}

/// Why a report or a reply cannot be kept; the field and code the phone shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MealProblem {
    /// A rating outside 1–5.
    Rating(MealAspect),
    /// A meal after today or more than [`MEAL_DAYS_BACK`] days ago.
    Date,
    NotesTooLong,
    TooManyPhotos,
    SamePhotoTwice,
    ReplyEmpty,
    ReplyTooLong,
}

impl FieldProblem for MealProblem {
    fn field_and_code(self) -> (&'static str, &'static str) {
        match self {
            MealProblem::Rating(aspect) => (aspect.as_str(), "out_of_range"),
            MealProblem::Date => ("date", "not_recent"),
            MealProblem::NotesTooLong => ("notes", "too_long"),
            MealProblem::TooManyPhotos => ("photos", "too_many"),
            MealProblem::SamePhotoTwice => ("photos", "duplicate"),
            MealProblem::ReplyEmpty => ("reply", "required"),
            MealProblem::ReplyTooLong => ("reply", "too_long"),
        }
    }
}

impl MealReportInput {
    /// The report as kept: notes trimmed; refused when a rule is broken. `today` is the
    /// school's date.
    pub fn checked(mut self, today: NaiveDate) -> Result<MealReportInput, MealProblem> {
        for aspect in MealAspect::ALL {
            if !(1..=5).contains(&self.ratings.of(aspect)) {
                return Err(MealProblem::Rating(aspect));
            }
        }
        let date = self.date.date();
        let earliest = today.checked_sub_days(Days::new(MEAL_DAYS_BACK));
        if date > today || earliest.is_none_or(|earliest| date < earliest) {
            return Err(MealProblem::Date);
        }
        self.notes = self.notes.trim().to_string();
        if self.notes.chars().count() > MAX_MEAL_TEXT_CHARS {
            return Err(MealProblem::NotesTooLong);
        }
        if self.photos.len() > MAX_MEAL_PHOTOS {
            return Err(MealProblem::TooManyPhotos);
        }
        if self
            .photos
            .iter()
            .enumerate()
            .any(|(n, p)| self.photos.iter().take(n).any(|q| q == p))
        {
            return Err(MealProblem::SamePhotoTwice);
        }
        Ok(self)
    }
}

/// A reply as kept: trimmed, not empty, not too long.
pub fn reply_text(reply: &str) -> Result<String, MealProblem> {
    let reply = reply.trim();
    if reply.is_empty() {
        return Err(MealProblem::ReplyEmpty);
    }
    if reply.chars().count() > MAX_MEAL_TEXT_CHARS {
        return Err(MealProblem::ReplyTooLong);
    }
    Ok(reply.to_string())
}

/// Staff's answer to a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MealReply {
    pub text: String,
    /// Who answered.
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A kept report, as its author and staff read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MealReport {
    pub id: Uuid,
    /// 初一(1)班: the class the member ate with.
    pub class_label: String,
    /// The member who wrote it.
    pub by: String,
    pub date: NaiveDate,
    pub meal: Meal,
    pub ratings: MealRatings,
    pub notes: String,
    pub photos: Vec<PhotoId>,
    pub at: DateTime<Utc>,
    pub reply: Option<MealReply>,
}

/// The reports a user reads for a month, newest first, and whether they may answer them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MealReports {
    /// The month's first day.
    pub month: NaiveDate,
    pub reports: Vec<MealReport>,
    /// Staff and admins answer; parents read their own reports and the answers.
    pub may_reply: bool,
    /// The classes the user may report a meal for (parent-committee members only).
    pub report_for: Vec<(Uuid, String)>,
}

#[cfg(test)]
mod tests {
    use std::error::Error;

    use proptest::prelude::*;

    use super::*;

    type Tested = Result<(), Box<dyn Error>>;

    /// The school's date in these tests.
    fn today() -> Result<Day, Box<dyn Error>> {
        let date = NaiveDate::from_ymd_opt(2026, 9, 15).ok_or("a test date")?;
        Ok(Day::new(date)?)
    }

    fn report(
        ratings: MealRatings,
        date: Day,
        photos: usize,
    ) -> Result<MealReportInput, Box<dyn Error>> {
        let photos = (0..photos)
            .map(|n| PhotoId::parse(&format!("{n:064x}")).ok_or("a photo id"))
            .collect::<Result<_, _>>()?;
        Ok(MealReportInput {
            id: Uuid::from_u128(1),
            class_id: Uuid::from_u128(2),
            date,
            meal: Meal::Lunch,
            ratings,
            notes: "  米饭偏硬  ".into(),
            photos,
        })
    }

    fn fail(error: impl std::fmt::Display) -> TestCaseError {
        TestCaseError::fail(error.to_string())
    }

    proptest! {
        #[test]
        fn every_rating_must_be_one_to_five(t in 0u8..8, q in 0u8..8, h in 0u8..8, w in 0u8..8) {
            let ratings = MealRatings { taste: t, quantity: q, hygiene: h, temperature: w };
            let valid = [t, q, h, w].iter().all(|r| (1..=5).contains(r));
            let today = today().map_err(fail)?;
            let kept = report(ratings, today, 0).map_err(fail)?.checked(today.date());
            prop_assert_eq!(kept.is_ok(), valid);
            if let Err(MealProblem::Rating(aspect)) = kept {
                prop_assert!(!(1..=5).contains(&ratings.of(aspect)));
            }
        }

        #[test]
        fn a_meal_is_from_the_last_month_and_not_ahead(back in -40i64..40) {
            let today = today().map_err(fail)?;
            let date = today.date().checked_sub_signed(chrono::Duration::days(back)).ok_or_else(|| fail("a date"))?;
            let ok = MealRatings { taste: 3, quantity: 3, hygiene: 3, temperature: 3 };
            let kept = report(ok, Day::new(date).map_err(fail)?, 0).map_err(fail)?.checked(today.date());
            let recent = u64::try_from(back).is_ok_and(|b| b <= MEAL_DAYS_BACK);
            prop_assert_eq!(kept.is_ok(), recent);
        }
    }

    #[test]
    fn at_most_three_distinct_photos_and_notes_trimmed() -> Tested {
        let ok = MealRatings {
            taste: 5,
            quantity: 4,
            hygiene: 3,
            temperature: 1,
        };
        let today = today()?;
        let kept = report(ok, today, 3)?.checked(today.date());
        assert_eq!(kept.map(|r| r.notes), Ok("米饭偏硬".to_string()));
        assert_eq!(
            report(ok, today, 4)?.checked(today.date()),
            Err(MealProblem::TooManyPhotos)
        );
        let mut twice = report(ok, today, 2)?;
        twice.photos[1] = twice.photos[0].clone();
        assert_eq!(
            twice.checked(today.date()),
            Err(MealProblem::SamePhotoTwice)
        );
        let mut long = report(ok, today, 0)?;
        long.notes = "饭".repeat(MAX_MEAL_TEXT_CHARS + 1);
        assert_eq!(long.checked(today.date()), Err(MealProblem::NotesTooLong));
        Ok(())
    }

    #[test]
    fn a_reply_says_something_within_the_limit() {
        assert_eq!(
            reply_text("  已更换供应商  "),
            Ok("已更换供应商".to_string())
        );
        assert_eq!(reply_text(" \n "), Err(MealProblem::ReplyEmpty));
        assert_eq!(
            reply_text(&"好".repeat(MAX_MEAL_TEXT_CHARS + 1)),
            Err(MealProblem::ReplyTooLong)
        );
    }
}
