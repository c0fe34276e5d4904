//! The parent committee's feed of shared activities, and their 已阅; staff's coverage and
//! list of activities.
use leptos::prelude::*;
use uuid::Uuid;

use crate::domain::activities::ActivityKind;
use crate::domain::activity_list::ActivityList;
use crate::domain::coverage::CoverageView;
use crate::domain::day::Day;
use crate::domain::feed::{Acknowledgement, FeedPage};
use crate::error::AppError;

/// A page of the shared activities of the classes the user follows, newest first; the
/// page after the activity of `before_date` and `before_id` when both are given.
#[server(prefix = "/api/fn", endpoint = "get_activity_feed")]
pub async fn get_activity_feed(
    before_date: Option<Day>,
    before_id: Option<Uuid>,
) -> Result<FeedPage, AppError> {
    use crate::api::{finish, principal, services};
    use crate::domain::feed::FeedCursor;
    let who = finish(principal())?;
    let before = before_date
        .zip(before_id)
        .map(|(date, id)| FeedCursor { date, id });
    finish(services()?.activity_feed(&who, before).await)
}

/// The coverage of the month holding `month` (this month when `None`): staff and teachers,
/// over the classes whose rosters they read.
#[server(prefix = "/api/fn", endpoint = "get_coverage")]
pub async fn get_coverage(month: Option<Day>) -> Result<CoverageView, AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.coverage(&who, month).await)
}

/// The month's activities of the classes the user reads, filtered: staff's 全校活动.
/// Each filter is its own argument, so an absent one is simply "all".
#[server(prefix = "/api/fn", endpoint = "get_activity_list")]
pub async fn get_activity_list(
    month: Option<Day>,
    kind: Option<ActivityKind>,
    theme_id: Option<Uuid>,
    grade_id: Option<Uuid>,
    class_id: Option<Uuid>,
) -> Result<ActivityList, AppError> {
    use crate::api::{finish, principal, services};
    use crate::domain::activity_list::ActivityFilter;
    let who = finish(principal())?;
    let filter = ActivityFilter {
        month,
        kind,
        theme_id,
        grade_id,
        class_id,
    };
    finish(services()?.activity_list(&who, filter).await)
}

/// 已阅 of a shared activity, with an optional note (≤ 200 characters) to the class's
/// teachers; parent-committee members over the class only.
#[server(prefix = "/api/fn", endpoint = "acknowledge_activity")]
pub async fn acknowledge_activity(activity_id: Uuid, note: String) -> Result<(), AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(
        services()?
            .acknowledge_activity(&who, activity_id, &note)
            .await,
    )
}

/// Who acknowledged an activity, with their notes: the class's teachers and staff over it.
#[server(prefix = "/api/fn", endpoint = "get_acknowledgements")]
pub async fn get_acknowledgements(activity_id: Uuid) -> Result<Vec<Acknowledgement>, AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.acknowledgements(&who, activity_id).await)
}
