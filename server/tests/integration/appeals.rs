//! Appeals: a teacher contests a duty deduction, staff accept it and the score comes back;
//! every step someone may not take is refused with its reason and changes nothing.
use chrono::Days;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::both_databases;
use crate::harness::{TestApp, count, get_json};
use crate::sync_support::{Phone, item_id, litter_on};

fn applied() -> (String, String) {
    ("applied".into(), String::new())
}

fn refused(reason: &str) -> (String, String) {
    ("rejected".into(), reason.into())
}

async fn day_score(
    app: &TestApp,
    client: &reqwest::Client,
    class: Uuid,
    day: chrono::NaiveDate,
) -> f64 {
    let (status, cell) = get_json(app, client, &format!("/api/board/{class}/{day}")).await;
    assert_eq!(status, 200);
    cell["score"].as_f64().unwrap()
}

async fn an_accepted_appeal_voids_the_entry_and_restores_the_score(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let today = server::school::today_in("Asia/Shanghai");
    let class = app.class_id("初一(1)班").await;
    let item = item_id(&app, "包干区不洁").await;
    let mut duty = Phone::of(&app, "zhizhou").await;
    let entry = Uuid::now_v7();
    let create = duty.create(entry, litter_on(class, item, today));
    assert_eq!(duty.push_one(&app, create).await, applied());
    let deyu = app.signed_in("deyu").await;
    assert_eq!(day_score(&app, &deyu, class, today).await, 98.0);

    let mut teacher = Phone::of(&app, "t101").await;
    let appeal = Uuid::now_v7();
    let file = teacher.mutation_on(
        "check_appeal",
        "create",
        appeal,
        json!({"entry_id": entry, "reason": "当时在上体育课"}),
    );
    assert_eq!(teacher.push_one(&app, file).await, applied());
    assert_eq!(
        day_score(&app, &deyu, class, today).await,
        98.0,
        "pending changes nothing"
    );

    let accept = duty.mutation_on(
        "check_appeal",
        "patch",
        appeal,
        json!({"status": "accepted"}),
    );
    assert_eq!(duty.push_one(&app, accept).await, applied());
    assert_eq!(day_score(&app, &deyu, class, today).await, 100.0);

    // The teacher's phone learns both: the appeal accepted, the entry voided.
    let mut cursors = json!({});
    let changes = teacher.pull_all(&app, &mut cursors, 1000).await;
    let row = |table: &str, id: Uuid| -> Value {
        changes
            .iter()
            .rev()
            .find(|c| c["table"] == table && c["id"] == json!(id))
            .unwrap()["fields"]
            .clone()
    };
    assert_eq!(row("check_appeal", appeal)["status"], "accepted");
    let voided = row("check_entry", entry);
    assert_eq!(voided["voided"], true);
    assert_eq!(voided["void_reason"], "申诉通过：当时在上体育课");
    let history = count(
        &app.db,
        "SELECT COUNT(*) FROM field_history WHERE table_name = 'check_appeal'",
    )
    .await;
    assert_eq!(history, 1);
}
both_databases!(
    appeal_accepted,
    an_accepted_appeal_voids_the_entry_and_restores_the_score
);

