//! Accounts and their role grants.
use app::domain::role::{Grant, Principal, Role, Scope};
use app::domain::users::{GrantView, UserSummary};
use uuid::Uuid;

use super::{Db, DbError, on_db};

/// What login needs to know about an account. Not `Serialize`: it holds the hash.
#[derive(sqlx::FromRow)]
pub struct LoginRow {
    pub id: Uuid,
    pub password_hash: Option<String>,
    pub active: bool,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: Uuid,
    username: String,
    display_name: String,
    school_id: Option<Uuid>,
    session_epoch: i64,
    active: bool,
}

#[derive(sqlx::FromRow)]
struct ListedUser {
    id: Uuid,
    username: String,
    display_name: String,
    active: bool,
    has_password: bool,
}

#[derive(sqlx::FromRow)]
struct GrantRow {
    user_id: Uuid,
    role: String,
    scope_kind: String,
    scope_id: Option<Uuid>,
    sensitive: bool,
    title: String,
    scope_name: Option<String>,
}

impl GrantRow {
    fn grant(&self) -> Result<Grant, DbError> {
        let role = Role::parse(&self.role)
            .ok_or_else(|| DbError::Corrupt(format!("role {}", self.role)))?;
        let scope = Scope::from_parts(&self.scope_kind, self.scope_id)
            .ok_or_else(|| DbError::Corrupt(format!("scope {}", self.scope_kind)))?;
        Ok(Grant {
            role,
            scope,
            sensitive: self.sensitive,
            title: self.title.clone(),
        })
    }
}

/// A new account; `password_hash` is `None` until an invite is accepted.
pub struct NewUser<'a> {
    pub id: Uuid,
    pub school_id: Option<Uuid>,
    pub username: &'a str,
    pub display_name: &'a str,
    pub phone: Option<&'a str>,
    pub password_hash: Option<&'a str>,
}

/// The account behind a login name.
pub async fn find_login(db: &Db, username: &str) -> Result<Option<LoginRow>, DbError> {
    let sql = "SELECT id, password_hash, active FROM app_user WHERE username = $1";
    Ok(on_db!(db, pool => sqlx::query_as(sql).bind(username).fetch_optional(pool).await?))
}

/// The password hash of an account, to check a password change.
pub async fn password_hash(db: &Db, user_id: Uuid) -> Result<Option<String>, DbError> {
    let sql = "SELECT password_hash FROM app_user WHERE id = $1";
    let row: Option<(Option<String>,)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(user_id).fetch_optional(pool).await?);
    Ok(row.and_then(|r| r.0))
}

/// An active user with their grants, and the session epoch a session must match.
pub async fn principal(db: &Db, user_id: Uuid) -> Result<Option<(Principal, i64)>, DbError> {
    let user_sql = "SELECT id, username, display_name, school_id, session_epoch, active FROM app_user WHERE id = $1";
    let user: Option<UserRow> =
        on_db!(db, pool => sqlx::query_as(user_sql).bind(user_id).fetch_optional(pool).await?);
    let Some(user) = user.filter(|u| u.active) else {
        return Ok(None);
    };
    let grants = grant_rows(db, Some(user_id), None).await?;
    let grants = grants
        .iter()
        .map(GrantRow::grant)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some((
        Principal {
            user_id: user.id,
            username: user.username,
            display_name: user.display_name,
            school_id: user.school_id,
            grants,
        },
        user.session_epoch,
    )))
}

/// Grants of one user or of every user of a school, with the name of what they cover.
async fn grant_rows(
    db: &Db,
    user_id: Option<Uuid>,
    school_id: Option<Uuid>,
) -> Result<Vec<GrantRow>, DbError> {
    let sql = "SELECT g.user_id, g.role, g.scope_kind, g.scope_id, g.sensitive, g.title,
                      COALESCE(c.name, gr.name, s.name) AS scope_name
               FROM role_grant g
               JOIN app_user u ON u.id = g.user_id
               LEFT JOIN school_class c ON g.scope_kind = 'class' AND c.id = g.scope_id
               LEFT JOIN grade gr ON g.scope_kind = 'grade' AND gr.id = g.scope_id
               LEFT JOIN school s ON g.scope_kind = 'school' AND s.id = g.scope_id
               WHERE ($1 IS NULL OR g.user_id = $1) AND ($2 IS NULL OR u.school_id = $2)
               ORDER BY g.role, scope_name";
    Ok(on_db!(db, pool => sqlx::query_as(sql).bind(user_id).bind(school_id).fetch_all(pool).await?))
}

