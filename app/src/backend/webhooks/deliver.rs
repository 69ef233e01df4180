//! One attempt at a delivery to an endpoint: signed, sent through the outbound client (no
//! private addresses unless allowed, no redirects), logged with its status, latency and the
//! start of the answer; retried on the configured schedule, then given up — and the endpoint
//! disabled, its administrators told.
use super::super::notifications::Told;
use super::super::{now, outbound, Backend, BackendError, Result};
use super::signature;
use shared::notifications::Told as What;
use shared::outbox::Delivery;
use shared::webhooks::EndpointStatus;
use std::time::Instant;

/// What the outbox claimed.
pub struct Claimed<'a> {
    pub outbox_id: i64,
    pub endpoint_id: i64,
    pub message_id: &'a str,
    pub event: &'a str,
    pub body: &'a str,
    /// This attempt's number, from 1.
    pub attempt: i64,
}

#[derive(sqlx::FromRow)]
struct Endpoint {
    org_id: i64,
    url: String,
    description: String,
    status: EndpointStatus,
    secret_sealed: String,
    previous_sealed: Option<String>,
    previous_until: Option<i64>,
}

/// The answer's first characters kept in the log.
const KEPT: usize = 1000;

pub async fn attempt(backend: &Backend, c: &Claimed<'_>) -> Result<bool> {
    let db = &backend.db;
    let endpoint: Option<Endpoint> = sqlx::query_as(
        "SELECT org_id, url, description, status, secret_sealed, previous_sealed, previous_until FROM webhook_endpoints WHERE id = $1",
    )
    .bind(c.endpoint_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(endpoint) = endpoint else {
        close(backend, c.outbox_id, Delivery::Failed, "endpoint removed").await?;
        return Ok(false);
    };
    // Queued before its endpoint was stopped: not sent, but in the log, to send again later.
    if endpoint.status == EndpointStatus::Disabled && c.event != "webhook.test" {
        log(backend, endpoint.org_id, c, None, 0, STOPPED, false).await?;
        close(backend, c.outbox_id, Delivery::Failed, STOPPED).await?;
        return Ok(false);
    }
    let t = now();
    let mut secrets = vec![open(backend, &endpoint.secret_sealed)?];
    if let (Some(previous), Some(until)) = (&endpoint.previous_sealed, endpoint.previous_until) {
        if until > t {
            secrets.push(open(backend, previous)?);
        }
    }
    let started = Instant::now();
    let answer = send(backend, &endpoint.url, c, t, &signature::header(&secrets, c.message_id, t, c.body)).await;
    let latency = started.elapsed().as_millis() as i64;
    let (status_code, response) = match &answer {
        Ok((status, text)) => (Some(i64::from(*status)), text.chars().take(KEPT).collect::<String>()),
        Err(e) => (None, e.clone()),
    };
    let delivered = status_code.is_some_and(|s| (200..300).contains(&s));
    log(backend, endpoint.org_id, c, status_code, latency, &response, delivered).await?;
    if delivered {
        close(backend, c.outbox_id, Delivery::Sent, "").await?;
        return Ok(true);
    }
    let schedule = &backend.config.webhook_retry_secs;
    let error = match status_code {
        Some(s) => format!("answered {s}"),
        None => response,
    };
    match schedule.get((c.attempt - 1).max(0) as usize) {
        Some(wait) => {
            sqlx::query("UPDATE outbox SET status = $1, last_error = $2, next_attempt_at = $3 WHERE id = $4")
                .bind(Delivery::Pending)
                .bind(&error)
                // Whole seconds: one more, so the wait is never shorter than the schedule says.
                .bind(now() + wait + 1)
                .bind(c.outbox_id)
                .execute(db.writes())
                .await?;
        }
        None => {
            close(backend, c.outbox_id, Delivery::Failed, &error).await?;
            if c.event != "webhook.test" {
                disable(backend, c.endpoint_id, &endpoint).await?;
            }
        }
    }
    Ok(false)
}

/// What the log says of a delivery held back because its endpoint was stopped.
const STOPPED: &str = "not sent: the endpoint is stopped";

/// One line of the delivery log.
async fn log(
    backend: &Backend,
    org_id: i64,
    c: &Claimed<'_>,
    status_code: Option<i64>,
    latency: i64,
    response: &str,
    delivered: bool,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO webhook_attempts (org_id, endpoint_id, outbox_id, message_id, event_type, attempt, status_code, latency_ms, response, delivered, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(org_id)
    .bind(c.endpoint_id)
    .bind(c.outbox_id)
    .bind(c.message_id)
    .bind(c.event)
    .bind(c.attempt)
    .bind(status_code)
    .bind(latency)
    .bind(response)
    .bind(i64::from(delivered))
    .bind(now())
    .execute(backend.db.writes())
    .await?;
    Ok(())
}

fn open(backend: &Backend, sealed: &str) -> Result<String> {
    String::from_utf8(backend.sealer.open(sealed)?).map_err(|_| BackendError::Internal("webhook secret is not text".into()))
}

/// POSTs the message; the answer's status and text, or what went wrong (never the address:
/// it may carry the receiver's token).
async fn send(backend: &Backend, url: &str, c: &Claimed<'_>, t: i64, signatures: &str) -> std::result::Result<(u16, String), String> {
    let allow_private = backend.config.allow_private_webhooks;
    let url = outbound::check_url(url, allow_private).map_err(|e| e.to_string())?;
    let client = outbound::client_for(&url, allow_private).await.map_err(|e| e.to_string())?;
    let response = client
        .post(url)
        .header("content-type", "application/json")
        .header("user-agent", "Staffport-Webhooks/1")
        .header("webhook-id", c.message_id)
        .header("webhook-timestamp", t.to_string())
        .header("webhook-signature", signatures)
        .body(c.body.to_string())
        .send()
        .await
        .map_err(|e| e.without_url().to_string())?;
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    Ok((status, text))
}

async fn close(backend: &Backend, outbox_id: i64, status: Delivery, error: &str) -> Result<()> {
    let sent_at = (status == Delivery::Sent).then(now);
    sqlx::query("UPDATE outbox SET status = $1, last_error = NULLIF($2, ''), sent_at = $3 WHERE id = $4")
        .bind(status)
        .bind(error)
        .bind(sent_at)
        .bind(outbox_id)
        .execute(backend.db.writes())
        .await?;
    Ok(())
}

/// Stops an endpoint that failed a delivery for the whole schedule, and tells the
/// organisation's administrators (once: only the attempt that stops it).
async fn disable(backend: &Backend, endpoint_id: i64, endpoint: &Endpoint) -> Result<()> {
    let mut tx = backend.db.begin_write().await?;
    let stopped =
        sqlx::query("UPDATE webhook_endpoints SET status = $1, disabled_at = $2, version = version + 1 WHERE id = $3 AND status = $4")
            .bind(EndpointStatus::Disabled)
            .bind(now())
            .bind(endpoint_id)
            .bind(EndpointStatus::Active)
            .execute(&mut *tx)
            .await?;
    if stopped.rows_affected() == 0 {
        return Ok(());
    }
    let name = match endpoint.description.trim() {
        "" => url::Url::parse(&endpoint.url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default(),
        d => d.to_string(),
    };
    let admins = crate::backend::people::active_with_role(&mut *tx, endpoint.org_id, shared::Role::Admin).await?;
    let mut told = Told::new(backend);
    told.notify_many(&mut tx, endpoint.org_id, &admins, &What::WebhookDisabled { endpoint: name }, "/integrations").await?;
    tx.commit().await?;
    told.publish(backend).await;
    tracing::warn!(endpoint_id, "webhook endpoint disabled after failing for the whole retry schedule");
    Ok(())
}
