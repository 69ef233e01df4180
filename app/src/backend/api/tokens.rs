//! API tokens: made once and shown once, kept as a SHA-256 (they are 256 random bits, so a
//! slow hash adds nothing), recognised by their first characters, scoped, expiring, revocable.
use crate::backend::{audit, now, policy, sessions, tokens, Caller, Db, Result};
use crate::AppError;
use serde_json::json;
use shared::api::{check_token, NewToken, Scope, TokenInput, TokenKind, TokenView};
use shared::stored::Json;
use shared::Role;

/// Written before the secret: which product and kind of token it is, for people and for secret
/// scanners. (`sp_pat_…` acts as a person, `sp_svc_…` for the organisation.)
fn prefix_of(kind: TokenKind) -> &'static str {
    match kind {
        TokenKind::Personal => "sp_pat_",
        TokenKind::Service => "sp_svc_",
    }
}

/// Characters of a token its lists show (the prefix and four of the secret).
const SHOWN: usize = 11;
/// `last_used_*` is written at most this often: every call a write would slow reads down.
const TOUCH_EVERY_SECS: i64 = 60;

/// Whoever an API request acts as: the caller the services check, and the token's reach.
#[derive(Clone, Debug)]
pub struct ApiCaller {
    pub caller: Caller,
    pub token_id: i64,
    pub kind: TokenKind,
    pub scopes: Vec<Scope>,
}

impl ApiCaller {
    /// The caller, when the token holds `scope`.
    pub fn with(&self, scope: Scope) -> Result<&Caller> {
        policy::token_scope(&self.scopes, scope)?;
        Ok(&self.caller)
    }
}

/// Makes a token of the kind the form asks for (a role → service); its secret, once.
pub async fn create(db: &Db, caller: &Caller, input: &TokenInput, client_addr: Option<&str>) -> Result<NewToken> {
    let kind = if input.role.is_some() { TokenKind::Service } else { TokenKind::Personal };
    policy::manage_tokens(caller, kind)?;
    let input = check_token(input).map_err(AppError::Invalid)?;
    let secret = format!("{}{}", prefix_of(kind), tokens::new_token());
    let t = now();
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_tokens (org_id, kind, person_id, role, name, prefix, token_hash, scopes, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(caller.org_id)
    .bind(kind)
    .bind(caller.person_id)
    .bind(input.role)
    .bind(&input.name)
    .bind(&secret[..SHOWN])
    .bind(tokens::hash(&secret))
    .bind(Json(&input.scopes))
    .bind(t)
    .bind(t + input.days * 86_400)
    .fetch_one(&mut *tx)
    .await?;
    let detail = json!({ "kind": kind, "scopes": input.scopes, "role": input.role, "days": input.days });
    audit::record(&mut *tx, audit::Entry::by(caller, audit::Event::ApiTokenCreated, (audit::Subject::ApiToken, id), detail, client_addr))
        .await?;
    tx.commit().await?;
    Ok(NewToken { id, secret })
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: i64,
    kind: TokenKind,
    name: String,
    prefix: String,
    scopes: Json<Vec<Scope>>,
    role: Option<Role>,
    family_name: String,
    given_name: String,
    created_at: i64,
    expires_at: i64,
    last_used_at: Option<i64>,
    last_used_addr: Option<String>,
    revoked_at: Option<i64>,
}

impl From<TokenRow> for TokenView {
    fn from(r: TokenRow) -> TokenView {
        TokenView {
            id: r.id,
            kind: r.kind,
            name: r.name,
            prefix: r.prefix,
            scopes: r.scopes.0,
            role: r.role,
            owner: format!("{} {}", r.family_name, r.given_name),
            created_at: r.created_at,
            expires_at: r.expires_at,
            last_used_at: r.last_used_at,
            last_used_addr: r.last_used_addr,
            revoked_at: r.revoked_at,
        }
    }
}

/// The caller's own tokens (personal), or the organisation's service tokens; newest first,
/// revoked and expired ones included for a while so their last use stays visible.
pub async fn list(db: &Db, caller: &Caller, kind: TokenKind) -> Result<Vec<TokenView>> {
    policy::manage_tokens(caller, kind)?;
    let rows: Vec<TokenRow> = sqlx::query_as(
        "SELECT t.id, t.kind, t.name, t.prefix, t.scopes, t.role, p.family_name, p.given_name, t.created_at, t.expires_at, \
         t.last_used_at, t.last_used_addr, t.revoked_at FROM api_tokens t JOIN people p ON p.id = t.person_id \
         WHERE t.org_id = $1 AND t.kind = $2 AND (t.kind = 'service' OR t.person_id = $3) \
         AND COALESCE(t.revoked_at, t.expires_at) > $4 ORDER BY t.id DESC LIMIT 200",
    )
    .bind(caller.org_id)
    .bind(kind)
    .bind(caller.person_id)
    .bind(now() - 30 * 86_400)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(TokenView::from).collect())
}

