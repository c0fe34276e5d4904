//! Coverage on both databases: the demo school's September (安全教育月, fire and traffic lessons
//! required) starts 未开展 for every class; a fire lesson of 初一(1)班 flips its fire cell to the
//! day held, linked to the record, and nothing else; a withdrawn one counts for nothing. The
//! term's safety sheet follows; staff see every class, a teacher their own, the parent
//! committee nothing; and the .xlsx says what the screen says.
use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::both_databases;
use crate::harness::{TestApp, call, get_json};
use crate::sync_support::Phone;

/// The first day of the demo school's 安全教育月.
async fn september(app: &TestApp) -> NaiveDate {
    let sql = "SELECT month FROM monthly_theme WHERE theme LIKE '安全教育月%'";
    let row: (NaiveDate,) = match &app.db {
        server::db::Db::Sqlite(p) => sqlx::query_as(sql).fetch_one(p).await,
        server::db::Db::Postgres(p) => sqlx::query_as(sql).fetch_one(p).await,
    }
    .unwrap();
    row.0
}

/// A safety lesson of `class` on `date`.
fn lesson(class: Uuid, date: NaiveDate, topic: &str) -> Value {
    json!({"class_id": class, "activity": {
        "title": "安全教育课", "kind": "safety", "safety": topic, "domains": ["moral"],
        "date": date, "participants": {"type": "whole_class"}
    }})
}

/// The September grid's rows as (class, [cell text]) for `user`: the day held, or "-".
async fn grid(
    app: &TestApp,
    user: &str,
    month: NaiveDate,
) -> (u16, Vec<(String, Vec<String>)>, Value) {
    let client = app.signed_in(user).await;
    let (status, view) = call(
        app,
        &client,
        "get_coverage",
        &[("month", month.to_string())],
    )
    .await;
    let rows = view["themes"][0]["rows"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|r| {
            let cells = r["cells"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["date"].as_str().unwrap_or("-").to_string())
                .collect();
            (r["class"]["label"].as_str().unwrap().to_string(), cells)
        })
        .collect();
    (status, rows, view)
}

both_databases!(a_fixture_month_flips_from_not_held_to_held, fixture_month);
async fn fixture_month(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let month = september(&app).await;
    let class = app.class_id("初一(1)班").await;
    let (status, before, view) = grid(&app, "deyu", month).await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(
        view["themes"][0]["required"].as_array().unwrap().len(),
        2,
        "fire and traffic"
    );
    assert!(before.len() >= 12, "every class of the school: {before:?}");
    assert!(
        before.iter().all(|(_, cells)| cells == &["-", "-"]),
        "{before:?}"
    );

    let mut teacher = Phone::of(&app, "t101").await;
    let held_on = month.with_day(10).unwrap_or(month);
    let fire = Uuid::now_v7();
    let m = teacher.mutation_on("activity", "create", fire, lesson(class, held_on, "fire"));
    assert_eq!(teacher.push_one(&app, m).await.0, "applied");
    // A withdrawn traffic lesson holds nothing.
    let traffic = Uuid::now_v7();
    let m = teacher.mutation_on(
        "activity",
        "create",
        traffic,
        lesson(class, held_on, "traffic"),
    );
    assert_eq!(teacher.push_one(&app, m).await.0, "applied");
    let m = teacher.mutation_on("activity", "patch", traffic, json!({"withdrawn": true}));
    assert_eq!(teacher.push_one(&app, m).await.0, "applied");

    let (_, after, view) = grid(&app, "deyu", month).await;
    let changed: Vec<_> = after
        .iter()
        .filter(|(_, cells)| cells != &["-", "-"])
        .collect();
    assert_eq!(
        changed,
        [&(
            "初一(1)班".to_string(),
            vec![held_on.to_string(), "-".to_string()]
        )]
    );
    let cell = &view["themes"][0]["rows"][0]["cells"][0];
    assert_eq!(
        cell["activity_id"],
        json!(fire),
        "the cell links to the record"
    );
    let safety = view["safety"].as_array().unwrap();
    let first = safety
        .iter()
        .find(|r| r["class"]["label"] == "初一(1)班")
        .unwrap();
    let held: Vec<usize> = first["cells"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_null())
        .map(|(n, _)| n)
        .collect();
    assert_eq!(held.len(), 1, "one topic held this term: {first}");

    // A teacher sees their own class; the parent committee and visitors, nothing.
    let (status, own, _) = grid(&app, "t101", month).await;
    assert_eq!((status, own.len()), (200, 1));
    assert_eq!(grid(&app, "jiawei101", month).await.0, 403);
    let anonymous = crate::harness::client();
    let (status, _) = call(
        &app,
        &anonymous,
        "get_coverage",
        &[("month", month.to_string())],
    )
    .await;
    assert_eq!(status, 401);
    let (status, _) = call(
        &app,
        &app.signed_in("deyu").await,
        "get_coverage",
        &[("month", "2026-13-01")],
    )
    .await;
    assert!(
        (400..500).contains(&status),
        "a month that is no date: {status}"
    );

    // The .xlsx: the theme's sheet with the same cells, and the term's safety sheet.
    let staff = app.signed_in("deyu").await;
    let address = format!("/api/export/coverage.xlsx?month={}", month.format("%Y-%m"));
    let res = staff.get(app.url(&address)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    let file = res.bytes().await.unwrap();
    let sheets = server::import::read_sheets("coverage.xlsx", &file).unwrap();
    let text = |c: Option<&app::domain::roster::Cell>| match c {
        Some(app::domain::roster::Cell::Text(t)) => t.clone(),
        _ => String::new(),
    };
    let theme = &sheets[0];
    assert_eq!(text(theme.rows[2].get(1)), "安全教育(消防)");
    let line = theme
        .rows
        .iter()
        .find(|r| text(r.first()) == "初一(1)班")
        .unwrap();
    assert_eq!(
        [text(line.get(1)), text(line.get(2))],
        [
            format!("已开展 {}", held_on.format("%m-%d")),
            "未开展".to_string()
        ]
    );
    assert!(
        sheets.iter().any(|s| s.name == "本学期安全教育"),
        "{:?}",
        sheets.iter().map(|s| &s.name).collect::<Vec<_>>()
    );
    let parent = app.signed_in("jiawei101").await;
    assert_eq!(get_json(&app, &parent, &address).await.0, 403);
    assert_eq!(
        get_json(&app, &staff, "/api/export/coverage.xlsx?month=x")
            .await
            .0,
        422
    );
}
