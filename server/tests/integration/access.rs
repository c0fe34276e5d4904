//! Role and scope on every read, body limits and the same-origin rule.
use serde_json::Value;

use crate::both_databases;
use crate::harness::TestApp;

async fn students_of(app: &TestApp, client: &reqwest::Client, class: &str) -> reqwest::Response {
    let id = app.class_id(class).await;
    client
        .get(app.url(&format!("/api/classes/{id}/students")))
        .send()
        .await
        .unwrap()
}

async fn a_teacher_reads_only_their_own_class(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let t101 = app.signed_in("t101").await;
    let own = students_of(&app, &t101, "初一(1)班").await;
    assert_eq!(own.status(), 200);
    let roster: Value = own.json().await.unwrap();
    let students = roster["students"].as_array().unwrap();
    assert_eq!(students.len(), 44);
    assert!(
        students
            .iter()
            .all(|s| !s["guardians"].as_array().unwrap().is_empty()),
        "teachers see guardians"
    );
    assert_eq!(students_of(&app, &t101, "初一(2)班").await.status(), 403);
    assert_eq!(students_of(&app, &t101, "初三(4)班").await.status(), 403);
}
both_databases!(
    a_teacher_reads_only_their_class,
    a_teacher_reads_only_their_own_class
);

async fn a_parent_member_gets_403_for_every_student_list(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let parent = app.signed_in("jiawei101").await;
    for class in ["初一(1)班", "初一(2)班", "初二(1)班"] {
        let res = students_of(&app, &parent, class).await;
        assert_eq!(res.status(), 403, "{class}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["message"], "您无权查看或修改此内容");
    }
}
both_databases!(
    a_parent_member_never_reads_students,
    a_parent_member_gets_403_for_every_student_list
);

async fn staff_see_their_scope_and_sensitive_data_only_with_the_grant(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let grade_leader = app.signed_in("nianji1").await;
    let res = students_of(&app, &grade_leader, "初一(3)班").await;
    assert_eq!(res.status(), 200);
    let roster: Value = res.json().await.unwrap();
    let first = &roster["students"][0];
    assert!(first["flags"].is_null() && first["guardians"].as_array().unwrap().is_empty());
    assert_eq!(
        students_of(&app, &grade_leader, "初二(1)班").await.status(),
        403
    );
    let deyu = app.signed_in("deyu").await;
    let roster: Value = students_of(&app, &deyu, "初二(1)班")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        roster["students"][0]["flags"].is_object(),
        "德育处 holds the sensitive grant"
    );
}
both_databases!(
    staff_scope_and_sensitive_grant,
    staff_see_their_scope_and_sensitive_data_only_with_the_grant
);

async fn anonymous_and_unknown_requests_are_refused_cleanly(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let anonymous = crate::harness::client();
    assert_eq!(
        students_of(&app, &anonymous, "初一(1)班").await.status(),
        401
    );
    let admin = app.signed_in("admin").await;
    let missing = uuid::Uuid::now_v7();
    let res = admin
        .get(app.url(&format!("/api/classes/{missing}/students")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = admin
        .get(app.url("/api/classes/not-a-uuid/students"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
}
both_databases!(
    anonymous_and_unknown_requests,
    anonymous_and_unknown_requests_are_refused_cleanly
);

async fn an_oversized_body_gets_413_and_a_cross_site_post_403(db: server::db::Db) {
    let app = TestApp::spawn(db).await;
    let client = crate::harness::client();
    let big = "x".repeat(2 * 1024 * 1024);
    let res = client
        .post(app.url("/api/auth/login"))
        .header("content-type", "application/json")
        .body(format!("{{\"username\":\"{big}\",\"password\":\"p\"}}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    let res = client
        .post(app.url("/api/auth/login"))
        .header("sec-fetch-site", "cross-site")
        .json(&serde_json::json!({"username": "a", "password": "b"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = client
        .post(app.url("/api/auth/login"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(
        client
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "ok"
    );
}
both_databases!(
    body_limit_and_same_origin,
    an_oversized_body_gets_413_and_a_cross_site_post_403
);

async fn pages_carry_security_headers_and_a_nonce_csp(db: server::db::Db) {
    let app = TestApp::spawn(db).await;
    let res = crate::harness::client()
        .get(app.url("/login"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("'nonce-") && !csp.contains("unsafe-inline' 'wasm"),
        "{csp}"
    );
    assert_eq!(res.headers()["x-frame-options"], "DENY");
    let html = res.text().await.unwrap();
    assert!(html.contains("<html lang=\"zh\""), "Chinese by default");
    assert!(html.contains("登录班务通"));
    let res = crate::harness::client()
        .get(app.url("/no-such-page"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}
both_databases!(
    pages_have_security_headers,
    pages_carry_security_headers_and_a_nonce_csp
);