async fn forbidden_and_late_appeals_are_refused(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let today = server::school::today_in("Asia/Shanghai");
    let class = app.class_id("初一(1)班").await;
    let duty_item = item_id(&app, "包干区不洁").await;
    let own_item = item_id(&app, "教室地面有纸屑杂物").await;
    // Every date of this test is in the term, whatever the day it runs.
    match &app.db {
        server::db::Db::Sqlite(p) => sqlx::query("UPDATE term SET start_date = '2000-01-01'")
            .execute(p)
            .await
            .map(drop),
        server::db::Db::Postgres(p) => sqlx::query("UPDATE term SET start_date = '2000-01-01'")
            .execute(p)
            .await
            .map(drop),
    }
    .unwrap();
    let mut duty = Phone::of(&app, "zhizhou").await;
    let mut teacher = Phone::of(&app, "t101").await;
    let (fresh, old, own) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    for m in [
        duty.create(fresh, litter_on(class, duty_item, today)),
        duty.create(old, litter_on(class, duty_item, today - Days::new(10))),
    ] {
        assert_eq!(duty.push_one(&app, m).await, applied());
    }
    let own_entry = teacher.create(own, litter_on(class, own_item, today));
    assert_eq!(teacher.push_one(&app, own_entry).await, applied());

    let appeal_of = |phone: &mut Phone, entry: Uuid, reason: &str| {
        phone.mutation_on(
            "check_appeal",
            "create",
            Uuid::now_v7(),
            json!({"entry_id": entry, "reason": reason}),
        )
    };
    let mut other = Phone::of(&app, "t102").await;
    let m = appeal_of(&mut other, fresh, "不是我们班");
    assert_eq!(other.push_one(&app, m).await, refused("not_in_scope"));
    let mut parent = Phone::of(&app, "jiawei101").await;
    let m = appeal_of(&mut parent, fresh, "家长有异议");
    assert_eq!(parent.push_one(&app, m).await, refused("not_in_scope"));
    let m = appeal_of(&mut teacher, own, "自己记错了");
    assert_eq!(teacher.push_one(&app, m).await, refused("not_appealable"));
    let m = appeal_of(&mut teacher, old, "太久了");
    assert_eq!(
        teacher.push_one(&app, m).await,
        refused("appeal_window_closed")
    );
    // Made offline yesterday, on the window's last day, and synced today: still in time.
    let last_day = Uuid::now_v7();
    let m = duty.create(last_day, litter_on(class, duty_item, today - Days::new(4)));
    assert_eq!(duty.push_one(&app, m).await, applied());
    let mut offline = appeal_of(&mut teacher, last_day, "昨天没信号");
    let yesterday = chrono::Utc::now() - chrono::Duration::days(1);
    offline["client_recorded_at"] = json!(yesterday);
    assert_eq!(teacher.push_one(&app, offline).await, applied());
    let m = appeal_of(&mut teacher, fresh, "  ");
    assert_eq!(teacher.push_one(&app, m).await, refused("reason_required"));
    let voided = Uuid::now_v7();
    let m = duty.create(voided, litter_on(class, duty_item, today));
    assert_eq!(duty.push_one(&app, m).await, applied());
    let void = duty.mutation(
        "patch",
        voided,
        json!({"voided": true, "void_reason": "记错班级"}),
    );
    assert_eq!(duty.push_one(&app, void).await, applied());
    let m = appeal_of(&mut teacher, voided, "已经作废了");
    assert_eq!(teacher.push_one(&app, m).await, refused("entry_voided"));
    let void = teacher.mutation(
        "patch",
        fresh,
        json!({"voided": true, "void_reason": "不认"}),
    );
    assert_eq!(teacher.push_one(&app, void).await, refused("duty_entry"));

    let appeal = Uuid::now_v7();
    let file = teacher.mutation_on(
        "check_appeal",
        "create",
        appeal,
        json!({"entry_id": fresh, "reason": "已打扫"}),
    );
    assert_eq!(teacher.push_one(&app, file).await, applied());
    let m = appeal_of(&mut teacher, fresh, "再申诉一次");
    assert_eq!(teacher.push_one(&app, m).await, refused("already_appealed"));
    let decide = teacher.mutation_on(
        "check_appeal",
        "patch",
        appeal,
        json!({"status": "accepted"}),
    );
    assert_eq!(
        teacher.push_one(&app, decide).await,
        refused("role_not_allowed")
    );
    let bare = duty.mutation_on(
        "check_appeal",
        "patch",
        appeal,
        json!({"status": "rejected"}),
    );
    assert_eq!(duty.push_one(&app, bare).await, refused("reason_required"));
    let reject = duty.mutation_on(
        "check_appeal",
        "patch",
        appeal,
        json!({"status": "rejected", "decision_reason": "有照片为证"}),
    );
    assert_eq!(duty.push_one(&app, reject).await, applied());
    let again = duty.mutation_on(
        "check_appeal",
        "patch",
        appeal,
        json!({"status": "accepted"}),
    );
    assert_eq!(duty.push_one(&app, again).await, refused("appeal_decided"));

    let deyu = app.signed_in("deyu").await;
    assert_eq!(
        day_score(&app, &deyu, class, today).await,
        100.0 - 2.0 - 1.0,
        "the rejected appeal changed nothing"
    );
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM check_appeal").await, 2);
}
both_databases!(appeal_refusals, forbidden_and_late_appeals_are_refused);
