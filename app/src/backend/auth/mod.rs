//! Sign-in identities and sessions. An account is one email address with one password; each of
//! its memberships is a person (a row of `people`) in one organisation. Signing in checks the
//! account and opens a session in one membership (the organisation worked in last); switching
//! organisation opens a new session in another membership of the same account.
//! Single-use links (invitations, password resets) are in `links`.
pub mod links;

use super::{audit, sessions, Backend, Caller, Db, Result};
use crate::AppError;
use shared::model::Membership;
use shared::validation::{self, FieldError, Login};
use shared::{Locale, Msg};

pub use links::{accept_invitation, invitation, issue_link, request_reset, reset_password};

#[derive(sqlx::FromRow)]
struct Account {
    id: i64,
    password_hash: String,
    last_org_id: Option<i64>,
}

/// A new session: the cookie value and whose it is.
pub struct SignedIn {
    pub token: String,
    pub org_id: i64,
    pub person_id: i64,
}

/// The account of an identity: by its email, or by its phone number (any of the number's
/// readings; only one of them is ever an account's).
async fn account_by(db: &Db, login: &Login) -> Result<Option<Account>> {
    let (column, values): (&str, Vec<&str>) = match login {
        Login::Email(email) => ("email", vec![email.as_str()]),
        Login::Phone(candidates) => ("phone", candidates.iter().map(String::as_str).collect()),
    };
    for value in values {
        let sql = format!("SELECT id, password_hash, last_org_id FROM accounts WHERE {column} = $1");
        if let Some(account) = sqlx::query_as(&sql).bind(value).fetch_optional(&db.pool).await? {
            return Ok(Some(account));
        }
    }
    Ok(None)
}

/// Checks credentials and starts a session in the organisation worked in last.
/// The rate limit is taken before anything else, so a refused attempt costs no hashing; an
/// unknown address is checked against a dummy hash, so timing does not tell who has an account.
pub async fn sign_in(backend: &Backend, login: &str, password: &str, client_addr: &str) -> Result<SignedIn> {
    let login = Login::parse("email", login).map_err(|_| AppError::BadCredentials)?;
    if !backend.login_limits.allow(&backend.db, login.key(), client_addr).await? {
        tracing::warn!(client_addr, "sign-in rate limit hit");
        return Err(AppError::RateLimited.into());
    }
    if password.len() > validation::MAX_PASSWORD_BYTES {
        return Err(AppError::BadCredentials.into());
    }
    let db = &backend.db;
    let account = account_by(db, &login).await?;
    let ok = backend.passwords.verify(password.to_string(), account.as_ref().map(|a| a.password_hash.clone())).await?;
    let Some(account) = account.filter(|_| ok) else {
        return Err(AppError::BadCredentials.into());
    };
    // Active memberships only: a person deactivated everywhere cannot sign in.
    let membership: Option<(i64, i64)> = sqlx::query_as(
        "SELECT id, org_id FROM people WHERE account_id = $1 AND status = 'active' \
         ORDER BY CASE WHEN org_id = $2 THEN 0 ELSE 1 END, id LIMIT 1",
    )
    .bind(account.id)
    .bind(account.last_org_id.unwrap_or(0))
    .fetch_optional(&db.pool)
    .await?;
    let (person_id, org_id) = membership.ok_or(AppError::BadCredentials)?;
    start(backend, account.id, org_id, person_id).await
}

/// A session in one membership, remembered as the organisation to return to.
async fn start(backend: &Backend, account_id: i64, org_id: i64, person_id: i64) -> Result<SignedIn> {
    let db = &backend.db;
    sqlx::query("UPDATE accounts SET last_org_id = $1 WHERE id = $2").bind(org_id).bind(account_id).execute(db.writes()).await?;
    let token = sessions::create(db, &backend.config, org_id, person_id).await?;
    Ok(SignedIn { token, org_id, person_id })
}

/// The organisations the caller's account may work in, the current one marked.
pub async fn memberships(backend: &Backend, caller: &Caller) -> Result<Vec<Membership>> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT o.id, o.name FROM people p JOIN organisations o ON o.id = p.org_id \
         WHERE p.account_id = (SELECT account_id FROM people WHERE id = $1) AND p.status = 'active' ORDER BY o.name, o.id",
    )
    .bind(caller.person_id)
    .fetch_all(&backend.db.pool)
    .await?;
    Ok(rows.into_iter().map(|(org_id, org_name)| Membership { current: org_id == caller.org_id, org_id, org_name }).collect())
}

/// Moves the caller to their membership in `org_id`: the current session ends and a new one
/// starts there (a new id, as at sign-in). Only the caller's own account's active memberships.
pub async fn switch_org(backend: &Backend, caller: &Caller, org_id: i64, client_addr: &str) -> Result<SignedIn> {
    let db = &backend.db;
    let target: Option<(i64, i64)> = sqlx::query_as(
        "SELECT p.id, p.account_id FROM people p JOIN people me ON me.account_id = p.account_id \
         WHERE me.id = $1 AND p.org_id = $2 AND p.status = 'active'",
    )
    .bind(caller.person_id)
    .bind(org_id)
    .fetch_optional(&db.pool)
    .await?;
    let (person_id, account_id) = target.ok_or(AppError::NotFound)?;
    sessions::revoke(db, &caller.session_hash).await?;
    let signed_in = start(backend, account_id, org_id, person_id).await?;
    let entry = audit::Entry {
        org_id,
        actor_id: Some(person_id),
        action: audit::Event::SessionSwitchedIn.into(),
        subject_type: audit::Subject::Person,
        subject_id: Some(person_id),
        detail: serde_json::json!({ "from_org": caller.org_id }),
        client_addr: Some(client_addr),
    };
    audit::record(&db.pool, entry).await?;
    Ok(signed_in)
}

/// Whether `password` is the caller's (signing a document asks for it again).
pub async fn confirm_password(backend: &Backend, caller: &Caller, password: &str) -> Result<bool> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT a.password_hash FROM accounts a JOIN people p ON p.account_id = a.id WHERE p.id = $1")
            .bind(caller.person_id)
            .fetch_optional(&backend.db.pool)
            .await?;
    backend.passwords.verify(password.to_string(), stored).await
}

/// Remembers a signed-in person's language.
pub async fn set_locale(backend: &Backend, org_id: i64, person_id: i64, locale: Locale) -> Result<()> {
    sqlx::query("UPDATE people SET locale = $1 WHERE id = $2 AND org_id = $3")
        .bind(locale.code())
        .bind(person_id)
        .bind(org_id)
        .execute(backend.db.writes())
        .await?;
    Ok(())
}

/// Field errors for the sign-in form, checked before the database is asked.
pub fn check_sign_in_form(login: &str, password: &str) -> Result<(), FieldError> {
    Login::parse("email", login)?;
    if password.is_empty() {
        return Err(FieldError::new("password", Msg::ErrRequired));
    }
    Ok(())
}
