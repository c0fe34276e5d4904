//! Today: the homeroom teacher logs routine checks for their class, online or not. Online,
//! the server draws the user's Today (a private page, never kept); the page the service
//! worker keeps is the frame alone, and the phone fills it from its store.
use std::collections::HashSet;

use leptos::prelude::*;
use uuid::Uuid;

use crate::components::class_grid::ClassGrid;
use crate::components::drawn_today::drawn_copy;
use crate::components::empty_state::EmptyState;
use crate::components::entry_form::EntryForm;
use crate::components::entry_line::{Correction, EntryLine};
use crate::components::saving::{SaveNotice, Saved};
use crate::components::store_screen::StoreScreen;
use crate::domain::checks::{ItemUsage, RecorderRoles};
use crate::domain::duty::team_on;
use crate::i18n::*;
use crate::sync::rows::{EntryRow, ItemRow, StudentRow};
use crate::sync::today::TodayData;

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
            .filter(|i| i.recorder.allows(roles))
            .cloned()
            .collect()
    }

    /// The names of the class's team on duty today, and their duties.
    fn on_duty(&self, class_id: Uuid) -> Option<(String, String)> {
        let team = team_on(&self.duty, class_id, self.day).filter(|t| !t.student_ids.is_empty())?;
        let names: Vec<&str> = team
            .student_ids
            .iter()
            .filter_map(|id| self.students.iter().find(|s| s.id == *id))
            .map(|s| s.name.as_str())
            .collect();
        Some((names.join("、"), team.task.clone()))
    }

    /// The roster of one class, by student number.
    fn students_of(&self, class_id: Uuid) -> std::sync::Arc<[StudentRow]> {
        self.students
            .iter()
            .filter(|s| s.class_id == class_id)
            .cloned()
            .collect()
    }

    /// Whether a class has entries today.
    fn has_entries(&self, class_id: Uuid) -> bool {
        self.entries
            .iter()
            .any(|e| e.class_id == class_id && e.date == self.day)
    }

    /// A class's entries of today, each with its item's name and whether this recorder
    /// may fix it: a teacher appeals a duty entry rather than changing it.
    fn lines(&self, class_id: Uuid, roles: RecorderRoles) -> Vec<Line> {
        let entries: Vec<&EntryRow> = self
            .entries
            .iter()
            .filter(|e| e.class_id == class_id && e.date == self.day)
            .collect();
        let corrected: HashSet<Uuid> = entries.iter().filter_map(|e| e.corrects).collect();
        let students = self.students_of(class_id);
        entries
            .into_iter()
            .map(|e| {
                let item = self.items.iter().find(|i| i.id == e.item_id);
                Line {
                    entry: e.clone(),
                    name: item.map(|i| i.name.clone()).unwrap_or_default(),
                    voidable: e.recorder_role.changeable_by(roles),
                    corrected: corrected.contains(&e.id),
                    correction: item.map(|item| Correction {
                        item: item.clone(),
                        students: students.clone(),
                    }),
                }
            })
            .collect()
    }
}

/// The Today screen.
#[component]
pub fn TodayPage() -> impl IntoView {
    let i18n = use_i18n();
    let first = drawn_copy();
    let data = RwSignal::new(first.clone());
    #[cfg(feature = "hydrate")]
    load::keep_drawn_while_filling(data, first);
    let phase = Memo::new(move |_| data.with(|d| d.as_ref().map(|d| !d.classes.is_empty())));
    view! {
        <StoreScreen title=Signal::derive(move || t_string!(i18n, today_title).to_string()) shown=phase
            empty=move || t!(i18n, today_no_classes)>
            <Recorder loaded=data/>
        </StoreScreen>
    }
}

