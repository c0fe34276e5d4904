//! Upload a roster file; the server checks it and shows a preview before importing.
use leptos::prelude::*;

use crate::components::page::Page;
use crate::i18n::*;

/// A plain multipart form (works without the wasm) that shows progress once submitted.
#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let uploading = RwSignal::new(false);
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, import_title).to_string())>
            <p class="muted">{t!(i18n, import_help)}</p>
            <form class="form" method="post" action="/api/admin/imports" enctype="multipart/form-data"
                on:submit=move |_| uploading.set(true)>
                <label for="file">{t!(i18n, import_file)}</label>
                <input id="file" name="file" type="file" required
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
        </Page>
    }
}
