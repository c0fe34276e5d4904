//! Photos on the phone: each photo's bytes as a blob under its id, kept from the moment it is
//! taken, and the queue of photos that records saved here still have to send to the server.
use indexed_db_futures::internals::SystemRepr;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, IdbRequest};

use super::store::{self, StoreError, WriteTx};
use crate::domain::photos::PhotoId;

/// Each photo's bytes (a `Blob`), by id.
pub const PHOTOS: &str = crate::sync::PHOTO_STORE;
/// The photos waiting to be sent, by id: see [`Waiting`].
pub const UPLOADS: &str = "photo_upload";

/// A photo in the queue: waiting, or refused by the server with its reason.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Waiting {
    #[serde(default)]
    pub refused: Option<String>,
}

/// Keeps a photo just taken, before any record names it: a draft can then name it, and
/// closing the page loses nothing.
pub async fn keep(id: &PhotoId, blob: &Blob) -> Result<(), StoreError> {
    let db = store::open().await?;
    let tx = store::write_tx(&db, &[PHOTOS])?;
    tx.object_store(PHOTOS)?
        .as_sys()
        .put_with_key(blob, &id.as_str().into())
        .map_err(js_error)?;
    tx.commit().await
}

/// The bytes of a photo taken on this phone, if it still holds them.
pub async fn blob(id: &PhotoId) -> Result<Option<Blob>, StoreError> {
    let db = store::open().await?;
    let tx = store::read_tx(&db, &[PHOTOS])?;
    let request = tx
        .object_store(PHOTOS)?
        .as_sys()
        .get(&id.as_str().into())
        .map_err(js_error)?;
    Ok(answer(request).await?.dyn_into::<Blob>().ok())
}

/// Queues, in the record's own transaction `tx`, the photos it names that this phone holds
/// the bytes of; a photo it does not hold came from the server.
pub async fn queue(tx: &WriteTx<'_>, ids: &[PhotoId]) -> Result<(), StoreError> {
    for id in ids {
        let held = tx
            .object_store(PHOTOS)?
            .as_sys()
            .count_with_key(&id.as_str().into())
            .map_err(js_error)?;
        if answer(held).await?.as_f64().unwrap_or(0.0) > 0.0 {
            store::put(tx, UPLOADS, id.as_str(), &Waiting::default())?;
        }
    }
    Ok(())
}

/// Queues the photos of a record the server already keeps (sent online, not through the
/// outbox), for the next upload pass.
pub async fn send_later(ids: &[PhotoId]) -> Result<(), StoreError> {
    let db = store::open().await?;
    let tx = store::write_tx(&db, &[PHOTOS, UPLOADS])?;
    queue(&tx, ids).await?;
    tx.commit().await
}

/// The queue, oldest id first.
pub async fn waiting() -> Result<Vec<(PhotoId, Waiting)>, StoreError> {
    let db = store::open().await?;
    let tx = store::read_tx(&db, &[UPLOADS])?;
    let store = tx.object_store(UPLOADS)?;
    let keys = answer(store.as_sys().get_all_keys().map_err(js_error)?).await?;
    let mut queue = Vec::new();
    for key in js_sys::Array::from(&keys).iter() {
        if let Some(id) = key.as_string().as_deref().and_then(PhotoId::parse) {
            let waiting = store::get(&store, id.as_str()).await?.unwrap_or_default();
            queue.push((id, waiting));
        }
    }
    Ok(queue)
}

/// Takes a photo off the queue: the server has it.
pub async fn sent(id: &PhotoId) -> Result<(), StoreError> {
    let db = store::open().await?;
    let tx = store::write_tx(&db, &[UPLOADS])?;
    store::delete(&tx, UPLOADS, id.as_str())?;
    tx.commit().await
}

/// Marks a photo the server will not take, with its reason, so it is not sent again.
pub async fn refused(id: &PhotoId, reason: String) -> Result<(), StoreError> {
    let db = store::open().await?;
    let tx = store::write_tx(&db, &[UPLOADS])?;
    let waiting = Waiting {
        refused: Some(reason),
    };
    store::put(&tx, UPLOADS, id.as_str(), &waiting)?;
    tx.commit().await
}

/// The result of a request on a store, once it has one.
async fn answer(request: IdbRequest) -> Result<JsValue, StoreError> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let done = request.clone();
        let on_success = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::UNDEFINED));
        });
        let on_error = Closure::once_into_js(move |event: web_sys::Event| {
            let _ = reject.call1(&JsValue::NULL, &event);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(js_error)
}

fn js_error(e: JsValue) -> StoreError {
    StoreError(format!("{e:?}"))
}
