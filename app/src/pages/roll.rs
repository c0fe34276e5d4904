//! The daily roll (点名): everyone is present by default; the teacher marks who is absent,
//! late or left early, and who is back. Works offline: the server renders only the frame.
use chrono::NaiveDate;
use leptos::prelude::*;
use uuid::Uuid;

use crate::components::class_grid::ClassGrid;
use crate::components::empty_state::EmptyState;
use crate::components::mark_labels::{kind_label, symptom_label, symptoms_text};
use crate::components::saving::{SaveNotice, Saved};
use crate::components::store_screen::StoreScreen;
use crate::domain::attendance::{MarkKind, MarkPatch, Symptom};
use crate::i18n::*;
use crate::sync::rows::{ClassRow, MarkRow, StudentRow, today_local};
use crate::sync::status::{SyncStatus, use_sync_status};

/// What the roll shows, read from the phone's store.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RollData {
    /// The classes the user takes the roll for, their own first.
    pub classes: Vec<ClassRow>,
    pub students: Vec<StudentRow>,
    pub marks: Vec<MarkRow>,
}

/// A student on today's roll with their live mark, if any.
type RollLine = (StudentRow, Option<MarkRow>);

/// The roll screen.
#[component]
pub fn RollPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = RwSignal::new(None::<RollData>);
    #[cfg(feature = "hydrate")]
    crate::components::sync_status::load_on_change(data, load::roll);
    let phase = Memo::new(move |_| data.with(|d| d.as_ref().map(|d| !d.classes.is_empty())));
    view! {
        <StoreScreen title=Signal::derive(move || t_string!(i18n, roll_title).to_string()) shown=phase
            empty=move || t!(i18n, roll_no_classes)>
            <Roll loaded=data/>
        </StoreScreen>
    }
}

