//! Reminders to contractors whose timesheet is past the client's deadline (the period's end
//! plus the client's `submit_days`) and still not submitted: an email and an in-app notice,
//! once per placement and period.
use super::super::notifications::{self, channels::Message};
use super::super::people::Addressee;
use super::super::{now, zone, Backend, Result};
use shared::approvals::Status;
use shared::format::Date;
use shared::timesheets::{Period, PeriodKind};
use shared::Msg;

#[derive(sqlx::FromRow)]
struct Due {
    placement_id: i64,
    starts_on: Date,
    ends_on: Option<Date>,
    period_kind: PeriodKind,
    submit_days: i64,
    client_department: String,
    #[sqlx(flatten)]
    contractor: Addressee,
}

/// Deadlines older than this are not chased any more.
const LOOKBACK_DAYS: i64 = 45;

/// Sends what is due at `at` (each organisation's "today" in its time zone); returns how many
/// reminders went out.
pub async fn send_due(backend: &Backend, at: i64) -> Result<usize> {
    let db = &backend.db;
    let zones = zone::of_organisations(db).await?;
    // Every zone's today lies within half a day either side of UTC's (at most +14 h, -12 h).
    let latest = Date::from_unix(at + 14 * 3600);
    let since = Date::from_unix(at - 12 * 3600).add_days(-LOOKBACK_DAYS);
    let due: Vec<Due> = sqlx::query_as(
        "SELECT pl.id AS placement_id, pl.starts_on, pl.ends_on, cc.period_kind, cc.submit_days, cd.name AS client_department, \
         p.id, p.org_id, p.email, p.phone, p.family_name, p.given_name, p.locale, o.name AS org_name \
         FROM placements pl JOIN client_companies cc ON cc.id = pl.client_company_id JOIN client_departments cd ON cd.id = pl.client_department_id \
         JOIN people p ON p.id = pl.contractor_id JOIN organisations o ON o.id = p.org_id \
         WHERE p.status = 'active' AND pl.starts_on <= $1 AND (pl.ends_on IS NULL OR pl.ends_on >= $2)",
    )
    .bind(latest.iso())
    .bind(since.iso())
    .fetch_all(&db.pool)
    .await?;
    // What is already settled in the window, read once rather than per placement and period:
    // periods no longer editable, and reminders already sent.
    let window = since.add_days(-62).iso();
    let settled: std::collections::HashSet<(i64, Date)> =
        sqlx::query_as::<_, (i64, Date, Status)>("SELECT placement_id, period_start, status FROM timesheets WHERE period_start >= $1")
            .bind(&window)
            .fetch_all(&db.pool)
            .await?
            .into_iter()
            .filter(|(_, _, status)| !status.editable())
            .map(|(placement, start, _)| (placement, start))
            .chain(
                sqlx::query_as::<_, (i64, Date)>("SELECT placement_id, period_start FROM timesheet_reminders WHERE period_start >= $1")
                    .bind(&window)
                    .fetch_all(&db.pool)
                    .await?,
            )
            .collect();
    let mut sent = 0;
    for d in due {
        let today = zone::today(zones.get(&d.contractor.org_id).copied().unwrap_or(zone::UTC), at);
        let since = today.add_days(-LOOKBACK_DAYS);
        let (kind, starts, ends) = (d.period_kind, d.starts_on, d.ends_on);
        if starts > today || ends.is_some_and(|e| e < since) {
            continue;
        }
        let mut periods: Vec<Period> = Vec::new();
        for month in [since, since.add_months(1), today] {
            for p in Period::in_month(kind, month) {
                if !periods.contains(&p) {
                    periods.push(p);
                }
            }
        }
        for period in periods {
            let deadline = period.end.add_days(d.submit_days.clamp(0, 60));
            let worked = period.end >= starts && ends.is_none_or(|e| e >= period.start);
            if !worked || deadline >= today || deadline < since {
                continue;
            }
            if settled.contains(&(d.placement_id, period.start)) {
                continue;
            }
            if remind(backend, &d, period, deadline).await? {
                sent += 1;
            }
        }
    }
    Ok(sent)
}

async fn remind(backend: &Backend, d: &Due, period: Period, deadline: Date) -> Result<bool> {
    let mut tx = backend.db.begin_write().await?;
    let first: Option<i64> = sqlx::query_scalar(
        "INSERT INTO timesheet_reminders (placement_id, period_start, sent_at) VALUES ($1, $2, $3) \
         ON CONFLICT (placement_id, period_start) DO NOTHING RETURNING placement_id",
    )
    .bind(d.placement_id)
    .bind(period.start.iso())
    .bind(now())
    .fetch_optional(&mut *tx)
    .await?;
    if first.is_none() {
        return Ok(false);
    }
    let c = &d.contractor;
    let path = format!("/timesheets?month={}", period.start.month_key());
    let mut told = notifications::Told::new(backend);
    let overdue = shared::notifications::Told::TimesheetOverdue { start: period.start, end: period.end };
    if let Some(reach) = told.notify_reach(&mut tx, c.org_id, c.id, &overdue, &path).await? {
        let locale = reach.locale;
        let range = format!("{} – {}", period.start.format(locale), period.end.format(locale));
        let link = backend.config.link(&path);
        let subject = Msg::MailReminderSubject.fill(locale, &[("period", &range)]);
        let body = Msg::MailReminderBody.fill(
            locale,
            &[
                ("name", &reach.name()),
                ("period", &range),
                ("site", &d.client_department),
                ("deadline", &deadline.format(locale)),
                ("link", &link),
            ],
        );
        let short = format!("{subject}\n{link}");
        let variables = vec![("to", reach.name()), ("period", range), ("deadline", deadline.format(locale)), ("link", link)];
        reach.send(&mut tx, backend, &Message { subject, body, short, variables }).await?;
    }
    tx.commit().await?;
    told.publish(backend).await;
    Ok(true)
}
