//! The sync loop: one round at a time across tabs (Web Locks), on start, `online`, the
//! page becoming visible, after a write, every 45 s while visible, and on the 同步 button.
use std::cell::RefCell;

use futures::StreamExt;
use futures::channel::mpsc::{UnboundedSender, unbounded};
use futures::future::{Either, select};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::mirror;
use super::model::SyncMeta;
use super::store::{self, META, OUTBOX, REJECTED};
use super::sync::{self, SyncError};
use crate::domain::role::Principal;
use crate::error::AppError;
use crate::sync::status::SyncStatus;

/// Between rounds while all is well and the page is visible.
const INTERVAL_MS: u32 = 45_000;
/// After a write, wait this long for more before pushing.
const DEBOUNCE_MS: u32 = 800;
/// The longest wait between retries after a failure.
const MAX_BACKOFF_MS: u32 = 60_000;

/// Why the loop should run a round.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kick {
    Now,
    Soon,
}

thread_local! {
    static KICKS: RefCell<Option<UnboundedSender<Kick>>> = const { RefCell::new(None) };
}

/// Asks for a round right away (the 同步 button, coming online).
pub fn kick_now() {
    send(Kick::Now);
}

/// Asks for a round shortly (after a local write; several writes share one push).
pub fn kick_soon() {
    send(Kick::Soon);
}

/// Ends the loop (at sign-out): no round starts after this.
pub fn stop() {
    KICKS.with(|k| k.borrow_mut().take());
}

fn send(kick: Kick) {
    KICKS.with(|k| {
        if let Some(tx) = k.borrow().as_ref() {
            let _ = tx.unbounded_send(kick);
        }
    });
}

/// Starts the loop for the user `signed_in` answers with (or, when it cannot be asked, the
/// user the phone last had).
pub fn start<F>(status: SyncStatus, signed_in: F)
where
    F: std::future::Future<Output = Result<Option<Principal>, AppError>> + 'static,
{
    leptos::task::spawn_local(async move {
        // A task of its own: hydrating the page is one long task on a slow phone already. A
        // lazily loaded screen hydrates later still, and must find the status as the server
        // drew it: nothing changes until the screen is shown.
        TimeoutFuture::new(0).await;
        while !status.shown.get_untracked() {
            TimeoutFuture::new(20).await;
        }
        let who = match signed_in.await {
            Ok(Some(who)) => Some(who),
            Ok(None) => {
                signed_out(status).await;
                None
            }
            Err(_) => store::last_principal().await.ok().flatten(),
        };
        let Some(who) = who else { return };
        if sync::ensure_client(&who).await.is_err() {
            return;
        }
        mirror::follow_other_tabs(move || leptos::task::spawn_local(refresh(status)));
        status.who.set(Some(who));
        refresh(status).await;
        status
            .filling
            .set(status.last_sync.get_untracked().is_none());
        status.ready.set(true);
        request_persistence();
        run(status).await;
    });
}

/// Signed out on the server: keep what the phone holds, and say so if work waits.
async fn signed_out(status: SyncStatus) {
    status.signed_out.set(true);
    if store::last_principal().await.ok().flatten().is_some() {
        refresh(status).await;
        status.needs_login.set(status.pending.get_untracked() > 0);
    }
}

async fn run(status: SyncStatus) {
    let (tx, mut rx) = unbounded();
    KICKS.with(|k| *k.borrow_mut() = Some(tx));
    listen("online", kick_now);
    listen("offline", move || status.offline.set(true));
    listen("visibilitychange", || {
        if visible() {
            kick_now();
        }
    });
    let mut backoff = 0u32;
    loop {
        let outcome = locked_round(status).await;
        backoff = match outcome {
            Ok(()) => 0,
            Err(SyncError::Unauthorized) => MAX_BACKOFF_MS,
            Err(_) => (backoff * 2).clamp(2_000, MAX_BACKOFF_MS),
        };
        let wait = if backoff > 0 { backoff } else { INTERVAL_MS };
        // Wait for a kick or the timer; a hidden page waits for a kick only.
        loop {
            let timer = TimeoutFuture::new(wait);
            match select(rx.next(), timer).await {
                Either::Left((Some(Kick::Soon), _)) => {
                    TimeoutFuture::new(DEBOUNCE_MS).await;
                    while rx.try_recv().is_ok() {}
                    break;
                }
                Either::Left((Some(Kick::Now), _)) => break,
                Either::Left((None, _)) => return,
                Either::Right(_) if visible() || backoff > 0 => break,
                Either::Right(_) => {}
            }
        }
    }
}

