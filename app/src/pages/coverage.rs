//! Coverage (开展情况) for staff: each theme of the month as a grid of classes against its
//! required activities, 已开展 linking to the record and 未开展 until then; classes short of a
//! required safety lesson flagged when a break is near; and the term's safety topics per class.
//! Month links work without JavaScript; the grid exports as .xlsx.
use chrono::{Months, NaiveDate};
use leptos::prelude::*;

use crate::api::activities::get_coverage;
use crate::components::activity_labels::{kind_label, topic_label};
use crate::components::empty_state::EmptyState;
use crate::components::loaded::{Loaded, resource_for_query_day};
use crate::components::page::Page;
use crate::domain::activities::{ActivityKind, SafetyTopic};
use crate::domain::coverage::{CoverageRow, CoverageView};
use crate::i18n::*;

/// The coverage screen.
#[component]
pub fn CoveragePage() -> impl IntoView {
    let i18n = use_i18n();
    let coverage = resource_for_query_day("month", get_coverage);
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, coverage_title).to_string())>
            <Loaded resource=coverage let:view>
                <Coverage view/>
            </Loaded>
        </Page>
    }
}

/// The address of the month starting `month`.
fn month_href(month: NaiveDate) -> String {
    format!("/coverage?month={month}")
}

#[component]
fn Coverage(view: CoverageView) -> impl IntoView {
    let i18n = use_i18n();
    let month = view.month;
    let before = month.checked_sub_months(Months::new(1)).map(month_href);
    let after = month.checked_add_months(Months::new(1)).map(month_href);
    let export = format!("/api/export/coverage.xlsx?month={}", month.format("%Y-%m"));
    let year_month = t_string!(
        i18n,
        activities_month,
        year = chrono::Datelike::year(&month),
        month = chrono::Datelike::month(&month)
    )
    .to_string();
    let break_on = view.break_on.map(|d| d.format("%m-%d").to_string());
    let no_themes = view.themes.is_empty();
    let term = view.term.clone();
    view! {
        <nav class="week-nav" aria-label=move || t_string!(i18n, activities_month_nav).to_string()>
            {before.map(|href| view! { <a class="week-step" href=href>{"‹ "}{t!(i18n, activities_prev)}</a> })}
            <h2>{year_month}</h2>
            {after.map(|href| view! { <a class="week-step" href=href>{t!(i18n, activities_next)}{" ›"}</a> })}
        </nav>
        {break_on.map(|date| view! {
            <p class="notice warn" role="status">{t_string!(i18n, coverage_break, date = date)}</p>
        })}
        <Show when=move || no_themes>
            <EmptyState>{t!(i18n, coverage_no_theme)}</EmptyState>
        </Show>
        {view.themes.into_iter().map(|grid| {
            let columns: Vec<String> = grid
                .required
                .iter()
                .map(|r| kind_label(i18n, r.kind, r.safety).to_string())
                .collect();
            view! {
                <section class="card coverage" aria-label=grid.theme.clone()>
                    <h2 class="card-title">{grid.theme.clone()}</h2>
                    <Grid columns rows=grid.rows/>
                </section>
            }
        }).collect_view()}
        {term.map(|term| {
            let columns: Vec<String> = SafetyTopic::ALL
                .into_iter()
                .map(|t| topic_label(i18n, t).to_string())
                .collect();
            let label = t_string!(i18n, coverage_safety, term = term).to_string();
            let heading = label.clone();
            view! {
                <section class="card coverage" aria-label=label>
                    <h2 class="card-title">{heading}</h2>
                    <p class="card-meta">{kind_label(i18n, ActivityKind::Safety, None)}</p>
                    <Grid columns rows=view.safety/>
                </section>
            }
        })}
        <a class="button wide" href=export download>{t!(i18n, coverage_export)}</a>
    }
}

/// Classes down, columns across: each cell the day held, linking to the record, or 未开展.
#[component]
fn Grid(columns: Vec<String>, rows: Vec<CoverageRow>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll">
            <table class="board-table coverage-table">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, coverage_class)}</th>
                        {columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| {
                        let due = row.safety_due;
                        view! {
                            <tr class:due=due>
                                <th scope="row">
                                    {row.class.label.clone()}
                                    {due.then(|| view! { <span class="badge warn">{t!(i18n, coverage_due)}</span> })}
                                </th>
                                {row.cells.into_iter().map(|cell| match cell {
                                    Some(held) => view! {
                                        <td class="held">
                                            <a class="cell" href=format!("/activities/{}", held.activity_id)>
                                                {t_string!(i18n, coverage_held, date = held.date.format("%m-%d").to_string())}
                                            </a>
                                        </td>
                                    }.into_any(),
                                    None => view! { <td class="not-held">{t!(i18n, coverage_not_held)}</td> }.into_any(),
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
