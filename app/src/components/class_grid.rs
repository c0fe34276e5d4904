//! The duty inspector's class grid: every class they may inspect, by grade, one tap each,
//! so a walk down the corridor is tap class, tap item, 保存, next class — no page loads.
use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::*;
use crate::sync::rows::ClassRow;

/// Classes grouped by grade in teaching order; `picked` is the chosen class.
#[component]
pub fn ClassGrid(
    #[prop(into)] classes: Signal<Vec<ClassRow>>,
    #[prop(into)] picked: Signal<Uuid>,
    on_pick: impl Fn(Uuid) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let grades = move || {
        let mut grades: Vec<(String, Vec<ClassRow>)> = Vec::new();
        let mut all = classes.get();
        all.sort_by_key(|c| (c.grade_order, c.sort_order));
        for class in all {
            match grades.last_mut() {
                Some((grade, list)) if *grade == class.grade_name => list.push(class),
                _ => grades.push((class.grade_name.clone(), vec![class])),
            }
        }
        grades
    };
    view! {
        <div class="class-grid" role="group" aria-label=move || t_string!(i18n, today_class).to_string()>
            {move || grades().into_iter().map(|(grade, list)| view! {
                <div class="grade-row">
                    <span class="grade-name">{grade}</span>
                    {list.into_iter().map(|class| {
                        let id = class.id;
                        view! {
                            <button class="class-pick" aria-pressed=move || (picked.get() == id).to_string()
                                on:click=move |_| on_pick(id)>{class.label()}</button>
                        }
                    }).collect_view()}
                </div>
            }).collect_view()}
        </div>
    }
}
