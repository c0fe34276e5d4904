//! Importing a school's roster: the real export, bad rows, messy cells, re-imports.
use reqwest::multipart::{Form, Part};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;

use crate::both_databases;
use crate::harness::{TestApp, client, count};

const STUDENTS_XLSX: &[u8] = include_bytes!("../../demo/students.xlsx");
const STUDENTS_CSV: &[u8] = include_bytes!("../../demo/students.csv");

/// An app with an empty school and its admin signed in.
async fn empty_school(db: server::db::Db) -> (TestApp, reqwest::Client) {
    let hash = server::auth::password::hash("admin-pass").await.unwrap();
    let school = server::db::school::create_school(&db, "测试中学", "Asia/Shanghai")
        .await
        .unwrap();
    let user = server::db::users::NewUser {
        id: uuid::Uuid::now_v7(),
        school_id: Some(school),
        username: "boss",
        display_name: "校长",
        phone: None,
        password_hash: Some(&hash.0),
    };
    let grant = app::domain::role::Grant {
        role: app::domain::role::Role::SchoolAdmin,
        scope: app::domain::role::Scope::School(school),
        sensitive: true,
        title: String::new(),
    };
    server::db::users::create(&db, &user, &[grant])
        .await
        .unwrap();
    let app = TestApp::spawn(db).await;
    let admin = client();
    assert_eq!(app.login(&admin, "boss", "admin-pass").await.status(), 200);
    (app, admin)
}

async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_string()));
    client
        .post(app.url("/api/admin/imports"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn commit(app: &TestApp, client: &reqwest::Client, preview: &Value) -> reqwest::Response {
    let id = preview["id"].as_str().unwrap();
    client
        .post(app.url(&format!("/api/admin/imports/{id}/commit")))
        .send()
        .await
        .unwrap()
}

async fn the_school_export_imports_551_students_in_12_classes(db: server::db::Db) {
    let (app, admin) = empty_school(db).await;
    let res = upload(&app, &admin, "students.xlsx", STUDENTS_XLSX.to_vec()).await;
    assert_eq!(res.status(), 200);
    let preview: Value = res.json().await.unwrap();
    assert_eq!(preview["total"], 551);
    assert_eq!(preview["errors"].as_array().unwrap().len(), 0);
    let classes = preview["classes"].as_array().unwrap();
    assert_eq!(classes.len(), 12);
    assert_eq!(
        (classes[0]["class"].as_str(), classes[0]["count"].as_u64()),
        (Some("初一(1)班"), Some(44))
    );
    assert_eq!(
        (classes[11]["class"].as_str(), classes[11]["count"].as_u64()),
        (Some("初三(4)班"), Some(49))
    );
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) FROM student").await,
        0,
        "a preview imports nothing"
    );

    let outcome: Value = commit(&app, &admin, &preview).await.json().await.unwrap();
    assert_eq!(
        (outcome["created"].as_u64(), outcome["classes"].as_u64()),
        (Some(551), Some(12))
    );
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM student").await, 551);
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) FROM school_class").await,
        12
    );
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM grade").await, 3);
    assert_eq!(
        commit(&app, &admin, &preview).await.status(),
        409,
        "a staged file imports once"
    );

    let again: Value = upload(&app, &admin, "students.csv", STUDENTS_CSV.to_vec())
        .await
        .json()
        .await
        .unwrap();
    assert!(
        again["classes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["new"] == 0)
    );
    let outcome: Value = commit(&app, &admin, &again).await.json().await.unwrap();
    assert_eq!(
        (outcome["created"].as_u64(), outcome["updated"].as_u64()),
        (Some(0), Some(551))
    );
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) FROM student").await,
        551,
        "re-import never duplicates"
    );
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM guardian").await, 551);
}
both_databases!(
    the_school_export_imports,
    the_school_export_imports_551_students_in_12_classes
);

