//! The frame of a screen read from the phone's store: Today, the roll, the duty roster.
use leptos::prelude::*;

use crate::components::empty_state::EmptyState;
use crate::components::page::Page;
use crate::components::sync_status::{SignedOut, SyncBar};
use crate::i18n::*;
use crate::sync::status::use_sync_status;

/// The sync line, then the screen once its data is loaded and has something to show, `empty`
/// when it has nothing (once the phone's first sync has ended), the sign-in prompt for a
/// visitor, or a loading line before.
#[component]
pub fn StoreScreen(
    #[prop(into)] title: Signal<String>,
    /// `None` until loaded; then whether there is anything to show.
    #[prop(into)]
    shown: Signal<Option<bool>>,
    #[prop(into)] empty: ViewFn,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = use_sync_status();
    view! {
        <Page title>
            <SyncBar/>
            {move || match shown.get() {
                Some(true) => children().into_any(),
                Some(false) if !status.filling.get() => {
                    let empty = empty.clone();
                    view! { <EmptyState>{empty.run()}</EmptyState> }.into_any()
                }
                None if status.signed_out.get() => view! { <SignedOut/> }.into_any(),
                _ => {
                    let text = move || match status.filling.get() {
                        true => t_string!(i18n, first_sync_filling),
                        false => t_string!(i18n, today_loading),
                    };
                    view! { <p class="muted" role="status">{text}</p> }.into_any()
                }
            }}
        </Page>
    }
}
