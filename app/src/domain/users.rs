//! Accounts and invites as the admin screens show them.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::role::{Role, Scope};

/// A grant with the name of what it covers, for people to read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantView {
    pub role: Role,
    pub scope: Scope,
    pub scope_name: String,
    pub sensitive: bool,
    pub title: String,
}

/// One account in the admin's user list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub active: bool,
    pub has_password: bool,
    pub grants: Vec<GrantView>,
}

/// What an admin fills in to invite someone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewInvite {
    pub display_name: String,
    pub role: Role,
    /// `school`, `grade` or `class`; the id picks which one.
    pub scope_kind: String,
    pub scope_id: Option<Uuid>,
    #[serde(default)]
    pub sensitive: bool,
    #[serde(default)]
    pub title: String,
}

/// A created invite: the code is shown once and never stored in clear.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteCreated {
    pub code: String,
    pub path: String,
    pub expires_at: DateTime<Utc>,
}

/// What the invitee sees before choosing a login name and password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteInfo {
    pub display_name: String,
    pub school_name: String,
    pub role: Role,
    pub scope_name: String,
    /// Set when the account already exists and only needs a password.
    pub username: Option<String>,
    pub expires_at: DateTime<Utc>,
}

/// One row of a staged staff file, as the preview shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffEntry {
    pub row: u32,
    pub name: String,
    pub username: String,
    pub phone: String,
    pub role_label: String,
    pub scope_name: String,
    pub grant: super::role::Grant,
    /// The account exists already; importing adds the grant if it is missing.
    pub exists: bool,
}

/// A staged staff file: its rows and every problem, by row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffPreview {
    pub id: Uuid,
    pub file_name: String,
    pub entries: Vec<StaffEntry>,
    pub errors: Vec<String>,
    pub committed: bool,
}

/// A new account's one-time activation code, shown once to the admin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activation {
    pub name: String,
    pub username: String,
    pub code: String,
    pub path: String,
}

/// What a staff import did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffOutcome {
    pub activations: Vec<Activation>,
    pub updated: usize,
    pub expires_at: DateTime<Utc>,
}

/// Login names: 3–32 of a–z, 0–9, `.`, `_`, `-`; stored lower-case.
pub fn parse_username(raw: &str) -> Result<String, &'static str> {
    let name = raw.trim().to_lowercase();
    if name.len() < 3 {
        return Err("too_short");
    }
    if name.len() > 32 {
        return Err("too_long");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
    {
        return Err("bad_chars");
    }
    Ok(name)
}

/// Passwords: at least 8 characters, at most 128; anything else is the user's choice.
pub fn check_password(raw: &str) -> Result<(), &'static str> {
    match raw.chars().count() {
        0..=7 => Err("too_short"),
        129.. => Err("too_long"),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_lower_cased_and_limited_to_safe_characters() {
        assert_eq!(parse_username(" T101 "), Ok("t101".into()));
        assert_eq!(parse_username("ab"), Err("too_short"));
        assert_eq!(parse_username("王老师"), Err("bad_chars"));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert_eq!(check_password("1234567"), Err("too_short"));
        assert_eq!(check_password("12345678"), Ok(()));
    }
}
