//! The legal entities, departments, client companies and sites a run creates, before its
//! people: in one transaction, each audited as the run's. Units another run or an
//! administrator created meanwhile are taken as they are.
use super::plan::{NewUnit, NewUnits};
use super::Starter;
use crate::backend::{audit, now, Backend, BackendError, Result};
use shared::audit::{Event, Subject};
use shared::model::UnitKind;
use sqlx::{Any, Transaction};

pub async fn create(backend: &Backend, who: &Starter<'_>, run_id: i64, units: &NewUnits) -> Result<()> {
    let mut tx = backend.db.begin_write().await?;
    let mut made = Made { tx: &mut tx, who, run_id };
    let legal_entities = made.top(UnitKind::LegalEntity, &units.legal_entities).await?;
    let client_companies = made.top(UnitKind::ClientCompany, &units.client_companies).await?;
    made.children(UnitKind::Department, &units.departments, &units.legal_entities, &legal_entities).await?;
    made.children(UnitKind::ClientDepartment, &units.sites, &units.client_companies, &client_companies).await?;
    tx.commit().await?;
    Ok(())
}

struct Made<'a, 't> {
    tx: &'a mut Transaction<'t, Any>,
    who: &'a Starter<'a>,
    run_id: i64,
}

impl Made<'_, '_> {
    /// Creates the used legal entities or client companies; returns the ids by provisional id.
    async fn top(&mut self, kind: UnitKind, list: &[NewUnit]) -> Result<Vec<(i64, i64)>> {
        let table = match kind {
            UnitKind::LegalEntity => "legal_entities",
            _ => "client_companies",
        };
        let mut ids = Vec::new();
        for (provisional, unit) in NewUnits::used(list) {
            let id: Option<i64> = sqlx::query_scalar(&format!(
                "INSERT INTO {table} (org_id, name, country, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (org_id, name) DO NOTHING RETURNING id"
            ))
            .bind(self.who.org_id)
            .bind(&unit.name)
            .bind(&unit.country)
            .bind(now())
            .fetch_optional(&mut **self.tx)
            .await?;
            let id = match id {
                Some(id) => {
                    self.audit(kind, id, &unit.name).await?;
                    id
                }
                None => {
                    sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE org_id = $1 AND name = $2"))
                        .bind(self.who.org_id)
                        .bind(&unit.name)
                        .fetch_one(&mut **self.tx)
                        .await?
                }
            };
            ids.push((provisional, id));
        }
        Ok(ids)
    }

    /// Creates the used departments or sites under their parents, existing or just made.
    async fn children(&mut self, kind: UnitKind, list: &[NewUnit], parents: &[NewUnit], made: &[(i64, i64)]) -> Result<()> {
        let (table, parent_column) = match kind {
            UnitKind::Department => ("departments", "legal_entity_id"),
            _ => ("client_departments", "client_company_id"),
        };
        for (_, unit) in NewUnits::used(list) {
            let parent = if unit.parent > 0 {
                unit.parent
            } else {
                made.iter().find(|(p, _)| *p == unit.parent).map(|(_, id)| *id).ok_or_else(|| {
                    let name = NewUnits::of(parents, unit.parent).map_or("?", |u| u.name.as_str());
                    BackendError::Internal(format!("the parent unit {name} of an imported unit was not created"))
                })?
            };
            let id: Option<i64> = sqlx::query_scalar(&format!(
                "INSERT INTO {table} (org_id, {parent_column}, name, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT ({parent_column}, name) DO NOTHING RETURNING id"
            ))
            .bind(self.who.org_id)
            .bind(parent)
            .bind(&unit.name)
            .bind(now())
            .fetch_optional(&mut **self.tx)
            .await?;
            if let Some(id) = id {
                self.audit(kind, id, &unit.name).await?;
            }
        }
        Ok(())
    }

    async fn audit(&mut self, kind: UnitKind, id: i64, name: &str) -> Result<()> {
        audit::record(
            &mut **self.tx,
            audit::Entry {
                org_id: self.who.org_id,
                actor_id: self.who.person_id,
                action: Event::OrgUnitCreated.into(),
                subject_type: Subject::OrgUnit,
                subject_id: Some(id),
                detail: serde_json::json!({ "kind": kind, "name": name, "import_run": self.run_id }),
                client_addr: self.who.client_addr,
            },
        )
        .await
    }
}
