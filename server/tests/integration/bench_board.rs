//! Benchmark, not run by CI: the weekly board and its .xlsx export for a 60-class school over
//! a 20-week term (120,000 entries), timed over HTTP against the real router. Figures go to
//! BENCHMARKS.md. Run with `--release … -- --ignored bench_board --nocapture` (PostgreSQL:
//! `bench_board_pg`, with TEST_POSTGRES_URL).
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use server::db::Db;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::harness::{TestApp, TestDb};

const EXTRA_CLASSES_PER_GRADE: usize = 16;
const WEEKS: u64 = 20;
const ENTRIES_PER_CLASS_DAY: usize = 20;
const ROUNDS: usize = 30;

/// Change numbers of seeded rows start here, past any the demo school used, so each scope
/// keeps the server's rule: unique numbers, none above the scope's counter.
pub const SEQ_BASE: i64 = 1_000_000;

/// One entry row to insert: class, day, item, points.
type Seed = (Uuid, NaiveDate, Uuid, i64);

macro_rules! insert_entries {
    ($pool:expr, $db:ty, $school:expr, $recorder:expr, $rows:expr) => {{
        let mut tx = $pool.begin().await.unwrap();
        for (n, chunk) in $rows.chunks(1000).enumerate() {
            let mut q: QueryBuilder<$db> = QueryBuilder::new(
                "INSERT INTO check_entry (id, school_id, class_id, entry_date, slot, item_id, points_tenths, count,
                 student_ids, note, recorder_id, recorder_role, client_recorded_at, received_at, voided, void_reason,
                 deleted, version, change_seq, student_count, value_tenths) ",
            );
            let now = chrono::Utc::now();
            q.push_values(chunk.iter().enumerate(), |mut b, (i, (class, day, item, points))| {
                b.push_bind(Uuid::now_v7()).push_bind($school).push_bind(*class).push_bind(*day)
                    .push_bind("早读").push_bind(*item).push_bind(*points).push_bind(1_i64).push_bind("[]")
                    .push_bind("").push_bind($recorder).push_bind("staff").push_bind(now).push_bind(now)
                    .push_bind(i % 10 == 0).push_bind(if i % 10 == 0 { "记错" } else { "" })
                    .push_bind(false).push_bind(1_i64).push_bind(SEQ_BASE + (n * 1000 + i) as i64).push_bind(0_i64)
                    .push_bind(*points);
            });
            q.build().execute(&mut *tx).await.unwrap();
        }
        tx.commit().await.unwrap();
    }};
}

/// Rows of `$t` from `$sql` on either database, for seeding and checks.
macro_rules! fetch {
    ($db:expr, $sql:expr, $t:ty) => {
        match $db {
            Db::Sqlite(p) => sqlx::query_as::<_, $t>($sql).fetch_all(p).await.unwrap(),
            Db::Postgres(p) => sqlx::query_as::<_, $t>($sql).fetch_all(p).await.unwrap(),
        }
    };
}
pub(crate) use fetch;

/// The demo school grown to 60 classes, with 20 weeks of entries; the weeks' Mondays.
pub async fn seed_big_school(db: &Db) -> Vec<NaiveDate> {
    server::seed::seed_demo(db, "demo1234").await.unwrap();
    let (school,): (Uuid,) = fetch!(db, "SELECT id FROM school", (Uuid,))[0];
    let grades = fetch!(db, "SELECT id, name FROM grade", (Uuid, String));
    let mut classes_added = 0_i64;
    for (grade, name) in &grades {
        for n in 5..5 + EXTRA_CLASSES_PER_GRADE {
            let sql = "INSERT INTO school_class (id, school_id, grade_id, name, sort_order, change_seq) VALUES ($1, $2, $3, $4, $5, $6)";
            let class_name = format!("{name}({n})班");
            match db {
                Db::Sqlite(p) => sqlx::query(sql)
                    .bind(Uuid::now_v7())
                    .bind(school)
                    .bind(grade)
                    .bind(&class_name)
                    .bind(n as i64)
                    .bind(SEQ_BASE + classes_added)
                    .execute(p)
                    .await
                    .map(drop),
                Db::Postgres(p) => sqlx::query(sql)
                    .bind(Uuid::now_v7())
                    .bind(school)
                    .bind(grade)
                    .bind(&class_name)
                    .bind(n as i32)
                    .bind(SEQ_BASE + classes_added)
                    .execute(p)
                    .await
                    .map(drop),
            }
            .unwrap();
            classes_added += 1;
        }
    }
    let classes: Vec<Uuid> = fetch!(db, "SELECT id FROM school_class", (Uuid,))
        .into_iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(classes.len(), 60);
    let items = fetch!(
        db,
        "SELECT id, points_tenths FROM check_item WHERE level = 'class'",
        (Uuid, i64)
    );
    let (recorder,): (Uuid,) = fetch!(
        db,
        "SELECT id FROM app_user WHERE username = 'zhizhou'",
        (Uuid,)
    )[0];
    let term = server::seed::current_term(server::school::today_in("Asia/Shanghai"));
    let first = app::domain::scores::week_start(term.start_date) + Days::new(7);
    let mondays: Vec<NaiveDate> = (0..WEEKS).map(|w| first + Days::new(7 * w)).collect();
    let mut rows: Vec<Seed> = Vec::new();
    for monday in &mondays {
        for d in 0..5 {
            let day = *monday + Days::new(d);
            for (c, class) in classes.iter().enumerate() {
                for k in 0..ENTRIES_PER_CLASS_DAY {
                    let (item, points) = items[(c + k + d as usize) % items.len()];
                    rows.push((*class, day, item, points));
                }
            }
        }
    }
    let started = Instant::now();
    match db {
        Db::Sqlite(p) => insert_entries!(p, sqlx::Sqlite, school, recorder, rows),
        Db::Postgres(p) => insert_entries!(p, sqlx::Postgres, school, recorder, rows),
    }
    settle_counters(db).await;
    println!("seeded {} entries in {:?}", rows.len(), started.elapsed());
    mondays
}

