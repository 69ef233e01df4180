//! Sign-in attempt limits per account and per client address, checked before any hashing.
//! In memory per node: with several nodes behind a balancer the effective limit is per node.
use governor::{DefaultKeyedRateLimiter, Quota};
use std::num::NonZeroU32;

pub struct LoginLimits {
    by_account: DefaultKeyedRateLimiter<String>,
    by_addr: DefaultKeyedRateLimiter<String>,
}

impl LoginLimits {
    pub fn new(per_account_per_min: u32, per_addr_per_min: u32) -> LoginLimits {
        let quota = |n: u32| Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN));
        LoginLimits {
            by_account: DefaultKeyedRateLimiter::keyed(quota(per_account_per_min)),
            by_addr: DefaultKeyedRateLimiter::keyed(quota(per_addr_per_min)),
        }
    }

    /// Takes one attempt from both budgets; false when either is spent.
    pub fn allow(&self, account: &str, addr: &str) -> bool {
        self.by_addr.check_key(&addr.to_string()).is_ok() && self.by_account.check_key(&account.to_lowercase()).is_ok()
    }

    /// Forgets keys whose budget is full again, so memory does not grow with every address seen.
    pub fn prune(&self) {
        self.by_account.retain_recent();
        self.by_addr.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn budgets_are_per_account_and_per_address() {
        let limits = super::LoginLimits::new(2, 3);
        assert!(limits.allow("a@x.org", "1.1.1.1"));
        assert!(limits.allow("A@x.org", "1.1.1.1"));
        assert!(!limits.allow("a@x.org", "2.2.2.2"), "account budget is shared across addresses");
        assert!(limits.allow("b@x.org", "1.1.1.1"));
        assert!(!limits.allow("c@x.org", "1.1.1.1"), "address budget spent");
    }
}
