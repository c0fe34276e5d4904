//! Accompany-meal reports (陪餐记录) on both databases: a parent-committee member reports a
//! meal of their class with a photo, a resend is kept once, every bad report and every other
//! writer is refused and changes nothing; staff answer and the member reads the answer; the
//! photo goes only to staff, the class's teachers and its sender; the month exports as .xlsx.
use serde_json::{Value, json};
use uuid::Uuid;

use crate::both_databases;
use crate::harness::{TestApp, call, count, get_json};
use crate::photos::{camera_jpeg, id_of, put};

/// Sends a report as JSON, as the phone does: (status, body).
async fn submit(app: &TestApp, client: &reqwest::Client, report: &Value) -> (u16, Value) {
    let res = client
        .post(app.url("/api/fn/submit_meal_report"))
        .header("Accept", "application/json")
        .json(&json!({ "report": report }))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or_default())
}

/// A good lunch report of `class` today, changed by `more`.
fn lunch(class: Uuid, photos: &[String], more: Value) -> Value {
    let mut report = json!({
        "id": Uuid::now_v7(), "class_id": class,
        "date": server::school::today_in("Asia/Shanghai"), "meal": "lunch",
        "ratings": {"taste": 4, "quantity": 5, "hygiene": 5, "temperature": 2},
        "notes": " 汤有点凉 ", "photos": photos,
    });
    if let (Some(fields), Some(more)) = (report.as_object_mut(), more.as_object()) {
        fields.extend(more.clone());
    }
    report
}

