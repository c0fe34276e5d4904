//! Staff's list of activities (全校活动) on both databases: the month's live activities of the
//! classes the user reads, newest first, filtered by kind, theme, grade and class, alone and
//! together; a teacher sees their own class; the parent committee is refused.
use chrono::{Days, NaiveDate};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::both_databases;
use crate::harness::{TestApp, call};
use crate::sync_support::Phone;

/// Records an activity of `class` as its teacher and gives its id.
async fn record(app: &TestApp, teacher: &str, class: Uuid, activity: Value) -> Uuid {
    let id = Uuid::now_v7();
    let mut phone = Phone::of(app, teacher).await;
    let fields = json!({"class_id": class, "activity": activity});
    let m = phone.mutation_on("activity", "create", id, fields);
    assert_eq!(phone.push_one(app, m).await.0, "applied", "{teacher}");
    id
}

/// A server function's form fields.
type Form<'a> = Vec<(&'a str, String)>;

/// The ids `user` gets for `filter`.
async fn listed(app: &TestApp, client: &reqwest::Client, filter: &[(&str, String)]) -> Vec<Uuid> {
    let (status, list) = call(app, client, "get_activity_list", filter).await;
    assert_eq!(status, 200, "{filter:?}: {list}");
    list["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| serde_json::from_value(a["id"].clone()).unwrap())
        .collect()
}

async fn staff_filter_the_months_activities(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let staff = app.signed_in("deyu").await;
    let (_, themes) = call(&app, &staff, "get_themes", &[("", ""); 0]).await;
    let (theme_id, theme) = themes["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t[0].clone(), t[1].clone()))
        .find(|(_, t)| t["theme"].as_str().unwrap().starts_with("安全教育月"))
        .unwrap();
    let month: NaiveDate = serde_json::from_value(theme["month"].clone()).unwrap();
    let day = |n: u64| month + Days::new(n);
    let one_one = app.class_id("初一(1)班").await;
    let one_two = app.class_id("初一(2)班").await;
    let two_one = app.class_id("初二(1)班").await;
    let activity = |title: &str, kind: &str, date: NaiveDate| json!({"title": title, "kind": kind, "date": date, "participants": {"type": "whole_class"}});
    let mut fire = activity("消防安全课", "safety", day(9));
    fire["safety"] = json!("fire");
    fire["theme_id"] = theme_id.clone();
    let fire = record(&app, "t101", one_one, fire).await;
    let meeting = record(
        &app,
        "t101",
        one_one,
        activity("班会", "themed_meeting", day(12)),
    )
    .await;
    let volunteering = record(
        &app,
        "t102",
        one_two,
        activity("志愿服务", "volunteering", day(14)),
    )
    .await;
    let other_grade = record(
        &app,
        "t201",
        two_one,
        activity("班会", "themed_meeting", day(15)),
    )
    .await;
    let withdrawn = record(
        &app,
        "t201",
        two_one,
        activity("撤回", "themed_meeting", day(16)),
    )
    .await;
    let mut phone = Phone::of(&app, "t201").await;
    let m = phone.mutation_on("activity", "patch", withdrawn, json!({"withdrawn": true}));
    assert_eq!(phone.push_one(&app, m).await.0, "applied");

    let grade_one = {
        let (_, list) = call(
            &app,
            &staff,
            "get_activity_list",
            &[("month", month.to_string())],
        )
        .await;
        let grades = list["grades"].as_array().unwrap().clone();
        assert_eq!(grades.len(), 3);
        assert_eq!(list["themes"], json!([[theme_id, theme["theme"]]]));
        let line = list["activities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == json!(fire))
            .unwrap()
            .clone();
        assert_eq!(
            (
                &line["class_label"],
                &line["safety"],
                &line["theme"],
                &line["photos"],
                &line["shared"]
            ),
            (
                &json!("初一(1)班"),
                &json!("fire"),
                &theme["theme"],
                &json!(0),
                &json!(false)
            )
        );
        grades[0]["id"].as_str().unwrap().to_string()
    };
    let everything = listed(&app, &staff, &[]).await;
    assert!(everything.len() <= 4, "no filter: this month's only");
    let m = ("month", month.to_string());
    let cases: [(Form, Vec<Uuid>); 7] = [
        (
            vec![m.clone()],
            vec![other_grade, volunteering, meeting, fire],
        ),
        (
            vec![m.clone(), ("kind", "themed_meeting".into())],
            vec![other_grade, meeting],
        ),
        (
            vec![m.clone(), ("theme_id", theme_id.as_str().unwrap().into())],
            vec![fire],
        ),
        (
            vec![m.clone(), ("grade_id", grade_one.clone())],
            vec![volunteering, meeting, fire],
        ),
        (
            vec![m.clone(), ("class_id", one_two.to_string())],
            vec![volunteering],
        ),
        (
            vec![
                m.clone(),
                ("grade_id", grade_one.clone()),
                ("kind", "themed_meeting".into()),
            ],
            vec![meeting],
        ),
        (vec![("month", day(40).to_string())], vec![]),
    ];
    for (filter, expected) in cases {
        assert_eq!(listed(&app, &staff, &filter).await, expected, "{filter:?}");
    }

    // A teacher reads their own class; the parent committee follows the feed instead.
    let teacher = app.signed_in("t101").await;
    assert_eq!(
        listed(&app, &teacher, std::slice::from_ref(&m)).await,
        vec![meeting, fire]
    );
    let parent = app.signed_in("jiawei101").await;
    let form = [("month", month.to_string())];
    assert_eq!(call(&app, &parent, "get_activity_list", &form).await.0, 403);
    let visitor = crate::harness::client();
    assert_eq!(
        call(&app, &visitor, "get_activity_list", &form).await.0,
        401
    );
    let bad = [("kind", "cooking".to_string())];
    assert_eq!(call(&app, &staff, "get_activity_list", &bad).await.0, 400);
}
both_databases!(activity_list, staff_filter_the_months_activities);
