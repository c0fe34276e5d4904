//! What the phone's sync is doing, as signals every screen reads and the sync loop writes.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::domain::photos::PhotoId;

/// Where a photo taken on this phone is on its way to the server; a photo the phone does not
/// list is on the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoState {
    /// Kept on the phone, waiting for a connection.
    OnPhone,
    /// Being sent: the percentage sent so far.
    Sending(u8),
    /// The server refused it (not a photo, too large, unreadable): it will not be sent again.
    Refused,
}

/// The sync loop's state, shared by every screen. Starts the same on the server and the
/// phone so the page hydrates cleanly; the phone's loop fills it in.
#[derive(Clone, Copy)]
pub struct SyncStatus {
    /// Mutations saved on the phone and not yet acknowledged.
    pub pending: RwSignal<u32>,
    /// Mutations the server refused, waiting for the user.
    pub rejected: RwSignal<u32>,
    pub last_sync: RwSignal<Option<DateTime<Utc>>>,
    pub offline: RwSignal<bool>,
    pub syncing: RwSignal<bool>,
    /// The session ended while work waits: log in again to send it.
    pub needs_login: RwSignal<bool>,
    /// Bumped whenever the phone's data changed, so screens read it again.
    pub revision: RwSignal<u64>,
    /// The server knows no session here: screens that need a user say so.
    pub signed_out: RwSignal<bool>,
    /// True once the phone's store is open for the signed-in user.
    pub ready: RwSignal<bool>,
    /// The phone had never synced and its first round's data is not on screen yet: an empty
    /// screen is still filling, not empty.
    pub filling: RwSignal<bool>,
    /// The user the phone's data belongs to (from the server, or the store when offline).
    pub who: RwSignal<Option<crate::domain::role::Principal>>,
    /// The photos taken on this phone that the server does not hold yet.
    pub photos: RwSignal<HashMap<PhotoId, PhotoState>>,
    /// True once the first screen has come to life: until then the loop changes nothing
    /// above, so a screen loaded after the app shell hydrates what the server drew.
    pub shown: RwSignal<bool>,
}

impl SyncStatus {
    /// Ends the first sync's `filling`, telling the screens only if it was on: every later
    /// load would otherwise redraw an empty screen for nothing.
    pub fn end_filling(&self) {
        if self.filling.get_untracked() {
            self.filling.set(false);
        }
    }
}

/// Puts a fresh [`SyncStatus`] in context.
pub fn provide_sync_status() -> SyncStatus {
    let status = SyncStatus {
        pending: RwSignal::new(0),
        rejected: RwSignal::new(0),
        last_sync: RwSignal::new(None),
        offline: RwSignal::new(false),
        syncing: RwSignal::new(false),
        needs_login: RwSignal::new(false),
        revision: RwSignal::new(0),
        signed_out: RwSignal::new(false),
        ready: RwSignal::new(false),
        filling: RwSignal::new(false),
        who: RwSignal::new(None),
        photos: RwSignal::new(HashMap::new()),
        shown: RwSignal::new(false),
    };
    provide_context(status);
    status
}

/// Tells the sync loop, once this screen runs in the browser, that it may fill in the status.
pub fn screen_shown() {
    let status = use_sync_status();
    Effect::new(move |_| {
        if !status.shown.get_untracked() {
            status.shown.set(true);
        }
    });
}

/// The app's sync status.
pub fn use_sync_status() -> SyncStatus {
    expect_context::<SyncStatus>()
}
