//! One-time invites: stored by the hash of their code, used once, then spent.
use app::domain::role::Grant;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::users::{NewUser, insert_user};
use super::{BeginWrite, Db, DbError, on_db};

/// An invite as stored.
#[derive(sqlx::FromRow)]
pub struct InviteRow {
    pub id: Uuid,
    pub school_id: Uuid,
    pub user_id: Option<Uuid>,
    pub display_name: String,
    pub role: String,
    pub scope_kind: String,
    pub scope_id: Option<Uuid>,
    pub sensitive: bool,
    pub title: String,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

/// A new invite; `user_id` names an existing account that only needs a password.
pub struct NewInviteRow<'a> {
    pub school_id: Uuid,
    pub code_hash: &'a str,
    pub user_id: Option<Uuid>,
    pub display_name: &'a str,
    pub grant: &'a Grant,
    pub created_by: Uuid,
    pub expires_at: DateTime<Utc>,
}

/// Stores an invite.
pub async fn create(db: &Db, invite: &NewInviteRow<'_>) -> Result<Uuid, DbError> {
    let id = Uuid::now_v7();
    let sql = "INSERT INTO invite (id, school_id, code_hash, user_id, display_name, role, scope_kind, scope_id,
                                   sensitive, title, created_by, created_at, expires_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
    on_db!(db, pool => sqlx::query(sql)
        .bind(id).bind(invite.school_id).bind(invite.code_hash).bind(invite.user_id).bind(invite.display_name)
        .bind(invite.grant.role.as_str()).bind(invite.grant.scope.kind()).bind(invite.grant.scope.id())
        .bind(invite.grant.sensitive).bind(&invite.grant.title).bind(invite.created_by).bind(Utc::now())
        .bind(invite.expires_at)
        .execute(pool).await.map(drop)?);
    Ok(id)
}

/// The invite with this code hash.
pub async fn find(db: &Db, code_hash: &str) -> Result<Option<InviteRow>, DbError> {
    let sql = "SELECT id, school_id, user_id, display_name, role, scope_kind, scope_id, sensitive, title, expires_at, used_at
               FROM invite WHERE code_hash = $1";
    Ok(on_db!(db, pool => sqlx::query_as(sql).bind(code_hash).fetch_optional(pool).await?))
}

/// How accepting went.
pub enum Accepted {
    Done(Uuid),
    AlreadyUsed,
    UsernameTaken,
}

/// Spends the invite and, in the same transaction, creates the account (or sets the
/// password of the account it names).
pub async fn accept(
    db: &Db,
    invite: &InviteRow,
    grant: &Grant,
    username: &str,
    password_hash: &str,
) -> Result<Accepted, DbError> {
    let user_id = invite.user_id.unwrap_or_else(Uuid::now_v7);
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let spent = sqlx::query("UPDATE invite SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
            .bind(Utc::now()).bind(invite.id).execute(&mut *tx).await?;
        if spent.rows_affected() == 0 {
            return Ok(Accepted::AlreadyUsed);
        }
        if invite.user_id.is_some() {
            sqlx::query("UPDATE app_user SET password_hash = $1, session_epoch = session_epoch + 1 WHERE id = $2")
                .bind(password_hash).bind(user_id).execute(&mut *tx).await?;
        } else {
            let taken: Option<(Uuid,)> = sqlx::query_as("SELECT id FROM app_user WHERE username = $1")
                .bind(username).fetch_optional(&mut *tx).await?;
            if taken.is_some() {
                return Ok(Accepted::UsernameTaken);
            }
            let user = NewUser {
                id: user_id,
                school_id: Some(invite.school_id),
                username,
                display_name: &invite.display_name,
                phone: None,
                password_hash: Some(password_hash),
            };
            insert_user!(tx, &user, std::iter::once(grant));
        }
        tx.commit().await?;
    });
    Ok(Accepted::Done(user_id))
}
