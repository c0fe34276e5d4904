//! What an attacker or a careless user tried, each refused over HTTP with nothing changed:
//! spreadsheets that declare huge grids or unzip into gigabytes, entries that name one student
//! thousands of times, dates at the calendar's limits, unsafe sheet names, overlapping
//! absences, records dated in the future, cacheable private pages, a look-alike origin, and
//! locking an account's owner out.
use std::io::Write;

use chrono::{Days, Duration, Utc};
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::attendance::students;
use crate::both_databases;
use crate::harness::{DEMO_PASSWORD, TestApp, call, client, count, get_json};
use crate::sync_support::{Phone, item_id};

async fn upload(app: &TestApp, who: &reqwest::Client, path: &str, bytes: Vec<u8>) -> (u16, Value) {
    let form = Form::new().part("file", Part::bytes(bytes).file_name("名单.xlsx"));
    let res = who
        .post(app.url(path))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn file_code(body: &Value) -> &str {
    body["fields"][0]["code"].as_str().unwrap_or_default()
}

/// A 2 KB workbook with cells only at A1, B1 and XFD1048576.
fn sparse_giant() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "姓名").unwrap();
    sheet.write_string(0, 1, "班级").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    workbook.save_to_buffer().unwrap()
}

/// A zip that starts like a workbook and unzips to 80 MB of zeros in one part.
fn zip_bomb() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/sharedStrings.xml", options).unwrap();
    let zeros = vec![0_u8; 1024 * 1024];
    for _ in 0..80 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

async fn spreadsheets_past_the_limits_are_refused_and_the_server_keeps_serving(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let admin = app.signed_in("admin").await;
    let students_before = count(&app.db, "SELECT COUNT(*) FROM student").await;
    for path in ["/api/admin/imports", "/api/admin/staff-imports"] {
        let (status, body) = upload(&app, &admin, path, sparse_giant()).await;
        assert_eq!(
            (status, file_code(&body)),
            (422, "too_many_cells"),
            "{path}"
        );
        let bomb = zip_bomb();
        assert!(bomb.len() < 200_000, "the bomb is small on the wire");
        let (status, body) = upload(&app, &admin, path, bomb).await;
        assert_eq!((status, file_code(&body)), (422, "too_big"), "{path}");
    }
    let mut long = rust_xlsxwriter::Workbook::new();
    long.add_worksheet()
        .write_string(0, 0, "很".repeat(2_000))
        .unwrap();
    let (status, body) = upload(
        &app,
        &admin,
        "/api/admin/imports",
        long.save_to_buffer().unwrap(),
    )
    .await;
    assert_eq!((status, file_code(&body)), (422, "cell_too_long"));
    let page = admin
        .post(app.url("/api/admin/imports"))
        .header("Accept", "text/html")
        .multipart(Form::new().part("file", Part::bytes(sparse_giant()).file_name("a.xlsx")))
        .send()
        .await
        .unwrap();
    assert!(
        page.url()
            .as_str()
            .ends_with("/import?error=too_many_cells")
    );
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("表格超过 20000 行或 64 列")
    );
    let health = client().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) FROM student").await,
        students_before
    );
}
both_databases!(
    spreadsheets_past_the_limits,
    spreadsheets_past_the_limits_are_refused_and_the_server_keeps_serving
);

/// What the class's entries add to its week on the board: its total less the base of each day
/// shown (a weekend day shows only once it has an entry, so both come from one read).
async fn week_points(app: &TestApp, who: &reqwest::Client, class: &str) -> f64 {
    let (status, board) = get_json(app, who, "/api/board").await;
    assert_eq!(status, 200);
    let bases =
        board["rules"]["base"].as_f64().unwrap() * board["days"].as_array().unwrap().len() as f64;
    let total = board["grades"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["rows"].as_array().unwrap())
        .find(|r| r["class_name"] == class)
        .map(|r| r["total"].as_f64().unwrap())
        .unwrap();
    total - bases
}

