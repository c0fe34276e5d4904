//! The registry of synced tables: one line per table gives its wire name (also its store on
//! the phone), the kind of scope its rows live in and the row type its changes carry; a table
//! phones write adds its create and patch payloads, its refusals and the server module of its
//! rules. The phone's stores and database version, the pull's per-table cursors, the writable
//! `Table`, the payloads' table and op, the refusal codes and the server's push and pull
//! dispatch all follow it.
use super::SyncScope;
use super::rows::{AppealRow, ClassRow, EntryRow, ItemRow, MarkRow, StudentRow};
use crate::domain::activities::{ActivityPatch, ActivityProblem, ActivityRow, NewActivity};
use crate::domain::appeals::{AppealDecision, AppealProblem, NewAppeal};
use crate::domain::attendance::{MarkPatch, MarkProblem, NewMark};
use crate::domain::checks::{CheckEntryPatch, EntryProblem, NewCheckEntry};
use crate::domain::duty::{DutyDay, DutyDayPatch, DutyProblem, NewDutyDay};
use crate::domain::record::RecordProblem;
use crate::domain::themes::MonthlyTheme;

/// The row type of a synced table: the registry pairs them.
pub trait SyncedRow: serde::Serialize + serde::de::DeserializeOwned {
    const TABLE: SyncedTable;
    /// The row's id, which its fields leave out on the wire (the change carries it).
    fn id(&self) -> uuid::Uuid;
    /// The row with its id set.
    fn with_id(self, id: uuid::Uuid) -> Self;
}

/// Whether a table's rows belong to the school or to one class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    School,
    Class,
}

/// Splits the registry into every table and the writable ones, then declares them.
macro_rules! synced_tables {
    (@split [$($all:tt)*] [$($w:tt)*]
        $table:ident => $name:literal in $scope:ident as $row:ty,
        writes $create:ty, $patch:ty, refusing $problem:ident, rules $rules:ident;
        $($rest:tt)*) => {
        synced_tables!(@split [$($all)* ($table $name $scope $row)]
            [$($w)* ($table $name $create, $patch, $problem, $rules)] $($rest)*);
    };
    (@split [$($all:tt)*] [$($w:tt)*]
        $table:ident => $name:literal in $scope:ident as $row:ty; $($rest:tt)*) => {
        synced_tables!(@split [$($all)* ($table $name $scope $row)] [$($w)*] $($rest)*);
    };
    (@split [$(($table:ident $name:literal $scope:ident $row:ty))*]
        [$(($written:ident $wname:literal $create:ty, $patch:ty, $problem:ident, $rules:ident))*]) => {
        synced_tables!(@rules ($) $($written => $rules),*);

        /// A table a phone keeps rows of.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum SyncedTable {
            $($table,)*
        }

        impl SyncedTable {
            /// Every synced table, in registry order.
            pub const ALL: [SyncedTable; [$($name),*].len()] = [$(SyncedTable::$table),*];

            /// The table's name on the wire and in the phone's store.
            pub const fn name(self) -> &'static str {
                match self {
                    $(SyncedTable::$table => $name,)*
                }
            }

            /// The kind of scope the table's rows are pulled in.
            pub const fn scope_kind(self) -> ScopeKind {
                match self {
                    $(SyncedTable::$table => ScopeKind::$scope,)*
                }
            }
        }

        $(impl SyncedRow for $row {
            const TABLE: SyncedTable = SyncedTable::$table;

            fn id(&self) -> uuid::Uuid {
                self.id
            }

            fn with_id(self, id: uuid::Uuid) -> Self {
                Self { id, ..self }
            }
        })*

        /// The tables a phone may write.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        pub enum Table {
            $(#[serde(rename = $wname)] $written,)*
        }

        impl From<Table> for SyncedTable {
            fn from(table: Table) -> SyncedTable {
                match table {
                    $(Table::$written => SyncedTable::$written,)*
                }
            }
        }

        $(impl super::payload::Payload for $create {
            const TABLE: Table = Table::$written;
            const OP: super::Op = super::Op::Create;
        }

        impl super::payload::Payload for $patch {
            const TABLE: Table = Table::$written;
            const OP: super::Op = super::Op::Patch;
        })*

        /// A refusal, by the table whose rules gave it; the shared ones are always
        /// [`Rejection::Record`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Rejection {
            Record(RecordProblem),
            $($written($problem),)*
        }

        impl Rejection {
            /// The code on the wire.
            pub const fn code(self) -> &'static str {
                match self {
                    Rejection::Record(p) => p.as_str(),
                    $(Rejection::$written(p) => p.code(),)*
                }
            }

            /// Every refusal any kind may give.
            pub fn all() -> impl Iterator<Item = Rejection> {
                let shared = RecordProblem::ALL.into_iter().map(Rejection::Record);
                shared$(.chain($problem::OWN.iter().map(|&p| Rejection::$written(p))))*
            }
        }

        $(impl From<$problem> for Rejection {
            fn from(p: $problem) -> Rejection {
                match p {
                    $problem::Record(p) => Rejection::Record(p),
                    p => Rejection::$written(p),
                }
            }
        })*
    };
    // `$d` is a `$` for the inner macro's own variables.
    (@rules ($d:tt) $($written:ident => $rules:ident),*) => {
        /// Calls `$callback! { Table => rules_module, … }` with every writable table and the
        /// name of the server module holding its rules: the server's push and pull dispatch.
        #[macro_export]
        macro_rules! writable_tables {
            ($d callback:ident) => { $d callback! { $($written => $rules),* } };
        }
    };
    // The registry as written: split it first.
    ($($entries:tt)*) => {
        synced_tables!(@split [] [] $($entries)*);
    };
}

