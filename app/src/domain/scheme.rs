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
    pub level: Level,
    pub slots: String,
    pub recorder: Recorder,
    pub active: bool,
}

const MAX_NAME_CHARS: usize = 40;

impl ItemInput {
    /// Checks the fields; names come back normalised, slots split and trimmed.
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
