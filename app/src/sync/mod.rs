//! Sync protocol v1 (docs/sync-protocol.md): the JSON both ends speak. The server keeps
//! accepting v1 after v2 appears, so these types only ever gain optional fields.
pub mod rows;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Most mutations one push may carry; more is refused with 413.
pub const MAX_PUSH_MUTATIONS: usize = 500;
/// Changes a pull returns when the phone does not ask for fewer.
pub const DEFAULT_PULL_LIMIT: u32 = 1000;
/// Most changes one pull page may hold.
pub const MAX_PULL_LIMIT: u32 = 5000;

/// `POST /api/sync/v1/push`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub client_id: Uuid,
    pub mutations: Vec<Mutation>,
}

/// One change made on the phone, numbered by the phone's own sequence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mutation {
    pub seq: i64,
    pub op: Op,
    pub table: Table,
    pub id: Uuid,
    #[serde(default)]
    pub base_version: Option<i64>,
    #[serde(default)]
    pub fields: serde_json::Map<String, serde_json::Value>,
    pub client_recorded_at: DateTime<Utc>,
}

/// What a mutation does to its row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Create,
    Patch,
    Delete,
}

/// The tables a phone may write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    CheckEntry,
    CheckAppeal,
    Attendance,
}

/// `POST /api/sync/v1/push` answer: one result per mutation, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    pub last_mutation_seq: i64,
    pub results: Vec<MutationResult>,
}

/// What happened to one mutation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MutationResult {
    pub seq: i64,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `applied` (now on the server), `duplicate` (it already was), `rejected` (never will be).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Applied,
    Duplicate,
    Rejected,
}

/// `POST /api/sync/v1/pull`: where the phone is in each scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PullRequest {
    pub client_id: Uuid,
    #[serde(default)]
    pub cursors: BTreeMap<String, i64>,
    #[serde(default)]
    pub limit: Option<u32>,
}

/// One row as it now is (or its tombstone), in a scope, with its change number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub table: String,
    pub id: Uuid,
    pub scope: String,
    pub change_seq: i64,
    pub deleted: bool,
    pub fields: serde_json::Value,
}

/// `POST /api/sync/v1/pull` answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    pub changes: Vec<Change>,
    pub cursors: BTreeMap<String, i64>,
    pub has_more: bool,
    pub last_mutation_seq: i64,
    /// Scopes the user may no longer read: the phone deletes their rows.
    pub removed_scopes: Vec<String>,
    /// Scopes whose cursor the server does not know (e.g. after a restore): start again from 0.
    pub reset_scopes: Vec<String>,
}

/// A scope of synced data: everything of one class, or the school-wide reference data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SyncScope {
    School(Uuid),
    Class(Uuid),
}

impl SyncScope {
    /// `school` or `class`, as stored.
    pub fn kind(self) -> &'static str {
        match self {
            SyncScope::School(_) => "school",
            SyncScope::Class(_) => "class",
        }
    }

    /// The school's or class's id.
    pub fn id(self) -> Uuid {
        match self {
            SyncScope::School(id) | SyncScope::Class(id) => id,
        }
    }

    /// Reads `school:<uuid>` or `class:<uuid>`.
    pub fn parse(s: &str) -> Option<SyncScope> {
        let (kind, id) = s.split_once(':')?;
        let id = Uuid::parse_str(id).ok()?;
        match kind {
            "school" => Some(SyncScope::School(id)),
            "class" => Some(SyncScope::Class(id)),
            _ => None,
        }
    }
}

impl std::fmt::Display for SyncScope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.kind(), self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_round_trip_through_their_wire_form() {
        let s = SyncScope::Class(Uuid::from_u128(7));
        assert_eq!(SyncScope::parse(&s.to_string()), Some(s));
        assert_eq!(
            SyncScope::parse("grade:00000000-0000-0000-0000-000000000007"),
            None
        );
        assert_eq!(SyncScope::parse("class:nope"), None);
    }

    #[test]
    fn a_push_with_an_unknown_op_or_table_does_not_parse() {
        let base = r#"{"client_id":"00000000-0000-0000-0000-000000000001","mutations":[{"seq":1,"op":"OP","table":"TABLE","id":"00000000-0000-0000-0000-000000000002","client_recorded_at":"2026-11-25T08:00:00Z"}]}"#;
        let parse = |op: &str, table: &str| {
            serde_json::from_str::<PushRequest>(&base.replace("OP", op).replace("TABLE", table))
                .is_ok()
        };
        assert!(parse("create", "check_entry"));
        assert!(!parse("upsert", "check_entry"));
        assert!(!parse("create", "student"));
    }
}
