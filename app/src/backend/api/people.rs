//! People through the API: the same services and checks as the people pages, answered in the
//! API's own stable shape (ids, stored names, RFC 3339 times).
use super::cursor::{rfc3339, ListQuery, Page};
use super::ApiCaller;
use crate::backend::{cabinet::secrets, people, policy, Backend, Result};
use crate::AppError;
use serde::{Deserialize, Serialize};
use shared::api::{Access, Resource, Scope};
use shared::format::Date;
use shared::model::{InviteInput, PersonEdit, PersonStatus, Roles};
use shared::Role;

const READ: Scope = Scope::new(Resource::People, Access::Read);
const WRITE: Scope = Scope::new(Resource::People, Access::Write);
const REVEAL: Scope = Scope::new(Resource::People, Access::Reveal);

/// A person as the API shows them. Protected values (resident, passport, tax numbers, bank
/// details) are never here: `GET /people/{id}/protected` masks them, revealing is its own call.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Person {
    pub id: i64,
    pub family_name: String,
    pub given_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub position: Option<String>,
    #[schema(schema_with = super::schema::person_status)]
    pub status: PersonStatus,
    #[schema(schema_with = super::schema::roles)]
    pub roles: Vec<Role>,
    pub legal_entity_id: Option<i64>,
    pub department_id: Option<i64>,
    pub client_company_id: Option<i64>,
    pub manager_id: Option<i64>,
    /// `YYYY-MM-DD`.
    pub hire_date: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// Send it back in `If-Match` to change the person.
    pub version: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    family_name: String,
    given_name: String,
    email: Option<String>,
    phone: Option<String>,
    position: Option<String>,
    status: PersonStatus,
    roles: Roles,
    legal_entity_id: Option<i64>,
    department_id: Option<i64>,
    client_company_id: Option<i64>,
    manager_id: Option<i64>,
    hire_date: Option<Date>,
    created_at: i64,
    updated_at: i64,
    version: i64,
}

impl From<Row> for Person {
    fn from(r: Row) -> Person {
        Person {
            id: r.id,
            family_name: r.family_name,
            given_name: r.given_name,
            email: r.email,
            phone: r.phone,
            position: r.position,
            status: r.status,
            roles: r.roles.into_vec(),
            legal_entity_id: r.legal_entity_id,
            department_id: r.department_id,
            client_company_id: r.client_company_id,
            manager_id: r.manager_id,
            hire_date: r.hire_date.map(Date::iso),
            created_at: rfc3339(r.created_at),
            updated_at: rfc3339(r.updated_at),
            version: r.version,
        }
    }
}

fn select(backend: &Backend) -> String {
    format!(
        "SELECT p.id, p.family_name, p.given_name, p.email, p.phone, p.position, p.status, {} AS roles, p.legal_entity_id, \
         p.department_id, p.client_company_id, p.manager_id, p.hire_date, p.created_at, p.updated_at, p.version FROM people p",
        backend.db.roles_of_p()
    )
}

/// The organisation's people in id order, a page after the cursor.
pub async fn list(backend: &Backend, api: &ApiCaller, q: &ListQuery) -> Result<Page<Person>> {
    let caller = api.with(READ)?;
    policy::manage_people(caller)?;
    let w = q.window()?;
    let rows: Vec<Row> =
        sqlx::query_as(&format!("{} WHERE p.org_id = $1 AND p.id > $2 AND p.updated_at >= $3 ORDER BY p.id LIMIT $4", select(backend)))
            .bind(caller.org_id)
            .bind(w.after)
            .bind(w.since)
            .bind(w.limit + 1)
            .fetch_all(&backend.db.pool)
            .await?;
    Ok(Page::of(rows.into_iter().map(Person::from).collect(), w.limit, |p| p.id))
}

/// One person, for whoever may see them (as on their profile page).
pub async fn get(backend: &Backend, api: &ApiCaller, id: i64) -> Result<Person> {
    let caller = api.with(READ)?;
    policy::view_person(caller, &people::scope(&backend.db, caller.org_id, id).await?)?;
    one(backend, caller.org_id, id).await
}

async fn one(backend: &Backend, org_id: i64, id: i64) -> Result<Person> {
    let row: Option<Row> = sqlx::query_as(&format!("{} WHERE p.org_id = $1 AND p.id = $2", select(backend)))
        .bind(org_id)
        .bind(id)
        .fetch_optional(&backend.db.pool)
        .await?;
    row.map(Person::from).ok_or(AppError::NotFound.into())
}

