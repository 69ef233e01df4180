//! Leave balances (grants from the legal entity's policy plus the ledger) and the team calendar.
use super::super::{now, policy, zone, Backend, Caller, Db, Result};
use crate::AppError;
use shared::cabinet::{Absence, LeaveBalance, LeaveLine};
use shared::format::Date;
use shared::leave::{grants, leave_days, settle, AccrualPolicy, LeaveReason, Settled};
use sqlx::{Any, Transaction};

#[derive(sqlx::FromRow)]
struct Person {
    hire_date: Option<Date>,
    manager_id: Option<i64>,
    leave_policy: Option<AccrualPolicy>,
    country: Option<String>,
}

async fn person(db: &Db, org_id: i64, id: i64) -> Result<Person> {
    sqlx::query_as::<_, Person>(
        "SELECT p.hire_date, p.manager_id, le.leave_policy, le.country FROM people p LEFT JOIN legal_entities le ON le.id = p.legal_entity_id \
         WHERE p.org_id = $1 AND p.id = $2",
    )
    .bind(org_id)
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| AppError::NotFound.into())
}

fn accrual(p: &Person) -> AccrualPolicy {
    p.leave_policy.unwrap_or_else(|| AccrualPolicy::for_country(p.country.as_deref().unwrap_or("KR")))
}

/// Leave days (hundredths) that `from`–`to` costs this person under their policy.
pub async fn days_between(backend: &Backend, org_id: i64, person_id: i64, from: Date, to: Date) -> Result<i64> {
    let p = person(&backend.db, org_id, person_id).await?;
    let country = p.country.clone().unwrap_or_else(|| "KR".into());
    let holidays: Vec<Date> = super::super::holidays::in_range(&backend.db, org_id, from, to)
        .await?
        .into_iter()
        .filter(|h| h.country == country)
        .map(|h| h.day)
        .collect();
    Ok(leave_days(accrual(&p), from, to, &holidays))
}

