//! The rules of the phone's rows in memory (`offline::mirror` keeps one [`Held`] per page),
//! apart from the browser so they are tested here: which reads memory can answer, and what a
//! committed write does to it. Memory must always answer as the store would.
use std::collections::BTreeMap;
use std::rc::Rc;

use uuid::Uuid;

/// A row memory can hold: its id, and the day a dated row (a check entry) is listed under.
pub trait HeldRow: Clone {
    fn id(&self) -> Uuid;
    fn day(&self) -> Option<&str>;
}

/// Rows of one table by id, shared with the screens reading them.
pub type Rows<R> = Rc<BTreeMap<Uuid, R>>;

/// What memory holds of the tables (a handful, so a list).
pub struct Held<R> {
    tables: Vec<(&'static str, Table<R>)>,
    /// Counts changes to what is held, so a read that raced a write is not kept.
    epoch: u64,
}

/// What memory holds of one table.
struct Table<R> {
    rows: Rows<R>,
    /// Every row of the table is in `rows`; otherwise only the rows of `days`.
    whole: bool,
    /// Days all of whose rows are in `rows`.
    days: Vec<String>,
}

impl<R: HeldRow> Table<R> {
    fn covers(&self, row: &R) -> bool {
        self.whole
            || row
                .day()
                .is_some_and(|day| self.days.iter().any(|d| d == day))
    }
}

impl<R> Default for Held<R> {
    fn default() -> Self {
        Held {
            tables: Vec::new(),
            epoch: 0,
        }
    }
}

impl<R: HeldRow> Held<R> {
    /// Where memory stands before a read from the store; the read is kept only if nothing
    /// changed meanwhile.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    fn table(&self, table: &str) -> Option<&Table<R>> {
        self.tables
            .iter()
            .find(|(t, _)| *t == table)
            .map(|(_, held)| held)
    }

    fn table_mut(&mut self, table: &str) -> Option<&mut Table<R>> {
        self.tables
            .iter_mut()
            .find(|(t, _)| *t == table)
            .map(|(_, held)| held)
    }

    fn drop_table(&mut self, table: &str) {
        self.tables.retain(|(t, _)| *t != table);
    }

    /// Every row of `table`, if memory holds them all.
    pub fn whole(&self, table: &str) -> Option<Rows<R>> {
        let held = self.table(table)?;
        held.whole.then(|| held.rows.clone())
    }

    /// Keeps every row of `table` as read from the store since `since`, and returns them.
    pub fn keep_whole(&mut self, table: &'static str, rows: Vec<R>, since: u64) -> Rows<R> {
        let rows: Rows<R> = Rc::new(rows.into_iter().map(|row| (row.id(), row)).collect());
        if self.epoch == since {
            let whole = Table {
                rows: rows.clone(),
                whole: true,
                days: Vec::new(),
            };
            self.drop_table(table);
            self.tables.push((table, whole));
        }
        rows
    }

    /// The rows of `table` listed under `day`, if memory holds that day.
    pub fn day(&self, table: &str, day: &str) -> Option<Vec<R>> {
        let held = self.table(table)?;
        (held.whole || held.days.iter().any(|d| d == day)).then(|| {
            held.rows
                .values()
                .filter(|row| row.day() == Some(day))
                .cloned()
                .collect()
        })
    }

    /// Keeps the rows of `table` listed under `day`, as read from the store since `since`.
    pub fn keep_day(&mut self, table: &'static str, day: &str, rows: &[R], since: u64) {
        if self.epoch != since {
            return;
        }
        if self.table(table).is_none() {
            let empty = Table {
                rows: Rc::default(),
                whole: false,
                days: Vec::new(),
            };
            self.tables.push((table, empty));
        }
        let Some(held) = self.table_mut(table) else {
            return;
        };
        let kept = Rc::make_mut(&mut held.rows);
        for row in rows {
            kept.insert(row.id(), row.clone());
        }
        held.days.push(day.to_string());
    }

