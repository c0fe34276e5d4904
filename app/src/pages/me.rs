//! The user's own page: language, password, sign out.
use leptos::prelude::*;

use crate::api::auth::{ChangePassword, Logout};
use crate::components::error_notice::ErrorNotice;
use crate::components::page::Page;
use crate::i18n::*;

/// Settings that belong to the person, not the school.
#[component]
pub fn MePage() -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<ChangePassword>::new();
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            let _ = window().location().set_href("/login");
        }
    });
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, me_title).to_string())>
            <h2>{t!(i18n, me_language)}</h2>
            <div class="segmented" role="group" aria-label=move || t_string!(i18n, me_language).to_string()>
                <button aria-pressed=move || (i18n.get_locale() == Locale::zh).to_string()
                    on:click=move |_| i18n.set_locale(Locale::zh)>"中文"</button>
                <button aria-pressed=move || (i18n.get_locale() == Locale::en).to_string()
                    on:click=move |_| i18n.set_locale(Locale::en)>"English"</button>
            </div>
            <h2>{t!(i18n, me_change_password)}</h2>
            <ActionForm action=change attr:class="form">
                <label for="current">{t!(i18n, pw_current)}</label>
                <input id="current" name="current" type="password" autocomplete="current-password" required/>
                <label for="new">{t!(i18n, pw_new)}</label>
                <input id="new" name="new" type="password" autocomplete="new-password" minlength="8" required/>
                <button type="submit" class="primary" disabled=move || change.pending().get()>{t!(i18n, save)}</button>
            </ActionForm>
            {move || match change.value().get() {
                Some(Ok(())) => view! { <p class="notice ok" role="status">{t!(i18n, pw_saved)}</p> }.into_any(),
                Some(Err(error)) => view! { <ErrorNotice error/> }.into_any(),
                None => ().into_any(),
            }}
            <ActionForm action=logout attr:class="form">
                <button type="submit" class="danger">{t!(i18n, me_logout)}</button>
            </ActionForm>
        </Page>
    }
}
