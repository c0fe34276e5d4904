//! Conduct points: each named student's share over the term, for teachers and staff only.
use serde_json::Value;

use crate::both_databases;
use crate::harness::{TestApp, get_json};
use crate::scores::{record_fixture_week, text, two_students};

async fn named_students_get_the_points_and_parents_get_nothing(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let c1 = record_fixture_week(&app).await;
    let named = two_students(&app, c1).await;
    let teacher = app.signed_in("t101").await;
    let (status, conduct) = get_json(&app, &teacher, &format!("/api/classes/{c1}/conduct")).await;
    assert_eq!(status, 200);
    let students = conduct["students"].as_array().unwrap();
    assert!(students.len() > 30, "the whole class is listed");
    for s in students {
        let id: uuid::Uuid = serde_json::from_value(s["student_id"].clone()).unwrap();
        let expected = if named.contains(&id) { 1.0 } else { 0.0 };
        assert_eq!(s["total"], expected, "{}", s["name"]);
    }
    let first = students.iter().find(|s| s["total"] == 1.0).unwrap();
    assert_eq!(first["entries"][0]["item"], "好人好事");

    let deyu = app.signed_in("deyu").await;
    assert_eq!(
        get_json(&app, &deyu, &format!("/api/classes/{c1}/conduct"))
            .await
            .0,
        200
    );
    for username in ["jiawei101", "t102"] {
        let client = app.signed_in(username).await;
        let (status, body) = get_json(&app, &client, &format!("/api/classes/{c1}/conduct")).await;
        assert_eq!(status, 403, "{username}");
        assert!(!body.to_string().contains("好人好事"));
        let export = format!("/api/export/conduct.xlsx?class_id={c1}");
        assert_eq!(get_json(&app, &client, &export).await.0, 403, "{username}");
    }
    let parent = app.signed_in("jiawei101").await;
    assert_eq!(
        get_json(&app, &parent, "/api/export/conduct.xlsx").await.0,
        403
    );
    assert_eq!(
        get_json(&app, &deyu, "/api/export/conduct.xlsx?class_id=x")
            .await
            .0,
        422
    );
    let anonymous = crate::harness::client();
    assert_eq!(
        get_json(&app, &anonymous, &format!("/api/classes/{c1}/conduct"))
            .await
            .0,
        401
    );
}
both_databases!(
    conduct_points,
    named_students_get_the_points_and_parents_get_nothing
);

async fn the_conduct_export_has_a_sheet_per_class(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let c1 = record_fixture_week(&app).await;
    let deyu = app.signed_in("deyu").await;
    let conduct: Value = get_json(&app, &deyu, &format!("/api/classes/{c1}/conduct"))
        .await
        .1;
    let named = conduct["students"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["total"] == 1.0)
        .unwrap()["student_no"]
        .as_str()
        .unwrap()
        .to_string();
    let res = deyu
        .get(app.url("/api/export/conduct.xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let sheets = server::import::read_sheets("conduct.xlsx", &res.bytes().await.unwrap()).unwrap();
    assert_eq!(sheets.len(), 12, "one sheet per class of the school");
    let sheet = sheets
        .iter()
        .find(|s| s.name == "初一(1)班")
        .expect("a sheet named after the class");
    assert!(text(sheet.rows[0].first()).starts_with("初一(1)班 操行分"));
    let headings: Vec<String> = sheet.rows[2].iter().map(|c| text(Some(c))).collect();
    assert_eq!(headings, ["学号", "姓名", "加分", "扣分", "合计", "记录数"]);
    let row = sheet
        .rows
        .iter()
        .find(|r| text(r.first()) == named)
        .unwrap();
    let values: Vec<String> = row[2..6].iter().map(|c| text(Some(c))).collect();
    assert_eq!(values, ["1", "0", "1", "1"]);
}
both_databases!(conduct_export, the_conduct_export_has_a_sheet_per_class);
