//! The loading → content-or-error frame every data screen shares.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use crate::components::error_notice::ErrorNotice;
use crate::components::page::PendingContent;
use crate::error::AppError;
use crate::i18n::*;

/// Shows "加载中…" while `resource` loads, then `children` with the value or the error.
#[component]
pub fn Loaded<T, V, IV>(resource: Resource<Result<T, AppError>>, children: V) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: Fn(T) -> IV + Clone + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    let i18n = use_i18n();
    let pending = use_context::<PendingContent>();
    if let Some(pending) = pending {
        pending.add();
    }
    let pending = StoredValue::new(pending);
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    let shown = match resource.await {
                        Ok(value) => children(value).into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    };
                    view! { {shown} <Shown pending/> }
                })
            }}
        </Suspense>
    }
}

/// Tells the screen, once, that this block's content runs in the browser.
#[component]
fn Shown(pending: StoredValue<Option<PendingContent>>) -> impl IntoView {
    Effect::new(move |_| {
        if let Some(pending) = pending.try_update_value(Option::take).flatten() {
            pending.done();
        }
    });
}

/// A resource for the record whose id is in the address (`/…/:id`); a malformed id is 404.
pub fn resource_for_route_id<T, Fut>(
    fetch: impl Fn(Uuid) -> Fut + Clone + Send + Sync + 'static,
) -> Resource<Result<T, AppError>>
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| Uuid::parse_str(&id).ok())
    };
    Resource::new(id, move |id| {
        let fetch = fetch.clone();
        async move {
            match id {
                Some(id) => fetch(id).await,
                None => Err(AppError::NotFound),
            }
        }
    })
}
