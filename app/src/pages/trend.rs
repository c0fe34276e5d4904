//! A class's term so far: each week's average daily score as a line, its rank and red flags.
use leptos::prelude::*;

use crate::api::scores::get_class_trend;
use crate::components::empty_state::EmptyState;
use crate::components::loaded::{Loaded, resource_for_route_id};
use crate::components::page::Page;
use crate::domain::scores::{ClassTrend, TrendWeek, chart_points, one_decimal};
use crate::i18n::*;

const WIDTH: f64 = 280.0;
const HEIGHT: f64 = 120.0;
const LEFT: f64 = 36.0;
const TOP: f64 = 12.0;

/// Loads the trend of the class in the address.
#[component]
pub fn TrendPage() -> impl IntoView {
    let i18n = use_i18n();
    let trend = resource_for_route_id(get_class_trend);
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, trend_title).to_string())>
            <Loaded resource=trend let:trend>
                {match trend {
                    Some(trend) => view! { <TrendView trend/> }.into_any(),
                    None => view! { <EmptyState>{t!(i18n, conduct_no_term)}</EmptyState> }.into_any(),
                }}
            </Loaded>
        </Page>
    }
}

#[component]
fn TrendView(trend: ClassTrend) -> impl IntoView {
    let i18n = use_i18n();
    let term = trend.term_name.clone();
    let count = trend.class_count;
    let empty = trend.weeks.is_empty();
    let weeks = trend.weeks.clone();
    view! {
        <section>
            <h2>{trend.class_name.clone()}</h2>
            <p class="muted">{term}</p>
            <Show when=move || empty fallback=move || view! { <Chart weeks=weeks.clone()/> }>
                <EmptyState>{t!(i18n, trend_empty)}</EmptyState>
            </Show>
            <div class="table-scroll">
                <table class="board-table">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, trend_week)}</th>
                            <th scope="col">{t!(i18n, trend_average)}</th>
                            <th scope="col">{t!(i18n, board_total)}</th>
                            <th scope="col">{t!(i18n, board_rank)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {trend.weeks.into_iter().rev().map(|w| view! {
                            <tr class:flagged=w.red_flag>
                                <th scope="row"><a href=format!("/board?week={}", w.week_start)>{t!(i18n, board_week, n = move || w.week_number)}</a></th>
                                <td>{one_decimal(w.daily_average())}</td>
                                <td>{w.total.to_string()}</td>
                                <td>{format!("{}/{}", w.rank, count)}{w.red_flag.then_some(" 🚩")}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// The line of weekly averages; red-flag weeks are marked in red.
#[component]
fn Chart(weeks: Vec<TrendWeek>) -> impl IntoView {
    let i18n = use_i18n();
    let points = chart_points(&weeks, WIDTH, HEIGHT);
    let line = points
        .iter()
        .map(|(x, y)| format!("{},{}", (x + LEFT).round() as i64, (y + TOP).round() as i64))
        .collect::<Vec<_>>()
        .join(" ");
    let averages: Vec<f64> = weeks.iter().map(TrendWeek::daily_average).collect();
    let high = averages.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let low = averages.iter().copied().fold(f64::INFINITY, f64::min);
    let label_every = weeks.len().div_ceil(8).max(1);
    let summary = t_string!(
        i18n,
        trend_chart_label,
        low = one_decimal(low),
        high = one_decimal(high)
    )
    .to_string();
    view! {
        <svg class="trend" viewBox="0 0 330 160" role="img" aria-label=summary>
            <line x1=LEFT y1=TOP + HEIGHT x2=LEFT + WIDTH y2=TOP + HEIGHT class="axis"/>
            <text x="2" y=TOP + 4.0 class="tick">{one_decimal(high)}</text>
            <text x="2" y=TOP + HEIGHT class="tick">{one_decimal(low)}</text>
            <polyline points=line class="series"/>
            {points.iter().zip(&weeks).enumerate().map(|(i, ((x, y), w))| {
                let (cx, cy) = (x + LEFT, y + TOP);
                view! {
                    <circle cx=cx cy=cy r="4" class:flag=w.red_flag class="dot"/>
                    {(i % label_every == 0).then(|| view! {
                        <text x=cx y=TOP + HEIGHT + 16.0 class="tick" text-anchor="middle">{w.week_number}</text>
                    })}
                }
            }).collect_view()}
        </svg>
    }
}