/// Records leave taken (ledger) and the absence (calendar), in the approval's transaction.
#[allow(clippy::too_many_arguments)]
pub async fn take(
    tx: &mut Transaction<'_, Any>,
    org_id: i64,
    person_id: i64,
    request_id: i64,
    from: Date,
    to: Date,
    hundredths: i64,
    kind: LeaveReason,
) -> Result<()> {
    let t = now();
    // Leave outside the balance (unpaid, family events) only marks the calendar.
    if hundredths != 0 {
        sqlx::query(
            "INSERT INTO leave_ledger (org_id, person_id, on_date, hundredths, reason, request_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(org_id)
        .bind(person_id)
        .bind(from)
        .bind(-hundredths)
        .bind(kind)
        .bind(request_id)
        .bind(t)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO absences (org_id, person_id, kind, starts_on, ends_on, request_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(org_id)
    .bind(person_id)
    .bind(kind)
    .bind(from)
    .bind(to)
    .bind(request_id)
    .bind(t)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Makes a person's balance on `on` equal `target` (an opening balance from payroll): their
/// earlier opening line goes, and a new one adjusts what the policy and the ledger give. In
/// the caller's transaction: the person may have been created in it.
pub async fn set_opening(tx: &mut Transaction<'static, Any>, org_id: i64, person_id: i64, on: Date, target: i64) -> Result<()> {
    let p: Person = sqlx::query_as(
        "SELECT p.hire_date, p.manager_id, le.leave_policy, le.country FROM people p LEFT JOIN legal_entities le ON le.id = p.legal_entity_id \
         WHERE p.org_id = $1 AND p.id = $2",
    )
    .bind(org_id)
    .bind(person_id)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM leave_ledger WHERE org_id = $1 AND person_id = $2 AND reason = 'opening'")
        .bind(org_id)
        .bind(person_id)
        .execute(&mut **tx)
        .await?;
    let ledger: Vec<(Date, i64)> =
        sqlx::query_as("SELECT on_date, hundredths FROM leave_ledger WHERE org_id = $1 AND person_id = $2 ORDER BY on_date, id")
            .bind(org_id)
            .bind(person_id)
            .fetch_all(&mut **tx)
            .await?;
    let balance = match p.hire_date {
        Some(hired) => settle(accrual(&p), hired, &ledger, on).balance,
        None => ledger.iter().map(|l| l.1).sum(),
    };
    if target != balance {
        sqlx::query(
            "INSERT INTO leave_ledger (org_id, person_id, on_date, hundredths, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(org_id)
        .bind(person_id)
        .bind(on)
        .bind(target - balance)
        .bind(LeaveReason::Opening)
        .bind(now())
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO leave_openings (person_id, org_id, on_date, hundredths, updated_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (person_id) DO UPDATE SET on_date = excluded.on_date, hundredths = excluded.hundredths, updated_at = excluded.updated_at",
    )
    .bind(person_id)
    .bind(org_id)
    .bind(on)
    .bind(target)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The balance on `as_of`: grants by policy since the hire date, minus what the ledger took.
pub async fn balance(backend: &Backend, org_id: i64, person_id: i64, as_of: Date) -> Result<LeaveBalance> {
    let p = person(&backend.db, org_id, person_id).await?;
    let policy = accrual(&p);
    let mut history: Vec<LeaveLine> = match p.hire_date {
        Some(hired) => grants(policy, hired, as_of)
            .into_iter()
            .map(|g| LeaveLine { on: g.on, hundredths: g.hundredths, reason: LeaveReason::Accrual })
            .collect(),
        None => Vec::new(),
    };
    let granted: i64 = history.iter().map(|l| l.hundredths).sum();
    let ledger: Vec<(Date, i64, LeaveReason)> =
        sqlx::query_as("SELECT on_date, hundredths, reason FROM leave_ledger WHERE org_id = $1 AND person_id = $2 ORDER BY on_date, id")
            .bind(org_id)
            .bind(person_id)
            .fetch_all(&backend.db.pool)
            .await?;
    let taken: i64 = -ledger.iter().map(|l| l.1).sum::<i64>();
    let settled = match p.hire_date {
        Some(hired) => {
            let dated: Vec<(Date, i64)> = ledger.iter().map(|(on, h, _)| (*on, *h)).collect();
            settle(policy, hired, &dated, as_of)
        }
        None => Settled { balance: granted - taken, lapses: Vec::new() },
    };
    let expired: i64 = settled.lapses.iter().map(|l| l.hundredths).sum();
    history.extend(ledger.into_iter().map(|(on, hundredths, reason)| LeaveLine { on, hundredths, reason }));
    history.extend(settled.lapses.iter().map(|l| LeaveLine { on: l.on, hundredths: -l.hundredths, reason: LeaveReason::Expired }));
    history.sort_by_key(|a| a.on);
    Ok(LeaveBalance { person_id, policy: policy.as_str().into(), granted, taken, expired, balance: settled.balance, history })
}

/// A person's balance as the caller may see it (themselves, their manager, HR).
pub async fn balance_for(backend: &Backend, caller: &Caller, person_id: i64) -> Result<LeaveBalance> {
    let p = person(&backend.db, caller.org_id, person_id).await?;
    policy::view_request(caller, policy::Requester { id: person_id, manager_id: p.manager_id })?;
    balance(backend, caller.org_id, person_id, zone::today(caller.zone, backend.clock.now())).await
}

/// Who is away in `month`: the whole organisation for HR; otherwise the caller's team: their
/// department, their reports, and those who share their manager.
pub async fn calendar(db: &Db, caller: &Caller, month: Date) -> Result<Vec<Absence>> {
    let filter = policy::calendar_reach(caller)?.sql("p");
    Ok(sqlx::query_as::<_, Absence>(&format!(
        "SELECT a.person_id, p.family_name, p.given_name, a.kind, a.starts_on, a.ends_on FROM absences a JOIN people p ON p.id = a.person_id \
         WHERE a.org_id = $1 AND a.starts_on <= $2 AND a.ends_on >= $3{filter} ORDER BY a.starts_on, p.family_name LIMIT 5000"
    ))
    .bind(caller.org_id)
    .bind(month.last_of_month().iso())
    .bind(month.first_of_month().iso())
    .fetch_all(&db.pool)
    .await?)
}
