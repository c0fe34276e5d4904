//! Accompany-meal reports (陪餐记录): a parent-committee member reports a meal eaten with a
//! class, rating it and adding up to three photos; staff answer each report with what was
//! done, and the member reads the answer. The month's reports are listed newest first; staff
//! export them as .xlsx. Month links work without JavaScript.
use chrono::{Datelike, Months, NaiveDate};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::meals::{ReplyMealReport, SubmitMealReport, get_meal_reports};
use crate::components::empty_state::EmptyState;
use crate::components::error_notice::ErrorNotice;
use crate::components::loaded::{Loaded, resource_for_query_day};
use crate::components::page::Page;
use crate::components::photo_field::{PhotoField, state_text};
use crate::domain::activities::ActivityPhoto;
use crate::domain::day::Day;
use crate::domain::meals::{
    MAX_MEAL_PHOTOS, MAX_MEAL_TEXT_CHARS, Meal, MealAspect, MealRatings, MealReport,
    MealReportInput, MealReports,
};
use crate::error::AppError;
use crate::i18n::*;
use crate::sync::rows::{StudentRow, today_local};
use crate::sync::status::use_sync_status;

/// The month's reports, with the member's form above them.
#[component]
pub fn MealsPage() -> impl IntoView {
    let i18n = use_i18n();
    let reports = resource_for_query_day("month", get_meal_reports);
    // Kept above the list, which is drawn again once a report is sent.
    let sent = RwSignal::new(false);
    let refresh = Callback::new(move |()| reports.refetch());
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, meals_title).to_string())>
            <Show when=move || sent.get()>
                <p class="notice ok" role="status">{t!(i18n, meals_sent)}</p>
            </Show>
            <Loaded resource=reports let:view>
                <Meals view refresh sent/>
            </Loaded>
        </Page>
    }
}

/// The address of the month starting `month`.
fn month_href(month: NaiveDate) -> String {
    format!("/meals?month={month}")
}

#[component]
fn Meals(view: MealReports, refresh: Callback<()>, sent: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let month = view.month;
    let before = month.checked_sub_months(Months::new(1)).map(month_href);
    let after = month.checked_add_months(Months::new(1)).map(month_href);
    let year_month = t_string!(
        i18n,
        activities_month,
        year = month.year(),
        month = month.month()
    )
    .to_string();
    let export = format!("/api/export/meals.xlsx?month={}", month.format("%Y-%m"));
    let may_reply = view.may_reply;
    let empty = view.reports.is_empty();
    let form = (!view.report_for.is_empty()).then(|| {
        let classes = view.report_for.clone();
        view! { <MealForm classes refresh sent/> }
    });
    view! {
        {form}
        <nav class="week-nav" aria-label=move || t_string!(i18n, activities_month_nav).to_string()>
            {before.map(|href| view! { <a class="week-step" href=href>{"‹ "}{t!(i18n, activities_prev)}</a> })}
            <h2>{year_month}</h2>
            {after.map(|href| view! { <a class="week-step" href=href>{t!(i18n, activities_next)}{" ›"}</a> })}
        </nav>
        <Show when=move || empty>
            <EmptyState>{t!(i18n, meals_empty)}</EmptyState>
        </Show>
        <ul class="feed">
            {view.reports.into_iter().map(|report| view! { <MealCard report may_reply refresh/> }).collect_view()}
        </ul>
        <Show when=move || may_reply>
            <a class="button wide" href=export.clone() download>{t!(i18n, meals_export)}</a>
        </Show>
    }
}

/// A meal's name in the user's language.
fn meal_label(i18n: leptos_i18n::I18nContext<Locale>, meal: Meal) -> String {
    match meal {
        Meal::Breakfast => t_string!(i18n, meal_breakfast),
        Meal::Lunch => t_string!(i18n, meal_lunch),
        Meal::Dinner => t_string!(i18n, meal_dinner),
    }
    .to_string()
}

/// An aspect's name in the user's language.
fn aspect_label(i18n: leptos_i18n::I18nContext<Locale>, aspect: MealAspect) -> String {
    match aspect {
        MealAspect::Taste => t_string!(i18n, meal_taste),
        MealAspect::Quantity => t_string!(i18n, meal_quantity),
        MealAspect::Hygiene => t_string!(i18n, meal_hygiene),
        MealAspect::Temperature => t_string!(i18n, meal_temperature),
    }
    .to_string()
}

