//! Login, logout, rate limiting, `/api/me`, password change and invites.
use serde_json::{Value, json};

use crate::both_databases;
use crate::harness::{DEMO_PASSWORD, TestApp, client, session_cookie};

async fn login_sets_a_session_and_me_answers_with_roles_and_scopes(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let client = client();
    assert_eq!(app.me_status(&client).await, 401);
    let res = app.login(&client, "t101", DEMO_PASSWORD).await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()
            .get("set-cookie")
            .is_some_and(|c| c.to_str().unwrap().contains("HttpOnly"))
    );
    let me: Value = res.json().await.unwrap();
    assert_eq!(me["username"], "t101");
    assert_eq!(me["roles"], json!(["teacher"]));
    let class = app.class_id("初一(1)班").await;
    assert_eq!(me["scopes"]["class_ids"], json!([class]));
    assert_eq!(app.me(&client).await["display_name"], "范嘉城");
}
both_databases!(
    login_sets_a_session_and_me_answers,
    login_sets_a_session_and_me_answers_with_roles_and_scopes
);

async fn each_role_sees_its_own_scopes(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let scopes = |me: &Value| {
        (
            me["scopes"]["grade_ids"].as_array().unwrap().len(),
            me["scopes"]["class_ids"].as_array().unwrap().len(),
        )
    };
    let admin = app.me(&app.signed_in("admin").await).await;
    assert_eq!(admin["roles"], json!(["school_admin"]));
    assert_eq!(scopes(&admin), (3, 12));
    let deyu = app.me(&app.signed_in("deyu").await).await;
    assert_eq!(
        (deyu["roles"].clone(), scopes(&deyu)),
        (json!(["staff"]), (3, 12))
    );
    let grade_leader = app.me(&app.signed_in("nianji1").await).await;
    assert_eq!(scopes(&grade_leader), (1, 4));
    let parent = app.me(&app.signed_in("jiawei101").await).await;
    assert_eq!(
        (parent["roles"].clone(), scopes(&parent)),
        (json!(["parent"]), (0, 1))
    );
}
both_databases!(each_role_sees_its_scopes, each_role_sees_its_own_scopes);

async fn a_wrong_password_is_401_with_a_chinese_message(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let client = client();
    for (user, password) in [("t101", "wrong-password"), ("nobody", DEMO_PASSWORD)] {
        let res = app.login(&client, user, password).await;
        assert_eq!(res.status(), 401);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"], "bad_credentials");
        assert_eq!(body["message"], "账号或密码错误");
    }
    assert_eq!(app.me_status(&client).await, 401);
}
both_databases!(
    a_wrong_password_is_refused,
    a_wrong_password_is_401_with_a_chinese_message
);

async fn repeated_failures_on_one_account_get_429(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let client = client();
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(
            app.login(&client, "t102", "guess-guess")
                .await
                .status()
                .as_u16(),
        );
    }
    assert_eq!(&statuses[..10], &[401; 10]);
    assert_eq!(&statuses[10..], &[429, 429]);
    let res = app.login(&client, "t102", DEMO_PASSWORD).await;
    assert_eq!(
        res.status(),
        429,
        "the right password does not bypass the lock"
    );
    assert!(res.headers().contains_key("retry-after"));
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["message"], "尝试次数过多，请稍后再试");
    assert_eq!(
        app.login(&client, "t103", DEMO_PASSWORD).await.status(),
        200,
        "other accounts are unaffected"
    );
}
both_databases!(
    login_is_rate_limited_per_account,
    repeated_failures_on_one_account_get_429
);

async fn logout_ends_the_session_on_the_server(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let client = client();
    let cookie_before = session_cookie(&app.login(&client, "t101", DEMO_PASSWORD).await);
    let res = client
        .post(app.url("/api/auth/logout"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(app.me_status(&client).await, 401);
    let replay = crate::harness::client();
    let res = replay
        .get(app.url("/api/me"))
        .header("cookie", cookie_before)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        401,
        "the old cookie is dead on the server, not just in the browser"
    );
}
both_databases!(
    logout_ends_the_session,
    logout_ends_the_session_on_the_server
);

async fn the_session_id_changes_at_login(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let client = client();
    let first = session_cookie(&app.login(&client, "t101", DEMO_PASSWORD).await);
    let second = session_cookie(&app.login(&client, "t101", DEMO_PASSWORD).await);
    assert_ne!(first, second);
    let res = crate::harness::client()
        .get(app.url("/api/me"))
        .header("cookie", first)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        401,
        "the pre-login session id is no longer valid"
    );
}
both_databases!(session_is_rotated_at_login, the_session_id_changes_at_login);

async fn an_admin_invites_a_teacher_who_accepts_and_later_changes_password(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初二(2)班").await.to_string();
    let invite = [
        ("invite[display_name]", "新老师"),
        ("invite[role]", "teacher"),
        ("invite[scope_kind]", "class"),
        ("invite[scope_id]", class.as_str()),
        ("invite[sensitive]", "false"),
        ("invite[title]", "副班主任"),
    ];
    let teacher = app.signed_in("t101").await;
    let res = teacher
        .post(app.url("/api/fn/create_invite"))
        .form(&invite)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403, "only admins invite");
    let admin = app.signed_in("admin").await;
    let res = admin
        .post(app.url("/api/fn/create_invite"))
        .form(&invite)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let created: Value = res.json().await.unwrap();
    let code = created["code"].as_str().unwrap().to_string();
    assert_eq!(created["path"], format!("/invite/{code}"));

    let newbie = client();
    let accept = |username: &'static str| {
        let code = code.clone();
        let newbie = newbie.clone();
        let url = app.url("/api/fn/accept_invite");
        async move {
            newbie
                .post(url)
                .form(&[
                    ("code", code.as_str()),
                    ("username", username),
                    ("password", "long-enough-1"),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let res = accept("t101").await;
    assert_eq!(res.status(), 422, "a taken username is refused");
    assert_eq!(accept("xinlaoshi").await.status(), 200);
    let me = app.me(&newbie).await;
    assert_eq!(
        (me["roles"].clone(), me["scopes"]["class_ids"].clone()),
        (json!(["teacher"]), json!([class]))
    );
    assert_eq!(
        accept("xinlaoshi2").await.status(),
        404,
        "an invite is spent once"
    );

    let change = |current: &'static str| {
        newbie
            .post(app.url("/api/fn/change_password"))
            .form(&[("current", current), ("new", "brand-new-pass")])
            .send()
    };
    let res = change("not-my-password").await.unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body["fields"][0],
        json!({"field": "current", "code": "wrong"})
    );
    assert_eq!(change("long-enough-1").await.unwrap().status(), 200);
    assert_eq!(
        app.me_status(&newbie).await,
        200,
        "the session that changed the password stays"
    );
    assert_eq!(
        app.login(&client(), "xinlaoshi", "long-enough-1")
            .await
            .status(),
        401
    );
    assert_eq!(
        app.login(&client(), "xinlaoshi", "brand-new-pass")
            .await
            .status(),
        200
    );
}
both_databases!(
    invites_and_password_change,
    an_admin_invites_a_teacher_who_accepts_and_later_changes_password
);
