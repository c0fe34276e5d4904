//! The check scheme (评分方案): the term's scoring rules and the items, for school-wide staff.
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::scheme::{SaveCheckItem, SaveRules, get_scheme};
use crate::components::empty_state::EmptyState;
use crate::components::error_notice::ErrorNotice;
use crate::components::loaded::Loaded;
use crate::components::page::Page;
use crate::domain::checks::{CheckItem, Level, Points, Recorder};
use crate::domain::scheme::{ItemInput, RulesInput, SchemeView};
use crate::domain::scores::ScoreRules;
use crate::i18n::*;

/// Loads the scheme; reloads after every save.
#[component]
pub fn SchemePage() -> impl IntoView {
    let i18n = use_i18n();
    let rules = ServerAction::<SaveRules>::new();
    let item = ServerAction::<SaveCheckItem>::new();
    let scheme = Resource::new(
        move || (rules.version().get(), item.version().get()),
        |_| get_scheme(),
    );
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, scheme_title).to_string())>
            <Loaded resource=scheme let:scheme>
                <SchemeView scheme rules_action=rules item_action=item/>
            </Loaded>
            <Outcome action=item/>
            <NewItemForm action=item/>
        </Page>
    }
}

/// 已保存 or the error of the last save.
#[component]
fn Outcome<A>(action: ServerAction<A>) -> impl IntoView
where
    A: leptos::server_fn::ServerFn<Output = (), Error = crate::error::AppError>
        + Clone
        + Send
        + Sync
        + 'static,
{
    let i18n = use_i18n();
    move || match action.value().get() {
        Some(Ok(())) => {
            view! { <p class="notice ok" role="status">{t!(i18n, saved)}</p> }.into_any()
        }
        Some(Err(error)) => view! { <ErrorNotice error/> }.into_any(),
        None => ().into_any(),
    }
}

#[component]
fn SchemeView(
    scheme: SchemeView,
    rules_action: ServerAction<SaveRules>,
    item_action: ServerAction<SaveCheckItem>,
) -> impl IntoView {
    let i18n = use_i18n();
    let empty = scheme.items.is_empty();
    let mut categories: Vec<(String, Vec<CheckItem>)> = Vec::new();
    for item in scheme.items {
        match categories.iter_mut().find(|(c, _)| *c == item.category) {
            Some((_, list)) => list.push(item),
            None => categories.push((item.category.clone(), vec![item])),
        }
    }
    view! {
        <h2>{t!(i18n, scheme_rules)}</h2>
        {match scheme.term {
            Some((term_id, name)) => view! { <RulesForm term_id name rules=scheme.rules action=rules_action/> }.into_any(),
            None => view! { <EmptyState>{t!(i18n, scheme_no_term)}</EmptyState> }.into_any(),
        }}
        <h2>{t!(i18n, scheme_items)}</h2>
        <p class="muted">{t!(i18n, scheme_past_note)}</p>
        <Show when=move || empty>
            <EmptyState>{t!(i18n, scheme_empty)}</EmptyState>
        </Show>
        {categories.into_iter().map(|(category, items)| view! {
            <h3>{category}</h3>
            <ul class="list scheme-items">
                {items.into_iter().map(|item| view! { <ItemLine item action=item_action/> }).collect_view()}
            </ul>
        }).collect_view()}
    }
}

#[component]
fn RulesForm(
    term_id: Uuid,
    name: String,
    rules: ScoreRules,
    action: ServerAction<SaveRules>,
) -> impl IntoView {
    let i18n = use_i18n();
    let base = RwSignal::new(rules.base.to_string());
    let flags = RwSignal::new(rules.red_flags_per_grade.to_string());
    let appeal = RwSignal::new(rules.appeal_days.to_string());
    let alert = RwSignal::new(rules.absence_alert_days.to_string());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let base = base
            .get()
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(Points::from_decimal)
            .unwrap_or(Points(-1));
        action.dispatch(SaveRules {
            rules: RulesInput {
                term_id,
                base,
                red_flags_per_grade: flags.get().trim().parse().unwrap_or(u32::MAX),
                appeal_days: appeal.get().trim().parse().unwrap_or(u32::MAX),
                absence_alert_days: alert.get().trim().parse().unwrap_or(u32::MAX),
            },
        });
    };
    view! {
        <form class="form" on:submit=submit>
            <p class="muted">{name}</p>
            <label for="rules-base">{t!(i18n, scheme_base)}</label>
            <input id="rules-base" type="number" step="0.5" min="1" max="1000" required bind:value=base/>
            <label for="rules-flags">{t!(i18n, scheme_red_flags)}</label>
            <input id="rules-flags" type="number" min="0" max="20" required bind:value=flags/>
            <label for="rules-appeal">{t!(i18n, scheme_appeal_days)}</label>
            <input id="rules-appeal" type="number" min="0" max="30" required bind:value=appeal/>
            <label for="rules-alert">{t!(i18n, scheme_absence_alert_days)}</label>
            <input id="rules-alert" type="number" min="1" max="30" required bind:value=alert/>
            <button type="submit" class="primary" disabled=move || action.pending().get()>{t!(i18n, save)}</button>
        </form>
        <Outcome action/>
    }
}