/// The member's report of a meal: class, day, meal, four ratings, comments and photos. What
/// was typed stays when sending fails; the photos go up after the report is kept.
#[component]
fn MealForm(
    classes: Vec<(Uuid, String)>,
    refresh: Callback<()>,
    sent: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = use_sync_status();
    let class_id = RwSignal::new(classes.first().map(|c| c.0).unwrap_or_default());
    let date = RwSignal::new(today_local().format("%Y-%m-%d").to_string());
    let meal = RwSignal::new(Meal::Lunch);
    let ratings = RwSignal::new(MealRatings::default());
    let notes = RwSignal::new(String::new());
    let photos = RwSignal::new(Vec::<ActivityPhoto>::new());
    // One id per report: sent again after a lost answer, it is kept once.
    let id = Uuid::now_v7();
    let send = ServerAction::<SubmitMealReport>::new();
    let problem = RwSignal::new(None::<AppError>);
    Effect::new(move |_| {
        if let Some(Ok(())) = send.value().get() {
            let ids: Vec<_> = photos.with_untracked(|p| p.iter().map(|p| p.id.clone()).collect());
            #[cfg(feature = "hydrate")]
            leptos::task::spawn_local(async move {
                if crate::offline::photos::send_later(&ids).await.is_ok() {
                    crate::offline::uploads::kick(status);
                }
            });
            #[cfg(not(feature = "hydrate"))]
            let _ = (ids, status);
            sent.set(true);
            refresh.run(());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let day = date
            .get_untracked()
            .parse::<Day>()
            .map_err(|_| AppError::invalid("date", "bad_date"));
        let report = day.map(|date| MealReportInput {
            id,
            class_id: class_id.get_untracked(),
            date,
            meal: meal.get_untracked(),
            ratings: ratings.get_untracked(),
            notes: notes.get_untracked(),
            photos: photos.with_untracked(|p| p.iter().map(|p| p.id.clone()).collect()),
        });
        let checked = report.and_then(|r| {
            r.clone()
                .checked(today_local())
                .map(|_| r)
                .map_err(AppError::refused)
        });
        match checked {
            Ok(report) => {
                problem.set(None);
                send.dispatch(SubmitMealReport { report });
            }
            Err(error) => problem.set(Some(error)),
        }
    };
    let no_students = StoredValue::new(std::sync::Arc::<[StudentRow]>::from(Vec::new()));
    let many = classes.len() > 1;
    view! {
        <form class="form card meal-form" novalidate on:submit=submit>
            <h2 class="card-title">{t!(i18n, meals_new)}</h2>
            {many.then(|| view! {
                <label for="meal-class">{t!(i18n, meals_class)}</label>
                <select id="meal-class" on:change=move |ev| {
                    if let Ok(id) = Uuid::parse_str(&event_target_value(&ev)) {
                        class_id.set(id);
                    }
                }>
                    {classes.into_iter().map(|(id, label)| view! {
                        <option value=id.to_string() selected=move || class_id.get() == id>{label}</option>
                    }).collect_view()}
                </select>
            })}
            <label for="meal-date">{t!(i18n, meals_date)}</label>
            <input id="meal-date" type="date" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev))/>
            <fieldset class="choice">
                <legend>{t!(i18n, meals_meal)}</legend>
                {Meal::ALL.into_iter().map(|m| view! {
                    <label class="chip">
                        <input type="radio" name="meal" value=m.as_str() prop:checked=move || meal.get() == m
                            on:change=move |_| meal.set(m)/>
                        {meal_label(i18n, m)}
                    </label>
                }).collect_view()}
            </fieldset>
            <p class="muted">{t!(i18n, meals_rating_hint)}</p>
            {MealAspect::ALL.into_iter().map(|aspect| view! { <Rating aspect ratings/> }).collect_view()}
            <label for="meal-notes">{t!(i18n, meals_notes)}</label>
            <textarea id="meal-notes" rows="3" maxlength=MAX_MEAL_TEXT_CHARS
                prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
            <PhotoField photos max=MAX_MEAL_PHOTOS saved=Vec::new() students=no_students/>
            {move || problem.get().map(|error| view! { <ErrorNotice error/> })}
            {move || match send.value().get() {
                Some(Err(error)) => view! { <ErrorNotice error/> }.into_any(),
                _ => ().into_any(),
            }}
            <button type="submit" class="primary wide" disabled=move || send.pending().get()>
                {move || if send.pending().get() { t_string!(i18n, meals_sending) } else { t_string!(i18n, meals_send) }}
            </button>
        </form>
    }
}

