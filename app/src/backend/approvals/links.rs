//! Single-use, expiring links that let one person act on one step of one subject without
//! signing in (a client manager on a phone). Only the token's hash is stored.
use super::super::{now, tokens, Result};
use crate::AppError;
use shared::audit::Approvable;
use sqlx::{Any, Transaction};

/// A week: long enough for a busy site manager, short enough to limit a forwarded mail.
pub const TTL_SECS: i64 = 7 * 24 * 3600;

/// What a valid link allows.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Grant {
    pub org_id: i64,
    pub subject_id: i64,
    pub step: i64,
    pub person_id: i64,
    pub expires_at: i64,
}

/// Creates a link and returns its token (to be mailed, never stored).
pub async fn issue(
    tx: &mut Transaction<'_, Any>,
    org_id: i64,
    kind: Approvable,
    subject_id: i64,
    step: u8,
    person_id: i64,
) -> Result<(String, i64)> {
    let token = tokens::new_token();
    let t = now();
    sqlx::query(
        "INSERT INTO approval_links (token_hash, org_id, subject_type, subject_id, step, person_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(tokens::hash(&token))
    .bind(org_id)
    .bind(kind)
    .bind(subject_id)
    .bind(i64::from(step))
    .bind(person_id)
    .bind(t)
    .bind(t + TTL_SECS)
    .execute(&mut **tx)
    .await?;
    Ok((token, t + TTL_SECS))
}

const GRANT: &str = "SELECT org_id, subject_id, step, person_id, expires_at FROM approval_links \
     WHERE token_hash = $1 AND subject_type = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $3";

/// Looks a link up without using it (to show the page). Used, expired and revoked links are
/// all the same answer: `TokenInvalid`.
pub async fn peek(pool: &sqlx::AnyPool, kind: Approvable, token: &str) -> Result<Grant> {
    sqlx::query_as::<_, Grant>(GRANT)
        .bind(tokens::hash(token))
        .bind(kind)
        .bind(now())
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| AppError::TokenInvalid.into())
}

/// Uses a link up, as the first write of the transaction that acts on it: of two requests
/// with the same link, exactly one gets the grant.
pub async fn consume(tx: &mut Transaction<'_, Any>, kind: Approvable, token: &str) -> Result<Grant> {
    let t = now();
    sqlx::query_as::<_, Grant>(
        "UPDATE approval_links SET used_at = $1 WHERE token_hash = $2 AND subject_type = $3 \
         AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $1 \
         RETURNING org_id, subject_id, step, person_id, expires_at",
    )
    .bind(t)
    .bind(tokens::hash(token))
    .bind(kind)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| AppError::TokenInvalid.into())
}

/// Revokes the open links of subjects that just moved: a link is for one state only.
pub async fn revoke_open(tx: &mut Transaction<'_, Any>, kind: Approvable, ids: &str, t: i64) -> Result<()> {
    sqlx::query(&format!(
        "UPDATE approval_links SET revoked_at = $1 WHERE subject_type = $2 AND subject_id IN ({ids}) AND used_at IS NULL AND revoked_at IS NULL"
    ))
    .bind(t)
    .bind(kind)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
