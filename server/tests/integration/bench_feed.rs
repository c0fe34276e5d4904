//! Benchmark, not run by CI: the parent committee's feed for the 60-class school of
//! `bench_board` with 20 weeks of activities (each class two a week, four photos each, all
//! shared: 2,400 activities). Times the first page and a page deep in the term, for a class's
//! member (jiawei101) and for a reader of the whole school (德育处). Figures go to
//! BENCHMARKS.md. Run with `--release … -- --ignored bench_feed --nocapture` (PostgreSQL:
//! `bench_feed_pg`, with TEST_POSTGRES_URL).
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, Utc};
use server::db::Db;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::bench_board::{SEQ_BASE, fetch, report, seed_big_school};
use crate::harness::{TestApp, TestDb, call};

const ROUNDS: usize = 60;

/// One activity to insert: class, day, photos (JSON).
type NewActivity = (Uuid, NaiveDate, String);

macro_rules! seed_activities {
    ($pool:expr, $db:ty, $school:expr, $recorder:expr, $rows:expr) => {{
        let mut tx = $pool.begin().await.unwrap();
        let now = Utc::now();
        for (n, chunk) in $rows.chunks(500).enumerate() {
            let mut q: QueryBuilder<$db> = QueryBuilder::new(
                "INSERT INTO activity (id, school_id, class_id, title, kind, safety, domains, theme_id, activity_date,
                 minutes, place, participants, summary, reflection, photos, shared, withdrawn, recorded_by,
                 updated_by, updated_at, version, change_seq) ",
            );
            q.push_values(chunk.iter().enumerate(), |mut b, (i, (class, day, photos))| {
                b.push_bind(Uuid::now_v7()).push_bind($school).push_bind(*class).push_bind("主题班会：文明礼仪伴我行")
                    .push_bind("themed_meeting").push_bind(None::<String>).push_bind(r#"["moral"]"#)
                    .push_bind(None::<Uuid>).push_bind(*day).push_bind(Some(40_i32)).push_bind("教室")
                    .push_bind(r#"{"type":"whole_class"}"#).push_bind("同学们分组讨论了校园里的文明行为，并写下了自己的承诺。")
                    .push_bind("").push_bind(photos.clone()).push_bind(true).push_bind(false)
                    .push_bind($recorder).push_bind($recorder).push_bind(now).push_bind(1_i64)
                    .push_bind(3 * SEQ_BASE + (n * 500 + i) as i64);
            });
            q.build().execute(&mut *tx).await.unwrap();
        }
        tx.commit().await.unwrap();
    }};
}

/// Two activities a week for every class, each with four photo ids.
async fn seed_feed(db: &Db, mondays: &[NaiveDate]) -> usize {
    let (school,): (Uuid,) = fetch!(db, "SELECT id FROM school", (Uuid,))[0];
    let (teacher,): (Uuid,) = fetch!(
        db,
        "SELECT id FROM app_user WHERE username = 't101'",
        (Uuid,)
    )[0];
    let classes = fetch!(db, "SELECT id FROM school_class", (Uuid,));
    let mut rows: Vec<NewActivity> = Vec::new();
    for monday in mondays {
        for day in [*monday + Days::new(1), *monday + Days::new(3)] {
            for (class,) in &classes {
                let photos: Vec<serde_json::Value> = (0..4)
                    .map(|_| serde_json::json!({"id": format!("{:032x}{:032x}", Uuid::now_v7().as_u128(), 0), "students": []}))
                    .collect();
                rows.push((*class, day, serde_json::Value::from(photos).to_string()));
            }
        }
    }
    match db {
        Db::Sqlite(p) => seed_activities!(p, sqlx::Sqlite, school, teacher, rows),
        Db::Postgres(p) => seed_activities!(p, sqlx::Postgres, school, teacher, rows),
    }
    rows.len()
}

/// Median, p95 and max of `ROUNDS` calls of the feed with `form`, and the answer's size.
async fn time_feed(app: &TestApp, client: &reqwest::Client, label: &str, form: &[(&str, String)]) {
    let mut times: Vec<Duration> = Vec::new();
    let mut bytes = 0;
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let (status, page) = call(app, client, "get_activity_feed", form).await;
        times.push(started.elapsed());
        assert_eq!(status, 200, "{page}");
        assert!(
            page["items"].as_array().is_some_and(|i| !i.is_empty()),
            "{label}"
        );
        bytes = page.to_string().len();
    }
    report(label, &mut times, &format!("{bytes} bytes of JSON"));
}

async fn bench(test_db: TestDb, backend: &str) {
    let mondays = seed_big_school(&test_db.db).await;
    let started = Instant::now();
    let activities = seed_feed(&test_db.db, &mondays).await;
    println!("seeded {activities} activities in {:?}", started.elapsed());
    let app = TestApp::spawn(test_db.db.clone()).await;
    println!("{backend}, 60 classes, {} weeks", mondays.len());
    for (user, reader) in [
        ("jiawei101", "a class's member"),
        ("deyu", "the whole school"),
    ] {
        let client = app.signed_in(user).await;
        time_feed(&app, &client, &format!("feed, first page, {reader}"), &[]).await;
        let deep = mondays[mondays.len() / 2] + Days::new(1);
        let form = [
            ("before_date", deep.to_string()),
            ("before_id", Uuid::max().to_string()),
        ];
        time_feed(
            &app,
            &client,
            &format!("feed, mid-term page, {reader}"),
            &form,
        )
        .await;
    }
    test_db.finish().await;
}

#[tokio::test]
#[ignore = "benchmark: run by hand, figures in BENCHMARKS.md"]
async fn bench_feed_sqlite() {
    bench(TestDb::sqlite().await, "SQLite").await;
}

#[tokio::test]
#[ignore = "benchmark: run by hand with TEST_POSTGRES_URL, figures in BENCHMARKS.md"]
async fn bench_feed_pg() {
    bench(TestDb::postgres().await, "PostgreSQL").await;
}
