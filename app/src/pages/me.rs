//! The user's own page: language, password, sign out.
use leptos::prelude::*;

use crate::api::auth::{ChangePassword, Logout};
use crate::components::error_notice::ErrorNotice;
use crate::components::page::Page;
use crate::i18n::*;
use crate::sync::status::use_sync_status;

/// Settings that belong to the person, not the school.
#[component]
pub fn MePage() -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<ChangePassword>::new();
    let logout = ServerAction::<Logout>::new();
    let status = use_sync_status();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            forget_this_user();
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
            <ActionForm action=logout attr:class="form" on:submit:capture=move |ev| {
                if !confirm_logout(i18n, status.pending.get_untracked()) {
                    ev.prevent_default();
                    ev.stop_propagation();
                }
            }>
                <button type="submit" class="danger">{t!(i18n, me_logout)}</button>
            </ActionForm>
        </Page>
    }
}

/// Asks before signing out loses records that never reached the server.
fn confirm_logout(i18n: leptos_i18n::I18nContext<Locale>, pending: u32) -> bool {
    pending == 0
        || window()
            .confirm_with_message(
                &t_string!(i18n, logout_pending_warning, count = pending).to_string(),
            )
            .unwrap_or(false)
}

/// After sign-out: the phone keeps nothing of this user, neither data nor cached pages.
fn forget_this_user() {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async {
        crate::offline::engine::stop();
        crate::offline::worker::forget_pages();
        let _ = crate::offline::store::wipe().await;
        let _ = window().location().set_href("/login");
    });
}
