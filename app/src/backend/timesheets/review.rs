//! Reviewing timesheets: one timesheet's page, the approver's queue, decisions (one or in bulk,
//! from an account or from an emailed link), and the mail that asks the client to approve.
use super::super::approvals::{self, links, Actor, Move, Via};
use super::super::notifications::Told;
use super::super::people::Addressee;
use super::super::{holidays, outbox, policy, zone, Backend, Caller, Db, Result};
use super::{facts, subject, total_columns, Facts};
use crate::AppError;
use shared::approvals::{Action, State, Status};
use shared::audit::Approvable;
use shared::format::{person_name, Date};
use shared::notifications::{Name, Told as What};
use shared::timesheets::model::{DayLine, Decision, QueueItem, TimesheetView};
use shared::timesheets::rules::warnings;
use shared::timesheets::{format_cell, format_hours, Code, Entry, Period};
use shared::{Locale, Msg};
use sqlx::{Any, Transaction};

#[derive(sqlx::FromRow)]
struct Header {
    id: i64,
    version: i64,
    status: Status,
    step: i64,
    contractor_family: String,
    contractor_given: String,
    client_company: String,
    client_department: String,
    legal_entity: String,
    period_start: Date,
    period_end: Date,
    country: String,
}

/// A timesheet with its days, totals and history; `actions` is left empty for the caller to fill.
pub async fn load(db: &Db, org_id: i64, id: i64) -> Result<TimesheetView> {
    let h: Header = sqlx::query_as(
        "SELECT t.id, t.version, t.status, t.step, c.family_name AS contractor_family, c.given_name AS contractor_given, \
         cc.name AS client_company, cd.name AS client_department, le.name AS legal_entity, t.period_start, t.period_end, cc.country \
         FROM timesheets t JOIN people c ON c.id = t.contractor_id JOIN client_companies cc ON cc.id = t.client_company_id \
         JOIN client_departments cd ON cd.id = t.client_department_id JOIN legal_entities le ON le.id = t.legal_entity_id \
         WHERE t.org_id = $1 AND t.id = $2",
    )
    .bind(org_id)
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let totals: Vec<i64> = {
        let row: (i64, i64, i64, i64, i64, i64, i64, i64) =
            sqlx::query_as(&format!("SELECT {} FROM timesheets t WHERE t.id = $1", total_columns("t", "")))
                .bind(id)
                .fetch_one(&db.pool)
                .await?;
        vec![row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7]
    };
    let entries: Vec<(Date, Code, i64, String)> =
        sqlx::query_as("SELECT day, code, minutes, note FROM timesheet_entries WHERE timesheet_id = $1 ORDER BY day")
            .bind(id)
            .fetch_all(&db.pool)
            .await?;
    let (start, end) = (h.period_start, h.period_end);
    let holidays: Vec<_> = holidays::in_range(db, org_id, start, end).await?.into_iter().filter(|x| x.country == h.country).collect();
    let holiday = |d: Date| holidays.iter().find(|x| x.day == d).map(|x| x.name.clone());
    let parsed: Vec<(Date, Entry, String)> =
        entries.into_iter().map(|(day, code, minutes, note)| (day, Entry { code, minutes: minutes.clamp(0, 1440) as u32 }, note)).collect();
    let flags = warnings(&parsed.iter().map(|(d, e, _)| (*d, *e)).collect::<Vec<_>>(), |d| d.is_weekend() || holiday(d).is_some());
    let days = Period { start, end }
        .days()
        .map(|d| {
            let entry = parsed.iter().find(|(day, ..)| *day == d);
            DayLine {
                day: d,
                text: entry.map(|(_, e, _)| format_cell(e)).unwrap_or_default(),
                note: entry.map(|(.., n)| n.clone()).unwrap_or_default(),
                day_off: d.is_weekend() || holiday(d).is_some(),
                holiday: holiday(d),
                warnings: flags.iter().filter(|(day, _)| *day == d).map(|(_, m)| *m).collect(),
            }
        })
        .collect();
    let history = approvals::history(&db.pool, Approvable::Timesheet, id).await?;
    Ok(TimesheetView {
        id: h.id,
        version: h.version,
        status: h.status,
        step: h.step.clamp(0, 255) as u8,
        contractor_family: h.contractor_family,
        contractor_given: h.contractor_given,
        client_company: h.client_company,
        client_department: h.client_department,
        legal_entity: h.legal_entity,
        period_start: h.period_start,
        period_end: h.period_end,
        days,
        totals,
        history,
        actions: Vec::new(),
        time_zone: zone::of_organisation(&db.pool, org_id).await?.name().to_string(),
    })
}

