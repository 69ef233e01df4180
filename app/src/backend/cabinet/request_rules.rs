//! Runs a request type's rules when a request of it is filed or decided, in the transaction
//! of the move: once per rule and move of the request (`request_rule_runs`, keyed by the
//! request's version). The rules are the type's as they are now; protected answers are never
//! read by them.
use super::super::notifications::Told;
use super::super::{now, outbox, Backend, BackendError, Result};
use super::request_notices::Filed;
use shared::notifications::Told as What;
use shared::request_rules::{facts, RequestAct, RequestEvent};
use shared::requests::RequestTypeDef;
use sqlx::{Any, Transaction};
use std::collections::BTreeMap;

pub async fn run(
    tx: &mut Transaction<'static, Any>,
    backend: &Backend,
    told: &mut Told,
    filed: &Filed<'_>,
    event: RequestEvent,
    outcome: Option<&str>,
) -> Result<()> {
    let (definition, sealed, version, code): (String, String, i64, String) = sqlx::query_as(
        "SELECT t.definition, r.sealed_data, r.version, t.code FROM requests r JOIN request_types t ON t.id = r.type_id WHERE r.id = $1",
    )
    .bind(filed.id)
    .fetch_one(&mut **tx)
    .await?;
    let def: RequestTypeDef = serde_json::from_str(&definition).map_err(|e| BackendError::Internal(format!("request type {code}: {e}")))?;
    if !def.rules.iter().any(|r| r.active && r.on == event) {
        return Ok(());
    }
    let answers: BTreeMap<String, String> = backend.sealer.open_json(&sealed)?;
    let known = facts(&def.fields, &answers, outcome);
    let link = format!("/requests/{}", filed.id);
    let requester = format!("{} {}", filed.requester.given, filed.requester.family);
    for (index, rule) in def.rules.iter().enumerate().filter(|(_, r)| r.active && r.on == event) {
        let holds = rule.when.holds(&known);
        let first: Option<i64> = sqlx::query_scalar(
            "INSERT INTO request_rule_runs (request_id, version, rule_index, rule_name, outcome, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (request_id, version, rule_index) DO NOTHING RETURNING request_id",
        )
        .bind(filed.id)
        .bind(version)
        .bind(index as i64)
        .bind(&rule.name)
        .bind(if holds { "yes" } else { "no" })
        .bind(now())
        .fetch_optional(&mut **tx)
        .await?;
        if first.is_none() {
            continue;
        }
        for act in if holds { &rule.then } else { &rule.otherwise } {
            let note = |text: &str| What::Automation { rule: rule.name.clone(), candidate: requester.clone(), text: text.to_string() };
            match act {
                RequestAct::NotifyRole { role, text } => {
                    let mut people = super::super::people::active_with_role(&mut **tx, filed.org_id, *role).await?;
                    people.retain(|p| *p != filed.requester_id);
                    told.notify_many(tx, filed.org_id, &people, &note(text), &link).await?;
                }
                RequestAct::NotifyRequester { text } => told.notify(tx, filed.org_id, filed.requester_id, &note(text), &link).await?,
                RequestAct::CallWebhook { url } => {
                    // The request by id, type and outcome: never its answers.
                    let body = serde_json::json!({
                        "type": "request.rule_ran",
                        "rule": rule.name,
                        "request_id": filed.id,
                        "request_type": code,
                        "event": event.as_str(),
                        "outcome": outcome,
                    });
                    outbox::enqueue_json(&mut **tx, filed.org_id, url, &body.to_string()).await?;
                }
            }
        }
    }
    Ok(())
}
