//! Staff accounts from a CSV: bad rows refused, new accounts activated once, existing ones extended.
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::both_databases;
use crate::harness::{TestApp, client, count};

async fn upload(app: &TestApp, admin: &reqwest::Client, csv: &str) -> Value {
    let form = Form::new().part(
        "file",
        Part::bytes(csv.as_bytes().to_vec()).file_name("staff.csv"),
    );
    let res = admin
        .post(app.url("/api/admin/staff-imports"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn commit(app: &TestApp, admin: &reqwest::Client, preview: &Value) -> reqwest::Response {
    let id = preview["id"].as_str().unwrap();
    admin
        .post(app.url(&format!("/api/admin/staff-imports/{id}/commit")))
        .send()
        .await
        .unwrap()
}

const HEADER: &str = "姓名,账号,角色,年级,班级,手机\n";

async fn staff_csv_creates_activatable_accounts_and_extends_existing_ones(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let admin = app.signed_in("admin").await;
    let users_before = count(&app.db, "SELECT COUNT(*) FROM app_user").await;

    let bad = upload(
        &app,
        &admin,
        &format!("{HEADER}唐新,tangxin,班主任,初二,初二(9)班,\n"),
    )
    .await;
    assert_eq!(bad["errors"], json!(["第 2 行：找不到班级“初二(9)班”"]));
    assert_eq!(commit(&app, &admin, &bad).await.status(), 409);
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) FROM app_user").await,
        users_before
    );

    let csv = format!(
        "{HEADER}唐新,tangxin,班主任,初二,初二(3)班,13800005555\n范嘉城,t101,副班主任,初一,初一(2)班,\n"
    );
    let preview = upload(&app, &admin, &csv).await;
    assert_eq!(preview["errors"], json!([]));
    let exists: Vec<bool> = preview["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["exists"].as_bool().unwrap())
        .collect();
    assert_eq!(exists, vec![false, true]);
    let res = commit(&app, &admin, &preview).await;
    assert_eq!(res.status(), 200);
    let outcome: Value = res.json().await.unwrap();
    assert_eq!(outcome["updated"], 1);
    let activations = outcome["activations"].as_array().unwrap();
    assert_eq!(activations.len(), 1);
    assert_eq!(
        commit(&app, &admin, &preview).await.status(),
        409,
        "a staged file imports once"
    );

    let users: Value = admin
        .post(app.url("/api/fn/list_users"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let listed = |name: &str| {
        users
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["username"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        listed("tangxin")["has_password"],
        false,
        "listed as not yet activated"
    );
    assert_eq!(listed("t101")["has_password"], true);
    assert_eq!(listed("t101")["grants"].as_array().unwrap().len(), 2);
    let teacher_list = app
        .signed_in("t103")
        .await
        .post(app.url("/api/fn/list_users"))
        .send()
        .await
        .unwrap();
    assert_eq!(teacher_list.status(), 403);

    let tang = client();
    assert_eq!(
        app.login(&tang, "tangxin", "anything-at-all")
            .await
            .status(),
        401,
        "no password until activated"
    );
    let code = activations[0]["code"].as_str().unwrap();
    let res = tang
        .post(app.url("/api/fn/accept_invite"))
        .form(&[
            ("code", code),
            ("username", "tangxin"),
            ("password", "tang-password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let me = app.me(&tang).await;
    assert_eq!(
        me["scopes"]["class_ids"],
        json!([app.class_id("初二(3)班").await])
    );

    let t101 = app.me(&app.signed_in("t101").await).await;
    assert_eq!(
        t101["scopes"]["class_ids"].as_array().unwrap().len(),
        2,
        "t101 is now also deputy of 初一(2)班"
    );

    let teacher = app.signed_in("t102").await;
    let form = Form::new().part("file", Part::bytes(csv.into_bytes()).file_name("staff.csv"));
    let res = teacher
        .post(app.url("/api/admin/staff-imports"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}
both_databases!(
    staff_csv_import,
    staff_csv_creates_activatable_accounts_and_extends_existing_ones
);
