//! The page for an unknown address.
use leptos::prelude::*;

use crate::i18n::*;

/// Says the page does not exist and offers the way home.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    crate::sync::status::screen_shown();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="content narrow">
            <h1>{t!(i18n, not_found)}</h1>
            <a class="button" href="/">{t!(i18n, back_home)}</a>
        </main>
    }
}
