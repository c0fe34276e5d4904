//! Monthly themes staff edit on the phone, on both databases: a new theme and a correction
//! reach a teacher's phone with its next pull and change the month's coverage; a bad theme,
//! a month in no term, and anyone but staff and admins are refused and change nothing.
use serde_json::{Value, json};
use uuid::Uuid;

use crate::both_databases;
use crate::harness::{TestApp, call, count};
use crate::sync_support::Phone;

/// Saves a theme as JSON, as the phone does: (status, body).
async fn save(app: &TestApp, client: &reqwest::Client, theme: &Value) -> (u16, Value) {
    let res = client
        .post(app.url("/api/fn/save_theme"))
        .header("Accept", "application/json")
        .json(&json!({ "theme": theme }))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or_default())
}

/// The monthly themes a teacher's phone pulls: theme name → fields.
async fn pulled_themes(app: &TestApp) -> Vec<Value> {
    Phone::of(app, "t101")
        .await
        .pull_current(app)
        .await
        .into_iter()
        .filter(|c| c["table"] == "monthly_theme")
        .map(|c| c["fields"].clone())
        .collect()
}

async fn staff_keep_the_themes_and_phones_follow(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let staff = app.signed_in("deyu").await;
    let (status, view) = call(&app, &staff, "get_themes", &[("", ""); 0]).await;
    assert_eq!(status, 200, "{view}");
    let seeded = view["themes"].as_array().unwrap().len();
    assert!(seeded > 0);
    let grades = view["grades"].as_array().unwrap();
    assert_eq!(grades.len(), 3);
    let grade = grades[0][0].clone();
    let today = server::school::today_in("Asia/Shanghai");
    let id = Uuid::now_v7();
    let good = json!({
        "id": id, "month": today, "grade_ids": [grade], "theme": " 文明礼仪月 ",
        "required": [{"kind": "themed_meeting"}, {"kind": "safety", "safety": "food"}],
    });
    let with = |more: Value| {
        let mut theme = good.clone();
        theme
            .as_object_mut()
            .unwrap()
            .extend(more.as_object().unwrap().clone());
        theme
    };
    let refusals = [
        (with(json!({"theme": "  "})), 422),
        (with(json!({"theme": "月".repeat(41)})), 422),
        (with(json!({"required": []})), 422),
        (
            with(json!({"required": [{"kind": "labour"}, {"kind": "labour"}]})),
            422,
        ),
        (
            with(json!({"required": [{"kind": "labour", "safety": "fire"}]})),
            422,
        ),
        (with(json!({"grade_ids": [Uuid::now_v7()]})), 422),
        (with(json!({"month": "2031-07-01"})), 422),
        (with(json!({"required": [{"kind": "cooking"}]})), 400),
    ];
    for (theme, status) in refusals {
        assert_eq!(save(&app, &staff, &theme).await.0, status, "{theme}");
    }
    for user in ["t101", "jiawei101", "nianji1"] {
        let client = app.signed_in(user).await;
        assert_eq!(save(&app, &client, &good).await.0, 403, "{user} may not");
        assert_eq!(
            call(&app, &client, "get_themes", &[("", ""); 0]).await.0,
            403,
            "{user}"
        );
    }
    let themes_sql = "SELECT COUNT(*) FROM monthly_theme";
    assert_eq!(count(&app.db, themes_sql).await, seeded as i64);

    assert_eq!(save(&app, &staff, &good).await.0, 200);
    let pulled = pulled_themes(&app).await;
    let kept = pulled.iter().find(|t| t["theme"] == "文明礼仪月").unwrap();
    assert_eq!(
        kept["month"],
        json!(format!("{}", today.format("%Y-%m-01")))
    );
    assert_eq!(kept["grade_ids"], json!([grade]));

    // A correction replaces the theme on the phone, and the month's coverage asks for it.
    let corrected = with(json!({"theme": "文明礼仪与食品安全月", "grade_ids": []}));
    assert_eq!(save(&app, &staff, &corrected).await.0, 200);
    assert_eq!(count(&app.db, themes_sql).await, seeded as i64 + 1);
    let pulled = pulled_themes(&app).await;
    assert!(
        pulled.iter().all(|t| t["theme"] != "文明礼仪月"),
        "the old name is gone"
    );
    assert!(
        pulled
            .iter()
            .any(|t| t["theme"] == "文明礼仪与食品安全月" && t["grade_ids"] == json!([]))
    );
    let (status, coverage) = call(&app, &staff, "get_coverage", &[("", ""); 0]).await;
    assert_eq!(status, 200, "{coverage}");
    let grid = coverage["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["theme"] == "文明礼仪与食品安全月")
        .unwrap();
    assert_eq!(
        grid["rows"].as_array().unwrap().len(),
        12,
        "the whole school's classes"
    );
    assert_eq!(grid["required"].as_array().unwrap().len(), 2);
}
both_databases!(monthly_themes, staff_keep_the_themes_and_phones_follow);
