//! Attendance: marks pushed from the teacher's phone reach staff by class and reason with
//! the alerts; every bad or forbidden mark is refused and changes nothing; the monthly
//! export is an .xlsx with a roll sheet per class.
use chrono::{Datelike, Days, NaiveDate};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::both_databases;
use crate::harness::{TestApp, count, get_json};
use crate::scores::{fixture_monday, text};
use crate::sync_support::Phone;

/// The first `n` students of a class, by student number.
pub async fn students(app: &TestApp, class: Uuid, n: i64) -> Vec<Uuid> {
    let sql = "SELECT id FROM student WHERE class_id = $1 AND active ORDER BY student_no LIMIT $2";
    let rows: Vec<(Uuid,)> = match &app.db {
        server::db::Db::Sqlite(p) => sqlx::query_as(sql).bind(class).bind(n).fetch_all(p).await,
        server::db::Db::Postgres(p) => sqlx::query_as(sql).bind(class).bind(n).fetch_all(p).await,
    }
    .unwrap();
    rows.into_iter().map(|r| r.0).collect()
}

async fn name_of(app: &TestApp, student: Uuid) -> String {
    let sql = "SELECT name FROM student WHERE id = $1";
    let row: (String,) = match &app.db {
        server::db::Db::Sqlite(p) => sqlx::query_as(sql).bind(student).fetch_one(p).await,
        server::db::Db::Postgres(p) => sqlx::query_as(sql).bind(student).fetch_one(p).await,
    }
    .unwrap();
    row.0
}

pub fn mark(class: Uuid, student: Uuid, date: NaiveDate, kind: &str, symptoms: &[&str]) -> Value {
    json!({"class_id": class, "student_id": student, "date": date, "kind": kind, "symptoms": symptoms})
}

async fn push(app: &TestApp, phone: &mut Phone, op: &str, id: Uuid, fields: Value) -> String {
    let m = phone.mutation_on("attendance", op, id, fields);
    let (status, reason) = phone.push_one(app, m).await;
    if status == "applied" { status } else { reason }
}

/// 初一(1)班 in the fixture week: A sick (fever, cough) from Monday, still away; B and C
/// sick with a cough from Wednesday; D late on Wednesday; E on personal leave Monday, back
/// Tuesday. Returns the class and A–E.
async fn record_fixture_roll(app: &TestApp) -> (Uuid, Vec<Uuid>) {
    let monday = fixture_monday();
    let wednesday = monday + Days::new(2);
    let class = app.class_id("初一(1)班").await;
    let s = students(app, class, 5).await;
    let mut teacher = Phone::of(app, "t101").await;
    let leave = Uuid::now_v7();
    for (id, fields) in [
        (
            Uuid::now_v7(),
            mark(class, s[0], monday, "sick", &["fever", "cough"]),
        ),
        (
            Uuid::now_v7(),
            mark(class, s[1], wednesday, "sick", &["cough"]),
        ),
        (
            Uuid::now_v7(),
            mark(class, s[2], wednesday, "sick", &["rash", "cough"]),
        ),
        (Uuid::now_v7(), mark(class, s[3], wednesday, "late", &[])),
        (leave, mark(class, s[4], monday, "personal", &[])),
    ] {
        assert_eq!(
            push(app, &mut teacher, "create", id, fields).await,
            "applied"
        );
    }
    let back = json!({"returned_on": monday + Days::new(1)});
    assert_eq!(
        push(app, &mut teacher, "patch", leave, back).await,
        "applied"
    );
    (class, s)
}

