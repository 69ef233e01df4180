//! Coffee chats and interviews: the team proposes times and a place; the candidate answers
//! from a link that needs no account (accept a time, decline, or propose another); the answer
//! lands on the card and the timeline live.
use super::super::notifications::Told;
use super::super::{now, outbox, policy, tokens, Backend, BackendError, Caller, Result};
use crate::AppError;
use shared::notifications::{InvitationReply, Told as What};
use shared::recruiting::{
    check_slots, BoardEvent, InvitationAnswer, InvitationInput, InvitationKind, InvitationNote, InvitationPublic, InviteChannel,
};
use shared::recruiting::{EventKind, InvitationStatus};
use shared::stored::Json;
use shared::validation::FieldError;
use shared::{Locale, Msg};
use std::collections::BTreeMap;

/// Written to the candidate in the job's language (not the inviter's: a Korean recruiter may
/// hire for a Russian site).
pub async fn invite(backend: &Backend, caller: &Caller, input: &InvitationInput) -> Result<i64> {
    let db = &backend.db;
    let found: Option<(i64, String, String, String, String, Locale)> = sqlx::query_as(&format!(
        "SELECT c.job_id, c.full_name, c.sealed_contacts, j.title, o.name, {} FROM candidates c JOIN jobs j ON j.id = c.job_id \
         JOIN organisations o ON o.id = c.org_id WHERE c.org_id = $1 AND c.id = $2",
        super::CANDIDATES_LANGUAGE
    ))
    .bind(caller.org_id)
    .bind(input.candidate_id)
    .fetch_optional(&db.pool)
    .await?;
    let (job_id, name, sealed, job_title, org_name, locale) = found.ok_or(AppError::NotFound)?;
    policy::work_on_job(caller, &super::team(db, caller.org_id, job_id).await?)?;
    let slots = check_slots(&input.slots).map_err(|msg| FieldError::new("slots", msg))?;
    let place = input.place.trim();
    if place.is_empty() || place.chars().count() > 300 {
        return Err(FieldError::new("place", if place.is_empty() { Msg::ErrRequired } else { Msg::ErrTooLong }).into());
    }
    // The address is read here, server-side, and never shown to the inviter.
    let contacts: BTreeMap<String, String> = backend.sealer.open_json(&sealed)?;
    let key = match input.channel {
        InviteChannel::Email => "email",
        InviteChannel::Sms => "phone",
    };
    let to = contacts.get(key).filter(|v| !v.is_empty()).ok_or_else(|| FieldError::new("channel", Msg::ErrNoContact))?;
    let token = tokens::new_token();
    let link = backend.config.link(&format!("/invitation/{token}"));
    let kind = input.kind.label().text(locale);
    let t = now();
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO invitations (org_id, candidate_id, kind, place, slots, token_hash, channel, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(caller.org_id)
    .bind(input.candidate_id)
    .bind(input.kind.as_str())
    .bind(place)
    .bind(Json(&slots))
    .bind(tokens::hash(&token))
    .bind(key)
    .bind(caller.person_id)
    .bind(t)
    .fetch_one(&mut *tx)
    .await?;
    let args = [
        ("org", org_name.as_str()),
        ("kind", kind),
        ("job", job_title.as_str()),
        ("name", name.as_str()),
        ("place", place),
        ("link", &link),
    ];
    match input.channel {
        InviteChannel::Email => {
            let listed = slots.iter().map(|s| shared::format::date_time_text(s, locale)).collect::<Vec<_>>().join(", ");
            let mut all = args.to_vec();
            all.push(("slots", &listed));
            let subject = Msg::MailInviteCandidateSubject.fill(locale, &all);
            outbox::enqueue_email(&mut *tx, caller.org_id, to, &subject, &Msg::MailInviteCandidateBody.fill(locale, &all)).await?;
        }
        InviteChannel::Sms => outbox::enqueue_sms(&mut *tx, caller.org_id, to, &Msg::SmsInviteCandidate.fill(locale, &args)).await?,
    }
    let note = InvitationNote { kind: input.kind, place: place.to_string(), slots: slots.clone() };
    let body = serde_json::to_string(&note).map_err(|e| BackendError::Internal(e.to_string()))?;
    super::event(&mut tx, caller.org_id, input.candidate_id, EventKind::Invitation, (None, None), caller.person_id, &body).await?;
    tx.commit().await?;
    let event = BoardEvent { job_id, candidate_id: input.candidate_id, kind: EventKind::Invitation.into(), actor_id: caller.person_id };
    backend.live.publish(db, event).await;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct Found {
    id: i64,
    org_id: i64,
    candidate_id: i64,
    job_id: i64,
    kind: InvitationKind,
    place: String,
    slots: Json<Vec<String>>,
    status: InvitationStatus,
    chosen_slot: Option<String>,
    full_name: String,
    job_title: String,
    org_name: String,
}

async fn find(backend: &Backend, token: &str) -> Result<Found> {
    Ok(sqlx::query_as::<_, Found>(
        "SELECT i.id, i.org_id, i.candidate_id, c.job_id, i.kind, i.place, i.slots, i.status, i.chosen_slot, c.full_name, j.title AS job_title, \
         o.name AS org_name FROM invitations i JOIN candidates c ON c.id = i.candidate_id JOIN jobs j ON j.id = c.job_id \
         JOIN organisations o ON o.id = i.org_id WHERE i.token_hash = $1",
    )
    .bind(tokens::hash(token))
    .fetch_optional(&backend.db.pool)
    .await?
    .ok_or(AppError::TokenInvalid)?)
}

fn public(f: Found) -> Result<InvitationPublic> {
    Ok(InvitationPublic {
        kind: f.kind,
        slots: f.slots.0.clone(),
        org_name: f.org_name,
        job_title: f.job_title,
        candidate_name: f.full_name,
        place: f.place,
        status: f.status,
        chosen_slot: f.chosen_slot,
    })
}

/// The team withdraws the candidate's open invitation (if any); its link then says so.
pub async fn cancel(backend: &Backend, caller: &Caller, candidate_id: i64) -> Result<()> {
    let db = &backend.db;
    let job_id: i64 = sqlx::query_scalar("SELECT job_id FROM candidates WHERE org_id = $1 AND id = $2")
        .bind(caller.org_id)
        .bind(candidate_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    policy::work_on_job(caller, &super::team(db, caller.org_id, job_id).await?)?;
    let mut tx = db.begin_write().await?;
    let changed =
        sqlx::query("UPDATE invitations SET status = 'cancelled', updated_at = $1 WHERE candidate_id = $2 AND status = 'proposed'")
            .bind(now())
            .bind(candidate_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if changed == 0 {
        return Err(AppError::TransitionNotAllowed.into());
    }
    super::event(&mut tx, caller.org_id, candidate_id, EventKind::InvitationCancelled, (None, None), caller.person_id, "").await?;
    tx.commit().await?;
    let event = BoardEvent { job_id, candidate_id, kind: EventKind::InvitationCancelled.into(), actor_id: caller.person_id };
    backend.live.publish(db, event).await;
    Ok(())
}

/// What the candidate's link shows.
pub async fn view(backend: &Backend, token: &str) -> Result<InvitationPublic> {
    public(find(backend, token).await?)
}

/// The candidate's answer: once, while the invitation is open. Proposing another time keeps it
/// open (the team answers with a new invitation).
pub async fn answer(backend: &Backend, token: &str, answer: &InvitationAnswer) -> Result<InvitationPublic> {
    let db = &backend.db;
    let f = find(backend, token).await?;
    if f.status != InvitationStatus::Proposed {
        return Err(AppError::TransitionNotAllowed.into());
    }
    let slots = &f.slots.0;
    let (status, slot, proposal, kind, body) = match answer {
        InvitationAnswer::Accept { slot } if slots.contains(slot) => {
            (InvitationStatus::Confirmed, Some(slot.clone()), None, EventKind::InvitationConfirmed, slot.clone())
        }
        InvitationAnswer::Accept { .. } => return Err(FieldError::new("slot", Msg::ErrSlot).into()),
        InvitationAnswer::Decline => (InvitationStatus::Declined, None, None, EventKind::InvitationDeclined, String::new()),
        InvitationAnswer::Propose { text } => {
            let text = text.trim();
            if text.is_empty() || text.chars().count() > 500 {
                return Err(FieldError::new("text", if text.is_empty() { Msg::ErrRequired } else { Msg::ErrTooLong }).into());
            }
            (InvitationStatus::Proposed, None, Some(text.to_string()), EventKind::InvitationProposal, text.to_string())
        }
    };
    let mut tx = db.begin_write().await?;
    let changed = sqlx::query(
        "UPDATE invitations SET status = $1, chosen_slot = $2, counter_proposal = COALESCE($3, counter_proposal), updated_at = $4 \
         WHERE id = $5 AND status = 'proposed'",
    )
    .bind(status)
    .bind(slot)
    .bind(proposal)
    .bind(now())
    .bind(f.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(AppError::TransitionNotAllowed.into());
    }
    let answered = super::event(&mut tx, f.org_id, f.candidate_id, kind, (None, None), None, &body).await?;
    // The job's team hears of the answer.
    let reply = match answer {
        InvitationAnswer::Accept { .. } => InvitationReply::Accepted,
        InvitationAnswer::Decline => InvitationReply::Declined,
        InvitationAnswer::Propose { .. } => InvitationReply::Proposed,
    };
    let what = What::InvitationAnswered { candidate: f.full_name.clone(), job: f.job_title.clone(), answer: reply, detail: body };
    let team: Vec<i64> = sqlx::query_scalar(
        "SELECT p.id FROM people p WHERE p.org_id = $1 AND p.status = 'active' \
         AND (p.id = (SELECT owner_id FROM jobs WHERE id = $2) OR p.id IN (SELECT person_id FROM job_team WHERE job_id = $2)) ORDER BY p.id",
    )
    .bind(f.org_id)
    .bind(f.job_id)
    .fetch_all(&mut *tx)
    .await?;
    let mut told = Told::new(backend);
    told.notify_many(&mut tx, f.org_id, &team, &what, &format!("/recruiting/candidates/{}", f.candidate_id)).await?;
    let mut rules = super::automation::Run::new(backend, f.org_id, f.job_id);
    rules.on(&mut tx, f.candidate_id, shared::recruiting::automation::Trigger::InvitationAnswered, answered).await?;
    tx.commit().await?;
    told.publish(backend).await;
    rules.publish().await;
    let event = BoardEvent { job_id: f.job_id, candidate_id: f.candidate_id, kind: kind.into(), actor_id: 0 };
    backend.live.publish(db, event).await;
    view(backend, token).await
}