/// Revokes a token at once: its owner's own, or (administrators) a service token.
pub async fn revoke(db: &Db, caller: &Caller, id: i64, client_addr: Option<&str>) -> Result<()> {
    let row: Option<(TokenKind, i64)> = sqlx::query_as("SELECT kind, person_id FROM api_tokens WHERE org_id = $1 AND id = $2")
        .bind(caller.org_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    let (kind, owner) = row.ok_or(AppError::NotFound)?;
    policy::manage_tokens(caller, kind)?;
    if kind == TokenKind::Personal && owner != caller.person_id {
        return Err(AppError::NotFound.into());
    }
    let mut tx = db.begin_write().await?;
    let done = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() > 0 {
        audit::record(
            &mut *tx,
            audit::Entry::by(caller, audit::Event::ApiTokenRevoked, (audit::Subject::ApiToken, id), json!({ "kind": kind }), client_addr),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Presented {
    id: i64,
    org_id: i64,
    kind: TokenKind,
    person_id: i64,
    role: Option<Role>,
    scopes: Json<Vec<Scope>>,
    expires_at: i64,
    revoked_at: Option<i64>,
    last_used_at: Option<i64>,
    last_used_addr: Option<String>,
}

/// Who a presented token acts as, or `Unauthorized` (unknown, expired, revoked, or its person
/// is no longer active — deactivating someone stops their tokens, service ones included).
pub async fn authenticate(db: &Db, secret: &str, client_addr: &str) -> Result<ApiCaller> {
    let refused = || crate::backend::BackendError::Public(AppError::Unauthorized);
    if !TokenKind::ALL.iter().any(|k| secret.starts_with(prefix_of(*k))) {
        return Err(refused());
    }
    let row: Option<Presented> = sqlx::query_as(
        "SELECT id, org_id, kind, person_id, role, scopes, expires_at, revoked_at, last_used_at, last_used_addr \
         FROM api_tokens WHERE token_hash = $1",
    )
    .bind(tokens::hash(secret))
    .fetch_optional(&db.pool)
    .await?;
    let t = now();
    let row = row.filter(|r| r.revoked_at.is_none() && r.expires_at > t).ok_or_else(refused)?;
    let mut caller = sessions::caller_of(db, row.org_id, row.person_id).await?.ok_or_else(refused)?;
    if let Some(role) = row.role {
        caller.roles = vec![role];
    }
    let stale = row.last_used_at.is_none_or(|at| t - at >= TOUCH_EVERY_SECS) || row.last_used_addr.as_deref() != Some(client_addr);
    if stale {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1, last_used_addr = $2 WHERE id = $3")
            .bind(t)
            .bind(client_addr)
            .bind(row.id)
            .execute(db.writes())
            .await?;
    }
    Ok(ApiCaller { caller, token_id: row.id, kind: row.kind, scopes: row.scopes.0 })
}
