//! Terms of the school year: list and create (admin).
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::api::admin::{SaveTerm, list_terms};
use crate::components::empty_state::EmptyState;
use crate::components::error_notice::ErrorNotice;
use crate::components::loaded::Loaded;
use crate::components::page::Page;
use crate::domain::school::{Term, TermInput};
use crate::i18n::*;
use crate::pages::home::weekday_name;

/// The school's terms and a form for a new one.
#[component]
pub fn TermsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveTerm>::new();
    let terms = Resource::new(move || save.version().get(), |_| list_terms());
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, terms_title).to_string())>
            <Loaded resource=terms let:terms>
                <TermList terms/>
            </Loaded>
            <NewTermForm save/>
        </Page>
    }
}

#[component]
fn TermList(terms: Vec<Term>) -> impl IntoView {
    let i18n = use_i18n();
    if terms.is_empty() {
        return view! { <EmptyState>{t!(i18n, terms_empty)}</EmptyState> }.into_any();
    }
    view! {
        <ul class="list">
            {terms.into_iter().map(|t| view! {
                <li>
                    <strong>{t.name}</strong>
                    <span class="muted">{format!(" {} – {}", t.start_date, t.end_date)}</span>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn NewTermForm(save: ServerAction<SaveTerm>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let days = RwSignal::new(vec![true, true, true, true, true, false, false]);
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
                id: None,
                name: name.get(),
                start_date,
                end_date,
                weekdays,
            },
        });
    };
    view! {
        <h2>{t!(i18n, term_new)}</h2>
        <form class="form" on:submit=submit>
            <label for="term-name">{t!(i18n, term_name)}</label>
            <input id="term-name" required placeholder="2025-2026学年第一学期"
                prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
            <label for="term-start">{t!(i18n, term_start)}</label>
            <input id="term-start" type="date" required on:input=move |ev| start.set(event_target_value(&ev))/>
            <label for="term-end">{t!(i18n, term_end)}</label>
            <input id="term-end" type="date" required on:input=move |ev| end.set(event_target_value(&ev))/>
            <fieldset class="weekdays">
                <legend>{t!(i18n, term_weekdays)}</legend>
                {(0..7usize).map(|i| view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || days.get()[i]
                            on:change=move |_| days.update(|d| d[i] = !d[i])/>
                        {move || weekday_name(i18n, i as u32 + 1)}
                    </label>
                }).collect_view()}
            </fieldset>
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
