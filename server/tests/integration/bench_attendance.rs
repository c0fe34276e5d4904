//! Benchmark, not run by CI: a day's attendance and the month's .xlsx roll for the 60-class
//! school of `bench_board` with 45 students a class and 20 weeks of marks (each class, each
//! school day: a new 1–3 day absence and a late arrival). Figures go to BENCHMARKS.md. Run
//! with `--release … -- --ignored bench_attendance --nocapture` (PostgreSQL:
//! `bench_attendance_pg`, with TEST_POSTGRES_URL).
use std::time::Instant;

use chrono::{Days, NaiveDate, Utc};
use server::db::Db;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::bench_board::{SEQ_BASE, fetch, seed_big_school, settle_counters, time_requests};
use crate::harness::{TestApp, TestDb};

const STUDENTS_PER_CLASS: usize = 45;
const KINDS: [&str; 3] = ["sick", "personal", "truant"];

/// One student to insert: id, class, student number.
type NewStudent = (Uuid, Uuid, String);
/// One mark to insert: class, student, date, kind, returned on.
type NewMark = (Uuid, Uuid, NaiveDate, &'static str, Option<NaiveDate>);

macro_rules! seed_rows {
    ($pool:expr, $db:ty, $school:expr, $recorder:expr, $students:expr, $marks:expr) => {{
        let mut tx = $pool.begin().await.unwrap();
        let now = Utc::now();
        for chunk in $students.chunks(1000) {
            let mut q: QueryBuilder<$db> = QueryBuilder::new(
                "INSERT INTO student (id, school_id, class_id, student_no, name, sex, updated_at) ",
            );
            q.push_values(chunk, |mut b, (id, class, no)| {
                b.push_bind(*id).push_bind($school).push_bind(*class).push_bind(no.clone())
                    .push_bind(format!("学生{no}")).push_bind("female").push_bind(now);
            });
            q.build().execute(&mut *tx).await.unwrap();
        }
        for (n, chunk) in $marks.chunks(1000).enumerate() {
            let mut q: QueryBuilder<$db> = QueryBuilder::new(
                "INSERT INTO attendance (id, school_id, class_id, student_id, mark_date, kind, symptoms, note,
                 expected_return, returned_on, cancelled, recorder_id, client_recorded_at, received_at, version, change_seq) ",
            );
            q.push_values(chunk.iter().enumerate(), |mut b, (i, (class, student, day, kind, back))| {
                let symptoms = if *kind == "sick" { r#"["fever"]"# } else { "[]" };
                b.push_bind(Uuid::now_v7()).push_bind($school).push_bind(*class).push_bind(*student)
                    .push_bind(*day).push_bind(*kind).push_bind(symptoms).push_bind("")
                    .push_bind(None::<NaiveDate>).push_bind(*back).push_bind(false).push_bind($recorder)
                    .push_bind(now).push_bind(now).push_bind(1_i64).push_bind(2 * SEQ_BASE + (n * 1000 + i) as i64);
            });
            q.build().execute(&mut *tx).await.unwrap();
        }
        tx.commit().await.unwrap();
    }};
}

/// Fills the big school's empty classes with students and marks every class's roll.
async fn seed_rolls(db: &Db, mondays: &[NaiveDate]) {
    let (school,): (Uuid,) = fetch!(db, "SELECT id FROM school", (Uuid,))[0];
    let (recorder,): (Uuid,) = fetch!(
        db,
        "SELECT id FROM app_user WHERE username = 'deyu'",
        (Uuid,)
    )[0];
    let classes: Vec<Uuid> = fetch!(db, "SELECT id FROM school_class ORDER BY id", (Uuid,))
        .into_iter()
        .map(|r| r.0)
        .collect();
    let existing = fetch!(
        db,
        "SELECT id, class_id FROM student WHERE active",
        (Uuid, Uuid)
    );
    let mut students: Vec<NewStudent> = Vec::new();
    for (c, class) in classes.iter().enumerate() {
        if existing.iter().all(|(_, k)| k != class) {
            for n in 0..STUDENTS_PER_CLASS {
                students.push((Uuid::now_v7(), *class, format!("B{c:02}{n:02}")));
            }
        }
    }
    let roster = |class: &Uuid| -> Vec<Uuid> {
        existing
            .iter()
            .filter(|(_, k)| k == class)
            .map(|(id, _)| *id)
            .chain(
                students
                    .iter()
                    .filter(|(_, k, _)| k == class)
                    .map(|(id, _, _)| *id),
            )
            .collect()
    };
    let mut marks: Vec<NewMark> = Vec::new();
    for (c, class) in classes.iter().enumerate() {
        let ids = roster(class);
        for (w, monday) in mondays.iter().enumerate() {
            for d in 0..5 {
                let day = *monday + Days::new(d);
                let n = w * 5 + d as usize + c;
                let length = 1 + (n % 3) as u64;
                let away = ids[(n * 7) % ids.len()];
                marks.push((
                    *class,
                    away,
                    day,
                    KINDS[n % 3],
                    Some(day + Days::new(length)),
                ));
                marks.push((*class, ids[(n * 11 + 3) % ids.len()], day, "late", None));
            }
        }
    }
    let started = Instant::now();
    match db {
        Db::Sqlite(p) => seed_rows!(p, sqlx::Sqlite, school, recorder, students, marks),
        Db::Postgres(p) => seed_rows!(p, sqlx::Postgres, school, recorder, students, marks),
    }
    settle_counters(db).await;
    println!(
        "seeded {} students and {} marks in {:?}",
        students.len(),
        marks.len(),
        started.elapsed()
    );
}

async fn bench(test_db: TestDb, backend: &str) {
    let mondays = seed_big_school(&test_db.db).await;
    seed_rolls(&test_db.db, &mondays).await;
    let app = TestApp::spawn(test_db.db.clone()).await;
    let deyu = app.signed_in("deyu").await;
    println!("{backend}, 60 classes, {} weeks of rolls", mondays.len());
    let days: Vec<String> = mondays
        .iter()
        .map(|m| format!("/api/attendance?date={}", *m + Days::new(2)))
        .collect();
    time_requests(&app, &deyu, "day view (any week of the term)", &days).await;
    let months: Vec<String> = [mondays[4], mondays[mondays.len() - 4]]
        .iter()
        .map(|m| format!("/api/export/attendance.xlsx?month={}", m.format("%Y-%m")))
        .collect();
    time_requests(&app, &deyu, "month .xlsx (all classes)", &months).await;
    test_db.finish().await;
}

#[tokio::test]
#[ignore = "benchmark: run by hand, figures in BENCHMARKS.md"]
async fn bench_attendance_sqlite() {
    bench(TestDb::sqlite().await, "SQLite").await;
}

#[tokio::test]
#[ignore = "benchmark: run by hand with TEST_POSTGRES_URL, figures in BENCHMARKS.md"]
async fn bench_attendance_pg() {
    bench(TestDb::postgres().await, "PostgreSQL").await;
}
