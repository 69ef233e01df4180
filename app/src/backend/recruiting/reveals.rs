//! The reveal log for administrators: every time a candidate's contact was shown in plain text,
//! read from the append-only audit log, newest first.
use super::super::{audit, policy, Caller, Db, Result};
use shared::recruiting::RevealLine;
use shared::stored::Json;

pub const PAGE_SIZE: i64 = 50;

#[derive(sqlx::FromRow)]
struct Row {
    created_at: i64,
    actor_family: Option<String>,
    actor_given: Option<String>,
    candidate_id: Option<i64>,
    candidate_name: Option<String>,
    detail: Json<Revealed>,
    client_addr: Option<String>,
}

/// What a reveal entry's detail records.
#[derive(serde::Deserialize)]
struct Revealed {
    field: String,
}

pub async fn log(db: &Db, caller: &Caller, page: i64) -> Result<Vec<RevealLine>> {
    policy::read_reveal_log(caller)?;
    let rows = sqlx::query_as::<_, Row>(
        "SELECT a.created_at, p.family_name AS actor_family, p.given_name AS actor_given, a.subject_id AS candidate_id, \
         c.full_name AS candidate_name, a.detail, a.client_addr FROM audit_log a LEFT JOIN people p ON p.id = a.actor_id \
         LEFT JOIN candidates c ON c.id = a.subject_id WHERE a.org_id = $1 AND a.action = $2 \
         ORDER BY a.id DESC LIMIT $3 OFFSET $4",
    )
    .bind(caller.org_id)
    .bind(audit::Event::CandidateContactRevealed)
    .bind(PAGE_SIZE)
    .bind((page.max(1) - 1).saturating_mul(PAGE_SIZE))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| RevealLine {
            field: r.detail.0.field,
            created_at: r.created_at,
            actor_family: r.actor_family,
            actor_given: r.actor_given,
            candidate_id: r.candidate_id,
            candidate_name: r.candidate_name,
            client_addr: r.client_addr,
        })
        .collect())
}