fn text(cell: Option<&app::domain::roster::Cell>) -> String {
    match cell {
        Some(app::domain::roster::Cell::Text(t)) => t.clone(),
        Some(app::domain::roster::Cell::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

async fn a_member_reports_a_meal_and_staff_answer(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let other_class = app.class_id("初一(2)班").await;
    let parent = app.signed_in("jiawei101").await;
    let other_parent = app.invited("parent", other_class, "jiawei102").await;
    let photo = camera_jpeg(7);
    let photo_id = id_of(&photo);
    assert_eq!(put(&parent, &app, &photo_id, photo).await.status(), 201);
    let today = server::school::today_in("Asia/Shanghai");

    let four: Vec<String> = (0..4u8).map(|n| id_of(&[n])).collect();
    let refusals = [
        (
            json!({"ratings": {"taste": 0, "quantity": 5, "hygiene": 5, "temperature": 2}}),
            422,
        ),
        (
            json!({"ratings": {"taste": 4, "quantity": 6, "hygiene": 5, "temperature": 2}}),
            422,
        ),
        (json!({"date": today + chrono::Days::new(1)}), 422),
        (json!({"date": today - chrono::Days::new(40)}), 422),
        (json!({"notes": "饭".repeat(501)}), 422),
        (json!({"photos": four}), 422),
        (json!({"photos": [photo_id, photo_id]}), 422),
        (json!({"meal": "supper"}), 400),
        (json!({"class_id": other_class}), 403),
        (json!({"class_id": Uuid::now_v7()}), 422),
    ];
    for (more, status) in refusals {
        let report = lunch(class, &[], more.clone());
        assert_eq!(submit(&app, &parent, &report).await.0, status, "{more}");
    }
    let good = lunch(class, std::slice::from_ref(&photo_id), json!({}));
    for user in ["t101", "deyu", "admin"] {
        let client = app.signed_in(user).await;
        assert_eq!(
            submit(&app, &client, &good).await.0,
            403,
            "{user} may not report"
        );
    }
    assert_eq!(submit(&app, &crate::harness::client(), &good).await.0, 401);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM meal_report").await, 0);

    assert_eq!(submit(&app, &parent, &good).await.0, 200);
    assert_eq!(submit(&app, &parent, &good).await.0, 200, "a resend");
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM meal_report").await, 1);
    let refs = "SELECT COUNT(*) FROM photo_ref WHERE table_name = 'meal_report'";
    assert_eq!(count(&app.db, refs).await, 1);
    let taken = lunch(other_class, &[], json!({"id": good["id"]}));
    assert_eq!(
        submit(&app, &other_parent, &taken).await.0,
        409,
        "another's id"
    );

    // Who reads what: the member their own, staff the school, a teacher their class.
    let reports = |client: reqwest::Client| {
        let app = &app;
        async move {
            let (status, body) = call(app, &client, "get_meal_reports", &[("", ""); 0]).await;
            assert_eq!(status, 200, "{body}");
            body
        }
    };
    let mine = reports(parent.clone()).await;
    assert_eq!(mine["may_reply"], false);
    assert_eq!(mine["report_for"], json!([[class, "初一(1)班"]]));
    let report = &mine["reports"][0];
    assert_eq!(
        (&report["by"], &report["notes"], &report["reply"]),
        (&json!("郑丽华"), &json!("汤有点凉"), &Value::Null)
    );
    assert_eq!(report["ratings"]["temperature"], 2);
    assert_eq!(reports(other_parent.clone()).await["reports"], json!([]));
    for (user, seen) in [("deyu", 1), ("t101", 1), ("t102", 0)] {
        let body = reports(app.signed_in(user).await).await;
        assert_eq!(body["reports"].as_array().unwrap().len(), seen, "{user}");
        assert_eq!(body["report_for"], json!([]), "{user}");
    }

    // Only staff and admins over the class answer.
    let id = good["id"].as_str().unwrap().to_string();
    let answer = |reply: &str| vec![("id", id.clone()), ("reply", reply.to_string())];
    let teacher = app.signed_in("t101").await;
    let staff = app.signed_in("deyu").await;
    for (client, form, status) in [
        (&teacher, answer("好的"), 403),
        (&parent, answer("好的"), 403),
        (&other_parent, answer("好的"), 404),
        (&staff, answer("  "), 422),
        (&staff, answer(&"改".repeat(501)), 422),
    ] {
        assert_eq!(
            call(&app, client, "reply_meal_report", &form).await.0,
            status,
            "{form:?}"
        );
    }
    let unknown = [("id", Uuid::now_v7().to_string()), ("reply", "好的".into())];
    assert_eq!(
        call(&app, &staff, "reply_meal_report", &unknown).await.0,
        404
    );
    let replies = "SELECT COUNT(*) FROM meal_report WHERE reply IS NOT NULL";
    assert_eq!(count(&app.db, replies).await, 0);
    let said = "已要求食堂出餐前保温，下周复查";
    assert_eq!(
        call(&app, &staff, "reply_meal_report", &answer(said))
            .await
            .0,
        200
    );
    let reply = &reports(parent.clone()).await["reports"][0]["reply"];
    assert_eq!(
        (&reply["text"], &reply["by"]),
        (&json!(said), &json!("周德明"))
    );

    // The photo: its sender, staff and the class's teachers; not another class's member.
    let address = format!("/api/photos/{photo_id}");
    for (client, status) in [
        (&parent, 200),
        (&staff, 200),
        (&teacher, 200),
        (&other_parent, 404),
    ] {
        let res = client.get(app.url(&address)).send().await.unwrap();
        assert_eq!(res.status(), status);
    }

    // The month as .xlsx, for those who answer.
    let month = today.format("%Y-%m");
    let address = format!("/api/export/meals.xlsx?month={month}");
    let res = staff.get(app.url(&address)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    let file = res.bytes().await.unwrap();
    let sheets = server::import::read_sheets("meals.xlsx", &file).unwrap();
    let rows = &sheets[0].rows;
    let heads: Vec<String> = rows[2].iter().map(|c| text(Some(c))).collect();
    assert_eq!(
        heads,
        [
            "日期",
            "餐次",
            "班级",
            "陪餐人",
            "口味",
            "分量",
            "卫生",
            "温度",
            "意见和建议",
            "照片",
            "回复",
            "回复人"
        ]
    );
    let line: Vec<String> = rows[3].iter().map(|c| text(Some(c))).collect();
    let date = today.format("%Y-%m-%d").to_string();
    assert_eq!(
        line,
        [
            &date,
            "午餐",
            "初一(1)班",
            "郑丽华",
            "4",
            "5",
            "5",
            "2",
            "汤有点凉",
            "1",
            said,
            "周德明"
        ]
    );
    for client in [&parent, &teacher] {
        assert_eq!(get_json(&app, client, &address).await.0, 403);
    }
    let bad = "/api/export/meals.xlsx?month=x";
    assert_eq!(get_json(&app, &staff, bad).await.0, 422);
}
both_databases!(meal_reports, a_member_reports_a_meal_and_staff_answer);
