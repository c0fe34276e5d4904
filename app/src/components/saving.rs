//! A write to the phone's store from a screen: what the user typed stays on screen until the
//! write commits, and a write that fails says so in the user's language.
use leptos::prelude::*;

use crate::i18n::*;

/// Why the phone could not keep a record, in terms the user can act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveFailure {
    /// The browser refused for lack of space (`QuotaExceededError`).
    StorageFull,
    /// Any other refusal of the phone's storage (a closed or broken database …).
    StorageFailed,
}

/// A form's last local write: none yet, saved, or why not.
pub type Saved = RwSignal<Option<Result<(), SaveFailure>>>;

#[cfg(feature = "hydrate")]
impl From<crate::offline::store::StoreError> for SaveFailure {
    fn from(error: crate::offline::store::StoreError) -> SaveFailure {
        if error.is_full() {
            SaveFailure::StorageFull
        } else {
            SaveFailure::StorageFailed
        }
    }
}

/// The failure's message.
pub fn failure_text(i18n: leptos_i18n::I18nContext<Locale>, failure: SaveFailure) -> String {
    match failure {
        SaveFailure::StorageFull => t_string!(i18n, save_failed_full),
        SaveFailure::StorageFailed => t_string!(i18n, save_failed),
    }
    .to_string()
}

/// 已保存到本机 (unless `quiet`: the change shows for itself), or why the write failed.
#[component]
pub fn SaveNotice(saved: Saved, #[prop(optional)] quiet: bool) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        match saved.get() {
        Some(Ok(())) if !quiet => Some(
            view! { <p class="notice ok" role="status" data-saved="true">{t!(i18n, saved_here)}</p> }
                .into_any(),
        ),
        Some(Err(failure)) => Some(
            view! { <p class="notice error" role="alert" data-save-failed="true">{failure_text(i18n, failure)}</p> }
                .into_any(),
        ),
        _ => None,
    }
    }
}

/// Runs a write to the phone's store. Once it commits: `done` (closing the form), the
/// screens read the store again and a sync follows soon. If it fails: only the message.
#[cfg(feature = "hydrate")]
pub fn save_locally<W>(
    status: crate::sync::status::SyncStatus,
    saved: Saved,
    write: W,
    done: impl FnOnce() + 'static,
) where
    W: Future<Output = Result<(), crate::offline::store::StoreError>> + 'static,
{
    // Boxed, so every screen's write shares one copy of what follows it.
    after_write(status, saved, Box::pin(write), Box::new(done));
}

#[cfg(feature = "hydrate")]
fn after_write(
    status: crate::sync::status::SyncStatus,
    saved: Saved,
    write: std::pin::Pin<Box<dyn Future<Output = Result<(), crate::offline::store::StoreError>>>>,
    done: Box<dyn FnOnce()>,
) {
    leptos::task::spawn_local(async move {
        match write.await {
            Ok(()) => {
                saved.set(Some(Ok(())));
                done();
                crate::offline::engine::refresh(status).await;
                crate::offline::engine::kick_soon();
            }
            Err(error) => saved.set(Some(Err(error.into()))),
        }
    });
}
