//! What the phone's sync is doing, always on screen: pending count, last sync, offline.
use leptos::prelude::*;

use crate::i18n::*;
use crate::sync::status::use_sync_status;

/// The status line with a 同步 button; offline and signed-out states stand out.
#[component]
pub fn SyncBar() -> impl IntoView {
    let i18n = use_i18n();
    let status = use_sync_status();
    let last = move || {
        status
            .last_sync
            .get()
            .map(|t| t.with_timezone(&chrono::Local).format("%H:%M").to_string())
            .unwrap_or_else(|| t_string!(i18n, sync_never).to_string())
    };
    view! {
        <section class="syncbar" aria-live="polite" data-pending=move || status.pending.get().to_string()>
            <Show when=move || status.offline.get()>
                <p class="banner offline" role="status">{t!(i18n, sync_offline)}</p>
            </Show>
            <Show when=move || status.needs_login.get()>
                <p class="banner" role="alert">
                    {t!(i18n, sync_needs_login)}" "<a href="/login">{t!(i18n, login_submit)}</a>
                </p>
            </Show>
            <div class="syncline">
                <span class="pending">{move || t_string!(i18n, sync_pending, count = status.pending.get()).to_string()}</span>
                <span class="muted">{move || t_string!(i18n, sync_last, time = last()).to_string()}</span>
                <button class="small" disabled=move || status.syncing.get()
                    aria-busy=move || status.syncing.get().to_string()
                    on:click=move |_| {
                        #[cfg(feature = "hydrate")]
                        crate::offline::engine::kick_now();
                    }>
                    {move || if status.syncing.get() { t_string!(i18n, sync_running) } else { t_string!(i18n, sync_now) }}
                </button>
            </div>
            <Show when=move || { status.rejected.get() > 0 }>
                <p class="banner" role="alert">
                    <a href="/entries#rejected">{move || t_string!(i18n, sync_rejected, count = status.rejected.get()).to_string()}</a>
                </p>
            </Show>
        </section>
    }
}

/// In place of a screen's data when nobody is signed in on this phone.
#[component]
pub fn SignedOut() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="empty" role="status">
            {t!(i18n, today_signed_out)}" "<a href="/login">{t!(i18n, login_submit)}</a>
        </p>
    }
}

/// The sync state in every screen's title bar: offline, and how much waits to be sent.
#[component]
pub fn SyncChip() -> impl IntoView {
    let i18n = use_i18n();
    let status = use_sync_status();
    let shown = move || status.offline.get() || status.pending.get() > 0;
    view! {
        <Show when=shown>
            <a class="sync-chip" href="/today" aria-live="polite">
                {move || status.offline.get().then(|| t_string!(i18n, sync_offline_short))}
                " "
                {move || (status.pending.get() > 0).then(|| t_string!(i18n, sync_pending, count = status.pending.get()).to_string())}
            </a>
        </Show>
    }
}

/// Fills `data` from the phone's store once it is open, and again whenever a sync or a
/// write changed it; the same data again redraws nothing. Data read after a sync ends the
/// first sync's `filling`, so a screen never shows its empty state between the two.
#[cfg(feature = "hydrate")]
pub fn load_on_change<T, F, Fut>(data: RwSignal<Option<T>>, load: F)
where
    T: PartialEq + Send + Sync + 'static,
    F: Fn() -> Fut + 'static,
    Fut: std::future::Future<Output = Result<T, crate::offline::store::StoreError>> + 'static,
{
    let status = use_sync_status();
    Effect::new(move |_| {
        status.revision.track();
        if status.ready.get() {
            let synced = status.last_sync.get_untracked().is_some();
            let pending = load();
            leptos::task::spawn_local(async move {
                let Ok(loaded) = pending.await else { return };
                if data.with_untracked(|d| d.as_ref() != Some(&loaded)) {
                    data.set(Some(loaded));
                }
                if synced {
                    status.end_filling();
                }
            });
        }
    });
}