/// One timesheet as the caller may see it, with the actions open to them.
pub async fn view(db: &Db, caller: &Caller, id: i64) -> Result<TimesheetView> {
    let f = facts(&db.pool, caller.org_id, id).await?;
    policy::view_timesheet(caller, &f.scope())?;
    let mut view = load(db, caller.org_id, id).await?;
    view.actions = policy::timesheet_actions(caller, &subject().chain, f.state(), &f.scope());
    Ok(view)
}

/// Timesheets waiting for the caller's step, oldest site first.
pub async fn queue(db: &Db, caller: &Caller) -> Result<Vec<QueueItem>> {
    let reach = policy::approver_reach(caller)?;
    let step = reach.approves_step().unwrap_or_default();
    let total = total_columns("t", "").replace(", ", " + ");
    let sql = format!(
        "SELECT t.id, t.version, t.step, c.family_name AS contractor_family, c.given_name AS contractor_given, cc.name AS client_company, \
         t.client_department_id, cd.name AS client_department, t.period_start, t.period_end, {total} AS total_minutes, t.submitted_at \
         FROM timesheets t JOIN people c ON c.id = t.contractor_id JOIN client_companies cc ON cc.id = t.client_company_id \
         JOIN client_departments cd ON cd.id = t.client_department_id \
         WHERE t.org_id = $1 AND t.status = 'submitted' AND t.step = $2{} \
         ORDER BY cc.name, cd.name, t.period_start, c.family_name, c.given_name, t.id LIMIT 5000",
        reach.sql("t")
    );
    Ok(sqlx::query_as::<_, QueueItem>(&sql).bind(caller.org_id).bind(i64::from(step)).fetch_all(&db.pool).await?)
}

/// How many timesheets wait for the caller (for the navigation); 0 for non-approvers.
pub async fn waiting_count(db: &Db, caller: &Caller) -> Result<i64> {
    let Ok(reach) = policy::approver_reach(caller) else {
        return Ok(0);
    };
    let sql = format!("SELECT COUNT(*) FROM timesheets WHERE org_id = $1 AND status = 'submitted' AND step = $2{}", reach.sql(""));
    Ok(sqlx::query_scalar(&sql).bind(caller.org_id).bind(i64::from(reach.approves_step().unwrap_or_default())).fetch_one(&db.pool).await?)
}

fn movement(d: &Decision) -> Move<'_> {
    Move { action: d.action, comment: &d.comment, day: d.day.as_deref().filter(|s| !s.is_empty()), slot: 0 }
}

/// One decision from a signed-in person. A stale version means someone acted first: 409 with
/// a clear message. An action the caller may not take at all: 403.
pub async fn decide(backend: &Backend, caller: &Caller, d: &Decision, client_addr: Option<&str>) -> Result<State> {
    let db = &backend.db;
    let f = facts(&db.pool, caller.org_id, d.timesheet_id).await?;
    policy::view_timesheet(caller, &f.scope())?;
    if f.version != d.version {
        return Err(AppError::TransitionNotAllowed.into());
    }
    if !policy::timesheet_actions(caller, &subject().chain, f.state(), &f.scope()).contains(&d.action) {
        return Err(AppError::Forbidden.into());
    }
    let actor = Actor { org_id: caller.org_id, person_id: caller.person_id, via: Via::Account, client_addr };
    let mut tx = db.begin_write().await?;
    let to = approvals::apply_one(&mut tx, &subject(), (f.id, f.version), f.state(), &movement(d), &actor).await?;
    let mut told = Told::new(backend);
    after_move(&mut tx, backend, &mut told, &f, to, (caller.person_id, &d.comment)).await?;
    tx.commit().await?;
    told.publish(backend).await;
    Ok(to)
}

/// Approves every named timesheet at the caller's step, or none (reporting which changed).
pub async fn approve_many(backend: &Backend, caller: &Caller, items: &[(i64, i64)], client_addr: Option<&str>) -> Result<usize> {
    let reach = policy::approver_reach(caller)?;
    let from = State::new(Status::Submitted, reach.approves_step().unwrap_or_default());
    let actor = Actor { org_id: caller.org_id, person_id: caller.person_id, via: Via::Account, client_addr };
    let mv = Move { action: Action::Approve, comment: "", day: None, slot: 0 };
    let mut tx = backend.db.begin_write().await?;
    let to = approvals::apply(&mut tx, &subject(), items, from, &mv, &actor, &reach.sql("")).await?;
    let mut told = Told::new(backend);
    if to == AT_PROVIDER {
        let ids: Vec<i64> = items.iter().map(|(id, _)| *id).collect();
        tell_provider(&mut tx, &mut told, caller.org_id, &ids).await?;
    }
    tx.commit().await?;
    told.publish(backend).await;
    Ok(items.len())
}

