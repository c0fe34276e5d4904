//! The home screen: what the user's role needs first, from real data.
use chrono::Datelike;
use leptos::prelude::*;

use crate::api::school::get_home;
use crate::components::class_card::ClassCard;
use crate::components::empty_state::EmptyState;
use crate::components::loaded::Loaded;
use crate::components::page::Page;
use crate::domain::role::Role;
use crate::domain::school::Home;
use crate::i18n::*;

/// Loads the home data and shows it.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let home = Resource::new(|| (), |_| get_home());
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, app_name).to_string())>
            <Loaded resource=home let:home>
                <HomeView home/>
            </Loaded>
        </Page>
    }
}

#[component]
fn HomeView(home: Home) -> impl IntoView {
    let i18n = use_i18n();
    let role = home.role;
    let name = home.display_name.clone();
    let date = home.today.format("%Y-%m-%d").to_string();
    let weekday = home.today.weekday().number_from_monday();
    let term = home.term.as_ref().map(|t| t.name.clone());
    let heading = move || match role {
        Some(Role::Teacher) => t_string!(i18n, home_my_classes).to_string(),
        Some(Role::Parent) => t_string!(i18n, home_committee_scope).to_string(),
        _ => t_string!(i18n, home_scope_classes).to_string(),
    };
    let can_open_roster = !matches!(role, Some(Role::Parent) | Some(Role::DistrictAdmin) | None);
    let empty = home.grades.iter().all(|g| g.classes.is_empty());
    view! {
        <section class="greeting">
            <h2>{t!(i18n, home_hello, name = move || name.clone())}</h2>
            <p>
                <time datetime=date.clone()>
                    {t!(i18n, home_today, date = { let date = date.clone(); move || date.clone() },
                        weekday = move || weekday_name(i18n, weekday))}
                </time>
            </p>
            <p class="muted">
                {match term {
                    Some(term) => view! { {t!(i18n, home_term, term = move || term.clone())} }.into_any(),
                    None => view! { {t!(i18n, home_no_term)} }.into_any(),
                }}
            </p>
        </section>
        <Show when=move || matches!(role, Some(Role::Staff | Role::SchoolAdmin))>
            <section>
                <div class="tiles">
                    <a class="tile" href="/board">{t!(i18n, board_title)}</a>
                    <a class="tile" href="/attendance">{t!(i18n, attendance_title)}</a>
                    <a class="tile" href="/scheme">{t!(i18n, scheme_title)}</a>
                    <a class="tile" href="/school-activities">{t!(i18n, list_link)}</a>
                    <a class="tile" href="/coverage">{t!(i18n, coverage_link)}</a>
                    <a class="tile" href="/themes">{t!(i18n, themes_title)}</a>
                    <a class="tile" href="/meals">{t!(i18n, meals_link)}</a>
                </div>
            </section>
        </Show>
        <Show when=move || role == Some(Role::SchoolAdmin)>
            <section>
                <h2>{t!(i18n, home_admin_tools)}</h2>
                <div class="tiles">
                    <a class="tile" href="/admin/import">{t!(i18n, admin_import)}</a>
                    <a class="tile" href="/admin/users">{t!(i18n, admin_users)}</a>
                    <a class="tile" href="/admin/terms">{t!(i18n, admin_terms)}</a>
                    <a class="tile" href="/admin">{t!(i18n, admin_structure)}</a>
                </div>
            </section>
        </Show>
        <section>
            <h2>{heading}</h2>
            <Show when=move || empty>
                <EmptyState>{t!(i18n, home_no_classes)}</EmptyState>
            </Show>
            {home.grades.into_iter().filter(|g| !g.classes.is_empty()).map(|grade| view! {
                <h3 class="grade">{grade.grade_name}</h3>
                <div class="cards">
                    {grade.classes.into_iter()
                        .map(|class| view! { <ClassCard class link=can_open_roster/> })
                        .collect_view()}
                </div>
            }).collect_view()}
        </section>
    }
}

/// 星期一 … 星期日 for an ISO weekday number.
pub fn weekday_name(i18n: leptos_i18n::I18nContext<Locale>, day: u32) -> String {
    match day {
        1 => t_string!(i18n, weekday_1),
        2 => t_string!(i18n, weekday_2),
        3 => t_string!(i18n, weekday_3),
        4 => t_string!(i18n, weekday_4),
        5 => t_string!(i18n, weekday_5),
        6 => t_string!(i18n, weekday_6),
        _ => t_string!(i18n, weekday_7),
    }
    .to_string()
}