/// A person to invite.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPerson {
    pub email: String,
    pub family_name: String,
    pub given_name: String,
    #[schema(schema_with = super::schema::roles)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub legal_entity_id: Option<i64>,
    #[serde(default)]
    pub department_id: Option<i64>,
    #[serde(default)]
    pub client_company_id: Option<i64>,
}

/// Invites a person (they get the invitation message, as from the people page).
pub async fn create(backend: &Backend, api: &ApiCaller, p: &NewPerson, client_addr: Option<&str>) -> Result<Person> {
    let caller = api.with(WRITE)?;
    let input = InviteInput {
        email: p.email.clone(),
        family_name: p.family_name.clone(),
        given_name: p.given_name.clone(),
        roles: p.roles.clone(),
        legal_entity_id: p.legal_entity_id,
        department_id: p.department_id,
        client_company_id: p.client_company_id,
    };
    let id = people::invite(backend, caller, &input, client_addr).await?;
    one(backend, caller.org_id, id).await
}

/// The fields a change may carry; an absent field keeps its value.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonPatch {
    pub family_name: Option<String>,
    pub given_name: Option<String>,
    pub phone: Option<String>,
    pub position: Option<String>,
    pub legal_entity_id: Option<Option<i64>>,
    pub department_id: Option<Option<i64>>,
    pub client_company_id: Option<Option<i64>>,
    /// `YYYY-MM-DD`, or empty to clear.
    pub hire_date: Option<String>,
    #[schema(schema_with = super::schema::roles)]
    pub roles: Option<Vec<Role>>,
}

/// Changes a person last read at `version` (412 through the API when someone saved since).
pub async fn update(
    backend: &Backend,
    api: &ApiCaller,
    id: i64,
    version: i64,
    patch: &PersonPatch,
    client_addr: Option<&str>,
) -> Result<Person> {
    let caller = api.with(WRITE)?;
    policy::manage_people(caller)?;
    let now = one(backend, caller.org_id, id).await?;
    let keep = |new: &Option<String>, old: &Option<String>| new.clone().unwrap_or_else(|| old.clone().unwrap_or_default());
    let edit = PersonEdit {
        id,
        version,
        family_name: patch.family_name.clone().unwrap_or(now.family_name),
        given_name: patch.given_name.clone().unwrap_or(now.given_name),
        phone: keep(&patch.phone, &now.phone),
        position: keep(&patch.position, &now.position),
        legal_entity_id: patch.legal_entity_id.unwrap_or(now.legal_entity_id),
        department_id: patch.department_id.unwrap_or(now.department_id),
        client_company_id: patch.client_company_id.unwrap_or(now.client_company_id),
        hire_date: keep(&patch.hire_date, &now.hire_date),
        roles: patch.roles.clone().unwrap_or(now.roles),
    };
    people::update(backend, caller, &edit, client_addr).await?;
    one(backend, caller.org_id, id).await
}

/// Deactivates a person, ending their sessions (and stopping their API tokens).
pub async fn deactivate(backend: &Backend, api: &ApiCaller, id: i64, client_addr: Option<&str>) -> Result<Person> {
    let caller = api.with(WRITE)?;
    people::set_active(backend, caller, id, false, client_addr).await?;
    one(backend, caller.org_id, id).await
}

/// A protected value as lists show it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Protected {
    #[schema(schema_with = super::schema::protected_field)]
    pub field: shared::cabinet::ProtectedField,
    /// Masked (`••••1234`); empty when not set.
    pub masked: String,
    pub set: bool,
}

/// A person's protected values, masked, for whoever may see the person.
pub async fn protected(backend: &Backend, api: &ApiCaller, id: i64) -> Result<Vec<Protected>> {
    let caller = api.with(READ)?;
    let values = secrets::masked(backend, caller, id).await?;
    Ok(values.into_iter().map(|v| Protected { field: v.key, masked: v.masked, set: v.set }).collect())
}

/// One protected value in plain text: its own scope, and audited before it is read.
pub async fn reveal(backend: &Backend, api: &ApiCaller, id: i64, field: &str, client_addr: Option<&str>) -> Result<String> {
    let caller = api.with(REVEAL)?;
    secrets::reveal(backend, caller, id, field, client_addr).await
}
