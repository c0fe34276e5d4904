//! Check records of the user's scope, from the phone's store after sync, newest first;
//! and the records the server refused, to read and dismiss.
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;
use uuid::Uuid;

use crate::components::appeal::AppealBox;
use crate::components::empty_state::EmptyState;
use crate::components::entry_line::{Correction, EntryLine};
use crate::components::page::Page;
use crate::components::rejection_text::{refused_kind, rejection_text};
use crate::components::saving::{SaveNotice, Saved};
use crate::components::sync_status::{SignedOut, SyncBar};
use crate::domain::appeals::AppealStatus;
use crate::domain::checks::{RecorderRole, RecorderRoles};
use crate::i18n::*;
use crate::sync::Table;
use crate::sync::rows::{AppealRow, EntryRow, ItemRow, StudentRow};
use crate::sync::status::{SyncStatus, use_sync_status};

/// Entries shown at first, and added by each 显示更多.
const PAGE: usize = 100;

/// What the list shows: entries with their item and class names, and refusals.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EntriesData {
    pub entries: Vec<EntryRow>,
    pub items: HashMap<Uuid, ItemRow>,
    /// Each class's roster, for corrections of student-level entries.
    pub students: HashMap<Uuid, Arc<[StudentRow]>>,
    pub class_labels: HashMap<Uuid, String>,
    /// (seq, table, what it named — an item or a student —, reason code) of each refusal.
    pub rejected: Vec<(i64, Table, String, String)>,
    /// Appeals by the entry they contest.
    pub appeals: HashMap<Uuid, AppealRow>,
    /// In which capacities the user records for each class.
    pub roles: HashMap<Uuid, RecorderRoles>,
}

/// What one entry line needs besides the entry.
#[derive(Clone)]
struct LineContext {
    items: HashMap<Uuid, ItemRow>,
    students: HashMap<Uuid, Arc<[StudentRow]>>,
    class_labels: HashMap<Uuid, String>,
    appeals: HashMap<Uuid, AppealRow>,
    roles: HashMap<Uuid, RecorderRoles>,
    /// Entries another entry on the phone corrects.
    corrected: HashSet<Uuid>,
}

impl LineContext {
    fn line(&self, entry: EntryRow) -> impl IntoView + use<> {
        let item = self.items.get(&entry.item_id);
        let name = item.map(|i| i.name.clone()).unwrap_or_default();
        let class_label = self
            .class_labels
            .get(&entry.class_id)
            .cloned()
            .unwrap_or_default();
        let roles = self.roles.get(&entry.class_id).copied().unwrap_or_default();
        let by_duty = entry.recorder_role == RecorderRole::Staff;
        let voidable = entry.recorder_role.changeable_by(roles);
        let appeal = self.appeals.get(&entry.id).cloned();
        let appealable = by_duty && !entry.voided && !entry.pending;
        let (entry_id, class_id) = (entry.id, entry.class_id);
        let correction = item.filter(|_| roles.any()).map(|item| Correction {
            item: item.clone(),
            students: self.students.get(&class_id).cloned().unwrap_or_default(),
        });
        let corrected = self.corrected.contains(&entry_id);
        view! {
            <EntryLine entry name class_label voidable corrected correction>
                <AppealBox entry_id class_id appeal roles appealable/>
            </EntryLine>
        }
    }
}

/// The records screen.
#[component]
pub fn EntriesPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = RwSignal::new(None::<EntriesData>);
    let status = use_sync_status();
    #[cfg(feature = "hydrate")]
    crate::components::sync_status::load_on_change(data, load::entries);
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, entries_title).to_string())>
            <SyncBar/>
            {move || match data.get() {
                None if status.signed_out.get() => view! { <SignedOut/> }.into_any(),
                None => view! { <p class="muted" role="status">{t!(i18n, today_loading)}</p> }.into_any(),
                Some(data) => view! { <Records data/> }.into_any(),
            }}
        </Page>
    }
}