/// A sheet shaped like a school export: merged title row, header, then `rows`.
fn workbook(sheet: &str, rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    ws.merge_range(0, 0, 0, 10, "测试中学 学生名单", &Format::new())
        .unwrap();
    let header = [
        "年级",
        "班级",
        "学号",
        "姓名",
        "性别",
        "出生日期",
        "监护人姓名",
        "监护人关系",
        "监护人电话",
        "留守儿童",
        "住校",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::S(s) => ws.write_string(r, c, *s).map(|_| ()),
                Cell::N(n) => ws.write_number(r, c, *n).map(|_| ()),
                Cell::D(y, m, d) => ws
                    .write_datetime_with_format(
                        r,
                        c,
                        ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                        &date,
                    )
                    .map(|_| ()),
            }
            .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

enum Cell {
    S(&'static str),
    N(f64),
    D(u16, u8, u8),
}

fn row(no: &'static str, name: &'static str, sex: &'static str) -> Vec<Cell> {
    use Cell::*;
    vec![
        S("初二"),
        S("初二(1)班"),
        S(no),
        S(name),
        S(sex),
        D(2012, 9, 17),
        S("吕彬飞"),
        S("外祖父"),
        S("13900000178"),
        S("是"),
        S("否"),
    ]
}

async fn a_file_with_a_bad_row_imports_nothing_and_names_the_row(db: server::db::Db) {
    let (app, admin) = empty_school(db).await;
    let rows = vec![
        row("1001", "吕雨", "女"),
        row("1002", "方嘉明", "男"),
        row("1003", "郑杰", "未知"),
        row("1004", "侯杰", "男"),
    ];
    let res = upload(&app, &admin, "bad.xlsx", workbook("初二", &rows)).await;
    assert_eq!(res.status(), 200);
    let preview: Value = res.json().await.unwrap();
    let errors = preview["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (errors[0]["sheet"].as_str(), errors[0]["row"].as_u64()),
        (Some("初二"), Some(5))
    );
    assert_eq!(errors[0]["problem"]["code"], "bad_sex");
    let res = commit(&app, &admin, &preview).await;
    assert_eq!(res.status(), 409);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM student").await, 0);
}
both_databases!(
    a_bad_row_imports_nothing,
    a_file_with_a_bad_row_imports_nothing_and_names_the_row
);

async fn messy_cells_are_cleaned_on_import(db: server::db::Db) {
    use Cell::*;
    let (app, admin) = empty_school(db).await;
    let rows = vec![
        vec![
            S(" 初二 "),
            S("初二（１）班"),
            N(202420101.0),
            S("\u{3000}吕 雨 "),
            S("女"),
            N(41169.0),
            S("吕彬飞"),
            S("外祖父"),
            N(13900000178.0),
            S("是"),
            S(""),
        ],
        vec![
            S(""),
            S(""),
            S(""),
            S(""),
            S(""),
            S(""),
            S(""),
            S(""),
            S(""),
            S(""),
            S(""),
        ],
    ];
    let preview: Value = upload(&app, &admin, "messy.xlsx", workbook("初二", &rows))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(preview["errors"].as_array().unwrap().len(), 0, "{preview}");
    assert_eq!(preview["classes"][0]["class"], "初二(1)班");
    commit(&app, &admin, &preview).await;
    let class = app.class_id("初二(1)班").await;
    let roster: Value = admin
        .get(app.url(&format!("/api/classes/{class}/students")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let s = &roster["students"][0];
    assert_eq!(
        (s["student_no"].as_str(), s["name"].as_str()),
        (Some("202420101"), Some("吕 雨"))
    );
    assert_eq!(s["birth_date"], "2012-09-17");
    assert_eq!(s["guardians"][0]["phone"], "13900000178");
    assert_eq!(s["flags"]["left_behind"], true);
}
both_databases!(messy_cells_are_cleaned, messy_cells_are_cleaned_on_import);

async fn only_the_schools_admin_may_import(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let teacher = app.signed_in("t101").await;
    let res = upload(&app, &teacher, "students.xlsx", STUDENTS_XLSX.to_vec()).await;
    assert_eq!(res.status(), 403);
    let admin = app.signed_in("admin").await;
    let preview: Value = upload(&app, &admin, "students.xlsx", STUDENTS_XLSX.to_vec())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(commit(&app, &teacher, &preview).await.status(), 403);
    let res = upload(
        &app,
        &admin,
        "junk.xlsx",
        b"PK\x03\x04 not really a zip".to_vec(),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["fields"][0]["code"], "unreadable");
}
both_databases!(only_admins_import, only_the_schools_admin_may_import);
