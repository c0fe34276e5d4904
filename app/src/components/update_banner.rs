//! "A new version is ready" with a button to reload into it.
use leptos::prelude::*;

use crate::i18n::*;

/// Shown once the service worker has a new version waiting.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "hydrate")]
    let ready = use_context::<crate::offline::worker::UpdateReady>().map(|r| r.0);
    #[cfg(not(feature = "hydrate"))]
    let ready: Option<RwSignal<bool>> = None;
    let visible = move || ready.is_some_and(|r| r.get());
    view! {
        <Show when=visible>
            <div class="banner" role="status">
                <span>{t!(i18n, update_ready)}</span>
                <button on:click=move |_| {
                    #[cfg(feature = "hydrate")]
                    crate::offline::worker::activate_update();
                }>{t!(i18n, update_reload)}</button>
            </div>
        </Show>
    }
}
