//! Placements: a contractor working at a client department, under a foreman, for a period and rate.
use super::policy::{self, PlacementScope};
use super::{audit, now, Caller, Db, Result};
use crate::AppError;
use shared::format::Date;
use shared::model::{PlacementEdit, PlacementInput, PlacementRow};
use shared::validation::{amount_to_minor, currency, optional_text, FieldError};
use shared::{Msg, Role};

const SELECT: &str = "SELECT pl.id, pl.contractor_id, c.family_name AS contractor_family, c.given_name AS contractor_given, \
     cc.name AS client_company, pl.client_department_id, cd.name AS client_department, pl.foreman_id, \
     f.family_name AS foreman_family, f.given_name AS foreman_given, \
     pl.starts_on, pl.ends_on, pl.rate_minor, pl.currency, pl.version \
     FROM placements pl JOIN people c ON c.id = pl.contractor_id \
     JOIN client_companies cc ON cc.id = pl.client_company_id \
     JOIN client_departments cd ON cd.id = pl.client_department_id \
     LEFT JOIN people f ON f.id = pl.foreman_id";

pub const LIMIT: i64 = 200;

pub async fn list(db: &Db, caller: &Caller) -> Result<Vec<PlacementRow>> {
    let scope = policy::placement_scope(caller)?;
    let org_id = caller.org_id;
    let (filter, value) = match scope {
        PlacementScope::All => ("", None),
        PlacementScope::ClientCompany(id) => (" AND pl.client_company_id = $2", Some(id)),
        PlacementScope::Foreman(id) => (" AND pl.foreman_id = $2", Some(id)),
        PlacementScope::Contractor(id) => (" AND pl.contractor_id = $2", Some(id)),
    };
    let sql = format!("{SELECT} WHERE pl.org_id = $1{filter} ORDER BY cc.name, cd.name, c.family_name, pl.id LIMIT {LIMIT}");
    let mut query = sqlx::query_as::<_, PlacementRow>(&sql).bind(org_id);
    if let Some(v) = value {
        query = query.bind(v);
    }
    Ok(query.fetch_all(&db.pool).await?)
}

/// A placement's reference to check: in the caller's organisation, people with the right role.
enum Ref {
    Contractor(i64),
    Foreman(i64),
    Site(i64),
    LegalEntity(i64),
}

async fn check_refs(db: &Db, org: i64, refs: &[Ref]) -> Result<()> {
    const PERSON: &str =
        "SELECT p.id FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role = $3 WHERE p.org_id = $1 AND p.id = $2";
    for r in refs {
        let (field, sql, id, role) = match r {
            Ref::Contractor(id) => ("contractor_id", PERSON, *id, Some(Role::Contractor)),
            Ref::Foreman(id) => ("foreman_id", PERSON, *id, Some(Role::Foreman)),
            Ref::Site(id) => ("client_department_id", "SELECT id FROM client_departments WHERE org_id = $1 AND id = $2", *id, None),
            Ref::LegalEntity(id) => ("legal_entity_id", "SELECT id FROM legal_entities WHERE org_id = $1 AND id = $2", *id, None),
        };
        let mut query = sqlx::query_scalar::<_, i64>(sql).bind(org).bind(id);
        if let Some(role) = role {
            query = query.bind(role.as_str());
        }
        if query.fetch_optional(&db.pool).await?.is_none() {
            return Err(FieldError::new(field, Msg::ErrBadReference).into());
        }
    }
    Ok(())
}

fn date(field: &str, raw: &str) -> Result<Option<String>, FieldError> {
    optional_text(field, raw, 10)?
        .map(|d| Date::parse_iso(&d).map(Date::iso).ok_or(FieldError::new(field, Msg::ErrInvalidDate)))
        .transpose()
}

pub async fn create(db: &Db, caller: &Caller, input: &PlacementInput, client_addr: Option<&str>) -> Result<i64> {
    policy::manage_placements(caller)?;
    let starts_on = date("starts_on", &input.starts_on)?.ok_or(FieldError::new("starts_on", Msg::ErrRequired))?;
    let ends_on = date("ends_on", &input.ends_on)?;
    if ends_on.as_ref().is_some_and(|e| *e < starts_on) {
        return Err(FieldError::new("ends_on", Msg::ErrDateOrder).into());
    }
    let rate_minor = amount_to_minor("rate", &input.rate)?;
    let currency = currency("currency", &input.currency)?;
    let org = caller.org_id;
    let mut refs =
        vec![Ref::Contractor(input.contractor_id), Ref::Site(input.client_department_id), Ref::LegalEntity(input.legal_entity_id)];
    refs.extend(input.foreman_id.map(Ref::Foreman));
    check_refs(db, org, &refs).await?;
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO placements (org_id, contractor_id, legal_entity_id, client_company_id, client_department_id, foreman_id, \
         starts_on, ends_on, rate_minor, currency, created_at, updated_at) \
         SELECT $1, $2, $3, cd.client_company_id, cd.id, $4, $5, $6, $7, $8, $9, $9 FROM client_departments cd WHERE cd.org_id = $1 AND cd.id = $10 \
         RETURNING id",
    )
    .bind(org)
    .bind(input.contractor_id)
    .bind(input.legal_entity_id)
    .bind(input.foreman_id)
    .bind(&starts_on)
    .bind(&ends_on)
    .bind(rate_minor)
    .bind(&currency)
    .bind(now())
    .bind(input.client_department_id)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        audit::Entry::by(
            caller,
            audit::Event::PlacementCreated,
            (audit::Subject::Placement, id),
            serde_json::json!({ "contractor_id": input.contractor_id, "client_department_id": input.client_department_id }),
            client_addr,
        ),
    )
    .await?;
    let data = serde_json::json!({ "id": id, "contractor_id": input.contractor_id, "client_department_id": input.client_department_id,
        "starts_on": input.starts_on.trim() });
    super::webhooks::emit(&mut tx, caller.org_id, shared::webhooks::EventType::PlacementStarted, data).await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves an edit made on a form loaded at `edit.version`: the placement's end (never before a
