//! Protocol v1: nothing lost, nothing duplicated; conflicts, tombstones and scopes.
use std::collections::HashSet;

use serde_json::{Value, json};
use uuid::Uuid;

use crate::both_databases;
use crate::harness::{TestApp, count};
use crate::sync_support::{Phone, item_id, litter};

async fn statuses(res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn result_statuses(body: &Value) -> Vec<String> {
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap().to_string())
        .collect()
}

async fn push_is_idempotent_for_a_replayed_batch(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let item = item_id(&app, "教室地面有纸屑杂物").await;
    let mut phone = Phone::of(&app, "t101").await;
    let batch: Vec<Value> = (0..3)
        .map(|_| phone.create(Uuid::now_v7(), litter(class, item)))
        .collect();
    let (status, body) = statuses(phone.push(&app, &batch).await).await;
    assert_eq!(status, 200);
    assert_eq!(result_statuses(&body), ["applied"; 3]);
    assert_eq!(body["last_mutation_seq"], 3);
    let (status, body) = statuses(phone.push(&app, &batch).await).await;
    assert_eq!(status, 200);
    assert_eq!(result_statuses(&body), ["duplicate"; 3]);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM check_entry").await, 3);
}
both_databases!(push_is_idempotent, push_is_idempotent_for_a_replayed_batch);

async fn a_gap_is_refused_and_applies_nothing(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let item = item_id(&app, "教室地面有纸屑杂物").await;
    let mut phone = Phone::of(&app, "t101").await;
    let first = phone.create(Uuid::now_v7(), litter(class, item));
    assert_eq!(phone.push(&app, &[first]).await.status(), 200);
    phone.next_seq += 1;
    let after_gap = vec![
        phone.create(Uuid::now_v7(), litter(class, item)),
        phone.create(Uuid::now_v7(), litter(class, item)),
    ];
    let (status, body) = statuses(phone.push(&app, &after_gap).await).await;
    assert_eq!(status, 409);
    assert_eq!(body["last_mutation_seq"], 1);
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) FROM check_entry").await,
        1,
        "nothing of the batch applied"
    );
}
both_databases!(a_gap_is_refused, a_gap_is_refused_and_applies_nothing);

async fn a_rejected_mutation_is_kept_and_consumes_its_seq(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let other_class = app.class_id("初一(2)班").await;
    let item = item_id(&app, "教室地面有纸屑杂物").await;
    let duty_item = item_id(&app, "包干区不洁").await;
    let late = item_id(&app, "早读迟到").await;
    let mut phone = Phone::of(&app, "t101").await;
    let mut too_much = litter(class, item);
    too_much["points"] = json!(-9);
    let mut stranger = litter(class, late);
    stranger["student_ids"] = json!([Uuid::now_v7()]);
    let mut named = litter(class, item);
    named["student_ids"] = json!([Uuid::now_v7()]);
    let batch = vec![
        phone.create(Uuid::now_v7(), too_much),
        phone.create(Uuid::now_v7(), litter(other_class, item)),
        phone.create(Uuid::now_v7(), litter(class, duty_item)),
        phone.create(Uuid::now_v7(), json!({"class_id": class, "bogus": 1})),
        phone.create(Uuid::now_v7(), stranger),
        phone.create(Uuid::now_v7(), named),
        phone.create(Uuid::now_v7(), litter(class, item)),
    ];
    let (status, body) = statuses(phone.push(&app, &batch).await).await;
    assert_eq!(status, 200);
    assert_eq!(result_statuses(&body)[6], "applied");
    let reasons: Vec<&str> = body["results"].as_array().unwrap()[..6]
        .iter()
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        reasons,
        [
            "points_out_of_range",
            "not_in_scope",
            "role_not_allowed",
            "bad_fields",
            "student_not_in_class",
            "class_item_names_no_students"
        ]
    );
    assert_eq!(body["last_mutation_seq"], 7);
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) FROM sync_rejection").await,
        6
    );
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM check_entry").await, 1);
}
both_databases!(
    rejections_consume_their_seq,
    a_rejected_mutation_is_kept_and_consumes_its_seq
);

