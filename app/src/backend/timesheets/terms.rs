//! Client billing terms: timesheet period, submission deadline, rate multipliers, and who
//! approves each site. Edited by administrators, guarded by the company's version.
use super::super::{audit, policy, Caller, Db, Result};
use crate::AppError;
use shared::timesheets::model::{format_multiplier, parse_multiplier, ClientTerms, SiteTerms};
use shared::timesheets::PeriodKind;
use shared::validation::FieldError;
use shared::Msg;

#[derive(sqlx::FromRow)]
struct CompanyRow {
    id: i64,
    name: String,
    version: i64,
    period_kind: PeriodKind,
    submit_days: i64,
    overtime_pm: i64,
    night_pm: i64,
    holiday_pm: i64,
    downtime_pm: i64,
}

pub async fn list(db: &Db, caller: &Caller) -> Result<Vec<ClientTerms>> {
    policy::manage_org(caller)?;
    let org_id = caller.org_id;
    let companies: Vec<CompanyRow> = sqlx::query_as(
        "SELECT id, name, version, period_kind, submit_days, overtime_pm, night_pm, holiday_pm, downtime_pm \
         FROM client_companies WHERE org_id = $1 ORDER BY name",
    )
    .bind(org_id)
    .fetch_all(&db.pool)
    .await?;
    let sites: Vec<(i64, i64, String, Option<i64>)> =
        sqlx::query_as("SELECT id, client_company_id, name, manager_id FROM client_departments WHERE org_id = $1 ORDER BY name")
            .bind(org_id)
            .fetch_all(&db.pool)
            .await?;
    let managers: Vec<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT p.client_company_id, p.id, p.family_name, p.given_name FROM people p \
         JOIN person_roles r ON r.person_id = p.id AND r.role = 'client_manager' \
         WHERE p.org_id = $1 AND p.status <> 'deactivated' AND p.client_company_id IS NOT NULL ORDER BY p.family_name, p.given_name",
    )
    .bind(org_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(companies
        .into_iter()
        .map(|c| ClientTerms {
            client_company_id: c.id,
            name: c.name,
            version: c.version,
            period_kind: c.period_kind,
            submit_days: c.submit_days.to_string(),
            overtime: format_multiplier(c.overtime_pm),
            night: format_multiplier(c.night_pm),
            holiday: format_multiplier(c.holiday_pm),
            downtime: format_multiplier(c.downtime_pm),
            sites: sites.iter().filter(|s| s.1 == c.id).map(|s| SiteTerms { id: s.0, name: s.2.clone(), manager_id: s.3 }).collect(),
            managers: managers.iter().filter(|m| m.0 == c.id).map(|m| (m.1, m.2.clone(), m.3.clone())).collect(),
        })
        .collect())
}

/// Saves one company's terms; a stale version is refused with `Conflict`. Audited.
pub async fn save(db: &Db, caller: &Caller, t: &ClientTerms, client_addr: Option<&str>) -> Result<i64> {
    policy::manage_org(caller)?;
    let mut errors = Vec::new();
    let mut pm = |field: &str, raw: &str| match parse_multiplier(field, raw) {
        Ok(v) => v,
        Err(e) => {
            errors.push(e);
            0
        }
    };
    let (overtime, night, holiday, downtime) =
        (pm("overtime", &t.overtime), pm("night", &t.night), pm("holiday", &t.holiday), pm("downtime", &t.downtime));
    let submit_days = t.submit_days.trim().parse::<i64>().ok().filter(|d| (0..=60).contains(d));
    if submit_days.is_none() {
        errors.push(FieldError::new("submit_days", Msg::ErrSubmitDays));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors).into());
    }
    let org = caller.org_id;
    let managers: Vec<i64> = list(db, caller)
        .await?
        .into_iter()
        .filter(|c| c.client_company_id == t.client_company_id)
        .flat_map(|c| c.managers)
        .map(|m| m.0)
        .collect();
    if t.sites.iter().any(|s| s.manager_id.is_some_and(|m| !managers.contains(&m))) {
        return Err(FieldError::new("sites", Msg::ErrBadReference).into());
    }
    let mut tx = db.begin_write().await?;
    let version: Option<i64> = sqlx::query_scalar(
        "UPDATE client_companies SET period_kind = $1, submit_days = $2, overtime_pm = $3, night_pm = $4, holiday_pm = $5, downtime_pm = $6, \
         version = version + 1 WHERE org_id = $7 AND id = $8 AND version = $9 RETURNING version",
    )
    .bind(t.period_kind.as_str())
    .bind(submit_days.unwrap_or(3))
    .bind(overtime)
    .bind(night)
    .bind(holiday)
    .bind(downtime)
    .bind(org)
    .bind(t.client_company_id)
    .bind(t.version)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(version) = version else {
        return Err(AppError::Conflict.into());
    };
    for site in &t.sites {
        sqlx::query("UPDATE client_departments SET manager_id = $1 WHERE org_id = $2 AND client_company_id = $3 AND id = $4")
            .bind(site.manager_id)
            .bind(org)
            .bind(t.client_company_id)
            .bind(site.id)
            .execute(&mut *tx)
            .await?;
    }
    let detail = serde_json::json!({
        "period_kind": t.period_kind.as_str(), "submit_days": submit_days, "overtime_pm": overtime, "night_pm": night,
        "holiday_pm": holiday, "downtime_pm": downtime,
        "site_managers": t.sites.iter().map(|s| (s.id, s.manager_id)).collect::<Vec<_>>(),
    });
    let entry = audit::Entry::by(
        caller,
        audit::Event::ClientTermsChanged,
        (audit::Subject::ClientCompany, t.client_company_id),
        detail,
        client_addr,
    );
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(version)
}
