//! The organisation's structure: legal entities and departments, client companies and sites.
use super::{audit, now, Caller, Db, Result};
use shared::model::{ClientCompany, ClientDepartment, Department, LegalEntity, OrgStructure, UnitInput, UnitKind};
use shared::validation::{optional_text, required_text, FieldError};
use shared::Msg;

pub async fn structure(db: &Db, org_id: i64) -> Result<OrgStructure> {
    Ok(OrgStructure {
        legal_entities: sqlx::query_as::<_, LegalEntity>(
            "SELECT id, name, country, registration_no FROM legal_entities WHERE org_id = $1 ORDER BY name",
        )
        .bind(org_id)
        .fetch_all(&db.pool)
        .await?,
        departments: sqlx::query_as::<_, Department>("SELECT id, legal_entity_id, name FROM departments WHERE org_id = $1 ORDER BY name")
            .bind(org_id)
            .fetch_all(&db.pool)
            .await?,
        client_companies: sqlx::query_as::<_, ClientCompany>(
            "SELECT id, name, country FROM client_companies WHERE org_id = $1 ORDER BY name",
        )
        .bind(org_id)
        .fetch_all(&db.pool)
        .await?,
        client_departments: sqlx::query_as::<_, ClientDepartment>(
            "SELECT id, client_company_id, name, site_address FROM client_departments WHERE org_id = $1 ORDER BY name",
        )
        .bind(org_id)
        .fetch_all(&db.pool)
        .await?,
    })
}

fn country(raw: &str) -> Result<String, FieldError> {
    let c = required_text("extra", raw, 100)?.to_ascii_uppercase();
    if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_alphabetic()) {
        Ok(c)
    } else {
        Err(FieldError::new("extra", Msg::ErrInvalidCountry))
    }
}

/// Creates a unit; the parent must belong to the caller's organisation.
pub async fn create_unit<'c>(tx: &mut sqlx::Transaction<'c, sqlx::Any>, org_id: i64, input: &UnitInput) -> Result<i64> {
    let name = required_text("name", &input.name, 200)?;
    let t = now();
    let parent = || input.parent_id.ok_or(FieldError::new("parent_id", Msg::ErrRequired));
    // Children are inserted with INSERT … SELECT from their parent scoped by org, so a parent
    // of another organisation simply yields no row.
    let query = match input.kind {
        UnitKind::LegalEntity => sqlx::query_scalar::<_, i64>(
            "INSERT INTO legal_entities (org_id, name, country, registration_no, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(org_id)
        .bind(&name)
        .bind(country(&input.extra)?)
        .bind(optional_text("code", &input.code, 50)?)
        .bind(t),
        UnitKind::ClientCompany => sqlx::query_scalar::<_, i64>(
            "INSERT INTO client_companies (org_id, name, country, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(org_id)
        .bind(&name)
        .bind(country(&input.extra)?)
        .bind(t),
        UnitKind::Department => sqlx::query_scalar::<_, i64>(
            "INSERT INTO departments (org_id, name, legal_entity_id, created_at) \
             SELECT $1, $2, id, $3 FROM legal_entities WHERE org_id = $1 AND id = $4 RETURNING id",
        )
        .bind(org_id)
        .bind(&name)
        .bind(t)
        .bind(parent()?),
        UnitKind::ClientDepartment => sqlx::query_scalar::<_, i64>(
            "INSERT INTO client_departments (org_id, name, client_company_id, site_address, created_at) \
             SELECT $1, $2, id, $3, $4 FROM client_companies WHERE org_id = $1 AND id = $5 RETURNING id",
        )
        .bind(org_id)
        .bind(&name)
        .bind(optional_text("extra", &input.extra, 300)?)
        .bind(t)
        .bind(parent()?),
    };
    match query.fetch_optional(&mut **tx).await.map_err(super::BackendError::from) {
        Ok(Some(id)) => Ok(id),
        Ok(None) => Err(FieldError::new("parent_id", Msg::ErrBadReference).into()),
        Err(e) if e.is_unique_violation() => Err(FieldError::new("name", Msg::ErrNameTaken).into()),
        Err(e) => Err(e),
    }
}

/// Creates a unit as `caller`, audited.
pub async fn create(db: &Db, caller: &Caller, input: &UnitInput, client_addr: Option<&str>) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let id = create_unit(&mut tx, caller.org_id, input).await?;
    audit::record(
        &mut *tx,
        audit::Entry {
            org_id: caller.org_id,
            actor_id: Some(caller.person_id),
            action: "org.unit_created",
            subject_type: "org_unit",
            subject_id: Some(id),
            detail: serde_json::json!({ "kind": input.kind, "name": input.name }),
            client_addr,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
