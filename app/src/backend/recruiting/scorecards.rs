//! Scorecards: one per evaluator and candidate (saved again, it replaces theirs), read by the
//! job's team with a summary across evaluators.
use super::super::{now, Backend, Caller, Db, Result};
use shared::format::person_name;
use shared::recruiting::automation::Trigger;
use shared::recruiting::EventKind;
use shared::recruiting::{check_scorecard, BoardEvent, Criterion, Scorecard, ScorecardInput};
use shared::stored::Json;
use shared::Locale;

pub async fn save(backend: &Backend, caller: &Caller, input: &ScorecardInput) -> Result<()> {
    let db = &backend.db;
    let job_id = super::candidate_job(db, caller, input.candidate_id).await?;
    let ratings = check_scorecard(input)?;
    let t = now();
    let mut tx = db.begin_write().await?;
    // Portable upsert: SQLite and PostgreSQL share this ON CONFLICT form.
    sqlx::query(
        "INSERT INTO scorecards (org_id, candidate_id, evaluator_id, ratings, overall, note, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (candidate_id, evaluator_id) DO UPDATE SET ratings = excluded.ratings, overall = excluded.overall, \
         note = excluded.note, updated_at = excluded.updated_at",
    )
    .bind(caller.org_id)
    .bind(input.candidate_id)
    .bind(caller.person_id)
    .bind(Json(&ratings))
    .bind(input.overall)
    .bind(input.note.trim())
    .bind(t)
    .execute(&mut *tx)
    .await?;
    let scored = super::event(
        &mut tx,
        caller.org_id,
        input.candidate_id,
        EventKind::Scored,
        (None, None),
        caller.person_id,
        &input.overall.to_string(),
    )
    .await?;
    let mut rules = super::automation::Run::new(backend, caller.org_id, job_id);
    rules.on(&mut tx, input.candidate_id, Trigger::ScorecardSubmitted, scored).await?;
    tx.commit().await?;
    rules.publish().await;
    backend
        .live
        .publish(db, BoardEvent { job_id, candidate_id: input.candidate_id, kind: EventKind::Scored.into(), actor_id: caller.person_id })
        .await;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct CardRow {
    evaluator_id: i64,
    family_name: String,
    given_name: String,
    ratings: Json<Vec<(Criterion, i64)>>,
    overall: i64,
    note: String,
}

/// A candidate's scorecards, the caller's first (the caller is checked by the page).
pub async fn of(db: &Db, caller: &Caller, candidate_id: i64, locale: Locale) -> Result<Vec<Scorecard>> {
    let rows: Vec<CardRow> = sqlx::query_as(
        "SELECT s.evaluator_id, p.family_name, p.given_name, s.ratings, s.overall, s.note FROM scorecards s \
         JOIN people p ON p.id = s.evaluator_id WHERE s.org_id = $1 AND s.candidate_id = $2 ORDER BY s.updated_at",
    )
    .bind(caller.org_id)
    .bind(candidate_id)
    .fetch_all(&db.pool)
    .await?;
    let mut cards: Vec<Scorecard> = rows
        .into_iter()
        .map(|r| Scorecard {
            evaluator: person_name(&r.family_name, &r.given_name, locale),
            mine: r.evaluator_id == caller.person_id,
            ratings: r.ratings.0,
            overall: r.overall,
            note: r.note,
        })
        .collect();
    cards.sort_by_key(|c| !c.mine);
    Ok(cards)
}
