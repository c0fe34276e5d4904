//! Test harness: a fresh real database (SQLite file or PostgreSQL database) per test,
//! the real router on port 0, and an HTTP client with a cookie jar.
use std::net::SocketAddr;
use std::sync::Arc;

use leptos::config::LeptosOptions;
use server::db::Db;
use server::http::{HttpSettings, router};
use tower_sessions::cookie::Key;

/// A database made for one test; dropped (PostgreSQL) by [`TestDb::finish`].
pub struct TestDb {
    pub db: Db,
    /// The URL the database was opened with.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg_name: Option<String>,
}

impl TestDb {
    /// A migrated SQLite file in a temporary folder.
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite:{}", dir.path().join("test.db").display());
        let db = Db::connect(&url).await.expect("open sqlite");
        db.migrate().await.expect("migrate sqlite");
        TestDb {
            db,
            url,
            _dir: Some(dir),
            pg_name: None,
        }
    }

    /// A migrated, brand-new database on the server named by `TEST_POSTGRES_URL`.
    pub async fn postgres() -> TestDb {
        let test_db = TestDb::postgres_empty().await;
        test_db.db.migrate().await.expect("migrate postgres");
        test_db
    }

    /// A brand-new, empty (not migrated) database on the server named by `TEST_POSTGRES_URL`.
    pub async fn postgres_empty() -> TestDb {
        let admin_url = std::env::var("TEST_POSTGRES_URL")
            .expect("TEST_POSTGRES_URL must name a PostgreSQL server for the postgres suite");
        let name = format!("hr_t_{}", uuid::Uuid::new_v4().simple());
        let admin = Db::connect(&admin_url)
            .await
            .expect("connect to TEST_POSTGRES_URL");
        let Db::Postgres(pool) = &admin else {
            panic!("TEST_POSTGRES_URL is not postgres://")
        };
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(pool)
            .await
            .expect("create test database");
        pool.close().await;
        let url = replace_database(&admin_url, &name);
        let db = Db::connect(&url).await.expect("connect to test database");
        TestDb {
            db,
            url,
            _dir: None,
            pg_name: Some(name),
        }
    }

    /// Drops the PostgreSQL test database.
    pub async fn finish(self) {
        let Some(name) = self.pg_name else { return };
        if let Db::Postgres(pool) = &self.db {
            pool.close().await;
        }
        let admin_url = std::env::var("TEST_POSTGRES_URL").unwrap_or_default();
        if let Ok(Db::Postgres(pool)) = Db::connect(&admin_url).await {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&pool)
                .await;
        }
    }
}

fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let base = match base.rfind('/') {
        Some(i) if base[..i].contains("://") && i > base.find("://").unwrap_or(0) + 2 => &base[..i],
        _ => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// Runs the same async test body against SQLite and (ignored unless asked for) PostgreSQL.
#[macro_export]
macro_rules! both_databases {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let test_db = $crate::harness::TestDb::sqlite().await;
                super::$body(test_db.db.clone()).await;
                test_db.finish().await;
            }

            #[tokio::test]
            #[ignore = "PostgreSQL suite: run by .ci/run with TEST_POSTGRES_URL"]
            async fn postgres() {
                let test_db = $crate::harness::TestDb::postgres().await;
                super::$body(test_db.db.clone()).await;
                test_db.finish().await;
            }
        }
    };
}

/// The real app served on a free port, keeping its photos in a folder of its own.
#[derive(Clone)]
pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub photos: Arc<tempfile::TempDir>,
}

impl TestApp {
    /// Serves the router over `db` with a 1 MiB body limit.
    pub async fn spawn(db: Db) -> TestApp {
        TestApp::serve(db, false, "target/site").await
    }

    /// The app behind a trusted proxy: `X-Forwarded-For` says who the client is.
    pub async fn behind_proxy(db: Db) -> TestApp {
        TestApp::serve(db, true, "target/site").await
    }

    /// The app serving its static files from `site_root`.
    pub async fn with_site(db: Db, site_root: &str) -> TestApp {
        TestApp::serve(db, false, site_root).await
    }

    async fn serve(db: Db, trust_proxy: bool, site_root: &str) -> TestApp {
        let options = LeptosOptions::builder()
            .output_name("homeroom")
            .site_root(site_root)
            .build();
        let devices = server::auth::device::DeviceCookies::new(Key::generate(), false);
        let photos = Arc::new(tempfile::tempdir().expect("photo folder"));
        let store = server::photos::store::PhotoStore::open(&photos.path().display().to_string())
            .expect("photo store");
        let state = server::app_state(db.clone(), options, trust_proxy, devices, store);
        let app = router(
            state,
            HttpSettings {
                session_key: Key::generate(),
                secure_cookies: false,
                body_limit: 1024 * 1024,
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .expect("serve");
        });
        TestApp {
            base: format!("http://{addr}"),
            db,
            photos,
        }
    }

