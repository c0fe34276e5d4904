//! Every pulled change's fields are exactly the row type the phone reads for its table: the
//! server serialises that type, so a field renamed on one end fails here, not on a phone.
use std::collections::BTreeSet;

use app::domain::activities::{ActivityKind, ActivityRow, OrganisedLevel, SafetyTopic};
use app::domain::appeals::AppealStatus;
use app::domain::attendance::MarkKind;
use app::domain::checks::RecorderRole;
use app::domain::duty::DutyDay;
use app::domain::themes::MonthlyTheme;
use app::sync::rows::{AppealRow, ClassRow, EntryRow, ItemRow, MarkRow, StudentRow};
use app::sync::tables::SyncedRow;
use app::sync::tables::SyncedTable;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::both_databases;
use crate::harness::TestApp;
use crate::sync_support::{Phone, item_id, litter};

/// The fields parse as `R` and serialise back the same: the phone keeps all the server sent.
fn reads_back<R: SyncedRow>(fields: &Value) -> Result<(), String> {
    let row: R = serde_json::from_value(fields.clone()).map_err(|e| e.to_string())?;
    let again = serde_json::to_value(&row).map_err(|e| e.to_string())?;
    if again == *fields {
        Ok(())
    } else {
        Err(format!("read back as {again}"))
    }
}

/// The row type of each table; a table added to the registry does not compile here until
/// it is named.
fn read_as_its_row(table: SyncedTable, fields: &Value) -> Result<(), String> {
    match table {
        SyncedTable::SchoolClass => reads_back::<ClassRow>(fields),
        SyncedTable::CheckItem => reads_back::<ItemRow>(fields),
        SyncedTable::Student => reads_back::<StudentRow>(fields),
        SyncedTable::MonthlyTheme => reads_back::<MonthlyTheme>(fields),
        SyncedTable::CheckEntry => reads_back::<EntryRow>(fields),
        SyncedTable::CheckAppeal => reads_back::<AppealRow>(fields),
        SyncedTable::Attendance => reads_back::<MarkRow>(fields),
        SyncedTable::DutyRoster => reads_back::<DutyDay>(fields),
        SyncedTable::Activity => reads_back::<ActivityRow>(fields),
    }
}

/// One duty entry, an appeal against it, one attendance mark, a duty-roster day and an
/// activity in 初一(1)班, today.
async fn record_one_of_each(app: &TestApp) {
    let today = server::school::today_in("Asia/Shanghai");
    let class = app.class_id("初一(1)班").await;
    let mut duty = Phone::of(app, "zhizhou").await;
    let entry = Uuid::now_v7();
    let m = duty.create(entry, litter(class, item_id(app, "包干区不洁").await));
    assert_eq!(duty.push_one(app, m).await.0, "applied");
    let mut teacher = Phone::of(app, "t101").await;
    let appeal = json!({"entry_id": entry, "reason": "当时在上体育课"});
    let m = teacher.mutation_on("check_appeal", "create", Uuid::now_v7(), appeal);
    assert_eq!(teacher.push_one(app, m).await.0, "applied");
    let before = teacher.pull_all(app, &mut json!({}), 1000).await;
    let student = before.iter().find(|c| c["table"] == "student").unwrap()["id"].clone();
    let mark = json!({"class_id": class, "student_id": student, "date": today, "kind": "sick", "symptoms": ["fever"]});
    let m = teacher.mutation_on("attendance", "create", Uuid::now_v7(), mark);
    assert_eq!(teacher.push_one(app, m).await.0, "applied");
    let day = json!({"class_id": class, "weekday": 3, "student_ids": [student], "task": "扫地"});
    let m = teacher.mutation_on("duty_roster", "create", Uuid::now_v7(), day);
    assert_eq!(teacher.push_one(app, m).await.0, "applied");
    let activity = json!({"class_id": class, "activity": {
        "title": "防溺水安全教育", "kind": "safety", "safety": "drowning", "domains": ["moral"],
        "date": today, "minutes": 40, "place": "教室", "participants": {"type": "whole_class"},
        "summary": "", "reflection": "", "photos": [{"id": "ab".repeat(32), "students": [student]}],
        "shared": false, "theme_id": null}});
    let m = teacher.mutation_on("activity", "create", Uuid::now_v7(), activity);
    assert_eq!(teacher.push_one(app, m).await.0, "applied");
}

async fn every_pulled_row_reads_back_as_its_tables_row_type(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    record_one_of_each(&app).await;

    // Duty staff read no student flags; the class's own teacher does.
    for (user, sensitive) in [("zhizhou", false), ("t101", true)] {
        let phone = Phone::of(&app, user).await;
        let changes = phone.pull_current(&app).await;
        let mut seen = BTreeSet::new();
        for change in changes.iter().filter(|c| c["deleted"] == false) {
            let table = SyncedTable::parse(change["table"].as_str().unwrap()).unwrap();
            seen.insert(table);
            let fields = &change["fields"];
            if let Err(e) = read_as_its_row(table, fields) {
                panic!("{user}: {} {fields}: {e}", table.name());
            }
            if table == SyncedTable::Student {
                assert_eq!(fields.get("flags").is_some(), sensitive, "{user}: {fields}");
            }
        }
        assert_eq!(
            seen,
            SyncedTable::ALL.into_iter().collect(),
            "{user} pulls a row of every table"
        );
    }
}
both_databases!(
    pulled_rows,
    every_pulled_row_reads_back_as_its_tables_row_type
);

/// Runs `sql` with `value` bound; true if the database took it.
async fn accepts(db: &server::db::Db, sql: &str, value: &str) -> bool {
    match db {
        server::db::Db::Sqlite(p) => sqlx::query(sql).bind(value).execute(p).await.is_ok(),
        server::db::Db::Postgres(p) => sqlx::query(sql).bind(value).execute(p).await.is_ok(),
    }
}

async fn enumerated_columns_hold_their_enums_names_only(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    record_one_of_each(&app).await;
    let columns: [(&str, Vec<&str>); 6] = [
        (
            "UPDATE check_entry SET recorder_role = $1",
            RecorderRole::ALL.iter().map(|v| v.as_str()).collect(),
        ),
        (
            "UPDATE check_appeal SET status = $1",
            AppealStatus::ALL.iter().map(|v| v.as_str()).collect(),
        ),
        (
            "UPDATE attendance SET kind = $1",
            MarkKind::ALL.iter().map(|v| v.as_str()).collect(),
        ),
        (
            "UPDATE activity SET kind = 'safety', safety = $1",
            SafetyTopic::ALL.iter().map(|v| v.as_str()).collect(),
        ),
        // The other kinds have no topic: the table checks that too.
        (
            "UPDATE activity SET safety = NULL, kind = $1",
            ActivityKind::ALL
                .iter()
                .filter(|k| **k != ActivityKind::Safety)
                .map(|v| v.as_str())
                .collect(),
        ),
        (
            "UPDATE activity SET organised_group = id, organised_level = $1",
            OrganisedLevel::ALL.iter().map(|v| v.as_str()).collect(),
        ),
    ];
    for (sql, names) in columns {
        for name in names {
            assert!(accepts(&app.db, sql, name).await, "{sql}: {name}");
        }
        assert!(!accepts(&app.db, sql, "bogus").await, "{sql}: bogus");
    }
}
both_databases!(
    enumerated_columns,
    enumerated_columns_hold_their_enums_names_only
);
