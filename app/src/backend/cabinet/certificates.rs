//! Certificates (employment, income) issued as PDF when their request is approved: the
//! company's and the employee's details in the employee's language and English, a number, and
//! a public page that confirms the number.
use super::super::pdf::{page, Line};
use super::super::{now, policy, tokens, Backend, BackendError, Caller, Db, Result};
use crate::AppError;
use sha2::{Digest, Sha256};
use shared::cabinet::{CertificateCheck, CertificateLine};
use shared::format::{person_name, Date};
use shared::requests::RequestTypeDef;
use shared::{Locale, Msg};
use sqlx::{Any, Transaction};
use std::collections::BTreeMap;

#[derive(sqlx::FromRow)]
struct Holder {
    family_name: String,
    given_name: String,
    position: Option<String>,
    hire_date: Option<String>,
    locale: Option<String>,
    org_name: String,
    entity: Option<String>,
    registration_no: Option<String>,
    department: Option<String>,
}

/// Issues the certificate of an approved request, in the approval's transaction.
pub async fn issue(
    tx: &mut Transaction<'_, Any>,
    backend: &Backend,
    org_id: i64,
    person_id: i64,
    request_id: i64,
    def: &RequestTypeDef,
    answers: &BTreeMap<String, String>,
) -> Result<String> {
    let h: Holder = sqlx::query_as(
        "SELECT p.family_name, p.given_name, p.position, p.hire_date, p.locale, o.name AS org_name, le.name AS entity, \
         le.registration_no, d.name AS department FROM people p JOIN organisations o ON o.id = p.org_id \
         LEFT JOIN legal_entities le ON le.id = p.legal_entity_id LEFT JOIN departments d ON d.id = p.department_id \
         WHERE p.org_id = $1 AND p.id = $2",
    )
    .bind(org_id)
    .bind(person_id)
    .fetch_one(&mut **tx)
    .await?;
    let number =
        format!("SP-{}", tokens::new_token().chars().filter(char::is_ascii_alphanumeric).take(10).collect::<String>().to_uppercase());
    let today = Date::from_unix(now());
    let locale = h.locale.as_deref().and_then(Locale::parse).unwrap_or(Locale::Ko);
    let mut lines = vec![Line { size: 20.0, text: def.name.get(locale).to_string() }];
    if locale != Locale::En {
        lines.push(Line { size: 12.0, text: def.name.en.clone() });
    }
    let fact =
        |label: Msg, value: String| Line { size: 12.0, text: format!("{} / {}: {value}", label.text(locale), label.text(Locale::En)) };
    lines.push(Line { size: 8.0, text: String::new() });
    lines.push(fact(Msg::Name, person_name(&h.family_name, &h.given_name, locale)));
    lines.push(fact(
        Msg::LegalEntity,
        format!("{} {}", h.entity.unwrap_or(h.org_name.clone()), h.registration_no.unwrap_or_default()).trim().to_string(),
    ));
    if let Some(d) = h.department {
        lines.push(fact(Msg::Department, d));
    }
    if let Some(p) = h.position {
        lines.push(fact(Msg::Position, p));
    }
    if let Some(hired) = h.hire_date.as_deref().and_then(Date::parse_iso) {
        lines.push(fact(Msg::HireDate, hired.format(locale)));
    }
    for f in &def.fields {
        if let Some(v) = answers.get(&f.key) {
            lines.push(Line { size: 12.0, text: format!("{} / {}: {}", f.label.get(locale), f.label.en, v.replace('/', " – ")) });
        }
    }
    lines.push(Line { size: 8.0, text: String::new() });
    lines.push(Line { size: 12.0, text: Msg::CertificateIssued.fill(locale, &[("org", &h.org_name), ("date", &today.format(locale))]) });
    lines.push(fact(Msg::CertificateNumber, number.clone()));
    lines.push(Line { size: 10.0, text: backend.config.link(&format!("/verify/{number}")) });
    let font_path = backend.config.font_path.clone();
    let pdf = tokio::task::spawn_blocking(move || {
        let font = std::fs::read(&font_path).map_err(|e| BackendError::Internal(format!("font {font_path}: {e}")))?;
        page(&font, &lines)
    })
    .await
    .map_err(|e| BackendError::Internal(e.to_string()))??;
    let sha: String = Sha256::digest(&pdf).iter().map(|b| format!("{b:02x}")).collect();
    sqlx::query(
        "INSERT INTO certificates (org_id, person_id, request_id, kind, number, pdf, sha256, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(org_id)
    .bind(person_id)
    .bind(request_id)
    .bind(&def.code)
    .bind(&number)
    .bind(pdf)
    .bind(sha)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(number)
}

pub async fn mine(db: &Db, caller: &Caller) -> Result<Vec<CertificateLine>> {
    Ok(sqlx::query_as::<_, CertificateLine>(
        "SELECT id, kind, number, issued_at FROM certificates WHERE org_id = $1 AND person_id = $2 ORDER BY id DESC",
    )
    .bind(caller.org_id)
    .bind(caller.person_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The PDF for its owner or HR.
pub async fn pdf(db: &Db, caller: &Caller, id: i64) -> Result<(String, Vec<u8>)> {
    let found: Option<(i64, String, Vec<u8>)> =
        sqlx::query_as("SELECT person_id, number, pdf FROM certificates WHERE org_id = $1 AND id = $2")
            .bind(caller.org_id)
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    let (person, number, bytes) = found.ok_or(AppError::NotFound)?;
    policy::reveal_personal_data(caller, person)?;
    Ok((number, bytes))
}

/// The public check: what the certificate with this number says, or not found.
pub async fn verify(db: &Db, number: &str) -> Result<CertificateCheck> {
    let found: Option<(String, String, String, String, i64, String)> = sqlx::query_as(
        "SELECT c.number, c.kind, p.family_name, p.given_name, c.issued_at, c.sha256 FROM certificates c JOIN people p ON p.id = c.person_id \
         WHERE c.number = $1",
    )
    .bind(number.trim())
    .fetch_optional(&db.pool)
    .await?;
    let (number, kind, family, given, issued_at, sha256) = found.ok_or(AppError::NotFound)?;
    let organisation: String =
        sqlx::query_scalar("SELECT o.name FROM certificates c JOIN organisations o ON o.id = c.org_id WHERE c.number = $1")
            .bind(&number)
            .fetch_one(&db.pool)
            .await?;
    Ok(CertificateCheck { number, kind, person: person_name(&family, &given, Locale::En), organisation, issued_at, sha256 })
}
