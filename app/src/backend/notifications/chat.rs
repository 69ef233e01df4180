//! Group events in the organisation's team chat (a Slack-compatible incoming webhook set by
//! administrators): an announcement or to-do published, a client's period reaching the
//! provider's step, an import finished. Posted through the outbox in the organisation's
//! language, in the transaction of the event; never names of people's contacts.
use super::super::{outbox, Result};
use shared::notifications::Told as What;
use shared::Locale;
use sqlx::{Any, Transaction};

/// Posts the notice's sentence to the organisation's chat, if it has one.
pub async fn post(tx: &mut Transaction<'_, Any>, org_id: i64, what: &What) -> Result<()> {
    let found: Option<(Option<String>, Locale)> =
        sqlx::query_as("SELECT chat_webhook_url, default_locale FROM organisations WHERE id = $1")
            .bind(org_id)
            .fetch_optional(&mut **tx)
            .await?;
    let Some((Some(url), locale)) = found else { return Ok(()) };
    if url.is_empty() {
        return Ok(());
    }
    outbox::enqueue_webhook(&mut **tx, org_id, &url, &escape(&what.text(locale))).await
}

/// Slack's own escaping: the three characters its markup reads.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
