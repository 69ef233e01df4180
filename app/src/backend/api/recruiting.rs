//! Jobs and candidates through the API, for job boards and career sites: list the jobs (with
//! their stages), add candidates, move them along. Contacts stay masked, as on the board.
use super::cursor::rfc3339;
use super::ApiCaller;
use crate::backend::recruiting::{board, candidates, jobs};
use crate::backend::{Backend, Result};
use crate::AppError;
use serde::{Deserialize, Serialize};
use shared::api::{Access, Resource, Scope};
use shared::i18n::Labels;
use shared::recruiting::{CandidateEdit, CandidateFacts, CandidateInput, JobStatus, MoveInput, StageKind};
use shared::stored::Json;
use std::collections::BTreeMap;

const JOBS: Scope = Scope::new(Resource::Jobs, Access::Read);
const CANDIDATES_READ: Scope = Scope::new(Resource::Candidates, Access::Read);
const CANDIDATES_WRITE: Scope = Scope::new(Resource::Candidates, Access::Write);

/// A name as written in each language.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Names {
    pub en: String,
    pub ko: String,
    pub ru: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Stage {
    pub id: i64,
    pub name: Names,
    #[schema(schema_with = super::schema::stage_kind)]
    pub kind: StageKind,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Job {
    pub id: i64,
    pub title: String,
    #[schema(schema_with = super::schema::job_status)]
    pub status: JobStatus,
    /// Active candidates.
    pub candidates: i64,
    /// In board order.
    pub stages: Vec<Stage>,
}

/// The jobs the caller works on (all of them for recruiters), newest first.
pub async fn list_jobs(backend: &Backend, api: &ApiCaller) -> Result<Vec<Job>> {
    let caller = api.with(JOBS)?;
    let lines = jobs::list(&backend.db, caller).await?;
    let stages: Vec<(i64, i64, Json<Labels>, StageKind)> =
        sqlx::query_as("SELECT job_id, id, name, kind FROM job_stages WHERE org_id = $1 AND removed = 0 ORDER BY job_id, position, id")
            .bind(caller.org_id)
            .fetch_all(&backend.db.pool)
            .await?;
    Ok(lines
        .into_iter()
        .map(|j| Job {
            stages: stages
                .iter()
                .filter(|s| s.0 == j.id)
                .map(|s| Stage { id: s.1, name: Names { en: s.2 .0.en.clone(), ko: s.2 .0.ko.clone(), ru: s.2 .0.ru.clone() }, kind: s.3 })
                .collect(),
            id: j.id,
            title: j.title,
            status: j.status,
            candidates: j.candidates,
        })
        .collect())
}

/// A candidate as the board shows them: contacts masked.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Candidate {
    pub id: i64,
    pub job_id: i64,
    pub stage_id: i64,
    pub full_name: String,
    pub source: String,
    /// Comma-separated.
    pub tags: String,
    pub phone_masked: String,
    pub email_masked: String,
    pub created_at: String,
    pub updated_at: String,
    /// Send it back in `If-Match` to move the candidate.
    pub version: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    job_id: i64,
    stage_id: i64,
    full_name: String,
    source: String,
    tags: String,
    phone_masked: String,
    email_masked: String,
    created_at: i64,
    updated_at: i64,
    version: i64,
}

async fn one(backend: &Backend, org_id: i64, id: i64) -> Result<Candidate> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, job_id, stage_id, full_name, source, tags, phone_masked, email_masked, created_at, updated_at, version \
         FROM candidates WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id)
    .bind(id)
    .fetch_optional(&backend.db.pool)
    .await?;
    let r = row.ok_or(AppError::NotFound)?;
    Ok(Candidate {
        id: r.id,
        job_id: r.job_id,
        stage_id: r.stage_id,
        full_name: r.full_name,
        source: r.source,
        tags: r.tags,
        phone_masked: r.phone_masked,
        email_masked: r.email_masked,
        created_at: rfc3339(r.created_at),
        updated_at: rfc3339(r.updated_at),
        version: r.version,
    })
}

