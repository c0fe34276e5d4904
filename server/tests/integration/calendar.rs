//! The term calendar: days off and make-up days the admin sets change which days the board
//! scores and over how many school days an absence runs; a bad calendar changes nothing.
use chrono::Days;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::attendance::students;
use crate::both_databases;
use crate::harness::{TestApp, call, get_json};
use crate::scores::{NO_FIELDS, fixture_monday};
use crate::sync_support::Phone;

/// The demo term as `save_term` takes it, with these days off and make-up days.
fn term_form(term: &Value, days_off: &str, make_up: &str) -> Vec<(String, String)> {
    let field = |k: &str| term[k].as_str().unwrap().to_string();
    [
        ("id", field("id")),
        ("name", field("name")),
        ("start_date", field("start_date")),
        ("end_date", field("end_date")),
        ("weekdays", field("weekdays")),
        ("days_off", days_off.to_string()),
        ("make_up_days", make_up.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (format!("term[{k}]"), v))
    .collect()
}

async fn days_off_and_make_up_days_shape_the_board_and_absence_runs(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let monday = fixture_monday();
    let day = |n: u64| monday + Days::new(n);
    let admin = app.signed_in("admin").await;
    let (status, terms) = call(&app, &admin, "list_terms", &NO_FIELDS).await;
    assert_eq!(status, 200, "{terms}");
    let term = terms[0].clone();

    // A day off outside the term, or a day both off and made up, is refused: nothing saved.
    let outside = term_form(&term, "1999-01-01", "");
    let (status, body) = call(&app, &admin, "save_term", &outside).await;
    assert_eq!(
        (status, &body["fields"][0]["field"]),
        (422, &json!("days_off"))
    );
    let both = term_form(&term, &day(1).to_string(), &day(1).to_string());
    assert_eq!(call(&app, &admin, "save_term", &both).await.0, 422);
    let deyu = app.signed_in("deyu").await;
    let teacher = app.signed_in("t101").await;
    let form = term_form(&term, &day(1).to_string(), &day(5).to_string());
    assert_eq!(call(&app, &teacher, "save_term", &form).await.0, 403);
    let path = format!("/api/board?week={monday}");
    let before = get_json(&app, &deyu, &path).await.1;
    assert_eq!(before["days"].as_array().unwrap().len(), 5);

    // Tuesday off, Saturday made up.
    let (status, saved) = call(&app, &admin, "save_term", &form).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["days_off"], json!([day(1)]));
    let week = get_json(&app, &deyu, &path).await.1;
    assert_eq!(
        week["days"],
        json!([day(0), day(2), day(3), day(4), day(5)])
    );
    let first = &week["grades"][0]["rows"][0];
    assert_eq!(first["total"], 500.0, "five school days at the base score");

    // Sick from Monday and still away: on Thursday that is Mon, Wed, Thu — three school days.
    let class = app.class_id("初一(1)班").await;
    let student = students(&app, class, 1).await[0];
    let mut phone = Phone::of(&app, "t101").await;
    let sick = json!({"class_id": class, "student_id": student, "date": day(0), "kind": "sick",
                      "symptoms": ["fever"]});
    let m = phone.mutation_on("attendance", "create", Uuid::now_v7(), sick);
    assert_eq!(phone.push_one(&app, m).await.0, "applied");
    let (_, thursday) = get_json(&app, &deyu, &format!("/api/attendance?date={}", day(3))).await;
    assert_eq!(thursday["long_absences"][0]["days"], 3, "{thursday}");
    let (_, wednesday) = get_json(&app, &deyu, &format!("/api/attendance?date={}", day(2))).await;
    assert_eq!(
        wednesday["long_absences"],
        json!([]),
        "two school days so far"
    );
}
both_databases!(
    term_calendar,
    days_off_and_make_up_days_shape_the_board_and_absence_runs
);
