//! Protected personal data: sealed at rest, masked on the way out, revealed only to the person
//! and HR, and every reveal audited before the plaintext leaves.
use super::super::{audit, now, policy, Backend, Caller, Result};
use crate::AppError;
use shared::cabinet::{ProtectedField, ProtectedValue};
use shared::requests::mask;
use shared::validation::FieldError;
use shared::Msg;
use sqlx::{Any, Transaction};
use std::collections::BTreeMap;

pub type Secrets = BTreeMap<String, String>;

pub async fn load(backend: &Backend, org_id: i64, person_id: i64) -> Result<Secrets> {
    let sealed: Option<String> = sqlx::query_scalar("SELECT sealed FROM person_secrets WHERE org_id = $1 AND person_id = $2")
        .bind(org_id)
        .bind(person_id)
        .fetch_optional(&backend.db.pool)
        .await?;
    sealed.map(|s| backend.sealer.open_json(&s)).transpose().map(Option::unwrap_or_default)
}

/// Replaces some protected fields (others kept), sealed, in the caller's transaction.
pub async fn update(tx: &mut Transaction<'_, Any>, backend: &Backend, org_id: i64, person_id: i64, changes: &Secrets) -> Result<()> {
    let current: Option<String> = sqlx::query_scalar("SELECT sealed FROM person_secrets WHERE org_id = $1 AND person_id = $2")
        .bind(org_id)
        .bind(person_id)
        .fetch_optional(&mut **tx)
        .await?;
    let mut all: Secrets = current.map(|s| backend.sealer.open_json(&s)).transpose()?.unwrap_or_default();
    for (k, v) in changes {
        if ProtectedField::parse(k).is_some() {
            all.insert(k.clone(), v.clone());
        }
    }
    let sealed = backend.sealer.seal_json(&all)?;
    // BACKEND-SPECIFIC-free upsert: ON CONFLICT works on both.
    sqlx::query(
        "INSERT INTO person_secrets (person_id, org_id, sealed, key_id, updated_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (person_id) DO UPDATE SET sealed = excluded.sealed, key_id = excluded.key_id, updated_at = excluded.updated_at, \
         version = person_secrets.version + 1",
    )
    .bind(person_id)
    .bind(org_id)
    .bind(sealed)
    .bind(&backend.sealer.key_id)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The person's protected fields, masked, for anyone who may see the person.
pub async fn masked(backend: &Backend, caller: &Caller, person_id: i64) -> Result<Vec<ProtectedValue>> {
    policy::view_person(caller, &super::super::people::scope(&backend.db, caller.org_id, person_id).await?)?;
    let all = load(backend, caller.org_id, person_id).await?;
    Ok(ProtectedField::ALL
        .into_iter()
        .map(|key| {
            let value = all.get(key.as_str()).map(String::as_str).unwrap_or_default();
            ProtectedValue { key, masked: if value.is_empty() { String::new() } else { mask(value) }, set: !value.is_empty() }
        })
        .collect())
}

/// One field in plain text. The audit row is written (and committed) first: if it cannot be,
/// nothing is revealed.
pub async fn reveal(backend: &Backend, caller: &Caller, person_id: i64, field: &str, client_addr: Option<&str>) -> Result<String> {
    policy::reveal_personal_data(caller, person_id)?;
    if ProtectedField::parse(field).is_none() {
        return Err(FieldError::new("field", Msg::ErrBadReference).into());
    }
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM people WHERE org_id = $1 AND id = $2")
        .bind(caller.org_id)
        .bind(person_id)
        .fetch_optional(&backend.db.pool)
        .await?;
    if exists.is_none() {
        return Err(AppError::NotFound.into());
    }
    let entry = audit::Entry::by(
        caller,
        audit::Event::PersonPersonalDataRevealed,
        (audit::Subject::Person, person_id),
        serde_json::json!({ "field": field }),
        client_addr,
    );
    audit::record(&backend.db.pool, entry).await?;
    Ok(load(backend, caller.org_id, person_id).await?.remove(field).unwrap_or_default())
}
