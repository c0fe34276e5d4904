//! What is behind one cell of the board: a class's entries of one day, voided ones marked.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use crate::api::scores::get_board_cell;
use crate::components::empty_state::EmptyState;
use crate::components::loaded::Loaded;
use crate::components::page::Page;
use crate::components::photo_thumb::PhotoThumb;
use crate::domain::checks::RecorderRole;
use crate::domain::day::Day;
use crate::domain::scores::{CellDetail, CellEntry};
use crate::error::AppError;
use crate::i18n::*;

/// Loads `/board/:class_id/:date`; a malformed address is 404.
#[component]
pub fn BoardCellPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = move || {
        let params = params.read();
        let class = params
            .get("class_id")
            .and_then(|c| Uuid::parse_str(&c).ok());
        let date = params.get("date").and_then(|d| d.parse::<Day>().ok());
        class.zip(date)
    };
    let cell = Resource::new(key, |key| async move {
        match key {
            Some((class_id, date)) => get_board_cell(class_id, date).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, cell_title).to_string())>
            <Loaded resource=cell let:cell>
                <CellView cell/>
            </Loaded>
        </Page>
    }
}

#[component]
fn CellView(cell: CellDetail) -> impl IntoView {
    let i18n = use_i18n();
    let score = cell.score.to_string();
    let back = format!("/board?week={}", cell.date);
    let empty = cell.entries.is_empty();
    view! {
        <section>
            <h2>{cell.class_name.clone()}" · "{cell.date.to_string()}</h2>
            <p class="day-score">{t!(i18n, cell_score, score = move || score.clone())}</p>
            <Show when=move || empty>
                <EmptyState>{t!(i18n, cell_empty)}</EmptyState>
            </Show>
            <ul class="entries">
                {cell.entries.into_iter().map(|entry| view! { <EntryItem entry/> }).collect_view()}
            </ul>
            <a class="button secondary" href=back>{t!(i18n, cell_back)}</a>
        </section>
    }
}

#[component]
fn EntryItem(entry: CellEntry) -> impl IntoView {
    let i18n = use_i18n();
    let points = entry.points.signed();
    let times = (entry.count > 1).then(|| format!(" ×{}", entry.count));
    let by_staff = entry.recorder_role == RecorderRole::Staff;
    let reason = entry.void_reason.clone();
    let corrected = entry.corrected;
    let is_correction = entry.corrects.is_some();
    let students = entry.students.join("、");
    view! {
        <li class="entry" class:voided=entry.voided>
            <div class="entry-head">
                <strong>{entry.category.clone()}" · "{entry.item.clone()}</strong>
                <span class="points">{points}{times}</span>
            </div>
            <p class="muted">
                {entry.slot.clone()}" · "{entry.recorder.clone()}"（"
                {move || if by_staff { t_string!(i18n, cell_by_staff) } else { t_string!(i18n, cell_by_homeroom) }}
                "）"
            </p>
            {(!students.is_empty()).then(|| view! { <p>{students}</p> })}
            {(!entry.note.is_empty()).then(|| view! { <p class="note">{entry.note.clone()}</p> })}
            {entry.photo.clone().map(|id| view! { <PhotoThumb id label=t_string!(i18n, entry_evidence_photo).to_string()/> })}
            <Show when=move || is_correction>
                <p><span class="chip correction">{t!(i18n, entry_correction)}</span></p>
            </Show>
            <Show when=move || entry.voided>
                <p class="void-reason">
                    {let reason = reason.clone(); move || if corrected {
                        t_string!(i18n, cell_corrected, reason = reason.clone()).to_string()
                    } else {
                        t_string!(i18n, cell_voided, reason = reason.clone()).to_string()
                    }}
                </p>
            </Show>
        </li>
    }
}
