//! The frame of every signed-in screen: a title bar, the content, the bottom navigation.
use leptos::prelude::*;

use crate::components::bottom_nav::BottomNav;
use crate::components::sync_status::SyncChip;

/// How many [`Loaded`](crate::components::loaded::Loaded) blocks of the screen have yet to
/// show their content in the browser.
#[derive(Clone, Copy)]
pub struct PendingContent(RwSignal<u32>);

impl PendingContent {
    /// One more block to wait for.
    pub fn add(self) {
        self.0.update(|n| *n += 1);
    }

    /// One block shows its content.
    pub fn done(self) {
        self.0.update(|n| *n = n.saturating_sub(1));
    }
}

/// A screen with a title; `children` is the content. `<main data-ready="true">` once the
/// screen and its data blocks run in the browser — a lazily loaded screen hydrates after the
/// app shell, and a tap before that would be lost.
#[component]
pub fn Page(#[prop(into)] title: Signal<String>, children: Children) -> impl IntoView {
    let pending = PendingContent(RwSignal::new(0));
    provide_context(pending);
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    crate::sync::status::screen_shown();
    let ready = move || (mounted.get() && pending.0.get() == 0).to_string();
    view! {
        <header class="topbar">
            <h1>{title}</h1>
            <SyncChip/>
        </header>
        <main class="content" data-ready=ready>{children()}</main>
        <BottomNav/>
    }
}
