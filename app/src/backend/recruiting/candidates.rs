//! Candidates: added to a job's first stage with their contacts sealed (the masked forms kept
//! beside them), edited with a merge of concurrent changes, and contacts revealed one at a
//! time — the audit row committed first.
use super::super::{audit, now, policy, Backend, Caller, Result};
use crate::AppError;
use shared::recruiting::EventKind;
use shared::recruiting::{check_custom, mask_contact, merge_facts, BoardEvent, CandidateEdit, CandidateFacts, CandidateInput};
use shared::stored::Json;
use shared::validation::FieldError;
use shared::Msg;
use std::collections::BTreeMap;

fn check(input: &CandidateInput) -> std::result::Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = input.full_name.trim();
    if name.is_empty() {
        errors.push(FieldError::new("full_name", Msg::ErrRequired));
    }
    for (field, value, max) in [
        ("full_name", name, 200),
        ("source", input.source.trim(), 100),
        ("tags", input.tags.trim(), 300),
        ("address", input.address.trim(), 300),
    ] {
        // One line each: length, controls and line breaks.
        if let Err(e) = shared::validation::optional_text(field, value, max) {
            errors.push(e);
        }
    }
    let email = input.email.trim();
    if !email.is_empty() {
        if let Err(e) = shared::validation::Email::parse("email", email) {
            errors.push(e);
        }
    }
    let birth = input.birth_date.trim();
    if !birth.is_empty() && shared::format::Date::parse_iso(birth).is_none() {
        errors.push(FieldError::new("birth_date", Msg::ErrInvalidDate));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// What the candidates search matches: name, tags, source and the job's own fields, lower-cased.
pub(super) fn search_of(name: &str, tags: &str, source: &str, custom: &BTreeMap<String, String>) -> String {
    let custom = custom.values().map(String::as_str).collect::<Vec<_>>().join(" ");
    shared::validation::search_key(&format!("{name} {tags} {source} {custom}"))
}

/// Standard checks and the job's own fields together, so a form shows every problem at once.
async fn checked_custom(backend: &Backend, job_id: i64, input: &CandidateInput) -> Result<BTreeMap<String, String>> {
    let fields = super::jobs::fields_of(&backend.db, job_id).await?;
    match (check(input), check_custom(&fields, &input.custom)) {
        (Ok(()), Ok(custom)) => Ok(custom),
        (a, b) => Err(AppError::Invalid(a.err().into_iter().flatten().chain(b.err().into_iter().flatten()).collect()).into()),
    }
}

/// Tags as kept: trimmed, lower-case, comma-separated, no duplicates.
pub(super) fn tags(raw: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for t in raw.split(',').map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()) {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out.join(", ")
}

pub async fn create(backend: &Backend, caller: &Caller, input: &CandidateInput) -> Result<i64> {
    policy::work_on_job(caller, &super::team(&backend.db, caller.org_id, input.job_id).await?)?;
    insert(backend, caller.org_id, caller.person_id, input).await
}

/// `create` once the caller is checked (also the demo data's way in).
pub async fn insert(backend: &Backend, org_id: i64, actor_id: i64, input: &CandidateInput) -> Result<i64> {
    let db = &backend.db;
    let custom = checked_custom(backend, input.job_id, input).await?;
    let contacts: BTreeMap<&str, &str> = [
        ("phone", input.phone.trim()),
        ("email", input.email.trim()),
        ("birth_date", input.birth_date.trim()),
        ("address", input.address.trim()),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .collect();
    let (name, source, tags) = (input.full_name.trim(), input.source.trim(), tags(&input.tags));
    let search = search_of(name, &tags, source, &custom);
    let t = now();
    let mut tx = db.begin_write().await?;
    super::hold_stages(db, &mut tx, org_id, input.job_id).await?;
    let first: Option<i64> = sqlx::query_scalar("SELECT id FROM job_stages WHERE job_id = $1 AND removed = 0 ORDER BY position LIMIT 1")
        .bind(input.job_id)
        .fetch_optional(&mut *tx)
        .await?;
    let stage = first.ok_or(AppError::NotFound)?;
    let last: Option<f64> =
        sqlx::query_scalar("SELECT MAX(position) FROM candidates WHERE stage_id = $1").bind(stage).fetch_one(&mut *tx).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO candidates (org_id, job_id, stage_id, position, full_name, source, tags, search, sealed_contacts, phone_masked, email_masked, \
         custom, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
    )
    .bind(org_id)
    .bind(input.job_id)
    .bind(stage)
    .bind(last.map_or(0.0, |p| p + 1.0))
    .bind(name)
    .bind(source)
    .bind(&tags)
    .bind(search)
    .bind(backend.sealer.seal_json(&contacts)?)
    .bind(mask_contact("phone", &input.phone))
    .bind(mask_contact("email", &input.email))
    .bind(Json(&custom))
    .bind(t)
    .fetch_one(&mut *tx)
    .await?;
    let created = super::event(&mut tx, org_id, id, EventKind::Created, (None, Some(stage)), actor_id, "").await?;
    let told = super::announce::new_candidate(backend, &mut tx, org_id, actor_id, input.job_id, id, name).await?;
    let mut rules = super::automation::Run::new(backend, org_id, input.job_id);
    rules.on(&mut tx, id, shared::recruiting::automation::Trigger::CandidateCreated, created).await?;
    tx.commit().await?;
    told.publish(backend).await;
    rules.publish().await;
    let event = BoardEvent { job_id: input.job_id, candidate_id: id, kind: EventKind::Created.into(), actor_id };
    backend.live.publish(db, event).await;
    Ok(id)
}

/// Saves an edit merged with whatever others changed since the editor loaded the candidate
/// (`merge_facts`); the same field changed by both is refused with its current value. Contacts
/// given are replaced (sealed again, masks recomputed); empty ones are kept. Returns the new
/// version.
pub async fn update(backend: &Backend, caller: &Caller, e: &CandidateEdit) -> Result<i64> {
    let db = &backend.db;
    type Row = (i64, i64, String, String, String, String, Json<BTreeMap<String, String>>);
    let found: Option<Row> = sqlx::query_as(
        "SELECT job_id, version, full_name, source, tags, sealed_contacts, custom FROM candidates WHERE org_id = $1 AND id = $2",
    )
    .bind(caller.org_id)
    .bind(e.id)
    .fetch_optional(&db.pool)
    .await?;
    let (job_id, version, full_name, source, tags_now, sealed, custom_now) = found.ok_or(AppError::NotFound)?;
    policy::work_on_job(caller, &super::team(db, caller.org_id, job_id).await?)?;
    let as_input = CandidateInput {
        job_id,
        full_name: e.edit.full_name.clone(),
        phone: e.phone.clone(),
        email: e.email.clone(),
        birth_date: e.birth_date.clone(),
        address: e.address.clone(),
        source: e.edit.source.clone(),
        tags: e.edit.tags.clone(),
        custom: e.edit.custom.clone(),
    };
    checked_custom(backend, job_id, &as_input).await?;
    let edit = CandidateFacts { tags: tags(&e.edit.tags), ..e.edit.clone() };
    let base = CandidateFacts { tags: tags(&e.base.tags), ..e.base.clone() };
    let current = CandidateFacts { full_name, source, tags: tags_now, custom: custom_now.0 };
    let merged = merge_facts(&base, &edit, &current).map_err(AppError::Stale)?;
    let mut contacts: BTreeMap<String, String> = backend.sealer.open_json(&sealed)?;
    let replaced: Vec<&str> = [("phone", &e.phone), ("email", &e.email), ("birth_date", &e.birth_date), ("address", &e.address)]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(field, v)| {
            contacts.insert(field.to_string(), v.trim().to_string());
            field
        })
        .collect();
    let changed: Vec<String> = CandidateFacts::names(&[&merged, &current])
        .into_iter()
        .filter(|f| merged.get(f) != current.get(f))
        .chain(replaced.into_iter().map(str::to_string))
        .collect();
    if changed.is_empty() {
        return Ok(version);
    }
    let empty = String::new();
    let contact = |field: &str| contacts.get(field).unwrap_or(&empty);
    let search = search_of(&merged.full_name, &merged.tags, &merged.source, &merged.custom);
    let mut tx = db.begin_write().await?;
    // The merge was made against `version`: a write in between means merging again.
    let done = sqlx::query(
        "UPDATE candidates SET full_name = $1, source = $2, tags = $3, search = $4, sealed_contacts = $5, phone_masked = $6, \
         email_masked = $7, custom = $8, version = version + 1, updated_at = $9 WHERE id = $10 AND version = $11",
    )
    .bind(&merged.full_name)
    .bind(&merged.source)
    .bind(&merged.tags)
    .bind(search)
    .bind(backend.sealer.seal_json(&contacts)?)
    .bind(mask_contact("phone", contact("phone")))
    .bind(mask_contact("email", contact("email")))
    .bind(Json(&merged.custom))
    .bind(now())
    .bind(e.id)
    .bind(version)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done == 0 {
        return Err(AppError::Conflict.into());
    }
    // Field names only: the timeline never holds contacts.
    super::event(&mut tx, caller.org_id, e.id, EventKind::Edited, (None, None), caller.person_id, &changed.join(", ")).await?;
    tx.commit().await?;
    backend.live.publish(db, BoardEvent { job_id, candidate_id: e.id, kind: EventKind::Edited.into(), actor_id: caller.person_id }).await;
    Ok(version + 1)
}

/// Ties the caller's fresh PDF upload to a candidate as their résumé (the latest one shows).
pub async fn attach_resume(backend: &Backend, caller: &Caller, candidate_id: i64, file_id: i64) -> Result<()> {
    let db = &backend.db;
    let job_id = super::candidate_job(db, caller, candidate_id).await?;
    let mut tx = db.begin_write().await?;
    let attached = sqlx::query(
        "UPDATE files SET candidate_id = $1 WHERE org_id = $2 AND id = $3 AND owner_id = $4 AND purpose = 'attachment' \
         AND content_type = 'application/pdf' AND request_id IS NULL AND candidate_id IS NULL",
    )
    .bind(candidate_id)
    .bind(caller.org_id)
    .bind(file_id)
    .bind(caller.person_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if attached == 0 {
        return Err(FieldError::new("file", Msg::ErrBadReference).into());
    }
    let received = super::event(&mut tx, caller.org_id, candidate_id, EventKind::Resume, (None, None), caller.person_id, "").await?;
    let mut rules = super::automation::Run::new(backend, caller.org_id, job_id);
    rules.on(&mut tx, candidate_id, shared::recruiting::automation::Trigger::ResumeReceived, received).await?;
    tx.commit().await?;
    rules.publish().await;
    backend.live.publish(db, BoardEvent { job_id, candidate_id, kind: EventKind::Resume.into(), actor_id: caller.person_id }).await;
    Ok(())
}

/// One contact in plain text, for those allowed. The audit row (who, when, which candidate,
/// which field, from where) is committed before the value is read: if it cannot be written,
/// nothing is revealed.
pub async fn reveal(backend: &Backend, caller: &Caller, candidate_id: i64, field: &str, client_addr: Option<&str>) -> Result<String> {
    let db = &backend.db;
    if !shared::recruiting::CONTACT_FIELDS.contains(&field) {
        return Err(AppError::NotFound.into());
    }
    let found: Option<(i64, String)> = sqlx::query_as("SELECT job_id, sealed_contacts FROM candidates WHERE org_id = $1 AND id = $2")
        .bind(caller.org_id)
        .bind(candidate_id)
        .fetch_optional(&db.pool)
        .await?;
    let (job_id, sealed) = found.ok_or(AppError::NotFound)?;
    policy::work_on_job(caller, &super::team(db, caller.org_id, job_id).await?)?;
    policy::reveal_candidate_contacts(caller)?;
    let entry = audit::Entry::by(
        caller,
        audit::Event::CandidateContactRevealed,
        (audit::Subject::Candidate, candidate_id),
        serde_json::json!({ "field": field }),
        client_addr,
    );
    audit::record(&db.pool, entry).await?;
    let contacts: BTreeMap<String, String> = backend.sealer.open_json(&sealed)?;
    Ok(contacts.get(field).cloned().unwrap_or_default())
}