async fn bad_requests_are_refused_with_clear_statuses(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let item = item_id(&app, "教室地面有纸屑杂物").await;
    let anonymous = crate::harness::client();
    let push = json!({"client_id": Uuid::now_v7(), "mutations": []});
    let pull = json!({"client_id": Uuid::now_v7(), "cursors": {}});
    assert_eq!(
        anonymous
            .post(app.url("/api/sync/v1/push"))
            .json(&push)
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        anonymous
            .post(app.url("/api/sync/v1/pull"))
            .json(&pull)
            .send()
            .await
            .unwrap()
            .status(),
        401
    );

    let mut phone = Phone::of(&app, "t101").await;
    let raw = |text: &'static str| {
        phone
            .http
            .post(app.url("/api/sync/v1/push"))
            .header("content-type", "application/json")
            .body(text)
            .send()
    };
    assert_eq!(raw("{not json").await.unwrap().status(), 400);
    let mut unknown_table = phone.create(Uuid::now_v7(), litter(class, item));
    unknown_table["table"] = json!("student");
    assert_eq!(phone.push(&app, &[unknown_table]).await.status(), 400);
    let too_many: Vec<Value> = (0..501)
        .map(|_| phone.create(Uuid::now_v7(), litter(class, item)))
        .collect();
    assert_eq!(phone.push(&app, &too_many).await.status(), 413);
    let mut huge = litter(class, item);
    huge["note"] = json!("很".repeat(400_000));
    assert_eq!(
        phone.push(&app, &[phone_mutation(huge)]).await.status(),
        413
    );
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM check_entry").await, 0);

    assert_eq!(
        phone.push(&app, &[]).await.status(),
        200,
        "an empty push binds the client"
    );
    let intruder = Phone {
        client_id: phone.client_id,
        ..Phone::of(&app, "t102").await
    };
    assert_eq!(
        intruder.push(&app, &[]).await.status(),
        403,
        "a client id is bound to its first user"
    );
    let res = intruder
        .http
        .post(app.url("/api/sync/v1/pull"))
        .json(&json!({"client_id": phone.client_id}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}
both_databases!(
    bad_requests_are_refused,
    bad_requests_are_refused_with_clear_statuses
);

fn phone_mutation(fields: Value) -> Value {
    json!({"seq": 1, "op": "create", "table": "check_entry", "id": Uuid::now_v7(), "fields": fields,
           "client_recorded_at": "2026-11-25T08:00:00Z"})
}

async fn concurrent_edits_merge_per_field_and_a_delete_is_refused(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let item = item_id(&app, "教室地面有纸屑杂物").await;
    let mut teacher = Phone::of(&app, "t101").await;
    let mut duty = Phone::of(&app, "zhizhou").await;
    let id = Uuid::now_v7();
    let create = teacher.create(id, litter(class, item));
    assert_eq!(teacher.push(&app, &[create]).await.status(), 200);

    let by_teacher = teacher.mutation("patch", id, json!({"note": "已打扫"}));
    let by_duty = duty.mutation(
        "patch",
        id,
        json!({"voided": true, "void_reason": "重复记录", "note": "复查后作废"}),
    );
    teacher.push(&app, &[by_teacher]).await;
    let (_, body) = statuses(duty.push(&app, &[by_duty]).await).await;
    assert_eq!(result_statuses(&body), ["applied"]);
    let mut cursors = json!({});
    let changes = teacher.pull_all(&app, &mut cursors, 1000).await;
    let entry = changes.iter().rev().find(|c| c["id"] == json!(id)).unwrap();
    assert_eq!(
        (&entry["fields"]["voided"], &entry["fields"]["void_reason"]),
        (&json!(true), &json!("重复记录")),
        "a field only one side edited keeps that edit"
    );
    assert_eq!(
        entry["fields"]["note"], "复查后作废",
        "the same field takes the later arrival"
    );
    assert_eq!(
        count(
            &app.db,
            "SELECT COUNT(*) FROM field_history WHERE field = 'note'"
        )
        .await,
        2
    );

    // Entries are voided or corrected, never deleted; their values change by a correction.
    let delete = teacher.mutation("delete", id, json!({}));
    let points = teacher.mutation("patch", id, json!({"points": -2}));
    let late_note = teacher.mutation("patch", id, json!({"note": "晚到的说明"}));
    let (_, body) = statuses(teacher.push(&app, &[delete, points, late_note]).await).await;
    assert_eq!(
        body["results"],
        json!([{"seq": 3, "status": "rejected", "reason": "void_instead"},
               {"seq": 4, "status": "rejected", "reason": "correct_instead"},
               {"seq": 5, "status": "applied"}])
    );
    let changes = teacher.pull_all(&app, &mut cursors, 1000).await;
    let entry: Vec<_> = changes.iter().filter(|c| c["id"] == json!(id)).collect();
    assert_eq!(entry.len(), 1);
    assert_eq!(
        (
            &entry[0]["deleted"],
            &entry[0]["fields"]["points"],
            &entry[0]["fields"]["note"]
        ),
        (&json!(false), &json!(-1.0), &json!("晚到的说明"))
    );
}
both_databases!(
    conflicts_merge_and_delete_refused,
    concurrent_edits_merge_per_field_and_a_delete_is_refused
);

async fn a_parent_committee_member_writes_nothing(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let item = item_id(&app, "教室地面有纸屑杂物").await;
    let mut duty = Phone::of(&app, "zhizhou").await;
    let entry = Uuid::now_v7();
    let m = duty.create(entry, litter(class, item));
    assert_eq!(duty.push_one(&app, m).await.0, "applied");
    let mut teacher = Phone::of(&app, "t101").await;
    let appeal = Uuid::now_v7();
    let m = teacher.mutation_on(
        "check_appeal",
        "create",
        appeal,
        json!({"entry_id": entry, "reason": "不是我们班"}),
    );
    assert_eq!(teacher.push_one(&app, m).await.0, "applied");
    let tables = "SELECT (SELECT COUNT(*) FROM check_entry) + (SELECT COUNT(*) FROM check_appeal)
                  + (SELECT COUNT(*) FROM attendance) + (SELECT COUNT(*) FROM field_history)";
    let before = count(&app.db, tables).await;

    let mut parent = Phone::of(&app, "jiawei101").await;
    let student = crate::attendance::students(&app, class, 1).await[0];
    let today = server::school::today_in("Asia/Shanghai");
    let attempts = vec![
        parent.create(Uuid::now_v7(), litter(class, item)),
        parent.mutation(
            "patch",
            entry,
            json!({"voided": true, "void_reason": "家长认为不公平"}),
        ),
        parent.mutation("patch", entry, json!({"note": "家长留言"})),
        parent.mutation_on(
            "check_appeal",
            "create",
            Uuid::now_v7(),
            json!({"entry_id": entry, "reason": "申诉"}),
        ),
        parent.mutation_on(
            "check_appeal",
            "patch",
            appeal,
            json!({"status": "accepted"}),
        ),
        parent.mutation_on(
            "attendance",
            "create",
            Uuid::now_v7(),
            json!({"class_id": class, "student_id": student, "date": today, "kind": "late"}),
        ),
    ];
    let (status, body) = statuses(parent.push(&app, &attempts).await).await;
    assert_eq!(status, 200);
    let results = body["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    for r in results {
        assert_eq!(
            (&r["status"], &r["reason"]),
            (&json!("rejected"), &json!("not_in_scope")),
            "{r}"
        );
    }
    assert_eq!(count(&app.db, tables).await, before, "nothing changed");
}
both_databases!(
    parent_writes_nothing,
    a_parent_committee_member_writes_nothing
);

async fn each_role_pulls_only_its_scopes(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let a = app.class_id("初一(1)班").await;
    let b = app.class_id("初一(2)班").await;
    let item = item_id(&app, "教室地面有纸屑杂物").await;
    let mut t102 = Phone::of(&app, "t102").await;
    let in_b = t102.create(Uuid::now_v7(), litter(b, item));
    t102.push(&app, &[in_b]).await;

    let t101 = Phone::of(&app, "t101").await;
    let changes = t101.pull_all(&app, &mut json!({}), 1000).await;
    let scopes: HashSet<&str> = changes
        .iter()
        .map(|c| c["scope"].as_str().unwrap())
        .collect();
    assert!(scopes.contains(format!("class:{a}").as_str()));
    assert!(
        !scopes.contains(format!("class:{b}").as_str()),
        "a teacher of A never pulls B"
    );
    let tables = |t: &str| changes.iter().filter(|c| c["table"] == t).count();
    assert_eq!(
        (
            tables("school_class"),
            tables("student"),
            tables("check_item"),
            tables("check_entry")
        ),
        (12, 44, 23, 0)
    );
    let student = changes.iter().find(|c| c["table"] == "student").unwrap();
    assert!(
        student["fields"]["flags"].is_object(),
        "the homeroom teacher gets care flags"
    );

    let parent = Phone::of(&app, "jiawei101").await;
    let changes = parent.pull_all(&app, &mut json!({}), 1000).await;
    assert!(
        changes
            .iter()
            .all(|c| c["scope"].as_str().unwrap().starts_with("school:"))
    );
    assert!(
        changes
            .iter()
            .all(|c| c["table"] != "student" && c["table"] != "check_entry"),
        "no student-level rows"
    );

    let grade_leader = Phone::of(&app, "nianji1").await;
    let mut cursors = json!({format!("class:{}", app.class_id("初三(1)班").await): 5});
    let page = grade_leader.pull(&app, &cursors, 5000).await;
    assert_eq!(
        page["removed_scopes"],
        json!([format!("class:{}", app.class_id("初三(1)班").await)])
    );
    let entries = page["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["table"] == "check_entry")
        .count();
    assert_eq!(
        entries, 1,
        "the grade leader of 初一 pulls 初一(2)班's entry"
    );
    let student = page["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["table"] == "student")
        .unwrap();
    assert!(
        student["fields"]["flags"].is_null(),
        "staff without the sensitive grant get no flags"
    );
    cursors = json!({format!("class:{a}"): 999_999});
    let page = grade_leader.pull(&app, &cursors, 10).await;
    assert_eq!(page["reset_scopes"], json!([format!("class:{a}")]));
}
both_databases!(scope_rules, each_role_pulls_only_its_scopes);

async fn a_moved_student_leaves_the_old_class_on_every_phone(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let t101 = Phone::of(&app, "t101").await;
    let mut cursors = json!({});
    t101.pull_all(&app, &mut cursors, 1000).await;
    let sql = "SELECT id FROM student WHERE name = '叶思桐'";
    let id: (Uuid,) = match &app.db {
        server::db::Db::Sqlite(p) => sqlx::query_as(sql).fetch_one(p).await,
        server::db::Db::Postgres(p) => sqlx::query_as(sql).fetch_one(p).await,
    }
    .unwrap();
    let other = app.class_id("初一(2)班").await.to_string();
    let admin = app.signed_in("admin").await;
    let form = [
        ("student[id]", id.0.to_string()),
        ("student[class_id]", other),
        ("student[name]", "叶思桐".into()),
        ("student[sex]", "female".into()),
    ];
    let res = admin
        .post(app.url("/api/fn/save_student"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        400,
        "a malformed server-function call is the caller's error, not 500"
    );
    let flags = ["left_behind", "boarder", "hardship", "special_needs"]
        .map(|f| (format!("student[flags][{f}]"), "false".to_string()));
    let form: Vec<(String, String)> = form
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .chain(flags)
        .collect();
    assert_eq!(
        admin
            .post(app.url("/api/fn/save_student"))
            .form(&form)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let changes = t101.pull_all(&app, &mut cursors, 1000).await;
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (&changes[0]["id"], &changes[0]["deleted"]),
        (&json!(id.0), &json!(true))
    );
}
both_databases!(
    moved_student_tombstone,
    a_moved_student_leaves_the_old_class_on_every_phone
);

/// A batch takes its change numbers in memory, queues its new entries for one insert and
/// writes both at commit: across batches, with a correction, taken ids and a patch among the
/// creates, every number is taken once, the counter ends at the last, and a pull sees each
/// row's latest version.
async fn a_batch_numbers_its_changes_once_each(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let item = item_id(&app, "教室地面有纸屑杂物").await;
    let mut phone = Phone::of(&app, "t101").await;
    let ids: Vec<Uuid> = (0..4).map(|_| Uuid::now_v7()).collect();
    let first: Vec<Value> = ids[..3]
        .iter()
        .map(|&id| phone.create(id, litter(class, item)))
        .collect();
    let (status, body) = statuses(phone.push(&app, &first).await).await;
    assert_eq!(
        (status, result_statuses(&body)),
        (200, vec!["applied".to_string(); 3])
    );
    let mut correction = litter(class, item);
    correction["corrects"] = json!(ids[0]);
    correction["reason"] = json!("记错了");
    let second = vec![
        phone.create(ids[3], correction),
        phone.create(ids[1], litter(class, item)),
        phone.mutation("patch", ids[2], json!({ "note": "窗台" })),
        phone.create(ids[3], litter(class, item)),
    ];
    let (status, body) = statuses(phone.push(&app, &second).await).await;
    assert_eq!(status, 200);
    assert_eq!(
        result_statuses(&body),
        ["applied", "rejected", "applied", "rejected"]
    );
    assert_eq!(
        body["results"][1]["reason"], "exists",
        "taken before the batch"
    );
    assert_eq!(body["results"][3]["reason"], "exists", "taken in the batch");

    let (rows, counter): (Vec<(Uuid, i64)>, i64) = {
        let rows = "SELECT id, change_seq FROM check_entry WHERE class_id = $1";
        let counter =
            "SELECT last_seq FROM change_counter WHERE scope_kind = 'class' AND scope_id = $1";
        match &app.db {
            server::db::Db::Sqlite(p) => (
                sqlx::query_as(rows).bind(class).fetch_all(p).await.unwrap(),
                sqlx::query_scalar(counter)
                    .bind(class)
                    .fetch_one(p)
                    .await
                    .unwrap(),
            ),
            server::db::Db::Postgres(p) => (
                sqlx::query_as(rows).bind(class).fetch_all(p).await.unwrap(),
                sqlx::query_scalar(counter)
                    .bind(class)
                    .fetch_one(p)
                    .await
                    .unwrap(),
            ),
        }
    };
    let numbers: Vec<i64> = rows
        .iter()
        .filter(|(id, _)| ids.contains(id))
        .map(|&(_, seq)| seq)
        .collect();
    let distinct: HashSet<i64> = numbers.iter().copied().collect();
    assert_eq!(
        (numbers.len(), distinct.len()),
        (4, 4),
        "one number per row: {numbers:?}"
    );
    let last = rows.iter().map(|&(_, seq)| seq).max().unwrap();
    assert_eq!(counter, last, "the counter ends at the last number");

    let changes = phone.pull_current(&app).await;
    let entry = |id: Uuid| {
        let found: Vec<&Value> = changes.iter().filter(|c| c["id"] == json!(id)).collect();
        assert_eq!(found.len(), 1, "{id} pulled once");
        found[0]["fields"].clone()
    };
    assert_eq!(entry(ids[0])["voided"], true);
    assert_eq!(entry(ids[2])["note"], "窗台");
    assert_eq!(entry(ids[3])["corrects"], json!(ids[0]));
    entry(ids[1]);
}
both_databases!(change_numbers, a_batch_numbers_its_changes_once_each);
