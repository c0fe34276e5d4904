//! The weekly board (常规评比): classes by grade × school days, totals, ranks, red flags.
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

use crate::api::scores::get_week_board;
use crate::components::empty_state::EmptyState;
use crate::components::loaded::{Loaded, resource_for_query_day};
use crate::components::page::Page;
use crate::domain::scores::{GradeBoard, WeekBoard};
use crate::i18n::*;

/// Loads the week in `?week=` (this week without it) and shows its board.
#[component]
pub fn BoardPage() -> impl IntoView {
    let i18n = use_i18n();
    let board = resource_for_query_day("week", get_week_board);
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, board_title).to_string())>
            <Loaded resource=board let:board>
                {match board {
                    Some(board) => view! { <BoardView board/> }.into_any(),
                    None => view! { <EmptyState>{t!(i18n, board_no_term)}</EmptyState> }.into_any(),
                }}
            </Loaded>
        </Page>
    }
}

/// The address of the board of the week starting `monday`.
fn week_href(monday: NaiveDate) -> String {
    format!("/board?week={monday}")
}

#[component]
fn BoardView(board: WeekBoard) -> impl IntoView {
    let i18n = use_i18n();
    let n = board.week_number;
    let (first, last) = (board.days.first().copied(), board.days.last().copied());
    let term = board.term_name.clone();
    let base = board.rules.base.to_string();
    let k = board.rules.red_flags_per_grade;
    let export = format!("/api/export/board.xlsx?week={}", board.week_start);
    let no_days = board.days.is_empty();
    let no_classes = board.grades.is_empty();
    let days = StoredValue::new(board.days.clone());
    let drill = board.can_drill_down;
    view! {
        <section class="board">
            <nav class="week-nav" aria-label=move || t_string!(i18n, board_title).to_string()>
                {board.previous.map(|p| view! {
                    <a class="week-step" href=week_href(p)>{"‹ "}{t!(i18n, board_prev)}</a>
                })}
                <h2>
                    {t!(i18n, board_week, n = move || n)}
                    {first.zip(last).map(|(a, b)| view! {
                        <small>{t!(i18n, board_span, from = move || a.format("%m-%d").to_string(), to = move || b.format("%m-%d").to_string())}</small>
                    })}
                </h2>
                {board.next.map(|p| view! {
                    <a class="week-step" href=week_href(p)>{t!(i18n, board_next)}{" ›"}</a>
                })}
            </nav>
            <p class="muted">{t!(i18n, board_rules, term = move || term.clone(), base = move || base.clone(), k = move || k)}</p>
            <Show when=move || no_days>
                <EmptyState>{t!(i18n, board_no_days)}</EmptyState>
            </Show>
            <Show when=move || no_classes>
                <EmptyState>{t!(i18n, board_no_classes)}</EmptyState>
            </Show>
            {board.grades.into_iter().map(|grade| view! { <GradeTable grade days drill/> }).collect_view()}
            <a class="button secondary" href=export rel="external" download="">{t!(i18n, board_export)}</a>
        </section>
    }
}

/// One grade's table; a cell opens that class's entries of the day for those allowed.
#[component]
fn GradeTable(grade: GradeBoard, days: StoredValue<Vec<NaiveDate>>, drill: bool) -> impl IntoView {
    let i18n = use_i18n();
    let count = grade.class_count;
    view! {
        <h3 class="grade">{grade.grade_name.clone()}</h3>
        <div class="table-scroll">
            <table class="board-table">
                <caption class="visually-hidden">{grade.grade_name.clone()}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, board_class)}</th>
                        {days.get_value().into_iter().map(|day| view! {
                            <th scope="col">
                                {short_weekday(i18n, day.weekday().number_from_monday())}
                                <small>{day.format("%d").to_string()}</small>
                            </th>
                        }).collect_view()}
                        <th scope="col">{t!(i18n, board_total)}</th>
                        <th scope="col">{t!(i18n, board_rank)}</th>
                    </tr>
                </thead>
                <tbody>
                    {grade.rows.into_iter().map(|row| {
                        let class_id = row.class_id;
                        let class_name = row.class_name.clone();
                        let flag = row.red_flag;
                        view! {
                            <tr class:flagged=flag data-class=row.class_name.clone()>
                                <th scope="row">
                                    <a href=format!("/trend/{class_id}") class="class-link"
                                        aria-label={ let name = row.class_name.clone(); move || t_string!(i18n, trend_link, class = name.clone()).to_string() }>
                                        {row.class_name.clone()}
                                    </a>
                                    <Show when=move || flag>
                                        <span class="red-flag" role="img"
                                            aria-label=move || t_string!(i18n, board_red_flag).to_string()
                                            title=move || t_string!(i18n, board_red_flag).to_string()>"🚩"</span>
                                    </Show>
                                </th>
                                {days.get_value().into_iter().zip(row.daily).map(|(day, score)| {
                                    let text = score.to_string();
                                    if drill {
                                        let class_name = class_name.clone();
                                        let label_score = text.clone();
                                        view! {
                                            <td><a class="cell" href=format!("/board/{class_id}/{day}")
                                                aria-label=move || t_string!(i18n, board_cell_label, class = class_name.clone(), date = day.to_string(), score = label_score.clone()).to_string()>
                                                {text}</a></td>
                                        }.into_any()
                                    } else {
                                        view! { <td>{text}</td> }.into_any()
                                    }
                                }).collect_view()}
                                <td class="total">{row.total.to_string()}</td>
                                <td class="rank">{format!("{}/{}", row.rank, count)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// 一 … 日 (Mon … Sun) for a column heading.
fn short_weekday(i18n: leptos_i18n::I18nContext<Locale>, day: u32) -> &'static str {
    match day {
        1 => t_string!(i18n, weekday_short_1),
        2 => t_string!(i18n, weekday_short_2),
        3 => t_string!(i18n, weekday_short_3),
        4 => t_string!(i18n, weekday_short_4),
        5 => t_string!(i18n, weekday_short_5),
        6 => t_string!(i18n, weekday_short_6),
        _ => t_string!(i18n, weekday_short_7),
    }
}