async fn an_entry_names_each_student_once_and_moves_a_day_by_at_most_100(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(4)班").await;
    let item = item_id(&app, "好人好事").await;
    let roster = students(&app, class, 45).await;
    let deyu = app.signed_in("deyu").await;
    let before = week_points(&app, &deyu, "初一(4)班").await;
    let mut phone = Phone::of(&app, "t104").await;
    let today = server::school::today_in("Asia/Shanghai");
    let good = |students: &[Uuid], count: i64| {
        json!({"class_id": class, "date": today, "slot": "早读", "item_id": item,
               "count": count, "student_ids": students})
    };
    let cases = [
        (good(&vec![roster[0]; 20_000], 50), "duplicate_student"),
        (
            good(&[roster[0], roster[1], roster[0]], 1),
            "duplicate_student",
        ),
        (good(&roster[..3], 50), "value_too_large"),
    ];
    for (fields, code) in cases {
        let m = phone.create(Uuid::now_v7(), fields);
        assert_eq!(
            phone.push_one(&app, m).await,
            ("rejected".into(), code.into())
        );
    }
    assert_eq!(week_points(&app, &deyu, "初一(4)班").await, before);
    let m = phone.create(Uuid::now_v7(), good(&roster[..2], 50));
    assert_eq!(phone.push_one(&app, m).await.0, "applied");
    assert_eq!(week_points(&app, &deyu, "初一(4)班").await, before + 100.0);
    let (status, conduct) = get_json(&app, &deyu, &format!("/api/classes/{class}/conduct")).await;
    assert_eq!(status, 200);
    let first = conduct["students"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["student_id"] == json!(roster[0]))
        .unwrap();
    assert_eq!(
        first["total"], 50.0,
        "one student's share is points × count"
    );
}
both_databases!(
    entry_bounds,
    an_entry_names_each_student_once_and_moves_a_day_by_at_most_100
);

const FAR_DATES: [&str; 4] = [
    "%2B262142-12-31",
    "-262143-01-01",
    "9999-12-31",
    "1970-01-01",
];

async fn dates_at_the_calendars_limits_are_422_for_every_reader(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    for who in ["jiawei101", "deyu"] {
        let http = app.signed_in(who).await;
        for date in FAR_DATES {
            for path in [
                format!("/api/board?week={date}"),
                format!("/api/attendance?date={date}"),
                format!("/api/export/board.xlsx?week={date}"),
            ] {
                let (status, body) = get_json(&app, &http, &path).await;
                assert!(matches!(status, 422 | 403), "{who} {path}: {status} {body}");
                if status == 422 {
                    assert_eq!(body["message"], "输入有误，请检查后重试");
                }
            }
            let month = date.rsplit_once('-').map_or(date, |(m, _)| m);
            let path = format!("/api/export/attendance.xlsx?month={month}");
            let (status, _) = get_json(&app, &http, &path).await;
            assert!(matches!(status, 422 | 403), "{who} {path}: {status}");
            let raw = date.replace("%2B", "+");
            let (status, _) = call(&app, &http, "get_week_board", &[("week", raw.as_str())]).await;
            assert_eq!(status, 400, "{who} get_week_board {raw}");
            let (status, _) =
                call(&app, &http, "get_day_attendance", &[("date", raw.as_str())]).await;
            assert_eq!(status, 400, "{who} get_day_attendance {raw}");
        }
    }
}
both_databases!(
    far_dates,
    dates_at_the_calendars_limits_are_422_for_every_reader
);

async fn rename(app: &TestApp, class: Uuid, name: &str) {
    let sql = "UPDATE school_class SET name = $1 WHERE id = $2";
    match &app.db {
        server::db::Db::Sqlite(p) => sqlx::query(sql)
            .bind(name)
            .bind(class)
            .execute(p)
            .await
            .map(|_| ()),
        server::db::Db::Postgres(p) => sqlx::query(sql)
            .bind(name)
            .bind(class)
            .execute(p)
            .await
            .map(|_| ()),
    }
    .unwrap();
}

async fn sheet_names(bytes: Vec<u8>) -> Vec<String> {
    use calamine::Reader;
    let workbook: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    workbook.sheet_names()
}

async fn classes_with_any_name_export_a_sheet_each(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    rename(&app, app.class_id("初一(1)班").await, "[5]班").await;
    rename(&app, app.class_id("初一(2)班").await, "(5)班").await;
    rename(&app, app.class_id("初一(3)班").await, "a:b*c?d/e\\f'").await;
    let deyu = app.signed_in("deyu").await;
    for path in ["/api/export/conduct.xlsx", "/api/export/attendance.xlsx"] {
        let res = deyu.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        let names = sheet_names(res.bytes().await.unwrap().to_vec()).await;
        let mut unique: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{path}: {names:?}");
        assert!(
            names
                .iter()
                .all(|n| n.chars().count() <= 31
                    && !n.contains(['[', ']', ':', '*', '?', '/', '\\']))
        );
        let fives = names.iter().filter(|n| n.contains("(5)班")).count();
        assert_eq!(fives, 2, "{path}: {names:?}");
    }
}
both_databases!(
    sheet_names_from_class_names,
    classes_with_any_name_export_a_sheet_each
);

