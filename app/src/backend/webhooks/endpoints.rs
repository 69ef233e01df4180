//! Endpoints as administrators manage them: subscribe, change, disable or enable, rotate the
//! secret (the previous one keeps signing for a day), read the delivery log, redeliver a
//! message, send a test event. Every change is audited; secrets are sealed and shown once.
use super::signature::new_secret;
use crate::backend::{audit, now, outbound, policy, Backend, Caller, Result};
use crate::AppError;
use serde_json::json;
use shared::stored::Json;
use shared::webhooks::{check_endpoint, AttemptView, EndpointInput, EndpointSaved, EndpointStatus, EndpointView, EventType};

/// How long the previous secret still signs after a rotation: receivers switch within it.
pub const ROTATION_OVERLAP_SECS: i64 = 86_400;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    version: i64,
    url: String,
    description: String,
    events: Json<Vec<EventType>>,
    status: EndpointStatus,
    disabled_at: Option<i64>,
    previous_until: Option<i64>,
    created_at: i64,
}

impl From<Row> for EndpointView {
    fn from(r: Row) -> EndpointView {
        EndpointView {
            id: r.id,
            version: r.version,
            url: r.url,
            description: r.description,
            events: r.events.0,
            status: r.status,
            disabled_at: r.disabled_at,
            previous_until: r.previous_until.filter(|t| *t > now()),
            created_at: r.created_at,
        }
    }
}

pub async fn list(backend: &Backend, caller: &Caller) -> Result<Vec<EndpointView>> {
    policy::manage_webhooks(caller)?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, version, url, description, events, status, disabled_at, previous_until, created_at \
         FROM webhook_endpoints WHERE org_id = $1 ORDER BY id",
    )
    .bind(caller.org_id)
    .fetch_all(&backend.db.pool)
    .await?;
    Ok(rows.into_iter().map(EndpointView::from).collect())
}

/// Creates an endpoint (answering its secret, once) or saves one read at `input.version`.
pub async fn save(backend: &Backend, caller: &Caller, input: &EndpointInput, client_addr: Option<&str>) -> Result<EndpointSaved> {
    policy::manage_webhooks(caller)?;
    let allow_private = backend.config.allow_private_webhooks;
    let e = check_endpoint(input, allow_private).map_err(AppError::Invalid)?;
    outbound::check_url(&e.url, allow_private).map_err(|_| shared::validation::FieldError::new("url", shared::Msg::ErrEndpointUrl))?;
    let status = if e.enabled { EndpointStatus::Active } else { EndpointStatus::Disabled };
    let t = now();
    let mut tx = backend.db.begin_write().await?;
    let (id, version, secret, event) = match e.id {
        None => {
            let secret = new_secret();
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO webhook_endpoints (org_id, url, description, events, secret_sealed, status, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
            )
            .bind(caller.org_id)
            .bind(&e.url)
            .bind(&e.description)
            .bind(Json(&e.events))
            .bind(backend.sealer.seal(secret.as_bytes())?)
            .bind(status)
            .bind(caller.person_id)
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;
            (id, 1, Some(secret), "created")
        }
        Some(id) => {
            let done = sqlx::query(
                "UPDATE webhook_endpoints SET url = $1, description = $2, events = $3, status = $4, \
                 disabled_at = CASE WHEN $4 = 'disabled' THEN COALESCE(disabled_at, $5) ELSE NULL END, updated_at = $5, version = version + 1 \
                 WHERE org_id = $6 AND id = $7 AND version = $8",
            )
            .bind(&e.url)
            .bind(&e.description)
            .bind(Json(&e.events))
            .bind(status)
            .bind(t)
            .bind(caller.org_id)
            .bind(id)
            .bind(e.version)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                return Err(found_or_conflict(backend, caller.org_id, id).await);
            }
            (id, e.version + 1, None, "changed")
        }
    };
    // The address can carry a token of the receiver's: the audit keeps its host only.
    let host = url::Url::parse(&e.url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default();
    let detail = json!({ "change": event, "host": host, "events": e.events, "status": status });
    audit::record(
        &mut *tx,
        audit::Entry::by(caller, audit::Event::WebhookChanged, (audit::Subject::WebhookEndpoint, id), detail, client_addr),
    )
    .await?;
    tx.commit().await?;
    Ok(EndpointSaved { id, version, secret })
}

async fn found_or_conflict(backend: &Backend, org_id: i64, id: i64) -> crate::backend::BackendError {
    let exists: std::result::Result<Option<i64>, _> = sqlx::query_scalar("SELECT id FROM webhook_endpoints WHERE org_id = $1 AND id = $2")
        .bind(org_id)
        .bind(id)
        .fetch_optional(&backend.db.pool)
        .await;
    match exists {
        Ok(Some(_)) => AppError::Conflict.into(),
        Ok(None) => AppError::NotFound.into(),
        Err(e) => e.into(),
    }
}