/// The timesheet behind an emailed link, with the actions the link allows.
pub async fn link_view(db: &Db, token: &str) -> Result<TimesheetView> {
    let grant = links::peek(&db.pool, subject().kind, token).await?;
    let mut view = load(db, grant.org_id, grant.subject_id).await?;
    if view.status == Status::Submitted && i64::from(view.step) == grant.step {
        view.actions = vec![Action::Approve, Action::Return];
    }
    Ok(view)
}

/// A decision taken through an emailed link: the link is used up in the same transaction as
/// the transition, so a link acts once, and an invalid link acts never.
pub async fn link_decide(backend: &Backend, token: &str, d: &Decision, client_addr: Option<&str>) -> Result<TimesheetView> {
    let grant = links::peek(&backend.db.pool, subject().kind, token).await?;
    decide_by_link(backend, token, d, client_addr).await?;
    // The page shows where the timesheet went; the used link offers nothing more.
    let mut view = load(&backend.db, grant.org_id, grant.subject_id).await?;
    view.actions.clear();
    Ok(view)
}

async fn decide_by_link(backend: &Backend, token: &str, d: &Decision, client_addr: Option<&str>) -> Result<State> {
    if !matches!(d.action, Action::Approve | Action::Return) {
        return Err(AppError::Forbidden.into());
    }
    let db = &backend.db;
    let mut tx = db.begin_write().await?;
    let grant = links::consume(&mut tx, subject().kind, token).await?;
    let active: Option<i64> = sqlx::query_scalar("SELECT id FROM people WHERE id = $1 AND status = 'active'")
        .bind(grant.person_id)
        .fetch_optional(&mut *tx)
        .await?;
    if active.is_none() || grant.subject_id != d.timesheet_id {
        return Err(AppError::TokenInvalid.into());
    }
    let f = facts(&mut *tx, grant.org_id, grant.subject_id).await?;
    let from = State::new(Status::Submitted, grant.step.clamp(0, 255) as u8);
    let actor = Actor { org_id: grant.org_id, person_id: grant.person_id, via: Via::Link, client_addr };
    let to = approvals::apply_one(&mut tx, &subject(), (f.id, d.version), from, &movement(d), &actor).await?;
    let mut told = Told::new(backend);
    after_move(&mut tx, backend, &mut told, &f, to, (grant.person_id, &d.comment)).await?;
    tx.commit().await?;
    told.publish(backend).await;
    Ok(to)
}

/// What follows a transition: a timesheet reaching the client step is mailed to the site's
/// client managers with a single-use approval link; a returned one is told to its contractor
/// with the comment. `(by, comment)`: who moved it and what they wrote.
async fn after_move(
    tx: &mut Transaction<'static, Any>,
    backend: &Backend,
    told: &mut Told,
    f: &Facts,
    to: State,
    (by, comment): (i64, &str),
) -> Result<()> {
    if to == State::new(Status::Submitted, 0) {
        ask_client(tx, backend, f).await?;
    }
    if to == AT_PROVIDER {
        tell_provider(tx, told, f.org_id, &[f.id]).await?;
    }
    if to.status == Status::Returned {
        let (family, given, start, end): (String, String, Date, Date) = sqlx::query_as(
            "SELECT p.family_name, p.given_name, t.period_start, t.period_end FROM timesheets t, people p WHERE t.id = $1 AND p.id = $2",
        )
        .bind(f.id)
        .bind(by)
        .fetch_one(&mut **tx)
        .await?;
        let what = What::TimesheetReturned { by: Name::new(&family, &given), start, end, comment: comment.to_string() };
        told.notify(tx, f.org_id, f.contractor_id, &what, &format!("/timesheets?month={}", start.month_key())).await?;
    }
    Ok(())
}

/// Confirmed by the client, waiting for the provider.
const AT_PROVIDER: State = State::new(Status::Submitted, 1);

