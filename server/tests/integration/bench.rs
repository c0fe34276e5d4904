//! Push throughput (BENCHMARKS.md): 50 batches of 100 entries over HTTP into a fresh
//! demo school. Figures, not assertions about speed; run by hand:
//! `cargo test --release -p homeroom --test integration bench_push -- --ignored --nocapture`
//! (the PostgreSQL one with `TEST_POSTGRES_URL` set).
use std::time::Instant;

use serde_json::Value;
use uuid::Uuid;

use crate::harness::{TestApp, TestDb, count};
use crate::sync_support::{Phone, item_id, litter};

const BATCHES: usize = 50;
const BATCH: usize = 100;

async fn push_throughput(test_db: TestDb, label: &str) {
    let app = TestApp::with_demo(test_db.db.clone()).await;
    let class = app.class_id("初一(1)班").await;
    let item = item_id(&app, "教室地面有纸屑杂物").await;
    let mut phone = Phone::of(&app, "t101").await;
    let batches: Vec<Vec<Value>> = (0..BATCHES)
        .map(|_| {
            (0..BATCH)
                .map(|_| phone.create(Uuid::now_v7(), litter(class, item)))
                .collect()
        })
        .collect();
    let started = Instant::now();
    for batch in &batches {
        assert_eq!(phone.push(&app, batch).await.status(), 200);
    }
    let seconds = started.elapsed().as_secs_f64();
    let records = BATCHES * BATCH;
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) FROM check_entry").await,
        records as i64
    );
    println!(
        "push {label}: {records} records in {seconds:.2} s = {:.0} records/s ({:.1} ms per batch of {BATCH})",
        records as f64 / seconds,
        seconds * 1000.0 / BATCHES as f64
    );
    test_db.finish().await;
}

#[tokio::test]
#[ignore = "benchmark: run by hand, see BENCHMARKS.md"]
async fn bench_push_sqlite() {
    push_throughput(TestDb::sqlite().await, "SQLite (WAL, synchronous=FULL)").await;
}

#[tokio::test]
#[ignore = "benchmark: run by hand, see BENCHMARKS.md"]
async fn bench_push_pg() {
    push_throughput(TestDb::postgres().await, "PostgreSQL").await;
}
