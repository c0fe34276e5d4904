//! Where photos are kept: content-addressed objects through `object_store`. A folder under the
//! data dir by default, written with fsync; any URL `object_store` knows (an S3-compatible
//! bucket in a build with `--features s3`) by configuration.
use std::sync::Arc;

use app::domain::photos::PhotoId;
use bytes::Bytes;
use futures_util::TryStreamExt;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

/// A photo as kept, or its thumbnail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    Full,
    Thumb,
}

/// The school's photo objects; cheap to clone.
#[derive(Clone, Debug)]
pub struct PhotoStore {
    objects: Arc<dyn ObjectStore>,
}

/// A failure of the storage underneath.
#[derive(Debug, thiserror::Error)]
#[error("photo storage: {0}")]
pub struct StoreError(#[from] object_store::Error);

impl PhotoStore {
    /// The store a setting names: a folder path, `file://…`, or another URL `object_store`
    /// was built to reach (its credentials from the environment, as `object_store` reads them).
    pub fn open(setting: &str) -> Result<PhotoStore, StoreError> {
        let folder = setting.strip_prefix("file://").unwrap_or(setting);
        let objects: Arc<dyn ObjectStore> = if !setting.contains("://") || folder != setting {
            std::fs::create_dir_all(folder).map_err(|e| object_store::Error::Generic {
                store: "LocalFileSystem",
                source: Box::new(e),
            })?;
            Arc::new(LocalFileSystem::new_with_prefix(folder)?.with_fsync(true))
        } else {
            let url = url::Url::parse(setting).map_err(|e| object_store::Error::Generic {
                store: "url",
                source: Box::new(e),
            })?;
            let (store, prefix) = object_store::parse_url_opts(&url, std::env::vars())?;
            Arc::new(PrefixStore::new(store, prefix))
        };
        Ok(PhotoStore { objects })
    }

    /// Where a photo's object lives: spread over 256 folders by its first two digits.
    fn path(id: &PhotoId, size: Size) -> Path {
        let hex = id.as_str();
        let suffix = match size {
            Size::Full => "jpg",
            Size::Thumb => "thumb.jpg",
        };
        Path::from(format!("{}/{hex}.{suffix}", hex.get(..2).unwrap_or("00")))
    }

    /// Whether the photo is kept. Its thumbnail is written first, so a kept photo has both.
    pub async fn has(&self, id: &PhotoId) -> Result<bool, StoreError> {
        match self.objects.head(&Self::path(id, Size::Full)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Keeps a photo and its thumbnail; keeping the same photo again rewrites the same bytes.
    pub async fn put(&self, id: &PhotoId, photo: Bytes, thumb: Bytes) -> Result<(), StoreError> {
        let objects = &self.objects;
        objects
            .put(&Self::path(id, Size::Thumb), PutPayload::from(thumb))
            .await?;
        objects
            .put(&Self::path(id, Size::Full), PutPayload::from(photo))
            .await?;
        Ok(())
    }

    /// The kept bytes, if the photo is kept.
    pub async fn get(&self, id: &PhotoId, size: Size) -> Result<Option<Bytes>, StoreError> {
        match self.objects.get(&Self::path(id, size)).await {
            Ok(found) => Ok(Some(found.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The name of every kept object, for a backup.
    pub async fn names(&self) -> Result<Vec<String>, StoreError> {
        let listed: Vec<_> = self.objects.list(None).try_collect().await?;
        Ok(listed.into_iter().map(|m| m.location.to_string()).collect())
    }

    /// The bytes of a kept object by its name.
    pub async fn read(&self, name: &str) -> Result<Bytes, StoreError> {
        Ok(self
            .objects
            .get(&Path::parse(name).map_err(object_store::Error::from)?)
            .await?
            .bytes()
            .await?)
    }

    /// Puts back an object a backup listed, under its name.
    pub async fn restore(&self, name: &str, bytes: Bytes) -> Result<(), StoreError> {
        let path = Path::parse(name).map_err(object_store::Error::from)?;
        self.objects.put(&path, PutPayload::from(bytes)).await?;
        Ok(())
    }
}
