//! A calendar day a school can mean: every date that arrives from outside (a query, a server
//! function's argument, a pushed record) is one of these, so no later date arithmetic can
//! reach chrono's limits.
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The first year a school day may fall in.
pub const FIRST_YEAR: i32 = 2000;
/// The last year a school day may fall in.
pub const LAST_YEAR: i32 = 2099;

/// A date in [`FIRST_YEAR`]–[`LAST_YEAR`], as `YYYY-MM-DD` on the wire and in addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(NaiveDate);

/// Why text is not a [`Day`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DayError {
    #[error("not a date (YYYY-MM-DD)")]
    Malformed,
    #[error("a date between {FIRST_YEAR} and {LAST_YEAR}")]
    OutOfRange,
}

impl Day {
    /// The day, when it lies in the window.
    pub fn new(date: NaiveDate) -> Result<Day, DayError> {
        if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
            Ok(Day(date))
        } else {
            Err(DayError::OutOfRange)
        }
    }

    /// The first day of the month written `YYYY-MM`.
    pub fn parse_month(text: &str) -> Result<Day, DayError> {
        format!("{}-01", text.trim()).parse()
    }

    /// The date itself.
    pub fn date(self) -> NaiveDate {
        self.0
    }
}

/// The first and the last day of the month holding `day`.
pub fn month_span(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = day.with_day(1).unwrap_or(day);
    let last = first
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .unwrap_or(first);
    (first, last)
}

impl FromStr for Day {
    type Err = DayError;

    fn from_str(text: &str) -> Result<Day, DayError> {
        let text = text.trim();
        // Exactly four digits of year: chrono also reads "+262142-12-31".
        let shaped = text.len() == 10 && text.as_bytes().first().is_some_and(u8::is_ascii_digit);
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .filter(|_| shaped)
            .ok_or(DayError::Malformed)?;
        Day::new(date)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl From<Day> for NaiveDate {
    fn from(day: Day) -> NaiveDate {
        day.0
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// `#[serde(deserialize_with)]` for a payload's `NaiveDate`: only a [`Day`] is accepted.
pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    Day::deserialize(d).map(Day::date)
}

/// `#[serde(deserialize_with)]` for a payload's optional `NaiveDate`.
pub fn optional_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    Option::<Day>::deserialize(d).map(|day| day.map(Day::date))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_at_chronos_limits_are_refused_and_school_dates_read() {
        assert_eq!("+262142-12-31".parse::<Day>(), Err(DayError::Malformed));
        assert_eq!("-262143-01-01".parse::<Day>(), Err(DayError::Malformed));
        assert_eq!("9999-12-31".parse::<Day>(), Err(DayError::OutOfRange));
        assert_eq!("1999-12-31".parse::<Day>(), Err(DayError::OutOfRange));
        assert_eq!("2026-13-01".parse::<Day>(), Err(DayError::Malformed));
        assert_eq!("2026-1-5".parse::<Day>(), Err(DayError::Malformed));
        let day: Day = "2026-11-30".parse().unwrap();
        assert_eq!(day.to_string(), "2026-11-30");
        assert_eq!(
            Day::parse_month("2026-11").unwrap().to_string(),
            "2026-11-01"
        );
        assert!(Day::parse_month("+262142-12").is_err());
    }

    #[test]
    fn a_month_spans_its_first_to_its_last_day() -> Result<(), &'static str> {
        let on = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).ok_or("a test date");
        assert_eq!(
            month_span(on(2028, 2, 14)?),
            (on(2028, 2, 1)?, on(2028, 2, 29)?)
        );
        assert_eq!(
            month_span(on(2026, 12, 31)?),
            (on(2026, 12, 1)?, on(2026, 12, 31)?)
        );
        assert_eq!(
            month_span(on(2026, 9, 1)?),
            (on(2026, 9, 1)?, on(2026, 9, 30)?)
        );
        Ok(())
    }

    #[test]
    fn a_payload_date_outside_the_window_does_not_decode() {
        #[derive(Deserialize)]
        struct P {
            #[serde(deserialize_with = "date")]
            d: NaiveDate,
        }
        let read = serde_json::from_str::<P>(r#"{"d":"2026-09-01"}"#).map(|p| p.d.to_string());
        assert_eq!(read.ok().as_deref(), Some("2026-09-01"));
        assert!(serde_json::from_str::<P>(r#"{"d":"+262142-12-31"}"#).is_err());
        assert!(serde_json::from_str::<Day>(r#""2100-01-01""#).is_err());
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::domain::scores::week_start;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Any text either fails to read or is a day whose week and neighbours exist.
        #[test]
        fn any_text_is_refused_or_a_day_with_room_around_it(text in "[-+]?[0-9]{1,7}-[0-9]{1,3}-[0-9]{1,3}|.{0,16}") {
            if let Ok(day) = text.parse::<Day>() {
                let date = day.date();
                prop_assert!((FIRST_YEAR..=LAST_YEAR).contains(&date.year()));
                let monday = week_start(date);
                prop_assert!(monday <= date);
                prop_assert!(monday.checked_add_days(chrono::Days::new(13)).is_some());
                prop_assert!(date.checked_sub_days(chrono::Days::new(400)).is_some());
            }
        }
    }
}
