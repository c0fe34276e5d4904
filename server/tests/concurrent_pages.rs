//! Pages rendered in a process of their own, each request with a timeout: concurrent renders
//! must not share reactive state, and another test's server in the same process would hide
//! or add interference (see BENCHMARKS.md, "Hardening"; a page render there once stalled).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#[path = "integration/harness.rs"]
#[allow(dead_code)] // the integration binary uses the rest of it
mod harness;

use harness::{DEMO_PASSWORD, TestApp, TestDb};

/// A client signed in as `username` whose pages are asked for in `lang` (zh or en).
async fn signed_in_speaking(app: &TestApp, username: &str, lang: &str) -> reqwest::Client {
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let base = app.base.parse().expect("base url");
    jar.add_cookie_str(&format!("i18n_pref_locale={lang}"), &base);
    let who = reqwest::Client::builder()
        .cookie_provider(jar)
        .build()
        .expect("client");
    let res = app.login(&who, username, DEMO_PASSWORD).await;
    assert_eq!(res.status(), 200, "login as {username}");
    who
}

/// Pages rendered at once on both worker threads each get their own title in their own
/// language: the head is written outside the render, where a reactive read once took another
/// request's signals (or none) and panicked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_rendered_at_once_each_keep_their_own_language() {
    let test_db = TestDb::sqlite().await;
    let app = std::sync::Arc::new(TestApp::with_demo(test_db.db.clone()).await);
    let readers = [
        ("t101", "zh", "/today", "<title>班务通</title>"),
        ("t102", "en", "/today", "<title>Homeroom</title>"),
        ("jiawei101", "zh", "/", "<title>班务通</title>"),
        ("jiawei101", "en", "/", "<title>Homeroom</title>"),
    ];
    let mut tasks = Vec::new();
    for (user, lang, path, title) in readers {
        let who = signed_in_speaking(&app, user, lang).await;
        for _ in 0..16 {
            let (app, who) = (app.clone(), who.clone());
            tasks.push(tokio::spawn(async move {
                for _ in 0..20 {
                    // A stalled page fails the test instead of hanging it.
                    let res = who
                        .get(app.url(path))
                        .timeout(std::time::Duration::from_secs(30))
                        .send()
                        .await
                        .expect("page");
                    assert_eq!(res.status(), 200, "{user} {path}");
                    let html = res.text().await.expect("html");
                    assert!(html.contains(title), "{user} {path} in {lang}: no {title}");
                }
            }));
        }
    }
    for task in tasks {
        task.await.expect("every page rendered");
    }
    test_db.finish().await;
}

/// A page asked for a date past the calendar's limits renders and says why; the same dates
/// are 422 from every API (`hardening::far_dates`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_of_a_date_past_the_calendar_says_why() {
    let test_db = TestDb::sqlite().await;
    let app = TestApp::with_demo(test_db.db.clone()).await;
    for user in ["jiawei101", "deyu"] {
        let who = signed_in_speaking(&app, user, "zh").await;
        for page in [
            "/board?week=%2B262142-12-31",
            "/attendance?date=-262143-01-01",
        ] {
            let res = who
                .get(app.url(page))
                .timeout(std::time::Duration::from_secs(30))
                .send()
                .await
                .expect("page");
            assert_eq!(res.status(), 200, "{user} {page}");
            let html = res.text().await.expect("html");
            assert!(html.contains("日期无法识别"), "{user} {page} says why");
        }
    }
    test_db.finish().await;
}
