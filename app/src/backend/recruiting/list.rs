//! The candidates list across the jobs the caller works on: search over name, tags, source and
//! the job's own fields (lower-cased in Rust, so Hangul and Cyrillic match whatever their case),
//! filters by status, job, stage and source, and pages.
use super::super::{db::like_contains, Caller, Db, Result};
use shared::recruiting::{CandidateLine, CandidatePage, CandidateQuery, CandidateStatus};
use shared::validation::search_query;

pub const PAGE_SIZE: i64 = 50;

pub async fn search(db: &Db, caller: &Caller, q: &CandidateQuery) -> Result<CandidatePage> {
    let status = q.status.map_or("", CandidateStatus::as_str);
    // The stage filter needs the job (stages are each job's own), and one the caller works on.
    let works_on = |team: &super::super::policy::JobTeam| super::super::policy::work_on_job(caller, team).is_ok();
    let stages = match q.job_id {
        Some(job) if super::team(db, caller.org_id, job).await.is_ok_and(|t| works_on(&t)) => {
            super::board::stages(db, caller.org_id, job).await?
        }
        _ => Vec::new(),
    };
    let stage = q.stage_id.filter(|id| stages.iter().any(|s| s.id == *id)).unwrap_or(0);
    // $1 org, $2 caller, $3 text, $4 status, $5 job, $6 source, $7 stage
    let filter = format!(
        "FROM candidates c JOIN jobs j ON j.id = c.job_id JOIN job_stages s ON s.id = c.stage_id \
         WHERE c.org_id = $1 AND {} AND c.search LIKE $3 ESCAPE '\\' AND ($4 = '' OR c.status = $4) \
         AND ($5 = 0 OR c.job_id = $5) AND ($6 = '' OR c.source = $6) AND ($7 = 0 OR c.stage_id = $7)",
        super::super::policy::jobs_worked_on(caller)
    );
    let text = like_contains(&search_query("text", &q.text)?);
    let source = q.source.trim();
    let job = q.job_id.unwrap_or(0);
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {filter}"))
        .bind(caller.org_id)
        .bind(caller.person_id)
        .bind(&text)
        .bind(status)
        .bind(job)
        .bind(source)
        .bind(stage)
        .fetch_one(&db.pool)
        .await?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let page = q.page.clamp(1, pages);
    let sql = format!(
        "SELECT c.id, c.job_id, j.title AS job_title, c.full_name, s.name AS stage, c.status, c.source, c.tags, c.phone_masked, \
         c.email_masked, c.rejection_reason, c.updated_at {filter} ORDER BY c.updated_at DESC, c.id DESC LIMIT $8 OFFSET $9"
    );
    let items = sqlx::query_as::<_, CandidateLine>(&sql)
        .bind(caller.org_id)
        .bind(caller.person_id)
        .bind(&text)
        .bind(status)
        .bind(job)
        .bind(source)
        .bind(stage)
        .bind(PAGE_SIZE)
        .bind((page - 1) * PAGE_SIZE)
        .fetch_all(&db.pool)
        .await?;
    Ok(CandidatePage { items, total, page, pages, stages })
}
