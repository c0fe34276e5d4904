//! The loading → content-or-error frame every data screen shares.
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use crate::components::error_notice::ErrorNotice;
use crate::components::page::PendingContent;
use crate::domain::day::Day;
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

/// A resource for the day in `?{name}=` (`None` without one). A malformed or far-off date is
/// shown as the field's error and never sent to the server.
pub fn resource_for_query_day<T, Fut>(
    name: &'static str,
    fetch: impl Fn(Option<Day>) -> Fut + Clone + Send + Sync + 'static,
) -> Resource<Result<T, AppError>>
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    let query = use_query_map();
    let day = move || {
        query
            .read()
            .get(name)
            .filter(|text| !text.is_empty())
            .map(|text| text.parse::<Day>())
            .transpose()
            .map_err(|_| AppError::invalid(name, "bad_date"))
    };
    Resource::new(day, move |day| {
        let fetch = fetch.clone();
        async move { fetch(day?).await }
    })
}
