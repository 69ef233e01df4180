//! Requests whose step is past its due time (the step's `due_hours` since the request last
//! moved): its approvers are reminded at the due time, and once it has waited as long again the
//! request type's escalation is told — the approvers' line managers, or HR. Each level once per
//! move of the request (`request_escalations`, keyed by its version).
use super::super::notifications::Told;
use super::super::{Backend, BackendError, Result};
use super::request_notices::approvers;
use shared::notifications::{Name, Told as What};
use shared::requests::{Escalation, RequestTypeDef};
use sqlx::{Any, Transaction};

#[derive(sqlx::FromRow)]
struct Waiting {
    id: i64,
    org_id: i64,
    version: i64,
    step: i64,
    requester_id: i64,
    updated_at: i64,
    definition: String,
    family_name: String,
    given_name: String,
}

/// Tells what is due at `at`; returns how many (request, level) were told.
pub async fn run_due(backend: &Backend, at: i64) -> Result<usize> {
    let waiting: Vec<Waiting> = sqlx::query_as(
        "SELECT r.id, r.org_id, r.version, r.step, r.requester_id, r.updated_at, \
         COALESCE(r.definition, t.definition) AS definition, p.family_name, p.given_name \
         FROM requests r JOIN request_types t ON t.id = r.type_id JOIN people p ON p.id = r.requester_id \
         WHERE r.status = 'submitted' ORDER BY r.id",
    )
    .fetch_all(&backend.db.pool)
    .await?;
    let mut told = 0;
    for w in waiting {
        let def: RequestTypeDef =
            serde_json::from_str(&w.definition).map_err(|e| BackendError::Internal(format!("request {} definition: {e}", w.id)))?;
        let Some(hours) = def.chain.step(w.step.clamp(0, 255) as u8).and_then(|s| s.due_hours) else { continue };
        let late = at - (w.updated_at + i64::from(hours) * 3600);
        let level = match (late >= 0, late >= i64::from(hours) * 3600 && def.escalate != Escalation::Nobody) {
            (_, true) => 2,
            (true, false) => 1,
            _ => continue,
        };
        for level in 1..=level {
            if tell(backend, &w, &def, level, at).await? {
                told += 1;
            }
        }
    }
    Ok(told)
}

/// One level of one request's overdue step, once (claimed in the transaction that tells it).
async fn tell(backend: &Backend, w: &Waiting, def: &RequestTypeDef, level: i64, at: i64) -> Result<bool> {
    let mut tx = backend.db.begin_write().await?;
    let first: Option<i64> = sqlx::query_scalar(
        "INSERT INTO request_escalations (request_id, version, level, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (request_id, version, level) DO NOTHING RETURNING level",
    )
    .bind(w.id)
    .bind(w.version)
    .bind(level)
    .bind(at)
    .fetch_optional(&mut *tx)
    .await?;
    if first.is_none() {
        return Ok(false);
    }
    let approvers = approvers(&mut tx, w.id).await?;
    let people = if level == 1 { approvers } else { escalation(&mut tx, w, def.escalate, &approvers).await? };
    let what =
        What::RequestOverdue { requester: Name::new(&w.family_name, &w.given_name), request: def.name.clone(), escalated: level == 2 };
    let mut told = Told::new(backend);
    let link = format!("/requests/{}", w.id);
    for person in people {
        told.notify(&mut tx, w.org_id, person, &what, &link).await?;
    }
    tx.commit().await?;
    told.publish(backend).await;
    Ok(true)
}

/// Whom the escalation names: never the requester, nor an approver already told.
async fn escalation(tx: &mut Transaction<'static, Any>, w: &Waiting, to: Escalation, approvers: &[i64]) -> Result<Vec<i64>> {
    let found: Vec<i64> = match to {
        Escalation::Nobody => Vec::new(),
        Escalation::Hr => super::super::people::active_with_role(&mut **tx, w.org_id, shared::Role::HrManager).await?,
        Escalation::LineManager if approvers.is_empty() => Vec::new(),
        Escalation::LineManager => {
            let ids = approvers.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            sqlx::query_scalar(&format!(
                "SELECT DISTINCT m.id FROM people a JOIN people m ON m.id = a.manager_id \
                 WHERE a.id IN ({ids}) AND m.org_id = $1 AND m.status = 'active' ORDER BY m.id"
            ))
            .bind(w.org_id)
            .fetch_all(&mut **tx)
            .await?
        }
    };
    Ok(found.into_iter().filter(|p| *p != w.requester_id && !approvers.contains(p)).collect())
}
