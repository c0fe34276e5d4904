//! Login attempts limited per client address, per (account, address), and account-wide
//! without letting anyone lock an account's owner out (OWASP ASVS 2.2.1).
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::device::DeviceCookies;

/// A generous limit per address (a school shares one NAT address), a strict one per account
/// from one address (guessing one person's password), and an account-wide count of failures
/// that, once high, holds back only browsers the account never signed in from.
pub struct LoginLimiter {
    by_ip: DefaultKeyedRateLimiter<IpAddr>,
    by_account_ip: DefaultKeyedRateLimiter<(String, IpAddr)>,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
    /// The cookies that tell the owner's browsers apart.
    pub devices: DeviceCookies,
}

const IP_BURST: u32 = 60;
const ACCOUNT_IP_BURST: u32 = 10;
/// Failures of one account, from anywhere, within [`ATTACK_WINDOW`] that mean it is under attack.
const ATTACK_FAILURES: usize = 30;
const ATTACK_WINDOW: Duration = Duration::from_secs(15 * 60);

impl LoginLimiter {
    /// Limits with device cookies signed by `devices`.
    pub fn new(devices: DeviceCookies) -> LoginLimiter {
        let quota = |burst: u32, every: Duration| {
            Quota::with_period(every)
                .map(|q| q.allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN)))
                .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        };
        LoginLimiter {
            by_ip: RateLimiter::keyed(quota(IP_BURST, Duration::from_secs(1))),
            by_account_ip: RateLimiter::keyed(quota(ACCOUNT_IP_BURST, Duration::from_secs(30))),
            failures: Mutex::new(HashMap::new()),
            devices,
        }
    }

    /// Counts an attempt; `Err` carries how long to wait. A browser the account signed in
    /// from before (`trusted_device`) is never held back by failures from elsewhere.
    pub fn check(&self, ip: IpAddr, username: &str, trusted_device: bool) -> Result<(), Duration> {
        let now = DefaultClock::default().now();
        self.by_ip
            .check_key(&ip)
            .and_then(|_| self.by_account_ip.check_key(&(username.to_string(), ip)))
            .map_err(|not_until| not_until.wait_time_from(now))?;
        match self.under_attack(username) {
            Some(wait) if !trusted_device => Err(wait),
            _ => Ok(()),
        }
    }

    /// Records a wrong password for an existing account.
    pub fn failed(&self, username: &str) {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let recent = failures.entry(username.to_string()).or_default();
        recent.retain(|t| now.duration_since(*t) < ATTACK_WINDOW);
        if recent.len() >= ATTACK_FAILURES {
            recent.pop_front();
        }
        recent.push_back(now);
    }

    /// How long until the account is no longer under attack, if it is now.
    fn under_attack(&self, username: &str) -> Option<Duration> {
        let failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let recent = failures.get(username)?;
        let oldest = recent.front()?;
        let age = oldest.elapsed();
        (recent.len() >= ATTACK_FAILURES)
            .then(|| ATTACK_WINDOW.checked_sub(age))
            .flatten()
            .filter(|wait| !wait.is_zero())
    }

    /// Forgets keys that are back to a full allowance, so memory stays bounded.
    pub fn prune(&self) {
        self.by_ip.retain_recent();
        self.by_account_ip.retain_recent();
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.retain(|_, recent| recent.back().is_some_and(|t| t.elapsed() < ATTACK_WINDOW));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_sessions::cookie::Key;

    fn limiter() -> LoginLimiter {
        LoginLimiter::new(DeviceCookies::new(Key::generate(), false))
    }

    fn ip(n: u8) -> IpAddr {
        [10, 0, 0, n].into()
    }

    #[test]
    fn guesses_from_one_address_lock_that_address_out_of_that_account_only() {
        let limiter = limiter();
        for _ in 0..ACCOUNT_IP_BURST {
            assert!(limiter.check(ip(1), "t304", false).is_ok());
            limiter.failed("t304");
        }
        assert!(limiter.check(ip(1), "t304", false).is_err());
        assert!(limiter.check(ip(1), "t101", false).is_ok());
        assert!(
            limiter.check(ip(2), "t304", false).is_ok(),
            "the owner elsewhere gets in"
        );
    }

    #[test]
    fn a_distributed_attack_never_holds_back_the_owners_own_browser() {
        let limiter = limiter();
        for n in 0..ATTACK_FAILURES {
            assert!(limiter.check(ip(n as u8), "t304", false).is_ok());
            limiter.failed("t304");
        }
        let wait = limiter.check(ip(200), "t304", false).unwrap_err();
        assert!(wait > Duration::from_secs(60) && wait <= ATTACK_WINDOW);
        assert!(limiter.check(ip(201), "t304", true).is_ok());
        assert!(limiter.check(ip(202), "t101", false).is_ok());
    }
}
