//! A class's moral-education activities (德育活动) by month, with the month's theme and
//! whether its required activities are held; a tap records a new one or corrects one (on
//! `/activities/new` and `/activities/:id`). Read from the phone, so it works offline.
use chrono::{Datelike, Months, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use crate::components::activity_labels::{kind_label, level_label};
use crate::components::class_grid::ClassGrid;
use crate::components::empty_state::EmptyState;
use crate::components::store_screen::StoreScreen;
use crate::domain::activities::ActivityRow;
use crate::domain::themes::{Held, MonthlyTheme, theme_of_month};
use crate::i18n::*;
use crate::sync::rows::{ClassRow, StudentRow, today_local};

/// What the activities screen shows, read from the phone's store.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActivitiesData {
    /// The classes the user records for, their own first.
    pub classes: Vec<ClassRow>,
    pub students: Vec<StudentRow>,
    pub activities: Vec<ActivityRow>,
    pub themes: Vec<MonthlyTheme>,
}

/// The first day of the month holding `day`.
fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The list's address for a class and a month, where the form returns to.
pub fn list_address(class_id: Uuid, month: NaiveDate) -> String {
    format!(
        "/activities?class={class_id}&month={}",
        month.format("%Y-%m")
    )
}

/// The activities screen.
#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = RwSignal::new(None::<ActivitiesData>);
    #[cfg(feature = "hydrate")]
    crate::components::sync_status::load_on_change(data, load::activities);
    let phase = Memo::new(move |_| data.with(|d| d.as_ref().map(|d| !d.classes.is_empty())));
    view! {
        <StoreScreen title=Signal::derive(move || t_string!(i18n, activities_title).to_string()) shown=phase
            empty=move || t!(i18n, today_no_classes)>
            <Activities loaded=data/>
        </StoreScreen>
    }
}

/// The class picker, the month, its theme and its activities.
#[component]
fn Activities(loaded: RwSignal<Option<ActivitiesData>>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Signal::derive(move || loaded.get().unwrap_or_default());
    let picked_class = RwSignal::new(
        query.with_untracked(|q| q.get("class").and_then(|c| c.parse::<Uuid>().ok())),
    );
    let class = Memo::new(move |_| {
        data.with(|d| {
            let picked = picked_class.get();
            d.classes
                .iter()
                .find(|c| Some(c.id) == picked)
                .or(d.classes.first())
                .cloned()
        })
    });
    let classes = Memo::new(move |_| data.with(|d| d.classes.clone()));
    let asked_month = query.with_untracked(|q| {
        q.get("month")
            .and_then(|m| crate::domain::day::Day::parse_month(&m).ok())
    });
    let month = RwSignal::new(month_of(asked_month.map_or_else(today_local, |m| m.date())));
    let step = move |forward: bool| {
        month.update(|m| {
            let moved = if forward {
                m.checked_add_months(Months::new(1))
            } else {
                m.checked_sub_months(Months::new(1))
            };
            *m = moved.unwrap_or(*m);
        })
    };
    // Staff and admins check every class's month on the coverage screen.
    let status = crate::sync::status::use_sync_status();
    let oversees = move || {
        status.who.with(|w| {
            w.as_ref().and_then(|w| w.primary_role()).is_some_and(|r| {
                matches!(
                    r,
                    crate::domain::role::Role::Staff | crate::domain::role::Role::SchoolAdmin
                )
            })
        })
    };
    let list = move || {
        class.get().map(|current| {
            let new_address = format!("/activities/new?class={}", current.id);
            view! {
                <Show when=move || classes.with(|c| c.len() > 1)>
                    <ClassGrid classes=classes picked=Signal::derive(move || class.get().map(|c| c.id).unwrap_or_default())
                        on_pick=move |id| picked_class.set(Some(id))/>
                </Show>
                <nav class="week-nav" aria-label=move || t_string!(i18n, activities_month_nav).to_string()>
                    <button type="button" class="week-step" on:click=move |_| step(false)>{"‹ "}{t!(i18n, activities_prev)}</button>
                    <h2>{move || t_string!(i18n, activities_month, year = month.get().year(), month = month.get().month()).to_string()}</h2>
                    <button type="button" class="week-step" on:click=move |_| step(true)>{t!(i18n, activities_next)}{" ›"}</button>
                </nav>
                <MonthTheme data class=current.clone() month/>
                <a class="button primary wide" href=new_address>{t!(i18n, activities_new)}</a>
                <MonthList data class_id=current.id month/>
                <a class="button wide" href=format!("/api/export/activities.xlsx?class_id={}", current.id) download>
                    {t!(i18n, activities_export)}
                </a>
            }
        })
    };
    // Outside the class's block, which the first sync may draw again under the finger.
    view! {
        {list}
        <Show when=oversees>
            <a class="button wide" href="/coverage">{t!(i18n, coverage_link)}</a>
            <Organising classes/>
        </Show>
    }
}

