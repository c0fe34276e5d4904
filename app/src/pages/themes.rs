//! Monthly themes (月有主题) for staff: the school's themes by month, each opened for
//! correction, and new ones added. A theme names its grades (none for the whole school) and
//! the activities it requires; teachers' phones get it with their next sync.
use chrono::Datelike;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::themes::{SaveTheme, get_themes};
use crate::components::activity_labels::kind_label;
use crate::components::empty_state::EmptyState;
use crate::components::error_notice::ErrorNotice;
use crate::components::loaded::Loaded;
use crate::components::page::Page;
use crate::domain::activities::{ActivityKind, SafetyTopic};
use crate::domain::day::Day;
use crate::domain::theme_edit::{MAX_THEME_CHARS, ThemeInput, ThemesView};
use crate::domain::themes::{MonthlyTheme, Requirement};
use crate::error::AppError;
use crate::i18n::*;
use crate::sync::rows::today_local;

/// The school's grades: id and name.
type Grades = StoredValue<Vec<(Uuid, String)>>;

/// The themes screen.
#[component]
pub fn ThemesPage() -> impl IntoView {
    let i18n = use_i18n();
    let themes = Resource::new(|| (), |_| get_themes());
    // Above the list, which is drawn again once a theme is saved.
    let saved = RwSignal::new(false);
    let refresh = Callback::new(move |()| themes.refetch());
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, themes_title).to_string())>
            <Show when=move || saved.get()>
                <p class="notice ok" role="status">{t!(i18n, themes_saved)}</p>
            </Show>
            <Loaded resource=themes let:view>
                <Themes view refresh saved/>
            </Loaded>
        </Page>
    }
}

#[component]
fn Themes(view: ThemesView, refresh: Callback<()>, saved: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let grades: Grades = StoredValue::new(view.grades);
    let empty = view.themes.is_empty();
    view! {
        <details class="card">
            <summary class="button">{t!(i18n, themes_new)}</summary>
            <ThemeForm id=Uuid::now_v7() theme=None grades refresh saved/>
        </details>
        <Show when=move || empty>
            <EmptyState>{t!(i18n, themes_empty)}</EmptyState>
        </Show>
        <ul class="feed">
            {view.themes.into_iter().map(|(id, theme)| view! { <ThemeCard id theme grades refresh saved/> }).collect_view()}
        </ul>
    }
}

/// One month's theme: its grades and required activities, and its form behind 修改.
#[component]
fn ThemeCard(
    id: Uuid,
    theme: MonthlyTheme,
    grades: Grades,
    refresh: Callback<()>,
    saved: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let month = t_string!(
        i18n,
        activities_month,
        year = theme.month.year(),
        month = theme.month.month()
    )
    .to_string();
    let who = if theme.grade_ids.is_empty() {
        t_string!(i18n, themes_whole_school).to_string()
    } else {
        grades.with_value(|all| {
            all.iter()
                .filter(|(g, _)| theme.grade_ids.contains(g))
                .map(|(_, name)| name.as_str())
                .collect::<Vec<_>>()
                .join("、")
        })
    };
    let required = theme
        .required
        .iter()
        .map(|r| kind_label(i18n, r.kind, r.safety))
        .collect::<Vec<_>>()
        .join("、");
    let heading = format!("theme-{id}");
    let labelled_by = heading.clone();
    view! {
        <li class="card feed-item" aria-labelledby=labelled_by>
            <p class="card-meta">{month} " · " {who}</p>
            <h2 class="card-title" id=heading>{theme.theme.clone()}</h2>
            <p class="card-meta">{t!(i18n, themes_required)} "：" {required}</p>
            <details>
                <summary class="button">{t!(i18n, themes_edit)}</summary>
                <ThemeForm id theme=Some(theme) grades refresh saved/>
            </details>
        </li>
    }
}

/// Every requirement a theme may name: each kind, safety education with any topic, and each
/// safety topic.
fn choices() -> Vec<Requirement> {
    let kinds = ActivityKind::ALL
        .into_iter()
        .map(|kind| Requirement { kind, safety: None });
    let topics = SafetyTopic::ALL.into_iter().map(|topic| Requirement {
        kind: ActivityKind::Safety,
        safety: Some(topic),
    });
    kinds.chain(topics).collect()
}

