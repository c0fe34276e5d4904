//! What a list shows when it has nothing in it.
use leptos::prelude::*;

/// A friendly line in place of an empty list.
#[component]
pub fn EmptyState(children: Children) -> impl IntoView {
    view! { <p class="empty" role="status">{children()}</p> }
}
