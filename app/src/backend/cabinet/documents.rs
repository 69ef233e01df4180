//! Company documents: HR publishes versions to an audience; readers acknowledge a version by
//! signing it with their password, which stores the version's SHA-256, the time and the client
//! address. A new version needs a new signature.
use super::super::notifications::Told;
use super::super::{audit, now, outbox, policy, Backend, Caller, Db, Result};
use super::reads;
use crate::AppError;
use sha2::{Digest, Sha256};
use shared::cabinet::{Audience, DocumentInput, DocumentKind, DocumentView, SignatureStatus};
use shared::notifications::Told as What;
use shared::stored::Json;
use shared::validation::{required_text, FieldError};
use shared::{Locale, Msg};

fn hex_sha256(body: &str) -> String {
    Sha256::digest(body.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Publishes a new document, or a new version of an existing one. Audited.
pub async fn publish(backend: &Backend, caller: &Caller, input: &DocumentInput, client_addr: Option<&str>) -> Result<i64> {
    policy::manage_people(caller)?;
    let db = &backend.db;
    let title = required_text("title", &input.title, 200)?;
    let body = required_text("body", &input.body, 200_000)?;
    let audience = Json(&input.audience);
    let t = now();
    let mut tx = db.begin_write().await?;
    let (id, number) = match input.document_id {
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO documents (org_id, title, kind, audience, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(caller.org_id)
            .bind(&title)
            .bind(input.kind)
            .bind(&audience)
            .bind(caller.person_id)
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;
            (id, 1)
        }
        Some(id) => {
            let number: Option<i64> = sqlx::query_scalar(
                "UPDATE documents SET title = $1, kind = $2, audience = $3, current_version = current_version + 1, version = version + 1 \
                 WHERE org_id = $4 AND id = $5 RETURNING current_version",
            )
            .bind(&title)
            .bind(input.kind)
            .bind(&audience)
            .bind(caller.org_id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            (id, number.ok_or(AppError::NotFound)?)
        }
    };
    sqlx::query(
        "INSERT INTO document_versions (org_id, document_id, number, body, sha256, published_by, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(caller.org_id)
    .bind(id)
    .bind(number)
    .bind(&body)
    .bind(hex_sha256(&body))
    .bind(caller.person_id)
    .bind(t)
    .execute(&mut *tx)
    .await?;
    let entry = audit::Entry::by(
        caller,
        audit::Event::DocumentPublished,
        (audit::Subject::Document, id),
        serde_json::json!({ "version": number }),
        client_addr,
    );
    audit::record(&mut *tx, entry).await?;
    // Its audience hears of it (each version: a new one asks for a new signature).
    let mut told = Told::new(backend);
    let audience = super::audience_of(&mut tx, db, caller, &input.audience).await?;
    told.notify_many(&mut tx, caller.org_id, &audience, &What::DocumentPublished { title }, "/documents").await?;
    tx.commit().await?;
    told.publish(backend).await;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    title: String,
    kind: DocumentKind,
    audience: Json<Audience>,
    version_id: i64,
    number: i64,
    body: String,
    sha256: String,
    published_at: i64,
    signed_at: Option<i64>,
}

const CURRENT: &str = "SELECT d.id, d.title, d.kind, d.audience, v.id AS version_id, v.number, v.body, v.sha256, v.published_at, \
     s.signed_at FROM documents d JOIN document_versions v ON v.document_id = d.id AND v.number = d.current_version \
     LEFT JOIN signatures s ON s.document_version_id = v.id AND s.person_id = $2";

fn view(row: Row) -> DocumentView {
    DocumentView {
        id: row.id,
        title: row.title,
        kind: row.kind,
        version_id: row.version_id,
        number: row.number,
        body: row.body,
        sha256: row.sha256,
        published_at: row.published_at,
        signed_at: row.signed_at,
    }
}

/// The current version of every document addressed to the caller, unsigned first.
pub async fn mine(db: &Db, caller: &Caller) -> Result<Vec<DocumentView>> {
    let rows: Vec<Row> = sqlx::query_as(&format!("{CURRENT} WHERE d.org_id = $1 ORDER BY d.id DESC LIMIT 500"))
        .bind(caller.org_id)
        .bind(caller.person_id)
        .fetch_all(&db.pool)
        .await?;
    let mut out: Vec<DocumentView> = rows.into_iter().filter(|r| reads(caller, &r.audience.0)).map(view).collect();
    out.sort_by_key(|d| d.signed_at.is_some());
    Ok(out)
}

/// How many current versions addressed to the caller they have not signed.
pub async fn to_sign(db: &Db, caller: &Caller) -> Result<i64> {
    let audiences: Vec<Json<Audience>> = sqlx::query_scalar(
        "SELECT d.audience FROM documents d JOIN document_versions v ON v.document_id = d.id AND v.number = d.current_version \
         LEFT JOIN signatures s ON s.document_version_id = v.id AND s.person_id = $2 WHERE d.org_id = $1 AND s.signed_at IS NULL",
    )
    .bind(caller.org_id)
    .bind(caller.person_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(audiences.iter().filter(|a| reads(caller, &a.0)).count() as i64)
}

/// One document for a reader in its audience (or HR).
pub async fn get(db: &Db, caller: &Caller, id: i64) -> Result<DocumentView> {
    let row: Row = sqlx::query_as(&format!("{CURRENT} WHERE d.org_id = $1 AND d.id = $3"))
        .bind(caller.org_id)
        .bind(caller.person_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    if !reads(caller, &row.audience.0) && policy::manage_people(caller).is_err() {
        return Err(AppError::Forbidden.into());
    }
    Ok(view(row))
}

/// Signs the current version after checking the reader's password (counted against the
/// sign-in limits). Signing twice, or an outdated version, changes nothing.
pub async fn sign(backend: &Backend, caller: &Caller, version_id: i64, password: &str, client_addr: Option<&str>) -> Result<i64> {
    let db = &backend.db;
    let found: Option<(i64, Json<Audience>, String, i64)> = sqlx::query_as(
        "SELECT d.id, d.audience, v.sha256, d.current_version - v.number FROM document_versions v JOIN documents d ON d.id = v.document_id \
         WHERE v.org_id = $1 AND v.id = $2",
    )
    .bind(caller.org_id)
    .bind(version_id)
    .fetch_optional(&db.pool)
    .await?;
    let (document_id, Json(audience), sha256, behind) = found.ok_or(AppError::NotFound)?;
    if !reads(caller, &audience) {
        return Err(AppError::Forbidden.into());
    }
    if behind != 0 {
        return Err(AppError::Conflict.into());
    }
    let attempts = caller.email.clone().unwrap_or_else(|| format!("person:{}", caller.person_id));
    if !backend.login_limits.allow(&backend.db, &attempts, client_addr.unwrap_or_default()).await? {
        return Err(AppError::RateLimited.into());
    }
    if !crate::backend::auth::confirm_password(backend, caller, password).await? {
        return Err(FieldError::new("password", Msg::ErrBadCredentials).into());
    }
    let t = now();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO signatures (org_id, document_version_id, person_id, sha256, client_addr, signed_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (document_version_id, person_id) DO NOTHING",
    )
    .bind(caller.org_id)
    .bind(version_id)
    .bind(caller.person_id)
    .bind(&sha256)
    .bind(client_addr)
    .bind(t)
    .execute(&mut *tx)
    .await?;
    let entry = audit::Entry::by(
        caller,
        audit::Event::DocumentSigned,
        (audit::Subject::Document, document_id),
        serde_json::json!({ "version_id": version_id, "sha256": sha256 }),
        client_addr,
    );
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(t)
}

#[derive(sqlx::FromRow)]
struct Member {
    id: i64,
    family_name: String,
    given_name: String,
    email: Option<String>,
    phone: Option<String>,
    locale: Option<Locale>,
    legal_entity_id: Option<i64>,
    department_id: Option<i64>,
    roles: shared::model::Roles,
    signed_at: Option<i64>,
}

async fn members(db: &Db, caller: &Caller, document_id: i64) -> Result<(i64, Vec<Member>)> {
    policy::manage_people(caller)?;
    let found: Option<(Json<Audience>, i64)> = sqlx::query_as(
        "SELECT d.audience, v.id FROM documents d JOIN document_versions v ON v.document_id = d.id AND v.number = d.current_version \
         WHERE d.org_id = $1 AND d.id = $2",
    )
    .bind(caller.org_id)
    .bind(document_id)
    .fetch_optional(&db.pool)
    .await?;
    let (Json(audience), version_id) = found.ok_or(AppError::NotFound)?;
    let people: Vec<Member> = sqlx::query_as(&format!(
        "SELECT p.id, p.family_name, p.given_name, p.email, p.phone, p.locale, p.legal_entity_id, p.department_id, {} AS roles, s.signed_at \
         FROM people p LEFT JOIN signatures s ON s.person_id = p.id AND s.document_version_id = $2 \
         WHERE p.org_id = $1 AND p.status = 'active' ORDER BY p.family_name, p.given_name, p.id",
        db.roles_of_p()
    ))
    .bind(caller.org_id)
    .bind(version_id)
    .fetch_all(&db.pool)
    .await?;
    let number: i64 = sqlx::query_scalar("SELECT number FROM document_versions WHERE id = $1").bind(version_id).fetch_one(&db.pool).await?;
    Ok((number, people.into_iter().filter(|m| audience.includes(m.legal_entity_id, m.department_id, &m.roles)).collect()))
}

/// Who has and has not signed the current version.
pub async fn status(db: &Db, caller: &Caller, document_id: i64) -> Result<SignatureStatus> {
    let (number, people) = members(db, caller, document_id).await?;
    Ok(SignatureStatus {
        document_id,
        number,
        people: people.into_iter().map(|m| (m.id, m.family_name, m.given_name, m.signed_at)).collect(),
    })
}

/// Emails everyone in the audience who has not signed yet; returns how many.
pub async fn remind(backend: &Backend, caller: &Caller, document_id: i64) -> Result<usize> {
    let db = &backend.db;
    let (_, people) = members(db, caller, document_id).await?;
    let title: String = sqlx::query_scalar("SELECT title FROM documents WHERE id = $1").bind(document_id).fetch_one(&db.pool).await?;
    let link = backend.config.link("/documents");
    let mut tx = db.begin_write().await?;
    let mut sent = 0;
    for m in people.iter().filter(|m| m.signed_at.is_none()) {
        let locale = m.locale.unwrap_or(Locale::En);
        let name = shared::format::person_name(&m.family_name, &m.given_name, locale);
        let subject = Msg::MailSignSubject.fill(locale, &[("title", &title)]);
        let body = Msg::MailSignBody.fill(locale, &[("name", &name), ("title", &title), ("link", &link)]);
        match (&m.email, &m.phone) {
            (Some(email), _) => outbox::enqueue_email(&mut *tx, caller.org_id, email, &subject, &body).await?,
            (None, Some(phone)) => outbox::enqueue_sms(&mut *tx, caller.org_id, phone, &format!("{subject}\n{link}")).await?,
            (None, None) => continue,
        }
        sent += 1;
    }
    tx.commit().await?;
    Ok(sent)
}