    /// Forgets `tables` (another tab wrote them).
    pub fn forget<'a>(&mut self, tables: impl IntoIterator<Item = &'a str>) {
        self.epoch += 1;
        for table in tables {
            self.drop_table(table);
        }
    }

    /// Forgets every table (the store was closed or wiped).
    pub fn forget_all(&mut self) {
        self.epoch += 1;
        self.tables.clear();
    }

    /// Applies a committed transaction's writes; the tables they touched.
    pub fn apply(&mut self, writes: Writes<R>) -> Vec<&'static str> {
        if writes.rows.is_empty() && writes.unheld.is_empty() {
            return Vec::new();
        }
        self.epoch += 1;
        let mut written = writes.unheld;
        for table in &written {
            self.drop_table(table);
        }
        for (table, id, row) in writes.rows {
            if !written.contains(&table) {
                written.push(table);
            }
            let Some(held) = self.table_mut(table) else {
                continue;
            };
            let keep = row.filter(|row| held.covers(row));
            let rows = Rc::make_mut(&mut held.rows);
            match keep {
                Some(row) => rows.insert(id, row),
                None => rows.remove(&id),
            };
        }
        written
    }
}

/// The rows one transaction writes, for memory once it has committed.
pub struct Writes<R> {
    /// Rows of tables held when written: the new row, or `None` for a deleted one.
    rows: Vec<(&'static str, Uuid, Option<R>)>,
    /// Tables written while not held: a read of one since then may have missed these writes.
    unheld: Vec<&'static str>,
}

impl<R> Default for Writes<R> {
    fn default() -> Self {
        Writes {
            rows: Vec::new(),
            unheld: Vec::new(),
        }
    }
}

impl<R: HeldRow> Writes<R> {
    /// Notes a row written to `table` (copied only if memory holds the table).
    pub fn put(&mut self, held: &Held<R>, table: &'static str, row: &R) {
        self.note(held, table, row.id(), || Some(row.clone()));
    }

    /// Notes a row of `table` deleted.
    pub fn delete(&mut self, held: &Held<R>, table: &'static str, id: Uuid) {
        self.note(held, table, id, || None);
    }

    fn note(
        &mut self,
        held: &Held<R>,
        table: &'static str,
        id: Uuid,
        row: impl FnOnce() -> Option<R>,
    ) {
        if held.table(table).is_some() {
            self.rows.push((table, id, row()));
        } else if !self.unheld.contains(&table) {
            self.unheld.push(table);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::*;

    const TABLES: [&str; 2] = ["check_entry", "item"];
    const DAYS: [&str; 3] = ["2026-12-01", "2026-12-02", "2026-12-03"];

    #[derive(Clone, Debug, PartialEq)]
    struct Row {
        id: Uuid,
        day: Option<&'static str>,
        version: u8,
    }

    impl HeldRow for Row {
        fn id(&self) -> Uuid {
            self.id
        }
        fn day(&self) -> Option<&str> {
            self.day
        }
    }

    /// What a page does: read a table or a day (the store answers, memory may keep it, and a
    /// write may commit between the read and the keep), commit writes, hear of another tab.
    #[derive(Clone, Debug)]
    enum Step {
        ReadWhole {
            table: usize,
            write_between: Option<(usize, u8, usize, u8)>,
        },
        ReadDay {
            day: usize,
            write_between: Option<(usize, u8, usize, u8)>,
        },
        Write(Vec<(usize, u8, usize, u8)>),
        OtherTab {
            table: usize,
            id: u8,
            day: usize,
        },
        Wipe,
    }

    fn write() -> impl Strategy<Value = (usize, u8, usize, u8)> {
        // (table, row id, day or none, version: 0 deletes)
        (0..TABLES.len(), 0u8..6, 0..=DAYS.len(), 0u8..4)
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0..TABLES.len(), proptest::option::of(write())).prop_map(|(table, write_between)| {
                Step::ReadWhole {
                    table,
                    write_between,
                }
            }),
            (0..DAYS.len(), proptest::option::of(write()))
                .prop_map(|(day, write_between)| Step::ReadDay { day, write_between }),
            proptest::collection::vec(write(), 1..4).prop_map(Step::Write),
            (0..TABLES.len(), 0u8..6, 0..=DAYS.len()).prop_map(|(table, id, day)| Step::OtherTab {
                table,
                id,
                day
            }),
            Just(Step::Wipe),
        ]
    }

