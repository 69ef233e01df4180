//! A job's settings (recruiters and administrators): its stages, hiring team, own candidate
//! fields and team-chat webhook. Every save names the job's version it was made on and claims
//! the next one as its first write, so of two people saving at once the second gets 409 instead
//! of overwriting the first; the answer is the new version.
use super::super::notifications::Told;
use super::super::{audit, db::like_contains, policy, Backend, Caller, Db, Result};
use crate::AppError;
use shared::i18n::Labels;
use shared::recruiting::BoardChange;
use shared::recruiting::{check_fields, check_stages, BoardEvent, CustomField, JobSettings, StageEdit, StageKind, TeamMember};
use shared::stored::Json;
use shared::validation::{search_query, FieldError};
use shared::{Locale, Msg};

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// Who may be put on a hiring team: the company's own staff, not contractors or clients.
const STAFF: &str =
    "EXISTS (SELECT 1 FROM person_roles r WHERE r.person_id = p.id AND r.role IN ('employee', 'hr_manager', 'recruiter', 'admin'))";

/// A stage with its candidates counted (a board's card index covers the count).
const STAGES: &str = "SELECT s.id, s.name, s.kind, (SELECT COUNT(*) FROM candidates c WHERE c.job_id = s.job_id AND c.stage_id = s.id) \
     FROM job_stages s WHERE s.job_id = $1 AND s.removed = 0 ORDER BY s.position";

async fn stages(exec: impl sqlx::Executor<'_, Database = sqlx::Any>, job_id: i64) -> Result<Vec<StageEdit>> {
    let rows: Vec<(i64, Json<Labels>, StageKind, i64)> = sqlx::query_as(STAGES).bind(job_id).fetch_all(exec).await?;
    Ok(rows.into_iter().map(|(id, Json(name), kind, candidates)| StageEdit { id: Some(id), name, kind, candidates }).collect())
}

pub async fn load(db: &Db, caller: &Caller, job_id: i64) -> Result<JobSettings> {
    policy::recruit(caller)?;
    type Job = (String, i64, i64, Option<String>, Json<Vec<CustomField>>, Option<Locale>, Locale);
    let found: Option<Job> = sqlx::query_as(
        "SELECT j.title, j.version, j.owner_id, j.webhook_url, j.custom_fields, j.language, o.default_locale \
         FROM jobs j JOIN organisations o ON o.id = j.org_id WHERE j.org_id = $1 AND j.id = $2",
    )
    .bind(caller.org_id)
    .bind(job_id)
    .fetch_optional(&db.pool)
    .await?;
    let (title, version, owner_id, webhook_url, Json(fields), language, org_language) = found.ok_or(AppError::NotFound)?;
    let owner: TeamMember =
        sqlx::query_as("SELECT id, family_name, given_name, email FROM people WHERE id = $1").bind(owner_id).fetch_one(&db.pool).await?;
    let team: Vec<TeamMember> = sqlx::query_as(
        "SELECT p.id, p.family_name, p.given_name, p.email FROM job_team t JOIN people p ON p.id = t.person_id \
         WHERE t.job_id = $1 AND p.id <> $2 ORDER BY p.family_name, p.given_name, p.id",
    )
    .bind(job_id)
    .bind(owner_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(JobSettings {
        job_id,
        title,
        version,
        stages: stages(&db.pool, job_id).await?,
        owner,
        team,
        fields,
        webhook_url: webhook_url.unwrap_or_default(),
        language,
        org_language,
    })
}

/// Opens the save's transaction and takes the job's next version as its first write: 409 when
/// someone saved since `version`, 404 outside the organisation.
pub(super) async fn claim(db: &Db, caller: &Caller, job_id: i64, version: i64) -> Result<(Tx, i64)> {
    policy::recruit(caller)?;
    let mut tx = db.begin_write().await?;
    let claimed = sqlx::query("UPDATE jobs SET version = version + 1 WHERE org_id = $1 AND id = $2 AND version = $3")
        .bind(caller.org_id)
        .bind(job_id)
        .bind(version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if claimed == 1 {
        return Ok((tx, version + 1));
    }
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM jobs WHERE org_id = $1 AND id = $2")
        .bind(caller.org_id)
        .bind(job_id)
        .fetch_optional(&mut *tx)
        .await?;
    Err(if exists.is_some() { AppError::Conflict } else { AppError::NotFound }.into())
}

/// Saves the stages in the order given: existing ones renamed and moved, new ones added, the
/// ones left out removed — only while empty, and a stage's kind changes only while empty (its
/// candidates' status follows the kind). Removed stages stay in the table for the timelines.
pub async fn save_stages(
    backend: &Backend,
    caller: &Caller,
    job_id: i64,
    version: i64,
    edit: &[StageEdit],
) -> Result<(i64, Vec<StageEdit>)> {
    let wanted = check_stages(edit).map_err(AppError::Invalid)?;
    let (mut tx, next) = claim(&backend.db, caller, job_id, version).await?;
    let now = stages(&mut *tx, job_id).await?;
    let mut errors = Vec::new();
    for (i, s) in wanted.iter().enumerate() {
        match (s.id, now.iter().find(|n| n.id.is_some() && n.id == s.id)) {
            (Some(_), None) => errors.push(FieldError::new(&StageEdit::name_at(i), Msg::ErrBadReference)),
            (Some(_), Some(n)) if n.kind != s.kind && n.candidates > 0 => {
                errors.push(FieldError::new(&StageEdit::name_at(i), Msg::ErrStageKindInUse))
            }
            _ => {}
        }
    }
    let removed: Vec<&StageEdit> = now.iter().filter(|n| !wanted.iter().any(|w| w.id == n.id)).collect();
    if removed.iter().any(|r| r.candidates > 0) {
        errors.push(FieldError::new("stages", Msg::ErrStageNotEmpty));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors).into());
    }
    for r in removed {
        sqlx::query("UPDATE job_stages SET removed = 1 WHERE id = $1").bind(r.id).execute(&mut *tx).await?;
    }
    for (i, s) in wanted.iter().enumerate() {
        let (position, name, kind) = (i as i64, Json(&s.name), s.kind.as_str());
        match s.id {
            Some(id) => sqlx::query("UPDATE job_stages SET position = $1, name = $2, kind = $3 WHERE id = $4")
                .bind(position)
                .bind(name)
                .bind(kind)
                .bind(id),
            None => sqlx::query("INSERT INTO job_stages (position, name, kind, org_id, job_id) VALUES ($1, $2, $3, $4, $5)")
                .bind(position)
                .bind(name)
                .bind(kind)
                .bind(caller.org_id)
                .bind(job_id),
        }
        .execute(&mut *tx)
        .await?;
    }
    let saved = stages(&mut *tx, job_id).await?;
    tx.commit().await?;
    // Viewers of the board reload it.
    let event = BoardEvent { job_id, candidate_id: 0, kind: BoardChange::Stages, actor_id: caller.person_id };
    backend.live.publish(&backend.db, event).await;
    Ok((next, saved))
}

