//! The weekly board, a cell's entries and the .xlsx export: totals by hand, and who may see what.
use app::domain::roster::Cell;
use app::domain::scores::week_start;
use chrono::{Days, NaiveDate};
use serde_json::{Value, json};
use server::import::read_sheets;
use uuid::Uuid;

use crate::both_databases;
use crate::harness::{TestApp, get_json};
use crate::sync_support::{Phone, item_id, litter_on};

/// A Monday three weeks into the demo school's current term.
pub fn fixture_monday() -> NaiveDate {
    let term = server::seed::current_term(server::school::today_in("Asia/Shanghai"));
    week_start(term.start_date + Days::new(21))
}

async fn push_ok(app: &TestApp, phone: &mut Phone, mutations: Vec<Value>) {
    let res = phone.push(app, &mutations).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    for r in body["results"].as_array().unwrap() {
        assert_eq!(r["status"], "applied", "{r}");
    }
}

/// Two students of a class, by student number.
pub async fn two_students(app: &TestApp, class: Uuid) -> Vec<Uuid> {
    let sql = "SELECT id FROM student WHERE class_id = $1 ORDER BY student_no LIMIT 2";
    let rows: Vec<(Uuid,)> = match &app.db {
        server::db::Db::Sqlite(p) => sqlx::query_as(sql).bind(class).fetch_all(p).await,
        server::db::Db::Postgres(p) => sqlx::query_as(sql).bind(class).fetch_all(p).await,
    }
    .unwrap();
    rows.into_iter().map(|r| r.0).collect()
}

/// 初一: (1)班 −2 Monday (two entries), −2 Tuesday (one entry ×2) and +2 Thursday (好人好事
/// naming two students); (2)班 −2 Monday by the duty teacher; (3)班 −1 Wednesday, voided;
/// (4)班 +2 Wednesday. Base 100, five school days.
pub async fn record_fixture_week(app: &TestApp) -> Uuid {
    let monday = fixture_monday();
    let day = |n| monday + Days::new(n);
    let litter = item_id(app, "教室地面有纸屑杂物").await;
    let duty_area = item_id(app, "包干区不洁").await;
    let award = item_id(app, "集体活动获奖").await;
    let c1 = app.class_id("初一(1)班").await;
    let c2 = app.class_id("初一(2)班").await;
    let c3 = app.class_id("初一(3)班").await;
    let c4 = app.class_id("初一(4)班").await;
    let mut teacher = Phone::of(app, "t101").await;
    let mut twice = litter_on(c1, litter, day(1));
    twice["count"] = json!(2);
    let good_deed = json!({"class_id": c1, "date": day(3), "slot": "全天",
        "item_id": item_id(app, "好人好事").await, "student_ids": two_students(app, c1).await});
    let batch = vec![
        teacher.create(Uuid::now_v7(), litter_on(c1, litter, day(0))),
        teacher.create(Uuid::now_v7(), litter_on(c1, litter, day(0))),
        teacher.create(Uuid::now_v7(), twice),
        teacher.create(Uuid::now_v7(), good_deed),
    ];
    push_ok(app, &mut teacher, batch).await;
    let mut duty = Phone::of(app, "zhizhou").await;
    let voided = Uuid::now_v7();
    let batch = vec![
        duty.create(Uuid::now_v7(), litter_on(c2, duty_area, day(0))),
        duty.create(voided, litter_on(c3, litter, day(2))),
        duty.create(
            Uuid::now_v7(),
            json!({"class_id": c4, "date": day(2), "slot": "全天", "item_id": award}),
        ),
    ];
    push_ok(app, &mut duty, batch).await;
    let void = duty.mutation(
        "patch",
        voided,
        json!({"voided": true, "void_reason": "记错班级"}),
    );
    push_ok(app, &mut duty, vec![void]).await;
    c1
}

/// The form of a server function that takes no arguments.
pub const NO_FIELDS: [(&str, &str); 0] = [];

fn row<'a>(board: &'a Value, class: &str) -> &'a Value {
    board["grades"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["rows"].as_array().unwrap())
        .find(|r| r["class_name"] == class)
        .unwrap_or_else(|| panic!("{class} is not on the board"))
}

