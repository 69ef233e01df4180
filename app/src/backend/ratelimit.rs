//! Sign-in attempt limits per account and per client address, checked before any hashing.
//! Counted in the database, per minute with the minute before weighing in (a sliding window),
//! so every node of an installation spends the same budget. Keys are hashes: the table holds
//! no addresses.
use super::{now, tokens, Db, Result};

pub struct LoginLimits {
    per_account_per_min: i64,
    per_addr_per_min: i64,
}

impl LoginLimits {
    pub fn new(per_account_per_min: u32, per_addr_per_min: u32) -> LoginLimits {
        LoginLimits { per_account_per_min: i64::from(per_account_per_min.max(1)), per_addr_per_min: i64::from(per_addr_per_min.max(1)) }
    }

    /// Takes one attempt from the address's budget, then the account's; false when either is
    /// spent (a refused attempt still counts: hammering keeps the door shut).
    pub async fn allow(&self, db: &Db, account: &str, addr: &str) -> Result<bool> {
        let t = now();
        for (key, limit) in [
            (format!("addr:{addr}"), self.per_addr_per_min),
            (format!("account:{}", account.trim().to_lowercase()), self.per_account_per_min),
        ] {
            if !take(db, &tokens::hash(&key), limit, t).await? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Forgets minutes that no longer weigh in.
    pub async fn prune(&self, db: &Db) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM login_attempts WHERE minute < $1").bind(now() / 60 - 1).execute(db.writes()).await?.rows_affected())
    }
}

/// Counts one request of an API token; None while within `per_min`, else the seconds until
/// the window has room again (`Retry-After`).
pub async fn api_request(db: &Db, token_id: i64, per_min: u32) -> Result<Option<i64>> {
    let t = now();
    let allowed = take(db, &tokens::hash(&format!("api:{token_id}")), i64::from(per_min.max(1)), t).await?;
    Ok((!allowed).then_some(60 - t % 60))
}

/// Counts one attempt on `key` at time `t`; whether the sliding minute stays within `limit`.
async fn take(db: &Db, key: &str, limit: i64, t: i64) -> Result<bool> {
    let minute = t / 60;
    let current: i64 = sqlx::query_scalar(
        "INSERT INTO login_attempts (key, minute, attempts) VALUES ($1, $2, 1) \
         ON CONFLICT (key, minute) DO UPDATE SET attempts = login_attempts.attempts + 1 RETURNING attempts",
    )
    .bind(key)
    .bind(minute)
    .fetch_one(db.writes())
    .await?;
    let previous: Option<i64> = sqlx::query_scalar("SELECT attempts FROM login_attempts WHERE key = $1 AND minute = $2")
        .bind(key)
        .bind(minute - 1)
        .fetch_optional(&db.pool)
        .await?;
    Ok(within(current, previous.unwrap_or(0), t % 60, limit))
}

/// The minute before counts for the part of it still inside the last 60 seconds.
fn within(current: i64, previous: i64, seconds_into_minute: i64, limit: i64) -> bool {
    current * 60 + previous * (60 - seconds_into_minute) <= limit * 60
}

#[cfg(test)]
mod tests {
    use super::within;

    #[test]
    fn the_minute_before_fades_out() {
        assert!(within(3, 0, 0, 3) && !within(4, 0, 59, 3), "a fresh minute allows the limit exactly");
        assert!(!within(1, 3, 0, 3), "right after a full minute, nothing more");
        assert!(within(1, 3, 30, 3) && !within(2, 3, 30, 3), "half a minute on, half of the minute before still counts");
        assert!(within(3, 3, 60, 3), "a minute on, the minute before is gone");
    }
}
