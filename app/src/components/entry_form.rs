//! The form behind a check item: students (for student-level items), time of day, count,
//! points and note, then 保存. As a correction (更正) it starts from the entry it replaces
//! and asks why; the server voids that entry when it applies the new one.
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use uuid::Uuid;

use crate::components::photo_field::single_photo_field;
use crate::components::saving::Saved;
use crate::components::stepper::Stepper;
use crate::domain::activities::ActivityPhoto;
use crate::domain::checks::{
    Level, MAX_COUNT, MAX_ENTRY_VALUE, NewCheckEntry, Points, entry_value,
};
use crate::domain::photos::PhotoId;
use crate::i18n::*;
use crate::sync::rows::{EntryRow, ItemRow, StudentRow};
use crate::sync::status::{SyncStatus, use_sync_status};

/// Tenths of a point the points stepper moves by.
const POINT_STEP: i64 = 5;

/// The entry form; `correcting` names the entry a correction replaces.
#[component]
pub fn EntryForm(
    item: ItemRow,
    class_id: Uuid,
    students: Arc<[StudentRow]>,
    #[prop(optional)] correcting: Option<EntryRow>,
    message: Saved,
    on_saved: impl Fn(EntryRow) + Send + Sync + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let default_points = item.points;
    let (min, max) = item
        .range()
        .unwrap_or_else(|| default_points.default_range());
    let old = correcting.as_ref();
    let picked = RwSignal::new(old.map(|e| e.student_ids.clone()).unwrap_or_default());
    let slot = RwSignal::new(
        old.map(|e| e.slot.clone())
            .or_else(|| item.slots.first().cloned())
            .unwrap_or_default(),
    );
    let count = RwSignal::new(old.and_then(|e| e.count).unwrap_or(1));
    let points = RwSignal::new(old.and_then(|e| e.points).unwrap_or(default_points).0);
    let note = RwSignal::new(old.map(|e| e.note.clone()).unwrap_or_default());
    let reason = RwSignal::new(String::new());
    // A correction keeps the evidence photo of the entry it replaces unless it is removed.
    let kept_photo: Vec<PhotoId> = old.and_then(|e| e.photo.clone()).into_iter().collect();
    let photos = RwSignal::new(
        kept_photo
            .iter()
            .map(|id| ActivityPhoto {
                id: id.clone(),
                students: Vec::new(),
            })
            .collect::<Vec<_>>(),
    );
    let has_photo = !kept_photo.is_empty();
    let is_correction = correcting.is_some();
    let made = Made {
        class_id,
        item_id: item.id,
        original: old.map(|e| Original {
            id: e.id,
            date: e.date,
            observed_at: e.observed_at,
        }),
    };
    let student_level = item.level == Level::Student;
    let slots = item.slots.clone();
    let students = StoredValue::new(students);
    let status = use_sync_status();
    let value = move || entry_value(Points(points.get()), count.get(), picked.with(Vec::len));
    let too_large = move || value().0.abs() > MAX_ENTRY_VALUE.0;
    let total = move || {
        let total = t_string!(i18n, entry_total, points = value().signed());
        if too_large() {
            format!("{total} · {}", t_string!(i18n, reject_value_too_large))
        } else {
            total.to_string()
        }
    };
    let save = move |_| {
        let values = Values {
            slot: slot.get_untracked(),
            points: Points(points.get_untracked()),
            count: count.get_untracked(),
            students: picked.get_untracked(),
            note: note.get_untracked(),
            reason: reason.get_untracked(),
            photo: photos.with_untracked(|p| p.first().map(|p| p.id.clone())),
        };
        submit(status, made.entry(values), message, on_saved);
    };
    let field = |name: &str| match &correcting {
        Some(e) => format!("{name}-{}", e.id),
        None => name.to_string(),
    };
    let (search_id, slot_id, note_id, reason_id, photo_id) = (
        field("student-search"),
        field("slot"),
        field("note"),
        field("reason"),
        field("evidence"),
    );
    view! {
        <section class="entry-form" id=(!is_correction).then_some("entry-form") aria-label=item.name.clone()>
            <h3>{item.name.clone()}" "{item.points.signed()}</h3>
            <Show when=move || student_level>
                <label for=search_id.clone()>{t!(i18n, today_students)}</label>
                <StudentPicker id=search_id.clone() students picked/>
            </Show>
            <Show when={ let n = slots.len(); move || n > 1 }>
                <label for=slot_id.clone()>{t!(i18n, today_slot)}</label>
                <select id=slot_id.clone() on:change=move |ev| slot.set(event_target_value(&ev))>
                    {slots.iter().map(|s| {
                        let chosen = slot.get_untracked() == *s;
                        view! { <option value=s.clone() selected=chosen>{s.clone()}</option> }
                    }).collect_view()}
                </select>
            </Show>
            <Stepper label=Signal::derive(move || t_string!(i18n, entry_count).to_string())
                value=count min=1 max=MAX_COUNT step=1 show=|n| format!("×{n}")/>
            <Show when=move || min != max>
                <Stepper label=Signal::derive(move || t_string!(i18n, entry_points).to_string())
                    value=points min=min.0 max=max.0 step=POINT_STEP
                    show=|tenths| Points(tenths).signed()/>
            </Show>
            <p class="entry-total" class:error=too_large aria-live="polite">{total}</p>
            <label for=note_id.clone()>{t!(i18n, today_note)}</label>
            <input id=note_id type="text" maxlength="200" bind:value=note/>
            <details class="evidence" open=has_photo>
                <summary>{t!(i18n, entry_evidence)}</summary>
                {Suspend::new(single_photo_field(photos, kept_photo, photo_id))}
            </details>
            <Show when=move || is_correction>
                <label for=reason_id.clone()>{t!(i18n, entry_correct_reason)}</label>
                <input id=reason_id.clone() type="text" maxlength="200" required bind:value=reason/>
            </Show>
            <button class="primary" on:click=save
                disabled=move || too_large() || (is_correction && reason.with(|r| r.trim().is_empty()))>
                {move || if is_correction { t_string!(i18n, entry_correct_save) } else { t_string!(i18n, save) }}
            </button>
        </section>
    }
}

