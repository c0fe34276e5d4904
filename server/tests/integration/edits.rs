//! Editing students, grades and classes: who may, and what bad input gets.
use serde_json::Value;

use crate::both_databases;
use crate::harness::{TestApp, count};

async fn student_id(app: &TestApp, name: &str) -> String {
    let sql = "SELECT id FROM student WHERE name = $1";
    let row: (uuid::Uuid,) = match &app.db {
        server::db::Db::Sqlite(p) => sqlx::query_as(sql).bind(name).fetch_one(p).await,
        server::db::Db::Postgres(p) => sqlx::query_as(sql).bind(name).fetch_one(p).await,
    }
    .unwrap();
    row.0.to_string()
}

/// The form a browser's `save_student` call sends.
fn student_form(id: &str, class: &str, phone: &str) -> Vec<(String, String)> {
    [
        ("id", id),
        ("class_id", class),
        ("name", "叶思桐"),
        ("sex", "female"),
        ("birth_date", "2014-02-22"),
        ("flags][left_behind", "false"),
        ("flags][boarder", "true"),
        ("flags][hardship", "true"),
        ("flags][special_needs", "false"),
        ("guardian][name", "谭梦彤"),
        ("guardian][relation", "母亲"),
        ("guardian][phone", phone),
    ]
    .into_iter()
    .map(|(k, v)| (format!("student[{k}]"), v.to_string()))
    .collect()
}

async fn save(app: &TestApp, client: &reqwest::Client, form: &[(String, String)]) -> u16 {
    client
        .post(app.url("/api/fn/save_student"))
        .form(form)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn teachers_edit_their_own_students_and_only_admins_move_them(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let id = student_id(&app, "叶思桐").await;
    let own = app.class_id("初一(1)班").await.to_string();
    let other = app.class_id("初一(2)班").await.to_string();
    let t101 = app.signed_in("t101").await;
    assert_eq!(
        save(&app, &t101, &student_form(&id, &own, "13911112222")).await,
        200
    );
    let roster: Value = t101
        .get(app.url(&format!("/api/classes/{own}/students")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let student = roster["students"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "叶思桐")
        .unwrap();
    assert_eq!(student["flags"]["hardship"], true);
    assert_eq!(student["guardians"][0]["phone"], "13911112222");
    assert_eq!(roster["editable"], true);

    assert_eq!(
        save(&app, &t101, &student_form(&id, &own, "not a phone")).await,
        422
    );
    assert_eq!(
        save(&app, &t101, &student_form(&id, &other, "13911112222")).await,
        403,
        "teachers cannot move"
    );
    assert_eq!(
        save(
            &app,
            &app.signed_in("t102").await,
            &student_form(&id, &own, "1")
        )
        .await,
        403
    );
    assert_eq!(
        save(
            &app,
            &app.signed_in("deyu").await,
            &student_form(&id, &own, "13911112222")
        )
        .await,
        403
    );
    assert_eq!(
        save(
            &app,
            &app.signed_in("jiawei101").await,
            &student_form(&id, &own, "13911112222")
        )
        .await,
        403
    );

    let admin = app.signed_in("admin").await;
    assert_eq!(
        save(&app, &admin, &student_form(&id, &other, "13911112222")).await,
        200
    );
    let in_other = count(&app.db, "SELECT COUNT(*) FROM student s JOIN school_class c ON c.id = s.class_id WHERE c.name = '初一(2)班'").await;
    assert_eq!(in_other, 44, "43 + the moved student");
}
both_databases!(
    student_edits,
    teachers_edit_their_own_students_and_only_admins_move_them
);

async fn admins_add_grades_and_classes_with_unique_names(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let admin = app.signed_in("admin").await;
    let grade = [("grade[name]", "初四")];
    assert_eq!(
        admin
            .post(app.url("/api/fn/save_grade"))
            .form(&grade)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let res = admin
        .post(app.url("/api/fn/save_grade"))
        .form(&grade)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["fields"][0]["code"], "taken");
    let teacher = app.signed_in("t101").await;
    assert_eq!(
        teacher
            .post(app.url("/api/fn/save_grade"))
            .form(&[("grade[name]", "初五")])
            .send()
            .await
            .unwrap()
            .status(),
        403
    );

    let me: Value = app.me(&admin).await;
    let grade_id = me["scopes"]["grade_ids"][0].as_str().unwrap().to_string();
    let class = [
        ("class[grade_id]", grade_id.as_str()),
        ("class[name]", "初一（５）班"),
    ];
    assert_eq!(
        admin
            .post(app.url("/api/fn/save_class"))
            .form(&class)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        admin
            .post(app.url("/api/fn/save_class"))
            .form(&class)
            .send()
            .await
            .unwrap()
            .status(),
        422
    );
    assert_eq!(
        count(
            &app.db,
            "SELECT COUNT(*) FROM school_class WHERE name = '初一(5)班'"
        )
        .await,
        1
    );
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM grade").await, 4);
}
both_databases!(
    grade_and_class_edits,
    admins_add_grades_and_classes_with_unique_names
);

/// The student's stored photo consent.
async fn consent_of(app: &TestApp, id: &str) -> String {
    let sql = "SELECT photo_consent FROM student WHERE id = $1";
    let id: uuid::Uuid = id.parse().unwrap();
    let row: (String,) = match &app.db {
        server::db::Db::Sqlite(p) => sqlx::query_as(sql).bind(id).fetch_one(p).await,
        server::db::Db::Postgres(p) => sqlx::query_as(sql).bind(id).fetch_one(p).await,
    }
    .unwrap();
    row.0
}

async fn a_guardians_photo_consent_is_kept_and_defaults_to_inside_the_school(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let id = student_id(&app, "叶思桐").await;
    let own = app.class_id("初一(1)班").await.to_string();
    let t101 = app.signed_in("t101").await;
    assert_eq!(consent_of(&app, &id).await, "school_only");
    let with = |choice: &str| {
        let mut form = student_form(&id, &own, "13911112222");
        form.push(("student[photo_consent]".into(), choice.into()));
        form
    };
    assert_eq!(save(&app, &t101, &with("allowed")).await, 200);
    assert_eq!(consent_of(&app, &id).await, "allowed");
    let detail = crate::harness::call(&app, &t101, "get_student", &[("id", id.as_str())]).await;
    assert_eq!(
        detail.1["student"]["photo_consent"], "allowed",
        "{detail:?}"
    );
    // A page from before the choice existed sends none, and the choice stays.
    let older = student_form(&id, &own, "13911112222");
    assert_eq!(save(&app, &t101, &older).await, 200);
    assert_eq!(consent_of(&app, &id).await, "allowed");
    assert_eq!(save(&app, &t101, &with("not_allowed")).await, 200);
    assert_eq!(consent_of(&app, &id).await, "not_allowed");
    assert_eq!(save(&app, &t101, &with("maybe")).await, 400);
    assert_eq!(
        consent_of(&app, &id).await,
        "not_allowed",
        "a bad value changes nothing"
    );
    // The class's phones learn the choice with the student's row.
    let phone = crate::sync_support::Phone::of(&app, "t101").await;
    let pulled = phone.pull_current(&app).await;
    let row = pulled
        .iter()
        .find(|c| c["table"] == "student" && c["id"] == id.as_str())
        .unwrap();
    assert_eq!(row["fields"]["photo_consent"], "not_allowed", "{row}");
}

both_databases!(
    a_guardians_photo_consent_is_kept,
    a_guardians_photo_consent_is_kept_and_defaults_to_inside_the_school
);
