//! The request catalogue: the shipped types every organisation starts with, and the
//! administrators' editor (definitions checked by `shared::requests::check_definition`).
use super::super::{audit, now, policy, BackendError, Caller, Db, Result};
use crate::AppError;
use shared::approvals::StepRule;
use shared::cabinet::{RequestTypeAdmin, RequestTypeSave, RequestTypeView};
use shared::requests::{check_definition, shipped, RequestTypeDef};
use shared::stored::Json;
use shared::validation::FieldError;
use shared::Msg;

pub(super) fn broken(e: impl std::fmt::Display) -> BackendError {
    BackendError::Internal(format!("request type definition: {e}"))
}

/// Gives an organisation the shipped request types it does not have yet (by code), so types
/// shipped later reach existing organisations and administrators' edits are kept.
pub async fn seed_types(db: &Db, org_id: i64) -> Result<()> {
    for def in shipped() {
        sqlx::query(
            "INSERT INTO request_types (org_id, code, definition, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (org_id, code) DO NOTHING",
        )
        .bind(org_id)
        .bind(&def.code)
        .bind(Json(&def))
        .bind(now())
        .execute(db.writes())
        .await?;
    }
    Ok(())
}

/// `seed_types` for every organisation (at start-up, after migrations).
pub async fn seed_all(db: &Db) -> Result<()> {
    let orgs: Vec<i64> = sqlx::query_scalar("SELECT id FROM organisations").fetch_all(&db.pool).await?;
    for org in orgs {
        seed_types(db, org).await?;
    }
    Ok(())
}

/// What employees may file.
pub async fn types(db: &Db, org_id: i64) -> Result<Vec<RequestTypeView>> {
    Ok(definitions(db, org_id)
        .await?
        .into_iter()
        .filter(|t| t.active)
        .map(|t| RequestTypeView { id: t.id, code: t.def.code, name: t.def.name, fields: t.def.fields })
        .collect())
}

/// Every type with its whole definition, for the editor (administrators).
pub async fn all(db: &Db, caller: &Caller) -> Result<Vec<RequestTypeAdmin>> {
    policy::define_request_types(caller)?;
    let mut types = definitions(db, caller.org_id).await?;
    // The rules' latest runs, each type's twenty newest.
    type Run = (i64, String, String, String, shared::recruiting::automation::Outcome, i64);
    let runs: Vec<Run> = sqlx::query_as(
        "SELECT r.type_id, x.rule_name, p.family_name, p.given_name, x.outcome, x.created_at FROM request_rule_runs x \
         JOIN requests r ON r.id = x.request_id JOIN people p ON p.id = r.requester_id WHERE r.org_id = $1 \
         ORDER BY x.created_at DESC, x.request_id DESC LIMIT 500",
    )
    .bind(caller.org_id)
    .fetch_all(&db.pool)
    .await?;
    let locale = caller.locale.unwrap_or_default();
    for (type_id, rule, family, given, outcome, at) in runs {
        if let Some(t) = types.iter_mut().find(|t| t.id == type_id).filter(|t| t.runs.len() < 20) {
            let candidate = shared::format::person_name(&family, &given, locale);
            t.runs.push(shared::recruiting::automation::RunLine { rule, candidate, outcome, at });
        }
    }
    Ok(types)
}

async fn definitions(db: &Db, org_id: i64) -> Result<Vec<RequestTypeAdmin>> {
    let rows: Vec<(i64, i64, i64, String)> =
        sqlx::query_as("SELECT id, version, active, definition FROM request_types WHERE org_id = $1 ORDER BY id")
            .bind(org_id)
            .fetch_all(&db.pool)
            .await?;
    rows.into_iter()
        .map(|(id, version, active, json)| {
            Ok(RequestTypeAdmin { id, version, active: active != 0, def: serde_json::from_str(&json).map_err(broken)?, runs: Vec::new() })
        })
        .collect()
}

/// Named approvers must be active people of the organisation.
async fn check_people(db: &Db, org_id: i64, def: &RequestTypeDef) -> Result<()> {
    let mut errors = Vec::new();
    for (i, step) in def.chain.steps.iter().enumerate() {
        for rule in step.rules() {
            if let StepRule::Person(id) = rule {
                let found: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM people WHERE org_id = $1 AND id = $2 AND status <> 'deactivated'")
                        .bind(org_id)
                        .bind(id)
                        .fetch_optional(&db.pool)
                        .await?;
                if found.is_none() {
                    errors.push(FieldError::new(&format!("steps.{i}"), Msg::ErrBadReference));
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(errors).into())
    }
}

/// Creates a type (`id` None) or changes one, guarded by the version the administrator saw.
/// A type's code never changes: requests and links name it. Requests already filed keep the
/// definition they were filed under.
pub async fn save(backend: &super::super::Backend, caller: &Caller, input: &RequestTypeSave, client_addr: Option<&str>) -> Result<i64> {
    policy::define_request_types(caller)?;
    let db = &backend.db;
    let mut def = input.def.clone();
    def.code = def.code.trim().to_string();
    check_definition(&def).map_err(AppError::Invalid)?;
    // A rule's webhook goes where the server's settings allow (public https addresses).
    for (i, rule) in def.rules.iter().enumerate() {
        let refused = rule.then.iter().chain(&rule.otherwise).any(|act| {
            matches!(act, shared::request_rules::RequestAct::CallWebhook { url }
                if super::super::outbound::check_url(url, backend.config.allow_private_webhooks).is_err())
        });
        if refused {
            return Err(shared::validation::FieldError::new(&format!("rules.{i}.then"), shared::Msg::ErrWebhookUrl).into());
        }
    }
    check_people(db, caller.org_id, &def).await?;
    let t = now();
    let mut tx = db.begin_write().await?;
    let id = match input.id {
        None => {
            let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM request_types WHERE org_id = $1 AND code = $2")
                .bind(caller.org_id)
                .bind(&def.code)
                .fetch_optional(&mut *tx)
                .await?;
            if taken.is_some() {
                return Err(FieldError::new("code", Msg::ErrCodeTaken).into());
            }
            sqlx::query_scalar(
                "INSERT INTO request_types (org_id, code, definition, active, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(caller.org_id)
            .bind(&def.code)
            .bind(Json(&def))
            .bind(i64::from(input.active))
            .bind(t)
            .fetch_one(&mut *tx)
            .await?
        }
        Some(id) => {
            let code: String = sqlx::query_scalar("SELECT code FROM request_types WHERE org_id = $1 AND id = $2")
                .bind(caller.org_id)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(AppError::NotFound)?;
            def.code = code;
            let changed = sqlx::query(
                "UPDATE request_types SET definition = $1, active = $2, version = version + 1 WHERE org_id = $3 AND id = $4 AND version = $5",
            )
            .bind(Json(&def))
            .bind(i64::from(input.active))
            .bind(caller.org_id)
            .bind(id)
            .bind(input.version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Err(AppError::Conflict.into());
            }
            id
        }
    };
    let entry = audit::Entry::by(
        caller,
        audit::Event::RequestTypeSaved,
        (audit::Subject::RequestType, id),
        serde_json::json!({ "code": def.code, "active": input.active, "steps": def.chain.steps.len() }),
        client_addr,
    );
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(id)
}
