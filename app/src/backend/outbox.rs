//! Outgoing messages go through the `outbox` table: a request only inserts a row (in its own
//! transaction), and a background worker delivers it with retries. Channels: `email` (SMTP)
//! and `sms` (an HTTP gateway for SMS or a messenger such as KakaoTalk, behind one JSON shape).
use super::{now, Backend, BackendError, Result};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use shared::outbox::{Channel, Delivery};

const BATCH: i64 = 20;
const MAX_ATTEMPTS: i64 = 8;
/// A claimed row is retried after this long if its worker died mid-send.
const LEASE_SECS: i64 = 300;

pub async fn enqueue_email<'e, E>(exec: E, org_id: i64, to: &str, subject: &str, body: &str) -> Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    enqueue(exec, org_id, (Channel::Email, None), to, subject, body).await
}

/// A message to a person: the mail by email, or `short` (which must carry any link) by SMS to
/// someone who has no address.
pub async fn enqueue_to<'e, E>(exec: E, person: &super::people::Addressee, subject: &str, body: &str, short: &str) -> Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let to = Some(person.id);
    match (&person.email, &person.phone) {
        (Some(email), _) => enqueue(exec, person.org_id, (Channel::Email, to), email, subject, body).await,
        (None, Some(phone)) => enqueue(exec, person.org_id, (Channel::Sms, to), phone, "", short).await,
        // The schema requires one of the two.
        (None, None) => Err(BackendError::Internal(format!("person {} has neither email nor phone", person.id))),
    }
}

/// A short text to a phone through the configured gateway.
pub async fn enqueue_sms<'e, E>(exec: E, org_id: i64, phone: &str, text: &str) -> Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    enqueue(exec, org_id, (Channel::Sms, None), phone, "", text).await
}

/// A message to a Slack-compatible incoming webhook (`{"text": …}` posted as JSON).
pub async fn enqueue_webhook<'e, E>(exec: E, org_id: i64, url: &str, text: &str) -> Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    enqueue(exec, org_id, (Channel::Webhook, None), url, "", &serde_json::json!({ "text": text }).to_string()).await
}

/// A JSON body posted as it is to an outside address (an automation rule's webhook).
pub async fn enqueue_json<'e, E>(exec: E, org_id: i64, url: &str, body: &str) -> Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    enqueue(exec, org_id, (Channel::Webhook, None), url, "", body).await
}

/// Queues a message; `(channel, person)` names whom it is for when it is a person's.
async fn enqueue<'e, E>(exec: E, org_id: i64, (channel, person): (Channel, Option<i64>), to: &str, subject: &str, body: &str) -> Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let t = now();
    queue(exec, &[Queued { org_id, channel, person, to, subject, body, template: None, not_before: t }]).await
}

/// A message as it is queued.
pub struct Queued<'a> {
    pub org_id: i64,
    pub channel: Channel,
    /// Whom it is for, when it is a person's.
    pub person: Option<i64>,
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// A messenger's template (`{"code", "variables"}`, JSON); the body is its SMS fallback.
    pub template: Option<String>,
    /// Not sent before this instant (the person's quiet hours).
    pub not_before: i64,
}

/// Queues messages, many to a statement.
pub async fn queue<'e, E>(exec: E, messages: &[Queued<'_>]) -> Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    // Nine values a row: callers keep a statement to about a hundred rows (bind limits).
    if messages.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO outbox (org_id, channel, recipient, subject, body, next_attempt_at, created_at, person_id, template) VALUES {}",
        super::db::placeholders(messages.len(), 9)
    );
    let t = now();
    let mut query = sqlx::query(&sql);
    for q in messages {
        query = query
            .bind(q.org_id)
            .bind(q.channel)
            .bind(q.to)
            .bind(q.subject)
            .bind(q.body)
            .bind(q.not_before)
            .bind(t)
            .bind(q.person)
            .bind(q.template.as_deref());
    }
    query.execute(exec).await?;
    Ok(())
}

/// What waits to be sent: for monitoring.
#[derive(Debug, sqlx::FromRow)]
pub struct Backlog {
    pub pending: i64,
    /// Seconds since the oldest waiting message was queued; 0 when none waits.
    pub oldest_age_secs: i64,
}

