//! Trusted-device cookies (OWASP "Slow down online guessing attacks with device cookies"):
//! a browser that signed in to an account before may still try that account's password while
//! guesses from elsewhere have it locked, so an attacker cannot lock its owner out.
use axum::http::{HeaderMap, header};
use tower_sessions::cookie::time::Duration;
use tower_sessions::cookie::{Cookie, CookieJar, Key, SameSite};

const NAME: &str = "homeroom_device";
const MAX_AGE_DAYS: i64 = 400;

/// Issues and recognises device cookies, signed with the server's cookie key.
pub struct DeviceCookies {
    key: Key,
    secure: bool,
}

impl DeviceCookies {
    /// Cookies signed with `key`; `secure` when the site is served over https.
    pub fn new(key: Key, secure: bool) -> DeviceCookies {
        DeviceCookies { key, secure }
    }

    /// Whether the request carries a cookie this server issued when `username` signed in.
    pub fn trusted(&self, headers: &HeaderMap, username: &str) -> bool {
        let mut jar = CookieJar::new();
        for value in headers.get_all(header::COOKIE) {
            let Ok(text) = value.to_str() else { continue };
            for cookie in Cookie::split_parse(text.to_string()).flatten() {
                jar.add_original(cookie);
            }
        }
        jar.signed(&self.key)
            .get(NAME)
            .is_some_and(|cookie| cookie.value() == username)
    }

    /// The `Set-Cookie` value that marks this browser as one `username` signs in from.
    pub fn issue(&self, username: &str) -> Option<String> {
        let mut jar = CookieJar::new();
        jar.signed_mut(&self.key).add(
            Cookie::build((NAME, username.to_string()))
                .http_only(true)
                .same_site(SameSite::Strict)
                .secure(self.secure)
                .path("/api/")
                .max_age(Duration::days(MAX_AGE_DAYS)),
        );
        jar.delta().next().map(ToString::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn sent(set_cookie: &str) -> HeaderMap {
        let pair = set_cookie.split(';').next().unwrap_or_default();
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_str(pair).unwrap());
        headers
    }

    #[test]
    fn a_device_cookie_vouches_for_its_own_account_only_and_cannot_be_forged() {
        let devices = DeviceCookies::new(Key::generate(), true);
        let cookie = devices.issue("t304").unwrap();
        assert!(cookie.contains("HttpOnly") && cookie.contains("Secure"));
        assert!(devices.trusted(&sent(&cookie), "t304"));
        assert!(!devices.trusted(&sent(&cookie), "t101"));
        assert!(!devices.trusted(&sent("homeroom_device=t304"), "t304"));
        let other = DeviceCookies::new(Key::generate(), true);
        assert!(!other.trusted(&sent(&cookie), "t304"));
    }
}
