//! The admin's overview: tools, and the grades and classes of the school.
use leptos::prelude::*;

use crate::api::school::get_home;
use crate::components::empty_state::EmptyState;
use crate::components::error_notice::ErrorNotice;
use crate::components::page::Page;
use crate::i18n::*;

/// Links to the admin tools and a table of the school's structure.
#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let home = Resource::new(|| (), |_| get_home());
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, admin_title).to_string())>
            <div class="tiles">
                <a class="tile" href="/admin/import">{t!(i18n, admin_import)}</a>
                <a class="tile" href="/admin/users">{t!(i18n, admin_users)}</a>
                <a class="tile" href="/admin/terms">{t!(i18n, admin_terms)}</a>
            </div>
            <h2>{t!(i18n, admin_structure)}</h2>
            <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match home.await {
                        Ok(home) if home.grades.is_empty() => {
                            view! { <EmptyState>{t!(i18n, home_no_classes)}</EmptyState> }.into_any()
                        }
                        Ok(home) => view! {
                            <table class="structure">
                                <tbody>
                                    {home.grades.into_iter().map(|grade| view! {
                                        <tr>
                                            <th scope="row">{grade.grade_name}</th>
                                            <td>
                                                {grade.classes.into_iter().map(|c| view! {
                                                    <a class="chip" href=format!("/classes/{}", c.id)>
                                                        {c.name} " · " {c.student_count}
                                                    </a>
                                                }).collect_view()}
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}