pub async fn backlog(db: &super::Db) -> Result<Backlog> {
    let t = now();
    Ok(sqlx::query_as("SELECT COUNT(*) AS pending, COALESCE($1 - MIN(created_at), 0) AS oldest_age_secs FROM outbox WHERE status = $2")
        .bind(t)
        .bind(Delivery::Pending)
        .fetch_one(&db.pool)
        .await?)
}

#[derive(sqlx::FromRow)]
struct Claimed {
    id: i64,
    /// Read as text and checked per row: a row of an unknown channel fails alone instead of
    /// stopping the batch (and with it the queue).
    channel: String,
    recipient: String,
    subject: String,
    body: String,
    template: Option<String>,
    attempts: i64,
    endpoint_id: Option<i64>,
    message_id: Option<String>,
}

/// Delivers what is due; returns how many were sent.
pub async fn deliver_due(backend: &Backend) -> Result<usize> {
    let db = &backend.db;
    let t = now();
    // Claiming by pushing next_attempt_at forward is atomic on both backends; on PostgreSQL
    // SKIP LOCKED lets several server nodes share the queue without waiting on each other.
    let sql = format!(
        "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1 WHERE id IN \
         (SELECT id FROM outbox WHERE status = $3 AND next_attempt_at <= $2 ORDER BY id LIMIT {BATCH} {}) \
         RETURNING id, channel, recipient, subject, body, template, attempts, endpoint_id, message_id",
        db.skip_locked()
    );
    let claimed = sqlx::query_as::<_, Claimed>(&sql).bind(t + LEASE_SECS).bind(t).bind(Delivery::Pending).fetch_all(&db.pool).await?;
    let mut sent = 0;
    for mail in claimed {
        let Some(channel) = Channel::parse(&mail.channel) else {
            tracing::error!(outbox_id = mail.id, "outbox row of an unknown channel: not sent");
            sqlx::query("UPDATE outbox SET status = $1, last_error = $2 WHERE id = $3")
                .bind(Delivery::Failed)
                .bind("unknown channel")
                .bind(mail.id)
                .execute(db.writes())
                .await?;
            continue;
        };
        // Deliveries to subscribed endpoints keep their own schedule and attempt log.
        if let (Channel::Endpoint, Some(endpoint_id), Some(message_id)) = (channel, mail.endpoint_id, &mail.message_id) {
            let claimed = super::webhooks::deliver::Claimed {
                outbox_id: mail.id,
                endpoint_id,
                message_id,
                event: &mail.subject,
                body: &mail.body,
                attempt: mail.attempts,
            };
            if super::webhooks::deliver::attempt(backend, &claimed).await? {
                sent += 1;
            }
            continue;
        }
        match send(backend, channel, &mail).await {
            Ok(()) => {
                sqlx::query("UPDATE outbox SET status = $3, sent_at = $1, last_error = NULL WHERE id = $2")
                    .bind(now())
                    .bind(mail.id)
                    .bind(Delivery::Sent)
                    .execute(db.writes())
                    .await?;
                sent += 1;
            }
            Err(e) => {
                let status = if mail.attempts >= MAX_ATTEMPTS { Delivery::Failed } else { Delivery::Pending };
                let backoff = 30 * (1i64 << mail.attempts.clamp(0, 10));
                tracing::warn!(outbox_id = mail.id, attempts = mail.attempts, error = %e, "mail delivery failed");
                sqlx::query("UPDATE outbox SET status = $1, last_error = $2, next_attempt_at = $3 WHERE id = $4")
                    .bind(status)
                    .bind(e.to_string())
                    .bind(now() + backoff)
                    .bind(mail.id)
                    .execute(db.writes())
                    .await?;
            }
        }
    }
    Ok(sent)
}

async fn send(backend: &Backend, channel: Channel, message: &Claimed) -> Result<()> {
    match channel {
        Channel::Sms => send_sms(backend, message).await,
        Channel::Webhook => send_webhook(backend, message).await,
        Channel::Email => send_email(backend, message).await,
        Channel::Endpoint => Err(BackendError::Internal("an endpoint delivery without its endpoint".into())),
    }
}

