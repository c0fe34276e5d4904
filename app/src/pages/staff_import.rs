//! The preview of a staged staff file, and the activation links once imported.
use leptos::prelude::*;

use crate::api::admin::{CommitStaffImport, get_staff_import};
use crate::components::empty_state::EmptyState;
use crate::components::error_notice::error_message;
use crate::components::loaded::{Loaded, resource_for_route_id};
use crate::components::page::Page;
use crate::domain::users::{StaffOutcome, StaffPreview};
use crate::i18n::*;
use crate::pages::users::role_name;

/// Loads the staged staff file named in the address.
#[component]
pub fn StaffImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let preview = resource_for_route_id(get_staff_import);
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, staff_import_title).to_string())>
            <Loaded resource=preview let:preview>
                <StaffPreviewView preview/>
            </Loaded>
        </Page>
    }
}

#[component]
fn StaffPreviewView(preview: StaffPreview) -> impl IntoView {
    let i18n = use_i18n();
    let commit = ServerAction::<CommitStaffImport>::new();
    let id = preview.id;
    let count = preview.entries.len();
    let error_count = preview.errors.len();
    let committed = preview.committed;
    let file = preview.file_name.clone();
    view! {
        <h2>{t!(i18n, staff_preview_title, file = move || file.clone())}</h2>
        <p>{t!(i18n, staff_rows, count = move || count)}</p>
        <Show when=move || { count == 0 && error_count == 0 }>
            <EmptyState>{t!(i18n, import_no_rows)}</EmptyState>
        </Show>
        <ul class="counts">
            {preview.entries.into_iter().map(|e| {
                let role = e.grant.role;
                view! {
                    <li>
                        <span>{e.name} " · " {e.username}</span>
                        <span class="muted">
                            {e.scope_name} " " {move || role_name(i18n, role)} " · "
                            {move || if e.exists { t_string!(i18n, staff_exists) } else { t_string!(i18n, staff_new) }}
                        </span>
                    </li>
                }
            }).collect_view()}
        </ul>
        <Show when=move || { error_count > 0 }>
            <p class="notice error" role="alert">{t!(i18n, import_errors, count = move || error_count)}</p>
        </Show>
        <ul class="row-errors">{preview.errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
        {move || match commit.value().get() {
            Some(Ok(outcome)) => view! { <Activations outcome/> }.into_any(),
            Some(Err(err)) => view! { <p class="notice error" role="alert">{error_message(i18n, &err)}</p> }.into_any(),
            None if committed => view! { <p class="notice ok" role="status">{t!(i18n, import_already)}</p> }.into_any(),
            None if error_count > 0 || count == 0 => view! {
                <a class="button" href="/admin/import">{t!(i18n, import_again)}</a>
            }.into_any(),
            None => view! {
                <button class="primary" disabled=move || commit.pending().get()
                    on:click=move |_| { commit.dispatch(CommitStaffImport { id }); }>
                    {move || if commit.pending().get() {
                        t_string!(i18n, import_committing).to_string()
                    } else {
                        t_string!(i18n, import_commit).to_string()
                    }}
                </button>
            }.into_any(),
        }}
    }
}

/// The one-time activation links, shown once.
#[component]
fn Activations(outcome: StaffOutcome) -> impl IntoView {
    let i18n = use_i18n();
    let created = outcome.activations.len();
    let updated = outcome.updated;
    let date = outcome.expires_at.format("%Y-%m-%d").to_string();
    view! {
        <div class="notice ok" role="status">
            <p>{t!(i18n, staff_done, created = move || created, updated = move || updated, date = move || date.clone())}</p>
        </div>
        <ul class="list activations">
            {outcome.activations.into_iter().map(|a| view! {
                <li>
                    <strong>{a.name}</strong> " " <span class="muted">{a.username}</span>
                    <div><a href=a.path.clone()>{a.path.clone()}</a> " · " <code>{a.code}</code></div>
                </li>
            }).collect_view()}
        </ul>
    }
}
