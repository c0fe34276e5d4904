//! Benchmark, not run by CI: 500 simulated users against the 60-class school for
//! `HOMEROOM_LOAD_SECS` (600 unless set) — 440 teachers' phones (pull every 60 s, push 1–5
//! records a minute, open Today), 50 staff (board and attendance every 30 s), 10 parent-
//! committee members (home and board every 30 s). Prints p50/p95/p99 per endpoint, errors and
//! the process's memory at start and end. Before the clock starts every phone takes its first
//! sync, all at once; that phase is reported on its own. The load comes from tokio tasks in
//! this process (reqwest, like the other HTTP benchmarks) rather than goose: no new
//! dependency, and each simulated phone speaks the real sync protocol with its own client id
//! and cursors.
//! Run with `--release … -- --ignored bench_load_sqlite --nocapture` (PostgreSQL:
//! `bench_load_pg`, with TEST_POSTGRES_URL).
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use uuid::Uuid;

use crate::bench_board::seed_big_school;
use crate::harness::{TestApp, TestDb};
use crate::sync_support::{Phone, item_id, litter};

/// A request that takes longer than this counts as an error rather than holding its user.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Latencies (µs) per endpoint, failures by endpoint and cause, and requests in flight.
#[derive(Default)]
struct Record {
    times: BTreeMap<&'static str, Vec<u64>>,
    errors: BTreeMap<(&'static str, String), u64>,
    in_flight: i64,
}

type Shared = Arc<Mutex<Record>>;

async fn timed(
    record: &Shared,
    label: &'static str,
    request: reqwest::RequestBuilder,
) -> Option<Value> {
    record.lock().unwrap().in_flight += 1;
    let started = Instant::now();
    let outcome = match request.timeout(REQUEST_TIMEOUT).send().await {
        Ok(res) if res.status().is_success() => match res.bytes().await {
            Ok(body) => Ok(serde_json::from_slice(&body).unwrap_or(Value::Null)),
            Err(e) => Err(format!("body: {e}")),
        },
        Ok(res) => Err(format!("status {}", res.status().as_u16())),
        Err(e) if e.is_timeout() => Err("timeout".to_string()),
        Err(e) => Err(format!("send: {e}")),
    };
    let elapsed = started.elapsed().as_micros() as u64;
    let mut r = record.lock().unwrap();
    r.in_flight -= 1;
    match outcome {
        Ok(value) => {
            r.times.entry(label).or_default().push(elapsed);
            Some(value)
        }
        Err(cause) => {
            *r.errors.entry((label, cause)).or_default() += 1;
            None
        }
    }
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// A pseudo-random number from a task's own state (no shared RNG on the hot path).
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// Pulls until the phone has every change (a failed page is tried again, up to 10 times in
/// a row); the new cursors.
async fn catch_up(
    app: &TestApp,
    phone: &Phone,
    mut cursors: Value,
    record: &Shared,
    label: &'static str,
) -> Value {
    let mut failures = 0;
    loop {
        let body = json!({"client_id": phone.client_id, "cursors": cursors, "limit": 1000});
        let request = phone.http.post(app.url("/api/sync/v1/pull")).json(&body);
        let Some(page) = timed(record, label, request).await else {
            failures += 1;
            assert!(failures < 10, "{label}: 10 failures in a row");
            continue;
        };
        failures = 0;
        cursors = page["cursors"].clone();
        if page["has_more"] != true {
            return cursors;
        }
    }
}

async fn teacher(
    app: Arc<TestApp>,
    mut phone: Phone,
    fields: Value,
    mut cursors: Value,
    record: Shared,
    until: Instant,
    seed: u64,
) {
    let mut rng = seed | 1;
    tokio::time::sleep(Duration::from_millis(next(&mut rng) % 60_000)).await;
    let mut next_pull = Instant::now();
    while Instant::now() < until {
        if Instant::now() >= next_pull {
            cursors = catch_up(&app, &phone, cursors, &record, "pull").await;
            timed(&record, "GET /today", phone.http.get(app.url("/today"))).await;
            next_pull = Instant::now() + Duration::from_secs(60);
        }
        let m = phone.create(Uuid::now_v7(), fields.clone());
        let body = json!({"client_id": phone.client_id, "mutations": [m]});
        timed(
            &record,
            "push",
            phone.http.post(app.url("/api/sync/v1/push")).json(&body),
        )
        .await;
        // 1–5 records a minute.
        tokio::time::sleep(Duration::from_millis(12_000 + next(&mut rng) % 48_000)).await;
    }
}

async fn reader(
    app: Arc<TestApp>,
    http: reqwest::Client,
    paths: [(&'static str, &'static str); 2],
    record: Shared,
    until: Instant,
    seed: u64,
) {
    let mut rng = seed | 1;
    tokio::time::sleep(Duration::from_millis(next(&mut rng) % 30_000)).await;
    while Instant::now() < until {
        for (label, path) in paths {
            timed(&record, label, http.get(app.url(path))).await;
        }
        tokio::time::sleep(Duration::from_secs(30)).await;
    }
}

async fn bench(test_db: TestDb, backend: &str) {
    let secs: u64 = std::env::var("HOMEROOM_LOAD_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    seed_big_school(&test_db.db).await;
    let app = Arc::new(TestApp::spawn(test_db.db.clone()).await);
    let item = item_id(&app, "教室地面有纸屑杂物").await;
    let teachers: Vec<(String, Value)> = {
        let mut list = Vec::new();
        for grade in 1..=3 {
            for n in 1..=4 {
                let class = app
                    .class_id(&format!("初{}({n})班", ["一", "二", "三"][grade - 1]))
                    .await;
                list.push((format!("t{grade}0{n}"), litter(class, item)));
            }
        }
        list
    };
    // One session per account (logins are rate-limited); each phone has its own client.
    let mut sessions = BTreeMap::new();
    for (name, _) in &teachers {
        sessions.insert(name.clone(), app.signed_in(name).await);
    }
    let staff = [
        app.signed_in("deyu").await,
        app.signed_in("nianji1").await,
        app.signed_in("zhizhou").await,
    ];
    let parent = app.signed_in("jiawei101").await;
    // The phones were in use before the run: each first takes its class (2,000 entries), all
    // at once, as after a school-wide reinstall; that is timed apart from the run.
    let first: Shared = Arc::default();
    let first_started = Instant::now();
    let mut syncs = Vec::new();
    for n in 0..440_usize {
        let (name, fields) = &teachers[n % teachers.len()];
        let phone = Phone {
            http: sessions[name].clone(),
            client_id: Uuid::now_v7(),
            next_seq: 1,
        };
        let (app, first) = (app.clone(), first.clone());
        let fields = fields.clone();
        syncs.push(tokio::spawn(async move {
            let cursors = catch_up(&app, &phone, json!({}), &first, "first pull").await;
            (phone, fields, cursors)
        }));
    }
    let mut phones = Vec::new();
    for sync in syncs {
        phones.push(sync.await.unwrap());
    }
    println!(
        "{backend}: 440 phones' first sync took {:.1} s",
        first_started.elapsed().as_secs_f64()
    );
    report(&first.lock().unwrap(), "first sync");
    let record: Shared = Arc::default();
    let rss_start = rss_kib();
    let until = Instant::now() + Duration::from_secs(secs);
    let mut tasks = Vec::new();
    for (n, (phone, fields, cursors)) in phones.into_iter().enumerate() {
        tasks.push(tokio::spawn(teacher(
            app.clone(),
            phone,
            fields,
            cursors,
            record.clone(),
            until,
            n as u64 * 7919 + 1,
        )));
    }
    for n in 0..50_u64 {
        let paths = [
            ("GET /api/board", "/api/board"),
            ("GET /api/attendance", "/api/attendance"),
        ];
        tasks.push(tokio::spawn(reader(
            app.clone(),
            staff[n as usize % 3].clone(),
            paths,
            record.clone(),
            until,
            n * 104_729 + 3,
        )));
    }
    for n in 0..10_u64 {
        let paths = [
            ("GET / (parent)", "/"),
            ("GET /api/board (parent)", "/api/board"),
        ];
        tasks.push(tokio::spawn(reader(
            app.clone(),
            parent.clone(),
            paths,
            record.clone(),
            until,
            n * 1299 + 5,
        )));
    }
    let mut peak = rss_start;
    let started = Instant::now();
    let mut tick = 0_u64;
    while tasks.iter().any(|t| !t.is_finished()) {
        tokio::time::sleep(Duration::from_secs(5)).await;
        peak = peak.max(rss_kib());
        tick += 1;
        if tick.is_multiple_of(6) {
            let r = record.lock().unwrap();
            let done: usize = r.times.values().map(Vec::len).sum();
            let errors: u64 = r.errors.values().sum();
            eprintln!(
                "{:>4} s: {done} answered, {errors} errors, {} in flight, RSS {} MiB",
                started.elapsed().as_secs(),
                r.in_flight,
                rss_kib() / 1024
            );
        }
    }
    let rss_end = rss_kib();
    println!(
        "{backend}: 500 users for {secs} s, 60 classes; RSS {} MiB at start, {} MiB peak, {} MiB at end",
        rss_start / 1024,
        peak / 1024,
        rss_end / 1024
    );
    report(&record.lock().unwrap(), "run");
    test_db.finish().await;
}

/// Prints what a phase measured, per endpoint.
fn report(record: &Record, phase: &str) {
    println!("  {phase}:");
    let ms = |us: u64| us as f64 / 1000.0;
    for (label, times) in &record.times {
        let mut t = times.clone();
        t.sort_unstable();
        let at = |p: usize| t[(t.len() * p / 100).min(t.len() - 1)];
        println!(
            "  {label:<26} n={:>6}  p50 {:>6.1} ms  p95 {:>6.1} ms  p99 {:>6.1} ms  max {:>7.1} ms  errors {}",
            t.len(),
            ms(at(50)),
            ms(at(95)),
            ms(at(99)),
            ms(t[t.len() - 1]),
            record
                .errors
                .iter()
                .filter(|((l, _), _)| l == label)
                .map(|(_, n)| n)
                .sum::<u64>()
        );
    }
    for ((label, cause), n) in &record.errors {
        println!("  error {label}: {cause} × {n}");
    }
    let errors: u64 = record.errors.values().sum();
    println!("  errors in all: {errors}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run by hand, figures in BENCHMARKS.md"]
async fn bench_load_sqlite() {
    bench(TestDb::sqlite().await, "SQLite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run by hand with TEST_POSTGRES_URL, figures in BENCHMARKS.md"]
async fn bench_load_pg() {
    bench(TestDb::postgres().await, "PostgreSQL").await;
}
