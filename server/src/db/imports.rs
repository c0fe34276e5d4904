//! Uploaded files (rosters, staff lists) staged between upload and the admin's confirmation.
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::{Db, DbError, on_db};

/// Which kind of file, i.e. which staging table.
#[derive(Clone, Copy, Debug)]
pub enum ImportKind {
    Roster,
    Staff,
}

impl ImportKind {
    /// The staging table; also what commit transactions claim the row in.
    pub fn table(self) -> &'static str {
        match self {
            ImportKind::Roster => "roster_import",
            ImportKind::Staff => "staff_import",
        }
    }
}

/// A staged file as read back.
pub struct Staged<E, R> {
    pub id: Uuid,
    pub school_id: Uuid,
    pub file_name: String,
    pub entries: E,
    pub errors: R,
    pub committed: bool,
}

#[derive(sqlx::FromRow)]
struct StagedRow {
    id: Uuid,
    school_id: Uuid,
    file_name: String,
    entries: String,
    errors: String,
    committed_at: Option<DateTime<Utc>>,
}

fn json<T: Serialize>(value: &T) -> Result<String, DbError> {
    serde_json::to_string(value).map_err(|e| DbError::Corrupt(e.to_string()))
}

fn parse<T: DeserializeOwned>(text: &str) -> Result<T, DbError> {
    serde_json::from_str(text).map_err(|e| DbError::Corrupt(e.to_string()))
}

/// Stores a parsed file so the admin can look before importing.
pub async fn stage<E: Serialize, R: Serialize>(
    db: &Db,
    kind: ImportKind,
    school_id: Uuid,
    created_by: Uuid,
    file_name: &str,
    entries: &E,
    errors: &R,
) -> Result<Uuid, DbError> {
    let id = Uuid::now_v7();
    let (entries, errors) = (json(entries)?, json(errors)?);
    let sql = format!(
        "INSERT INTO {} (id, school_id, created_by, created_at, file_name, entries, errors)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        kind.table()
    );
    on_db!(db, pool => sqlx::query(&sql)
        .bind(id).bind(school_id).bind(created_by).bind(Utc::now()).bind(file_name).bind(&entries).bind(&errors)
        .execute(pool).await.map(drop)?);
    Ok(id)
}

/// A staged file by id.
pub async fn load<E: DeserializeOwned, R: DeserializeOwned>(
    db: &Db,
    kind: ImportKind,
    id: Uuid,
) -> Result<Option<Staged<E, R>>, DbError> {
    let sql = format!(
        "SELECT id, school_id, file_name, entries, errors, committed_at FROM {} WHERE id = $1",
        kind.table()
    );
    let row: Option<StagedRow> =
        on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?);
    row.map(|r| {
        Ok(Staged {
            id: r.id,
            school_id: r.school_id,
            file_name: r.file_name,
            entries: parse(&r.entries)?,
            errors: parse(&r.errors)?,
            committed: r.committed_at.is_some(),
        })
    })
    .transpose()
}
