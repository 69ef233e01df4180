//! Invitations at scale: everyone who was created (imported) without one is invited in one go,
//! one person's invitation is sent again with a fresh link, and what became of the message
//! (waiting, sent, not delivered) is shown with the person.
use super::{audit, auth, now, people, policy, Backend, Caller, Db, Result};
use crate::AppError;
use shared::audit::{Event, Subject};
use shared::model::{InvitationState, LinkPurpose};
use shared::outbox::{Channel, Delivery};

/// Invited people who were never sent an invitation (a run imported them without one).
const NEVER_INVITED: &str = "SELECT p.id, p.org_id, p.email, p.phone, p.family_name, p.given_name, p.locale, o.name AS org_name \
     FROM people p JOIN organisations o ON o.id = p.org_id WHERE p.org_id = $1 AND p.status = 'invited' \
     AND NOT EXISTS (SELECT 1 FROM auth_tokens t WHERE t.person_id = p.id AND t.purpose = 'invite') ORDER BY p.id";

/// Invites everyone not yet invited; answers how many. The messages leave through the outbox
/// at its pace, so ten thousand invitations do not flood the mail server or the gateway.
pub async fn invite_pending(backend: &Backend, caller: &Caller, client_addr: Option<&str>) -> Result<i64> {
    policy::manage_people(caller)?;
    let pending: Vec<people::Addressee> = sqlx::query_as(NEVER_INVITED).bind(caller.org_id).fetch_all(&backend.db.pool).await?;
    let locale = caller.locale.unwrap_or_default();
    for batch in pending.chunks(500) {
        let mut tx = backend.db.begin_write().await?;
        for person in batch {
            auth::issue_link(&mut tx, backend, person, LinkPurpose::Invite, person.locale.unwrap_or(locale)).await?;
        }
        tx.commit().await?;
    }
    let invited = pending.len() as i64;
    if invited > 0 {
        let entry = audit::Entry::by(
            caller,
            Event::PeopleInvited,
            (Subject::Organisation, caller.org_id),
            serde_json::json!({ "invited": invited }),
            client_addr,
        );
        audit::record(backend.db.writes(), entry).await?;
    }
    Ok(invited)
}

/// Sends a person's invitation again with a new link; the links sent before stop working.
pub async fn resend(backend: &Backend, caller: &Caller, person_id: i64, client_addr: Option<&str>) -> Result<()> {
    policy::manage_people(caller)?;
    let sql = NEVER_INVITED.replace(
        "AND NOT EXISTS (SELECT 1 FROM auth_tokens t WHERE t.person_id = p.id AND t.purpose = 'invite') ORDER BY p.id",
        "AND p.id = $2",
    );
    let person: people::Addressee =
        sqlx::query_as(&sql).bind(caller.org_id).bind(person_id).fetch_optional(&backend.db.pool).await?.ok_or(AppError::Conflict)?;
    let mut tx = backend.db.begin_write().await?;
    sqlx::query(
        "UPDATE auth_tokens SET expires_at = $1 WHERE person_id = $2 AND purpose = 'invite' AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now())
    .bind(person_id)
    .execute(&mut *tx)
    .await?;
    auth::issue_link(&mut tx, backend, &person, LinkPurpose::Invite, person.locale.unwrap_or(caller.locale.unwrap_or_default())).await?;
    let entry =
        audit::Entry::by(caller, Event::PersonInvited, (Subject::Person, person_id), serde_json::json!({ "again": true }), client_addr);
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// The last message sent to a person that carried their invitation, and how it went.
pub async fn state(db: &Db, caller: &Caller, person_id: i64) -> Result<Option<InvitationState>> {
    policy::manage_people(caller)?;
    let last: Option<(Channel, Delivery, i64, Option<i64>)> = sqlx::query_as(
        "SELECT o.channel, o.status, o.created_at, o.sent_at FROM outbox o JOIN people p ON p.id = o.person_id \
         WHERE p.org_id = $1 AND o.person_id = $2 AND EXISTS (SELECT 1 FROM auth_tokens t WHERE t.person_id = p.id AND t.purpose = 'invite') \
         ORDER BY o.id DESC LIMIT 1",
    )
    .bind(caller.org_id)
    .bind(person_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(last.map(|(channel, delivery, queued_at, sent_at)| InvitationState { channel, delivery, queued_at, sent_at }))
}