/// Sets the hiring team (the owner always stays on it). Only the company's own active staff can
/// be put on it; the change is audited (it decides who sees the job's candidates), and the new
/// members are told in the app.
pub async fn set_team(
    backend: &Backend,
    caller: &Caller,
    job_id: i64,
    version: i64,
    members: &[i64],
    client_addr: Option<&str>,
) -> Result<i64> {
    let db = &backend.db;
    let mut wanted: Vec<i64> = members.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    if wanted.len() > 50 {
        return Err(FieldError::new("members", Msg::ErrTooLong).into());
    }
    if !wanted.is_empty() {
        let list = wanted.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        let staff: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM people p WHERE p.org_id = $1 AND p.status = 'active' AND p.id IN ({list}) AND {STAFF}"
        ))
        .bind(caller.org_id)
        .fetch_one(&db.pool)
        .await?;
        if staff != wanted.len() as i64 {
            return Err(FieldError::new("members", Msg::ErrNotColleague).into());
        }
    }
    let (mut tx, next) = claim(db, caller, job_id, version).await?;
    let (owner_id, title): (i64, String) =
        sqlx::query_as("SELECT owner_id, title FROM jobs WHERE id = $1").bind(job_id).fetch_one(&mut *tx).await?;
    if !wanted.contains(&owner_id) {
        wanted.push(owner_id);
    }
    let now: Vec<i64> = sqlx::query_scalar("SELECT person_id FROM job_team WHERE job_id = $1").bind(job_id).fetch_all(&mut *tx).await?;
    let added: Vec<i64> = wanted.iter().copied().filter(|p| !now.contains(p)).collect();
    let removed: Vec<i64> = now.iter().copied().filter(|p| !wanted.contains(p)).collect();
    for p in &removed {
        sqlx::query("DELETE FROM job_team WHERE job_id = $1 AND person_id = $2").bind(job_id).bind(p).execute(&mut *tx).await?;
    }
    for p in &added {
        sqlx::query("INSERT INTO job_team (job_id, person_id) VALUES ($1, $2)").bind(job_id).bind(p).execute(&mut *tx).await?;
    }
    let mut told = Told::new(backend);
    if !added.is_empty() || !removed.is_empty() {
        let detail = serde_json::json!({ "added": added, "removed": removed });
        audited(&mut tx, caller, job_id, audit::Event::JobTeamChanged, detail, client_addr).await?;
        let what = shared::notifications::Told::TeamAdded {
            by: shared::notifications::Name::new(&caller.family_name, &caller.given_name),
            job: title,
        };
        for p in added.iter().filter(|p| **p != caller.person_id) {
            told.notify(&mut tx, caller.org_id, *p, &what, &format!("/recruiting/{job_id}")).await?;
        }
    }
    tx.commit().await?;
    told.publish(backend).await;
    Ok(next)
}

