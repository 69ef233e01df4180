//! The organisation's structure and the placements through the API: what a payroll or
//! accounting system needs to map people and hours onto its own records.
use super::cursor::{rfc3339, ListQuery, Page};
use super::ApiCaller;
use crate::backend::policy::{self, PlacementScope};
use crate::backend::{org, Backend, Result};
use serde::Serialize;
use shared::api::{Access, Resource, Scope};
use shared::format::Date;

const STRUCTURE: Scope = Scope::new(Resource::Structure, Access::Read);
const PLACEMENTS: Scope = Scope::new(Resource::Placements, Access::Read);

#[derive(Serialize, utoipa::ToSchema)]
pub struct LegalEntity {
    pub id: i64,
    pub name: String,
    /// ISO 3166 alpha-2.
    pub country: String,
    pub registration_no: Option<String>,
    pub archived: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Department {
    pub id: i64,
    pub legal_entity_id: i64,
    pub name: String,
    pub archived: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ClientCompany {
    pub id: i64,
    pub name: String,
    pub country: String,
    pub archived: bool,
}

/// A client's site (a department of the client company), where contractors are placed.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Site {
    pub id: i64,
    pub client_company_id: i64,
    pub name: String,
    pub address: Option<String>,
    pub archived: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Structure {
    pub legal_entities: Vec<LegalEntity>,
    pub departments: Vec<Department>,
    pub client_companies: Vec<ClientCompany>,
    pub sites: Vec<Site>,
}

/// The whole structure, for those who see it on the structure page.
pub async fn structure(backend: &Backend, api: &ApiCaller) -> Result<Structure> {
    let caller = api.with(STRUCTURE)?;
    let s = org::structure(&backend.db, caller).await?;
    Ok(Structure {
        legal_entities: s
            .legal_entities
            .into_iter()
            .map(|e| LegalEntity {
                id: e.id,
                name: e.name,
                country: e.country,
                registration_no: e.registration_no,
                archived: e.archived_at.is_some(),
            })
            .collect(),
        departments: s
            .departments
            .into_iter()
            .map(|d| Department { id: d.id, legal_entity_id: d.legal_entity_id, name: d.name, archived: d.archived_at.is_some() })
            .collect(),
        client_companies: s
            .client_companies
            .into_iter()
            .map(|c| ClientCompany { id: c.id, name: c.name, country: c.country, archived: c.archived_at.is_some() })
            .collect(),
        sites: s
            .client_departments
            .into_iter()
            .map(|d| Site {
                id: d.id,
                client_company_id: d.client_company_id,
                name: d.name,
                address: d.site_address,
                archived: d.archived_at.is_some(),
            })
            .collect(),
    })
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Placement {
    pub id: i64,
    pub contractor_id: i64,
    pub legal_entity_id: i64,
    pub client_company_id: i64,
    pub site_id: i64,
    pub foreman_id: Option<i64>,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    pub ends_on: Option<String>,
    /// The hourly rate in minor units of `currency`.
    pub rate_minor: i64,
    pub currency: String,
    pub updated_at: String,
    pub version: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    contractor_id: i64,
    legal_entity_id: i64,
    client_company_id: i64,
    client_department_id: i64,
    foreman_id: Option<i64>,
    starts_on: Date,
    ends_on: Option<Date>,
    rate_minor: i64,
    currency: String,
    updated_at: i64,
    version: i64,
}

/// Placements the caller may see (as on the placements page), in id order.
pub async fn placements(backend: &Backend, api: &ApiCaller, q: &ListQuery) -> Result<Page<Placement>> {
    let caller = api.with(PLACEMENTS)?;
    let w = q.window()?;
    let (reach, who) = match policy::placement_scope(caller)? {
        PlacementScope::All => ("$5 = $5", 0),
        PlacementScope::ClientCompany(c) => ("client_company_id = $5", c),
        PlacementScope::Foreman(p) => ("foreman_id = $5", p),
        PlacementScope::Contractor(p) => ("contractor_id = $5", p),
    };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT id, contractor_id, legal_entity_id, client_company_id, client_department_id, foreman_id, starts_on, ends_on, \
         rate_minor, currency, updated_at, version FROM placements \
         WHERE org_id = $1 AND id > $2 AND updated_at >= $3 AND ({reach}) ORDER BY id LIMIT $4"
    ))
    .bind(caller.org_id)
    .bind(w.after)
    .bind(w.since)
    .bind(w.limit + 1)
    .bind(who)
    .fetch_all(&backend.db.pool)
    .await?;
    let items = rows
        .into_iter()
        .map(|r| Placement {
            id: r.id,
            contractor_id: r.contractor_id,
            legal_entity_id: r.legal_entity_id,
            client_company_id: r.client_company_id,
            site_id: r.client_department_id,
            foreman_id: r.foreman_id,
            starts_on: r.starts_on.iso(),
            ends_on: r.ends_on.map(Date::iso),
            rate_minor: r.rate_minor,
            currency: r.currency,
            updated_at: rfc3339(r.updated_at),
            version: r.version,
        })
        .collect();
    Ok(Page::of(items, w.limit, |p| p.id))
}
