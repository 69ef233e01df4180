//! Actions on a selection of candidates (one or many): move, tag, reject with a reason and an
//! optional message to the candidate, put on hold, resume. All in one transaction: every
//! candidate must be on a job the caller works on, or nothing happens.
use super::super::{now, outbox, policy, Backend, Caller, Result};
use super::candidates::{search_of, tags};
use crate::AppError;
use shared::recruiting::{BoardEvent, BulkAction, BulkInput, RejectionReason};
use shared::recruiting::{CandidateStatus, EventKind, StageKind};
use shared::stored::Json;
use shared::validation::FieldError;
use shared::{Locale, Msg};
use std::collections::{BTreeMap, BTreeSet};

#[derive(sqlx::FromRow)]
struct Picked {
    id: i64,
    job_id: i64,
    stage_id: i64,
    status: CandidateStatus,
    full_name: String,
    source: String,
    tags: String,
    sealed_contacts: String,
    custom: Json<BTreeMap<String, String>>,
}

fn check(action: &BulkAction) -> Result<()> {
    match action {
        BulkAction::Tag { tag } if tags(tag).is_empty() || tag.chars().count() > 50 => Err(FieldError::new("tag", Msg::ErrRequired).into()),
        BulkAction::Reject { reason: None, .. } => Err(FieldError::new("reason", Msg::ErrReason).into()),
        BulkAction::Reject { message, .. } if message.chars().count() > 2000 => Err(FieldError::new("message", Msg::ErrTooLong).into()),
        _ => Ok(()),
    }
}

/// The stage of `job` at `position` (0-based, in board order), or its rejected stage.
async fn stage_of(tx: &mut sqlx::Transaction<'_, sqlx::Any>, job_id: i64, position: Option<i64>) -> Result<(i64, StageKind)> {
    let found: Option<(i64, StageKind)> = match position {
        Some(p) => {
            sqlx::query_as("SELECT id, kind FROM job_stages WHERE job_id = $1 AND removed = 0 ORDER BY position LIMIT 1 OFFSET $2")
                .bind(job_id)
                .bind(p.max(0))
                .fetch_optional(&mut **tx)
                .await?
        }
        None => {
            sqlx::query_as(
                "SELECT id, kind FROM job_stages WHERE job_id = $1 AND kind = 'rejected' AND removed = 0 ORDER BY position LIMIT 1",
            )
            .bind(job_id)
            .fetch_optional(&mut **tx)
            .await?
        }
    };
    Ok(found.ok_or(AppError::NotFound)?)
}