synced_tables! {
    SchoolClass => "school_class" in School as ClassRow;
    CheckItem => "check_item" in School as ItemRow;
    Student => "student" in Class as StudentRow;
    MonthlyTheme => "monthly_theme" in School as MonthlyTheme;
    CheckEntry => "check_entry" in Class as EntryRow,
        writes NewCheckEntry, CheckEntryPatch, refusing EntryProblem, rules entries;
    CheckAppeal => "check_appeal" in Class as AppealRow,
        writes NewAppeal, AppealDecision, refusing AppealProblem, rules appeals;
    Attendance => "attendance" in Class as MarkRow,
        writes NewMark, MarkPatch, refusing MarkProblem, rules attendance;
    DutyRoster => "duty_roster" in Class as DutyDay,
        writes NewDutyDay, DutyDayPatch, refusing DutyProblem, rules duty;
    Activity => "activity" in Class as ActivityRow,
        writes NewActivity, ActivityPatch, refusing ActivityProblem, rules activities;
}

/// What a phone that sends one cursor per scope (before per-table cursors) stores: that
/// cursor covers these tables and no later one.
pub const V1_TABLES: [SyncedTable; 6] = [
    SyncedTable::SchoolClass,
    SyncedTable::CheckItem,
    SyncedTable::Student,
    SyncedTable::CheckEntry,
    SyncedTable::CheckAppeal,
    SyncedTable::Attendance,
];

impl SyncedTable {
    /// The table of a wire name; `None` for a table this build does not know.
    pub fn parse(name: &str) -> Option<SyncedTable> {
        SyncedTable::ALL.into_iter().find(|t| t.name() == name)
    }

    /// True if the table's rows live in scopes like `scope`.
    pub fn lives_in(self, scope: SyncScope) -> bool {
        match scope {
            SyncScope::School(_) => self.scope_kind() == ScopeKind::School,
            SyncScope::Class(_) => self.scope_kind() == ScopeKind::Class,
        }
    }
}

/// The cursor key of one table in one scope: `class:<id>/check_entry`.
pub fn cursor_key(scope: SyncScope, table: SyncedTable) -> String {
    format!("{scope}/{}", table.name())
}

/// The scope of a cursor key, per table (`class:<id>/check_entry`) or per scope (`class:<id>`).
pub fn key_scope(key: &str) -> Option<SyncScope> {
    SyncScope::parse(key.split_once('/').map_or(key, |(scope, _)| scope))
}

/// A phone's cursors, per table: a per-scope cursor (from before per-table cursors) becomes
/// the cursor of each table it covered, so a table added since starts at 0.
pub fn per_table_cursors(
    cursors: &std::collections::BTreeMap<String, i64>,
) -> std::collections::BTreeMap<String, i64> {
    let mut out = std::collections::BTreeMap::new();
    for (key, &seq) in cursors {
        match (key.contains('/'), SyncScope::parse(key)) {
            (true, _) => {
                out.insert(key.clone(), seq);
            }
            (false, Some(scope)) => {
                for table in V1_TABLES.into_iter().filter(|t| t.lives_in(scope)) {
                    out.entry(cursor_key(scope, table)).or_insert(seq);
                }
            }
            (false, None) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use uuid::Uuid;

    #[test]
    fn names_are_unique_and_parse_back() {
        for table in SyncedTable::ALL {
            assert_eq!(SyncedTable::parse(table.name()), Some(table));
        }
        let mut names: Vec<_> = SyncedTable::ALL.iter().map(|t| t.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), SyncedTable::ALL.len());
        assert_eq!(SyncedTable::parse("homework"), None);
    }

    #[test]
    fn a_per_scope_cursor_covers_the_v1_tables_of_its_scope_only() {
        let class = SyncScope::Class(Uuid::from_u128(1));
        let school = SyncScope::School(Uuid::from_u128(2));
        let old = BTreeMap::from([(class.to_string(), 40), (school.to_string(), 7)]);
        let new = per_table_cursors(&old);
        assert_eq!(new.len(), V1_TABLES.len());
        assert_eq!(new[&cursor_key(class, SyncedTable::Attendance)], 40);
        assert_eq!(new[&cursor_key(school, SyncedTable::CheckItem)], 7);
        assert!(!new.contains_key(&cursor_key(school, SyncedTable::Student)));
        assert_eq!(
            per_table_cursors(&new),
            new,
            "per-table cursors stay as they are"
        );
        assert_eq!(
            key_scope(&cursor_key(class, SyncedTable::Student)),
            Some(class)
        );
        assert_eq!(key_scope(&class.to_string()), Some(class));
    }
}
