//! The preview of a staged roster import: counts per class, bad rows, and the import button.
use leptos::prelude::*;

use crate::api::admin::{CommitImport, get_import};
use crate::components::empty_state::EmptyState;
use crate::components::error_notice::error_message;
use crate::components::loaded::{Loaded, resource_for_route_id};
use crate::components::page::Page;
use crate::domain::roster::{ImportPreview, Problem, RowError};
use crate::i18n::*;

/// Loads the staged import named in the address.
#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let preview = resource_for_route_id(get_import);
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, import_title).to_string())>
            <Loaded resource=preview let:preview>
                <PreviewView preview/>
            </Loaded>
        </Page>
    }
}

#[component]
fn PreviewView(preview: ImportPreview) -> impl IntoView {
    let i18n = use_i18n();
    let commit = ServerAction::<CommitImport>::new();
    let id = preview.id;
    let total = preview.total;
    let error_count = preview.errors.len();
    let committed = preview.committed;
    let file = preview.file_name.clone();
    view! {
        <h2>{t!(i18n, import_preview_title, file = move || file.clone())}</h2>
        <p>{t!(i18n, import_total, count = move || total)}</p>
        <Show when=move || { total == 0 && error_count == 0 }>
            <EmptyState>{t!(i18n, import_no_rows)}</EmptyState>
        </Show>
        <ul class="counts" aria-label="classes">
            {preview.classes.into_iter().map(|c| view! {
                <li>
                    <span>{c.class}</span>
                    <span class="muted">{t!(i18n, import_class_row, count = move || c.count, new = move || c.new)}</span>
                </li>
            }).collect_view()}
        </ul>
        <Show when=move || { error_count > 0 }>
            <div class="notice error" role="alert">
                <p>{t!(i18n, import_errors, count = move || error_count)}</p>
            </div>
        </Show>
        <ul class="row-errors">
            {preview.errors.into_iter().map(|e| view! { <li>{move || row_error_message(i18n, &e)}</li> }).collect_view()}
        </ul>
        {move || match commit.value().get() {
            Some(Ok(outcome)) => view! {
                <p class="notice ok" role="status">
                    {t!(i18n, import_done, created = move || outcome.created, updated = move || outcome.updated,
                        classes = move || outcome.classes)}
                </p>
                <a class="button" href="/admin/import">{t!(i18n, import_again)}</a>
            }.into_any(),
            Some(Err(err)) => view! { <p class="notice error" role="alert">{error_message(i18n, &err)}</p> }.into_any(),
            None if committed => view! {
                <p class="notice ok" role="status">{t!(i18n, import_already)}</p>
                <a class="button" href="/admin/import">{t!(i18n, import_again)}</a>
            }.into_any(),
            None if error_count > 0 || total == 0 => view! {
                <a class="button" href="/admin/import">{t!(i18n, import_again)}</a>
            }.into_any(),
            None => view! {
                <button class="primary" disabled=move || commit.pending().get()
                    on:click=move |_| { commit.dispatch(CommitImport { id }); }>
                    {move || if commit.pending().get() {
                        t_string!(i18n, import_committing).to_string()
                    } else {
                        t_string!(i18n, import_commit).to_string()
                    }}
                </button>
                <Show when=move || commit.pending().get()>
                    <progress aria-label=move || t_string!(i18n, import_committing).to_string()></progress>
                </Show>
            }.into_any(),
        }}
    }
}

/// "初一 第 5 行：性别无法识别：未知".
fn row_error_message(i18n: leptos_i18n::I18nContext<Locale>, e: &RowError) -> String {
    let place = t_string!(i18n, import_row, sheet = e.sheet.clone(), row = e.row).to_string();
    let reason = match &e.problem {
        Problem::MissingColumn { column } => {
            t_string!(i18n, problem_missing_column, column = column.clone()).to_string()
        }
        Problem::MissingValue { column } => {
            t_string!(i18n, problem_missing_value, column = column.clone()).to_string()
        }
        Problem::BadSex { value } => {
            t_string!(i18n, problem_bad_sex, value = value.clone()).to_string()
        }
        Problem::BadDate { value } => {
            t_string!(i18n, problem_bad_date, value = value.clone()).to_string()
        }
        Problem::BadFlag { column, value } => t_string!(
            i18n,
            problem_bad_flag,
            column = column.clone(),
            value = value.clone()
        )
        .to_string(),
        Problem::BadPhone { value } => {
            t_string!(i18n, problem_bad_phone, value = value.clone()).to_string()
        }
        Problem::BadStudentNo { value } => {
            t_string!(i18n, problem_bad_student_no, value = value.clone()).to_string()
        }
        Problem::TooLong { column } => {
            t_string!(i18n, problem_too_long, column = column.clone()).to_string()
        }
        Problem::DuplicateStudentNo {
            value,
            first_sheet,
            first_row,
        } => t_string!(
            i18n,
            problem_duplicate,
            value = value.clone(),
            sheet = first_sheet.clone(),
            row = *first_row
        )
        .to_string(),
    };
    format!("{place}：{reason}")
}
