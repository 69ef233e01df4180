//! Scorecards: one per evaluator and candidate (saved again, it replaces theirs), read by the
//! job's team with a summary across evaluators.
use super::super::{now, Backend, Caller, Db, Result};
use shared::format::person_name;
use shared::recruiting::{check_scorecard, BoardEvent, Scorecard, ScorecardInput};
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
    .bind(serde_json::to_string(&ratings).unwrap_or_default())
    .bind(input.overall)
    .bind(input.note.trim())
    .bind(t)
    .execute(&mut *tx)
    .await?;
    super::event(&mut tx, caller.org_id, input.candidate_id, "scored", (None, None), caller.person_id, &input.overall.to_string()).await?;
    tx.commit().await?;
    backend
        .live
        .publish(db, BoardEvent { job_id, candidate_id: input.candidate_id, kind: "scored".into(), actor_id: caller.person_id })
        .await;
    Ok(())
}

/// A candidate's scorecards, the caller's first (the caller is checked by the page).
pub async fn of(db: &Db, caller: &Caller, candidate_id: i64, locale: Locale) -> Result<Vec<Scorecard>> {
    let rows: Vec<(i64, String, String, String, i64, String)> = sqlx::query_as(
        "SELECT s.evaluator_id, p.family_name, p.given_name, s.ratings, s.overall, s.note FROM scorecards s \
         JOIN people p ON p.id = s.evaluator_id WHERE s.org_id = $1 AND s.candidate_id = $2 ORDER BY s.updated_at",
    )
    .bind(caller.org_id)
    .bind(candidate_id)
    .fetch_all(&db.pool)
    .await?;
    let mut cards: Vec<Scorecard> = rows
        .into_iter()
        .map(|(evaluator, family, given, ratings, overall, note)| Scorecard {
            evaluator: person_name(&family, &given, locale),
            mine: evaluator == caller.person_id,
            ratings: serde_json::from_str(&ratings).unwrap_or_default(),
            overall,
            note,
        })
        .collect();
    cards.sort_by_key(|c| !c.mine);
    Ok(cards)
}