/// Stores a new password hash and ends every other session of the user.
pub async fn set_password(db: &Db, user_id: Uuid, hash: &str) -> Result<(), DbError> {
    let sql =
        "UPDATE app_user SET password_hash = $1, session_epoch = session_epoch + 1 WHERE id = $2";
    on_db!(db, pool => sqlx::query(sql).bind(hash).bind(user_id).execute(pool).await.map(drop)?);
    Ok(())
}

/// True when a login name is in use.
pub async fn username_taken(db: &Db, username: &str) -> Result<bool, DbError> {
    Ok(find_login(db, username).await?.is_some())
}

/// The accounts of a school with their grants, by name.
pub async fn list(db: &Db, school_id: Uuid) -> Result<Vec<UserSummary>, DbError> {
    let sql = "SELECT id, username, display_name, active, password_hash IS NOT NULL AS has_password
               FROM app_user WHERE school_id = $1 ORDER BY display_name";
    let users: Vec<ListedUser> =
        on_db!(db, pool => sqlx::query_as(sql).bind(school_id).fetch_all(pool).await?);
    let grants = grant_rows(db, None, Some(school_id)).await?;
    users
        .into_iter()
        .map(|u| {
            let views = grants
                .iter()
                .filter(|g| g.user_id == u.id)
                .map(|g| {
                    let grant = g.grant()?;
                    Ok(GrantView {
                        role: grant.role,
                        scope: grant.scope,
                        scope_name: g.scope_name.clone().unwrap_or_default(),
                        sensitive: grant.sensitive,
                        title: grant.title,
                    })
                })
                .collect::<Result<Vec<_>, DbError>>()?;
            Ok(UserSummary {
                has_password: u.has_password,
                id: u.id,
                username: u.username,
                display_name: u.display_name,
                active: u.active,
                grants: views,
            })
        })
        .collect()
}

