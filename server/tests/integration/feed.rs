//! The parent committee's feed on both databases: a member sees the shared, live activities of
//! their class, newest first and a page at a time, with no student's name or id anywhere;
//! acknowledges one with a note; and is refused everything else.
use serde_json::{Value, json};
use uuid::Uuid;

use crate::both_databases;
use crate::harness::{TestApp, call, count};
use crate::sync_support::Phone;

/// Pushes one `activity` mutation and expects it applied.
async fn record(app: &TestApp, user: &str, op: &str, id: Uuid, fields: Value) {
    let mut phone = Phone::of(app, user).await;
    let m = phone.mutation_on("activity", op, id, fields);
    assert_eq!(phone.push_one(app, m).await.0, "applied", "{user} {op}");
}

/// A meeting of `class` today, shared or not, with `more` fields.
fn meeting(class: Uuid, title: &str, shared: bool, more: Value) -> Value {
    let mut activity = json!({
        "title": title, "kind": "themed_meeting", "date": server::school::today_in("Asia/Shanghai"),
        "participants": {"type": "whole_class"}, "shared": shared
    });
    if let (Some(fields), Some(more)) = (activity.as_object_mut(), more.as_object()) {
        fields.extend(more.clone());
    }
    json!({"class_id": class, "activity": activity})
}