async fn send_webhook(backend: &Backend, hook: &Claimed) -> Result<()> {
    let bad = |e: String| BackendError::Internal(format!("webhook: {e}"));
    let allow_private = backend.config.allow_private_webhooks;
    let url = super::outbound::check_url(&hook.recipient, allow_private).map_err(|e| bad(e.to_string()))?;
    let client = super::outbound::client_for(&url, allow_private).await.map_err(|e| bad(e.to_string()))?;
    // The URL is a secret of the chat service (it carries the channel's token): errors are
    // reported without it.
    let response = client
        .post(url)
        .header("content-type", "application/json")
        .body(hook.body.clone())
        .send()
        .await
        .map_err(|e| bad(e.without_url().to_string()))?;
    if !response.status().is_success() {
        return Err(bad(format!("answered {}", response.status())));
    }
    Ok(())
}

async fn send_sms(backend: &Backend, sms: &Claimed) -> Result<()> {
    let config = &backend.config;
    let Some(url) = &config.sms_url else {
        return to_mail_dir(config, sms).await;
    };
    let bad = |e: String| BackendError::Internal(format!("sms: {e}"));
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(15)).build().map_err(|e| bad(e.to_string()))?;
    let mut payload = serde_json::json!({ "to": sms.recipient, "text": sms.body });
    if let Some(template) = &sms.template {
        // Written by us as JSON; a row that does not read back is this row's failure.
        payload["template"] = serde_json::from_str(template).map_err(|e| bad(format!("template: {e}")))?;
    }
    let mut request = client.post(url).json(&payload);
    if let Some(token) = &config.sms_token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.map_err(|e| bad(e.without_url().to_string()))?;
    if !response.status().is_success() {
        return Err(bad(format!("gateway answered {}", response.status())));
    }
    Ok(())
}

/// Development and closed installations: with no mail server or gateway, each message becomes a
/// file of its own in the mail directory, readable by the server's user only. The log says that
/// a message was written, never to whom or what: messages carry sign-in and approval links.
async fn to_mail_dir(config: &super::Config, message: &Claimed) -> Result<()> {
    let dir = std::path::PathBuf::from(&config.mail_dir);
    let name = format!("{}-{}-{}.txt", now(), message.id, message.channel);
    let text = format!("To: {}\nSubject: {}\n\n{}\n", message.recipient, message.subject, message.body);
    let written = tokio::task::spawn_blocking(move || {
        std::fs::create_dir_all(&dir)?;
        #[cfg(unix)]
        std::fs::set_permissions(&dir, std::os::unix::fs::PermissionsExt::from_mode(0o700))?;
        super::config::write_private(&dir.join(name).to_string_lossy(), &text)
    })
    .await
    .map_err(|e| BackendError::Internal(format!("mail directory: {e}")))?;
    written.map_err(|e| BackendError::Internal(format!("mail directory: {e}")))?;
    tracing::info!(outbox_id = message.id, channel = %message.channel, "message written to the mail directory");
    Ok(())
}

async fn send_email(backend: &Backend, mail: &Claimed) -> Result<()> {
    let config = &backend.config;
    let Some(url) = &config.smtp_url else {
        return to_mail_dir(config, mail).await;
    };
    let bad = |e: String| BackendError::Internal(e);
    let from: Mailbox = config.mail_from.parse().map_err(|e| bad(format!("mail_from: {e}")))?;
    let to: Mailbox = mail.recipient.parse().map_err(|e| bad(format!("recipient: {e}")))?;
    let message = Message::builder()
        .from(from)
        .to(to)
        .subject(mail.subject.clone())
        .header(lettre::message::header::ContentType::TEXT_PLAIN)
        .body(mail.body.clone())
        .map_err(|e| bad(e.to_string()))?;
    // Plain SMTP to a relay we trust (the local MTA or a sidecar); TLS is the relay's job.
    let hostport = url.strip_prefix("smtp://").ok_or_else(|| bad("STAFFPORT_SMTP_URL must start with smtp://".into()))?;
    let (host, port) = match hostport.trim_end_matches('/').rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().map_err(|e| bad(format!("smtp port: {e}")))?),
        None => (hostport, 25),
    };
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(port).build();
    transport.send(message).await.map_err(|e| bad(format!("smtp: {e}")))?;
    Ok(())
}