/// The class's students, filtered by name or number as the user types; tap to pick several.
#[component]
pub fn StudentPicker(
    id: String,
    students: StoredValue<Arc<[StudentRow]>>,
    picked: RwSignal<Vec<Uuid>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    view! {
        <input id=id type="search" placeholder=move || t_string!(i18n, today_search).to_string() bind:value=query/>
        <div class="students" role="group" aria-label=move || t_string!(i18n, today_students).to_string()>
            {move || {
                let q = query.get();
                students.with_value(|all| all.iter().filter(|s| q.is_empty() || s.name.contains(q.as_str()) || s.student_no.contains(q.as_str())).map(|s| {
                    let id = s.id;
                    let on = move || picked.with(|p| p.contains(&id));
                    view! {
                        <label class="student">
                            <input type="checkbox" prop:checked=on on:change=move |_| picked.update(|p| if let Some(i) = p.iter().position(|x| *x == id) { p.remove(i); } else { p.push(id); })/>
                            <span>{s.student_no.clone()}" "{s.name.clone()}</span>
                        </label>
                    }
                }).collect_view())
            }}
        </div>
    }
}

/// What the form fixes before the user types: the class, the item, and what it corrects.
#[derive(Clone, Copy)]
struct Made {
    class_id: Uuid,
    item_id: Uuid,
    original: Option<Original>,
}

/// The entry a correction replaces: it keeps that entry's day and time observed.
#[derive(Clone, Copy)]
struct Original {
    id: Uuid,
    date: NaiveDate,
    observed_at: Option<DateTime<Utc>>,
}

/// What the user chose.
struct Values {
    slot: String,
    points: Points,
    count: i64,
    students: Vec<Uuid>,
    note: String,
    reason: String,
    photo: Option<PhotoId>,
}

impl Made {
    /// The entry to save: a new one is observed today, as it is saved.
    fn entry(self, v: Values) -> NewCheckEntry {
        let (date, observed_at) = match self.original {
            Some(old) => (old.date, old.observed_at),
            None => (crate::sync::rows::today_local(), Some(Utc::now())),
        };
        NewCheckEntry {
            class_id: self.class_id,
            date,
            slot: v.slot,
            item_id: self.item_id,
            points: Some(v.points),
            count: Some(v.count),
            student_ids: v.students,
            note: v.note.trim().to_string(),
            observed_at,
            corrects: self.original.map(|old| old.id),
            reason: match self.original {
                Some(_) => v.reason.trim().to_string(),
                None => String::new(),
            },
            photo: v.photo,
        }
    }
}

/// Saves on the phone and reports the outcome; the server never runs it.
fn submit(
    status: SyncStatus,
    entry: NewCheckEntry,
    message: Saved,
    on_saved: impl Fn(EntryRow) + 'static,
) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        match save::create(&entry).await {
            Ok(entry) => {
                message.set(Some(Ok(())));
                let (item_id, corrects) = (entry.item_id, entry.corrects);
                on_saved(entry);
                save::after_create(status, corrects.is_some()).await;
                let _ = crate::offline::local::note_item_use(item_id).await;
            }
            Err(e) => message.set(Some(Err(e.into()))),
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (status, entry, message, on_saved);
}

#[cfg(feature = "hydrate")]
mod save {
    use serde_json::Value;
    use uuid::Uuid;

    use crate::domain::checks::NewCheckEntry;
    use crate::offline::store::StoreError;
    use crate::offline::{engine, outbox};
    use crate::sync::payload::Payload;
    use crate::sync::rows::EntryRow;
    use crate::sync::status::SyncStatus;

    /// Saves a new entry on the phone, durably: once this returns it survives a crash.
    /// Returns the entry as the screen shows it (waiting to sync).
    pub async fn create(entry: &NewCheckEntry) -> Result<EntryRow, StoreError> {
        let id = Uuid::now_v7();
        let mut shown: EntryRow = serde_json::from_value(Value::Object(entry.to_fields()?))?;
        let photos: Vec<_> = entry.photo.iter().cloned().collect();
        outbox::create_with_photos(id, format!("class:{}", entry.class_id), entry, &photos).await?;
        shown.id = id;
        shown.pending = true;
        Ok(shown)
    }

    /// After a new entry (already on screen): the new pending count, and a sync soon. A
    /// correction also changes the entry it replaces, so the screens read the store again.
    pub async fn after_create(status: SyncStatus, correction: bool) {
        if correction {
            engine::refresh(status).await;
        } else {
            engine::count_pending(status).await;
        }
        engine::kick_soon();
    }
}
