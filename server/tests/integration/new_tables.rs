//! No phone skips rows: a table the phone does not store is withheld, not stepped over, and
//! the same phone on a newer build, which stores it, pulls every one of its rows and nothing
//! it had already.
use std::collections::HashSet;

use app::sync::tables::{SyncedTable, V1_TABLES, per_table_cursors};
use chrono::Days;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::attendance::{mark, students};
use crate::both_databases;
use crate::harness::TestApp;
use crate::scores::fixture_monday;
use crate::sync_support::{Phone, item_id, litter};

/// Pages of 7, so that paging is crossed.
const PAGE: u32 = 7;

fn of_table<'a>(changes: &'a [Value], table: &str) -> Vec<&'a Value> {
    changes.iter().filter(|c| c["table"] == table).collect()
}

/// Pushes `n` sick marks for the class's students, one day each from `first_day` on.
async fn mark_days(app: &TestApp, phone: &mut Phone, class: Uuid, first_day: u64, n: u64) {
    let kids = students(app, class, 8).await;
    for d in 0..n {
        let day = fixture_monday() + Days::new(first_day + d);
        let fields = mark(class, kids[d as usize], day, "late", &[]);
        let m = phone.mutation_on("attendance", "create", Uuid::now_v7(), fields);
        assert_eq!(phone.push_one(app, m).await.0, "applied");
    }
}

async fn a_table_the_phone_learns_later_arrives_whole(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let item = item_id(&app, "教室地面有纸屑杂物").await;
    let mut teacher = Phone::of(&app, "t101").await;
    for _ in 0..3 {
        let m = teacher.create(Uuid::now_v7(), litter(class, item));
        teacher.push(&app, &[m]).await;
    }
    mark_days(&app, &mut teacher, class, 0, 3).await;

    // A phone whose build does not know attendance yet.
    let phone = Phone::of(&app, "t101").await;
    let old: Vec<&str> = SyncedTable::ALL
        .iter()
        .map(|t| t.name())
        .filter(|&n| n != "attendance")
        .collect();
    let mut cursors = json!({});
    let first = phone
        .pull_all_tables(&app, &mut cursors, PAGE, Some(&old))
        .await;
    assert!(of_table(&first, "attendance").is_empty(), "withheld");
    assert_eq!(of_table(&first, "check_entry").len(), 3);

    // The server gains rows in the table the phone does not know, and in one it knows.
    mark_days(&app, &mut teacher, class, 3, 2).await;
    let m = teacher.create(Uuid::now_v7(), litter(class, item));
    teacher.push(&app, &[m]).await;
    let second = phone
        .pull_all_tables(&app, &mut cursors, PAGE, Some(&old))
        .await;
    assert_eq!(of_table(&second, "check_entry").len(), 1);
    assert!(of_table(&second, "attendance").is_empty());

    // The phone updates to a build that stores attendance.
    let all: Vec<&str> = SyncedTable::ALL.iter().map(|t| t.name()).collect();
    let third = phone
        .pull_all_tables(&app, &mut cursors, PAGE, Some(&all))
        .await;
    assert_eq!(of_table(&third, "attendance").len(), 5, "every mark, once");
    assert_eq!(third.len(), 5, "nothing it had already");
    let ids: HashSet<&str> = first
        .iter()
        .chain(&second)
        .chain(&third)
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), first.len() + second.len() + third.len());
}
both_databases!(a_new_table, a_table_the_phone_learns_later_arrives_whole);

async fn a_phone_from_before_per_table_cursors_goes_on_where_it_was(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let mut teacher = Phone::of(&app, "t101").await;
    mark_days(&app, &mut teacher, class, 0, 2).await;

    let phone = Phone::of(&app, "t101").await;
    let mut cursors = json!({});
    let before = phone.pull_all_tables(&app, &mut cursors, PAGE, None).await;
    assert_eq!(of_table(&before, "attendance").len(), 2);
    assert!(
        cursors
            .as_object()
            .unwrap()
            .keys()
            .all(|k| !k.contains('/')),
        "an old phone gets its cursors back per scope"
    );

    // Its new build turns them into per-table cursors and names its tables.
    mark_days(&app, &mut teacher, class, 2, 1).await;
    let old: std::collections::BTreeMap<String, i64> =
        serde_json::from_value(cursors.clone()).unwrap();
    let mut cursors = json!(per_table_cursors(&old));
    let all: Vec<&str> = SyncedTable::ALL.iter().map(|t| t.name()).collect();
    let after = phone
        .pull_all_tables(&app, &mut cursors, PAGE, Some(&all))
        .await;
    let v1: Vec<&str> = V1_TABLES.iter().map(|t| t.name()).collect();
    let (known, added): (Vec<&Value>, Vec<&Value>) = after
        .iter()
        .partition(|c| v1.contains(&c["table"].as_str().unwrap()));
    assert_eq!(known.len(), 1, "only the mark made since: {known:?}");
    assert_eq!(known[0]["table"], "attendance");
    assert!(
        added.iter().all(|c| c["table"] == "monthly_theme"),
        "a table added since arrives whole: {added:?}"
    );
    assert_eq!(added.len(), 9, "every month of the demo school's themes");
    assert!(cursors.as_object().unwrap().keys().all(|k| k.contains('/')));
}
both_databases!(
    an_upgraded_phone,
    a_phone_from_before_per_table_cursors_goes_on_where_it_was
);
