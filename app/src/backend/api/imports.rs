//! Import runs through the API: a payroll system that drops its export in a watched folder can
//! see how each run went (what was created, changed, deactivated, refused).
use super::cursor::rfc3339;
use super::ApiCaller;
use crate::backend::{import, Backend, Result};
use serde::Serialize;
use shared::api::{Access, Resource, Scope};
use shared::import::RunStatus;

const READ: Scope = Scope::new(Resource::Imports, Access::Read);

#[derive(Serialize, utoipa::ToSchema)]
pub struct ImportCounts {
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub deactivated: u32,
    pub errors: u32,
    pub departments_created: u32,
    pub units_created: u32,
    pub placements_created: u32,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ImportRun {
    pub id: i64,
    pub file_name: String,
    /// The source's layout (`staffport`, `1c_zup`, `douzone`…).
    pub preset: String,
    #[schema(schema_with = super::schema::run_status)]
    pub status: RunStatus,
    pub counts: ImportCounts,
    pub rows_total: i64,
    pub created_at: String,
    pub finished_at: Option<String>,
}

/// The organisation's latest 50 runs, newest first, for those who run imports.
pub async fn runs(backend: &Backend, api: &ApiCaller) -> Result<Vec<ImportRun>> {
    let caller = api.with(READ)?;
    Ok(import::history(backend, caller)
        .await?
        .into_iter()
        .map(|r| ImportRun {
            id: r.id,
            file_name: r.file_name,
            preset: r.preset.as_str().to_string(),
            status: r.status,
            counts: ImportCounts {
                created: r.counts.created,
                updated: r.counts.updated,
                unchanged: r.counts.unchanged,
                deactivated: r.counts.deactivated,
                errors: r.counts.errors,
                departments_created: r.counts.departments_created,
                units_created: r.counts.units_created,
                placements_created: r.counts.placements_created,
            },
            rows_total: r.rows_total,
            created_at: rfc3339(r.created_at),
            finished_at: r.finished_at.map(rfc3339),
        })
        .collect())
}