    type Store = HashMap<&'static str, BTreeMap<Uuid, Row>>;

    /// Commits writes to the store and notes them for memory, as a transaction does.
    fn commit(store: &mut Store, held: &mut Held<Row>, writes: &[(usize, u8, usize, u8)]) {
        let mut noted = Writes::default();
        for &(table, id, day, version) in writes {
            let (table, id) = (TABLES[table], Uuid::from_u128(id.into()));
            let rows = store.entry(table).or_default();
            if version == 0 {
                rows.remove(&id);
                noted.delete(held, table, id);
            } else {
                let row = Row {
                    id,
                    day: DAYS.get(day).copied(),
                    version,
                };
                rows.insert(id, row.clone());
                noted.put(held, table, &row);
            }
        }
        held.apply(noted);
    }

    fn on_day(store: &Store, day: &str) -> Vec<Row> {
        store
            .get(TABLES[0])
            .into_iter()
            .flat_map(|rows| rows.values())
            .filter(|r| r.day == Some(day))
            .cloned()
            .collect()
    }

    proptest! {
        /// Whatever the page does, every read memory answers is what the store holds.
        #[test]
        fn memory_answers_as_the_store_would(steps in proptest::collection::vec(step(), 1..40)) {
            let mut store = Store::new();
            let mut held = Held::<Row>::default();
            for step in steps {
                match step {
                    Step::ReadWhole { table, write_between } => {
                        let table = TABLES[table];
                        if held.whole(table).is_none() {
                            let since = held.epoch();
                            let read: Vec<Row> = store.get(table).into_iter().flat_map(|r| r.values().cloned()).collect();
                            if let Some(write) = write_between {
                                commit(&mut store, &mut held, &[write]);
                            }
                            held.keep_whole(table, read, since);
                        }
                    }
                    Step::ReadDay { day, write_between } => {
                        let day = DAYS[day];
                        if held.day(TABLES[0], day).is_none() {
                            let since = held.epoch();
                            let read = on_day(&store, day);
                            if let Some(write) = write_between {
                                commit(&mut store, &mut held, &[write]);
                            }
                            held.keep_day(TABLES[0], day, &read, since);
                        }
                    }
                    Step::Write(writes) => commit(&mut store, &mut held, &writes),
                    Step::OtherTab { table, id, day } => {
                        let (table, id) = (TABLES[table], Uuid::from_u128(id.into()));
                        store.entry(table).or_default().insert(id, Row { id, day: DAYS.get(day).copied(), version: 9 });
                        held.forget([table]);
                    }
                    Step::Wipe => {
                        store.clear();
                        held.forget_all();
                    }
                }
                for table in TABLES {
                    if let Some(rows) = held.whole(table) {
                        prop_assert_eq!(&*rows, &store.get(table).cloned().unwrap_or_default());
                    }
                }
                for day in DAYS {
                    if let Some(mut rows) = held.day(TABLES[0], day) {
                        rows.sort_by_key(|r| r.id);
                        prop_assert_eq!(rows, on_day(&store, day));
                    }
                }
            }
        }
    }

    #[test]
    fn a_read_that_raced_a_write_is_not_kept() {
        let mut held = Held::<Row>::default();
        let since = held.epoch();
        let mut store = Store::new();
        commit(&mut store, &mut held, &[(1, 1, 0, 1)]);
        held.keep_whole(TABLES[1], Vec::new(), since);
        assert!(held.whole(TABLES[1]).is_none());
    }
}
