//! The bottom navigation: what each role reaches with a thumb.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::session::use_session;
use crate::domain::role::Role;
use crate::i18n::*;
use crate::sync::status::use_sync_status;

/// Tabs for the signed-in user's primary role; nothing for a visitor. On shell pages the
/// role comes from the phone's store, as the server rendered no user.
#[component]
pub fn BottomNav() -> impl IntoView {
    let session = use_session();
    let status = use_sync_status();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let online = session.user.await.ok().flatten().and_then(|p| p.primary_role());
                move || online.or_else(|| status.who.get().and_then(|p| p.primary_role())).map(|role| view! { <Tabs role/> })
            })}
        </Suspense>
    }
}

#[component]
fn Tabs(role: Role) -> impl IntoView {
    let i18n = use_i18n();
    let records = matches!(role, Role::Teacher | Role::Staff | Role::SchoolAdmin);
    view! {
        <nav class="bottom-nav" aria-label=move || t_string!(i18n, nav_label).to_string()>
            <A href="/" exact=true>{t!(i18n, nav_home)}</A>
            <Show when=move || records>
                <A href="/today">{t!(i18n, nav_today)}</A>
                <Show when=move || role == Role::Teacher>
                    <A href="/roll">{t!(i18n, nav_roll)}</A>
                </Show>
                <A href="/entries">{t!(i18n, nav_entries)}</A>
            </Show>
            <Show when=move || role != Role::DistrictAdmin>
                <A href="/board">{t!(i18n, nav_board)}</A>
            </Show>
            <Show when=move || role == Role::Teacher>
                <A href="/activities">{t!(i18n, nav_activities)}</A>
            </Show>
            <Show when=move || role == Role::Parent>
                <A href="/feed">{t!(i18n, nav_activities)}</A>
                <A href="/meals">{t!(i18n, nav_meals)}</A>
            </Show>
            <Show when=move || matches!(role, Role::SchoolAdmin)>
                <A href="/admin" exact=true>{t!(i18n, nav_admin)}</A>
                <A href="/admin/users">{t!(i18n, nav_users)}</A>
            </Show>
            <A href="/me">{t!(i18n, nav_me)}</A>
        </nav>
    }
}
