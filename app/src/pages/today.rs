//! Today: the homeroom teacher logs routine checks for their class, online or not. The
//! server renders only the frame; everything shown comes from the phone's store.
use leptos::prelude::*;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::components::class_grid::ClassGrid;
use crate::components::empty_state::EmptyState;
use crate::components::page::Page;
use crate::components::sync_status::{SignedOut, SyncBar, SyncStatus, use_sync_status};
use crate::domain::checks::{Level, Recorder, RecorderRoles};
use crate::i18n::*;
use crate::sync::rows::{ClassRow, EntryRow, ItemRow, StudentRow};

/// What Today shows, read from the phone's store.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TodayData {
    /// The classes the user may record for, with the capacities they record in.
    pub classes: Vec<(ClassRow, RecorderRoles)>,
    pub items: Vec<ItemRow>,
    pub students: Vec<StudentRow>,
    pub entries: Vec<EntryRow>,
    /// How often and how lately this phone's user logged each item.
    pub usage: std::collections::HashMap<Uuid, ItemUsage>,
}

/// One item's use on this phone: how many times, and when last (Unix seconds).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ItemUsage {
    pub count: u32,
    pub last: i64,
}

/// Items the user logs most (then most lately) first; unused ones keep the scheme's order.
pub fn order_by_use(items: &mut [ItemRow], usage: &std::collections::HashMap<Uuid, ItemUsage>) {
    items.sort_by_key(|item| {
        let used = usage.get(&item.id).copied().unwrap_or_default();
        (std::cmp::Reverse(used.count), std::cmp::Reverse(used.last))
    });
}

impl TodayData {
    /// The active items this recorder may log for a class, in scheme order.
    pub fn items_for(&self, roles: RecorderRoles) -> Vec<ItemRow> {
        self.items
            .iter()
            .filter(|i| i.active)
            .filter(|i| match i.recorder {
                Recorder::Duty => roles.staff,
                Recorder::Homeroom => roles.homeroom,
                Recorder::Both => roles.staff || roles.homeroom,
            })
            .cloned()
            .collect()
    }
}

/// The Today screen.
#[component]
pub fn TodayPage() -> impl IntoView {
    let i18n = use_i18n();
    let status = use_sync_status();
    let data = RwSignal::new(None::<TodayData>);
    #[cfg(feature = "hydrate")]
    crate::offline::local::load_on_change(data, load::today);
    let phase = Memo::new(move |_| data.with(|d| d.as_ref().map(|d| !d.classes.is_empty())));
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, today_title).to_string())>
            <SyncBar/>
            {move || match phase.get() {
                Some(true) => view! { <Recorder loaded=data/> }.into_any(),
                Some(false) => view! { <EmptyState>{t!(i18n, today_no_classes)}</EmptyState> }.into_any(),
                None if status.signed_out.get() => view! { <SignedOut/> }.into_any(),
                None => view! { <p class="muted" role="status">{t!(i18n, today_loading)}</p> }.into_any(),
            }}
        </Page>
    }
}

