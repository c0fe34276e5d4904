//! Photos: sent once per content, cleaned before they are kept, and given only to those who
//! may see them. Records name photos by id; the bytes come separately, in any order.
pub mod handlers;
pub mod pipeline;
pub mod store;

use std::sync::Arc;

use app::domain::photos::PhotoId;
use app::domain::role::Principal;
use app::error::AppError;
use bytes::Bytes;
use chrono::{Duration, Utc};
use tokio::sync::Semaphore;

use self::pipeline::Refused;
use self::store::{PhotoStore, Size};
use crate::db::{self, Db};
use crate::digest::sha256_hex;
use crate::http::error::internal;

/// Photos one user may send in a day: a busy week of activities, not a flood.
pub const DAILY_PHOTOS: i64 = 300;
/// Photos decoded at once: each may take a quarter of a gigabyte while it is cleaned.
const DECODES_AT_ONCE: usize = 2;

/// The photo store with the server's limit on decoding; cheap to clone.
#[derive(Clone, Debug)]
pub struct Photos {
    pub store: PhotoStore,
    decoding: Arc<Semaphore>,
}

/// Why a photo was not taken or given.
#[derive(Debug)]
pub enum PhotoError {
    Refused(Refused),
    /// The bytes are not those the id names: the upload was cut or changed on the way.
    WrongBytes,
    App(AppError),
}

impl From<AppError> for PhotoError {
    fn from(e: AppError) -> Self {
        PhotoError::App(e)
    }
}

impl Photos {
    pub fn new(store: PhotoStore) -> Photos {
        Photos {
            store,
            decoding: Arc::new(Semaphore::new(DECODES_AT_ONCE)),
        }
    }

    /// Takes a photo from a signed-in user of a school. True when the school did not hold it
    /// yet; bytes the server already keeps are neither decoded nor written again.
    pub async fn upload(
        &self,
        db: &Db,
        who: &Principal,
        id: &PhotoId,
        bytes: Bytes,
    ) -> Result<bool, PhotoError> {
        let school_id = who.school_id.ok_or(AppError::Forbidden)?;
        if sha256_hex(&bytes) != id.as_str() {
            return Err(PhotoError::WrongBytes);
        }
        if db::photos::sender(db, school_id, id)
            .await
            .map_err(internal)?
            .is_some()
        {
            return Ok(false);
        }
        let day_ago = Utc::now() - Duration::days(1);
        let sent = db::photos::sent_since(db, who.user_id, day_ago)
            .await
            .map_err(internal)?;
        if sent >= DAILY_PHOTOS {
            return Err(AppError::RateLimited {
                retry_after_secs: 3600,
            }
            .into());
        }
        if !self.store.has(id).await.map_err(internal)? {
            self.keep(id, bytes).await?;
        }
        Ok(db::photos::insert(db, school_id, id, who.user_id)
            .await
            .map_err(internal)?)
    }

    /// Cleans and writes a photo, a few at a time.
    async fn keep(&self, id: &PhotoId, bytes: Bytes) -> Result<(), PhotoError> {
        let _turn = self.decoding.acquire().await.map_err(internal)?;
        let processed = tokio::task::spawn_blocking(move || pipeline::process(&bytes))
            .await
            .map_err(internal)?
            .map_err(PhotoError::Refused)?;
        self.store
            .put(id, processed.photo.into(), processed.thumb.into())
            .await
            .map_err(internal)?;
        Ok(())
    }

    /// A photo for someone who may see it: its sender, and those a record showing it admits.
    /// Anyone else, and any id the school does not hold, gets `NotFound`, so ids cannot be
    /// probed.
    pub async fn fetch(
        &self,
        db: &Db,
        who: &Principal,
        id: &PhotoId,
        size: Size,
    ) -> Result<Bytes, AppError> {
        let school_id = who.school_id.ok_or(AppError::NotFound)?;
        let sender = db::photos::sender(db, school_id, id)
            .await
            .map_err(internal)?;
        let admitted = match sender {
            None => false,
            Some(sender) if sender == who.user_id => true,
            Some(_) => db::photos::shown_in(db, school_id, id)
                .await
                .map_err(internal)?
                .iter()
                .any(|(place, audience)| audience.admits(who, place)),
        };
        if !admitted {
            return Err(AppError::NotFound);
        }
        self.store
            .get(id, size)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)
    }
}
