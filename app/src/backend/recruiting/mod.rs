//! Recruiting: jobs with their stages and hiring teams, the kanban board of candidates (moves
//! version-checked and published live), and candidates' contacts sealed, masked and revealed
//! only with an audit row.
pub mod announce;
pub mod automation;
pub mod board;
pub mod bulk;
pub mod candidates;
pub mod export;
pub mod invitations;
pub mod jobs;
pub mod list;
pub mod reveals;
pub mod scorecards;
pub mod settings;
pub mod timeline;

use super::policy::JobTeam;
use super::{Db, Result};
use crate::AppError;
use shared::recruiting::EventKind;

/// A job's owner and hiring team, for the policy; NotFound outside the organisation.
pub async fn team(db: &Db, org_id: i64, job_id: i64) -> Result<JobTeam> {
    let owner_id: i64 = sqlx::query_scalar("SELECT owner_id FROM jobs WHERE org_id = $1 AND id = $2")
        .bind(org_id)
        .bind(job_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let members: Vec<i64> = sqlx::query_scalar("SELECT person_id FROM job_team WHERE job_id = $1").bind(job_id).fetch_all(&db.pool).await?;
    Ok(JobTeam { owner_id, members })
}

/// Keeps a job's stages as they are until the caller's transaction ends, for a write that puts
/// a card into a stage (a move, a bulk move, a new candidate): a stages save updates the job
/// row first, so on PostgreSQL the two wait for each other instead of a card landing in a
/// stage removed (or changed in kind) meanwhile. Read the stage after this, in the same
/// transaction. SQLite's writers are serial already.
pub(super) async fn hold_stages(db: &Db, tx: &mut sqlx::Transaction<'_, sqlx::Any>, org_id: i64, job_id: i64) -> Result<()> {
    let held: Option<i64> = sqlx::query_scalar(&format!("SELECT id FROM jobs WHERE org_id = $1 AND id = $2{}", db.share_lock()))
        .bind(org_id)
        .bind(job_id)
        .fetch_optional(&mut **tx)
        .await?;
    held.map(|_| ()).ok_or_else(|| AppError::NotFound.into())
}

/// The job of a candidate the caller may work on; NotFound outside the organisation.
pub async fn candidate_job(db: &Db, caller: &super::Caller, candidate_id: i64) -> Result<i64> {
    let job: i64 = sqlx::query_scalar("SELECT job_id FROM candidates WHERE org_id = $1 AND id = $2")
        .bind(caller.org_id)
        .bind(candidate_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    super::policy::work_on_job(caller, &team(db, caller.org_id, job).await?)?;
    Ok(job)
}

/// Records a line of the candidate's timeline in the caller's transaction (no actor: the
/// candidate themselves, answering from a link, or an automation rule); returns its id.
pub(super) async fn event(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    org_id: i64,
    candidate_id: i64,
    kind: EventKind,
    stages: (Option<i64>, Option<i64>),
    actor_id: impl Into<Option<i64>>,
    body: &str,
) -> Result<i64> {
    // Other systems (an HRIS that opens an employee record on a hire) follow arrivals and moves.
    if matches!(kind, EventKind::Created | EventKind::Moved | EventKind::Rejected) {
        announce_out(tx, org_id, candidate_id, kind, stages).await?;
    }
    Ok(sqlx::query_scalar(
        "INSERT INTO candidate_events (org_id, candidate_id, kind, from_stage_id, to_stage_id, actor_id, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(org_id)
    .bind(candidate_id)
    .bind(kind)
    .bind(stages.0)
    .bind(stages.1)
    .bind(actor_id.into())
    .bind(body)
    .bind(super::now())
    .fetch_one(&mut **tx)
    .await?)
}

/// The webhook events of a candidate's arrival or move (a move into a "hired" stage is a hire).
async fn announce_out(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    org_id: i64,
    candidate_id: i64,
    kind: EventKind,
    (from, to): (Option<i64>, Option<i64>),
) -> Result<()> {
    use shared::webhooks::EventType;
    let events = [EventType::CandidateCreated, EventType::CandidateStageChanged, EventType::CandidateHired];
    let Some(to_stage) = to else { return Ok(()) };
    // Every card move passes here (bulk moves, automation): no look-up when nobody listens.
    if !super::webhooks::emit::listened(tx, org_id, &events).await? {
        return Ok(());
    }
    let (job_id, stage_kind): (i64, shared::recruiting::StageKind) =
        sqlx::query_as("SELECT c.job_id, s.kind FROM candidates c JOIN job_stages s ON s.id = $3 WHERE c.org_id = $1 AND c.id = $2")
            .bind(org_id)
            .bind(candidate_id)
            .bind(to_stage)
            .fetch_one(&mut **tx)
            .await?;
    let data =
        serde_json::json!({ "id": candidate_id, "job_id": job_id, "from_stage_id": from, "to_stage_id": to, "stage_kind": stage_kind });
    let event = if kind == EventKind::Created { EventType::CandidateCreated } else { EventType::CandidateStageChanged };
    super::webhooks::emit(tx, org_id, event, data.clone()).await?;
    if kind != EventKind::Created && stage_kind == shared::recruiting::StageKind::Hired {
        super::webhooks::emit(tx, org_id, EventType::CandidateHired, data).await?;
    }
    Ok(())
}

/// The language a job writes to its candidates in (`jobs.language`, else the organisation's
/// `default_locale`), read as a `Locale`, in a query joining `jobs j` and `organisations o`.
pub(super) const CANDIDATES_LANGUAGE: &str = "COALESCE(j.language, o.default_locale)";
