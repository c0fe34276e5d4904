//! Login attempts limited per client address and per account (governor, in memory).
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Two keyed limiters: a generous one per address (a school shares one NAT address),
/// a strict one per account (guessing one person's password).
pub struct LoginLimiter {
    by_ip: DefaultKeyedRateLimiter<IpAddr>,
    by_account: DefaultKeyedRateLimiter<String>,
}

const IP_BURST: u32 = 60;
const ACCOUNT_BURST: u32 = 10;

impl Default for LoginLimiter {
    fn default() -> Self {
        let quota = |burst: u32, every: Duration| {
            Quota::with_period(every)
                .map(|q| q.allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN)))
                .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        };
        LoginLimiter {
            by_ip: RateLimiter::keyed(quota(IP_BURST, Duration::from_secs(1))),
            by_account: RateLimiter::keyed(quota(ACCOUNT_BURST, Duration::from_secs(30))),
        }
    }
}

impl LoginLimiter {
    /// Counts an attempt; `Err` carries how long to wait.
    pub fn check(&self, ip: IpAddr, username: &str) -> Result<(), Duration> {
        let now = DefaultClock::default().now();
        self.by_ip
            .check_key(&ip)
            .and_then(|_| self.by_account.check_key(&username.to_lowercase()))
            .map_err(|not_until| not_until.wait_time_from(now))
    }

    /// Forgets keys that are back to a full allowance, so memory stays bounded.
    pub fn prune(&self) {
        self.by_ip.retain_recent();
        self.by_account.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_locked_after_its_burst_while_others_are_not() {
        let limiter = LoginLimiter::default();
        let ip: IpAddr = [10, 0, 0, 1].into();
        for _ in 0..ACCOUNT_BURST {
            assert!(limiter.check(ip, "t101").is_ok());
        }
        assert!(limiter.check(ip, "T101").is_err());
        assert!(limiter.check(ip, "t102").is_ok());
    }
}
