//! Terms of the school year (admin): list, create and edit — the school calendar that
//! scores and attendance count school days by, holidays and make-up days included.
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::api::admin::{SaveTerm, list_terms};
use crate::components::empty_state::EmptyState;
use crate::components::error_notice::ErrorNotice;
use crate::components::loaded::Loaded;
use crate::components::page::Page;
use crate::domain::school::{Term, TermInput, days_text};
use crate::i18n::*;
use crate::pages::home::weekday_name;

/// The school's terms and a form for a new one, or for the term being edited.
#[component]
pub fn TermsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveTerm>::new();
    let terms = Resource::new(move || save.version().get(), |_| list_terms());
    let editing = RwSignal::new(None::<Term>);
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, terms_title).to_string())>
            <Loaded resource=terms let:terms>
                <TermList terms editing/>
            </Loaded>
            {move || view! { <TermForm term=editing.get() save/> }}
        </Page>
    }
}

#[component]
fn TermList(terms: Vec<Term>, editing: RwSignal<Option<Term>>) -> impl IntoView {
    let i18n = use_i18n();
    if terms.is_empty() {
        return view! { <EmptyState>{t!(i18n, terms_empty)}</EmptyState> }.into_any();
    }
    view! {
        <ul class="list">
            {terms.into_iter().map(|t| {
                let off = days_text(&t.days_off);
                let make_up = days_text(&t.make_up_days);
                let label = t_string!(i18n, term_edit_named, name = t.name.clone()).to_string();
                let term = t.clone();
                let name = t.name.clone();
                view! {
                    <li class="term" data-term=name.clone()>
                        <strong>{name.clone()}</strong>
                        <span class="muted">{format!(" {} – {}", t.start_date, t.end_date)}</span>
                        {(!off.is_empty()).then(|| view! {
                            <p class="muted">{t!(i18n, term_days_off_shown, days = move || off.clone())}</p>
                        })}
                        {(!make_up.is_empty()).then(|| view! {
                            <p class="muted">{t!(i18n, term_make_up_shown, days = move || make_up.clone())}</p>
                        })}
                        <button class="small" aria-label=label on:click=move |_| editing.set(Some(term.clone()))>
                            {t!(i18n, term_edit)}
                        </button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// A new term (`term` is `None`) or an existing one to change.
#[component]
fn TermForm(term: Option<Term>, save: ServerAction<SaveTerm>) -> impl IntoView {
    let i18n = use_i18n();
    let id = term.as_ref().map(|t| t.id);
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let name = RwSignal::new(term.as_ref().map(|t| t.name.clone()).unwrap_or_default());
    let start = RwSignal::new(date(term.as_ref().map(|t| t.start_date)));
    let end = RwSignal::new(date(term.as_ref().map(|t| t.end_date)));
    let days = RwSignal::new(match &term {
        Some(t) => (1..=7)
            .map(|d| t.weekdays.contains(char::from(b'0' + d)))
            .collect(),
        None => vec![true, true, true, true, true, false, false],
    });
    let off = RwSignal::new(
        term.as_ref()
            .map(|t| lines(&t.days_off))
            .unwrap_or_default(),
    );
    let make_up = RwSignal::new(
        term.as_ref()
            .map(|t| lines(&t.make_up_days))
            .unwrap_or_default(),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parse = |s: String| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok();
        let (Some(start_date), Some(end_date)) = (parse(start.get()), parse(end.get())) else {
            return;
        };
        let weekdays = days
            .get()
            .iter()
            .enumerate()
            .filter(|(_, on)| **on)
            .map(|(i, _)| char::from(b'1' + i as u8))
            .collect();
        save.dispatch(SaveTerm {
            term: TermInput {
                id,
                name: name.get(),
                start_date,
                end_date,
                weekdays,
                days_off: off.get(),
                make_up_days: make_up.get(),
            },
        });
    };
    view! {
        <h2>{move || if id.is_some() { t_string!(i18n, term_edit_title) } else { t_string!(i18n, term_new) }}</h2>
        <form class="form" on:submit=submit>
            <label for="term-name">{t!(i18n, term_name)}</label>
            <input id="term-name" required placeholder="2025-2026学年第一学期" bind:value=name/>
            <label for="term-start">{t!(i18n, term_start)}</label>
            <input id="term-start" type="date" required bind:value=start/>
            <label for="term-end">{t!(i18n, term_end)}</label>
            <input id="term-end" type="date" required bind:value=end/>
            <fieldset class="weekdays">
                <legend>{t!(i18n, term_weekdays)}</legend>
                {(0..7usize).map(|i| view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || days.with(|d| d.get(i).copied().unwrap_or(false))
                            on:change=move |_| days.update(|d| if let Some(day) = d.get_mut(i) { *day = !*day })/>
                        {move || weekday_name(i18n, i as u32 + 1)}
                    </label>
                }).collect_view()}
            </fieldset>
            <label for="term-days-off">{t!(i18n, term_days_off)}</label>
            <textarea id="term-days-off" rows="3" aria-describedby="term-days-hint" bind:value=off></textarea>
            <label for="term-make-up">{t!(i18n, term_make_up_days)}</label>
            <textarea id="term-make-up" rows="2" aria-describedby="term-days-hint" bind:value=make_up></textarea>
            <p id="term-days-hint" class="muted">{t!(i18n, term_days_hint)}</p>
            <button type="submit" class="primary" disabled=move || save.pending().get()>
                {move || if save.pending().get() { t_string!(i18n, saving).to_string() } else { t_string!(i18n, save).to_string() }}
            </button>
        </form>
        {move || match save.value().get() {
            Some(Ok(_)) => view! { <p class="notice ok" role="status">{t!(i18n, saved)}</p> }.into_any(),
            Some(Err(error)) => view! { <ErrorNotice error/> }.into_any(),
            None => ().into_any(),
        }}
    }
}

/// Stored days as the form shows them: one date or range a line.
fn lines(days: &[NaiveDate]) -> String {
    days_text(days).replace(',', "\n")
}
