//! Today drawn by the server for a visit that does not come through the service worker: the
//! user's own classes and nothing more, never kept by any cache; the frame the worker keeps
//! holds no one's data.
use serde_json::json;
use uuid::Uuid;

use crate::both_databases;
use crate::harness::{TestApp, client};
use crate::sync_support::{Phone, item_id, litter};

/// The names of a class's students.
async fn names_in(app: &TestApp, class: Uuid) -> Vec<String> {
    let sql = "SELECT name FROM student WHERE class_id = $1";
    let rows: Vec<(String,)> = match &app.db {
        server::db::Db::Sqlite(p) => sqlx::query_as(sql).bind(class).fetch_all(p).await,
        server::db::Db::Postgres(p) => sqlx::query_as(sql).bind(class).fetch_all(p).await,
    }
    .unwrap();
    assert!(!rows.is_empty());
    rows.into_iter().map(|r| r.0).collect()
}

/// A page's `Cache-Control` and HTML.
async fn page(app: &TestApp, http: &reqwest::Client, path: &str) -> (String, String) {
    let res = http.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    let cache = res.headers()["cache-control"].to_str().unwrap().to_string();
    (cache, res.text().await.unwrap())
}

async fn today_is_drawn_for_its_own_teacher_and_never_kept(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let own = app.class_id("初一(1)班").await;
    let other = app.class_id("初一(2)班").await;
    let (own_names, other_names) = (names_in(&app, own).await, names_in(&app, other).await);
    let mut phone = Phone::of(&app, "t101").await;
    let item = item_id(&app, "教室地面有纸屑杂物").await;
    // Text that would close the page's JSON copy if it were not escaped.
    let note = "讲台下有纸团</script><b>今日</b>";
    let mut fields = litter(own, item);
    fields["note"] = json!(note);
    let create = phone.create(Uuid::now_v7(), fields);
    assert_eq!(phone.push_one(&app, create).await.0, "applied");

    let (cache, html) = page(&app, &phone.http, "/today").await;
    assert_eq!(cache, "private, no-store");
    assert!(html.contains("教室地面有纸屑杂物"), "the items are drawn");
    assert!(
        !html.contains(note),
        "the note is escaped wherever it is drawn"
    );
    assert!(
        html.contains("讲台下有纸团&lt;/script&gt;"),
        "today's entries are drawn"
    );
    assert!(
        html.contains(r"讲台下有纸团\u003c/script>"),
        "and copied as JSON"
    );
    assert!(
        own_names.iter().any(|n| html.contains(n.as_str())),
        "the roster comes with it"
    );
    for name in &other_names {
        assert!(!html.contains(name.as_str()), "another class's {name}");
    }

    let (cache, frame) = page(&app, &phone.http, "/today?shell").await;
    assert_eq!(cache, "no-cache", "the frame is what the worker keeps");
    assert!(!frame.contains("讲台下有纸团") && !frame.contains("教室地面有纸屑杂物"));
    for name in &own_names {
        assert!(!frame.contains(name.as_str()), "the frame holds {name}");
    }

    // Staff open Today on the first class of their scope: the page carries its roster alone.
    let staff = app.signed_in("deyu").await;
    let (_, html) = page(&app, &staff, "/today").await;
    assert!(html.contains("教室地面有纸屑杂物"));
    assert!(own_names.iter().any(|n| html.contains(n.as_str())));
    for name in &other_names {
        assert!(!html.contains(name.as_str()), "staff's page carries {name}");
    }

    let parent = app.signed_in("jiawei101").await;
    let visitor = client();
    for (who, http) in [("家委会", &parent), ("a visitor", &visitor)] {
        let (cache, html) = page(&app, http, "/today").await;
        assert_eq!(cache, "private, no-store", "{who}");
        assert!(!html.contains("讲台下有纸团"), "{who} sees the entry");
        for name in &own_names {
            assert!(!html.contains(name.as_str()), "{who} sees {name}");
        }
    }
}
both_databases!(drawn, today_is_drawn_for_its_own_teacher_and_never_kept);
