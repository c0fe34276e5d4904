//! The class duty roster: the teacher sets a team per weekday from the phone, changes it
//! with history kept, every phone of the class pulls it, and bad or foreign days are refused.
use serde_json::{Value, json};
use uuid::Uuid;

use crate::both_databases;
use crate::harness::{TestApp, count};
use crate::sync_support::Phone;

/// Pushes one `duty_roster` mutation: `applied`, or the refusal's code.
async fn push(app: &TestApp, phone: &mut Phone, op: &str, id: Uuid, fields: Value) -> String {
    let m = phone.mutation_on("duty_roster", op, id, fields);
    let (status, reason) = phone.push_one(app, m).await;
    if status == "applied" { status } else { reason }
}

/// The ids of a class's students, from a teacher's pull.
async fn students_of(app: &TestApp, phone: &Phone, class: Uuid) -> Vec<Value> {
    let changes = phone.pull_current(app).await;
    changes
        .iter()
        .filter(|c| c["table"] == "student" && c["fields"]["class_id"] == json!(class))
        .map(|c| c["id"].clone())
        .collect()
}

async fn a_teacher_sets_and_changes_the_duty_team_of_a_weekday(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let mut teacher = Phone::of(&app, "t101").await;
    let s = students_of(&app, &teacher, class).await;
    let monday = Uuid::now_v7();
    let team =
        json!({"class_id": class, "weekday": 1, "student_ids": [s[0], s[1]], "task": "扫地、拖地"});
    assert_eq!(
        push(&app, &mut teacher, "create", monday, team).await,
        "applied"
    );
    let change = json!({"student_ids": [s[2]]});
    assert_eq!(
        push(&app, &mut teacher, "patch", monday, change).await,
        "applied"
    );

    // Staff of the school pull the day; the parent committee gets no class rows.
    let staff = Phone::of(&app, "deyu").await;
    let changes = staff.pull_current(&app).await;
    let day = changes
        .iter()
        .find(|c| c["table"] == "duty_roster" && c["id"] == json!(monday))
        .unwrap();
    assert_eq!(day["fields"]["student_ids"], json!([s[2]]));
    assert_eq!(day["fields"]["task"], "扫地、拖地");
    assert_eq!(day["fields"]["weekday"], 1);
    let parent = Phone::of(&app, "jiawei101").await;
    let theirs = parent.pull_current(&app).await;
    assert!(theirs.iter().all(|c| c["table"] != "duty_roster"));

    let history = "SELECT COUNT(*) FROM field_history WHERE table_name = 'duty_roster' AND field = 'student_ids'";
    assert_eq!(count(&app.db, history).await, 1, "the old team is kept");
}
both_databases!(
    duty_roster_set_and_changed,
    a_teacher_sets_and_changes_the_duty_team_of_a_weekday
);

async fn bad_and_foreign_duty_days_are_refused(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let other = app.class_id("初一(2)班").await;
    let mut teacher = Phone::of(&app, "t101").await;
    let s = students_of(&app, &teacher, class).await;
    let stranger = students_of(&app, &Phone::of(&app, "deyu").await, other).await[0].clone();
    let day = |weekday: i64, students: Vec<&Value>| json!({"class_id": class, "weekday": weekday, "student_ids": students});
    let tuesday = Uuid::now_v7();
    assert_eq!(
        push(&app, &mut teacher, "create", tuesday, day(2, vec![&s[0]])).await,
        "applied"
    );
    let thirteen: Vec<&Value> = s.iter().take(13).collect();
    assert_eq!(
        thirteen.len(),
        13,
        "the demo class has at least 13 students"
    );
    let cases = [
        (day(0, vec![&s[0]]), "bad_weekday"),
        (day(8, vec![&s[0]]), "bad_weekday"),
        (day(2, vec![&s[1]]), "weekday_taken"),
        (day(3, thirteen), "too_many_on_duty"),
        (day(3, vec![&s[0], &s[0]]), "duplicate_student"),
        (day(3, vec![&stranger]), "student_not_in_class"),
        (
            json!({"class_id": class, "weekday": 3, "student_ids": [], "colour": "red"}),
            "bad_fields",
        ),
    ];
    for (fields, code) in cases {
        assert_eq!(
            push(&app, &mut teacher, "create", Uuid::now_v7(), fields.clone()).await,
            code,
            "{fields}"
        );
    }
    let elsewhere = json!({"class_id": other, "weekday": 3, "student_ids": []});
    assert_eq!(
        push(&app, &mut teacher, "create", Uuid::now_v7(), elsewhere).await,
        "not_in_scope"
    );
    let mut parent = Phone::of(&app, "jiawei101").await;
    assert_eq!(
        push(&app, &mut parent, "create", Uuid::now_v7(), day(4, vec![])).await,
        "not_in_scope"
    );
    assert_eq!(
        push(
            &app,
            &mut teacher,
            "patch",
            Uuid::now_v7(),
            json!({"task": "擦窗"})
        )
        .await,
        "not_found"
    );
    assert_eq!(
        push(&app, &mut teacher, "delete", tuesday, json!({})).await,
        "bad_fields"
    );
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM duty_roster").await, 1);
}
both_databases!(duty_roster_refusals, bad_and_foreign_duty_days_are_refused);