/// The class picker, the item list, the entry form and today's entries. Reads the data
/// reactively, so a sync in the background never resets what the user is doing.
#[component]
fn Recorder(loaded: RwSignal<Option<TodayData>>) -> impl IntoView {
    let i18n = use_i18n();
    let picked_class = RwSignal::new(None::<Uuid>);
    let class_id = Memo::new(move |_| {
        picked_class
            .get()
            .or_else(|| read(loaded, |d| d.classes.first().map(|(c, _)| c.id)))
            .unwrap_or_default()
    });
    let roles = move || {
        read(loaded, |d| {
            d.classes
                .iter()
                .find(|(c, _)| c.id == class_id.get())
                .map(|(_, r)| *r)
        })
        .unwrap_or_default()
    };
    // Read once: the list must not reorder under the user's finger after a save.
    let usage = StoredValue::new(
        loaded.with_untracked(|d| d.as_ref().map(|d| d.usage.clone()).unwrap_or_default()),
    );
    let items = Memo::new(move |_| {
        let mut items = read(loaded, |d| d.items_for(roles()));
        usage.with_value(|u| order_by_use(&mut items, u));
        items
    });
    let classes = Memo::new(move |_| {
        read(loaded, |d| {
            d.classes.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>()
        })
    });
    let item = RwSignal::new(None::<ItemRow>);
    let message: Saved = RwSignal::new(None);
    view! {
        <Show when=move || classes.with(|c| c.len() > 1)>
            <ClassGrid classes=classes picked=class_id on_pick=move |id| {
                picked_class.set(Some(id));
                item.set(None);
            }/>
        </Show>
        <p class="duty-today" data-duty="true">
            {move || {
                let team = read(loaded, |d| d.on_duty(class_id.get()));
                match team {
                    Some((names, task)) if task.is_empty() => t_string!(i18n, duty_today, names = names).to_string(),
                    Some((names, task)) => format!("{} · {task}", t_string!(i18n, duty_today, names = names)),
                    None => t_string!(i18n, duty_none_today).to_string(),
                }
            }}
            " "<a href="/duty">{t!(i18n, duty_edit)}</a>
        </p>
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
                        let label = format!("{} {}", it.name, it.points.signed());
                        let pick = it.clone();
                        view! {
                            <li>
                                <button class="item" aria-pressed=move || chosen().to_string()
                                    on:click=move |_| {
                                        message.set(None);
                                        item.set(Some(pick.clone()));
                                        reveal_form();
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
            let students = loaded.with_untracked(|d| d.as_ref().map(|d| d.students_of(class_id))).unwrap_or_default();
            let on_saved = move |entry: EntryRow| {
                item.set(None);
                loaded.update(|d| if let Some(d) = d { d.entries.push(entry) });
            };
            view! { <EntryForm item=it class_id students message on_saved/> }
        })}
        <SaveNotice saved=message/>
        <h2>{t!(i18n, today_entries)}</h2>
        // Keyed: a save adds one line and a sync redraws only the lines it changed, so a line
        // being corrected stays open.
        <Show when=move || read(loaded, |d| d.has_entries(class_id.get()))
            fallback=move || view! { <EmptyState>{t!(i18n, today_no_entries)}</EmptyState> }>
            <ul class="entries" aria-label=move || t_string!(i18n, today_entries).to_string()>
                <For each=move || read(loaded, |d| d.lines(class_id.get(), roles()))
                    key=|line| (line.entry.id, line.entry.pending, line.entry.voided, line.corrected, line.voidable)
                    children=|Line { entry, name, voidable, corrected, correction }| view! {
                        <EntryLine entry name voidable corrected correction/>
                    }/>
            </ul>
        </Show>
    }
}

/// Reads Today's data where it is (an empty day until it is loaded), without copying it.
fn read<R>(loaded: RwSignal<Option<TodayData>>, f: impl FnOnce(&TodayData) -> R) -> R {
    loaded.with(|d| match d {
        Some(d) => f(d),
        None => f(&TodayData::default()),
    })
}

/// Brings the entry form into view once it renders: on a phone it opens below the item list.
fn reveal_form() {
    request_animation_frame(|| {
        if let Ok(Some(form)) = document().query_selector("#entry-form") {
            form.scroll_into_view();
        }
    });
}

/// One of today's entries with what its line needs.
struct Line {
    entry: EntryRow,
    name: String,
    voidable: bool,
    corrected: bool,
    correction: Option<Correction>,
}

#[cfg(feature = "hydrate")]
mod load {
    use leptos::prelude::*;

    use crate::offline::local;
    use crate::offline::store::{self, StoreError};
    use crate::sync::rows::today_local;
    use crate::sync::status::use_sync_status;
    use crate::sync::today::{TodayData, TodayRows};

    /// Fills `data` from the phone's store; while the phone's first sync fills the store, what
    /// the server drew into the page stays on screen.
    pub fn keep_drawn_while_filling(data: RwSignal<Option<TodayData>>, drawn: Option<TodayData>) {
        let status = use_sync_status();
        let drawn = StoredValue::new(drawn);
        crate::components::sync_status::load_on_change(data, move || {
            let stored = today();
            async move {
                let stored = stored.await?;
                let filling = stored.classes.is_empty() && status.filling.get_untracked();
                Ok(match drawn.get_value() {
                    Some(drawn) if filling => drawn,
                    _ => stored,
                })
            }
        });
    }

    /// Reads Today's data for the phone's user from the store.
    async fn today() -> Result<TodayData, StoreError> {
        let day = today_local();
        let who = store::last_principal().await?;
        let rows = TodayRows {
            classes: local::values().await?,
            items: local::values().await?,
            students: local::values().await?,
            entries: local::entries_on(day).await?,
            duty: local::values().await?,
        };
        let mut data = rows.arrange(who.as_ref(), day);
        data.usage = local::item_usage().await?;
        Ok(data)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use serde_json::json;

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
