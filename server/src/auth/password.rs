//! Argon2id password hashing, off the async threads (a hash takes tens of milliseconds).
use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// A password hash in PHC form. Not `Serialize`: it must never leave the server.
pub struct PasswordHash(pub String);

/// Hashes with Argon2id and a fresh random salt.
pub async fn hash(password: &str) -> anyhow::Result<PasswordHash> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| PasswordHash(h.to_string()))
            .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
    })
    .await?
}

/// Checks a password against a stored hash. With no hash (unknown user or an account
/// not yet activated) it still does the work of a check, so timing does not tell.
pub async fn verify(password: &str, stored: Option<String>) -> bool {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let ok = match argon2::password_hash::phc::PasswordHash::new(&stored) {
            Ok(parsed) => Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
            Err(_) => false,
        };
        ok && known
    })
    .await
    .unwrap_or(false)
}

/// A real Argon2id hash (of a fresh random UUID), checked against on the unknown-user path.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    Argon2::default()
        .hash_password(uuid::Uuid::new_v4().as_bytes())
        .map(|h| h.to_string())
        .unwrap_or_default()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_no_other() {
        let h = hash("correct horse").await.unwrap();
        assert!(h.0.starts_with("$argon2id$"));
        assert!(verify("correct horse", Some(h.0.clone())).await);
        assert!(!verify("wrong horse", Some(h.0)).await);
        assert!(!verify("anything", None).await);
    }
}
