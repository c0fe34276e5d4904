//! Property tests over HTTP against the real app on SQLite: arbitrary pushes are each applied
//! or refused with a known code and never bend a day's score past its bound; arbitrary date
//! parameters on every read endpoint never answer 5xx.
use app::domain::checks::MAX_ENTRY_VALUE;
use app::sync::rejection::Rejection;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::attendance::students;
use crate::harness::{TestApp, TestDb};

use crate::sync_support::{Phone, item_id};

/// Real ids the generated mutations pick from, so many of them reach the deeper rules.
#[derive(Clone, Debug)]
struct Ids {
    classes: Vec<Uuid>,
    items: Vec<Uuid>,
    students: Vec<Uuid>,
}

fn any_date() -> impl Strategy<Value = Value> {
    let today = server::school::today_in("Asia/Shanghai");
    prop_oneof![
        (-40_i64..3).prop_map(move |d| json!(today + chrono::Duration::days(d))),
        prop::sample::select(vec![
            "+262142-12-31",
            "-262143-01-01",
            "9999-12-31",
            "2026-02-30",
            "",
            "today",
        ])
        .prop_map(|s| json!(s)),
        any::<i64>().prop_map(|n| json!(n)),
    ]
}

fn any_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        (-60_i64..60).prop_map(|n| json!(n)),
        any::<i64>().prop_map(|n| json!(n)),
        (-1e6_f64..1e6).prop_map(|f| json!(f)),
        Just(json!("1")),
        Just(Value::Null),
    ]
}

fn pick(ids: Vec<Uuid>) -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => prop::sample::select(ids).prop_map(|id| json!(id)),
        1 => any::<u128>().prop_map(|n| json!(Uuid::from_u128(n))),
        1 => ".{0,8}".prop_map(|s| json!(s)),
    ]
}

fn any_students(ids: Vec<Uuid>) -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(ids.clone()), 0..50).prop_map(|v| json!(v)),
        (prop::sample::select(ids), 0_usize..3000).prop_map(|(id, n)| json!(vec![id; n])),
        Just(json!("everyone")),
    ]
}

fn any_fields(ids: &Ids) -> impl Strategy<Value = Value> {
    let entry = (
        pick(ids.classes.clone()),
        any_date(),
        prop::sample::select(vec!["早读", "午休", "全天", "x"]),
        pick(ids.items.clone()),
        any_number(),
        any_number(),
        any_students(ids.students.clone()),
        ".{0,250}",
    )
        .prop_map(|(class, date, slot, item, points, count, students, note)| {
            json!({"class_id": class, "date": date, "slot": slot, "item_id": item, "points": points,
                   "count": count, "student_ids": students, "note": note,
                   "observed_at": "9999-12-31T23:59:59Z"})
        });
    let mark = (
        pick(ids.classes.clone()),
        pick(ids.students.clone()),
        any_date(),
        prop::sample::select(vec![
            "sick",
            "personal",
            "truant",
            "late",
            "early_leave",
            "x",
        ]),
        prop::sample::select(vec![
            vec![],
            vec!["fever"],
            vec!["fever", "fever"],
            vec!["x"],
        ]),
        any_date(),
    )
        .prop_map(|(class, student, date, kind, symptoms, back)| {
            json!({"class_id": class, "student_id": student, "date": date, "kind": kind,
                   "symptoms": symptoms, "expected_return": back})
        });
    let patch = (any::<bool>(), ".{0,20}", any_date()).prop_map(|(voided, reason, back)| {
        json!({"voided": voided, "void_reason": reason, "returned_on": back, "count": 3})
    });
    let junk = prop_oneof![
        Just(json!({})),
        Just(json!({"unexpected": true})),
        ".{0,30}".prop_map(|s| json!({"note": s})),
    ];
    prop_oneof![3 => entry, 2 => mark, 1 => patch, 1 => junk]
}

fn any_mutation(ids: &Ids) -> impl Strategy<Value = (String, String, Value)> {
    (
        prop::sample::select(vec!["check_entry", "attendance", "check_appeal"]),
        prop::sample::select(vec!["create", "create", "create", "patch", "delete"]),
        any_fields(ids),
    )
        .prop_map(|(t, o, f)| (t.to_string(), o.to_string(), f))
}