/// A candidate to add, as a career site or job board sends them.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCandidate {
    pub job_id: i64,
    pub full_name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// Where they came from (the board's name).
    #[serde(default)]
    pub source: String,
    /// Comma-separated.
    #[serde(default)]
    pub tags: String,
    /// Values of the job's own fields, by key.
    #[serde(default)]
    pub custom: BTreeMap<String, String>,
}

/// Adds a candidate to a job the caller works on (the job's first stage; automation runs).
pub async fn create(backend: &Backend, api: &ApiCaller, c: &NewCandidate) -> Result<Candidate> {
    let caller = api.with(CANDIDATES_WRITE)?;
    let input = CandidateInput {
        job_id: c.job_id,
        full_name: c.full_name.clone(),
        phone: c.phone.clone(),
        email: c.email.clone(),
        birth_date: String::new(),
        address: String::new(),
        source: c.source.clone(),
        tags: c.tags.clone(),
        custom: c.custom.clone(),
    };
    let id = candidates::create(backend, caller, &input).await?;
    one(backend, caller.org_id, id).await
}

/// One candidate, for whoever works on their job.
pub async fn get(backend: &Backend, api: &ApiCaller, id: i64) -> Result<Candidate> {
    let caller = api.with(CANDIDATES_READ)?;
    let candidate = one(backend, caller.org_id, id).await?;
    crate::backend::policy::work_on_job(caller, &crate::backend::recruiting::team(&backend.db, caller.org_id, candidate.job_id).await?)?;
    Ok(candidate)
}

/// The facts a change may carry; an absent one keeps its value. Contacts are replaced when
/// given (an empty one keeps what is there, as on the page), custom fields key by key.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CandidatePatch {
    pub full_name: Option<String>,
    pub source: Option<String>,
    /// Comma-separated; replaces the tags.
    pub tags: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    #[serde(default)]
    pub custom: BTreeMap<String, String>,
}

/// Changes a candidate read at `version` (412 through the API when someone saved since).
pub async fn update(backend: &Backend, api: &ApiCaller, id: i64, version: i64, patch: &CandidatePatch) -> Result<Candidate> {
    let caller = api.with(CANDIDATES_WRITE)?;
    type Now = (i64, i64, String, String, String, Json<BTreeMap<String, String>>);
    let found: Option<Now> =
        sqlx::query_as("SELECT job_id, version, full_name, source, tags, custom FROM candidates WHERE org_id = $1 AND id = $2")
            .bind(caller.org_id)
            .bind(id)
            .fetch_optional(&backend.db.pool)
            .await?;
    let (job_id, now_version, full_name, source, tags, Json(custom)) = found.ok_or(AppError::NotFound)?;
    crate::backend::policy::work_on_job(caller, &crate::backend::recruiting::team(&backend.db, caller.org_id, job_id).await?)?;
    if now_version != version {
        return Err(AppError::Conflict.into());
    }
    let base = CandidateFacts { full_name, source, tags, custom };
    let mut custom = base.custom.clone();
    custom.extend(patch.custom.clone());
    let edit = CandidateFacts {
        full_name: patch.full_name.clone().unwrap_or_else(|| base.full_name.clone()),
        source: patch.source.clone().unwrap_or_else(|| base.source.clone()),
        tags: patch.tags.clone().unwrap_or_else(|| base.tags.clone()),
        custom,
    };
    let e = CandidateEdit {
        id,
        base,
        edit,
        phone: patch.phone.clone().unwrap_or_default(),
        email: patch.email.clone().unwrap_or_default(),
        birth_date: String::new(),
        address: String::new(),
    };
    candidates::update(backend, caller, &e).await?;
    one(backend, caller.org_id, id).await
}

/// Where to move a candidate.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageMove {
    pub stage_id: i64,
}

/// Moves a candidate read at `version` to another stage of their job.
pub async fn move_to(backend: &Backend, api: &ApiCaller, id: i64, version: i64, to: &StageMove) -> Result<Candidate> {
    let caller = api.with(CANDIDATES_WRITE)?;
    let m = MoveInput { candidate_id: id, version, to_stage_id: to.stage_id, after_id: None, before_id: None };
    board::move_card(backend, caller, &m).await?;
    one(backend, caller.org_id, id).await
}