/// The class picker, the item list, the entry form and today's entries. Reads the data
/// reactively, so a sync in the background never resets what the user is doing.
#[component]
fn Recorder(loaded: RwSignal<Option<TodayData>>) -> impl IntoView {
    let i18n = use_i18n();
    let data = Signal::derive(move || loaded.get().unwrap_or_default());
    let picked_class = RwSignal::new(None::<Uuid>);
    let class_id = Memo::new(move |_| {
        picked_class
            .get()
            .or_else(|| data.with(|d| d.classes.first().map(|(c, _)| c.id)))
            .unwrap_or_default()
    });
    let roles = move || {
        data.with(|d| {
            d.classes
                .iter()
                .find(|(c, _)| c.id == class_id.get())
                .map(|(_, r)| *r)
        })
        .unwrap_or(RecorderRoles {
            staff: false,
            homeroom: false,
        })
    };
    // Read once: the list must not reorder under the user's finger after a save.
    let usage = StoredValue::new(
        loaded.with_untracked(|d| d.as_ref().map(|d| d.usage.clone()).unwrap_or_default()),
    );
    let items = Memo::new(move |_| {
        let mut items = data.with(|d| d.items_for(roles()));
        usage.with_value(|u| order_by_use(&mut items, u));
        items
    });
    let classes = Memo::new(move |_| {
        data.with(|d| d.classes.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>())
    });
    let item = RwSignal::new(None::<ItemRow>);
    let message = RwSignal::new(None::<Result<(), String>>);
    view! {
        <Show when=move || classes.with(|c| c.len() > 1)>
            <ClassGrid classes=classes picked=class_id on_pick=move |id| {
                picked_class.set(Some(id));
                item.set(None);
            }/>
        </Show>
        <h2>{t!(i18n, today_items)}</h2>
        {move || {
            let items = items.get();
            if items.is_empty() {
                return view! { <EmptyState>{t!(i18n, today_no_items)}</EmptyState> }.into_any();
            }
            view! {
                <ul class="items">
                    {items.into_iter().map(|it| {
                        let chosen = { let id = it.id; move || item.with(|i| i.as_ref().is_some_and(|i| i.id == id)) };
                        let label = format!("{} {}", it.name, points_text(it.points));
                        let pick = it.clone();
                        view! {
                            <li>
                                <button class="item" aria-pressed=move || chosen().to_string()
                                    on:click=move |_| {
                                        message.set(None);
                                        item.set(Some(pick.clone()));
                                    }>
                                    <span class="category">{it.category.clone()}</span>
                                    <span>{label}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {move || item.get().map(|it| {
            let class_id = class_id.get_untracked();
            let students = data.with_untracked(|d| d.students.iter().filter(|s| s.class_id == class_id).cloned().collect::<Vec<_>>());
            let on_saved = move |entry: EntryRow| {
                item.set(None);
                loaded.update(|d| if let Some(d) = d { d.entries.push(entry) });
            };
            view! { <EntryForm item=it class_id students message on_saved/> }
        })}
        {move || message.get().map(|m| match m {
            Ok(()) => view! { <p class="notice ok" role="status" data-saved="true">{t!(i18n, today_saved)}</p> }.into_any(),
            Err(e) => view! { <p class="notice error" role="alert">{t_string!(i18n, today_save_failed, error = e.clone()).to_string()}</p> }.into_any(),
        })}
        <h2>{t!(i18n, today_entries)}</h2>
        {move || {
            let today = crate::sync::rows::today_local();
            let class_id = class_id.get();
            let (entries, names) = data.with(|d| {
                let entries: Vec<EntryRow> = d.entries.iter().filter(|e| e.class_id == class_id && e.date == today).cloned().collect();
                let names: std::collections::HashMap<Uuid, String> = d.items.iter().map(|i| (i.id, i.name.clone())).collect();
                (entries, names)
            });
            if entries.is_empty() {
                return view! { <EmptyState>{t!(i18n, today_no_entries)}</EmptyState> }.into_any();
            }
            view! {
                <ul class="entries" aria-label=move || t_string!(i18n, today_entries).to_string()>
                    {entries.into_iter().map(|e| {
                        let name = names.get(&e.item_id).cloned().unwrap_or_default();
                        view! { <EntryLine entry=e name/> }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

/// One entry with its sync state, and voiding with a reason.
#[component]
pub fn EntryLine(
    entry: EntryRow,
    name: String,
    #[prop(optional)] class_label: Option<String>,
    /// False for a duty entry seen by the class's teacher: it is appealed, not voided.
    #[prop(default = true)]
    voidable: bool,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let voiding = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let id = entry.id;
    let state = if entry.pending { "pending" } else { "synced" };
    let points = entry.points.map(points_text).unwrap_or_default();
    let students = entry.student_ids.len();
    let voided = entry.voided.then(|| entry.void_reason.clone());
    let note = (!entry.note.is_empty()).then(|| entry.note.clone());
    let can_void = voided.is_none() && voidable;
    #[cfg(feature = "hydrate")]
    let status = use_sync_status();
    view! {
        <li class="entry" data-state=state data-voided=entry.voided.to_string()>
            <div class="entry-main">
                <strong>{name}</strong>" "<span>{points}</span>
                {class_label.map(|c| view! { " "<span class="muted">{c}</span> })}
                <Show when=move || { students > 0 }>
                    " "<span class="muted">{move || t_string!(i18n, entry_students, count = students).to_string()}</span>
                </Show>
                {note.map(|n| view! { <p class="note">{n}</p> })}
            </div>
            <div class="entry-meta">
                <span class="chip">{move || if state == "pending" { t_string!(i18n, entry_pending) } else { t_string!(i18n, entry_synced) }}</span>
                {voided.clone().map(|r| view! { " "<span class="chip voided">{move || t_string!(i18n, entry_voided, reason = r.clone()).to_string()}</span> })}
                <Show when=move || can_void && !voiding.get()>
                    <button class="small" on:click=move |_| voiding.set(true)>{t!(i18n, entry_void)}</button>
                </Show>
            </div>
            <Show when=move || voiding.get()>
                <div class="void-form">
                    <label for=format!("void-{id}")>{t!(i18n, entry_void_reason)}</label>
                    <input id=format!("void-{id}") type="text" maxlength="200" bind:value=reason/>
                    <button class="danger" disabled=move || reason.with(|r| r.trim().is_empty())
                        on:click=move |_| {
                            let _text = reason.get_untracked().trim().to_string();
                            #[cfg(feature = "hydrate")]
                            save::void(status, id, _text);
                            voiding.set(false);
                        }>{t!(i18n, entry_void_confirm)}</button>
                </div>
            </Show>
            {children.map(|c| c())}
        </li>
    }
}

/// Students (for student-level items), time of day, note, and 保存.
#[component]
fn EntryForm(
    item: ItemRow,
    class_id: Uuid,
    students: Vec<StudentRow>,
    message: RwSignal<Option<Result<(), String>>>,
    on_saved: impl Fn(EntryRow) + Send + Sync + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let picked = RwSignal::new(Vec::<Uuid>::new());
    let query = RwSignal::new(String::new());
    let slot = RwSignal::new(item.slots.first().cloned().unwrap_or_default());
    let note = RwSignal::new(String::new());
    let student_level = item.level == Level::Student;
    let slots = item.slots.clone();
    let students = StoredValue::new(students);
    let item_id = item.id;
    let status = use_sync_status();
    let save = move |_| {
        let fields = entry_fields(
            class_id,
            item_id,
            slot.get_untracked(),
            picked.get_untracked(),
            note.get_untracked(),
        );
        submit(status, class_id, fields, message, on_saved);
    };
    view! {
        <section class="entry-form" aria-label=item.name.clone()>
            <h3>{item.name.clone()}" "{points_text(item.points)}</h3>
            <Show when=move || student_level>
                <label for="student-search">{t!(i18n, today_students)}</label>
                <input id="student-search" type="search" placeholder=move || t_string!(i18n, today_search).to_string() bind:value=query/>
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
            </Show>
            <Show when={ let n = slots.len(); move || n > 1 }>
                <label for="slot">{t!(i18n, today_slot)}</label>
                <select id="slot" on:change=move |ev| slot.set(event_target_value(&ev))>
                    {slots.iter().map(|s| view! { <option value=s.clone()>{s.clone()}</option> }).collect_view()}
                </select>
            </Show>
            <label for="note">{t!(i18n, today_note)}</label>
            <input id="note" type="text" maxlength="200" bind:value=note/>
            <button class="primary" on:click=save
                disabled=move || student_level && picked.with(|p| p.is_empty())>{t!(i18n, save)}</button>
        </section>
    }
}

/// Saves on the phone and reports the outcome; the server never runs it.
fn submit(
    status: SyncStatus,
    class_id: Uuid,
    fields: Map<String, Value>,
    message: RwSignal<Option<Result<(), String>>>,
    on_saved: impl Fn(EntryRow) + 'static,
) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        match save::create(class_id, fields).await {
            Ok(entry) => {
                message.set(Some(Ok(())));
                let item_id = entry.item_id;
                on_saved(entry);
                save::after_create(status).await;
                let _ = crate::offline::local::note_item_use(item_id).await;
            }
            Err(e) => message.set(Some(Err(e))),
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (status, class_id, fields, message, on_saved);
}

/// The `create` fields of a check entry made now, today.
fn entry_fields(
    class_id: Uuid,
    item_id: Uuid,
    slot: String,
    students: Vec<Uuid>,
    note: String,
) -> Map<String, Value> {
    let value = json!({
        "class_id": class_id, "date": crate::sync::rows::today_local(), "slot": slot, "item_id": item_id,
        "student_ids": students, "note": note.trim(), "observed_at": chrono::Utc::now(),
    });
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// −1 or +0.5: points with their sign.
pub fn points_text(points: f64) -> String {
    if points > 0.0 {
        format!("+{points}")
    } else {
        format!("{points}")
    }
}

#[cfg(feature = "hydrate")]
mod load {
    use super::TodayData;
    use crate::domain::role::ClassPlace;
    use crate::offline::local;
    use crate::offline::store::StoreError;
    use crate::sync::rows::{ClassRow, ItemRow, StudentRow};

    /// Reads Today's data for the phone's user.
    pub async fn today() -> Result<TodayData, StoreError> {
        let who = crate::offline::store::last_principal()
            .await?
            .ok_or_else(|| StoreError("no user".into()))?;
        let school_id = who.school_id.unwrap_or_default();
        let mut classes: Vec<_> = local::rows::<ClassRow>("school_class")
            .await?
            .into_iter()
            .map(|(_, c)| {
                let roles = who.recorder_roles(&ClassPlace {
                    class_id: c.id,
                    grade_id: c.grade_id,
                    school_id,
                });
                (c, roles)
            })
            .filter(|(_, r)| r.staff || r.homeroom)
            .collect();
        classes.sort_by_key(|(c, r)| (!r.homeroom, c.grade_order, c.sort_order));
        let mut items: Vec<ItemRow> = local::rows::<ItemRow>("check_item")
            .await?
            .into_iter()
            .map(|(_, i)| i)
            .collect();
        items.sort_by_key(|i| i.sort_order);
        let mut students: Vec<StudentRow> = local::rows::<StudentRow>("student")
            .await?
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        students.sort_by(|a, b| a.student_no.cmp(&b.student_no));
        Ok(TodayData {
            classes,
            items,
            students,
            entries: local::entries_on(crate::sync::rows::today_local()).await?,
            usage: local::item_usage().await?,
        })
    }
}

#[cfg(feature = "hydrate")]
pub(crate) mod save {
    use serde_json::{Map, Value};
    use uuid::Uuid;

    use crate::components::sync_status::SyncStatus;
    use crate::offline::{engine, outbox};
    use crate::sync::Table;
    use crate::sync::rows::EntryRow;

    /// Saves a new entry on the phone, durably: once this returns it survives a crash.
    /// Returns the entry as the screen shows it (waiting to sync).
    pub async fn create(class_id: Uuid, fields: Map<String, Value>) -> Result<EntryRow, String> {
        let id = Uuid::now_v7();
        let mut shown: EntryRow =
            serde_json::from_value(Value::Object(fields.clone())).map_err(|e| e.to_string())?;
        outbox::create(Table::CheckEntry, id, format!("class:{class_id}"), fields)
            .await
            .map_err(|e| e.to_string())?;
        shown.id = id;
        shown.pending = true;
        Ok(shown)
    }

    /// After a new entry (already on screen): the new pending count, and a sync soon.
    pub async fn after_create(status: SyncStatus) {
        engine::count_pending(status).await;
        engine::kick_soon();
    }

    /// Voids an entry with a reason: a correction, never a deletion.
    pub fn void(status: SyncStatus, id: Uuid, reason: String) {
        leptos::task::spawn_local(async move {
            let mut fields = Map::new();
            fields.insert("voided".into(), Value::Bool(true));
            fields.insert("void_reason".into(), Value::String(reason));
            if outbox::patch(Table::CheckEntry, id, fields).await.is_ok() {
                engine::refresh(status).await;
                engine::kick_soon();
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn item(n: u128) -> ItemRow {
        serde_json::from_value(json!({"id": Uuid::from_u128(n), "category": "卫生", "name": format!("item {n}"),
            "points": -1, "level": "class", "slots": ["早读"], "recorder": "both", "active": true, "sort_order": n}))
        .unwrap()
    }

    #[test]
    fn the_most_and_latest_used_items_come_first_and_the_rest_keep_the_scheme_order() {
        let mut items: Vec<ItemRow> = (1..=5).map(item).collect();
        let usage: HashMap<Uuid, ItemUsage> = [
            (
                Uuid::from_u128(4),
                ItemUsage {
                    count: 3,
                    last: 100,
                },
            ),
            (
                Uuid::from_u128(2),
                ItemUsage {
                    count: 1,
                    last: 300,
                },
            ),
            (
                Uuid::from_u128(5),
                ItemUsage {
                    count: 1,
                    last: 200,
                },
            ),
        ]
        .into();
        order_by_use(&mut items, &usage);
        let order: Vec<u128> = items.iter().map(|i| i.id.as_u128()).collect();
        assert_eq!(order, [4, 2, 5, 1, 3]);
    }
}
