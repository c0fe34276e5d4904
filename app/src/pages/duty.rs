//! The class duty roster (值日安排): the team on duty each school day, picked from the
//! roster. Read and saved on the phone, so it works offline once opened.
use std::sync::Arc;

use leptos::prelude::*;
use uuid::Uuid;

use crate::components::class_grid::ClassGrid;
use crate::components::empty_state::EmptyState;
use crate::components::entry_form::StudentPicker;
use crate::components::saving::{SaveNotice, Saved};
use crate::components::store_screen::StoreScreen;
use crate::domain::duty::DutyDay;
use crate::i18n::*;
use crate::sync::rows::{ClassRow, StudentRow};

/// The days a roster plans: Monday to Friday.
const SCHOOL_DAYS: [u8; 5] = [1, 2, 3, 4, 5];

/// What the roster screen shows, read from the phone's store.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DutyData {
    /// The classes the user records for, their own first.
    pub classes: Vec<ClassRow>,
    pub students: Vec<StudentRow>,
    pub days: Vec<DutyDay>,
}

/// 周一 … 周五: the name of one of [`SCHOOL_DAYS`].
fn weekday_label(i18n: leptos_i18n::I18nContext<Locale>, weekday: u8) -> String {
    match weekday {
        1 => t_string!(i18n, duty_weekday_1),
        2 => t_string!(i18n, duty_weekday_2),
        3 => t_string!(i18n, duty_weekday_3),
        4 => t_string!(i18n, duty_weekday_4),
        _ => t_string!(i18n, duty_weekday_5),
    }
    .to_string()
}

/// The roster screen.
#[component]
pub fn DutyPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = RwSignal::new(None::<DutyData>);
    #[cfg(feature = "hydrate")]
    crate::components::sync_status::load_on_change(data, load::duty);
    let phase = Memo::new(move |_| data.with(|d| d.as_ref().map(|d| !d.classes.is_empty())));
    view! {
        <StoreScreen title=Signal::derive(move || t_string!(i18n, duty_title).to_string()) shown=phase
            empty=move || t!(i18n, today_no_classes)>
            <Roster loaded=data/>
        </StoreScreen>
    }
}

/// The class picker and one team per school day.
#[component]
fn Roster(loaded: RwSignal<Option<DutyData>>) -> impl IntoView {
    let i18n = use_i18n();
    let data = Signal::derive(move || loaded.get().unwrap_or_default());
    let picked_class = RwSignal::new(None::<Uuid>);
    let class_id = Memo::new(move |_| {
        picked_class
            .get()
            .or_else(|| data.with(|d| d.classes.first().map(|c| c.id)))
            .unwrap_or_default()
    });
    let classes = Memo::new(move |_| data.with(|d| d.classes.clone()));
    view! {
        <Show when=move || classes.with(|c| c.len() > 1)>
            <ClassGrid classes=classes picked=class_id on_pick=move |id| picked_class.set(Some(id))/>
        </Show>
        {move || {
            let class_id = class_id.get();
            // Read once per class: a sync in the background must not undo what is being picked.
            let (students, days) = data.with_untracked(|d| {
                let students: Arc<[StudentRow]> =
                    d.students.iter().filter(|s| s.class_id == class_id).cloned().collect();
                let days: Vec<DutyDay> =
                    d.days.iter().filter(|day| day.class_id == class_id).cloned().collect();
                (students, days)
            });
            if students.is_empty() {
                return view! { <EmptyState>{t!(i18n, duty_no_students)}</EmptyState> }.into_any();
            }
            let students = StoredValue::new(students);
            SCHOOL_DAYS.into_iter().map(|weekday| {
                let day = days.iter().find(|d| d.weekday == weekday).cloned();
                view! { <DayTeam class_id weekday day students/> }
            }).collect_view().into_any()
        }}
    }
}

/// One school day's team and duties, saved on the phone.
#[component]
fn DayTeam(
    class_id: Uuid,
    weekday: u8,
    day: Option<DutyDay>,
    students: StoredValue<Arc<[StudentRow]>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let picked = RwSignal::new(
        day.as_ref()
            .map(|d| d.student_ids.clone())
            .unwrap_or_default(),
    );
    let task = RwSignal::new(day.as_ref().map(|d| d.task.clone()).unwrap_or_default());
    // Once saved, the day exists: a second save changes it instead of making it again.
    let saved_id = StoredValue::new(day.map(|d| d.id));
    let saved: Saved = RwSignal::new(None);
    let heading = format!("duty-{weekday}");
    let labelled_by = heading.clone();
    let save = move |_| {
        #[cfg(feature = "hydrate")]
        save::day(
            class_id,
            weekday,
            saved_id,
            picked.get_untracked(),
            task.get_untracked(),
            saved,
        );
        #[cfg(not(feature = "hydrate"))]
        let _ = (class_id, saved_id, saved);
    };
    view! {
        <section class="duty-day" aria-labelledby=labelled_by>
            <h2 id=heading>{weekday_label(i18n, weekday)}</h2>
            <StudentPicker id=format!("duty-search-{weekday}") students picked/>
            <label for=format!("duty-task-{weekday}")>{t!(i18n, duty_task)}</label>
            <input id=format!("duty-task-{weekday}") type="text" maxlength="200" bind:value=task/>
            <button class="primary" on:click=save
                aria-label=move || format!("{} {}", t_string!(i18n, duty_save), weekday_label(i18n, weekday))>
                {t!(i18n, duty_save)}
            </button>
            <SaveNotice saved/>
        </section>
    }
}

#[cfg(feature = "hydrate")]
mod load {
    use super::DutyData;
    use crate::domain::duty::DutyDay;
    use crate::offline::local;
    use crate::offline::store::StoreError;

    /// Reads the roster's data for the phone's user.
    pub async fn duty() -> Result<DutyData, StoreError> {
        let classes = local::classes_with_roles()
            .await?
            .into_iter()
            .filter(|(_, r)| r.any())
            .map(|(c, _)| c)
            .collect();
        Ok(DutyData {
            classes,
            students: local::students().await?,
            days: local::values::<DutyDay>().await?,
        })
    }
}

#[cfg(feature = "hydrate")]
mod save {
    use leptos::prelude::*;
    use uuid::Uuid;

    use crate::components::saving::{Saved, save_locally};
    use crate::domain::duty::{DutyDayPatch, NewDutyDay};
    use crate::offline::outbox;
    use crate::sync::status::use_sync_status;

    /// Saves a day's team on the phone: the first save makes the day, later ones change it.
    pub fn day(
        class_id: Uuid,
        weekday: u8,
        saved_id: StoredValue<Option<Uuid>>,
        student_ids: Vec<Uuid>,
        task: String,
        saved: Saved,
    ) {
        let status = use_sync_status();
        let task = task.trim().to_string();
        let write = async move {
            match saved_id.get_value() {
                Some(id) => {
                    let change = DutyDayPatch {
                        student_ids: Some(student_ids),
                        task: Some(task),
                    };
                    outbox::patch(id, &change).await
                }
                None => {
                    let id = Uuid::now_v7();
                    let new = NewDutyDay {
                        class_id,
                        weekday,
                        student_ids,
                        task,
                    };
                    outbox::create(id, format!("class:{class_id}"), &new).await?;
                    saved_id.set_value(Some(id));
                    Ok(())
                }
            }
        };
        save_locally(status, saved, write, || {});
    }
}
