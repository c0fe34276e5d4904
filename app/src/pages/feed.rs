//! The parent committee's feed (活动): the shared activities of the classes they follow,
//! newest first, with photos; each acknowledged (已阅) with a note to the class's teachers.
//! It never names a student: who took part is the whole class or a count.
use leptos::prelude::*;

use crate::api::activities::{AcknowledgeActivity, GetActivityFeed, get_activity_feed};
use crate::components::activity_labels::{kind_label, level_label};
use crate::components::empty_state::EmptyState;
use crate::components::error_notice::ErrorNotice;
use crate::components::loaded::Loaded;
use crate::components::page::Page;
use crate::domain::feed::{FeedItem, FeedPage, TookPart};
use crate::domain::record::MAX_NOTE_CHARS;
use crate::i18n::*;

/// Loads the feed's first page.
#[component]
pub fn FeedPage() -> impl IntoView {
    let i18n = use_i18n();
    let first = Resource::new(|| (), |_| get_activity_feed(None, None));
    view! {
        <Page title=Signal::derive(move || t_string!(i18n, feed_title).to_string())>
            <Loaded resource=first let:page>
                <FeedList page/>
            </Loaded>
        </Page>
    }
}

/// The activities loaded so far, and a button for the next page while there is one.
#[component]
fn FeedList(page: FeedPage) -> impl IntoView {
    let i18n = use_i18n();
    let items = RwSignal::new(page.items);
    let next = RwSignal::new(page.next);
    let more = ServerAction::<GetActivityFeed>::new();
    Effect::new(move |_| {
        if let Some(Ok(page)) = more.value().get() {
            items.update(|shown| shown.extend(page.items));
            next.set(page.next);
        }
    });
    let load_more = move |_| {
        if let Some(cursor) = next.get_untracked() {
            more.dispatch(GetActivityFeed {
                before_date: Some(cursor.date),
                before_id: Some(cursor.id),
            });
        }
    };
    view! {
        <Show when=move || !items.with(Vec::is_empty) fallback=move || view! {
            <EmptyState>{t!(i18n, feed_empty)}</EmptyState>
        }>
            <ul class="feed">
                <For each=move || items.get() key=|item| item.id let:item>
                    <FeedCard item/>
                </For>
            </ul>
        </Show>
        {move || match more.value().get() {
            Some(Err(error)) => view! { <ErrorNotice error/> }.into_any(),
            _ => ().into_any(),
        }}
        <Show when=move || next.with(Option::is_some)>
            <button type="button" class="secondary wide" on:click=load_more disabled=move || more.pending().get()>
                {move || if more.pending().get() { t_string!(i18n, loading) } else { t_string!(i18n, feed_more) }}
            </button>
        </Show>
    }
}

/// One activity: what, when, who took part, its photos, and the reader's 已阅.
#[component]
fn FeedCard(item: FeedItem) -> impl IntoView {
    let i18n = use_i18n();
    let kind = kind_label(i18n, item.kind, item.safety);
    let took_part = move || match item.took_part {
        TookPart::WholeClass => t_string!(i18n, feed_whole_class).to_string(),
        TookPart::Count(n) => t_string!(i18n, feed_count, n = n).to_string(),
    };
    let minutes = item
        .minutes
        .map(|m| t_string!(i18n, feed_minutes, n = m).to_string());
    let meta = [
        Some(item.date.format("%Y-%m-%d").to_string()),
        Some(kind),
        minutes,
        Some(item.place.clone()).filter(|p| !p.is_empty()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let heading = format!("feed-{}", item.id);
    let labelled_by = heading.clone();
    view! {
        <li class="card feed-item" aria-labelledby=labelled_by>
            <p class="card-meta">{item.class_label.clone()}</p>
            <h2 class="card-title" id=heading>{item.title.clone()}</h2>
            <p class="card-meta">{meta}</p>
            {item.theme.clone().map(|theme| view! { <p class="card-meta">{t!(i18n, feed_theme)} "：" {theme}</p> })}
            <p class="badge">{took_part}</p>
            {item.organised.map(|level| view! { <p class="badge">{level_label(i18n, level)}</p> })}
            <Show when={let empty = item.summary.is_empty(); move || !empty}>
                <p class="feed-summary">{item.summary.clone()}</p>
            </Show>
            <div class="photos">
                {item.photos.iter().enumerate().map(|(n, photo)| {
                    let label = t_string!(i18n, feed_photo, n = n + 1).to_string();
                    view! {
                        <a href=photo.path()>
                            <img src=photo.thumb_path() alt=label loading="lazy" width="96" height="96"/>
                        </a>
                    }
                }).collect_view()}
            </div>
            <Acknowledge activity_id=item.id acknowledged=item.my_ack.clone()/>
        </li>
    }
}

/// 已阅 with an optional note to the class's teachers; once sent, the note as kept.
#[component]
fn Acknowledge(activity_id: uuid::Uuid, acknowledged: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let ack = ServerAction::<AcknowledgeActivity>::new();
    let written = acknowledged.clone().unwrap_or_default();
    let note = RwSignal::new(written.clone());
    let kept = RwSignal::new(acknowledged);
    Effect::new(move |_| {
        if let Some(Ok(())) = ack.value().get() {
            kept.set(Some(note.get_untracked().trim().to_string()));
        }
    });
    let field = format!("ack-{activity_id}");
    // What the box holds when sent. The box is not bound to a signal: hydrating would set it
    // to the signal's value and wipe a note typed before the page came to life.
    let area = NodeRef::<leptos::html::Textarea>::new();
    view! {
        {move || kept.get().map(|sent| view! {
            <p class="notice ok" role="status">
                {t!(i18n, feed_acknowledged)}
                {(!sent.is_empty()).then(|| format!("：{sent}"))}
            </p>
        })}
        <form class="ack" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if let Some(typed) = area.get_untracked().map(|a| a.value()) {
                note.set(typed);
            }
            ack.dispatch(AcknowledgeActivity { activity_id, note: note.get_untracked() });
        }>
            <label for=field.clone()>{t!(i18n, feed_note)}</label>
            <textarea id=field rows="2" maxlength=MAX_NOTE_CHARS node_ref=area>{written}</textarea>
            <button type="submit" disabled=move || ack.pending().get()>
                {move || if kept.with(Option::is_some) { t_string!(i18n, feed_ack_again) } else { t_string!(i18n, feed_ack) }}
            </button>
        </form>
        {move || match ack.value().get() {
            Some(Err(error)) => view! { <ErrorNotice error/> }.into_any(),
            _ => ().into_any(),
        }}
    }
}
