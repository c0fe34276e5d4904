//! The record kinds phones write, one module each, named by the registry line of its table
//! (`app::sync::tables`): the module holds the kind's rules (`apply`), its statements
//! (`Statements`, both backends) and its pull (`pulled`).
use app::domain::role::Principal;
use app::sync::tables::SyncedTable;
use app::sync::{Change, Mutation, SyncScope, Table};
use uuid::Uuid;

use super::rules::Applied;
use super::tx::SyncTx;
use crate::db::DbError;

macro_rules! kinds {
    ($($table:ident => $kind:ident),* $(,)?) => {
        $(pub mod $kind;)*

        /// A transaction that runs every kind's statements.
        pub trait KindTx: SyncTx $(+ $kind::Statements)* {}

        impl<T: SyncTx $(+ $kind::Statements)*> KindTx for T {}

        /// Applies one mutation by the rules of its table's kind.
        pub async fn apply<T: KindTx>(
            tx: &mut T,
            who: &Principal,
            client_id: Uuid,
            m: &Mutation,
        ) -> Result<(), Applied> {
            match m.table {
                $(Table::$table => $kind::apply(tx, who, client_id, m).await,)*
            }
        }

        /// The changes of a kind's table in `scope` after `after`; `None` for a table no
        /// kind writes (the reference tables, read by the snapshot itself).
        pub async fn pulled<T: KindTx>(
            tx: &mut T,
            table: SyncedTable,
            scope: SyncScope,
            after: i64,
            limit: i64,
        ) -> Option<Result<Vec<Change>, DbError>> {
            match table {
                $(SyncedTable::$table => Some($kind::pulled(tx, scope, after, limit).await),)*
                _ => None,
            }
        }
    };
}

app::writable_tables!(kinds);