/// A new secret (answered once); the one it replaces keeps signing for a day.
pub async fn rotate(backend: &Backend, caller: &Caller, id: i64, version: i64, client_addr: Option<&str>) -> Result<EndpointSaved> {
    policy::manage_webhooks(caller)?;
    let secret = new_secret();
    let t = now();
    let mut tx = backend.db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE webhook_endpoints SET previous_sealed = secret_sealed, previous_until = $1, secret_sealed = $2, updated_at = $3, \
         version = version + 1 WHERE org_id = $4 AND id = $5 AND version = $6",
    )
    .bind(t + ROTATION_OVERLAP_SECS)
    .bind(backend.sealer.seal(secret.as_bytes())?)
    .bind(t)
    .bind(caller.org_id)
    .bind(id)
    .bind(version)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(found_or_conflict(backend, caller.org_id, id).await);
    }
    let detail = json!({ "change": "secret_rotated" });
    audit::record(
        &mut *tx,
        audit::Entry::by(caller, audit::Event::WebhookChanged, (audit::Subject::WebhookEndpoint, id), detail, client_addr),
    )
    .await?;
    tx.commit().await?;
    Ok(EndpointSaved { id, version: version + 1, secret: Some(secret) })
}

#[derive(sqlx::FromRow)]
struct AttemptRow {
    id: i64,
    outbox_id: i64,
    message_id: String,
    event_type: EventType,
    attempt: i64,
    status_code: Option<i64>,
    latency_ms: i64,
    response: String,
    delivered: i64,
    created_at: i64,
}

/// The newest attempts at deliveries to an endpoint.
pub async fn attempts(backend: &Backend, caller: &Caller, id: i64) -> Result<Vec<AttemptView>> {
    policy::manage_webhooks(caller)?;
    let rows: Vec<AttemptRow> = sqlx::query_as(
        "SELECT id, outbox_id, message_id, event_type, attempt, status_code, latency_ms, response, delivered, created_at \
         FROM webhook_attempts WHERE org_id = $1 AND endpoint_id = $2 ORDER BY id DESC LIMIT 100",
    )
    .bind(caller.org_id)
    .bind(id)
    .fetch_all(&backend.db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AttemptView {
            id: r.id,
            outbox_id: r.outbox_id,
            message_id: r.message_id,
            event_type: r.event_type,
            attempt: r.attempt,
            status_code: r.status_code,
            latency_ms: r.latency_ms,
            response: r.response,
            delivered: r.delivered == 1,
            created_at: r.created_at,
        })
        .collect())
}

/// Sends a delivered (or given up) message again, with its id, so the receiver can tell.
pub async fn redeliver(backend: &Backend, caller: &Caller, outbox_id: i64, client_addr: Option<&str>) -> Result<()> {
    policy::manage_webhooks(caller)?;
    let mut tx = backend.db.begin_write().await?;
    let copied = sqlx::query(
        "INSERT INTO outbox (org_id, channel, recipient, subject, body, next_attempt_at, created_at, endpoint_id, message_id) \
         SELECT org_id, channel, recipient, subject, body, $1, $1, endpoint_id, message_id FROM outbox \
         WHERE org_id = $2 AND id = $3 AND channel = 'endpoint'",
    )
    .bind(now())
    .bind(caller.org_id)
    .bind(outbox_id)
    .execute(&mut *tx)
    .await?;
    if copied.rows_affected() == 0 {
        return Err(AppError::NotFound.into());
    }
    let endpoint: i64 = sqlx::query_scalar("SELECT endpoint_id FROM outbox WHERE id = $1").bind(outbox_id).fetch_one(&mut *tx).await?;
    let detail = json!({ "change": "redelivered", "outbox_id": outbox_id });
    audit::record(
        &mut *tx,
        audit::Entry::by(caller, audit::Event::WebhookChanged, (audit::Subject::WebhookEndpoint, endpoint), detail, client_addr),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A `webhook.test` event to one endpoint, whatever it subscribes to (and even if disabled: a
/// test is how an administrator checks a fixed address before enabling it again).
pub async fn send_test(backend: &Backend, caller: &Caller, id: i64) -> Result<()> {
    policy::manage_webhooks(caller)?;
    let mut tx = backend.db.begin_write().await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM webhook_endpoints WHERE org_id = $1 AND id = $2")
        .bind(caller.org_id)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    exists.ok_or(AppError::NotFound)?;
    super::emit::to_endpoint(&mut tx, caller.org_id, id, EventType::Test, json!({ "by": caller.person_id })).await?;
    tx.commit().await?;
    Ok(())
}