async fn the_board_sums_ranks_and_flags_a_fixture_week(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    record_fixture_week(&app).await;
    let deyu = app.signed_in("deyu").await;
    let week = fixture_monday();
    let (status, board) = get_json(
        &app,
        &deyu,
        &format!("/api/board?week={}", week + Days::new(3)),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(board["week_start"], week.to_string());
    assert_eq!(board["days"].as_array().unwrap().len(), 5);
    assert_eq!(board["grades"].as_array().unwrap().len(), 3);
    let expect = [
        (
            "初一(1)班",
            [98.0, 98.0, 100.0, 102.0, 100.0],
            498.0,
            3,
            false,
        ),
        (
            "初一(2)班",
            [98.0, 100.0, 100.0, 100.0, 100.0],
            498.0,
            3,
            false,
        ),
        ("初一(3)班", [100.0; 5], 500.0, 2, false),
        (
            "初一(4)班",
            [100.0, 100.0, 102.0, 100.0, 100.0],
            502.0,
            1,
            true,
        ),
    ];
    for (class, daily, total, rank, flag) in expect {
        let r = row(&board, class);
        let got: Vec<f64> = r["daily"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        assert_eq!(got, daily, "{class}");
        assert_eq!(r["total"], total, "{class}");
        assert_eq!(r["rank"], rank, "{class}");
        assert_eq!(r["red_flag"], flag, "{class}");
    }
    // 初二 has no entries: four classes tied first, and with K = 1 all four share the flag.
    assert_eq!(row(&board, "初二(3)班")["rank"], 1);
    assert_eq!(row(&board, "初二(3)班")["red_flag"], true);
    assert_eq!(board["can_drill_down"], true);
}
both_databases!(board_totals, the_board_sums_ranks_and_flags_a_fixture_week);

async fn a_cell_lists_its_entries_with_the_voided_one_marked(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    record_fixture_week(&app).await;
    let c3 = app.class_id("初一(3)班").await;
    let wednesday = fixture_monday() + Days::new(2);
    let deyu = app.signed_in("deyu").await;
    let (status, cell) = get_json(&app, &deyu, &format!("/api/board/{c3}/{wednesday}")).await;
    assert_eq!(status, 200);
    assert_eq!(cell["score"], 100.0);
    let entries = cell["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["voided"], true);
    assert_eq!(entries[0]["void_reason"], "记错班级");
    assert_eq!(entries[0]["recorder"], "孙晓梅");
}
both_databases!(
    cell_entries,
    a_cell_lists_its_entries_with_the_voided_one_marked
);

async fn parents_see_their_class_score_and_nothing_behind_it(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let c1 = record_fixture_week(&app).await;
    let c2 = app.class_id("初一(2)班").await;
    let monday = fixture_monday();
    let parent = app.signed_in("jiawei101").await;
    let (status, board) = get_json(&app, &parent, &format!("/api/board?week={monday}")).await;
    assert_eq!(status, 200);
    let grades = board["grades"].as_array().unwrap();
    assert_eq!(grades.len(), 1);
    let rows = grades[0]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "only their own class");
    assert_eq!(rows[0]["class_name"], "初一(1)班");
    assert_eq!(
        (rows[0]["total"].as_f64(), rows[0]["rank"].as_u64()),
        (Some(498.0), Some(3))
    );
    assert_eq!(grades[0]["class_count"], 4);
    assert_eq!(board["can_drill_down"], false);
    let text = board.to_string();
    assert!(!text.contains("student"), "no student-level data: {text}");
    let (status, _) = get_json(&app, &parent, &format!("/api/board/{c1}/{monday}")).await;
    assert_eq!(status, 403);

    let teacher = app.signed_in("t101").await;
    assert_eq!(
        get_json(&app, &teacher, &format!("/api/board/{c1}/{monday}"))
            .await
            .0,
        200
    );
    assert_eq!(
        get_json(&app, &teacher, &format!("/api/board/{c2}/{monday}"))
            .await
            .0,
        403
    );
    let (_, board) = get_json(&app, &teacher, &format!("/api/board?week={monday}")).await;
    assert_eq!(board["grades"][0]["rows"].as_array().unwrap().len(), 1);
}
both_databases!(
    parent_view,
    parents_see_their_class_score_and_nothing_behind_it
);

async fn bad_dates_anonymous_callers_and_dates_outside_the_term_are_refused(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let deyu = app.signed_in("deyu").await;
    assert_eq!(
        get_json(&app, &deyu, "/api/board?week=2026-13-01").await.0,
        422
    );
    let c1 = app.class_id("初一(1)班").await;
    assert_eq!(
        get_json(&app, &deyu, &format!("/api/board/{c1}/yesterday"))
            .await
            .0,
        422
    );
    let anonymous = crate::harness::client();
    assert_eq!(get_json(&app, &anonymous, "/api/board").await.0, 401);
    assert_eq!(
        get_json(&app, &anonymous, "/api/export/board.xlsx").await.0,
        401
    );
    let (status, board) = get_json(&app, &deyu, "/api/board?week=2001-01-01").await;
    assert_eq!((status, board), (200, Value::Null));
    assert_eq!(
        get_json(&app, &deyu, "/api/export/board.xlsx?week=2001-01-01")
            .await
            .0,
        404
    );

    let term = server::seed::current_term(server::school::today_in("Asia/Shanghai"));
    let after = term.end_date + Days::new(40);
    let litter = item_id(&app, "教室地面有纸屑杂物").await;
    let mut phone = Phone::of(&app, "t101").await;
    let late = phone.create(Uuid::now_v7(), litter_on(c1, litter, after));
    let body: Value = phone.push(&app, &[late]).await.json().await.unwrap();
    assert_eq!(body["results"][0]["reason"], "outside_term");
    assert_eq!(
        crate::harness::count(&app.db, "SELECT COUNT(*) FROM check_entry").await,
        0
    );
}
both_databases!(
    bad_input,
    bad_dates_anonymous_callers_and_dates_outside_the_term_are_refused
);

pub fn text(cell: Option<&Cell>) -> String {
    match cell {
        Some(Cell::Text(s)) => s.clone(),
        Some(Cell::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

async fn the_export_is_an_xlsx_in_the_printed_layout(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    record_fixture_week(&app).await;
    let deyu = app.signed_in("deyu").await;
    let monday = fixture_monday();
    let res = deyu
        .get(app.url(&format!("/api/export/board.xlsx?week={monday}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
    let bytes = res.bytes().await.unwrap();
    let sheets = read_sheets("board.xlsx", &bytes).unwrap();
    let rows = &sheets[0].rows;
    assert!(
        text(rows[0].first()).starts_with("示范中学 班级常规评比 第"),
        "{:?}",
        rows[0]
    );
    let at = |label: &str| {
        rows.iter()
            .position(|r| text(r.first()) == label)
            .unwrap_or_else(|| panic!("no row {label}"))
    };
    let header = &rows[at("初一") + 1];
    let headings: Vec<String> = header.iter().map(|c| text(Some(c))).collect();
    assert_eq!(headings[0], "班级");
    assert!(headings[1].starts_with("周一 "), "{headings:?}");
    assert_eq!(&headings[6..9], ["总分", "名次", "流动红旗"]);
    let first = &rows[at("初一(1)班")];
    let values: Vec<String> = first.iter().map(|c| text(Some(c))).collect();
    assert_eq!(&values[1..8], ["98", "98", "100", "102", "100", "498", "3"]);
    assert_eq!(text(first.get(8)), "");
    assert_eq!(text(rows[at("初一(4)班")].get(8)), "流动红旗");
    assert!(rows.iter().any(|r| text(r.first()) == "初三(4)班"));
}
both_databases!(board_export, the_export_is_an_xlsx_in_the_printed_layout);

async fn a_class_trend_has_each_week_so_far_with_total_and_rank(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let c1 = record_fixture_week(&app).await;
    let parent = app.signed_in("jiawei101").await;
    let (status, trend) = get_json(&app, &parent, &format!("/api/classes/{c1}/trend")).await;
    assert_eq!(status, 200);
    assert_eq!(trend["class_count"], 4);
    let weeks = trend["weeks"].as_array().unwrap();
    let fixture = weeks
        .iter()
        .find(|w| w["week_start"] == fixture_monday().to_string());
    if fixture_monday() <= server::school::today_in("Asia/Shanghai") {
        let week = fixture.expect("the fixture week is in the trend");
        let got = (
            week["total"].as_f64(),
            week["rank"].as_u64(),
            week["days"].as_u64(),
        );
        assert_eq!(got, (Some(498.0), Some(3), Some(5)));
    } else {
        assert!(fixture.is_none(), "weeks after today are not drawn");
    }
    assert!(weeks.iter().all(|w| w["days"].as_u64().unwrap() > 0));
    let other = app.signed_in("t102").await;
    let path = format!("/api/classes/{c1}/trend");
    assert_eq!(get_json(&app, &other, &path).await.0, 403);
}
both_databases!(
    class_trend,
    a_class_trend_has_each_week_so_far_with_total_and_rank
);
