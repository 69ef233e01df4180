//! The kanban board: stages with their cards, and moving a card (one version-checked row, the
//! timeline line, then the live event to everyone watching).
use super::super::{now, policy, Backend, Caller, Db, Result};
use crate::AppError;
use shared::i18n::Labels;
use shared::recruiting::CustomField;
use shared::recruiting::EventKind;
use shared::recruiting::{position_between, Board, BoardEvent, CardView, MoveInput, StageKind, StageView};
use shared::stored::Json;

/// A card (`c`) with its latest invitation's status and time.
pub(super) const CARDS: &str = "SELECT c.id, c.version, c.stage_id, c.position, c.full_name, c.source, c.tags, c.phone_masked, \
     c.email_masked, c.updated_at, i.status AS invitation, i.chosen_slot AS invitation_slot, \
     i.counter_proposal AS invitation_proposal FROM candidates c \
     LEFT JOIN invitations i ON i.id = (SELECT MAX(x.id) FROM invitations x WHERE x.candidate_id = c.id)";

/// The board's stages; a removed one still shows while a card is in it (a card moved there just
/// as it was removed), so no card ever drops off the board.
pub(super) async fn stages(db: &Db, org_id: i64, job_id: i64) -> Result<Vec<StageView>> {
    let rows: Vec<(i64, Json<Labels>, StageKind)> =
        sqlx::query_as("SELECT s.id, s.name, s.kind FROM job_stages s WHERE s.org_id = $1 AND s.job_id = $2 \
             AND (s.removed = 0 OR EXISTS (SELECT 1 FROM candidates c WHERE c.job_id = s.job_id AND c.stage_id = s.id)) ORDER BY s.position")
            .bind(org_id)
            .bind(job_id)
            .fetch_all(&db.pool)
            .await?;
    Ok(rows.into_iter().map(|(id, Json(name), kind)| StageView { id, name, kind }).collect())
}

pub async fn load(db: &Db, caller: &Caller, job_id: i64) -> Result<Board> {
    let team = super::team(db, caller.org_id, job_id).await?;
    policy::work_on_job(caller, &team)?;
    let (title, Json(fields)): (String, Json<Vec<CustomField>>) =
        sqlx::query_as("SELECT title, custom_fields FROM jobs WHERE id = $1").bind(job_id).fetch_one(&db.pool).await?;
    let cards = sqlx::query_as::<_, CardView>(&format!("{CARDS} WHERE c.org_id = $1 AND c.job_id = $2 ORDER BY c.stage_id, c.position"))
        .bind(caller.org_id)
        .bind(job_id)
        .fetch_all(&db.pool)
        .await?;
    Ok(Board {
        fields,
        job_id,
        title,
        stages: stages(db, caller.org_id, job_id).await?,
        cards,
        may_reveal: policy::reveal_candidate_contacts(caller).is_ok(),
        may_manage: policy::recruit(caller).is_ok(),
    })
}

/// A card's position in `stage`, if it is there.
async fn position_in(db: &Db, stage_id: i64, card: Option<i64>) -> Result<Option<f64>> {
    let Some(id) = card else { return Ok(None) };
    let found: Option<f64> = sqlx::query_scalar("SELECT position FROM candidates WHERE id = $1 AND stage_id = $2")
        .bind(id)
        .bind(stage_id)
        .fetch_optional(&db.pool)
        .await?;
    found.map(Some).ok_or_else(|| AppError::Conflict.into())
}

/// Moves a card; a card changed meanwhile (someone else moved or edited it) is refused with
/// 409 and nothing moves. Answers the card as it now is.
pub async fn move_card(backend: &Backend, caller: &Caller, m: &MoveInput) -> Result<CardView> {
    let db = &backend.db;
    let found: Option<(i64, i64)> = sqlx::query_as("SELECT job_id, stage_id FROM candidates WHERE org_id = $1 AND id = $2")
        .bind(caller.org_id)
        .bind(m.candidate_id)
        .fetch_optional(&db.pool)
        .await?;
    let (job_id, from_stage) = found.ok_or(AppError::NotFound)?;
    policy::work_on_job(caller, &super::team(db, caller.org_id, job_id).await?)?;
    let position = position_between(position_in(db, m.to_stage_id, m.after_id).await?, position_in(db, m.to_stage_id, m.before_id).await?);
    let mut tx = db.begin_write().await?;
    super::hold_stages(db, &mut tx, caller.org_id, job_id).await?;
    let kind: Option<StageKind> =
        sqlx::query_scalar("SELECT kind FROM job_stages WHERE org_id = $1 AND id = $2 AND job_id = $3 AND removed = 0")
            .bind(caller.org_id)
            .bind(m.to_stage_id)
            .bind(job_id)
            .fetch_optional(&mut *tx)
            .await?;
    let status = kind.ok_or(AppError::NotFound)?.candidate_status();
    let moved = sqlx::query(
        "UPDATE candidates SET stage_id = $1, position = $2, status = $3, version = version + 1, updated_at = $4 \
         WHERE org_id = $5 AND id = $6 AND version = $7",
    )
    .bind(m.to_stage_id)
    .bind(position)
    .bind(status)
    .bind(now())
    .bind(caller.org_id)
    .bind(m.candidate_id)
    .bind(m.version)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved == 0 {
        return Err(AppError::Conflict.into());
    }
    let moved = super::event(
        &mut tx,
        caller.org_id,
        m.candidate_id,
        EventKind::Moved,
        (Some(from_stage), Some(m.to_stage_id)),
        caller.person_id,
        "",
    )
    .await?;
    let mut rules = super::automation::Run::new(backend, caller.org_id, job_id);
    rules.on(&mut tx, m.candidate_id, shared::recruiting::automation::Trigger::StageEntered, moved).await?;
    // The card as it is after the rules (they may have moved it on).
    let card = sqlx::query_as::<_, CardView>(&format!("{CARDS} WHERE c.id = $1")).bind(m.candidate_id).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    rules.publish().await;
    let event = BoardEvent { job_id, candidate_id: m.candidate_id, kind: EventKind::Moved.into(), actor_id: caller.person_id };
    backend.live.publish(db, event).await;
    Ok(card)
}
