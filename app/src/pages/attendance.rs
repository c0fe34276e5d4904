//! A day's attendance (出勤情况) for staff and teachers: the alerts first, then each class's
//! absences by reason. Read from the server; the roll itself is taken on /roll.
use chrono::Datelike;
use leptos::prelude::*;

use crate::api::attendance::get_day_attendance;
use crate::components::empty_state::EmptyState;
use crate::components::loaded::{Loaded, resource_for_query_day};
use crate::components::mark_labels::{kind_label, symptom_label, symptoms_text};
use crate::components::page::Page;
use crate::domain::attendance::{ClassDay, DayAttendance, MarkKind, MarkLine};
use crate::i18n::*;
use crate::pages::home::weekday_name;

/// Loads the day in `?date=` (today without it).
#[component]
pub fn AttendancePage() -> impl IntoView {
    let i18n = use_i18n();
    let day = resource_for_query_day("date", get_day_attendance);
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, attendance_title).to_string())>
            <Loaded resource=day let:day>
                <DayView day/>
            </Loaded>
        </Page>
    }
}

#[component]
fn DayView(day: DayAttendance) -> impl IntoView {
    let i18n = use_i18n();
    let count = |kind: MarkKind| day.classes.iter().map(|c| c.count(kind)).sum::<usize>();
    let absent: usize = day.classes.iter().map(ClassDay::absent).sum();
    let (late, early) = (count(MarkKind::Late), count(MarkKind::EarlyLeave));
    let (marked, clear): (Vec<ClassDay>, Vec<ClassDay>) =
        day.classes.into_iter().partition(|c| !c.marks.is_empty());
    let clear = clear.len();
    let nothing = marked.is_empty();
    let alert_days = day.alert_days;
    let export = format!(
        "/api/export/attendance.xlsx?month={}",
        day.date.format("%Y-%m")
    );
    let title = format!(
        "{} {}",
        day.date.format("%Y-%m-%d"),
        weekday_name(i18n, day.date.weekday().number_from_monday())
    );
    let has_alerts = !day.clusters.is_empty() || !day.long_absences.is_empty();
    view! {
        <section class="attendance">
            <nav class="week-nav" aria-label=move || t_string!(i18n, attendance_title).to_string()>
                <a class="week-step" href=format!("/attendance?date={}", day.previous)>{"‹ "}{t!(i18n, attendance_prev)}</a>
                <h2>{title}</h2>
                <a class="week-step" href=format!("/attendance?date={}", day.next)>{t!(i18n, attendance_next)}{" ›"}</a>
            </nav>
            <Show when=move || has_alerts>
                <div class="notice error" role="alert">
                    <h3>{t!(i18n, attendance_alerts)}</h3>
                    <ul>
                        {day.clusters.iter().map(|c| {
                            let text = t_string!(i18n, attendance_cluster, class = c.class_label.clone(), count = c.names.len(),
                                symptom = symptom_label(i18n, c.symptom), names = c.names.join("、")).to_string();
                            view! { <li data-alert="cluster">{text}</li> }
                        }).collect_view()}
                        {day.long_absences.iter().map(|a| {
                            let text = t_string!(i18n, attendance_long, class = a.class_label.clone(), name = a.name.clone(), days = a.days).to_string();
                            view! { <li data-alert="long">{text}</li> }
                        }).collect_view()}
                    </ul>
                </div>
            </Show>
            <p class="totals" data-totals="true">{t!(i18n, attendance_totals, absent = move || absent, late = move || late, early = move || early)}</p>
            <p class="muted">{t!(i18n, attendance_alert_rule, days = move || alert_days)}</p>
            <Show when=move || nothing>
                <EmptyState>{t!(i18n, attendance_empty)}</EmptyState>
            </Show>
            {marked.into_iter().map(|class| view! { <ClassMarks class/> }).collect_view()}
            <Show when=move || { clear > 0 && !nothing }>
                <p class="muted">{t!(i18n, attendance_full, count = move || clear)}</p>
            </Show>
            <a class="button secondary" href=export rel="external" download="">{t!(i18n, attendance_export)}</a>
        </section>
    }
}

/// One class: who is marked, by reason.
#[component]
fn ClassMarks(class: ClassDay) -> impl IntoView {
    let i18n = use_i18n();
    let enrolled = class.enrolled;
    let absent = class.absent();
    let counts: Vec<String> = MarkKind::ALL
        .into_iter()
        .filter(|k| class.count(*k) > 0)
        .map(|k| format!("{} {}", kind_label(i18n, k), class.count(k)))
        .collect();
    view! {
        <section class="class-day" data-class=class.label.clone()>
            <h3>{class.label.clone()}" "<small>{t!(i18n, attendance_class_line, enrolled = move || enrolled, absent = move || absent)}</small></h3>
            <p class="chips">{counts.into_iter().map(|c| view! { <span class="chip">{c}</span>" " }).collect_view()}</p>
            <ul class="marks">
                {class.marks.into_iter().map(|line| view! { <MarkItem line/> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn MarkItem(line: MarkLine) -> impl IntoView {
    let i18n = use_i18n();
    let mut detail = vec![kind_label(i18n, line.kind)];
    if !line.symptoms.is_empty() {
        detail.push(symptoms_text(i18n, &line.symptoms));
    }
    if line.days > 0 {
        detail.push(t_string!(i18n, attendance_day_n, n = line.days).to_string());
    }
    if let Some(back) = line.expected_return {
        detail.push(
            t_string!(i18n, roll_expected, date = back.format("%m-%d").to_string()).to_string(),
        );
    }
    if !line.note.is_empty() {
        detail.push(line.note.clone());
    }
    view! {
        <li data-student=line.name.clone() data-kind=line.kind.as_str()>
            <span class="student-no">{line.student_no.clone()}</span>" "
            <strong>{line.name.clone()}</strong>" "
            <span class="muted">{detail.join(" · ")}</span>
        </li>
    }
}
