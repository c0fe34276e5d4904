//! The check scheme and scoring rules: school-wide staff edit them, phones pick items up,
//! past entries keep their points, and bad input changes nothing.
use serde_json::json;
use uuid::Uuid;

use crate::both_databases;
use crate::harness::{TestApp, call, get_json};
use crate::scores::{NO_FIELDS, record_fixture_week};
use crate::sync_support::{Phone, item_id, litter};

fn rules(term: &str, base: &str, flags: &str) -> Vec<(&'static str, String)> {
    vec![
        ("rules[term_id]", term.to_string()),
        ("rules[base]", base.to_string()),
        ("rules[red_flags_per_grade]", flags.to_string()),
        ("rules[appeal_days]", "3".to_string()),
        ("rules[absence_alert_days]", "3".to_string()),
    ]
}

fn new_item(
    name: &str,
    id: Option<Uuid>,
    points: &str,
    active: bool,
) -> Vec<(&'static str, String)> {
    let mut form = vec![
        ("item[category]", "卫生".to_string()),
        ("item[name]", name.to_string()),
        ("item[points]", points.to_string()),
        ("item[level]", "class".to_string()),
        ("item[slots]", "早读|午休".to_string()),
        ("item[recorder]", "both".to_string()),
        ("item[active]", active.to_string()),
    ];
    if let Some(id) = id {
        form.push(("item[id]", id.to_string()));
    }
    form
}

async fn staff_set_the_rules_and_the_board_follows(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    record_fixture_week(&app).await;
    let deyu = app.signed_in("deyu").await;
    let (status, scheme) = call(&app, &deyu, "get_scheme", &NO_FIELDS).await;
    assert_eq!(status, 200);
    assert_eq!(scheme["items"].as_array().unwrap().len(), 23);
    let term = scheme["term"][0].as_str().unwrap().to_string();

    for refused in ["t101", "jiawei101"] {
        let client = app.signed_in(refused).await;
        assert_eq!(call(&app, &client, "get_scheme", &NO_FIELDS).await.0, 403);
        let save = rules(&term, "90", "2");
        assert_eq!(call(&app, &client, "save_rules", &save).await.0, 403);
        let item = new_item("家长加的项目", None, "-1", true);
        assert_eq!(call(&app, &client, "save_check_item", &item).await.0, 403);
    }
    let (status, body) = call(&app, &deyu, "save_rules", &rules(&term, "90", "99")).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["fields"][0]["field"], "red_flags_per_grade");

    assert_eq!(
        call(&app, &deyu, "save_rules", &rules(&term, "90", "2"))
            .await
            .0,
        200
    );
    let monday = crate::scores::fixture_monday();
    let (_, board) = get_json(&app, &deyu, &format!("/api/board?week={monday}")).await;
    assert_eq!(board["rules"]["base"], 90.0);
    let first = &board["grades"][0]["rows"];
    let flagged: Vec<&str> = first
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["red_flag"] == true)
        .map(|r| r["class_name"].as_str().unwrap())
        .collect();
    assert_eq!(flagged, ["初一(3)班", "初一(4)班"]);
    assert_eq!(first[3]["total"], 452.0, "5 × 90 + 2");
}
both_databases!(score_rules, staff_set_the_rules_and_the_board_follows);

async fn items_are_added_deactivated_and_edited_without_touching_past_entries(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    record_fixture_week(&app).await;
    let deyu = app.signed_in("deyu").await;
    assert_eq!(
        call(
            &app,
            &deyu,
            "save_check_item",
            &new_item("门窗玻璃不洁", None, "-1", true)
        )
        .await
        .0,
        200
    );
    let (status, body) = call(
        &app,
        &deyu,
        "save_check_item",
        &new_item("门窗玻璃不洁", None, "-2", true),
    )
    .await;
    assert_eq!(
        (status, body["fields"][0]["code"].as_str()),
        (422, Some("taken"))
    );
    let (status, _) = call(
        &app,
        &deyu,
        "save_check_item",
        &new_item("", None, "0", true),
    )
    .await;
    assert_eq!(status, 422);

    let glass = item_id(&app, "门窗玻璃不洁").await;
    let class = app.class_id("初一(1)班").await;
    let mut phone = Phone::of(&app, "t101").await;
    let changes = phone.pull_all(&app, &mut json!({}), 1000).await;
    assert!(
        changes
            .iter()
            .any(|c| c["table"] == "check_item" && c["id"] == json!(glass))
    );
    let m = phone.create(Uuid::now_v7(), litter(class, glass));
    assert_eq!(phone.push_one(&app, m).await.0, "applied");

    assert_eq!(
        call(
            &app,
            &deyu,
            "save_check_item",
            &new_item("门窗玻璃不洁", Some(glass), "-1", false)
        )
        .await
        .0,
        200
    );
    let m = phone.create(Uuid::now_v7(), litter(class, glass));
    assert_eq!(
        phone.push_one(&app, m).await,
        ("rejected".into(), "item_inactive".into())
    );

    // The fixture's litter entries were −1; the item now says −3, their scores stay.
    let monday = crate::scores::fixture_monday();
    let litter_item = item_id(&app, "教室地面有纸屑杂物").await;
    let form = new_item("教室地面有纸屑杂物", Some(litter_item), "-3", true);
    assert_eq!(call(&app, &deyu, "save_check_item", &form).await.0, 200);
    let (_, board) = get_json(&app, &deyu, &format!("/api/board?week={monday}")).await;
    assert_eq!(board["grades"][0]["rows"][0]["total"], 498.0);

    // A wider range for 门窗玻璃不洁: −5 now passes on the phone, −6 is still refused.
    let mut ranged = new_item("门窗玻璃不洁", Some(glass), "-1", true);
    ranged.extend([
        ("item[min]", "-5".to_string()),
        ("item[max]", "-1".to_string()),
    ]);
    assert_eq!(call(&app, &deyu, "save_check_item", &ranged).await.0, 200);
    let changes = phone.pull_all(&app, &mut json!({}), 1000).await;
    let pulled = changes
        .iter()
        .rev()
        .find(|c| c["id"] == json!(glass))
        .unwrap();
    assert_eq!(
        (&pulled["fields"]["min"], &pulled["fields"]["max"]),
        (&json!(-5.0), &json!(-1.0))
    );
    for (points, outcome) in [(-5, "applied"), (-6, "rejected")] {
        let mut fields = litter(class, glass);
        fields["points"] = json!(points);
        let m = phone.create(Uuid::now_v7(), fields);
        assert_eq!(phone.push_one(&app, m).await.0, outcome, "{points}");
    }
    let mut crossing = new_item("门窗玻璃不洁", Some(glass), "-1", true);
    crossing.extend([
        ("item[min]", "-5".to_string()),
        ("item[max]", "2".to_string()),
    ]);
    let (status, body) = call(&app, &deyu, "save_check_item", &crossing).await;
    assert_eq!(
        (status, &body["fields"][0]["field"]),
        (422, &json!("range"))
    );

    let teacher = app.signed_in("t101").await;
    assert_eq!(
        call(
            &app,
            &teacher,
            "save_check_item",
            &new_item("x", None, "-1", true)
        )
        .await
        .0,
        403
    );
}
both_databases!(
    scheme_items,
    items_are_added_deactivated_and_edited_without_touching_past_entries
);
