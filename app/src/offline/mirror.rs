//! The phone's rows in memory, one copy per page. A screen's first read of a table (or of one
//! day's check entries) comes from IndexedDB; after that it comes from here, and every
//! committed write updates this copy (the rules are [`Held`]'s), so a save or a sync never
//! makes a screen read the store again. Another tab's writes make this page forget the
//! tables they touched.
use std::cell::RefCell;

use uuid::Uuid;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use super::model::{DATED_TABLE, LocalRow};
use crate::sync::held::{self, Held};

/// Rows of one table by id, shared with the screens reading them.
pub type Rows = held::Rows<LocalRow>;

/// The channel the tabs of this origin tell each other which tables they wrote on.
const CHANNEL: &str = "homeroom-rows";

thread_local! {
    static HELD: RefCell<Held<LocalRow>> = RefCell::default();
    static OTHER_TABS: RefCell<Option<web_sys::BroadcastChannel>> = const { RefCell::new(None) };
}

impl held::HeldRow for LocalRow {
    fn id(&self) -> Uuid {
        self.id
    }

    fn day(&self) -> Option<&str> {
        LocalRow::day(self)
    }
}

/// Where memory stands before a read from the store.
pub fn epoch() -> u64 {
    HELD.with(|held| held.borrow().epoch())
}

/// Every row of `table`, if memory holds them all.
pub fn whole(table: &str) -> Option<Rows> {
    HELD.with(|held| held.borrow().whole(table))
}

/// Keeps every row of `table` as read from the store since `since`, and returns them.
pub fn keep_whole(table: &'static str, rows: Vec<LocalRow>, since: u64) -> Rows {
    HELD.with(|held| held.borrow_mut().keep_whole(table, rows, since))
}

/// The check entries of `day`, if memory holds that day.
pub fn day(day: &str) -> Option<Vec<LocalRow>> {
    HELD.with(|held| held.borrow().day(DATED_TABLE, day))
}

/// Keeps the check entries of `day` as read from the store since `since`.
pub fn keep_day(day: &str, rows: &[LocalRow], since: u64) {
    HELD.with(|held| held.borrow_mut().keep_day(DATED_TABLE, day, rows, since));
}

/// Forgets every table (the store was closed or wiped).
pub fn forget_all() {
    HELD.with(|held| held.borrow_mut().forget_all());
}

/// The rows one transaction writes, for memory once it has committed.
#[derive(Default)]
pub struct Writes(held::Writes<LocalRow>);

impl Writes {
    pub fn put(&mut self, table: &'static str, row: &LocalRow) {
        HELD.with(|held| self.0.put(&held.borrow(), table, row));
    }

    pub fn delete(&mut self, table: &'static str, id: Uuid) {
        HELD.with(|held| self.0.delete(&held.borrow(), table, id));
    }

    /// After the commit: memory follows the store, and the other tabs forget these tables.
    pub fn committed(self) {
        let written = HELD.with(|held| held.borrow_mut().apply(self.0));
        if written.is_empty() {
            return;
        }
        OTHER_TABS.with(|channel| {
            if let Some(channel) = channel.borrow().as_ref() {
                let _ = channel.post_message(&written.join(",").into());
            }
        });
    }
}

/// Listens for the other tabs' writes: memory forgets what they changed, then `changed` runs.
pub fn follow_other_tabs(changed: impl Fn() + 'static) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
        return;
    };
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            if let Some(tables) = event.data().as_string() {
                HELD.with(|held| held.borrow_mut().forget(tables.split(',')));
                changed();
            }
        });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    OTHER_TABS.with(|tabs| *tabs.borrow_mut() = Some(channel));
}
