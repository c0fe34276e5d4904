//! A class's conduct points (操行分) this term: each student's total and the entries behind it.
use leptos::prelude::*;

use crate::api::scores::get_class_conduct;
use crate::components::empty_state::EmptyState;
use crate::components::loaded::{Loaded, resource_for_route_id};
use crate::components::page::Page;
use crate::domain::conduct::{ClassConduct, StudentConduct};
use crate::i18n::*;

/// Loads the conduct points of the class in the address.
#[component]
pub fn ConductPage() -> impl IntoView {
    let i18n = use_i18n();
    let conduct = resource_for_route_id(get_class_conduct);
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, conduct_title).to_string())>
            <Loaded resource=conduct let:conduct>
                {match conduct {
                    Some(conduct) => view! { <ConductView conduct/> }.into_any(),
                    None => view! { <EmptyState>{t!(i18n, conduct_no_term)}</EmptyState> }.into_any(),
                }}
            </Loaded>
        </Page>
    }
}

#[component]
fn ConductView(conduct: ClassConduct) -> impl IntoView {
    let i18n = use_i18n();
    let term = conduct.term_name.clone();
    let empty = conduct.students.is_empty();
    let export = format!("/api/export/conduct.xlsx?class_id={}", conduct.class_id);
    view! {
        <section>
            <h2>{conduct.class_name.clone()}</h2>
            <p class="muted">{t!(i18n, conduct_term, term = move || term.clone())}</p>
            <Show when=move || empty>
                <EmptyState>{t!(i18n, roster_empty)}</EmptyState>
            </Show>
            <ul class="conduct">
                {conduct.students.into_iter().map(|student| view! { <StudentLine student/> }).collect_view()}
            </ul>
            <a class="button secondary" href=export rel="external" download="">{t!(i18n, board_export)}</a>
        </section>
    }
}

/// A student's total; opening it shows the history (works without JavaScript too).
#[component]
fn StudentLine(student: StudentConduct) -> impl IntoView {
    let i18n = use_i18n();
    let total = student.total.signed();
    let no_history = student.entries.is_empty();
    view! {
        <li data-student=student.name.clone()>
            <details>
                <summary>
                    <span class="student-no">{student.student_no.clone()}</span>
                    <span class="student-name">{student.name.clone()}</span>
                    <span class="total" class:negative=student.total.0 < 0>{total}</span>
                </summary>
                <Show when=move || no_history>
                    <p class="muted">{t!(i18n, conduct_no_entries)}</p>
                </Show>
                <ul class="history">
                    {student.entries.into_iter().map(|e| {
                        let reason = e.void_reason.clone();
                        view! {
                            <li class:voided=e.voided>
                                <span class="date">{e.date.format("%m-%d").to_string()}</span>
                                <span>{e.item.clone()}</span>
                                <span class="points">{e.points.signed()}</span>
                                {(!e.note.is_empty()).then(|| view! { <small class="note">{e.note.clone()}</small> })}
                                <Show when=move || e.voided>
                                    <small class="void-reason">{t!(i18n, cell_voided, reason = { let reason = reason.clone(); move || reason.clone() })}</small>
                                </Show>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </details>
        </li>
    }
}
