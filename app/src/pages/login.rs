//! Sign-in; works as a plain HTML form before (or without) the wasm.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::auth::Login;
use crate::components::error_notice::{code_message, error_message};
use crate::i18n::*;

/// The login form with errors from a script call or from a no-JavaScript redirect.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    crate::sync::status::screen_shown();
    let login = ServerAction::<Login>::new();
    let query = use_query_map();
    Effect::new(move |_| {
        if let Some(Ok(())) = login.value().get() {
            let _ = window().location().set_href("/");
        }
    });
    let error = move || match login.value().get() {
        Some(Err(err)) => Some(error_message(i18n, &err)),
        Some(Ok(())) => None,
        None => query
            .read()
            .get("error")
            .map(|code| code_message(i18n, &code)),
    };
    view! {
        <main class="login">
            <p class="brand" aria-hidden="true">"班"</p>
            <h1>{t!(i18n, login_title)}</h1>
            <ActionForm action=login attr:class="form">
                <label for="username">{t!(i18n, login_username)}</label>
                <input id="username" name="username" autocomplete="username" autocapitalize="none"
                    spellcheck="false" required/>
                <label for="password">{t!(i18n, login_password)}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required/>
                <button type="submit" class="primary" disabled=move || login.pending().get()>
                    {move || if login.pending().get() {
                        t_string!(i18n, login_busy).to_string()
                    } else {
                        t_string!(i18n, login_submit).to_string()
                    }}
                </button>
            </ActionForm>
            {move || error().map(|msg| view! { <p class="notice error" role="alert">{msg}</p> })}
        </main>
    }
}
