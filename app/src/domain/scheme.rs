//! The check scheme as staff edit it: the term's scoring rules and the items. Entries keep
//! the points they were recorded with, so editing never changes a past score.
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::checks::{CheckItem, Level, Points, Recorder};
use super::scores::ScoreRules;
use super::text::normalize;
use crate::error::FieldError;

/// What the scheme screen shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemeView {
    /// The term the rules belong to (the one today is in), if any.
    pub term: Option<(Uuid, String)>,
    pub rules: ScoreRules,
    /// Every item, inactive ones too, in scheme order.
    pub items: Vec<CheckItem>,
}

/// New scoring rules for a term.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesInput {
    pub term_id: Uuid,
    pub base: Points,
    pub red_flags_per_grade: u32,
    pub appeal_days: u32,
    pub absence_alert_days: u32,
}

impl RulesInput {
    /// Base 1–1000 points, at most 20 red flags a grade, an appeal window of at most 30 days,
    /// an absence flagged after 1–30 school days.
    pub fn validate(self) -> Result<RulesInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        if !(10..=10_000).contains(&self.base.0) {
            errors.push(FieldError::new("base", "out_of_range"));
        }
        if self.red_flags_per_grade > 20 {
            errors.push(FieldError::new("red_flags_per_grade", "out_of_range"));
        }
        if self.appeal_days > 30 {
            errors.push(FieldError::new("appeal_days", "out_of_range"));
        }
        if !(1..=30).contains(&self.absence_alert_days) {
            errors.push(FieldError::new("absence_alert_days", "out_of_range"));
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

/// An item as staff enter it; `id` is empty for a new item. Slots are separated by `|`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemInput {
    pub id: Option<Uuid>,
    pub category: String,
    pub name: String,
    pub points: Points,
    /// The lowest and highest points an entry may take; empty: half to three times `points`.
    #[serde(default)]
    pub min: Option<Points>,
    #[serde(default)]
    pub max: Option<Points>,
    pub level: Level,
    pub slots: String,
    pub recorder: Recorder,
    pub active: bool,
}

const MAX_NAME_CHARS: usize = 40;

impl ItemInput {
    /// Checks the fields; names come back normalised, slots split and trimmed, and the range
    /// filled in. A range holds the default and never crosses zero: a deduction stays one.
    pub fn validate(mut self) -> Result<(ItemInput, Vec<String>), Vec<FieldError>> {
        let mut errors = Vec::new();
        self.category = normalize(&self.category);
        self.name = normalize(&self.name);
        for (field, value) in [("category", &self.category), ("item_name", &self.name)] {
            if value.is_empty() {
                errors.push(FieldError::new(field, "required"));
            } else if value.chars().count() > MAX_NAME_CHARS {
                errors.push(FieldError::new(field, "too_long"));
            }
        }
        if self.points.0 == 0 || self.points.0.abs() > 1000 {
            errors.push(FieldError::new("points", "out_of_range"));
        } else {
            let (default_min, default_max) = self.points.default_range();
            let (min, max) = (
                self.min.unwrap_or(default_min),
                self.max.unwrap_or(default_max),
            );
            let same_sign = |p: Points| p.0.signum() == self.points.0.signum() && p.0.abs() <= 1000;
            if same_sign(min) && same_sign(max) && min <= self.points && self.points <= max {
                (self.min, self.max) = (Some(min), Some(max));
            } else {
                errors.push(FieldError::new("range", "bad_points_range"));
            }
        }
        let slots: Vec<String> = self
            .slots
            .split(['|', '｜', ',', '，', '、'])
            .map(normalize)
            .filter(|s| !s.is_empty())
            .collect();
        if slots.is_empty() {
            errors.push(FieldError::new("slots", "required"));
        }
        if errors.is_empty() {
            Ok((self, slots))
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item() -> ItemInput {
        ItemInput {
            id: None,
            category: " 卫生 ".into(),
            name: "门窗玻璃不洁".into(),
            points: Points(-10),
            min: None,
            max: None,
            level: Level::Class,
            slots: "早读、 午休".into(),
            recorder: Recorder::Both,
            active: true,
        }
    }

    #[test]
    fn an_item_needs_names_points_and_a_slot() {
        let (ok, slots) = item().validate().unwrap();
        assert_eq!(
            (ok.category.as_str(), slots),
            ("卫生", vec!["早读".to_string(), "午休".to_string()])
        );
        let bad = ItemInput {
            name: String::new(),
            points: Points(0),
            slots: " | ".into(),
            ..item()
        };
        let fields: Vec<String> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["item_name", "points", "slots"]);
    }

    #[test]
    fn a_range_holds_the_default_points_and_never_crosses_zero() {
        let (ok, _) = item().validate().unwrap();
        assert_eq!((ok.min, ok.max), (Some(Points(-30)), Some(Points(-5))));
        let wider = ItemInput {
            min: Some(Points(-50)),
            max: Some(Points(-10)),
            ..item()
        };
        assert_eq!(wider.validate().unwrap().0.min, Some(Points(-50)));
        for (min, max) in [(-50, 5), (-5, -1), (-20, -15), (-20_000, -10)] {
            let bad = ItemInput {
                min: Some(Points(min)),
                max: Some(Points(max)),
                ..item()
            };
            let fields: Vec<String> = bad
                .validate()
                .unwrap_err()
                .into_iter()
                .map(|e| e.field)
                .collect();
            assert_eq!(fields, ["range"], "{min}..{max}");
        }
    }

    #[test]
    fn rules_stay_within_sensible_bounds() {
        let rules = RulesInput {
            term_id: Uuid::from_u128(1),
            base: Points(1000),
            red_flags_per_grade: 2,
            appeal_days: 3,
            absence_alert_days: 3,
        };
        assert!(rules.clone().validate().is_ok());
        let bad = RulesInput {
            base: Points(0),
            red_flags_per_grade: 99,
            ..rules
        };
        assert_eq!(bad.validate().unwrap_err().len(), 2);
    }
}
