//! Records a new activity (`/activities/new?class=…`), organises a grade's or the school's
//! (`?organise=grade&grade=…`, `?organise=school`: one copy for each class) or corrects one
//! (`/activities/:id`) on the phone, then returns to the month's list. Works offline once the
//! phone has synced.
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use crate::api::activities::get_acknowledgements;
use crate::components::activity_form::{ActivityForm, Organise};
use crate::components::activity_labels::level_label;
use crate::components::empty_state::EmptyState;
use crate::components::loaded::Loaded;
use crate::components::store_screen::StoreScreen;
use crate::domain::activities::{ActivityRow, OrganisedLevel};
use crate::i18n::*;
use crate::pages::activities::{ActivitiesData, list_address};
use crate::sync::rows::{ClassRow, StudentRow, today_local};

/// The form screen.
#[component]
pub fn ActivityEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = RwSignal::new(None::<ActivitiesData>);
    #[cfg(feature = "hydrate")]
    crate::components::sync_status::load_on_change(
        data,
        crate::pages::activities::load::activities,
    );
    let phase = Memo::new(move |_| data.with(|d| d.as_ref().map(|d| !d.classes.is_empty())));
    view! {
        <StoreScreen title=Signal::derive(move || t_string!(i18n, activities_title).to_string()) shown=phase
            empty=move || t!(i18n, today_no_classes)>
            <Form loaded=data/>
        </StoreScreen>
    }
}

/// The form on the data as first read that holds the activity.
#[component]
fn Form(loaded: RwSignal<Option<ActivitiesData>>) -> impl IntoView {
    let i18n = use_i18n();
    let id =
        use_params_map().with_untracked(|p| p.get("id").and_then(|id| id.parse::<Uuid>().ok()));
    let (asked_class, asked_level, asked_grade) = use_query_map().with_untracked(|q| {
        let id = |key: &str| q.get(key).and_then(|c| c.parse::<Uuid>().ok());
        let level = q.get("organise").and_then(|l| OrganisedLevel::parse(&l));
        (id("class"), level, id("grade"))
    });
    let organising = asked_level.filter(|_| id.is_none());
    // Whether the phone holds the activity asked for, once its data is read: an activity that a
    // later sync brings replaces "not found", and a form once built is kept, so a sync in the
    // background never undoes what is typed.
    let found = Memo::new(move |_| {
        loaded.with(|d| {
            d.as_ref()
                .map(|d| id.is_none_or(|id| d.activities.iter().any(|a| a.id == id)))
        })
    });
    let status = crate::sync::status::use_sync_status();
    move || {
        found.get().map(|_| {
            let data = loaded.get_untracked().unwrap_or_default();
            let original = id.and_then(|id| data.activities.iter().find(|a| a.id == id).cloned());
            let organise =
                organising.map(|level| covering(i18n, level, asked_grade, &data.classes));
            let class_id = original
                .as_ref()
                .map(|a| a.class_id)
                .or(asked_class)
                .or(organise.as_ref().and_then(|o| o.classes.first().copied()));
            let class = data
                .classes
                .iter()
                .find(|c| Some(c.id) == class_id)
                .or(data.classes.first().filter(|_| id.is_none()))
                .cloned();
            let class = class.filter(|_| organise.as_ref().is_none_or(|o| !o.classes.is_empty()));
            match class.filter(|_| id.is_none() || original.is_some()) {
                None => {
                    view! { <EmptyState>{t!(i18n, activities_not_found)}</EmptyState> }.into_any()
                }
                Some(class) => {
                    let day = original
                        .as_ref()
                        .map_or_else(today_local, |a| a.activity.date.date());
                    let back = list_address(class.id, day);
                    // A grade's or the school's activity names no one class's students.
                    let students: Vec<StudentRow> = data
                        .students
                        .into_iter()
                        .filter(|s| s.class_id == class.id && organise.is_none())
                        .collect();
                    let shared = original
                        .as_ref()
                        .filter(|a| a.activity.shared)
                        .map(|a| a.id);
                    let staff = status.who.with_untracked(|w| {
                        w.as_ref()
                            .is_some_and(|w| w.school_id.is_some_and(|s| w.oversees(&class.place(s))))
                    });
                    let together = original
                        .as_ref()
                        .filter(|_| staff)
                        .map(|a| other_copies(a, &data.activities))
                        .unwrap_or_default();
                    view! {
                        <ActivityForm class students themes=data.themes original back organise together/>
                        {shared.map(|activity_id| view! { <Acknowledged activity_id/> })}
                    }
                    .into_any()
                }
            }
        })
    }
}

/// The live copies on the phone of the grade's or school's activity `copy` is one of, but
/// `copy`: a correction by staff changes them together.
fn other_copies(copy: &ActivityRow, activities: &[ActivityRow]) -> Vec<Uuid> {
    let Some(group) = copy.organised.map(|o| o.group) else {
        return Vec::new();
    };
    activities
        .iter()
        .filter(|a| {
            a.id != copy.id && !a.withdrawn && a.organised.is_some_and(|o| o.group == group)
        })
        .map(|a| a.id)
        .collect()
}

/// The classes a grade's (`grade`) or the whole school's activity is recorded for: those of
/// the phone's classes it covers, named for the form's heading.
fn covering(
    i18n: leptos_i18n::I18nContext<Locale>,
    level: OrganisedLevel,
    grade: Option<Uuid>,
    classes: &[ClassRow],
) -> Organise {
    let covered: Vec<&ClassRow> = classes
        .iter()
        .filter(|c| level == OrganisedLevel::School || Some(c.grade_id) == grade)
        .collect();
    let what = match (level, covered.first()) {
        (OrganisedLevel::Grade, Some(class)) => {
            format!("{} {}", class.grade_name, level_label(i18n, level))
        }
        _ => level_label(i18n, level),
    };
    Organise {
        level,
        classes: covered.iter().map(|c| c.id).collect(),
        label: t_string!(
            i18n,
            activities_organise_what,
            level = what,
            n = covered.len()
        )
        .to_string(),
    }
}

/// Who of the parent committee has read a shared activity, with their notes (online only).
#[component]
fn Acknowledged(activity_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let acks = Resource::new(move || activity_id, get_acknowledgements);
    view! {
        <section class="acks" aria-labelledby="acks-title">
            <h2 id="acks-title">{t!(i18n, activities_acks)}</h2>
            <Loaded resource=acks let:acks>
                {if acks.is_empty() {
                    view! { <EmptyState>{t!(i18n, activities_no_acks)}</EmptyState> }.into_any()
                } else {
                    view! {
                        <ul>
                            {acks.into_iter().map(|a| view! {
                                <li><strong>{a.by}</strong>{(!a.note.is_empty()).then(|| format!("：{}", a.note))}</li>
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </Loaded>
        </section>
    }
}
