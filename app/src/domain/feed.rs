//! The parent committee's feed (家委会): the shared activities of the classes they follow,
//! newest first, which they acknowledge (已阅) with a note to the class's teachers. It never
//! carries a student's name: who took part is the whole class or a count.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::activities::{ActivityKind, OrganisedLevel, Participants, SafetyTopic};
use super::day::Day;
use super::photos::PhotoId;

/// Most activities one page of the feed holds.
pub const FEED_PAGE: usize = 20;

/// Who took part, without names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TookPart {
    WholeClass,
    Count(u32),
}

impl From<&Participants> for TookPart {
    fn from(who: &Participants) -> TookPart {
        match who {
            Participants::WholeClass => TookPart::WholeClass,
            Participants::Count(n) => TookPart::Count(u32::from(*n)),
            Participants::Named(students) => {
                TookPart::Count(u32::try_from(students.len()).unwrap_or(u32::MAX))
            }
        }
    }
}

/// One shared activity, as a parent-committee member reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedItem {
    pub id: Uuid,
    /// 初一(1)班
    pub class_label: String,
    pub title: String,
    pub kind: ActivityKind,
    pub safety: Option<SafetyTopic>,
    /// The linked monthly theme's name.
    pub theme: Option<String>,
    pub date: NaiveDate,
    pub minutes: Option<u16>,
    pub place: String,
    pub took_part: TookPart,
    pub summary: String,
    pub photos: Vec<PhotoId>,
    /// The reader's own 已阅, with the note they left (empty for none).
    pub my_ack: Option<String>,
    /// Set for the class's copy of a grade's or the school's activity.
    #[serde(default)]
    pub organised: Option<OrganisedLevel>,
}

/// Where a page of the feed starts: after the activity of this day and id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedCursor {
    pub date: Day,
    pub id: Uuid,
}

/// One page of the feed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedPage {
    pub items: Vec<FeedItem>,
    /// Where the next page starts, when there is one.
    pub next: Option<FeedCursor>,
}

/// A parent-committee member's 已阅 of an activity, as the class's teachers see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledgement {
    /// The member's name.
    pub by: String,
    /// Their note for the teachers (empty for none).
    pub note: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_students_are_only_counted() {
        let named = Participants::Named(vec![Uuid::from_u128(1), Uuid::from_u128(2)]);
        assert_eq!(TookPart::from(&named), TookPart::Count(2));
        assert_eq!(
            TookPart::from(&Participants::WholeClass),
            TookPart::WholeClass
        );
        assert_eq!(
            TookPart::from(&Participants::Count(35)),
            TookPart::Count(35)
        );
        let wire = serde_json::to_string(&TookPart::from(&named)).unwrap_or_default();
        assert!(!wire.contains("0000"), "no student id leaves: {wire}");
    }
}
