//! Upload a roster or staff file; the server checks it and shows a preview before importing.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::page::Page;
use crate::domain::roster::{MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, MAX_UNZIPPED_MB};
use crate::i18n::*;

/// The two upload forms: students, then staff accounts.
#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let failed = move || {
        query.read().get("error").map(|code| match code.as_str() {
            "too_big" => t_string!(i18n, upload_too_big, mb = MAX_UNZIPPED_MB).to_string(),
            "too_many_cells" => t_string!(
                i18n,
                upload_too_many_cells,
                rows = MAX_ROWS,
                columns = MAX_COLUMNS
            )
            .to_string(),
            "cell_too_long" => {
                t_string!(i18n, upload_cell_too_long, chars = MAX_CELL_CHARS).to_string()
            }
            _ => t_string!(i18n, upload_failed).to_string(),
        })
    };
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, import_title).to_string())>
            {move || failed().map(|message| view! { <p class="notice error" role="alert">{message}</p> })}
            <h2>{t!(i18n, import_title)}</h2>
            <p class="muted">{t!(i18n, import_help)}</p>
            <UploadForm action="/api/admin/imports" id="roster-file"/>
            <h2>{t!(i18n, staff_import_title)}</h2>
            <p class="muted">{t!(i18n, staff_import_help)}</p>
            <UploadForm action="/api/admin/staff-imports" id="staff-file"/>
        </Page>
    }
}

/// A plain multipart form (works without the wasm) that shows progress once submitted.
#[component]
fn UploadForm(action: &'static str, id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let uploading = RwSignal::new(false);
    view! {
        <form class="form" method="post" action=action enctype="multipart/form-data"
            on:submit=move |_| uploading.set(true)>
            <label for=id>{t!(i18n, import_file)}</label>
            <input id=id name="file" type="file" required
                accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"/>
            <button type="submit" class="primary" disabled=move || uploading.get()>
                {move || if uploading.get() {
                    t_string!(i18n, import_uploading).to_string()
                } else {
                    t_string!(i18n, import_upload).to_string()
                }}
            </button>
            <Show when=move || uploading.get()>
                <progress aria-label=move || t_string!(i18n, import_uploading).to_string()></progress>
            </Show>
        </form>
    }
}
