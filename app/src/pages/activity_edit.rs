//! Records a new activity (`/activities/new?class=…`) or corrects one (`/activities/:id`) on
//! the phone, then returns to the class's month. Works offline once the phone has synced.
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use crate::api::activities::get_acknowledgements;
use crate::components::activity_form::ActivityForm;
use crate::components::empty_state::EmptyState;
use crate::components::loaded::Loaded;
use crate::components::store_screen::StoreScreen;
use crate::i18n::*;
use crate::pages::activities::{ActivitiesData, list_address};
use crate::sync::rows::{StudentRow, today_local};

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
    let asked_class =
        use_query_map().with_untracked(|q| q.get("class").and_then(|c| c.parse::<Uuid>().ok()));
    // Whether the phone holds the activity asked for, once its data is read: an activity that a
    // later sync brings replaces "not found", and a form once built is kept, so a sync in the
    // background never undoes what is typed.
    let found = Memo::new(move |_| {
        loaded.with(|d| {
            d.as_ref()
                .map(|d| id.is_none_or(|id| d.activities.iter().any(|a| a.id == id)))
        })
    });
    move || {
        found.get().map(|_| {
            let data = loaded.get_untracked().unwrap_or_default();
            let original = id.and_then(|id| data.activities.iter().find(|a| a.id == id).cloned());
            let class_id = original.as_ref().map(|a| a.class_id).or(asked_class);
            let class = data
                .classes
                .iter()
                .find(|c| Some(c.id) == class_id)
                .or(data.classes.first().filter(|_| id.is_none()))
                .cloned();
            match class.filter(|_| id.is_none() || original.is_some()) {
                None => {
                    view! { <EmptyState>{t!(i18n, activities_not_found)}</EmptyState> }.into_any()
                }
                Some(class) => {
                    let day = original
                        .as_ref()
                        .map_or_else(today_local, |a| a.activity.date.date());
                    let back = list_address(class.id, day);
                    let students: Vec<StudentRow> = data
                        .students
                        .into_iter()
                        .filter(|s| s.class_id == class.id)
                        .collect();
                    let shared = original
                        .as_ref()
                        .filter(|a| a.activity.shared)
                        .map(|a| a.id);
                    view! {
                        <ActivityForm class students themes=data.themes original back/>
                        {shared.map(|activity_id| view! { <Acknowledged activity_id/> })}
                    }
                    .into_any()
                }
            }
        })
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