/// One round under the `homeroom-sync` lock, so tabs take turns.
async fn locked_round(status: SyncStatus) -> Result<(), SyncError> {
    status.syncing.set(true);
    let result = with_lock("homeroom-sync", async move { round(status).await }).await;
    status.syncing.set(false);
    // A synced phone's screens end `filling` once they hold its data (`load_on_change`).
    if result.is_err() {
        status.end_filling();
    }
    result
}

async fn round(status: SyncStatus) -> Result<(), SyncError> {
    let result = match store::open().await {
        Ok(db) => sync::round(&db).await,
        Err(e) => Err(e.into()),
    };
    match &result {
        Ok(_) => {
            status.offline.set(false);
            status.needs_login.set(false);
        }
        Err(SyncError::Offline) => status.offline.set(true),
        Err(SyncError::Unauthorized) => status.needs_login.set(true),
        Err(_) => {}
    }
    read_counts(status, result.as_ref().is_ok_and(|changed| *changed)).await;
    if result.is_ok() {
        // Photos follow the records, on their own, so they never hold the next round up.
        super::uploads::kick(status);
    }
    result.map(|_| ())
}

/// Reads the counts and last sync time into the status, and has the screens read the
/// phone's data again.
pub async fn refresh(status: SyncStatus) {
    read_counts(status, true).await;
}

/// Shows the new pending count after a local write; the screen has already shown the row.
pub async fn count_pending(status: SyncStatus) {
    read_counts(status, false).await;
}

/// Reads the counts and last sync time; screens read the data again only if `changed`,
/// so a quiet round costs them nothing.
async fn read_counts(status: SyncStatus, changed: bool) {
    let counts = async {
        let db = store::open().await?;
        let tx = store::read_tx(&db, &[META, OUTBOX, REJECTED])?;
        let pending = store::count(&tx.object_store(OUTBOX)?).await?;
        let rejected = store::count(&tx.object_store(REJECTED)?).await?;
        let meta: SyncMeta = store::get(&tx.object_store(META)?, "sync")
            .await?
            .unwrap_or_default();
        Ok::<_, store::StoreError>((pending, rejected, meta.last_sync))
    }
    .await;
    super::uploads::show_queue(status).await;
    if let Ok((pending, rejected, last_sync)) = counts {
        status.pending.set(pending);
        status.rejected.set(rejected);
        status.last_sync.set(last_sync);
        if changed {
            status.revision.update(|r| *r += 1);
        }
    }
}

/// Runs `work` holding a Web Lock (waiting for another tab to finish), or without one
/// where the browser has no Web Locks.
async fn with_lock<F>(name: &str, work: F) -> Result<(), SyncError>
where
    F: std::future::Future<Output = Result<(), SyncError>> + 'static,
{
    let locks = js_sys::Reflect::get(&window().navigator(), &"locks".into())
        .ok()
        .filter(|l| !l.is_undefined());
    let Some(locks) = locks else {
        return work.await;
    };
    let outcome: std::rc::Rc<RefCell<Option<Result<(), SyncError>>>> = Default::default();
    let slot = outcome.clone();
    let mut work = Some(work);
    let callback = Closure::<dyn FnMut(JsValue) -> js_sys::Promise>::new(move |_lock: JsValue| {
        let slot = slot.clone();
        let work = work.take();
        wasm_bindgen_futures::future_to_promise(async move {
            if let Some(work) = work {
                *slot.borrow_mut() = Some(work.await);
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    let request: Option<js_sys::Function> = js_sys::Reflect::get(&locks, &"request".into())
        .ok()
        .and_then(|f| f.dyn_into().ok());
    if let Some(Ok(promise)) =
        request.map(|r| r.call2(&locks, &name.into(), callback.as_ref().unchecked_ref()))
    {
        let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await;
    }
    drop(callback);
    outcome
        .borrow_mut()
        .take()
        .unwrap_or(Err(SyncError::Offline))
}

fn listen(event: &str, handler: impl FnMut() + 'static) {
    let closure = Closure::<dyn FnMut()>::new(handler);
    let target: web_sys::EventTarget = if event == "visibilitychange" {
        document().into()
    } else {
        window().into()
    };
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    closure.forget();
}

fn visible() -> bool {
    document().visibility_state() == web_sys::VisibilityState::Visible
}

/// Asks the browser not to evict the phone's data under storage pressure.
fn request_persistence() {
    if let Ok(promise) = window().navigator().storage().persist() {
        leptos::task::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
}
