//! Corrections (更正): a new entry replaces a wrong one, which is voided in the same write
//! with the reason; the day's score counts only the new one, and both stay to be seen.
//! Every correction someone may not make is refused and changes nothing.
use serde_json::{Value, json};
use uuid::Uuid;

use crate::both_databases;
use crate::harness::{TestApp, count, get_json};
use crate::sync_support::{Phone, item_id, litter};

fn applied() -> (String, String) {
    ("applied".into(), String::new())
}

fn refused(reason: &str) -> (String, String) {
    ("rejected".into(), reason.into())
}

/// The day's cell of the board as staff see it: (score, entries).
async fn cell(app: &TestApp, staff: &reqwest::Client, class: Uuid) -> (f64, Vec<Value>) {
    let today = server::school::today_in("Asia/Shanghai");
    let (status, cell) = get_json(app, staff, &format!("/api/board/{class}/{today}")).await;
    assert_eq!(status, 200);
    let entries = cell["entries"].as_array().unwrap().clone();
    (cell["score"].as_f64().unwrap(), entries)
}

/// The litter deduction `times` over, correcting `old` with `reason`.
fn correction(class: Uuid, item: Uuid, times: i64, old: Uuid, reason: &str) -> Value {
    let mut fields = litter(class, item);
    fields["count"] = json!(times);
    fields["corrects"] = json!(old);
    fields["reason"] = json!(reason);
    fields
}

async fn a_correction_replaces_the_entry_and_keeps_both_in_view(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let item = item_id(&app, "教室地面有纸屑杂物").await;
    let deyu = app.signed_in("deyu").await;
    let mut teacher = Phone::of(&app, "t101").await;
    let (wrong, right) = (Uuid::now_v7(), Uuid::now_v7());
    let mut three = litter(class, item);
    three["count"] = json!(3);
    let m = teacher.create(wrong, three);
    assert_eq!(teacher.push_one(&app, m).await, applied());
    assert_eq!(cell(&app, &deyu, class).await.0, 97.0);

    let m = teacher.create(right, correction(class, item, 1, wrong, " 只有一处纸屑 "));
    assert_eq!(teacher.push_one(&app, m).await, applied());
    let (score, entries) = cell(&app, &deyu, class).await;
    assert_eq!(score, 99.0, "only the correction counts");
    let by_id = |id: Uuid| entries.iter().find(|e| e["id"] == json!(id)).unwrap();
    assert_eq!(by_id(wrong)["voided"], true);
    assert_eq!(by_id(wrong)["corrected"], true);
    assert_eq!(by_id(wrong)["void_reason"], "只有一处纸屑");
    assert_eq!(by_id(right)["corrects"], json!(wrong));
    assert_eq!(by_id(right)["voided"], false);

    // The phone learns both rows, and the voiding is in the history.
    let changes = teacher.pull_all(&app, &mut json!({}), 1000).await;
    let fields =
        |id: Uuid| changes.iter().rev().find(|c| c["id"] == json!(id)).unwrap()["fields"].clone();
    assert_eq!(fields(wrong)["voided"], true);
    assert_eq!(fields(right)["corrects"], json!(wrong));
    assert_eq!(fields(right)["count"], 1);
    let history = "SELECT COUNT(*) FROM field_history WHERE table_name = 'check_entry' AND field IN ('voided', 'void_reason')";
    assert_eq!(count(&app.db, history).await, 2);

    // Replaying the same push changes nothing more.
    let replay = json!({"seq": 2, "op": "create", "table": "check_entry", "id": right,
        "fields": correction(class, item, 1, wrong, "只有一处纸屑"), "client_recorded_at": "2026-11-25T08:00:00Z"});
    let res = teacher.push(&app, &[replay]).await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["results"][0]["status"], "duplicate");
    assert_eq!(cell(&app, &deyu, class).await.0, 99.0);
}
both_databases!(
    correction_replaces,
    a_correction_replaces_the_entry_and_keeps_both_in_view
);

async fn forbidden_corrections_are_refused_and_change_nothing(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let other_class = app.class_id("初一(2)班").await;
    let item = item_id(&app, "教室地面有纸屑杂物").await;
    let duty_item = item_id(&app, "包干区不洁").await;
    let deyu = app.signed_in("deyu").await;
    let mut teacher = Phone::of(&app, "t101").await;
    let mut duty = Phone::of(&app, "zhizhou").await;
    let (own, by_duty, elsewhere) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let m = teacher.create(own, litter(class, item));
    assert_eq!(teacher.push_one(&app, m).await, applied());
    let m = duty.create(by_duty, litter(class, duty_item));
    assert_eq!(duty.push_one(&app, m).await, applied());
    let m = duty.create(elsewhere, litter(other_class, item));
    assert_eq!(duty.push_one(&app, m).await, applied());
    let before = cell(&app, &deyu, class).await.0;
    assert_eq!(before, 97.0);
    let entries = "SELECT COUNT(*) FROM check_entry";
    let stored = count(&app.db, entries).await;

    // The class's teacher appeals a duty entry; correcting it is staff's.
    let m = teacher.create(
        Uuid::now_v7(),
        correction(class, item, 1, by_duty, "不是我们班"),
    );
    assert_eq!(teacher.push_one(&app, m).await, refused("duty_entry"));
    // Another class's entry, even named from one's own class.
    let m = teacher.create(
        Uuid::now_v7(),
        correction(class, item, 1, elsewhere, "记错班了"),
    );
    assert_eq!(teacher.push_one(&app, m).await, refused("not_in_scope"));
    // A reason is required, and the replacement passes the item's rules.
    let m = teacher.create(Uuid::now_v7(), correction(class, item, 1, own, "  "));
    assert_eq!(teacher.push_one(&app, m).await, refused("reason_required"));
    let mut too_many = correction(class, item, 1, own, "多扣了");
    too_many["points"] = json!(-5);
    let m = teacher.create(Uuid::now_v7(), too_many);
    assert_eq!(
        teacher.push_one(&app, m).await,
        refused("points_out_of_range")
    );
    let m = teacher.create(
        Uuid::now_v7(),
        correction(class, item, 1, Uuid::now_v7(), "没有这条"),
    );
    assert_eq!(teacher.push_one(&app, m).await, refused("not_found"));
    // A parent-committee member writes nothing.
    let mut parent = Phone::of(&app, "jiawei101").await;
    let m = parent.create(Uuid::now_v7(), correction(class, item, 1, own, "家长更正"));
    assert_eq!(parent.push_one(&app, m).await, refused("not_in_scope"));
    assert_eq!(count(&app.db, entries).await, stored);
    assert_eq!(cell(&app, &deyu, class).await.0, before, "nothing changed");

    // Staff may correct the duty entry; an entry is corrected once.
    let m = duty.create(
        Uuid::now_v7(),
        correction(class, item, 1, by_duty, "项目选错了"),
    );
    assert_eq!(duty.push_one(&app, m).await, applied());
    assert_eq!(cell(&app, &deyu, class).await.0, 98.0);
    let m = duty.create(
        Uuid::now_v7(),
        correction(class, item, 2, by_duty, "再改一次"),
    );
    assert_eq!(duty.push_one(&app, m).await, refused("already_voided"));
    assert_eq!(cell(&app, &deyu, class).await.0, 98.0);
}
both_databases!(
    correction_refusals,
    forbidden_corrections_are_refused_and_change_nothing
);
