//! Certificates (employment, income) issued as PDF when their request is approved, laid out as
//! a company document: the legal entity's letterhead (name, registration number, address), the
//! title, the employee's details and the request's answers in the employee's language and
//! English, the date of issue, the issuer with its signer and seal, and a number with a QR code
//! for the public page that confirms it.
use super::super::pdf::{qr_cells, render, Align, Mark, Picture, Sheet, A4};
use super::super::{now, policy, tokens, zone, Backend, BackendError, Caller, Db, Result};
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
    hire_date: Option<Date>,
    locale: Option<Locale>,
    org_name: String,
    entity: Option<String>,
    registration_no: Option<String>,
    address: Option<String>,
    signer_title: Option<String>,
    signer_name: Option<String>,
    seal_png: Option<Vec<u8>>,
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
         le.registration_no, le.address, le.signer_title, le.signer_name, le.seal_png, d.name AS department FROM people p JOIN organisations o ON o.id = p.org_id \
         LEFT JOIN legal_entities le ON le.id = p.legal_entity_id LEFT JOIN departments d ON d.id = p.department_id \
         WHERE p.org_id = $1 AND p.id = $2",
    )
    .bind(org_id)
    .bind(person_id)
    .fetch_one(&mut **tx)
    .await?;
    let number =
        format!("SP-{}", tokens::new_token().chars().filter(char::is_ascii_alphanumeric).take(10).collect::<String>().to_uppercase());
    // The certificate is dated in the organisation's calendar.
    let today = zone::today(zone::of_organisation(&mut **tx, org_id).await?, backend.clock.now());
    let locale = h.locale.unwrap_or(Locale::Ko);
    let url = backend.config.link(&format!("/verify/{number}"));
    let sheet = layout(&h, def, answers, locale, today, &number, &url)?;
    let font_path = backend.config.font_path.clone();
    let pdf = tokio::task::spawn_blocking(move || {
        let font = std::fs::read(&font_path).map_err(|e| BackendError::Internal(format!("font {font_path}: {e}")))?;
        render(&font, &sheet)
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

/// "label in the holder's language / in English".
fn both(label: Msg, locale: Locale) -> String {
    if locale == Locale::En {
        label.text(locale).to_string()
    } else {
        format!("{} / {}", label.text(locale), label.text(Locale::En))
    }
}

const LEFT: f32 = 56.0;
const RIGHT: f32 = A4.0 - 56.0;
const CENTRE: f32 = A4.0 / 2.0;

fn text(x: f32, y: f32, size: f32, align: Align, text: impl Into<String>) -> Mark {
    Mark::Text { x, y, size, align, text: text.into() }
}

/// The certificate's page.
fn layout(
    h: &Holder,
    def: &RequestTypeDef,
    answers: &BTreeMap<String, String>,
    locale: Locale,
    today: Date,
    number: &str,
    url: &str,
) -> Result<Sheet> {
    let entity = h.entity.clone().unwrap_or_else(|| h.org_name.clone());
    let filled = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    let mut marks = Vec::new();
    // The letterhead.
    let mut y = A4.1 - 64.0;
    marks.push(text(LEFT, y, 15.0, Align::Left, entity.clone()));
    let registration = filled(&h.registration_no).map(|r| format!("{}: {r}", both(Msg::RegistrationNo, locale)));
    for line in [registration, filled(&h.address)].into_iter().flatten() {
        y -= 14.0;
        marks.push(text(LEFT, y, 9.0, Align::Left, line));
    }
    y -= 10.0;
    marks.push(Mark::Rule { x: LEFT, y, width: RIGHT - LEFT });
    // The title.
    y -= 64.0;
    marks.push(text(CENTRE, y, 22.0, Align::Centre, def.name.get(locale)));
    if locale != Locale::En {
        y -= 20.0;
        marks.push(text(CENTRE, y, 11.0, Align::Centre, def.name.en.clone()));
    }
    // The facts, as a two-column table.
    let mut facts: Vec<(String, String)> = vec![(both(Msg::Name, locale), person_name(&h.family_name, &h.given_name, locale))];
    facts.push((both(Msg::LegalEntity, locale), entity.clone()));
    if let Some(d) = filled(&h.department) {
        facts.push((both(Msg::Department, locale), d));
    }
    if let Some(p) = filled(&h.position) {
        facts.push((both(Msg::Position, locale), p));
    }
    if let Some(hired) = h.hire_date {
        facts.push((both(Msg::HireDate, locale), hired.format(locale)));
    }
    for f in &def.fields {
        if let Some(v) = answers.get(&f.key) {
            let (theirs, english) = (f.answer_text(v, locale), f.answer_text(v, Locale::En));
            let value = if theirs == english { theirs } else { format!("{theirs} / {english}") };
            let label = if locale == Locale::En { f.label.en.clone() } else { format!("{} / {}", f.label.get(locale), f.label.en) };
            facts.push((label, value));
        }
    }
    y -= 48.0;
    for (label, value) in facts {
        marks.push(text(LEFT + 16.0, y, 10.5, Align::Left, label));
        marks.push(text(LEFT + 200.0, y, 10.5, Align::Left, value));
        y -= 21.0;
    }
    // The statement and the date of issue.
    y -= 28.0;
    marks.push(text(CENTRE, y, 12.0, Align::Centre, Msg::CertifiedAbove.text(locale)));
    if locale != Locale::En {
        y -= 15.0;
        marks.push(text(CENTRE, y, 9.0, Align::Centre, Msg::CertifiedAbove.text(Locale::En)));
    }
    y -= 36.0;
    marks.push(text(CENTRE, y, 12.0, Align::Centre, format!("{}: {}", both(Msg::IssueDate, locale), today.format(locale))));
    // The issuer and its signer, with the seal stamped just after the signer's name.
    let seal_side = 56.0_f32;
    let block = RIGHT - seal_side + 8.0;
    y -= 56.0;
    marks.push(text(block, y, 13.0, Align::Right, entity));
    let signer = format!("{} {}", filled(&h.signer_title).unwrap_or_default(), filled(&h.signer_name).unwrap_or_default());
    y -= 26.0;
    if !signer.trim().is_empty() {
        marks.push(text(block, y, 12.0, Align::Right, signer.trim()));
    }
    let picture = match &h.seal_png {
        Some(png) => {
            let p = Picture::from_png(png)?;
            let longer = p.width.max(p.height).max(1) as f32;
            let (w, h) = (seal_side * p.width as f32 / longer, seal_side * p.height as f32 / longer);
            marks.push(Mark::Picture { x: RIGHT - seal_side + (seal_side - w) / 2.0, y: y + 4.0 - h / 2.0, width: w, height: h });
            Some(p)
        }
        None => None,
    };
    // The number and where to check it, with a QR code of that address.
    let (modules, cells) = qr_cells(url)?;
    let side = 72.0 / f32::from(modules);
    let top = 56.0 + 72.0;
    marks.push(Mark::Rule { x: LEFT, y: top + 16.0, width: RIGHT - LEFT });
    marks.push(Mark::Squares { x: LEFT, y: top, side, cells });
    let beside = LEFT + 88.0;
    marks.push(text(beside, top - 14.0, 10.0, Align::Left, format!("{}: {number}", both(Msg::CertificateNumber, locale))));
    marks.push(text(beside, top - 32.0, 9.0, Align::Left, format!("{}:", both(Msg::VerifyAt, locale))));
    marks.push(text(beside, top - 46.0, 9.0, Align::Left, url));
    Ok(Sheet { marks, picture })
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
