//! Roster files staged between upload and the admin's confirmation.
use app::domain::roster::{RosterEntry, RowError};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Db, DbError, on_db};

/// A staged import as read back.
pub struct Staged {
    pub id: Uuid,
    pub school_id: Uuid,
    pub file_name: String,
    pub entries: Vec<RosterEntry>,
    pub errors: Vec<RowError>,
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

/// Stores a parsed file so the admin can look before importing.
pub async fn stage(
    db: &Db,
    school_id: Uuid,
    created_by: Uuid,
    file_name: &str,
    entries: &[RosterEntry],
    errors: &[RowError],
) -> Result<Uuid, DbError> {
    let id = Uuid::now_v7();
    let entries = serde_json::to_string(entries).map_err(|e| DbError::Corrupt(e.to_string()))?;
    let errors = serde_json::to_string(errors).map_err(|e| DbError::Corrupt(e.to_string()))?;
    let sql = "INSERT INTO roster_import (id, school_id, created_by, created_at, file_name, entries, errors)
               VALUES ($1, $2, $3, $4, $5, $6, $7)";
    on_db!(db, pool => sqlx::query(sql)
        .bind(id).bind(school_id).bind(created_by).bind(Utc::now()).bind(file_name).bind(&entries).bind(&errors)
        .execute(pool).await.map(drop)?);
    Ok(id)
}

/// A staged import by id.
pub async fn load(db: &Db, id: Uuid) -> Result<Option<Staged>, DbError> {
    let sql = "SELECT id, school_id, file_name, entries, errors, committed_at FROM roster_import WHERE id = $1";
    let row: Option<StagedRow> =
        on_db!(db, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await?);
    row.map(|r| {
        Ok(Staged {
            id: r.id,
            school_id: r.school_id,
            file_name: r.file_name,
            entries: serde_json::from_str(&r.entries)
                .map_err(|e| DbError::Corrupt(e.to_string()))?,
            errors: serde_json::from_str(&r.errors).map_err(|e| DbError::Corrupt(e.to_string()))?,
            committed: r.committed_at.is_some(),
        })
    })
    .transpose()
}