/// Inserts an account and its grants in the caller's transaction.
macro_rules! insert_user {
    ($conn:expr, $user:expr, $grants:expr) => {{
        let user: &$crate::db::users::NewUser = $user;
        sqlx::query(
            "INSERT INTO app_user (id, school_id, username, display_name, phone, password_hash, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(user.id)
        .bind(user.school_id)
        .bind(user.username)
        .bind(user.display_name)
        .bind(user.phone)
        .bind(user.password_hash)
        .bind(chrono::Utc::now())
        .execute(&mut *$conn)
        .await?;
        for grant in $grants {
            let grant: &app::domain::role::Grant = grant;
            sqlx::query(
                "INSERT INTO role_grant (id, user_id, role, scope_kind, scope_id, sensitive, title)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(uuid::Uuid::now_v7())
            .bind(user.id)
            .bind(grant.role.as_str())
            .bind(grant.scope.kind())
            .bind(grant.scope.id())
            .bind(grant.sensitive)
            .bind(&grant.title)
            .execute(&mut *$conn)
            .await?;
        }
    }};
}
pub(crate) use insert_user;

/// Creates an account with its grants in one transaction.
pub async fn create(db: &Db, user: &NewUser<'_>, grants: &[Grant]) -> Result<(), DbError> {
    on_db!(db, pool => {
        let mut tx = super::BeginWrite::begin_write(pool).await?;
        insert_user!(tx, user, grants);
        tx.commit().await?;
    });
    Ok(())
}

/// How a staff import went.
pub enum StaffImported {
    Done {
        updated: usize,
    },
    AlreadyCommitted,
    /// A login name was taken by another school's account since the file was staged.
    Taken(String),
}

/// Imports staged staff rows in one transaction: known accounts of the school get the
/// grant (if missing) and their name updated; new ones are created without a password,
/// each with the activation invite whose code hash is in `activations`.
pub async fn import_staff(
    db: &Db,
    school_id: Uuid,
    created_by: Uuid,
    staged: Uuid,
    entries: &[app::domain::users::StaffEntry],
    activations: &std::collections::HashMap<String, String>,
    expires_at: chrono::DateTime<chrono::Utc>,
) -> Result<StaffImported, DbError> {
    let now = chrono::Utc::now();
    let mut updated = 0;
    on_db!(db, pool => {
        let mut tx = super::BeginWrite::begin_write(pool).await?;
        let claimed = sqlx::query("UPDATE staff_import SET committed_at = $1 WHERE id = $2 AND committed_at IS NULL")
            .bind(now).bind(staged).execute(&mut *tx).await?;
        if claimed.rows_affected() == 0 {
            return Ok(StaffImported::AlreadyCommitted);
        }
        for entry in entries {
            let existing: Option<(Uuid, Option<Uuid>)> = sqlx::query_as("SELECT id, school_id FROM app_user WHERE username = $1")
                .bind(&entry.username).fetch_optional(&mut *tx).await?;
            let grant = &entry.grant;
            match existing {
                Some((_, other)) if other != Some(school_id) => return Ok(StaffImported::Taken(entry.username.clone())),
                Some((user_id, _)) => {
                    sqlx::query("UPDATE app_user SET display_name = $1 WHERE id = $2")
                        .bind(&entry.name).bind(user_id).execute(&mut *tx).await?;
                    let held: Option<(Uuid,)> = sqlx::query_as(
                        "SELECT id FROM role_grant WHERE user_id = $1 AND role = $2 AND scope_kind = $3 AND scope_id = $4")
                        .bind(user_id).bind(grant.role.as_str()).bind(grant.scope.kind()).bind(grant.scope.id())
                        .fetch_optional(&mut *tx).await?;
                    if held.is_none() {
                        sqlx::query("INSERT INTO role_grant (id, user_id, role, scope_kind, scope_id, sensitive, title)
                                     VALUES ($1, $2, $3, $4, $5, $6, $7)")
                            .bind(Uuid::now_v7()).bind(user_id).bind(grant.role.as_str()).bind(grant.scope.kind())
                            .bind(grant.scope.id()).bind(grant.sensitive).bind(&grant.title)
                            .execute(&mut *tx).await?;
                    }
                    updated += 1;
                }
                None => {
                    let user = NewUser {
                        id: Uuid::now_v7(),
                        school_id: Some(school_id),
                        username: &entry.username,
                        display_name: &entry.name,
                        phone: Some(entry.phone.as_str()).filter(|p| !p.is_empty()),
                        password_hash: None,
                    };
                    insert_user!(tx, &user, std::iter::once(grant));
                    let code_hash = activations.get(&entry.username).ok_or_else(|| DbError::Corrupt("no activation code".into()))?;
                    sqlx::query("INSERT INTO invite (id, school_id, code_hash, user_id, display_name, role, scope_kind, scope_id,
                                                     sensitive, title, created_by, created_at, expires_at)
                                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
                        .bind(Uuid::now_v7()).bind(school_id).bind(code_hash).bind(user.id).bind(&entry.name)
                        .bind(grant.role.as_str()).bind(grant.scope.kind()).bind(grant.scope.id()).bind(grant.sensitive)
                        .bind(&grant.title).bind(created_by).bind(now).bind(expires_at)
                        .execute(&mut *tx).await?;
                }
            }
        }
        tx.commit().await?;
    });
    Ok(StaffImported::Done { updated })
}

/// Which of these login names exist, and in which school.
pub async fn schools_of(
    db: &Db,
    usernames: &[String],
) -> Result<std::collections::HashMap<String, Option<Uuid>>, DbError> {
    let mut found = std::collections::HashMap::new();
    for name in usernames {
        let sql = "SELECT school_id FROM app_user WHERE username = $1";
        let row: Option<(Option<Uuid>,)> =
            on_db!(db, pool => sqlx::query_as(sql).bind(name).fetch_optional(pool).await?);
        if let Some((school,)) = row {
            found.insert(name.clone(), school);
        }
    }
    Ok(found)
}
