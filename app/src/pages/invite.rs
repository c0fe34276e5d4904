//! Accepting an invite: choose a login name and password, then signed in.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::auth::{AcceptInvite, get_invite};
use crate::components::error_notice::ErrorNotice;
use crate::domain::users::InviteInfo;
use crate::i18n::*;
use crate::pages::users::role_name;

/// Shows what the invite is for and the form to accept it.
#[component]
pub fn InvitePage() -> impl IntoView {
    let i18n = use_i18n();
    crate::sync::status::screen_shown();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let info = Resource::new(code, get_invite);
    view! {
        <main class="login">
            <h1>{t!(i18n, invite_accept_title)}</h1>
            <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match info.await {
                        Ok(info) => view! { <AcceptForm info code=code()/> }.into_any(),
                        Err(_) => view! { <p class="notice error" role="alert">{t!(i18n, invite_invalid)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn AcceptForm(info: InviteInfo, code: String) -> impl IntoView {
    let i18n = use_i18n();
    let accept = ServerAction::<AcceptInvite>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = accept.value().get() {
            let _ = window().location().set_href("/");
        }
    });
    let role = info.role;
    let fixed_username = info.username.clone();
    view! {
        <p>{t!(i18n, invite_for, name = move || info.display_name.clone(), school = move || info.school_name.clone(),
            scope = move || info.scope_name.clone(), role = move || role_name(i18n, role))}</p>
        <ActionForm action=accept attr:class="form">
            <input type="hidden" name="code" value=code/>
            <label for="username">{t!(i18n, invite_choose_username)}</label>
            <input id="username" name="username" autocomplete="username" autocapitalize="none" required
                value=fixed_username.clone().unwrap_or_default() readonly=fixed_username.is_some()/>
            <label for="password">{t!(i18n, invite_set_password)}</label>
            <input id="password" name="password" type="password" autocomplete="new-password" minlength="8" required/>
            <button type="submit" class="primary" disabled=move || accept.pending().get()>{t!(i18n, invite_accept)}</button>
        </ActionForm>
        {move || match accept.value().get() {
            Some(Err(error)) => Some(view! { <ErrorNotice error/> }),
            _ => None,
        }}
    }
}
