//! `Idempotency-Key` on POST: the first answer is kept a day and replayed to a retry, so a
//! client that lost the answer to a network fault can send again without creating twice.
use crate::backend::{now, BackendError, Db, Result};

/// How long an answer is kept for retries.
pub const KEEP_SECS: i64 = 86_400;

/// What to do with a POST that carries a key.
#[derive(Debug, PartialEq, Eq)]
pub enum Begin {
    /// First time: handle it, then [`finish`].
    Fresh,
    /// Answered before: send this status and body again.
    Replay(u16, String),
    /// The key came with another request (method, path or body differ).
    Reused,
    /// The first request with this key is still being handled.
    Busy,
}

/// Claims `key` for a request (`request_hash` of its method, path and body).
pub async fn begin(db: &Db, token_id: i64, key: &str, request_hash: &str) -> Result<Begin> {
    let claimed = sqlx::query(
        "INSERT INTO api_idempotency (token_id, key, request_hash, status, body, created_at) VALUES ($1, $2, $3, 0, '', $4) \
         ON CONFLICT (token_id, key) DO NOTHING",
    )
    .bind(token_id)
    .bind(key)
    .bind(request_hash)
    .bind(now())
    .execute(db.writes())
    .await?;
    if claimed.rows_affected() == 1 {
        return Ok(Begin::Fresh);
    }
    let (hash, status, body): (String, i64, String) =
        sqlx::query_as("SELECT request_hash, status, body FROM api_idempotency WHERE token_id = $1 AND key = $2")
            .bind(token_id)
            .bind(key)
            .fetch_one(db.writes())
            .await?;
    Ok(match (hash == request_hash, status) {
        (false, _) => Begin::Reused,
        (true, 0) => Begin::Busy,
        (true, status) => Begin::Replay(u16::try_from(status).map_err(|_| BackendError::Internal(format!("kept status {status}")))?, body),
    })
}

/// Keeps the answer for retries; a server fault lets go of the key instead (a retry should
/// run again, not get the fault back).
pub async fn finish(db: &Db, token_id: i64, key: &str, status: u16, body: &str) -> Result<()> {
    if status >= 500 {
        sqlx::query("DELETE FROM api_idempotency WHERE token_id = $1 AND key = $2").bind(token_id).bind(key).execute(db.writes()).await?;
        return Ok(());
    }
    sqlx::query("UPDATE api_idempotency SET status = $1, body = $2 WHERE token_id = $3 AND key = $4")
        .bind(i64::from(status))
        .bind(body)
        .bind(token_id)
        .bind(key)
        .execute(db.writes())
        .await?;
    Ok(())
}

/// Forgets answers older than a day.
pub async fn prune(db: &Db) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM api_idempotency WHERE created_at < $1").bind(now() - KEEP_SECS).execute(db.writes()).await?.rows_affected())
}