/// day whose hours were submitted: an ended placement keeps its timesheets), its rate, its
/// foreman (timesheets already made keep theirs), and its site while it has no timesheets.
pub async fn update(db: &Db, caller: &Caller, edit: &PlacementEdit, client_addr: Option<&str>) -> Result<i64> {
    policy::manage_placements(caller)?;
    let ends_on = date("ends_on", &edit.ends_on)?;
    let rate_minor = amount_to_minor("rate", &edit.rate)?;
    let currency = currency("currency", &edit.currency)?;
    let found: Option<(Date, Option<Date>, i64, i64)> = sqlx::query_as(
        "SELECT pl.starts_on, (SELECT MAX(e.day) FROM timesheet_entries e JOIN timesheets t ON t.id = e.timesheet_id \
         WHERE t.placement_id = pl.id AND t.status <> 'draft'), pl.client_department_id, \
         (SELECT COUNT(*) FROM timesheets t WHERE t.placement_id = pl.id) FROM placements pl WHERE pl.org_id = $1 AND pl.id = $2",
    )
    .bind(caller.org_id)
    .bind(edit.id)
    .fetch_optional(&db.pool)
    .await?;
    let (starts_on, last_day, site, timesheets) = found.ok_or(AppError::NotFound)?;
    let mut refs = vec![Ref::Site(edit.client_department_id)];
    refs.extend(edit.foreman_id.map(Ref::Foreman));
    check_refs(db, caller.org_id, &refs).await?;
    if edit.client_department_id != site && timesheets > 0 {
        return Err(FieldError::new("client_department_id", Msg::ErrPlacementHasTimesheets).into());
    }
    if let Some(end) = &ends_on {
        if *end < starts_on.iso() {
            return Err(FieldError::new("ends_on", Msg::ErrDateOrder).into());
        }
        if last_day.is_some_and(|d| d.iso() > *end) {
            return Err(FieldError::new("ends_on", Msg::ErrPlacementHasLaterHours).into());
        }
    }
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE placements SET ends_on = $1, rate_minor = $2, currency = $3, foreman_id = $4, client_department_id = $5, \
         client_company_id = (SELECT client_company_id FROM client_departments WHERE id = $5), version = version + 1, updated_at = $9 \
         WHERE org_id = $6 AND id = $7 AND version = $8",
    )
    .bind(&ends_on)
    .bind(rate_minor)
    .bind(&currency)
    .bind(edit.foreman_id)
    .bind(edit.client_department_id)
    .bind(caller.org_id)
    .bind(edit.id)
    .bind(edit.version)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::Conflict.into());
    }
    audit::record(
        &mut *tx,
        audit::Entry::by(
            caller,
            audit::Event::PlacementChanged,
            (audit::Subject::Placement, edit.id),
            serde_json::json!({
                "ends_on": ends_on, "rate_minor": rate_minor, "currency": currency,
                "foreman_id": edit.foreman_id, "client_department_id": edit.client_department_id,
            }),
            client_addr,
        ),
    )
    .await?;
    if let Some(end) = &ends_on {
        let data = serde_json::json!({ "id": edit.id, "ends_on": end });
        super::webhooks::emit(&mut tx, caller.org_id, shared::webhooks::EventType::PlacementEnded, data).await?;
    }
    tx.commit().await?;
    Ok(edit.version + 1)
}

/// Ends a person's placements on `day` (those starting later end on their first day): a
/// deactivated person keeps their timesheets up to then.
pub async fn end_all(tx: &mut sqlx::Transaction<'static, sqlx::Any>, org_id: i64, person_id: i64, day: Date) -> Result<()> {
    let ended: Vec<(i64, Date)> = sqlx::query_as(
        "UPDATE placements SET ends_on = CASE WHEN starts_on > $1 THEN starts_on ELSE $1 END, version = version + 1, updated_at = $4 \
         WHERE org_id = $2 AND contractor_id = $3 AND (ends_on IS NULL OR ends_on > $1) RETURNING id, ends_on",
    )
    .bind(day)
    .bind(org_id)
    .bind(person_id)
    .bind(now())
    .fetch_all(&mut **tx)
    .await?;
    let data = ended.into_iter().map(|(id, end)| serde_json::json!({ "id": id, "ends_on": end.iso() })).collect();
    super::webhooks::emit::emit_many(tx, org_id, shared::webhooks::EventType::PlacementEnded, data).await?;
    Ok(())
}
