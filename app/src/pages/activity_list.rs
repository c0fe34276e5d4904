//! Staff's 全校活动: the month's activities of the classes they read, newest first, filtered
//! by kind, monthly theme, grade and class. The filters are a plain GET form and the months
//! are links, so it works without JavaScript; each activity opens its record.
use chrono::{Datelike, Months, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use uuid::Uuid;

use crate::api::activities::get_activity_list;
use crate::components::activity_labels::{kind_label, level_label};
use crate::components::empty_state::EmptyState;
use crate::components::loaded::Loaded;
use crate::components::page::Page;
use crate::domain::activities::ActivityKind;
use crate::domain::activity_list::{ActivityFilter, ActivityList, ListedActivity, MAX_LISTED};
use crate::domain::day::Day;
use crate::error::AppError;
use crate::i18n::*;

/// The screen's address.
const ADDRESS: &str = "/school-activities";

/// The filter in the address; a malformed value is the field's error, never sent.
fn filter_of(query: &ParamsMap) -> Result<ActivityFilter, AppError> {
    fn field<T>(
        query: &ParamsMap,
        name: &'static str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Option<T>, AppError> {
        match query.get(name).filter(|v| !v.is_empty()) {
            Some(text) => parse(&text)
                .map(Some)
                .ok_or_else(|| AppError::invalid(name, "invalid")),
            None => Ok(None),
        }
    }
    let id = |text: &str| Uuid::parse_str(text).ok();
    Ok(ActivityFilter {
        month: field(query, "month", |t| t.parse::<Day>().ok())?,
        kind: field(query, "kind", ActivityKind::parse)?,
        theme_id: field(query, "theme", id)?,
        grade_id: field(query, "grade", id)?,
        class_id: field(query, "class", id)?,
    })
}

/// The address of the list for `month` with the same filters.
fn address(filter: &ActivityFilter, month: NaiveDate) -> String {
    let mut parts = vec![format!("month={month}")];
    if let Some(kind) = filter.kind {
        parts.push(format!("kind={}", kind.as_str()));
    }
    for (name, id) in [("grade", filter.grade_id), ("class", filter.class_id)] {
        if let Some(id) = id {
            parts.push(format!("{name}={id}"));
        }
    }
    format!("{ADDRESS}?{}", parts.join("&"))
}

/// The list screen.
#[component]
pub fn ActivityListPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = move || query.with(filter_of);
    let list = Resource::new(filter, |filter| async move {
        let f = filter?;
        get_activity_list(f.month, f.kind, f.theme_id, f.grade_id, f.class_id).await
    });
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, list_title).to_string())>
            <Loaded resource=list let:list>
                <Listing list filter=filter().unwrap_or_default()/>
            </Loaded>
        </Page>
    }
}

#[component]
fn Listing(list: ActivityList, filter: ActivityFilter) -> impl IntoView {
    let i18n = use_i18n();
    let month = list.month;
    // A theme belongs to its month: moving to another month drops it.
    let before = month
        .checked_sub_months(Months::new(1))
        .map(|m| address(&filter, m));
    let after = month
        .checked_add_months(Months::new(1))
        .map(|m| address(&filter, m));
    let year_month = t_string!(
        i18n,
        activities_month,
        year = month.year(),
        month = month.month()
    )
    .to_string();
    let count = list.activities.len();
    let cut = list.cut;
    view! {
        <nav class="week-nav" aria-label=move || t_string!(i18n, activities_month_nav).to_string()>
            {before.map(|href| view! { <a class="week-step" href=href>{"‹ "}{t!(i18n, activities_prev)}</a> })}
            <h2>{year_month}</h2>
            {after.map(|href| view! { <a class="week-step" href=href>{t!(i18n, activities_next)}{" ›"}</a> })}
        </nav>
        <Filters list=list.clone() filter/>
        <p class="muted" role="status">{move || t_string!(i18n, list_count, n = count).to_string()}</p>
        <Show when=move || cut>
            <p class="notice warn">{move || t_string!(i18n, list_cut, n = MAX_LISTED).to_string()}</p>
        </Show>
        <Show when=move || count == 0>
            <EmptyState>{t!(i18n, list_empty)}</EmptyState>
        </Show>
        <ul class="cards activity-list">
            {list.activities.into_iter().map(|activity| view! { <Line activity/> }).collect_view()}
        </ul>
    }
}

/// The filters: kind, theme, grade and class, each "all" by default.
#[component]
fn Filters(list: ActivityList, filter: ActivityFilter) -> impl IntoView {
    let i18n = use_i18n();
    let all = move || t_string!(i18n, list_all).to_string();
    let kinds = ActivityKind::ALL.into_iter().map(|kind| {
        let picked = filter.kind == Some(kind);
        view! { <option value=kind.as_str() selected=picked>{kind_label(i18n, kind, None)}</option> }
    });
    let themes = list.themes.into_iter().map(|(id, name)| {
        let picked = filter.theme_id == Some(id);
        view! { <option value=id.to_string() selected=picked>{name}</option> }
    });
    let grades = list.grades.iter().map(|g| {
        let picked = filter.grade_id == Some(g.id);
        view! { <option value=g.id.to_string() selected=picked>{g.name.clone()}</option> }
    });
    let classes = list.grades.iter().map(|g| {
        let classes = g.classes.iter().map(|(id, label)| {
            let picked = filter.class_id == Some(*id);
            view! { <option value=id.to_string() selected=picked>{label.clone()}</option> }
        });
        view! { <optgroup label=g.name.clone()>{classes.collect_view()}</optgroup> }
    });
    view! {
        <form class="form card filters" method="get" action=ADDRESS>
            <input type="hidden" name="month" value=list.month.to_string()/>
            <label for="list-kind">{t!(i18n, list_kind)}</label>
            <select id="list-kind" name="kind"><option value="">{all}</option>{kinds.collect_view()}</select>
            <label for="list-theme">{t!(i18n, feed_theme)}</label>
            <select id="list-theme" name="theme"><option value="">{all}</option>{themes.collect_view()}</select>
            <label for="list-grade">{t!(i18n, list_grade)}</label>
            <select id="list-grade" name="grade"><option value="">{all}</option>{grades.collect_view()}</select>
            <label for="list-class">{t!(i18n, list_class)}</label>
            <select id="list-class" name="class"><option value="">{all}</option>{classes.collect_view()}</select>
            <button type="submit" class="primary wide">{t!(i18n, list_filter)}</button>
        </form>
    }
}

/// One activity: its class, day, kind and theme, how many photos, and whether it is shared.
#[component]
fn Line(activity: ListedActivity) -> impl IntoView {
    let i18n = use_i18n();
    let mut meta = vec![
        activity.class_label.clone(),
        activity.date.format("%m-%d").to_string(),
        kind_label(i18n, activity.kind, activity.safety),
    ];
    meta.extend(activity.theme.clone());
    if activity.photos > 0 {
        meta.push(t_string!(i18n, list_photos, n = activity.photos).to_string());
    }
    if activity.shared {
        meta.push(t_string!(i18n, list_shared).to_string());
    }
    meta.extend(activity.organised.map(|level| level_label(i18n, level)));
    view! {
        <li>
            <a class="card" href=format!("/activities/{}", activity.id)>
                <span class="card-title">{activity.title.clone()}</span>
                <span class="card-meta">{meta.join(" · ")}</span>
            </a>
        </li>
    }
}