async fn staff_see_the_days_absences_and_alerts(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let (class, s) = record_fixture_roll(&app).await;
    let wednesday = fixture_monday() + Days::new(2);
    let deyu = app.signed_in("deyu").await;
    let (status, day) = get_json(&app, &deyu, &format!("/api/attendance?date={wednesday}")).await;
    assert_eq!(status, 200, "{day}");
    assert_eq!(
        day["classes"].as_array().unwrap().len(),
        12,
        "every class of the school"
    );
    let c1 = day["classes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["class_id"] == json!(class))
        .unwrap();
    let names = [
        name_of(&app, s[0]).await,
        name_of(&app, s[1]).await,
        name_of(&app, s[2]).await,
        name_of(&app, s[3]).await,
    ];
    let marks: Vec<(String, String, u64)> = c1["marks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["name"].as_str().unwrap().to_string(),
                m["kind"].as_str().unwrap().to_string(),
                m["days"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = vec![
        (names[0].clone(), "sick".to_string(), 3),
        (names[1].clone(), "sick".to_string(), 1),
        (names[2].clone(), "sick".to_string(), 1),
        (names[3].clone(), "late".to_string(), 0),
    ];
    assert_eq!(marks, expected, "E, back on Tuesday, is not listed");
    assert_eq!(
        day["clusters"],
        json!([{"class_label": "初一(1)班", "symptom": "cough", "names": names[..3]}])
    );
    assert_eq!(
        day["long_absences"],
        json!([{"class_label": "初一(1)班", "name": names[0], "days": 3}])
    );
    // Tuesday: A on their second day, E's last day away was Monday; no cluster yet.
    let tuesday = wednesday - Days::new(1);
    let (_, day) = get_json(&app, &deyu, &format!("/api/attendance?date={tuesday}")).await;
    assert_eq!(day["clusters"], json!([]));
    assert_eq!(day["long_absences"], json!([]));

    // The class's teacher sees their class only; the parent-committee member nothing.
    let teacher = app.signed_in("t101").await;
    let (status, own) =
        get_json(&app, &teacher, &format!("/api/attendance?date={wednesday}")).await;
    assert_eq!(status, 200);
    assert_eq!(own["classes"].as_array().unwrap().len(), 1);
    let parent = app.signed_in("jiawei101").await;
    assert_eq!(get_json(&app, &parent, "/api/attendance").await.0, 403);
    assert_eq!(
        get_json(&app, &reqwest::Client::new(), "/api/attendance")
            .await
            .0,
        401
    );
    assert_eq!(
        get_json(&app, &deyu, "/api/attendance?date=2026-13-01")
            .await
            .0,
        422
    );

    // The teacher's phone pulls the marks; the parent's phone never holds them.
    let phone = Phone::of(&app, "t101").await;
    let pulled = phone.pull_all(&app, &mut json!({}), 1000).await;
    assert_eq!(
        pulled.iter().filter(|c| c["table"] == "attendance").count(),
        5
    );
    let parent_phone = Phone::of(&app, "jiawei101").await;
    let pulled = parent_phone.pull_all(&app, &mut json!({}), 1000).await;
    assert!(
        pulled
            .iter()
            .all(|c| c["table"] != "attendance" && c["table"] != "student")
    );
}
both_databases!(attendance_day, staff_see_the_days_absences_and_alerts);

async fn bad_and_forbidden_marks_are_refused(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let monday = fixture_monday();
    let class = app.class_id("初一(1)班").await;
    let other_class = app.class_id("初一(2)班").await;
    let s = students(&app, class, 2).await;
    let stranger = students(&app, other_class, 1).await[0];
    let mut teacher = Phone::of(&app, "t101").await;
    let first = Uuid::now_v7();
    let sick = mark(class, s[0], monday, "sick", &["fever"]);
    assert_eq!(
        push(&app, &mut teacher, "create", first, sick).await,
        "applied"
    );

    let far_future = NaiveDate::from_ymd_opt(2099, 1, 5).unwrap();
    let mut back_early = mark(class, s[1], monday, "truant", &[]);
    back_early["expected_return"] = json!(monday);
    let cases = [
        (mark(class, s[1], monday, "sick", &[]), "symptoms_required"),
        (
            mark(class, s[1], monday, "personal", &["fever"]),
            "symptoms_not_for_kind",
        ),
        (
            mark(class, s[0], monday + Days::new(1), "late", &[]),
            "already_marked",
        ),
        (
            mark(class, stranger, monday, "truant", &[]),
            "student_not_in_class",
        ),
        (mark(class, s[1], far_future, "truant", &[]), "outside_term"),
        (mark(class, s[1], monday, "skipped", &[]), "bad_fields"),
        (back_early, "bad_return_date"),
    ];
    for (fields, reason) in cases {
        assert_eq!(
            push(&app, &mut teacher, "create", Uuid::now_v7(), fields).await,
            reason
        );
    }
    let elsewhere = mark(other_class, stranger, monday, "truant", &[]);
    assert_eq!(
        push(&app, &mut teacher, "create", Uuid::now_v7(), elsewhere).await,
        "not_in_scope",
        "a teacher never marks another class"
    );
    let mut parent = Phone::of(&app, "jiawei101").await;
    let by_parent = mark(class, s[1], monday, "truant", &[]);
    assert_eq!(
        push(&app, &mut parent, "create", Uuid::now_v7(), by_parent).await,
        "not_in_scope"
    );

    let same_day = json!({"returned_on": monday});
    assert_eq!(
        push(&app, &mut teacher, "patch", first, same_day).await,
        "bad_return_date"
    );
    let undo = json!({"cancelled": true});
    assert_eq!(
        push(&app, &mut teacher, "patch", first, undo).await,
        "applied"
    );
    let late = json!({"returned_on": monday + Days::new(2)});
    assert_eq!(
        push(&app, &mut teacher, "patch", first, late).await,
        "mark_cancelled"
    );
    assert_eq!(
        push(&app, &mut teacher, "delete", first, json!({})).await,
        "cancel_instead",
        "a mark is cancelled and kept, never deleted"
    );
    let remark = mark(class, s[0], monday, "personal", &[]);
    assert_eq!(
        push(&app, &mut teacher, "create", Uuid::now_v7(), remark).await,
        "applied",
        "an undone mark leaves the day free"
    );
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM attendance").await, 2);
    let cancelled = "SELECT COUNT(*) FROM field_history WHERE table_name = 'attendance' AND field = 'cancelled'";
    assert_eq!(count(&app.db, cancelled).await, 1);
}
both_databases!(attendance_refusals, bad_and_forbidden_marks_are_refused);

async fn the_monthly_export_has_a_roll_sheet_per_class(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let (_, s) = record_fixture_roll(&app).await;
    let monday = fixture_monday();
    // Close the open absences, so the month's totals do not depend on today's date.
    let mut teacher = Phone::of(&app, "t101").await;
    let marks = teacher.pull_all(&app, &mut json!({}), 1000).await;
    for change in marks.iter().filter(|c| c["table"] == "attendance") {
        let (student, id) = (
            &change["fields"]["student_id"],
            change["id"].as_str().unwrap(),
        );
        let back = if *student == json!(s[0]) { 7 } else { 4 };
        if change["fields"]["returned_on"].is_null() && change["fields"]["kind"] == "sick" {
            let fields = json!({"returned_on": monday + Days::new(back)});
            let id = Uuid::parse_str(id).unwrap();
            assert_eq!(
                push(&app, &mut teacher, "patch", id, fields).await,
                "applied"
            );
        }
    }
    let deyu = app.signed_in("deyu").await;
    let month = monday.format("%Y-%m").to_string();
    let res = deyu
        .get(app.url(&format!("/api/export/attendance.xlsx?month={month}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let sheets = server::import::read_sheets("a.xlsx", &res.bytes().await.unwrap()).unwrap();
    assert_eq!(sheets.len(), 13, "a summary, then one sheet per class");
    let summary = &sheets[0];
    assert_eq!(summary.name, "汇总");
    assert!(text(summary.rows[0].first()).ends_with(&format!(
        "{}年{}月 学生出勤统计",
        monday.year(),
        monday.month()
    )));
    let c1 = summary
        .rows
        .iter()
        .find(|r| text(r.first()) == "初一(1)班")
        .unwrap();
    let values: Vec<String> = c1[5..10].iter().map(|c| text(Some(c))).collect();
    // Sick: A Monday–Friday, B and C Wednesday–Thursday (9); personal: E Monday; late: D.
    assert_eq!(values, ["9", "1", "0", "1", "0"]);
    let sheet = sheets.iter().find(|s| s.name == "初一(1)班").unwrap();
    let header: Vec<String> = sheet.rows[2].iter().map(|c| text(Some(c))).collect();
    let monday_col = header
        .iter()
        .position(|h| *h == monday.day().to_string())
        .unwrap();
    let a = name_of(&app, s[0]).await;
    let row = sheet.rows.iter().find(|r| text(r.get(1)) == a).unwrap();
    assert_eq!(text(row.get(monday_col)), "病");
    let d = name_of(&app, s[3]).await;
    let row = sheet.rows.iter().find(|r| text(r.get(1)) == d).unwrap();
    assert_eq!(text(row.get(monday_col + 2)), "迟");
    assert_eq!(text(row.get(monday_col)), "");

    let parent = app.signed_in("jiawei101").await;
    assert_eq!(
        get_json(&app, &parent, "/api/export/attendance.xlsx")
            .await
            .0,
        403
    );
    assert_eq!(
        get_json(&app, &deyu, "/api/export/attendance.xlsx?month=11-2026")
            .await
            .0,
        422
    );
}
both_databases!(
    attendance_export,
    the_monthly_export_has_a_roll_sheet_per_class
);
