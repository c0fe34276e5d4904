//! Staff's list of the activities of the classes they oversee (全校活动), a month at a time,
//! filtered by kind, monthly theme, grade and class.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::activities::{ActivityKind, OrganisedLevel, SafetyTopic};
use super::day::Day;

/// Most activities one list holds: a month of a large school, with room to spare.
pub const MAX_LISTED: usize = 2000;

/// What the list is asked for: a month (the school's current one when `None`) and filters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ActivityFilter {
    pub month: Option<Day>,
    pub kind: Option<ActivityKind>,
    pub theme_id: Option<Uuid>,
    pub grade_id: Option<Uuid>,
    pub class_id: Option<Uuid>,
}

/// One activity in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedActivity {
    pub id: Uuid,
    /// 初一(1)班
    pub class_label: String,
    pub date: NaiveDate,
    pub title: String,
    pub kind: ActivityKind,
    pub safety: Option<SafetyTopic>,
    /// The linked monthly theme's name.
    pub theme: Option<String>,
    pub photos: usize,
    pub shared: bool,
    /// Set for a class's copy of a grade's or the school's activity.
    #[serde(default)]
    pub organised: Option<OrganisedLevel>,
}

/// A grade and its classes the user reads, for the filters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeChoice {
    pub id: Uuid,
    pub name: String,
    /// Each class's id and label.
    pub classes: Vec<(Uuid, String)>,
}

/// The month's activities that pass the filters, and what the filters offer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityList {
    /// The month's first day.
    pub month: NaiveDate,
    pub activities: Vec<ListedActivity>,
    /// True when more than [`MAX_LISTED`] passed and only the newest are listed.
    pub cut: bool,
    pub grades: Vec<GradeChoice>,
    /// The month's themes: id and name.
    pub themes: Vec<(Uuid, String)>,
}