/// The students of a class (id and name), from its teacher's pull.
async fn students(app: &TestApp, teacher: &str, class: Uuid) -> Vec<(Value, String)> {
    let changes = Phone::of(app, teacher).await.pull_current(app).await;
    changes
        .iter()
        .filter(|c| c["table"] == "student" && c["fields"]["class_id"] == json!(class))
        .map(|c| {
            (
                c["id"].clone(),
                c["fields"]["name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

async fn a_member_reads_the_shared_activities_of_their_class_without_names(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let other = app.class_id("初一(2)班").await;
    let s = students(&app, "t101", class).await;
    let named = json!({"participants": {"type": "named", "value": [s[0].0, s[1].0]},
                       "summary": "同学们分享了感恩故事"});
    let shared = Uuid::now_v7();
    record(
        &app,
        "t101",
        "create",
        shared,
        meeting(class, "感恩主题班会", true, named),
    )
    .await;
    let private = Uuid::now_v7();
    record(
        &app,
        "t101",
        "create",
        private,
        meeting(class, "班委会议", false, json!({})),
    )
    .await;
    let withdrawn = Uuid::now_v7();
    record(
        &app,
        "t101",
        "create",
        withdrawn,
        meeting(class, "撤回的活动", true, json!({})),
    )
    .await;
    record(&app, "t101", "patch", withdrawn, json!({"withdrawn": true})).await;
    let elsewhere = Uuid::now_v7();
    record(
        &app,
        "t102",
        "create",
        elsewhere,
        meeting(other, "二班的活动", true, json!({})),
    )
    .await;

    let parent = app.signed_in("jiawei101").await;
    let (status, page) = call(&app, &parent, "get_activity_feed", &[("", ""); 0]).await;
    assert_eq!(status, 200, "{page}");
    let ids: Vec<&Value> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["id"])
        .collect();
    assert_eq!(
        ids,
        [&json!(shared)],
        "only the class's shared, live activity"
    );
    let item = &page["items"][0];
    assert_eq!(item["took_part"], json!({"Count": 2}));
    assert_eq!(item["class_label"], "初一(1)班");
    assert_eq!(item["my_ack"], Value::Null);
    assert_eq!(page["next"], Value::Null);
    let text = page.to_string();
    for (id, name) in &s {
        let id = id.as_str().unwrap();
        assert!(
            !text.contains(id) && !text.contains(name.as_str()),
            "{name} leaks: {text}"
        );
    }

    let visitor = crate::harness::client();
    let (status, _) = call(&app, &visitor, "get_activity_feed", &[("", ""); 0]).await;
    assert_eq!(status, 401);

    // Staff over the school see every class's shared activities.
    let staff = app.signed_in("deyu").await;
    let (_, page) = call(&app, &staff, "get_activity_feed", &[("", ""); 0]).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
}
both_databases!(
    feed_of_a_member,
    a_member_reads_the_shared_activities_of_their_class_without_names
);

async fn the_feed_comes_a_page_at_a_time_newest_first(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let today = server::school::today_in("Asia/Shanghai");
    let term_start = server::seed::current_term(today).start_date;
    let mut teacher = Phone::of(&app, "t101").await;
    let mut made = Vec::new();
    for n in 0..23u64 {
        // One a day back from today, and the last two on the same day.
        let back = n.min(21);
        let day = today - chrono::Days::new(back);
        if day < term_start {
            break;
        }
        let id = Uuid::now_v7();
        let fields = meeting(class, &format!("活动{n}"), true, json!({"date": day}));
        let m = teacher.mutation_on("activity", "create", id, fields);
        assert_eq!(teacher.push_one(&app, m).await.0, "applied");
        made.push((day, id));
    }
    made.sort_by(|a, b| b.cmp(a));
    let parent = app.signed_in("jiawei101").await;
    let mut seen = Vec::new();
    let mut form: Vec<(&str, String)> = Vec::new();
    for _ in 0..3 {
        let (status, page) = call(&app, &parent, "get_activity_feed", &form).await;
        assert_eq!(status, 200, "{page}");
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 20);
        seen.extend(
            items
                .iter()
                .map(|i| serde_json::from_value::<Uuid>(i["id"].clone()).unwrap()),
        );
        if page["next"].is_null() {
            break;
        }
        let next = &page["next"];
        form = vec![
            ("before_date", next["date"].as_str().unwrap().to_string()),
            ("before_id", next["id"].as_str().unwrap().to_string()),
        ];
    }
    let expected: Vec<Uuid> = made.iter().map(|(_, id)| *id).collect();
    assert_eq!(
        seen, expected,
        "each once, newest day first, later ids first within a day"
    );
}
both_databases!(feed_pages, the_feed_comes_a_page_at_a_time_newest_first);

async fn only_a_member_acknowledges_and_the_note_stays_with_them(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let other = app.class_id("初一(2)班").await;
    let shared = Uuid::now_v7();
    record(
        &app,
        "t101",
        "create",
        shared,
        meeting(class, "感恩主题班会", true, json!({})),
    )
    .await;
    let private = Uuid::now_v7();
    record(
        &app,
        "t101",
        "create",
        private,
        meeting(class, "班委会议", false, json!({})),
    )
    .await;
    let elsewhere = Uuid::now_v7();
    record(
        &app,
        "t102",
        "create",
        elsewhere,
        meeting(other, "二班的活动", true, json!({})),
    )
    .await;

    let parent = app.signed_in("jiawei101").await;
    let ack = |id: Uuid, note: String| vec![("activity_id", id.to_string()), ("note", note)];
    let refusals = [
        (ack(shared, "长".repeat(201)), 422),
        (ack(private, String::new()), 404),
        (ack(elsewhere, String::new()), 404),
        (ack(Uuid::now_v7(), String::new()), 404),
    ];
    for (form, status) in refusals {
        assert_eq!(
            call(&app, &parent, "acknowledge_activity", &form).await.0,
            status,
            "{form:?}"
        );
    }
    for user in ["t101", "deyu"] {
        let client = app.signed_in(user).await;
        let (status, _) = call(
            &app,
            &client,
            "acknowledge_activity",
            &ack(shared, String::new()),
        )
        .await;
        assert_eq!(status, 403, "{user} may see it but not acknowledge it");
    }
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM activity_ack").await, 0);

    let (status, _) = call(
        &app,
        &parent,
        "acknowledge_activity",
        &ack(shared, " 孩子很喜欢 ".into()),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = call(
        &app,
        &parent,
        "acknowledge_activity",
        &ack(shared, "谢谢老师".into()),
    )
    .await;
    assert_eq!(status, 200, "again: the note is replaced");
    let (_, page) = call(&app, &parent, "get_activity_feed", &[("", ""); 0]).await;
    assert_eq!(page["items"][0]["my_ack"], "谢谢老师");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM activity_ack").await, 1);

    // The class's teachers and the staff over it see who read it, with the note.
    for user in ["t101", "deyu"] {
        let client = app.signed_in(user).await;
        let form = [("activity_id", shared.to_string())];
        let (status, acks) = call(&app, &client, "get_acknowledgements", &form).await;
        assert_eq!(status, 200, "{user}: {acks}");
        assert_eq!(acks.as_array().unwrap().len(), 1);
        assert_eq!(acks[0]["by"], "郑丽华");
        assert_eq!(acks[0]["note"], "谢谢老师");
    }
    let (status, _) = call(
        &app,
        &parent,
        "get_acknowledgements",
        &[("activity_id", shared.to_string())],
    )
    .await;
    assert_eq!(status, 403, "the notes are for the teachers");
    let other_teacher = app.signed_in("t102").await;
    let (status, _) = call(
        &app,
        &other_teacher,
        "get_acknowledgements",
        &[("activity_id", shared.to_string())],
    )
    .await;
    assert_eq!(status, 404);

    // Another reader of the feed never gets a member's note.
    let staff = app.signed_in("deyu").await;
    let (_, page) = call(&app, &staff, "get_activity_feed", &[("", ""); 0]).await;
    assert!(!page.to_string().contains("谢谢老师"), "{page}");
}
both_databases!(
    feed_acknowledgements,
    only_a_member_acknowledges_and_the_note_stays_with_them
);
