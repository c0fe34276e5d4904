//! The frame of every signed-in screen: a title bar, the content, the bottom navigation.
use leptos::prelude::*;

use crate::components::bottom_nav::BottomNav;
use crate::components::sync_status::SyncChip;

/// A screen with a title; `children` is the content.
#[component]
pub fn Page(#[prop(into)] title: Signal<String>, children: Children) -> impl IntoView {
    view! {
        <header class="topbar">
            <h1>{title}</h1>
            <SyncChip/>
        </header>
        <main class="content">{children()}</main>
        <BottomNav/>
    }
}
