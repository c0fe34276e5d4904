//! The admin's overview: tools, and the grades and classes of the school.
use leptos::prelude::*;

use uuid::Uuid;

use crate::api::admin::{SaveClass, SaveGrade};
use crate::api::school::get_home;
use crate::components::empty_state::EmptyState;
use crate::components::error_notice::ErrorNotice;
use crate::components::loaded::Loaded;
use crate::components::page::Page;
use crate::domain::role::Role;
use crate::domain::school::{GradeClasses, Home, UnitInput};
use crate::error::AppError;
use crate::i18n::*;

/// Links to the admin tools and a table of the school's structure.
#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let save_grade = ServerAction::<SaveGrade>::new();
    let save_class = ServerAction::<SaveClass>::new();
    let home = Resource::new(
        move || (save_grade.version().get(), save_class.version().get()),
        |_| get_home(),
    );
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, admin_title).to_string())>
            <Loaded resource=home let:home>
                <AdminContent home save_grade save_class/>
            </Loaded>
        </Page>
    }
}

/// The tools and structure; anyone but a school admin is told they may not.
#[component]
fn AdminContent(
    home: Home,
    save_grade: ServerAction<SaveGrade>,
    save_class: ServerAction<SaveClass>,
) -> impl IntoView {
    let i18n = use_i18n();
    if home.role != Some(Role::SchoolAdmin) {
        return view! { <ErrorNotice error=AppError::Forbidden/> }.into_any();
    }
    view! {
        <div class="tiles">
            <a class="tile" href="/admin/import">{t!(i18n, admin_import)}</a>
            <a class="tile" href="/admin/users">{t!(i18n, admin_users)}</a>
            <a class="tile" href="/admin/terms">{t!(i18n, admin_terms)}</a>
        </div>
        <h2>{t!(i18n, admin_structure)}</h2>
        <NewClassForm save=save_class grades=home.grades.clone()/>
        <Structure grades=home.grades/>
        <NewGradeForm save=save_grade/>
    }
    .into_any()
}

#[component]
fn Structure(grades: Vec<GradeClasses>) -> impl IntoView {
    let i18n = use_i18n();
    if grades.is_empty() {
        return view! { <EmptyState>{t!(i18n, home_no_classes)}</EmptyState> }.into_any();
    }
    view! {
        <table class="structure">
            <tbody>
                {grades.into_iter().map(|grade| view! {
                    <tr>
                        <th scope="row">{grade.grade_name}</th>
                        <td>
                            {grade.classes.into_iter().map(|c| view! {
                                <a class="chip" href=format!("/classes/{}", c.id)>{c.name} " · " {c.student_count}</a>
                            }).collect_view()}
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn NewGradeForm(save: ServerAction<SaveGrade>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    view! {
        <h2>{t!(i18n, grade_new)}</h2>
        <form class="inline-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            save.dispatch(SaveGrade { grade: UnitInput { id: None, grade_id: None, name: name.get() } });
        }>
            <label for="grade-name" class="visually-hidden">{t!(i18n, grade_new)}</label>
            <input id="grade-name" required placeholder="初一" prop:value=move || name.get()
                on:input=move |ev| name.set(event_target_value(&ev))/>
            <button type="submit" disabled=move || save.pending().get()>{t!(i18n, save)}</button>
        </form>
        {move || save.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error/> })}
    }
}

#[component]
fn NewClassForm(save: ServerAction<SaveClass>, grades: Vec<GradeClasses>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let grade = RwSignal::new(grades.first().map(|g| g.grade_id));
    let has_grades = !grades.is_empty();
    view! {
        <Show when=move || has_grades>
            <h3>{t!(i18n, class_new)}</h3>
        </Show>
        <form class="inline-form" hidden=!has_grades on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            save.dispatch(SaveClass { class: UnitInput { id: None, grade_id: grade.get(), name: name.get() } });
        }>
            <label for="class-grade" class="visually-hidden">{t!(i18n, unit_grade)}</label>
            <select id="class-grade" on:change=move |ev| grade.set(Uuid::parse_str(&event_target_value(&ev)).ok())>
                {grades.iter().map(|g| view! { <option value=g.grade_id.to_string()>{g.grade_name.clone()}</option> }).collect_view()}
            </select>
            <label for="class-name" class="visually-hidden">{t!(i18n, class_new)}</label>
            <input id="class-name" required placeholder="初一(5)班" prop:value=move || name.get()
                on:input=move |ev| name.set(event_target_value(&ev))/>
            <button type="submit" disabled=move || save.pending().get()>{t!(i18n, save)}</button>
        </form>
        {move || save.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error/> })}
    }
}