/// The company's own active staff matching `query` by name or email, for the team picker.
pub async fn colleagues(db: &Db, caller: &Caller, query: &str) -> Result<Vec<TeamMember>> {
    policy::recruit(caller)?;
    Ok(sqlx::query_as(&format!(
        "SELECT p.id, p.family_name, p.given_name, p.email FROM people p WHERE p.org_id = $1 AND p.status = 'active' \
         AND p.search_text LIKE $2 ESCAPE '\\' AND {STAFF} ORDER BY p.family_name, p.given_name, p.id LIMIT 20"
    ))
    .bind(caller.org_id)
    .bind(like_contains(&search_query("query", query)?))
    .fetch_all(&db.pool)
    .await?)
}

/// Sets a job's own candidate fields. Values of a removed field stay stored but are no longer
/// shown or checked; keys stay when labels change, so stored values follow their field.
pub async fn set_fields(db: &Db, caller: &Caller, job_id: i64, version: i64, fields: &[CustomField]) -> Result<i64> {
    let clean = check_fields(fields)?;
    let (mut tx, next) = claim(db, caller, job_id, version).await?;
    sqlx::query("UPDATE jobs SET custom_fields = $1 WHERE id = $2").bind(Json(&clean)).bind(job_id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(next)
}

/// Sets the job's team-chat webhook (empty: none, the organisation's applies). Audited: the
/// address receives the names of new candidates.
pub async fn set_webhook(
    backend: &Backend,
    caller: &Caller,
    job_id: i64,
    version: i64,
    url: &str,
    client_addr: Option<&str>,
) -> Result<i64> {
    let url = url.trim();
    let allowed = url.is_empty() || super::super::outbound::check_url(url, backend.config.allow_private_webhooks).is_ok();
    if !allowed || url.chars().count() > 500 {
        return Err(FieldError::new("webhook_url", Msg::ErrWebhookUrl).into());
    }
    let (mut tx, next) = claim(&backend.db, caller, job_id, version).await?;
    sqlx::query("UPDATE jobs SET webhook_url = $1 WHERE id = $2")
        .bind((!url.is_empty()).then_some(url))
        .bind(job_id)
        .execute(&mut *tx)
        .await?;
    audited(&mut tx, caller, job_id, audit::Event::JobWebhookChanged, serde_json::json!({ "set": !url.is_empty() }), client_addr).await?;
    tx.commit().await?;
    Ok(next)
}

/// Sets the language the job writes to its candidates in (None: the organisation's).
pub async fn set_language(
    db: &Db,
    caller: &Caller,
    job_id: i64,
    version: i64,
    language: Option<Locale>,
    client_addr: Option<&str>,
) -> Result<i64> {
    let (mut tx, next) = claim(db, caller, job_id, version).await?;
    let code = language.map(Locale::code);
    sqlx::query("UPDATE jobs SET language = $1 WHERE id = $2").bind(code).bind(job_id).execute(&mut *tx).await?;
    audited(&mut tx, caller, job_id, audit::Event::JobLanguageChanged, serde_json::json!({ "language": code }), client_addr).await?;
    tx.commit().await?;
    Ok(next)
}

/// An audit row about the job in the save's transaction.
pub(super) async fn audited(
    tx: &mut Tx,
    caller: &Caller,
    job_id: i64,
    action: audit::Event,
    detail: serde_json::Value,
    client_addr: Option<&str>,
) -> Result<()> {
    let entry = audit::Entry::by(caller, action, (audit::Subject::Job, job_id), detail, client_addr);
    audit::record(&mut **tx, entry).await
}
