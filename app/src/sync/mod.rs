//! Sync protocol v1 (docs/sync-protocol.md): the JSON both ends speak. The server keeps
//! accepting v1 after v2 appears, so these types only ever gain optional fields.
pub mod held;
pub mod payload;
pub mod rejection;
pub mod rows;
pub mod status;
pub mod tables;
pub mod today;

/// The phone's IndexedDB database; one per origin, wiped at logout. The service worker reads
/// it too, to answer for a photo this phone holds.
pub const PHONE_DB: &str = "homeroom";
/// The phone's store of each photo's bytes (a `Blob`), by id.
pub const PHOTO_STORE: &str = "photo";

pub use tables::Table;

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

/// `POST /api/sync/v1/push` answer: one result per mutation, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    pub last_mutation_seq: i64,
    pub results: Vec<MutationResult>,
}

/// `409` answer to a push that skips seqs: the phone sends again from after `last_mutation_seq`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushGap {
    pub error: String,
    pub last_mutation_seq: i64,
    pub message: String,
}

impl PushGap {
    /// The gap after `last`, the server's newest seq of this client.
    pub fn after(last: i64) -> PushGap {
        PushGap {
            error: "gap".into(),
            last_mutation_seq: last,
            message: "同步序号不连续，请从上次确认之后重新发送".into(),
        }
    }
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

/// `POST /api/sync/v1/pull`: where the phone is in each table of each scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PullRequest {
    pub client_id: Uuid,
    #[serde(default)]
    pub cursors: BTreeMap<String, i64>,
    #[serde(default)]
    pub limit: Option<u32>,
    /// The server's epoch these cursors were read in; a different one (a restored server)
    /// resets every scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
    /// The tables this phone stores. With it, cursors are per table (`<scope>/<table>`) and
    /// only these tables are served; without it (phones from before), one cursor per scope
    /// covers [`tables::V1_TABLES`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tables: Option<Vec<String>>,
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

impl Change {
    /// `row` as it now is (`deleted` keeps its last fields), in `scope`.
    pub fn of<R: tables::SyncedRow>(
        id: Uuid,
        scope: SyncScope,
        change_seq: i64,
        deleted: bool,
        row: &R,
    ) -> Result<Change, serde_json::Error> {
        Ok(Change {
            table: R::TABLE.name().into(),
            id,
            scope: scope.to_string(),
            change_seq,
            deleted,
            fields: serde_json::to_value(row)?,
        })
    }

    /// A deleted row of which nothing is left but its id.
    pub fn tombstone(
        table: tables::SyncedTable,
        id: Uuid,
        scope: SyncScope,
        change_seq: i64,
    ) -> Change {
        Change {
            table: table.name().into(),
            id,
            scope: scope.to_string(),
            change_seq,
            deleted: true,
            fields: serde_json::Value::Object(serde_json::Map::new()),
        }
    }
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
    /// The server's epoch, for the phone to send with its next cursors.
    #[serde(default)]
    pub epoch: Option<String>,
}

/// What a phone sends after the server answered a push with a gap (it has everything up to
/// `last`, e.g. after a restore from a backup): the acknowledged mutations the phone kept
/// with a number past `last`, then those still waiting, renumbered from `last + 1` in order.
/// Creates carry their ids, so what the server has already is refused as `exists`.
pub fn resend_after(last: i64, mut sent: Vec<Mutation>, waiting: Vec<Mutation>) -> Vec<Mutation> {
    sent.retain(|m| m.seq > last);
    sent.sort_by_key(|m| m.seq);
    sent.into_iter()
        .chain(waiting)
        .zip(last.saturating_add(1)..)
        .map(|(mut m, seq)| {
            m.seq = seq;
            m
        })
        .collect()
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

    fn numbered(seqs: &[i64]) -> Vec<Mutation> {
        seqs.iter()
            .map(|&seq| Mutation {
                seq,
                op: Op::Create,
                table: Table::CheckEntry,
                id: Uuid::from_u128(seq as u128),
                base_version: None,
                fields: serde_json::Map::new(),
                client_recorded_at: DateTime::<Utc>::UNIX_EPOCH,
            })
            .collect()
    }

    #[test]
    fn after_a_gap_what_the_server_lost_goes_again_before_what_waits() {
        let again = resend_after(3, numbered(&[1, 2, 3, 4, 5]), numbered(&[9, 10]));
        let seqs: Vec<i64> = again.iter().map(|m| m.seq).collect();
        let ids: Vec<u128> = again.iter().map(|m| m.id.as_u128()).collect();
        assert_eq!(seqs, [4, 5, 6, 7]);
        assert_eq!(ids, [4, 5, 9, 10]);
        assert!(resend_after(10, numbered(&[1, 2]), Vec::new()).is_empty());
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
