//! Single-use links: an invitation to join an organisation, and a password reset. The token is
//! mailed, the database keeps only its hash, and it is spent by one conditional UPDATE, so two
//! clicks cannot both use it.
use super::{account_by, start, SignedIn};
use crate::backend::{audit, now, outbox, people, sessions, tokens, Backend, BackendError, Result};
use crate::AppError;
use shared::model::{InvitationFacts, LinkPurpose};
use shared::validation::{self, Email, FieldError, Login};
use shared::{Locale, Msg};

pub const INVITE_TTL_SECS: i64 = 7 * 24 * 3600;
pub const RESET_TTL_SECS: i64 = 3600;

type Tx<'a, 'c> = &'a mut sqlx::Transaction<'c, sqlx::Any>;

/// Issues a single-use link for a person and queues the mail that carries it.
pub async fn issue_link(tx: Tx<'_, '_>, backend: &Backend, person: &people::Addressee, purpose: LinkPurpose, locale: Locale) -> Result<()> {
    let token = tokens::new_token();
    let t = now();
    let (ttl, path, subject, body, short) = match purpose {
        LinkPurpose::Invite => (INVITE_TTL_SECS, "/invite/", Msg::MailInviteSubject, Msg::MailInviteBody, Msg::SmsInviteBody),
        LinkPurpose::Reset => (RESET_TTL_SECS, "/reset/", Msg::MailResetSubject, Msg::MailResetBody, Msg::SmsResetBody),
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
    let short = short.fill(locale, &[("org", &person.org_name), ("link", &link)]);
    outbox::enqueue_to(&mut **tx, person, &subject, &body, &short).await
}

/// Sends a reset link if the address has an account. Always answers the same and equally fast,
/// so the form cannot be used to find out who has an account: the lookup and the link are made
/// after the answer, in a task of their own.
pub async fn request_reset(backend: &Backend, login: &str, client_addr: &str, locale: Locale) -> Result<()> {
    let login = Login::parse("email", login)?;
    if !backend.login_limits.allow(&backend.db, login.key(), client_addr).await? {
        return Err(AppError::RateLimited.into());
    }
    let backend = backend.clone();
    tokio::spawn(async move {
        if let Err(e) = send_reset_link(&backend, &login, locale).await {
            tracing::error!(error = %e, "password reset link not issued");
        }
    });
    Ok(())
}

async fn send_reset_link(backend: &Backend, login: &Login, locale: Locale) -> Result<()> {
    let db = &backend.db;
    let Some(person) = people::member_by_login(db, login).await? else {
        return Ok(());
    };
    let locale = person.locale().unwrap_or(locale);
    let mut tx = db.begin_write().await?;
    issue_link(&mut tx, backend, &person, LinkPurpose::Reset, locale).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Pending {
    email: Option<String>,
    phone: Option<String>,
    org_name: String,
}

impl Pending {
    /// Who is invited, as an account knows them: their address, else their phone number.
    fn login(&self) -> Result<Login> {
        match (&self.email, &self.phone) {
            (Some(email), _) => Ok(Login::Email(Email::parse("email", email)?)),
            (None, Some(phone)) => Ok(Login::Phone(vec![phone.clone()])),
            (None, None) => Err(AppError::TokenInvalid.into()),
        }
    }
}

/// The invitation a link holds, if it can still be accepted.
async fn pending(backend: &Backend, token: &str) -> Result<Pending> {
    sqlx::query_as(
        "SELECT p.email, p.phone, o.name AS org_name FROM auth_tokens t JOIN people p ON p.id = t.person_id AND p.org_id = t.org_id \
         JOIN organisations o ON o.id = t.org_id \
         WHERE t.token_hash = $1 AND t.purpose = 'invite' AND t.used_at IS NULL AND t.expires_at > $2 AND p.status <> 'deactivated'",
    )
    .bind(tokens::hash(token))
    .bind(now())
    .fetch_optional(&backend.db.pool)
    .await?
    .ok_or(BackendError::Public(AppError::TokenInvalid))
}

/// What the invitation page shows: the organisation, and whether the address already signs in
/// to Staffport (then its password joins the organisation and no new one is chosen).
pub async fn invitation(backend: &Backend, token: &str) -> Result<InvitationFacts> {
    let p = pending(backend, token).await?;
    let has_account = account_by(&backend.db, &p.login()?).await?.is_some();
    Ok(InvitationFacts { org_name: p.org_name, has_account })
}

/// Spends a link of `purpose`: whose it was, or `TokenInvalid` (unknown, used, expired).
async fn spend(tx: Tx<'_, '_>, token: &str, purpose: LinkPurpose) -> Result<(i64, i64)> {
    let t = now();
    sqlx::query_as(
        "UPDATE auth_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 \
         RETURNING person_id, org_id",
    )
    .bind(t)
    .bind(tokens::hash(token))
    .bind(purpose)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(BackendError::Public(AppError::TokenInvalid))
}

enum Joining {
    /// The address signs in already: its account gains this membership.
    Existing(i64),
    /// A new account with this password hash.
    New(String),
}

/// Accepts an invitation and starts a session in the organisation that sent it. An address
/// without an account chooses a password; one with an account confirms its password, so an
/// invitation never changes the password someone uses elsewhere.
pub async fn accept_invitation(backend: &Backend, token: &str, password: &str, confirm: &str, client_addr: &str) -> Result<SignedIn> {
    let invited = pending(backend, token).await?;
    let login = invited.login()?;
    let joining = match account_by(&backend.db, &login).await? {
        Some(account) => {
            if !backend.login_limits.allow(&backend.db, login.key(), client_addr).await? {
                return Err(AppError::RateLimited.into());
            }
            if password.len() > validation::MAX_PASSWORD_BYTES
                || !backend.passwords.verify(password.to_string(), Some(account.password_hash)).await?
            {
                return Err(FieldError::new("password", Msg::ErrBadCredentials).into());
            }
            Joining::Existing(account.id)
        }
        None => {
            validation::new_password(password, confirm)?;
            Joining::New(backend.passwords.hash(password.to_string()).await?)
        }
    };
    let db = &backend.db;
    let mut tx = db.begin_write().await?;
    let (person_id, org_id) = spend(&mut tx, token, LinkPurpose::Invite).await?;
    let t = now();
    let (account_id, joined_existing) = match joining {
        Joining::Existing(id) => (id, true),
        Joining::New(hash) => {
            // A person without an address signs in with their phone number.
            let phone = if invited.email.is_none() { invited.phone.clone() } else { None };
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO accounts (email, phone, password_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
            )
            .bind(&invited.email)
            .bind(phone)
            .bind(&hash)
            .bind(t)
            .fetch_one(&mut *tx)
            .await
            // Another invitation to the same address was accepted meanwhile: try again, joining it.
            .map_err(|e| match BackendError::from(e) {
                e if e.is_unique_violation() => AppError::Conflict.into(),
                e => e,
            })?;
            (id, false)
        }
    };
    let updated = sqlx::query(
        "UPDATE people SET account_id = $1, status = 'active', updated_at = $2, version = version + 1 \
         WHERE id = $3 AND org_id = $4 AND status <> 'deactivated'",
    )
    .bind(account_id)
    .bind(t)
    .bind(person_id)
    .bind(org_id)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::TokenInvalid.into());
    }
    let entry = audit::Entry {
        org_id,
        actor_id: Some(person_id),
        action: audit::Event::InvitationAccepted.into(),
        subject_type: audit::Subject::Person,
        subject_id: Some(person_id),
        detail: serde_json::json!({ "joined_existing_account": joined_existing }),
        client_addr: Some(client_addr),
    };
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    start(backend, account_id, org_id, person_id).await
}