/// Every (class, day) whose valid entries add up to more than their count allows.
async fn days_past_the_bound(app: &TestApp) -> Vec<(Uuid, String, i64, i64)> {
    let sql =
        "SELECT class_id, CAST(entry_date AS TEXT), CAST(SUM(value_tenths) AS BIGINT), COUNT(*)
               FROM check_entry WHERE NOT voided AND NOT deleted GROUP BY class_id, entry_date";
    let rows: Vec<(Uuid, String, i64, i64)> = match &app.db {
        server::db::Db::Sqlite(p) => sqlx::query_as(sql).fetch_all(p).await.unwrap(),
        server::db::Db::Postgres(p) => sqlx::query_as(sql).fetch_all(p).await.unwrap(),
    };
    rows.into_iter()
        .filter(|(_, _, sum, n)| sum.abs() > n * MAX_ENTRY_VALUE.0)
        .collect()
}

#[test]
fn arbitrary_pushes_are_applied_or_refused_with_a_known_code_and_keep_scores_bounded() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let test_db = rt.block_on(TestDb::sqlite());
    let (app, ids) = rt.block_on(async {
        let app = TestApp::with_demo(test_db.db.clone()).await;
        let classes = vec![
            app.class_id("初一(1)班").await,
            app.class_id("初一(2)班").await,
        ];
        let items = vec![
            item_id(&app, "好人好事").await,
            item_id(&app, "教室地面有纸屑杂物").await,
            item_id(&app, "早读迟到").await,
            item_id(&app, "集体活动获奖").await,
        ];
        let mut pupils = students(&app, classes[0], 45).await;
        pupils.extend(students(&app, classes[1], 5).await);
        let ids = Ids {
            classes,
            items,
            students: pupils,
        };
        (app, ids)
    });
    let phones = rt.block_on(async {
        vec![
            Phone::of(&app, "t101").await,
            Phone::of(&app, "deyu").await,
            Phone::of(&app, "jiawei101").await,
        ]
    });
    let mut runner = TestRunner::new(Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (
        0_usize..3,
        prop::collection::vec(any_mutation(&ids), 1..8),
        prop::collection::vec(any::<u128>(), 8),
    );
    // The runner takes a `Fn`: what the cases share lives in cells.
    let phones = std::cell::RefCell::new(phones);
    let created = std::cell::RefCell::new(Vec::<Uuid>::new());
    runner
        .run(&strategy, |(who, mutations, fresh)| {
            let mut phones = phones.borrow_mut();
            let mut created = created.borrow_mut();
            let phone = &mut phones[who];
            let batch: Vec<Value> = mutations
                .into_iter()
                .zip(fresh)
                .map(|((table, op, fields), n)| {
                    // Patches aim at rows made earlier, creates at new ids.
                    let id = match op.as_str() {
                        "create" => Uuid::from_u128(n),
                        _ => created
                            .get(n as usize % created.len().max(1))
                            .copied()
                            .unwrap_or_default(),
                    };
                    if op == "create" {
                        created.push(id);
                    }
                    phone.mutation_on(&table, &op, id, fields)
                })
                .collect();
            rt.block_on(async {
                let res = phone.push(&app, &batch).await;
                let status = res.status().as_u16();
                prop_assert!(status < 500, "push answered {status}");
                if status != 200 {
                    return Ok(());
                }
                let body: Value = res.json().await.unwrap();
                for r in body["results"].as_array().unwrap() {
                    match r["status"].as_str() {
                        Some("applied") => {}
                        Some("rejected") => {
                            let code = r["reason"].clone();
                            prop_assert!(
                                code.as_str().and_then(Rejection::parse).is_some(),
                                "unknown code {code}"
                            );
                        }
                        other => prop_assert!(false, "status {other:?}"),
                    }
                }
                let bad = days_past_the_bound(&app).await;
                prop_assert!(bad.is_empty(), "days past the bound: {bad:?}");
                Ok(())
            })
        })
        .unwrap();
    rt.block_on(test_db.finish());
}
