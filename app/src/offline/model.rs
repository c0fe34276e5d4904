//! What the phone keeps: its client identity, rows as last seen, and pending work.
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::sync::{Change, Mutation};

/// The table whose rows are listed by day (check entries: Today reads one day of them).
pub const DATED_TABLE: &str = "check_entry";

/// This phone's identity for its user, and its mutation counter.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ClientMeta {
    pub client_id: Uuid,
    pub user_id: Uuid,
    pub next_seq: i64,
}

/// Where the phone is in each scope, and when it last synced.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SyncMeta {
    pub cursors: BTreeMap<String, i64>,
    pub last_sync: Option<DateTime<Utc>>,
    /// The server's epoch the cursors belong to (a restore starts a new one).
    #[serde(default)]
    pub epoch: Option<String>,
}

/// A row as the phone keeps it: the server's version, or a local edit not yet acknowledged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocalRow {
    pub id: Uuid,
    pub scope: String,
    pub change_seq: i64,
    pub fields: serde_json::Value,
    /// True while a local mutation of this row waits in the outbox.
    pub pending: bool,
    /// The server's fields before a pending edit, to roll back to if it is refused.
    pub base: Option<serde_json::Value>,
}

impl LocalRow {
    /// The row as the server sent it.
    pub fn from_change(change: &Change) -> LocalRow {
        LocalRow {
            id: change.id,
            scope: change.scope.clone(),
            change_seq: change.change_seq,
            fields: change.fields.clone(),
            pending: false,
            base: None,
        }
    }

    /// The day a dated row (a check entry) is for.
    pub fn day(&self) -> Option<&str> {
        self.fields.get("date")?.as_str()
    }
}

/// A refused mutation and why, kept for the user to read or discard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rejected {
    pub mutation: Mutation,
    pub reason: String,
}
