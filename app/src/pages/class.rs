//! A class's roster, searchable, with flags and guardians for those allowed.
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::admin::SaveClass;
use crate::api::school::get_roster;
use crate::components::empty_state::EmptyState;
use crate::components::error_notice::ErrorNotice;
use crate::components::loaded::{Loaded, resource_for_route_id};
use crate::components::page::Page;
use crate::domain::school::{Roster, RosterStudent, Sex, UnitInput};
use crate::i18n::*;

/// Loads the roster of the class in the address.
#[component]
pub fn ClassPage() -> impl IntoView {
    let i18n = use_i18n();
    let roster = resource_for_route_id(get_roster);
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, roster_title).to_string())>
            <Loaded resource=roster let:roster>
                <RosterView roster/>
            </Loaded>
        </Page>
    }
}

#[component]
fn RosterView(roster: Roster) -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let count = roster.students.len();
    let editable = roster.editable;
    let students = StoredValue::new(roster.students);
    let visible = move || {
        let q = query.get().trim().to_lowercase();
        students.with_value(|all| {
            all.iter()
                .filter(|s| {
                    q.is_empty() || s.name.to_lowercase().contains(&q) || s.student_no.contains(&q)
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section>
            <h2>{roster.class.name.clone()}</h2>
            <Show when=move || roster.administrable>
                <ClassRename id=roster.class.id name=roster.class.name.clone()/>
            </Show>
            <p class="muted">{t!(i18n, roster_count, count = move || count)}</p>
            <a class="button secondary" href=format!("/classes/{}/conduct", roster.class.id)>{t!(i18n, conduct_link)}</a>
            <Show when=move || { count > 0 } fallback=move || view! { <EmptyState>{t!(i18n, roster_empty)}</EmptyState> }>
                <label class="search">
                    <span class="visually-hidden">{t!(i18n, roster_search)}</span>
                    <input type="search" placeholder=move || t_string!(i18n, roster_search).to_string()
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev))/>
                </label>
                {move || {
                    let rows = visible();
                    if rows.is_empty() {
                        view! { <EmptyState>{t!(i18n, roster_no_match)}</EmptyState> }.into_any()
                    } else {
                        view! {
                            <ul class="roster">
                                {rows.into_iter().map(|student| view! { <StudentRow student editable/> }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }}
            </Show>
        </section>
    }
}

/// An admin's form to rename the class.
#[component]
fn ClassRename(id: Uuid, name: String) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveClass>::new();
    let value = RwSignal::new(name);
    view! {
        <form class="inline-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            save.dispatch(SaveClass { class: UnitInput { id: Some(id), grade_id: None, name: value.get() } });
        }>
            <label for="class-name" class="visually-hidden">{t!(i18n, class_rename)}</label>
            <input id="class-name" required prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            <button type="submit" disabled=move || save.pending().get()>{t!(i18n, save)}</button>
        </form>
        {move || match save.value().get() {
            Some(Ok(())) => view! { <p class="notice ok" role="status">{t!(i18n, saved)}</p> }.into_any(),
            Some(Err(error)) => view! { <ErrorNotice error/> }.into_any(),
            None => ().into_any(),
        }}
    }
}

#[component]
fn StudentRow(student: RosterStudent, editable: bool) -> impl IntoView {
    let i18n = use_i18n();
    let edit = format!("/students/{}", student.id);
    let edit_label = format!("{} {}", t_string!(i18n, edit), student.name);
    let sex = student.sex;
    let flags = student.flags.clone().unwrap_or_default();
    view! {
        <li class="student">
            <div class="student-main">
                <span class="student-name">{student.name.clone()}</span>
                <Show when=move || editable>
                    <a class="edit" href=edit.clone() aria-label=edit_label.clone()>
                        {t!(i18n, edit)}
                    </a>
                </Show>
                <span class="muted">
                    {student.student_no.clone()} " · "
                    {move || match sex {
                        Sex::Male => t_string!(i18n, sex_male).to_string(),
                        Sex::Female => t_string!(i18n, sex_female).to_string(),
                    }}
                </span>
            </div>
            <div class="badges">
                <Show when=move || flags.left_behind><span class="badge warn">{t!(i18n, flag_left_behind)}</span></Show>
                <Show when=move || flags.boarder><span class="badge">{t!(i18n, flag_boarder)}</span></Show>
                <Show when=move || flags.hardship><span class="badge warn">{t!(i18n, flag_hardship)}</span></Show>
                <Show when=move || flags.special_needs><span class="badge warn">{t!(i18n, flag_special_needs)}</span></Show>
            </div>
            {student.guardians.into_iter().map(|g| view! {
                <div class="guardian">
                    <span>{t!(i18n, roster_guardian)} "：" {g.name} " (" {g.relation} ")"</span>
                    <a href=format!("tel:{}", g.phone)>{g.phone.clone()}</a>
                </div>
            }).collect_view()}
        </li>
    }
}
