//! A check entry's evidence photo (证据照片) on both databases: it travels with the entry to
//! the class's phones and the board, is given to the class's teachers and the staff over the
//! class, and never to a parent or another class's teacher; a malformed photo id is refused
//! and changes nothing.
use reqwest::StatusCode;
use serde_json::Value;
use uuid::Uuid;

use crate::both_databases;
use crate::harness::{TestApp, count, get_json};
use crate::photos::{camera_jpeg, id_of, put, thumb_status};
use crate::sync_support::{Phone, item_id, litter};

async fn an_evidence_photo_is_seen_by_the_class_and_its_staff_only(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let item = item_id(&app, "包干区不洁").await;
    let bytes = camera_jpeg(11);
    let photo = id_of(&bytes);
    let duty_staff = app.signed_in("zhizhou").await;
    assert_eq!(
        put(&duty_staff, &app, &photo, bytes).await.status(),
        StatusCode::CREATED
    );

    let mut duty = Phone::of(&app, "zhizhou").await;
    let entry = Uuid::now_v7();
    let mut fields = litter(class, item);
    fields["photo"] = Value::from(photo.clone());
    let create = duty.create(entry, fields);
    assert_eq!(
        duty.push_one(&app, create).await,
        ("applied".to_string(), String::new())
    );

    for (user, expected) in [
        ("t101", StatusCode::OK),
        ("deyu", StatusCode::OK),
        ("nianji1", StatusCode::OK),
        ("t102", StatusCode::NOT_FOUND),
        ("jiawei101", StatusCode::NOT_FOUND),
    ] {
        assert_eq!(thumb_status(&app, user, &photo).await, expected, "{user}");
    }

    // The class's teacher's phone gets the photo with the entry, to see what is appealed.
    let changes = Phone::of(&app, "t101").await.pull_current(&app).await;
    let pulled = changes
        .iter()
        .find(|c| c["table"] == "check_entry" && c["id"] == entry.to_string())
        .expect("the entry is pulled");
    assert_eq!(pulled["fields"]["photo"], photo.as_str());

    let deyu = app.signed_in("deyu").await;
    let today = server::school::today_in("Asia/Shanghai");
    let (status, cell) = get_json(&app, &deyu, &format!("/api/board/{class}/{today}")).await;
    assert_eq!(status, 200);
    assert_eq!(cell["entries"][0]["photo"], photo.as_str());
}
both_databases!(
    evidence_photo_access,
    an_evidence_photo_is_seen_by_the_class_and_its_staff_only
);

async fn a_malformed_evidence_photo_id_changes_nothing(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let item = item_id(&app, "包干区不洁").await;
    let mut duty = Phone::of(&app, "zhizhou").await;
    let stored = "SELECT (SELECT COUNT(*) FROM check_entry) + (SELECT COUNT(*) FROM photo_ref)";
    let before = count(&app.db, stored).await;
    for bad in [
        Value::from("../../etc/passwd"),
        Value::from("AB".repeat(32)),
        Value::from(7),
    ] {
        let mut fields = litter(class, item);
        fields["photo"] = bad.clone();
        let create = duty.create(Uuid::now_v7(), fields);
        assert_eq!(
            duty.push_one(&app, create).await,
            ("rejected".to_string(), "bad_fields".to_string()),
            "{bad}"
        );
    }
    assert_eq!(count(&app.db, stored).await, before);
}
both_databases!(
    evidence_photo_refusals,
    a_malformed_evidence_photo_id_changes_nothing
);
