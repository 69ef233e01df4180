//! Events out: written to the outbox in the transaction of the change they report, one row per
//! subscribed endpoint, so an event is sent exactly when its change commits.
use super::super::{now, tokens, Result};
use serde_json::{json, Value};
use shared::stored::Json;
use shared::webhooks::{EndpointStatus, EventType};
use sqlx::{Any, Transaction};

/// The body receivers get: `type`, `timestamp`, `data` (ids and names, never protected values
/// or contacts).
fn payload(event: EventType, data: Value) -> String {
    json!({ "type": event.as_str(), "timestamp": super::super::api::cursor::rfc3339(now()), "data": data }).to_string()
}

/// Queues `event` for every active endpoint of the organisation subscribed to it.
pub async fn emit(tx: &mut Transaction<'_, Any>, org_id: i64, event: EventType, data: Value) -> Result<()> {
    emit_many(tx, org_id, event, vec![data]).await
}

/// The organisation's active endpoints subscribed to any of `events`.
async fn subscribed(tx: &mut Transaction<'_, Any>, org_id: i64, events: &[EventType]) -> Result<Vec<i64>> {
    let endpoints: Vec<(i64, Json<Vec<EventType>>)> =
        sqlx::query_as("SELECT id, events FROM webhook_endpoints WHERE org_id = $1 AND status = $2 ORDER BY id")
            .bind(org_id)
            .bind(EndpointStatus::Active)
            .fetch_all(&mut **tx)
            .await?;
    Ok(endpoints.into_iter().filter(|(_, of)| events.iter().any(|e| of.0.contains(e))).map(|(id, _)| id).collect())
}

/// Whether anyone listens for one of `events`: a change skips gathering an event's facts when
/// nobody would receive it.
pub async fn listened(tx: &mut Transaction<'_, Any>, org_id: i64, events: &[EventType]) -> Result<bool> {
    Ok(!subscribed(tx, org_id, events).await?.is_empty())
}

/// One `event` per item of `data` (a bulk approval), the endpoints read once.
pub async fn emit_many(tx: &mut Transaction<'_, Any>, org_id: i64, event: EventType, data: Vec<Value>) -> Result<()> {
    let subscribed = subscribed(tx, org_id, &[event]).await?;
    if subscribed.is_empty() {
        return Ok(());
    }
    for data in data {
        let (body, message_id) = (payload(event, data), message_id());
        for id in &subscribed {
            insert(tx, org_id, *id, event, &body, &message_id).await?;
        }
    }
    Ok(())
}

/// Queues `event` for one endpoint (a test event).
pub async fn to_endpoint(tx: &mut Transaction<'_, Any>, org_id: i64, endpoint_id: i64, event: EventType, data: Value) -> Result<()> {
    insert(tx, org_id, endpoint_id, event, &payload(event, data), &message_id()).await
}

/// The id receivers deduplicate on: the same for each endpoint of one event, and kept by
/// retries and redeliveries.
fn message_id() -> String {
    format!("msg_{}", &tokens::new_token()[..24])
}

async fn insert(
    tx: &mut Transaction<'_, Any>,
    org_id: i64,
    endpoint_id: i64,
    event: EventType,
    body: &str,
    message_id: &str,
) -> Result<()> {
    let t = now();
    sqlx::query(
        "INSERT INTO outbox (org_id, channel, recipient, subject, body, next_attempt_at, created_at, endpoint_id, message_id) \
         VALUES ($1, 'endpoint', '', $2, $3, $4, $4, $5, $6)",
    )
    .bind(org_id)
    .bind(event)
    .bind(body)
    .bind(t)
    .bind(endpoint_id)
    .bind(message_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