    /// The demo school on this app's database, then the app.
    pub async fn with_demo(db: Db) -> TestApp {
        server::seed::seed_demo(&db, DEMO_PASSWORD)
            .await
            .expect("seed demo");
        TestApp::spawn(db).await
    }

    /// A URL on this app.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A client signed in as `username` with the demo password.
    pub async fn signed_in(&self, username: &str) -> reqwest::Client {
        let client = client();
        let res = self.login(&client, username, DEMO_PASSWORD).await;
        assert_eq!(res.status(), 200, "login as {username}");
        client
    }

    /// A new user of `role` over one class, invited by the admin, signed in as `username`.
    pub async fn invited(&self, role: &str, class: uuid::Uuid, username: &str) -> reqwest::Client {
        let class = class.to_string();
        let invite = [
            ("invite[display_name]", username),
            ("invite[role]", role),
            ("invite[scope_kind]", "class"),
            ("invite[scope_id]", class.as_str()),
            ("invite[sensitive]", "false"),
            ("invite[title]", ""),
        ];
        let admin = self.signed_in("admin").await;
        let (status, created) = call(self, &admin, "create_invite", &invite).await;
        assert_eq!(status, 200, "{created}");
        let code = created["code"].as_str().unwrap_or_default().to_string();
        let newbie = client();
        let accept = [
            ("code", code.as_str()),
            ("username", username),
            ("password", "long-enough-1"),
        ];
        let (status, body) = call(self, &newbie, "accept_invite", &accept).await;
        assert_eq!(status, 200, "{body}");
        newbie
    }

    /// Posts the login JSON.
    pub async fn login(
        &self,
        client: &reqwest::Client,
        username: &str,
        password: &str,
    ) -> reqwest::Response {
        client
            .post(self.url("/api/auth/login"))
            .json(&serde_json::json!({"username": username, "password": password}))
            .send()
            .await
            .expect("login request")
    }

    /// The status `/api/me` answers a client with.
    pub async fn me_status(&self, client: &reqwest::Client) -> u16 {
        client
            .get(self.url("/api/me"))
            .send()
            .await
            .expect("me")
            .status()
            .as_u16()
    }

    /// `/api/me` of a client.
    pub async fn me(&self, client: &reqwest::Client) -> serde_json::Value {
        client
            .get(self.url("/api/me"))
            .send()
            .await
            .expect("me")
            .json()
            .await
            .expect("me json")
    }

    /// The id of a class by name, read from the database.
    pub async fn class_id(&self, name: &str) -> uuid::Uuid {
        let sql = "SELECT id FROM school_class WHERE name = $1";
        let row: (uuid::Uuid,) = match &self.db {
            Db::Sqlite(p) => sqlx::query_as(sql).bind(name).fetch_one(p).await,
            Db::Postgres(p) => sqlx::query_as(sql).bind(name).fetch_one(p).await,
        }
        .expect("class exists");
        row.0
    }
}

/// Calls the server function `name` with a form, asking for JSON: (status, body).
pub async fn call(
    app: &TestApp,
    client: &reqwest::Client,
    name: &str,
    form: &(impl serde::Serialize + ?Sized),
) -> (u16, serde_json::Value) {
    let res = client
        .post(app.url(&format!("/api/fn/{name}")))
        .header("Accept", "application/json")
        .form(form)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or_default())
}

/// GETs `path`, hoping for JSON: (status, body, or null when it is not JSON).
pub async fn get_json(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
) -> (u16, serde_json::Value) {
    let res = client.get(app.url(path)).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or_default())
}

/// The demo accounts' password in tests.
pub const DEMO_PASSWORD: &str = "demo1234";

/// A client that keeps cookies, like a browser.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client")
}

/// The `name=value` of the session cookie a response sets.
pub fn session_cookie(res: &reqwest::Response) -> String {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("homeroom_session="))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_string()
}

/// Counts rows of a table.
pub async fn count(db: &Db, sql: &str) -> i64 {
    let row: (i64,) = match db {
        Db::Sqlite(p) => sqlx::query_as(sql).fetch_one(p).await,
        Db::Postgres(p) => sqlx::query_as(sql).fetch_one(p).await,
    }
    .expect("count query");
    row.0
}

#[test]
fn the_database_name_is_swapped_in_a_postgres_url() {
    assert_eq!(
        replace_database("postgres://u@h:5432/test", "x"),
        "postgres://u@h:5432/x"
    );
    assert_eq!(
        replace_database("postgres://u@h/test?sslmode=disable", "x"),
        "postgres://u@h/x?sslmode=disable"
    );
    assert_eq!(
        replace_database("postgres://u@h:5432", "x"),
        "postgres://u@h:5432/x"
    );
}
