//! Sign-in, invitations and password resets.
use super::{audit, now, outbox, people, sessions, tokens, Backend, BackendError, Result};
use crate::AppError;
use shared::validation::{self, Email, FieldError};
use shared::{Locale, Msg};

pub const INVITE_TTL_SECS: i64 = 7 * 24 * 3600;
pub const RESET_TTL_SECS: i64 = 3600;

#[derive(sqlx::FromRow)]
struct Candidate {
    id: i64,
    org_id: i64,
    password_hash: Option<String>,
}

/// A new session: the cookie value and whose it is.
pub struct SignedIn {
    pub token: String,
    pub org_id: i64,
    pub person_id: i64,
}

/// Checks credentials and starts a session.
/// The rate limit is taken before anything else, so a refused attempt costs no hashing.
pub async fn sign_in(backend: &Backend, email: &str, password: &str, client_addr: &str) -> Result<SignedIn> {
    let account = email.trim().to_lowercase();
    if !backend.login_limits.allow(&account, client_addr) {
        tracing::warn!(client_addr, "sign-in rate limit hit");
        return Err(AppError::RateLimited.into());
    }
    if password.len() > validation::MAX_PASSWORD_BYTES {
        return Err(AppError::BadCredentials.into());
    }
    let db = &backend.db;
    let candidate = sqlx::query_as::<_, Candidate>(
        "SELECT id, org_id, password_hash FROM people WHERE email = $1 AND status = 'active' ORDER BY id LIMIT 1",
    )
    .bind(&account)
    .fetch_optional(&db.pool)
    .await?;
    let stored = candidate.as_ref().and_then(|c| c.password_hash.clone());
    let ok = backend.passwords.verify(password.to_string(), stored).await?;
    match candidate {
        Some(c) if ok => {
            let token = sessions::create(db, &backend.config, c.org_id, c.id).await?;
            Ok(SignedIn { token, org_id: c.org_id, person_id: c.id })
        }
        _ => Err(AppError::BadCredentials.into()),
    }
}

#[derive(sqlx::FromRow)]
struct TokenOwner {
    person_id: i64,
    org_id: i64,
}

/// Sets a password through a single-use link (invitation or reset) and starts a session.
/// The token is spent by one conditional UPDATE, so two clicks cannot both use it.
pub async fn set_password_with_token(
    backend: &Backend,
    token: &str,
    password: &str,
    confirm: &str,
    client_addr: Option<&str>,
) -> Result<String> {
    validation::new_password(password, confirm)?;
    let hash = backend.passwords.hash(password.to_string()).await?;
    let db = &backend.db;
    let mut tx = db.begin_write().await?;
    let t = now();
    let owner = sqlx::query_as::<_, TokenOwner>(
        "UPDATE auth_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 \
         RETURNING person_id, org_id",
    )
    .bind(t)
    .bind(tokens::hash(token))
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(BackendError::Public(AppError::TokenInvalid))?;
    let updated = sqlx::query(
        "UPDATE people SET password_hash = $1, status = 'active', updated_at = $2, version = version + 1 \
         WHERE id = $3 AND org_id = $4 AND status <> 'deactivated'",
    )
    .bind(&hash)
    .bind(t)
    .bind(owner.person_id)
    .bind(owner.org_id)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::TokenInvalid.into());
    }
    // A new password ends every old session.
    sessions::revoke_person(&mut *tx, owner.org_id, owner.person_id).await?;
    audit::record(
        &mut *tx,
        audit::Entry {
            org_id: owner.org_id,
            actor_id: Some(owner.person_id),
            action: "password.set",
            subject_type: "person",
            subject_id: Some(owner.person_id),
            detail: serde_json::json!({}),
            client_addr,
        },
    )
    .await?;
    tx.commit().await?;
    sessions::create(db, &backend.config, owner.org_id, owner.person_id).await
}

/// Issues a single-use link for a person and queues the mail that carries it.
pub async fn issue_link<'c>(
    tx: &mut sqlx::Transaction<'c, sqlx::Any>,
    backend: &Backend,
    person: &people::Addressee,
    purpose: &str,
    locale: Locale,
) -> Result<()> {
    let token = tokens::new_token();
    let t = now();
    let (ttl, path, subject, body) = match purpose {
        "invite" => (INVITE_TTL_SECS, "/invite/", Msg::MailInviteSubject, Msg::MailInviteBody),
        _ => (RESET_TTL_SECS, "/reset/", Msg::MailResetSubject, Msg::MailResetBody),
    };
    sqlx::query("INSERT INTO auth_tokens (token_hash, org_id, person_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(tokens::hash(&token))
        .bind(person.org_id)
        .bind(person.id)
        .bind(purpose)
        .bind(t)
        .bind(t + ttl)
        .execute(&mut **tx)
        .await?;
    let link = backend.config.link(&format!("{path}{token}"));
    let name = shared::format::person_name(&person.family_name, &person.given_name, locale);
    let subject = subject.fill(locale, &[("org", &person.org_name)]);
    let body = body.fill(locale, &[("name", &name), ("link", &link)]);
    outbox::enqueue_email(&mut **tx, person.org_id, &person.email, &subject, &body).await
}

/// Sends a reset link if the address belongs to an active person. Always answers the same,
/// so the form cannot be used to find out who has an account.
pub async fn request_reset(backend: &Backend, email: &str, client_addr: &str, locale: Locale) -> Result<()> {
    let email = Email::parse("email", email)?;
    if !backend.login_limits.allow(email.as_str(), client_addr) {
        return Err(AppError::RateLimited.into());
    }
    let db = &backend.db;
    let Some(person) = people::addressee_by_email(db, email.as_str()).await? else {
        return Ok(());
    };
    let locale = person.locale().unwrap_or(locale);
    let mut tx = db.begin_write().await?;
    issue_link(&mut tx, backend, &person, "reset", locale).await?;
    tx.commit().await?;
    Ok(())
}

/// Remembers a signed-in person's language.
pub async fn set_locale(backend: &Backend, org_id: i64, person_id: i64, locale: Locale) -> Result<()> {
    sqlx::query("UPDATE people SET locale = $1 WHERE id = $2 AND org_id = $3")
        .bind(locale.code())
        .bind(person_id)
        .bind(org_id)
        .execute(&backend.db.pool)
        .await?;
    Ok(())
}

/// Field errors for the sign-in form, checked before the database is asked.
pub fn check_sign_in_form(email: &str, password: &str) -> Result<(), FieldError> {
    Email::parse("email", email)?;
    if password.is_empty() {
        return Err(FieldError::new("password", Msg::ErrRequired));
    }
    Ok(())
}