/// A theme's month, name, grades and required activities; checked as the server checks it.
#[component]
fn ThemeForm(
    id: Uuid,
    theme: Option<MonthlyTheme>,
    grades: Grades,
    refresh: Callback<()>,
    saved: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let start = theme.as_ref().map_or_else(today_local, |t| t.month);
    let month = RwSignal::new(start.format("%Y-%m").to_string());
    let name = RwSignal::new(theme.as_ref().map(|t| t.theme.clone()).unwrap_or_default());
    let picked = RwSignal::new(
        theme
            .as_ref()
            .map(|t| t.grade_ids.clone())
            .unwrap_or_default(),
    );
    let required = RwSignal::new(theme.map(|t| t.required).unwrap_or_default());
    let save = ServerAction::<SaveTheme>::new();
    let problem = RwSignal::new(None::<AppError>);
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            saved.set(true);
            refresh.run(());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = Day::parse_month(&month.get_untracked())
            .map_err(|_| AppError::invalid("month", "bad_month"))
            .map(|month| ThemeInput {
                id,
                month,
                grade_ids: picked.get_untracked(),
                theme: name.get_untracked(),
                required: required.get_untracked(),
            });
        let school = grades.with_value(|g| g.iter().map(|(id, _)| *id).collect::<Vec<_>>());
        let checked = input.and_then(|input| {
            input
                .clone()
                .checked(&school)
                .map(|_| input)
                .map_err(AppError::refused)
        });
        match checked {
            Ok(theme) => {
                problem.set(None);
                save.dispatch(SaveTheme { theme });
            }
            Err(error) => problem.set(Some(error)),
        }
    };
    let field = |name: &str| format!("{name}-{id}");
    view! {
        <form class="form" novalidate on:submit=submit>
            <label for=field("month")>{t!(i18n, themes_month)}</label>
            <input id=field("month") type="month" prop:value=move || month.get()
                on:input=move |ev| month.set(event_target_value(&ev))/>
            <label for=field("name")>{t!(i18n, themes_name)}</label>
            <input id=field("name") type="text" maxlength=MAX_THEME_CHARS prop:value=move || name.get()
                on:input=move |ev| name.set(event_target_value(&ev))/>
            <fieldset class="choice">
                <legend>{t!(i18n, themes_grades)}</legend>
                {grades.get_value().into_iter().map(|(grade, label)| view! {
                    <label class="chip">
                        <input type="checkbox" prop:checked=move || picked.with(|p| p.contains(&grade))
                            on:change=move |_| picked.update(|p| toggle(p, grade))/>
                        {label}
                    </label>
                }).collect_view()}
            </fieldset>
            <fieldset class="choice">
                <legend>{t!(i18n, themes_required)}</legend>
                {choices().into_iter().map(|choice| view! {
                    <label class="chip">
                        <input type="checkbox" prop:checked=move || required.with(|r| r.contains(&choice))
                            on:change=move |_| required.update(|r| toggle(r, choice))/>
                        {kind_label(i18n, choice.kind, choice.safety)}
                    </label>
                }).collect_view()}
            </fieldset>
            {move || problem.get().map(|error| view! { <ErrorNotice error/> })}
            {move || match save.value().get() {
                Some(Err(error)) => view! { <ErrorNotice error/> }.into_any(),
                _ => ().into_any(),
            }}
            <button type="submit" class="primary wide" disabled=move || save.pending().get()>
                {move || if save.pending().get() { t_string!(i18n, themes_saving) } else { t_string!(i18n, themes_save) }}
            </button>
        </form>
    }
}

/// Adds `item` to `list`, or takes it out if it is there.
fn toggle<T: PartialEq>(list: &mut Vec<T>, item: T) {
    match list.iter().position(|x| *x == item) {
        Some(at) => {
            list.remove(at);
        }
        None => list.push(item),
    }
}