#[component]
fn Records(data: EntriesData) -> impl IntoView {
    let i18n = use_i18n();
    let EntriesData {
        entries,
        items,
        students,
        class_labels,
        rejected,
        appeals,
        roles,
    } = data;
    let waiting: Vec<EntryRow> = entries
        .iter()
        .filter(|e| {
            appeals
                .get(&e.id)
                .is_some_and(|a| a.status == AppealStatus::Pending)
                && roles.get(&e.class_id).is_some_and(|r| r.staff)
        })
        .cloned()
        .collect();
    let has_waiting = !waiting.is_empty();
    let context = LineContext {
        items,
        students,
        class_labels,
        appeals,
        roles,
        corrected: entries.iter().filter_map(|e| e.corrects).collect(),
    };
    let waiting_context = context.clone();
    let empty = entries.is_empty();
    let total = entries.len();
    let shown = RwSignal::new(PAGE);
    let entries = StoredValue::new(entries);
    let has_rejected = !rejected.is_empty();
    let status = use_sync_status();
    view! {
        <Show when=move || has_rejected>
            <h2 id="rejected">{t!(i18n, entries_rejected)}</h2>
            <ul class="entries">
                {rejected.iter().map(|(seq, table, name, code)| {
                    let seq = *seq;
                    let reason = rejection_text(i18n, code);
                    let kind = refused_kind(i18n, *table);
                    let name = [kind, name.as_str()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
                    let saved: Saved = RwSignal::new(None);
                    view! {
                        <li class="entry rejected">
                            <strong>{name}</strong>" "<span>{reason}</span>
                            <button class="small" on:click=move |_| discard(status, saved, seq)>{t!(i18n, entries_discard)}</button>
                            <SaveNotice saved quiet=true/>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Show>
        <Show when=move || has_waiting>
            <h2 id="appeals">{t!(i18n, appeals_waiting)}</h2>
            <ul class="entries">
                {waiting.iter().cloned().map(|e| waiting_context.line(e)).collect_view()}
            </ul>
        </Show>
        <Show when=move || empty>
            <EmptyState>{t!(i18n, entries_empty)}</EmptyState>
        </Show>
        {move || {
            let page = entries.with_value(|all| all.iter().take(shown.get()).cloned().collect::<Vec<_>>());
            group_by_date(page).into_iter().map(|(date, list)| view! {
                <h3>{date.format("%Y-%m-%d").to_string()}</h3>
                <ul class="entries">
                    {list.into_iter().map(|e| context.line(e)).collect_view()}
                </ul>
            }).collect_view()
        }}
        <Show when=move || { shown.get() < total }>
            <button class="wide" on:click=move |_| shown.update(|n| *n += PAGE)>
                {move || t_string!(i18n, entries_more, shown = shown.get().min(total), total = total).to_string()}
            </button>
        </Show>
    }
}

/// Entries grouped by day, keeping their order (newest first).
fn group_by_date(entries: Vec<EntryRow>) -> Vec<(chrono::NaiveDate, Vec<EntryRow>)> {
    let mut groups: Vec<(chrono::NaiveDate, Vec<EntryRow>)> = Vec::new();
    for e in entries {
        match groups.last_mut() {
            Some((date, list)) if *date == e.date => list.push(e),
            _ => groups.push((e.date, vec![e])),
        }
    }
    groups
}

/// Forgets a refusal on the phone.
fn discard(status: SyncStatus, saved: Saved, seq: i64) {
    #[cfg(feature = "hydrate")]
    crate::components::saving::save_locally(
        status,
        saved,
        crate::offline::local::discard_rejected(seq),
        || {},
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = (status, saved, seq);
}

#[cfg(feature = "hydrate")]
mod load {
    use super::EntriesData;
    use crate::offline::local;
    use crate::offline::store::StoreError;
    use crate::sync::rows::{AppealRow, ItemRow, StudentRow};

    /// Reads every entry the phone holds, with names to show them by.
    pub async fn entries() -> Result<EntriesData, StoreError> {
        let items: std::collections::HashMap<_, _> = local::values::<ItemRow>()
            .await?
            .into_iter()
            .map(|i| (i.id, i))
            .collect();
        let classes = local::classes_with_roles().await?;
        let roles = classes.iter().map(|(c, r)| (c.id, *r)).collect();
        let class_labels = classes.iter().map(|(c, _)| (c.id, c.label())).collect();
        let appeals = local::values::<AppealRow>()
            .await?
            .into_iter()
            .map(|a| (a.entry_id, a))
            .collect();
        let roster = local::students().await?;
        let student_names: std::collections::HashMap<_, _> =
            roster.iter().map(|s| (s.id, s.name.clone())).collect();
        let mut by_class: std::collections::HashMap<_, Vec<StudentRow>> = Default::default();
        for s in roster {
            by_class.entry(s.class_id).or_default().push(s);
        }
        let students = by_class.into_iter().map(|(c, s)| (c, s.into())).collect();
        let rejected = local::rejected()
            .await?
            .into_iter()
            .map(|r| {
                let named = |field: &str| {
                    r.mutation
                        .fields
                        .get(field)
                        .and_then(|v| v.as_str())
                        .and_then(|s| uuid::Uuid::parse_str(s).ok())
                };
                let name = named("item_id")
                    .and_then(|id| items.get(&id).map(|i| i.name.clone()))
                    .or_else(|| named("student_id").and_then(|id| student_names.get(&id).cloned()))
                    .unwrap_or_default();
                (r.mutation.seq, r.mutation.table, name, r.reason)
            })
            .collect();
        Ok(EntriesData {
            entries: local::entries().await?,
            items,
            students,
            class_labels,
            rejected,
            appeals,
            roles,
        })
    }
}