/// Applies the action to every candidate selected; answers how many changed.
pub async fn apply(backend: &Backend, caller: &Caller, input: &BulkInput) -> Result<usize> {
    let db = &backend.db;
    let ids: BTreeSet<i64> = input.ids.iter().copied().collect();
    if ids.is_empty() || ids.len() > 500 {
        return Err(FieldError::new("ids", Msg::ErrNothingSelected).into());
    }
    check(&input.action)?;
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    let picked: Vec<Picked> = sqlx::query_as(&format!(
        "SELECT id, job_id, stage_id, status, full_name, source, tags, sealed_contacts, custom FROM candidates WHERE org_id = $1 AND id IN ({list})"
    ))
    .bind(caller.org_id)
    .fetch_all(&db.pool)
    .await?;
    if picked.len() != ids.len() {
        return Err(AppError::NotFound.into());
    }
    for job in picked.iter().map(|p| p.job_id).collect::<BTreeSet<_>>() {
        policy::work_on_job(caller, &super::team(db, caller.org_id, job).await?)?;
    }
    let t = now();
    let mut tx = db.begin_write().await?;
    let mut stages: BTreeMap<i64, (i64, StageKind)> = BTreeMap::new();
    let mut changed = Vec::new();
    let mut rules = Vec::new();
    // Moves and rejections place the card at the end of a stage: (stage position, reason).
    let place = match &input.action {
        BulkAction::Move { stage_position } => Some((Some(*stage_position), None)),
        BulkAction::Reject { reason, .. } => Some((None, *reason)),
        _ => None,
    };
    for c in &picked {
        let kind = match &input.action {
            BulkAction::Move { .. } | BulkAction::Reject { .. } => {
                let (position, reason) = place.unwrap_or_default();
                let (stage, kind) = match stages.get(&c.job_id) {
                    Some(found) => *found,
                    None => {
                        super::hold_stages(db, &mut tx, caller.org_id, c.job_id).await?;
                        let found = stage_of(&mut tx, c.job_id, position).await?;
                        stages.insert(c.job_id, found);
                        found
                    }
                };
                let status = kind.candidate_status();
                let last: Option<f64> =
                    sqlx::query_scalar("SELECT MAX(position) FROM candidates WHERE stage_id = $1").bind(stage).fetch_one(&mut *tx).await?;
                sqlx::query(
                    "UPDATE candidates SET stage_id = $1, position = $2, status = $3, rejection_reason = $4, version = version + 1, \
                     updated_at = $5 WHERE id = $6",
                )
                .bind(stage)
                .bind(last.map_or(0.0, |p| p + 1.0))
                .bind(status)
                .bind(reason)
                .bind(t)
                .bind(c.id)
                .execute(&mut *tx)
                .await?;
                let stages = (Some(c.stage_id), Some(stage));
                if let BulkAction::Reject { reason, message } = &input.action {
                    super::event(
                        &mut tx,
                        caller.org_id,
                        c.id,
                        EventKind::Rejected,
                        stages,
                        caller.person_id,
                        reason.map_or("", RejectionReason::as_str),
                    )
                    .await?;
                    tell(backend, &mut tx, caller, c, message).await?;
                    EventKind::Rejected
                } else {
                    let moved = super::event(&mut tx, caller.org_id, c.id, EventKind::Moved, stages, caller.person_id, "").await?;
                    let mut run = super::automation::Run::new(backend, caller.org_id, c.job_id);
                    run.on(&mut tx, c.id, shared::recruiting::automation::Trigger::StageEntered, moved).await?;
                    rules.push(run);
                    EventKind::Moved
                }
            }
            BulkAction::Tag { tag } => {
                let all = tags(&format!("{}, {tag}", c.tags));
                if all == c.tags {
                    continue;
                }
                sqlx::query("UPDATE candidates SET tags = $1, search = $2, version = version + 1, updated_at = $3 WHERE id = $4")
                    .bind(&all)
                    .bind(search_of(&c.full_name, &all, &c.source, &c.custom.0))
                    .bind(t)
                    .bind(c.id)
                    .execute(&mut *tx)
                    .await?;
                super::event(&mut tx, caller.org_id, c.id, EventKind::Tagged, (None, None), caller.person_id, &tags(tag)).await?;
                EventKind::Tagged
            }
            BulkAction::Hold | BulkAction::Resume => {
                let (from, to, kind) = match input.action {
                    BulkAction::Hold => (CandidateStatus::Active, CandidateStatus::OnHold, EventKind::Held),
                    _ => (CandidateStatus::OnHold, CandidateStatus::Active, EventKind::Resumed),
                };
                if c.status != from {
                    continue;
                }
                sqlx::query("UPDATE candidates SET status = $1, version = version + 1, updated_at = $2 WHERE id = $3")
                    .bind(to)
                    .bind(t)
                    .bind(c.id)
                    .execute(&mut *tx)
                    .await?;
                super::event(&mut tx, caller.org_id, c.id, kind, (None, None), caller.person_id, "").await?;
                kind
            }
        };
        changed.push(BoardEvent { job_id: c.job_id, candidate_id: c.id, kind: kind.into(), actor_id: caller.person_id });
    }
    tx.commit().await?;
    let count = changed.len();
    for event in changed {
        backend.live.publish(db, event).await;
    }
    for run in rules {
        run.publish().await;
    }
    Ok(count)
}

/// The rejection message, if one was written and the candidate has an email address: the
/// recruiter's words as they typed them, queued with the rejection.
async fn tell(backend: &Backend, tx: &mut sqlx::Transaction<'_, sqlx::Any>, caller: &Caller, c: &Picked, message: &str) -> Result<()> {
    let message = message.trim();
    if message.is_empty() {
        return Ok(());
    }
    let contacts: BTreeMap<String, String> = backend.sealer.open_json(&c.sealed_contacts)?;
    let Some(to) = contacts.get("email").filter(|e| !e.is_empty()) else { return Ok(()) };
    let (org, job, locale): (String, String, Locale) = sqlx::query_as(&format!(
        "SELECT o.name, j.title, {} FROM jobs j JOIN organisations o ON o.id = j.org_id WHERE j.id = $1",
        super::CANDIDATES_LANGUAGE
    ))
    .bind(c.job_id)
    .fetch_one(&mut **tx)
    .await?;
    let subject = Msg::MailRejectionSubject.fill(locale, &[("org", &org), ("job", &job)]);
    outbox::enqueue_email(&mut **tx, caller.org_id, to, &subject, message).await
}
