//! Helpers for the sync tests: building mutations and speaking protocol v1.
use serde_json::{Value, json};
use uuid::Uuid;

use crate::harness::TestApp;

/// A phone: a signed-in client with its own client id and mutation counter.
pub struct Phone {
    pub http: reqwest::Client,
    pub client_id: Uuid,
    pub next_seq: i64,
}

impl Phone {
    /// A phone of `username` (demo password).
    pub async fn of(app: &TestApp, username: &str) -> Phone {
        Phone {
            http: app.signed_in(username).await,
            client_id: Uuid::now_v7(),
            next_seq: 1,
        }
    }

    /// A `create` of a check entry, numbered with the phone's next seq.
    pub fn create(&mut self, id: Uuid, fields: Value) -> Value {
        self.mutation("create", id, fields)
    }

    /// Any mutation of a check entry, numbered with the phone's next seq.
    pub fn mutation(&mut self, op: &str, id: Uuid, fields: Value) -> Value {
        self.mutation_on("check_entry", op, id, fields)
    }

    /// Any mutation of `table`, numbered with the phone's next seq.
    pub fn mutation_on(&mut self, table: &str, op: &str, id: Uuid, fields: Value) -> Value {
        let seq = self.next_seq;
        self.next_seq += 1;
        json!({"seq": seq, "op": op, "table": table, "id": id, "fields": fields,
               "client_recorded_at": "2026-11-25T08:00:00Z"})
    }

    /// Pushes one mutation; its result's status and reason (`applied`, or `rejected` and why).
    pub async fn push_one(&self, app: &TestApp, mutation: Value) -> (String, String) {
        let res = self.push(app, &[mutation]).await;
        assert_eq!(res.status(), 200);
        let body: Value = res.json().await.unwrap();
        let result = &body["results"][0];
        let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
        (text(&result["status"]), text(&result["reason"]))
    }

    /// Pushes `mutations` under this phone's client id.
    pub async fn push(&self, app: &TestApp, mutations: &[Value]) -> reqwest::Response {
        self.http
            .post(app.url("/api/sync/v1/push"))
            .json(&json!({"client_id": self.client_id, "mutations": mutations}))
            .send()
            .await
            .unwrap()
    }

    /// Pulls one page from `cursors`, as a phone from before per-table cursors does.
    pub async fn pull(&self, app: &TestApp, cursors: &Value, limit: u32) -> Value {
        self.pull_tables(app, cursors, limit, None).await
    }

    /// Pulls one page from `cursors`, naming the tables the phone stores (`None`: a phone
    /// from before per-table cursors, which names none).
    pub async fn pull_tables(
        &self,
        app: &TestApp,
        cursors: &Value,
        limit: u32,
        tables: Option<&[&str]>,
    ) -> Value {
        let mut body = json!({"client_id": self.client_id, "cursors": cursors, "limit": limit});
        if let Some(tables) = tables {
            body["tables"] = json!(tables);
        }
        let res = self
            .http
            .post(app.url("/api/sync/v1/pull"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        res.json().await.unwrap()
    }

    /// Pulls pages until `has_more` is false; every change seen, in order.
    pub async fn pull_all(&self, app: &TestApp, cursors: &mut Value, limit: u32) -> Vec<Value> {
        self.pull_all_tables(app, cursors, limit, None).await
    }

    /// [`Phone::pull_all`] as this build's phone pulls: naming every table it stores.
    pub async fn pull_current(&self, app: &TestApp) -> Vec<Value> {
        let tables: Vec<&str> = app::sync::tables::SyncedTable::ALL
            .iter()
            .map(|t| t.name())
            .collect();
        self.pull_all_tables(app, &mut json!({}), 1000, Some(&tables))
            .await
    }

    /// [`Phone::pull_all`], naming the tables the phone stores.
    pub async fn pull_all_tables(
        &self,
        app: &TestApp,
        cursors: &mut Value,
        limit: u32,
        tables: Option<&[&str]>,
    ) -> Vec<Value> {
        let mut all = Vec::new();
        loop {
            let page = self.pull_tables(app, cursors, limit, tables).await;
            all.extend(page["changes"].as_array().unwrap().iter().cloned());
            *cursors = page["cursors"].clone();
            if page["has_more"] == false {
                return all;
            }
        }
    }
}

/// The id of a check item by name.
pub async fn item_id(app: &TestApp, name: &str) -> Uuid {
    let sql = "SELECT id FROM check_item WHERE name = $1";
    let row: (Uuid,) = match &app.db {
        server::db::Db::Sqlite(p) => sqlx::query_as(sql).bind(name).fetch_one(p).await,
        server::db::Db::Postgres(p) => sqlx::query_as(sql).bind(name).fetch_one(p).await,
    }
    .unwrap();
    row.0
}

/// Fields of a class-level deduction (教室地面有纸屑杂物, −1) in 早读, today.
pub fn litter(class: Uuid, item: Uuid) -> Value {
    litter_on(class, item, server::school::today_in("Asia/Shanghai"))
}

/// The same deduction on another day.
pub fn litter_on(class: Uuid, item: Uuid, date: chrono::NaiveDate) -> Value {
    json!({"class_id": class, "date": date, "slot": "早读", "item_id": item})
}
