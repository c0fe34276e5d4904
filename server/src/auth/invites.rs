//! One-time invites: an admin names a person, role and scope; the person picks a
//! login name and password. Codes are shown once and stored only as a hash.
use app::domain::role::{Grant, Principal, Role, Scope};
use app::domain::text::normalize;
use app::domain::users::{InviteCreated, InviteInfo, NewInvite, check_password, parse_username};
use app::error::AppError;
use chrono::{DateTime, Days, Utc};
use rand::seq::SliceRandom;
use tower_sessions::Session;
use uuid::Uuid;

use super::{password, service};
use crate::db::invites::{Accepted, InviteRow, NewInviteRow};
use crate::db::{self, Db};
use crate::digest::sha256_hex;
use crate::http::error::internal;
use crate::state::AppState;

/// Letters and digits that cannot be mistaken for each other when read aloud or typed.
const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const CODE_LEN: usize = 10;
const VALID_DAYS: u64 = 7;

/// A fresh invite code (50 bits).
pub fn new_code() -> String {
    let mut rng = rand::thread_rng();
    (0..CODE_LEN)
        .filter_map(|_| ALPHABET.choose(&mut rng).copied().map(char::from))
        .collect()
}

/// How a code is stored: its SHA-256, after the same clean-up a typed code gets.
pub fn code_hash(code: &str) -> String {
    let clean: String = code
        .trim()
        .to_uppercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    sha256_hex(clean.as_bytes())
}

/// The scope an admin picked, checked to be inside their school and to suit the role.
async fn checked_scope(
    db: &Db,
    school_id: Uuid,
    role: Role,
    kind: &str,
    id: Option<Uuid>,
) -> Result<Scope, AppError> {
    let bad = || AppError::invalid("scope", "invalid");
    let scope = match kind {
        "school" => Scope::School(school_id),
        "grade" => Scope::Grade(id.ok_or_else(bad)?),
        "class" => Scope::Class(id.ok_or_else(bad)?),
        _ => return Err(bad()),
    };
    let in_school = db::school::scope_school(db, scope)
        .await
        .map_err(internal)?
        == Some(school_id);
    let suits = match role {
        Role::Teacher => matches!(scope, Scope::Class(_)),
        Role::Staff => matches!(scope, Scope::School(_) | Scope::Grade(_)),
        Role::Parent => true,
        Role::SchoolAdmin => matches!(scope, Scope::School(_)),
        Role::DistrictAdmin => false,
    };
    if in_school && suits {
        Ok(scope)
    } else {
        Err(bad())
    }
}

/// Creates an invite (admins of the school only).
pub async fn create(
    db: &Db,
    who: &Principal,
    invite: NewInvite,
) -> Result<InviteCreated, AppError> {
    let school_id = who.school_id.ok_or(AppError::Forbidden)?;
    if !who.can_administer(school_id) {
        return Err(AppError::Forbidden);
    }
    let display_name = normalize(&invite.display_name);
    if display_name.is_empty() || display_name.chars().count() > 40 {
        let code = if display_name.is_empty() {
            "required"
        } else {
            "too_long"
        };
        return Err(AppError::invalid("display_name", code));
    }
    let scope = checked_scope(
        db,
        school_id,
        invite.role,
        &invite.scope_kind,
        invite.scope_id,
    )
    .await?;
    let grant = Grant {
        role: invite.role,
        scope,
        sensitive: invite.sensitive && matches!(invite.role, Role::Staff),
        title: normalize(&invite.title).chars().take(20).collect(),
    };
    let code = new_code();
    let expires_at = Utc::now()
        .checked_add_days(Days::new(VALID_DAYS))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    let hash = code_hash(&code);
    let row = NewInviteRow {
        school_id,
        code_hash: &hash,
        user_id: None,
        display_name: &display_name,
        grant: &grant,
        created_by: who.user_id,
        expires_at,
    };
    db::invites::create(db, &row).await.map_err(internal)?;
    Ok(InviteCreated {
        path: format!("/invite/{code}"),
        code,
        expires_at,
    })
}

/// A usable invite by code: unknown, spent and expired codes are all 404.
async fn usable(db: &Db, code: &str) -> Result<InviteRow, AppError> {
    let row = db::invites::find(db, &code_hash(code))
        .await
        .map_err(internal)?;
    row.filter(|r| r.used_at.is_none() && r.expires_at > Utc::now())
        .ok_or(AppError::NotFound)
}

fn grant_of(row: &InviteRow) -> Result<Grant, AppError> {
    Ok(Grant {
        role: Role::parse(&row.role).ok_or_else(|| internal("invite role"))?,
        scope: Scope::from_parts(&row.scope_kind, row.scope_id)
            .ok_or_else(|| internal("invite scope"))?,
        sensitive: row.sensitive,
        title: row.title.clone(),
    })
}

/// What the invite is for, shown before accepting.
pub async fn info(db: &Db, code: &str) -> Result<InviteInfo, AppError> {
    let row = usable(db, code).await?;
    let grant = grant_of(&row)?;
    let school = db::school::school(db, row.school_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let scope_name = db::school::scope_name(db, grant.scope)
        .await
        .map_err(internal)?
        .unwrap_or_default();
    let username = match row.user_id {
        Some(id) => db::users::principal(db, id)
            .await
            .map_err(internal)?
            .map(|(p, _)| p.username),
        None => None,
    };
    Ok(InviteInfo {
        display_name: row.display_name,
        school_name: school.name,
        role: grant.role,
        scope_name,
        username,
        expires_at: row.expires_at,
    })
}

/// Accepts an invite and signs the new user in.
pub async fn accept(
    state: &AppState,
    session: &Session,
    code: &str,
    username: &str,
    password_text: &str,
) -> Result<Principal, AppError> {
    let row = usable(&state.db, code).await?;
    let grant = grant_of(&row)?;
    let username = parse_username(username).map_err(|c| AppError::invalid("username", c))?;
    check_password(password_text).map_err(|c| AppError::invalid("password", c))?;
    let hash = password::hash(password_text).await.map_err(internal)?;
    match db::invites::accept(&state.db, &row, &grant, &username, &hash.0)
        .await
        .map_err(internal)?
    {
        Accepted::Done(user_id) => service::start_session(state, session, user_id).await,
        Accepted::AlreadyUsed => Err(AppError::NotFound),
        Accepted::UsernameTaken => Err(AppError::invalid("username", "taken")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_the_unambiguous_alphabet_and_hash_the_same_however_typed() {
        let code = new_code();
        assert_eq!(code.len(), CODE_LEN);
        assert!(code.bytes().all(|b| ALPHABET.contains(&b)));
        assert_eq!(
            code_hash(&code),
            code_hash(&format!(" {} ", code.to_lowercase()))
        );
        assert_ne!(code_hash(&code), code_hash(&new_code()));
    }
}
