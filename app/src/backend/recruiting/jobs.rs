//! Jobs: created with the default stages and the creator on the hiring team.
use super::super::{now, policy, Caller, Db, Result};
use shared::recruiting::{default_stages, CustomField, JobLine};
use shared::stored::Json;

pub async fn create(db: &Db, caller: &Caller, title: &str) -> Result<i64> {
    policy::recruit(caller)?;
    create_for(db, caller.org_id, caller.person_id, title).await
}

/// `create` for an owner (also the demo data's way in).
pub async fn create_for(db: &Db, org_id: i64, owner_id: i64, title: &str) -> Result<i64> {
    let title = shared::validation::required_text("title", title, 200)?;
    let title = title.as_str();
    let t = now();
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar("INSERT INTO jobs (org_id, title, owner_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(org_id)
        .bind(title)
        .bind(owner_id)
        .bind(t)
        .fetch_one(&mut *tx)
        .await?;
    for (i, (name, kind)) in default_stages().into_iter().enumerate() {
        sqlx::query("INSERT INTO job_stages (org_id, job_id, position, name, kind) VALUES ($1, $2, $3, $4, $5)")
            .bind(org_id)
            .bind(id)
            .bind(i as i64)
            .bind(Json(&name))
            .bind(kind.as_str())
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("INSERT INTO job_team (job_id, person_id) VALUES ($1, $2)").bind(id).bind(owner_id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(id)
}

/// The jobs the caller works on: all for recruiters, their teams' for others.
pub async fn list(db: &Db, caller: &Caller) -> Result<Vec<JobLine>> {
    let sql = format!(
        "SELECT j.id, j.title, j.status, (SELECT COUNT(*) FROM candidates c WHERE c.job_id = j.id AND c.status = 'active') AS candidates \
         FROM jobs j WHERE j.org_id = $1 AND {} ORDER BY j.id DESC LIMIT 500",
        policy::jobs_worked_on(caller)
    );
    Ok(sqlx::query_as::<_, JobLine>(&sql).bind(caller.org_id).bind(caller.person_id).fetch_all(&db.pool).await?)
}

/// A job's own candidate fields.
pub async fn fields_of(db: &Db, job_id: i64) -> Result<Vec<CustomField>> {
    let stored: Option<Json<Vec<CustomField>>> =
        sqlx::query_scalar("SELECT custom_fields FROM jobs WHERE id = $1").bind(job_id).fetch_optional(&db.pool).await?;
    Ok(stored.map(|Json(fields)| fields).unwrap_or_default())
}