async fn a_student_never_holds_two_live_marks_on_one_day(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初二(1)班").await;
    let student = students(&app, class, 1).await[0];
    let sql = "SELECT student_no FROM student WHERE id = $1";
    let (student_no,): (String,) = match &app.db {
        server::db::Db::Sqlite(p) => sqlx::query_as(sql).bind(student).fetch_one(p).await,
        server::db::Db::Postgres(p) => sqlx::query_as(sql).bind(student).fetch_one(p).await,
    }
    .unwrap();
    let mut phone = Phone::of(&app, "t201").await;
    let today = server::school::today_in("Asia/Shanghai");
    let yesterday = today - Days::new(1);
    let mut push = async |fields: Value| {
        let m = phone.mutation_on("attendance", "create", Uuid::now_v7(), fields);
        phone.push_one(&app, m).await
    };
    let late = json!({"class_id": class, "student_id": student, "date": today, "kind": "late"});
    assert_eq!(push(late).await.0, "applied");
    let sick = json!({"class_id": class, "student_id": student, "date": yesterday, "kind": "sick",
                      "symptoms": ["fever"]});
    assert_eq!(
        push(sick).await,
        ("rejected".into(), "already_marked".into())
    );
    let deyu = app.signed_in("deyu").await;
    let (status, day) = get_json(&app, &deyu, &format!("/api/attendance?date={today}")).await;
    assert_eq!(status, 200);
    let listed = day["classes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["marks"].as_array().unwrap())
        .filter(|m| m["student_no"] == json!(student_no))
        .count();
    assert_eq!(listed, 1);
}
both_databases!(
    one_live_mark,
    a_student_never_holds_two_live_marks_on_one_day
);

async fn records_are_not_dated_after_today_and_phone_clocks_are_clamped(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let item = item_id(&app, "教室地面有纸屑杂物").await;
    let student = students(&app, class, 1).await[0];
    let mut phone = Phone::of(&app, "t101").await;
    let today = server::school::today_in("Asia/Shanghai");
    let ahead = today + Days::new(2);
    let entry = json!({"class_id": class, "date": ahead, "slot": "早读", "item_id": item});
    let m = phone.create(Uuid::now_v7(), entry);
    assert_eq!(
        phone.push_one(&app, m).await,
        ("rejected".into(), "future_day".into())
    );
    let mark = json!({"class_id": class, "student_id": student, "date": ahead, "kind": "truant"});
    let m = phone.mutation_on("attendance", "create", Uuid::now_v7(), mark);
    assert_eq!(
        phone.push_one(&app, m).await,
        ("rejected".into(), "future_day".into())
    );
    let id = Uuid::now_v7();
    let entry = json!({"class_id": class, "date": today, "slot": "早读", "item_id": item,
                       "observed_at": "9999-12-31T23:59:59Z"});
    let mut m = phone.create(id, entry);
    m["client_recorded_at"] = json!("9999-12-31T23:59:59Z");
    assert_eq!(phone.push_one(&app, m).await.0, "applied");
    let sql = "SELECT observed_at, client_recorded_at FROM check_entry WHERE id = $1";
    let (observed, recorded): (chrono::DateTime<Utc>, chrono::DateTime<Utc>) = match &app.db {
        server::db::Db::Sqlite(p) => sqlx::query_as(sql).bind(id).fetch_one(p).await,
        server::db::Db::Postgres(p) => sqlx::query_as(sql).bind(id).fetch_one(p).await,
    }
    .unwrap();
    let soon = Utc::now() + Duration::seconds(5);
    assert!(
        observed <= soon && recorded <= soon,
        "{observed} {recorded}"
    );
}
both_databases!(
    no_future_records,
    records_are_not_dated_after_today_and_phone_clocks_are_clamped
);

async fn private_answers_are_never_cached_and_kept_pages_hold_no_user(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let t101 = app.signed_in("t101").await;
    let me = app.me(&t101).await;
    let paths = [
        "/api/me".to_string(),
        format!("/api/classes/{class}/students"),
        format!("/api/classes/{class}/conduct"),
        "/api/board".into(),
        "/api/attendance".into(),
        "/".into(),
        "/today".into(),
        "/board".into(),
        format!("/classes/{class}"),
        "/attendance".into(),
        "/me".into(),
    ];
    for path in &paths {
        let res = t101.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            res.headers()["cache-control"],
            "private, no-store",
            "{path}"
        );
    }
    for (name, form) in [
        ("get_home", vec![]),
        ("session_user", vec![]),
        ("get_roster", vec![("class_id", class.to_string())]),
    ] {
        let res = t101
            .post(app.url(&format!("/api/fn/{name}")))
            .header("Accept", "application/json")
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.headers()["cache-control"],
            "private, no-store",
            "{name}"
        );
    }
    let pull = t101
        .post(app.url("/api/sync/v1/pull"))
        .json(&json!({"client_id": Uuid::now_v7(), "cursors": {}, "limit": 10}))
        .send()
        .await
        .unwrap();
    assert_eq!(pull.headers()["cache-control"], "private, no-store");
    let worker = t101
        .get(app.url("/sw.js"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let unfilled = worker
        .split("__")
        .find(|s| s.len() > 2 && s.chars().all(|c| c.is_ascii_uppercase() || c == '_'));
    assert_eq!(
        unfilled, None,
        "the server fills in every placeholder of the worker"
    );
    assert!(worker.contains(r#"indexedDB.open("homeroom")"#));
    let kept: Vec<String> = worker
        .lines()
        .find_map(|l| l.strip_prefix("const SHELLS = "))
        .and_then(|list| serde_json::from_str(list.trim_end_matches(';')).ok())
        .expect("the worker names the pages it keeps");
    assert!(kept.contains(&"/login".to_string()) && kept.contains(&"/today".to_string()));
    let secrets = [
        me["user_id"].as_str().unwrap().to_string(),
        "t101".to_string(),
        me["display_name"].as_str().unwrap().to_string(),
    ];
    // As the worker asks for them: the frame alone.
    for path in &kept {
        let res = t101
            .get(app.url(&format!("{path}?shell")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        let html = res.text().await.unwrap();
        for secret in &secrets {
            assert!(!html.contains(secret.as_str()), "{path} holds {secret}");
        }
    }
}
both_databases!(
    no_store,
    private_answers_are_never_cached_and_kept_pages_hold_no_user
);

async fn an_origin_differing_only_in_scheme_is_refused(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let t101 = app.signed_in("t101").await;
    let host = app.base.trim_start_matches("http://").to_string();
    let post = |origin: String| {
        t101.post(app.url("/api/auth/logout"))
            .header("Origin", origin)
            .send()
    };
    assert_eq!(post(format!("https://{host}")).await.unwrap().status(), 403);
    assert_eq!(app.me_status(&t101).await, 200, "still signed in");
    assert_eq!(post(format!("http://{host}")).await.unwrap().status(), 204);
}
both_databases!(origin_scheme, an_origin_differing_only_in_scheme_is_refused);

async fn login_from(app: &TestApp, http: &reqwest::Client, ip: &str, password: &str) -> u16 {
    http.post(app.url("/api/auth/login"))
        .header("X-Forwarded-For", ip)
        .json(&json!({"username": "t304", "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn guessing_never_locks_the_owner_out(db: server::db::Db) {
    server::seed::seed_demo(&db, DEMO_PASSWORD).await.unwrap();
    let app = TestApp::behind_proxy(db).await;
    let attacker = client();
    for _ in 0..10 {
        assert_eq!(
            login_from(&app, &attacker, "10.1.0.1", "wrong-password").await,
            401
        );
    }
    assert_eq!(
        login_from(&app, &attacker, "10.1.0.1", DEMO_PASSWORD).await,
        429
    );
    let owner = client();
    assert_eq!(
        login_from(&app, &owner, "10.2.0.1", DEMO_PASSWORD).await,
        200
    );
    for n in 0..40 {
        let status = login_from(&app, &attacker, &format!("10.3.0.{n}"), "wrong-password").await;
        assert!(matches!(status, 401 | 429));
    }
    assert_eq!(
        login_from(&app, &client(), "10.4.0.1", DEMO_PASSWORD).await,
        429,
        "a new browser waits"
    );
    assert_eq!(
        login_from(&app, &owner, "10.4.0.2", DEMO_PASSWORD).await,
        200,
        "the owner's browser does not"
    );
}
both_databases!(no_malicious_lockout, guessing_never_locks_the_owner_out);