/// One item: its points, who records it, and 停用 / 启用.
#[component]
fn ItemLine(item: CheckItem, action: ServerAction<SaveCheckItem>) -> impl IntoView {
    let i18n = use_i18n();
    let active = item.active;
    let slots = item.slots.join("|");
    let (level, recorder) = (item.level, item.recorder);
    let meta = move || {
        let level = match level {
            Level::Class => t_string!(i18n, level_class),
            Level::Student => t_string!(i18n, level_student),
        };
        format!("{} · {} · {}", level, recorder_name(i18n, recorder), slots)
    };
    let toggled = ItemInput {
        id: Some(item.id),
        category: item.category.clone(),
        name: item.name.clone(),
        points: item.points,
        min: Some(item.min),
        max: Some(item.max),
        level: item.level,
        slots: item.slots.join("|"),
        recorder: item.recorder,
        active: !item.active,
    };
    view! {
        <li class:inactive=!active data-item=item.name.clone()>
            <div>
                <strong>{item.name.clone()}</strong>" "<span>{item.points.signed()}</span>
                " "<span class="muted range">
                    {format!("（{} ~ {}）", item.min.signed(), item.max.signed())}
                </span>
                <Show when=move || !active>" "<span class="chip voided">{t!(i18n, scheme_inactive)}</span></Show>
                <p class="muted">{meta}</p>
            </div>
            <button class="small" on:click=move |_| { action.dispatch(SaveCheckItem { item: toggled.clone() }); }>
                {move || if active { t_string!(i18n, scheme_deactivate) } else { t_string!(i18n, scheme_activate) }}
            </button>
        </li>
    }
}

fn recorder_name(i18n: leptos_i18n::I18nContext<Locale>, recorder: Recorder) -> &'static str {
    match recorder {
        Recorder::Duty => t_string!(i18n, recorder_duty),
        Recorder::Homeroom => t_string!(i18n, recorder_homeroom),
        Recorder::Both => t_string!(i18n, recorder_both),
    }
}

#[component]
fn NewItemForm(action: ServerAction<SaveCheckItem>) -> impl IntoView {
    let i18n = use_i18n();
    let category = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let points = RwSignal::new("-1".to_string());
    let min = RwSignal::new(String::new());
    let max = RwSignal::new(String::new());
    let level = RwSignal::new("class".to_string());
    let slots = RwSignal::new("全天".to_string());
    let recorder = RwSignal::new("both".to_string());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(SaveCheckItem {
            item: ItemInput {
                id: None,
                category: category.get(),
                name: name.get(),
                points: decimal(&points.get()).unwrap_or_default(),
                min: decimal(&min.get()),
                max: decimal(&max.get()),
                level: if level.get() == "student" {
                    Level::Student
                } else {
                    Level::Class
                },
                slots: slots.get(),
                recorder: match recorder.get().as_str() {
                    "duty" => Recorder::Duty,
                    "homeroom" => Recorder::Homeroom,
                    _ => Recorder::Both,
                },
                active: true,
            },
        });
    };
    view! {
        <h2>{t!(i18n, scheme_item_new)}</h2>
        <form class="form" on:submit=submit>
            <label for="item-category">{t!(i18n, scheme_category)}</label>
            <input id="item-category" required bind:value=category/>
            <label for="item-name">{t!(i18n, scheme_item_name)}</label>
            <input id="item-name" required bind:value=name/>
            <label for="item-points">{t!(i18n, scheme_points)}</label>
            <input id="item-points" type="number" step="0.5" required bind:value=points/>
            <fieldset class="range">
                <legend>{t!(i18n, scheme_range)}</legend>
                <label for="item-min">{t!(i18n, scheme_range_min)}</label>
                <input id="item-min" type="number" step="0.5" aria-describedby="item-range-hint" bind:value=min/>
                <label for="item-max">{t!(i18n, scheme_range_max)}</label>
                <input id="item-max" type="number" step="0.5" aria-describedby="item-range-hint" bind:value=max/>
                <p id="item-range-hint" class="muted">{t!(i18n, scheme_range_hint)}</p>
            </fieldset>
            <label for="item-level">{t!(i18n, scheme_level)}</label>
            <select id="item-level" on:change=move |ev| level.set(event_target_value(&ev))>
                <option value="class">{t!(i18n, level_class)}</option>
                <option value="student">{t!(i18n, level_student)}</option>
            </select>
            <label for="item-slots">{t!(i18n, scheme_slots)}</label>
            <input id="item-slots" required bind:value=slots/>
            <label for="item-recorder">{t!(i18n, scheme_recorder)}</label>
            <select id="item-recorder" on:change=move |ev| recorder.set(event_target_value(&ev))>
                <option value="both">{t!(i18n, recorder_both)}</option>
                <option value="duty">{t!(i18n, recorder_duty)}</option>
                <option value="homeroom">{t!(i18n, recorder_homeroom)}</option>
            </select>
            <button type="submit" class="primary" disabled=move || action.pending().get()>{t!(i18n, save)}</button>
        </form>
    }
}

/// A typed decimal such as −1.5 as points; `None` when empty or not whole tenths.
fn decimal(text: &str) -> Option<Points> {
    text.trim()
        .parse::<f64>()
        .ok()
        .and_then(Points::from_decimal)
}
