//! The phone side (hydrate only): service worker, IndexedDB store, outbox and sync loop.
pub mod engine;
pub mod local;
pub mod mirror;
pub mod model;
pub mod outbox;
pub mod photos;
pub mod picture;
pub mod store;
pub mod sync;
pub mod uploads;
pub mod worker;