/// Tells the provider's managers (HR managers and admins) that a client's period has
/// timesheets at their step: once per client and period while the notice is unread, however
/// many timesheets follow.
async fn tell_provider(tx: &mut Transaction<'static, Any>, told: &mut Told, org_id: i64, ids: &[i64]) -> Result<()> {
    let managers: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT p.id FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role IN ('hr_manager', 'admin') \
         WHERE p.org_id = $1 AND p.status = 'active' ORDER BY p.id",
    )
    .bind(org_id)
    .fetch_all(&mut **tx)
    .await?;
    if managers.is_empty() {
        return Ok(());
    }
    let mut periods: Vec<(String, Date, Date)> = Vec::new();
    for chunk in ids.chunks(500) {
        let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        periods.extend(
            sqlx::query_as::<_, (String, Date, Date)>(&format!(
                "SELECT DISTINCT cc.name, t.period_start, t.period_end FROM timesheets t \
                 JOIN client_companies cc ON cc.id = t.client_company_id WHERE t.org_id = $1 AND t.id IN ({list})"
            ))
            .bind(org_id)
            .fetch_all(&mut **tx)
            .await?,
        );
    }
    periods.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    periods.dedup();
    for (client, start, end) in periods {
        let what = What::TimesheetsAtProvider { client, start, end };
        if told.notify_unread_once(tx, org_id, &managers, &what, "/approvals").await? {
            crate::backend::notifications::chat::post(tx, org_id, &what).await?;
        }
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct MailFacts {
    contractor_family: String,
    contractor_given: String,
    client_department: String,
    period_start: Date,
    period_end: Date,
    total_minutes: i64,
}

async fn ask_client(tx: &mut Transaction<'_, Any>, backend: &Backend, f: &Facts) -> Result<()> {
    let site_filter = f.site_manager_id.map(|m| format!(" AND p.id = {m}")).unwrap_or_default();
    let managers: Vec<Addressee> = sqlx::query_as(&format!(
        "SELECT p.id, p.org_id, p.email, p.phone, p.family_name, p.given_name, p.locale, o.name AS org_name \
         FROM people p JOIN organisations o ON o.id = p.org_id \
         JOIN person_roles r ON r.person_id = p.id AND r.role = 'client_manager' \
         WHERE p.org_id = $1 AND p.client_company_id = $2 AND p.status = 'active'{site_filter} ORDER BY p.id"
    ))
    .bind(f.org_id)
    .bind(f.client_company_id)
    .fetch_all(&mut **tx)
    .await?;
    if managers.is_empty() {
        return Ok(());
    }
    let total = total_columns("t", "").replace(", ", " + ");
    let m: MailFacts = sqlx::query_as(&format!(
        "SELECT c.family_name AS contractor_family, c.given_name AS contractor_given, cd.name AS client_department, \
         t.period_start, t.period_end, {total} AS total_minutes FROM timesheets t JOIN people c ON c.id = t.contractor_id \
         JOIN client_departments cd ON cd.id = t.client_department_id WHERE t.id = $1"
    ))
    .bind(f.id)
    .fetch_one(&mut **tx)
    .await?;
    // The link's last day as the organisation's calendar has it (the page it opens reads so too).
    let zone = zone::of_organisation(&mut **tx, f.org_id).await?;
    for manager in managers {
        let locale = manager.locale().unwrap_or(Locale::En);
        let (token, expires) = links::issue(tx, manager.org_id, subject().kind, f.id, 0, manager.id).await?;
        let link = backend.config.link(&format!("/approve/{token}"));
        let period = format!("{} – {}", m.period_start.format(locale), m.period_end.format(locale));
        let name = person_name(&m.contractor_family, &m.contractor_given, locale);
        let subject_line = Msg::MailApprovalSubject.fill(locale, &[("name", &name), ("period", &period)]);
        let body = Msg::MailApprovalBody.fill(
            locale,
            &[
                ("manager", &person_name(&manager.family_name, &manager.given_name, locale)),
                ("name", &name),
                ("period", &period),
                ("hours", &format_hours(m.total_minutes)),
                ("site", &m.client_department),
                ("link", &link),
                ("expires", &zone::today(zone, expires).format(locale)),
            ],
        );
        let short = format!("{subject_line}\n{link}");
        outbox::enqueue_to(&mut **tx, &manager, &subject_line, &body, &short).await?;
        // With a gateway, the same link also by SMS / messenger to managers with an address and a phone.
        if let (Some(_), Some(phone), Some(_)) =
            (&manager.email, manager.phone.as_deref().filter(|p| !p.trim().is_empty()), &backend.config.sms_url)
        {
            outbox::enqueue_sms(&mut **tx, manager.org_id, phone, &short).await?;
        }
    }
    Ok(())
}