/// Sets a new password through a reset link: for the account, so for every organisation it
/// works in, and every session of the account ends.
pub async fn reset_password(backend: &Backend, token: &str, password: &str, confirm: &str, client_addr: &str) -> Result<SignedIn> {
    validation::new_password(password, confirm)?;
    let hash = backend.passwords.hash(password.to_string()).await?;
    let db = &backend.db;
    let mut tx = db.begin_write().await?;
    let (person_id, org_id) = spend(&mut tx, token, LinkPurpose::Reset).await?;
    let account_id: i64 =
        sqlx::query_scalar("SELECT account_id FROM people WHERE id = $1 AND org_id = $2 AND status = 'active' AND account_id IS NOT NULL")
            .bind(person_id)
            .bind(org_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(BackendError::Public(AppError::TokenInvalid))?;
    sqlx::query("UPDATE accounts SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(&hash)
        .bind(now())
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    sessions::revoke_account(&mut *tx, account_id).await?;
    let entry = audit::Entry {
        org_id,
        actor_id: Some(person_id),
        action: audit::Event::PasswordSet.into(),
        subject_type: audit::Subject::Person,
        subject_id: Some(person_id),
        detail: serde_json::json!({}),
        client_addr: Some(client_addr),
    };
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    start(backend, account_id, org_id, person_id).await
}