/// Where staff organise an activity for each grade they oversee, and for the whole school when
/// they oversee all of it: one copy for each class, recorded at once.
#[component]
fn Organising(classes: Memo<Vec<ClassRow>>) -> impl IntoView {
    let i18n = use_i18n();
    let status = crate::sync::status::use_sync_status();
    let whole_school = move || {
        status.who.with(|w| {
            w.as_ref()
                .is_some_and(|w| w.school_id.is_some_and(|s| w.oversees_school(s)))
        })
    };
    let grades = move || {
        let mut grades: Vec<(i64, Uuid, String)> = classes.with(|c| {
            c.iter()
                .map(|c| (c.grade_order, c.grade_id, c.grade_name.clone()))
                .collect()
        });
        grades.sort();
        grades.dedup();
        grades
    };
    view! {
        <nav class="organise" aria-label=move || t_string!(i18n, activities_organise_school).to_string()>
            {move || grades().into_iter().map(|(_, id, name)| view! {
                <a class="button wide" href=format!("/activities/new?organise=grade&grade={id}")>
                    {t_string!(i18n, activities_organise_grade, grade = name.clone())}
                </a>
            }).collect_view()}
            <Show when=whole_school>
                <a class="button wide" href="/activities/new?organise=school">{t!(i18n, activities_organise_school)}</a>
            </Show>
        </nav>
    }
}

/// The month's theme for the class's grade and whether each required activity is held.
#[component]
fn MonthTheme(
    data: Signal<ActivitiesData>,
    class: ClassRow,
    month: RwSignal<NaiveDate>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        data.with(|d| {
            let theme = theme_of_month(&d.themes, month.get(), class.grade_id)?.clone();
            let held: Vec<Held> = d
                .activities
                .iter()
                .filter(|a| a.class_id == class.id && !a.withdrawn)
                .map(|a| Held {
                    id: a.id,
                    class_id: a.class_id,
                    date: a.activity.date.date(),
                    kind: a.activity.kind,
                    safety: a.activity.safety,
                })
                .collect();
            let grid = theme.coverage(&[(class.id, class.grade_id)], &held);
            Some(view! {
                <section class="card month-theme" aria-label=move || t_string!(i18n, activities_theme).to_string()>
                    <p class="card-meta">{t!(i18n, activities_theme)}</p>
                    <p class="card-title">{theme.theme.clone()}</p>
                    <ul class="required">
                        {grid.into_iter().map(|cell| {
                            let label = kind_label(i18n, cell.requirement.kind, cell.requirement.safety);
                            let held = cell.held_on.is_some();
                            view! {
                                <li class:held=held>
                                    {label} "："
                                    {move || if held { t_string!(i18n, activities_held) } else { t_string!(i18n, activities_not_held) }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            })
        })
    }
}

/// The class's activities of the month, newest first; withdrawn ones are left out.
#[component]
fn MonthList(
    data: Signal<ActivitiesData>,
    class_id: Uuid,
    month: RwSignal<NaiveDate>,
) -> impl IntoView {
    let i18n = use_i18n();
    let shown = Memo::new(move |_| {
        let month = month.get();
        let mut shown: Vec<ActivityRow> = data.with(|d| {
            d.activities
                .iter()
                .filter(|a| a.class_id == class_id && !a.withdrawn)
                .filter(|a| month_of(a.activity.date.date()) == month)
                .cloned()
                .collect()
        });
        shown.sort_by_key(|a| std::cmp::Reverse((a.activity.date, a.id)));
        shown
    });
    view! {
        <Show when=move || !shown.with(Vec::is_empty) fallback=move || view! {
            <EmptyState>{t!(i18n, activities_empty)}</EmptyState>
        }>
            <ul class="cards activity-list">
                {move || shown.get().into_iter().map(|row| {
                    let kind = kind_label(i18n, row.activity.kind, row.activity.safety);
                    let date = row.activity.date.to_string();
                    let shared = row.activity.shared;
                    let title = row.activity.title.clone();
                    let level = row.organised.map(|o| level_label(i18n, o.level));
                    view! {
                        <li>
                            <a class="card" href=format!("/activities/{}", row.id)>
                                <span class="card-title">{title}</span>
                                <span class="card-meta">{date}" · "{kind}</span>
                                <Show when=move || shared>
                                    <span class="badge">{t!(i18n, activities_shared)}</span>
                                </Show>
                                {level.map(|level| view! { <span class="badge">{level}</span> })}
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Show>
    }
}

#[cfg(feature = "hydrate")]
pub mod load {
    use super::ActivitiesData;
    use crate::domain::activities::ActivityRow;
    use crate::domain::themes::MonthlyTheme;
    use crate::offline::local;
    use crate::offline::store::StoreError;

    /// Reads the screen's data for the phone's user.
    pub async fn activities() -> Result<ActivitiesData, StoreError> {
        let classes = local::classes_with_roles()
            .await?
            .into_iter()
            .filter(|(_, r)| r.any())
            .map(|(c, _)| c)
            .collect();
        Ok(ActivitiesData {
            classes,
            students: local::students().await?,
            activities: local::values::<ActivityRow>().await?,
            themes: local::values::<MonthlyTheme>().await?,
        })
    }
}
