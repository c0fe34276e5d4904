//! The photo queue: photos saved with a record go to the server on their own, after the
//! records and one at a time, so they never hold up the small record mutations. A photo the
//! server already holds is not sent again; one cut off is sent again whole on the next round
//! (its id is its content, so a repeat is harmless).
use std::cell::Cell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ProgressEvent, XmlHttpRequest};

use super::photos::{self, Waiting};
use crate::domain::photos::PhotoId;
use crate::sync::status::{PhotoState, SyncStatus};

/// An upload taking longer than this is given up and tried again on the next round.
const UPLOAD_TIMEOUT_MS: u32 = 120_000;

thread_local! {
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
}

/// Why sending stopped.
enum Stop {
    /// The server will not take this photo: the reason, as its code.
    Refused(String),
    /// Offline, signed out, busy or failing: the whole queue waits for the next round.
    Later,
}

/// Sends what the queue holds, unless a pass is already under way (it then runs once more).
pub fn kick(status: SyncStatus) {
    if RUNNING.with(|r| r.replace(true)) {
        AGAIN.with(|a| a.set(true));
        return;
    }
    leptos::task::spawn_local(async move {
        loop {
            AGAIN.with(|a| a.set(false));
            send_queue(status).await;
            if !AGAIN.with(Cell::get) {
                break;
            }
        }
        RUNNING.with(|r| r.set(false));
    });
}

/// Reads the queue into the status, for the screens; a photo being sent stays so.
pub async fn show_queue(status: SyncStatus) {
    if let Ok(queue) = photos::waiting().await {
        show(status, &queue);
    }
}

fn show(status: SyncStatus, queue: &[(PhotoId, Waiting)]) {
    status.photos.update(|shown| {
        *shown = queue
            .iter()
            .map(|(id, waiting)| {
                let state = match (shown.get(id).copied(), &waiting.refused) {
                    (_, Some(_)) => PhotoState::Refused,
                    (Some(PhotoState::Sending(percent)), None) => PhotoState::Sending(percent),
                    _ => PhotoState::OnPhone,
                };
                (id.clone(), state)
            })
            .collect();
    });
}

/// Reads the queue into the status, then sends each photo waiting in it. Loaded on first
/// use, so a phone that never sends a photo never fetches the sending code.
#[leptos::lazy]
async fn send_queue(status: SyncStatus) {
    let Ok(queue) = photos::waiting().await else {
        return;
    };
    show(status, &queue);
    for (id, waiting) in queue {
        if waiting.refused.is_some() {
            continue;
        }
        match send(&id, status).await {
            Ok(()) => {
                if photos::sent(&id).await.is_ok() {
                    status.photos.update(|p| {
                        p.remove(&id);
                    });
                }
            }
            Err(Stop::Refused(reason)) => {
                let _ = photos::refused(&id, reason).await;
                set(status, &id, PhotoState::Refused);
            }
            Err(Stop::Later) => {
                set(status, &id, PhotoState::OnPhone);
                return;
            }
        }
    }
}

fn set(status: SyncStatus, id: &PhotoId, state: PhotoState) {
    status.photos.update(|p| {
        p.insert(id.clone(), state);
    });
}

/// Sends one photo, unless the server has it already.
async fn send(id: &PhotoId, status: SyncStatus) -> Result<(), Stop> {
    if on_server(id).await? {
        return Ok(());
    }
    let Ok(Some(blob)) = photos::blob(id).await else {
        // The bytes are gone from this phone: nothing is left to send.
        return Ok(());
    };
    set(status, id, PhotoState::Sending(0));
    let answer = put(id, &blob, status).await.map_err(|_| Stop::Later)?;
    match answer {
        200 | 201 => Ok(()),
        413 => Err(Stop::Refused("photo_too_large".into())),
        415 => Err(Stop::Refused("photo_type".into())),
        422 => Err(Stop::Refused("photo_unreadable".into())),
        _ => Err(Stop::Later),
    }
}

/// Whether the server already holds the photo for this user (a small `HEAD` of its thumbnail).
async fn on_server(id: &PhotoId) -> Result<bool, Stop> {
    let answer = gloo_net::http::RequestBuilder::new(&id.thumb_path())
        .method(gloo_net::http::Method::HEAD)
        .send()
        .await
        .map_err(|_| Stop::Later)?;
    match answer.status() {
        200 | 304 => Ok(true),
        404 => Ok(false),
        _ => Err(Stop::Later),
    }
}

/// `PUT`s the bytes, telling the status how far it has got; the answer's status code.
async fn put(id: &PhotoId, blob: &Blob, status: SyncStatus) -> Result<u16, JsValue> {
    let xhr = XmlHttpRequest::new()?;
    xhr.open_with_async("PUT", &id.path(), true)?;
    xhr.set_request_header("Content-Type", &blob.type_())?;
    xhr.set_timeout(UPLOAD_TIMEOUT_MS);
    let sending = id.clone();
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            let percent = (e.loaded() / e.total() * 100.0).clamp(0.0, 99.0) as u8;
            set(status, &sending, PhotoState::Sending(percent));
        }
    });
    xhr.upload()?
        .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    let done = js_sys::Promise::new(&mut |resolve, reject| {
        xhr.set_onload(Some(&resolve));
        xhr.set_onerror(Some(&reject));
        xhr.set_ontimeout(Some(&reject));
        xhr.set_onabort(Some(&reject));
    });
    xhr.send_with_opt_blob(Some(blob))?;
    let answer = JsFuture::from(done).await;
    drop(on_progress);
    answer?;
    xhr.status()
}
