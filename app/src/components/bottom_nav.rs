//! The bottom navigation: what each role reaches with a thumb.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::session::use_session;
use crate::domain::role::Role;
use crate::i18n::*;

/// Tabs for the signed-in user's primary role; nothing for a visitor.
#[component]
pub fn BottomNav() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let role = session.0.await.ok().flatten().and_then(|p| p.primary_role());
                role.map(|role| {
                    view! {
                        <nav class="bottom-nav" aria-label=move || t_string!(i18n, nav_label).to_string()>
                            <A href="/" exact=true>{t!(i18n, nav_home)}</A>
                            <Show when=move || matches!(role, Role::SchoolAdmin)>
                                <A href="/admin" exact=true>{t!(i18n, nav_admin)}</A>
                                <A href="/admin/users">{t!(i18n, nav_users)}</A>
                            </Show>
                            <A href="/me">{t!(i18n, nav_me)}</A>
                        </nav>
                    }
                })
            })}
        </Suspense>
    }
}