/// One aspect rated 1–5, as five radio buttons.
#[component]
fn Rating(aspect: MealAspect, ratings: RwSignal<MealRatings>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="choice rating">
            <legend>{aspect_label(i18n, aspect)}</legend>
            {(1..=5u8).map(|n| view! {
                <label class="chip">
                    <input type="radio" name=aspect.as_str() value=n.to_string()
                        aria-label=move || format!("{} {}", aspect_label(i18n, aspect), t_string!(i18n, meals_rating_n, n = n))
                        prop:checked=move || ratings.with(|r| r.of(aspect) == n)
                        on:change=move |_| ratings.update(|r| r.set(aspect, n))/>
                    {n}
                </label>
            }).collect_view()}
        </fieldset>
    }
}

/// One report: who ate which meal with which class, the ratings, comments, photos, and the
/// school's reply (with a form for staff).
#[component]
fn MealCard(report: MealReport, may_reply: bool, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let status = use_sync_status();
    let heading = format!("meal-{}", report.id);
    let labelled_by = heading.clone();
    let title = format!(
        "{} {} · {}",
        report.date.format("%Y-%m-%d"),
        meal_label(i18n, report.meal),
        report.class_label
    );
    let ratings = MealAspect::ALL
        .into_iter()
        .map(|a| format!("{} {}", aspect_label(i18n, a), report.ratings.of(a)))
        .collect::<Vec<_>>()
        .join(" · ");
    let notes = report.notes.clone();
    let reply = report.reply.clone();
    view! {
        <li class="card feed-item meal" aria-labelledby=labelled_by>
            <h2 class="card-title" id=heading>{title}</h2>
            <p class="card-meta">{report.by.clone()}</p>
            <p class="badge">{ratings}</p>
            {(!notes.is_empty()).then(|| view! { <p class="feed-summary">{notes}</p> })}
            <div class="photos">
                {report.photos.iter().enumerate().map(|(n, photo)| {
                    let label = t_string!(i18n, feed_photo, n = n + 1).to_string();
                    let id = photo.clone();
                    let state = move || status.photos.with(|p| p.get(&id).map(|s| state_text(i18n, *s)));
                    view! {
                        <figure>
                            <a href=photo.path()>
                                <img src=photo.thumb_path() alt=label loading="lazy" width="96" height="96"/>
                            </a>
                            <figcaption aria-live="polite">{state}</figcaption>
                        </figure>
                    }
                }).collect_view()}
            </div>
            {match reply.clone() {
                Some(reply) => view! {
                    <div class="notice ok" role="status">
                        <p><strong>{t!(i18n, meals_reply)}</strong>{format!("（{}）：", reply.by)}</p>
                        <p class="meal-reply">{reply.text}</p>
                    </div>
                }.into_any(),
                None => view! { <p class="muted">{t!(i18n, meals_waiting)}</p> }.into_any(),
            }}
            {may_reply.then(|| view! { <ReplyForm id=report.id replied=reply.map(|r| r.text) refresh/> })}
        </li>
    }
}

/// Staff's answer to a report; once kept, the list is read again.
#[component]
fn ReplyForm(id: Uuid, replied: Option<String>, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let answer = ServerAction::<ReplyMealReport>::new();
    let again = replied.is_some();
    let written = replied.unwrap_or_default();
    Effect::new(move |_| {
        if let Some(Ok(())) = answer.value().get() {
            refresh.run(());
        }
    });
    let field = format!("reply-{id}");
    // Read when sent, not bound: hydrating would wipe what was typed before the page ran.
    let area = NodeRef::<leptos::html::Textarea>::new();
    view! {
        <form class="ack" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let reply = area.get_untracked().map(|a| a.value()).unwrap_or_default();
            answer.dispatch(ReplyMealReport { id, reply });
        }>
            <label for=field.clone()>{t!(i18n, meals_reply_label)}</label>
            <textarea id=field rows="2" maxlength=MAX_MEAL_TEXT_CHARS node_ref=area>{written}</textarea>
            <button type="submit" disabled=move || answer.pending().get()>
                {move || if again { t_string!(i18n, meals_reply_again) } else { t_string!(i18n, meals_reply_send) }}
            </button>
        </form>
        {move || match answer.value().get() {
            Some(Err(error)) => view! { <ErrorNotice error/> }.into_any(),
            _ => ().into_any(),
        }}
    }
}
