//! The change-number guarantee under concurrency, and paging through 10,000 changes.
use std::collections::{HashMap, HashSet};
use std::time::Duration;

use serde_json::{Value, json};
use uuid::Uuid;

use server::db::changes::StampChange;

use crate::both_databases;
use crate::harness::TestApp;
use crate::sync_support::{Phone, item_id, litter};

/// Writes one entry straight into the database the way the server does (next change
/// number, insert), but holds the transaction open for `hold` before committing.
macro_rules! slow_write {
    ($pool:expr, $row:expr, $hold:expr) => {{
        let (id, school, class, item, recorder) = $row;
        let mut tx = $pool.begin().await.unwrap();
        let seq = tx.next_change(app::sync::SyncScope::Class(class)).await.unwrap();
        sqlx::query(
            "INSERT INTO check_entry (id, school_id, class_id, entry_date, slot, item_id, points_tenths, count, student_ids,
               note, recorder_id, recorder_role, client_recorded_at, received_at, voided, void_reason, deleted, version, change_seq)
             VALUES ($1, $2, $3, $4, '早读', $5, -10, 1, '[]', '', $6, 'staff', $7, $7, FALSE, '', FALSE, 1, $8)")
            .bind(id).bind(school).bind(class).bind(chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap())
            .bind(item).bind(recorder).bind(chrono::Utc::now()).bind(seq)
            .execute(&mut *tx).await.unwrap();
        tokio::time::sleep($hold).await;
        tx.commit().await.unwrap();
    }};
}

async fn one_id(app: &TestApp, sql: &str) -> Uuid {
    let row: (Uuid,) = match &app.db {
        server::db::Db::Sqlite(p) => sqlx::query_as(sql).fetch_one(p).await,
        server::db::Db::Postgres(p) => sqlx::query_as(sql).fetch_one(p).await,
    }
    .unwrap();
    row.0
}

/// Every (row, change number) a puller saw, counting repeats.
fn record(seen: &mut HashMap<(String, i64), usize>, changes: &[Value]) {
    for c in changes.iter().filter(|c| c["table"] == "check_entry") {
        *seen
            .entry((
                c["id"].as_str().unwrap().to_string(),
                c["change_seq"].as_i64().unwrap(),
            ))
            .or_default() += 1;
    }
}

async fn a_slow_writer_never_lets_a_puller_skip_a_change(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let item = item_id(&app, "教室地面有纸屑杂物").await;
    let school = one_id(&app, "SELECT id FROM school").await;
    let recorder = one_id(&app, "SELECT id FROM app_user WHERE username = 'zhizhou'").await;
    let slow_id = Uuid::now_v7();
    let db = app.db.clone();
    let slow = tokio::spawn(async move {
        let row = (slow_id, school, class, item, recorder);
        match &db {
            server::db::Db::Sqlite(pool) => slow_write!(pool, row, Duration::from_millis(600)),
            server::db::Db::Postgres(pool) => slow_write!(pool, row, Duration::from_millis(600)),
        }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut teacher = Phone::of(&app, "t101").await;
    let fast: Vec<Value> = (0..5)
        .map(|_| teacher.create(Uuid::now_v7(), litter(class, item)))
        .collect();
    let fast_ids: Vec<String> = fast
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect();
    let pushing = {
        let url = app.url("/api/sync/v1/push");
        let body = json!({"client_id": teacher.client_id, "mutations": fast});
        let http = teacher.http.clone();
        tokio::spawn(async move {
            http.post(url)
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        })
    };

    let puller = Phone::of(&app, "deyu").await;
    let mut cursors = json!({});
    let mut seen = HashMap::new();
    while !(slow.is_finished() && pushing.is_finished()) {
        let page = puller.pull(&app, &cursors, 1000).await;
        record(&mut seen, page["changes"].as_array().unwrap());
        cursors = page["cursors"].clone();
        tokio::time::sleep(Duration::from_millis(15)).await;
    }
    slow.await.unwrap();
    assert_eq!(pushing.await.unwrap(), 200);
    let rest = puller.pull_all(&app, &mut cursors, 1000).await;
    record(&mut seen, &rest);

    let ids: HashSet<String> = seen.keys().map(|(id, _)| id.clone()).collect();
    let expected: HashSet<String> = fast_ids.into_iter().chain([slow_id.to_string()]).collect();
    assert_eq!(ids, expected, "a change was skipped (or invented)");
    assert!(
        seen.values().all(|&n| n == 1),
        "no change is seen twice: {seen:?}"
    );
}
both_databases!(
    slow_writer_and_looping_puller,
    a_slow_writer_never_lets_a_puller_skip_a_change
);

async fn paging_through_ten_thousand_changes_while_writes_continue(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let item = item_id(&app, "教室地面有纸屑杂物").await;
    let mut teacher = Phone::of(&app, "t101").await;
    let mut written: HashSet<String> = HashSet::new();
    let mut batches = Vec::new();
    for _ in 0..22 {
        let batch: Vec<Value> = (0..500)
            .map(|_| teacher.create(Uuid::now_v7(), litter(class, item)))
            .collect();
        written.extend(batch.iter().map(|m| m["id"].as_str().unwrap().to_string()));
        batches.push(batch);
    }
    let late = batches.split_off(20);
    for batch in &batches {
        assert_eq!(teacher.push(&app, batch).await.status(), 200);
    }
    let writer = {
        let url = app.url("/api/sync/v1/push");
        let http = teacher.http.clone();
        let client_id = teacher.client_id;
        tokio::spawn(async move {
            for batch in late {
                let body = json!({"client_id": client_id, "mutations": batch});
                assert_eq!(
                    http.post(&url).json(&body).send().await.unwrap().status(),
                    200
                );
            }
        })
    };
    let phone = Phone::of(&app, "t101").await;
    let mut cursors = json!({});
    let mut seen = HashMap::new();
    let mut pages = 0;
    loop {
        let page = phone.pull(&app, &cursors, 1000).await;
        pages += 1;
        record(&mut seen, page["changes"].as_array().unwrap());
        cursors = page["cursors"].clone();
        if page["has_more"] == false && writer.is_finished() {
            break;
        }
    }
    writer.await.unwrap();
    record(&mut seen, &phone.pull_all(&app, &mut cursors, 1000).await);
    let ids: HashSet<String> = seen.keys().map(|(id, _)| id.clone()).collect();
    assert_eq!(ids, written, "every entry pulled");
    assert_eq!(seen.len(), 11_000, "each change exactly once");
    assert!(
        pages >= 11,
        "paged in pages of at most 1000 ({pages} pages)"
    );
}
both_databases!(
    paging_ten_thousand_changes,
    paging_through_ten_thousand_changes_while_writes_continue
);
