//! One class in a list: name, size and homeroom teachers.
use leptos::prelude::*;

use crate::domain::school::ClassSummary;
use crate::i18n::*;

/// A class as a tappable card; `link` is false for viewers who may not open the roster.
#[component]
pub fn ClassCard(class: ClassSummary, link: bool) -> impl IntoView {
    let i18n = use_i18n();
    let count = class.student_count;
    let teachers = class.teachers.join("、");
    let has_teachers = !teachers.is_empty();
    let body = view! {
        <span class="card-title">{class.name.clone()}</span>
        <span class="card-meta">{t!(i18n, class_students, count = move || count)}</span>
        <Show when=move || has_teachers>
            <span class="card-meta">{t!(i18n, class_teachers, names = { let teachers = teachers.clone(); move || teachers.clone() })}</span>
        </Show>
    };
    if link {
        view! { <a class="card" href=format!("/classes/{}", class.id)>{body}</a> }.into_any()
    } else {
        view! { <div class="card">{body}</div> }.into_any()
    }
}