/// Moves each scope's counter up to the newest seeded change in it, as writers would have.
pub async fn settle_counters(db: &Db) {
    let upserts = [
        "INSERT INTO change_counter (scope_kind, scope_id, last_seq)
         SELECT 'class', class_id, MAX(s) FROM (SELECT class_id, change_seq AS s FROM check_entry
           UNION ALL SELECT class_id, change_seq FROM attendance) t WHERE true GROUP BY class_id
         ON CONFLICT (scope_kind, scope_id) DO UPDATE SET last_seq = excluded.last_seq",
        "INSERT INTO change_counter (scope_kind, scope_id, last_seq)
         SELECT 'school', school_id, MAX(change_seq) FROM school_class WHERE true GROUP BY school_id
         ON CONFLICT (scope_kind, scope_id) DO UPDATE SET last_seq = excluded.last_seq",
    ];
    for sql in upserts {
        match db {
            Db::Sqlite(p) => sqlx::query(sql).execute(p).await.map(drop),
            Db::Postgres(p) => sqlx::query(sql).execute(p).await.map(drop),
        }
        .unwrap();
    }
}

/// Median, p95 and max of `ROUNDS` GETs of each path, as the server answers them.
pub async fn time_requests(app: &TestApp, client: &reqwest::Client, label: &str, paths: &[String]) {
    let mut times: Vec<Duration> = Vec::new();
    let mut bytes = 0;
    for round in 0..ROUNDS {
        let path = &paths[round % paths.len()];
        let started = Instant::now();
        let res = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        bytes = res.bytes().await.unwrap().len();
        times.push(started.elapsed());
    }
    report(label, &mut times, &format!("{bytes} bytes"));
}

/// Prints the median, p95 and max of `times`, with what was answered.
pub fn report(label: &str, times: &mut [Duration], answer: &str) {
    times.sort();
    let ms = |n: usize| times[n.min(times.len() - 1)].as_secs_f64() * 1000.0;
    println!(
        "{label}: median {:.1} ms, p95 {:.1} ms, max {:.1} ms ({answer})",
        ms(times.len() / 2),
        ms(times.len() * 95 / 100),
        ms(times.len() - 1)
    );
}

async fn bench(test_db: TestDb, backend: &str) {
    let mondays = seed_big_school(&test_db.db).await;
    let app = TestApp::spawn(test_db.db.clone()).await;
    let deyu = app.signed_in("deyu").await;
    let weeks: Vec<String> = mondays.iter().map(|m| m.to_string()).collect();
    let boards: Vec<String> = weeks
        .iter()
        .map(|w| format!("/api/board?week={w}"))
        .collect();
    let exports: Vec<String> = weeks
        .iter()
        .map(|w| format!("/api/export/board.xlsx?week={w}"))
        .collect();
    println!("{backend}, 60 classes, {} weeks", WEEKS);
    time_requests(&app, &deyu, "board JSON", &boards).await;
    time_requests(&app, &deyu, "board .xlsx", &exports).await;
    let (class,): (Uuid,) = fetch!(&test_db.db, "SELECT id FROM school_class", (Uuid,))[0];
    let trend = format!("/api/classes/{class}/trend");
    time_requests(&app, &deyu, "class trend (term so far)", &[trend]).await;
    time_requests(
        &app,
        &deyu,
        "conduct .xlsx (all classes)",
        &["/api/export/conduct.xlsx".to_string()],
    )
    .await;
    test_db.finish().await;
}

#[tokio::test]
#[ignore = "benchmark: run by hand, figures in BENCHMARKS.md"]
async fn bench_board_sqlite() {
    bench(TestDb::sqlite().await, "SQLite").await;
}

#[tokio::test]
#[ignore = "benchmark: run by hand with TEST_POSTGRES_URL, figures in BENCHMARKS.md"]
async fn bench_board_pg() {
    bench(TestDb::postgres().await, "PostgreSQL").await;
}