/// The class picker, today's counts and the roster with each student's mark.
#[component]
fn Roll(loaded: RwSignal<Option<RollData>>) -> impl IntoView {
    let i18n = use_i18n();
    let today = today_local();
    let data = Signal::derive(move || loaded.get().unwrap_or_default());
    let picked_class = RwSignal::new(None::<Uuid>);
    let class_id = Memo::new(move |_| {
        picked_class
            .get()
            .or_else(|| data.with(|d| d.classes.first().map(|c| c.id)))
            .unwrap_or_default()
    });
    let classes = Memo::new(move |_| data.with(|d| d.classes.clone()));
    let lines = Memo::new(move |_| {
        let class_id = class_id.get();
        data.with(|d| {
            d.students
                .iter()
                .filter(|s| s.class_id == class_id)
                .map(|s| {
                    let mark = d
                        .marks
                        .iter()
                        .find(|m| m.student_id == s.id && m.mark().covers(today))
                        .cloned();
                    (s.clone(), mark)
                })
                .collect::<Vec<RollLine>>()
        })
    });
    let counted = move |kind: MarkKind| {
        lines.with(|l| {
            l.iter()
                .filter(|(_, m)| m.as_ref().is_some_and(|m| m.kind == kind))
                .count()
        })
    };
    let absent = move || {
        lines.with(|l| {
            l.iter()
                .filter(|(_, m)| m.as_ref().is_some_and(|m| m.kind.is_absence()))
                .count()
        })
    };
    let enrolled = move || lines.with(Vec::len);
    let query = RwSignal::new(String::new());
    let marking = RwSignal::new(None::<Uuid>);
    let message: Saved = RwSignal::new(None);
    view! {
        <Show when=move || classes.with(|c| c.len() > 1)>
            <ClassGrid classes=classes picked=class_id on_pick=move |id| {
                picked_class.set(Some(id));
                marking.set(None);
            }/>
        </Show>
        <p class="roll-summary" data-summary="true">
            {move || t_string!(i18n, roll_summary, enrolled = enrolled(), present = enrolled() - absent()).to_string()}
        </p>
        <p class="muted">
            {move || t_string!(i18n, roll_counts, absent = absent(), late = counted(MarkKind::Late), early = counted(MarkKind::EarlyLeave)).to_string()}
        </p>
        <p class="muted">{t!(i18n, roll_hint)}</p>
        <SaveNotice saved=message/>
        <label for="roll-search">{t!(i18n, roll_students)}</label>
        <input id="roll-search" type="search" placeholder=move || t_string!(i18n, roll_search).to_string() bind:value=query/>
        {move || {
            let q = query.get();
            let shown: Vec<RollLine> = lines.get().into_iter()
                .filter(|(s, _)| q.is_empty() || s.name.contains(q.as_str()) || s.student_no.contains(q.as_str()))
                .collect();
            if enrolled() == 0 {
                return view! { <EmptyState>{t!(i18n, roll_no_students)}</EmptyState> }.into_any();
            }
            if shown.is_empty() {
                return view! { <EmptyState>{t!(i18n, roll_no_match)}</EmptyState> }.into_any();
            }
            view! {
                <ul class="roll" aria-label=move || t_string!(i18n, roll_students).to_string()>
                    {shown.into_iter().map(|(student, mark)| view! {
                        <StudentLine student mark today marking message loaded/>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <a class="button secondary" href="/attendance" rel="external">{t!(i18n, roll_day_view)}</a>
    }
}

/// One student: their mark (or 出勤), 标记 / 返校 / 撤销, and the form when open.
#[component]
fn StudentLine(
    student: StudentRow,
    mark: Option<MarkRow>,
    today: NaiveDate,
    marking: RwSignal<Option<Uuid>>,
    message: Saved,
    loaded: RwSignal<Option<RollData>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = use_sync_status();
    let id = student.id;
    let open = move || marking.get() == Some(id);
    let state = mark.as_ref().map_or("present", |m| m.kind.as_str());
    let name = student.name.clone();
    let shown = mark.clone().map(|m| {
        let mut detail = vec![kind_label(i18n, m.kind)];
        if !m.symptoms.is_empty() {
            detail.push(symptoms_text(i18n, &m.symptoms));
        }
        if m.date < today {
            detail.push(
                t_string!(i18n, roll_since, date = m.date.format("%m-%d").to_string()).to_string(),
            );
        }
        if let Some(back) = m.expected_return {
            detail.push(
                t_string!(i18n, roll_expected, date = back.format("%m-%d").to_string()).to_string(),
            );
        }
        (detail.join(" · "), m.pending)
    });
    let back_button = mark
        .as_ref()
        .filter(|m| m.kind.is_absence() && m.date < today)
        .map(|m| m.id);
    let undo_button = mark.as_ref().map(|m| m.id);
    // Every line has the same buttons: their names say whose line they act on.
    let who = StoredValue::new(name.clone());
    let labelled = move |action: &str| format!("{action} {}", who.get_value());
    view! {
        <li class="roll-line" data-student=name.clone() data-mark=state>
            <div class="roll-main">
                <span class="student-no">{student.student_no.clone()}</span>" "<strong>{name.clone()}</strong>
                {match shown {
                    Some((detail, pending)) => view! {
                        " "<span class=format!("chip mark {state}")>{detail}</span>
                        <Show when=move || pending>" "<span class="chip">{t!(i18n, entry_pending)}</span></Show>
                    }.into_any(),
                    None => view! { " "<span class="chip present">{t!(i18n, roll_present)}</span> }.into_any(),
                }}
            </div>
            <div class="roll-actions">
                {back_button.map(|mark_id| view! {
                    <button class="small" aria-label=move || labelled(t_string!(i18n, roll_returned))
                        on:click=move |_| change(status, message, mark_id, MarkPatch { returned_on: Some(today), ..MarkPatch::default() })>{t!(i18n, roll_returned)}</button>
                })}
                {undo_button.map(|mark_id| view! {
                    <button class="small danger" aria-label=move || labelled(t_string!(i18n, roll_undo))
                        on:click=move |_| change(status, message, mark_id, MarkPatch { cancelled: Some(true), ..MarkPatch::default() })>{t!(i18n, roll_undo)}</button>
                })}
                <Show when=move || undo_button.is_none()>
                    <button class="small" aria-expanded=move || open().to_string()
                        aria-label=move || labelled(t_string!(i18n, roll_mark))
                        on:click=move |_| { message.set(None); marking.set(if open() { None } else { Some(id) }); }>
                        {t!(i18n, roll_mark)}
                    </button>
                </Show>
            </div>
            <Show when=open>
                <MarkForm student=student.clone() today marking message loaded/>
            </Show>
        </li>
    }
}

/// The reason, symptoms for sick leave, the expected return, a note, and 保存.
#[component]
fn MarkForm(
    student: StudentRow,
    today: NaiveDate,
    marking: RwSignal<Option<Uuid>>,
    message: Saved,
    loaded: RwSignal<Option<RollData>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = use_sync_status();
    let kind = RwSignal::new(MarkKind::Sick);
    let symptoms = RwSignal::new(Vec::<Symptom>::new());
    let back = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let id = student.id;
    let tomorrow = today.succ_opt().unwrap_or(today).to_string();
    let needs_symptoms = move || kind.get() == MarkKind::Sick && symptoms.with(Vec::is_empty);
    let save = move |_| {
        let row = MarkRow {
            id: Uuid::now_v7(),
            class_id: student.class_id,
            student_id: id,
            date: today,
            kind: kind.get_untracked(),
            symptoms: if kind.get_untracked() == MarkKind::Sick {
                symptoms.get_untracked()
            } else {
                Vec::new()
            },
            note: note.get_untracked().trim().to_string(),
            expected_return: if kind.get_untracked().is_absence() {
                NaiveDate::parse_from_str(&back.get_untracked(), "%Y-%m-%d").ok()
            } else {
                None
            },
            returned_on: None,
            cancelled: false,
            pending: true,
        };
        create(status, row, marking, message, loaded);
    };
    view! {
        <div class="mark-form" role="group" aria-label=student.name.clone()>
            <fieldset>
                <legend>{t!(i18n, roll_kind)}</legend>
                <div class="kind-picks">
                    {MarkKind::ALL.into_iter().map(|k| view! {
                        <button class="kind-pick" aria-pressed=move || (kind.get() == k).to_string()
                            on:click=move |_| kind.set(k)>{kind_label(i18n, k)}</button>
                    }).collect_view()}
                </div>
            </fieldset>
            <Show when=move || kind.get() == MarkKind::Sick>
                <fieldset>
                    <legend>{t!(i18n, roll_symptoms)}</legend>
                    <div class="symptoms">
                        {Symptom::ALL.into_iter().map(|s| view! {
                            <label class="student">
                                <input type="checkbox" prop:checked=move || symptoms.with(|l| l.contains(&s))
                                    on:change=move |_| symptoms.update(|l| if let Some(i) = l.iter().position(|x| *x == s) { l.remove(i); } else { l.push(s); })/>
                                <span>{symptom_label(i18n, s)}</span>
                            </label>
                        }).collect_view()}
                    </div>
                </fieldset>
            </Show>
            <Show when=move || kind.get().is_absence()>
                <label for=format!("back-{id}")>{t!(i18n, roll_expected_return)}</label>
                <input id=format!("back-{id}") type="date" min=tomorrow.clone() bind:value=back/>
            </Show>
            <label for=format!("note-{id}")>{t!(i18n, roll_note)}</label>
            <input id=format!("note-{id}") type="text" maxlength="200" bind:value=note/>
            <Show when=needs_symptoms>
                <p class="muted">{t!(i18n, roll_symptoms_needed)}</p>
            </Show>
            <div class="form-actions">
                <button class="primary" disabled=needs_symptoms on:click=save>{t!(i18n, save)}</button>
                <button class="secondary" on:click=move |_| marking.set(None)>{t!(i18n, cancel)}</button>
            </div>
        </div>
    }
}

/// Saves a new mark on the phone, durably, then shows it and syncs soon.
fn create(
    status: SyncStatus,
    row: MarkRow,
    marking: RwSignal<Option<Uuid>>,
    message: Saved,
    loaded: RwSignal<Option<RollData>>,
) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        match save::create(&row).await {
            Ok(()) => {
                marking.set(None);
                message.set(Some(Ok(())));
                loaded.update(|d| {
                    if let Some(d) = d {
                        d.marks.push(row);
                    }
                });
                save::after_write(status).await;
            }
            Err(e) => message.set(Some(Err(e.into()))),
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (status, row, marking, message, loaded);
}

/// Patches one field of a mark on the phone (a return, or undoing a mark made in error).
fn change(status: SyncStatus, message: Saved, mark_id: Uuid, change: MarkPatch) {
    #[cfg(feature = "hydrate")]
    crate::components::saving::save_locally(status, message, save::patch(mark_id, change), || {});
    #[cfg(not(feature = "hydrate"))]
    let _ = (status, message, mark_id, change);
}

#[cfg(feature = "hydrate")]
mod load {
    use super::RollData;
    use crate::offline::local;
    use crate::offline::store::StoreError;
    use crate::sync::rows::MarkRow;

    /// Reads the roll's data for the phone's user: classes they record for, their rosters
    /// and every mark the phone holds.
    pub async fn roll() -> Result<RollData, StoreError> {
        let classes = local::classes_with_roles()
            .await?
            .into_iter()
            .filter(|(_, r)| r.any())
            .map(|(c, _)| c)
            .collect();
        let marks = local::rows::<MarkRow>()
            .await?
            .into_iter()
            .map(|(mark, pending)| MarkRow { pending, ..mark })
            .collect();
        Ok(RollData {
            classes,
            students: local::students().await?,
            marks,
        })
    }
}

#[cfg(feature = "hydrate")]
mod save {
    use uuid::Uuid;

    use crate::domain::attendance::{MarkPatch, NewMark};
    use crate::offline::store::StoreError;
    use crate::offline::{engine, outbox};
    use crate::sync::rows::MarkRow;
    use crate::sync::status::SyncStatus;

    /// Saves a new mark on the phone, durably: once this returns it survives a crash.
    pub async fn create(row: &MarkRow) -> Result<(), StoreError> {
        let mark = NewMark {
            class_id: row.class_id,
            student_id: row.student_id,
            date: row.date,
            kind: row.kind,
            symptoms: row.symptoms.clone(),
            note: row.note.clone(),
            expected_return: row.expected_return,
        };
        outbox::create(row.id, format!("class:{}", row.class_id), &mark).await
    }

    /// After a new mark (already on screen): the new pending count, and a sync soon.
    pub async fn after_write(status: SyncStatus) {
        engine::count_pending(status).await;
        engine::kick_soon();
    }

    /// Changes a mark on the phone; it is pushed with the next sync.
    pub async fn patch(id: Uuid, change: MarkPatch) -> Result<(), StoreError> {
        outbox::patch(id, &change).await
    }
}
