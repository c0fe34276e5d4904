//! One check entry in a list: its sync state and history (voided, corrected, a correction),
//! and the two ways to fix it — 更正 (a new entry replaces it) and 作废 — never deletion.
use std::sync::Arc;

use leptos::prelude::*;

use crate::components::entry_form::EntryForm;
use crate::components::photo_thumb::PhotoThumb;
use crate::components::saving::{SaveNotice, Saved};
use crate::domain::checks::Points;
use crate::i18n::*;
use crate::sync::rows::{EntryRow, ItemRow, StudentRow};

/// What correcting an entry in place needs: its item and its class's students.
#[derive(Clone, Debug)]
pub struct Correction {
    pub item: ItemRow,
    /// Shared by every line of the class, not copied per line.
    pub students: Arc<[StudentRow]>,
}

/// Which fix is open under the entry.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fixing {
    Nothing,
    Voiding,
    Correcting,
}

/// An entry line.
#[component]
pub fn EntryLine(
    entry: EntryRow,
    name: String,
    #[prop(optional)] class_label: Option<String>,
    /// False for a duty entry seen by the class's teacher: it is appealed, not changed.
    #[prop(default = true)]
    voidable: bool,
    /// Another entry on this phone replaces it: a correction waiting to sync, or synced.
    #[prop(optional)]
    corrected: bool,
    /// Given when the user may correct the entry here.
    #[prop(default = None)]
    correction: Option<Correction>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let fixing = RwSignal::new(Fixing::Nothing);
    let reason = RwSignal::new(String::new());
    let message: Saved = RwSignal::new(None);
    let id = entry.id;
    let state = if entry.pending { "pending" } else { "synced" };
    let points = entry.points.map(Points::signed).unwrap_or_default();
    let times = entry.count.filter(|n| *n > 1).map(|n| format!(" ×{n}"));
    let students = entry.student_ids.len();
    let voided = entry.voided.then(|| entry.void_reason.clone());
    let note = (!entry.note.is_empty()).then(|| entry.note.clone());
    let photo = entry.photo.clone();
    let is_correction = entry.corrects.is_some();
    let changeable = voided.is_none() && !corrected && voidable;
    let can_correct = changeable && correction.is_some();
    let history = move || match (voided.clone(), corrected) {
        (Some(r), true) => Some(t_string!(i18n, entry_corrected, reason = r).to_string()),
        (Some(r), false) => Some(t_string!(i18n, entry_voided, reason = r).to_string()),
        (None, true) => Some(t_string!(i18n, entry_correcting).to_string()),
        (None, false) => None,
    };
    #[cfg(feature = "hydrate")]
    let status = crate::sync::status::use_sync_status();
    let correction = StoredValue::new(correction);
    let original = StoredValue::new(entry.clone());
    let form = move || {
        let Correction { item, students } = correction.get_value()?;
        let entry = original.get_value();
        let on_saved = move |_: EntryRow| fixing.set(Fixing::Nothing);
        Some(
            view! { <EntryForm item class_id=entry.class_id students correcting=entry message on_saved/> },
        )
    };
    view! {
        <li class="entry" data-state=state data-voided=entry.voided.to_string() data-corrected=corrected.to_string()>
            <div class="entry-main">
                <strong>{name}</strong>" "<span>{points}{times}</span>
                {class_label.map(|c| view! { " "<span class="muted">{c}</span> })}
                <Show when=move || { students > 0 }>
                    " "<span class="muted">{move || t_string!(i18n, entry_students, count = students).to_string()}</span>
                </Show>
                {note.map(|n| view! { <p class="note">{n}</p> })}
                {photo.map(|id| view! { <PhotoThumb id label=t_string!(i18n, entry_evidence_photo).to_string()/> })}
            </div>
            <div class="entry-meta">
                <span class="chip">{move || if state == "pending" { t_string!(i18n, entry_pending) } else { t_string!(i18n, entry_synced) }}</span>
                <Show when=move || is_correction>
                    " "<span class="chip correction">{t!(i18n, entry_correction)}</span>
                </Show>
                {move || history().map(|h| view! { " "<span class="chip voided">{h}</span> })}
                <Show when=move || can_correct && fixing.get() == Fixing::Nothing>
                    <button class="small" on:click=move |_| fixing.set(Fixing::Correcting)>{t!(i18n, entry_correct)}</button>
                </Show>
                <Show when=move || changeable && fixing.get() == Fixing::Nothing>
                    <button class="small" on:click=move |_| fixing.set(Fixing::Voiding)>{t!(i18n, entry_void)}</button>
                </Show>
            </div>
            <Show when=move || fixing.get() == Fixing::Voiding>
                <div class="void-form">
                    <label for=format!("void-{id}")>{t!(i18n, entry_void_reason)}</label>
                    <input id=format!("void-{id}") type="text" maxlength="200" bind:value=reason/>
                    <button class="danger" disabled=move || reason.with(|r| r.trim().is_empty())
                        on:click=move |_| {
                            let _text = reason.get_untracked().trim().to_string();
                            #[cfg(feature = "hydrate")]
                            save::void(status, message, id, _text, move || fixing.set(Fixing::Nothing));
                        }>{t!(i18n, entry_void_confirm)}</button>
                </div>
            </Show>
            <Show when=move || fixing.get() == Fixing::Correcting>
                {form}
                <button class="secondary wide" on:click=move |_| fixing.set(Fixing::Nothing)>{t!(i18n, cancel)}</button>
            </Show>
            <SaveNotice saved=message quiet=true/>
            {children.map(|c| c())}
        </li>
    }
}

#[cfg(feature = "hydrate")]
mod save {
    use uuid::Uuid;

    use crate::components::saving::{Saved, save_locally};
    use crate::domain::checks::CheckEntryPatch;
    use crate::offline::outbox;
    use crate::sync::status::SyncStatus;

    /// Voids an entry with a reason: a correction, never a deletion.
    pub fn void(
        status: SyncStatus,
        saved: Saved,
        id: Uuid,
        reason: String,
        done: impl FnOnce() + 'static,
    ) {
        let void = CheckEntryPatch {
            voided: Some(true),
            void_reason: Some(reason),
            ..CheckEntryPatch::default()
        };
        save_locally(
            status,
            saved,
            async move { outbox::patch(id, &void).await },
            done,
        );
    }
}
