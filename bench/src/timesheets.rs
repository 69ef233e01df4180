//! The monthly close: 10,000 contractors × 31 days of entries.
//!
//! - Summary: the summary page's queries (per-timesheet totals kept current) against the naive
//!   aggregate over every daily entry.
//! - Bulk approval: approving 1,000 contractors' month through the approval engine (state
//!   check, transitions, audit rows, link revocation) against a bare UPDATE of the same rows.
use crate::measure::{line, time};
use crate::world::{caller, clean_up, err, insert_rows, open, organisation, Result, T};
use app::backend::request::Caller;
use app::backend::timesheets::{review, summary};
use app::backend::Db;
use shared::format::Date;
use shared::timesheets::model::SummaryQuery;
use shared::timesheets::{Code, Period, PeriodKind};
use shared::{Locale, Role};

const CONTRACTORS: i64 = 10_000;
const COMPANIES: i64 = 20;
const SITES_PER_COMPANY: i64 = 10;
const BULK: usize = 1_000;
const RUNS: usize = 15;
const MONTH: &str = "2026-10";

/// A day's entry for contractor `c`: work on weekdays (overtime on Mondays), work on a day off
/// on Saturdays, night shifts on Sundays — every day of the month has one.
fn entry(c: i64, day: Date) -> (Code, i64) {
    match day.weekday() {
        0 if c % 3 == 0 => (Code::Overtime, 120),
        5 => (Code::Holiday, 360),
        6 => (Code::Night, 240),
        _ => (Code::Work, 480),
    }
}

struct World {
    org: i64,
    hr: Caller,
    first_sheet: i64,
}

async fn generate(db: &Db) -> Result<World> {
    let t = T;
    let (org, entity) = organisation(db).await?;
    insert_rows(
        db,
        "INSERT INTO client_companies (id, org_id, name, country, created_at)",
        (1..=COMPANIES).map(|c| format!("({c}, {org}, 'Client {c:02}', 'KR', {t})")),
    )
    .await?;
    let sites = COMPANIES * SITES_PER_COMPANY;
    insert_rows(
        db,
        "INSERT INTO client_departments (id, org_id, client_company_id, name, created_at)",
        (1..=sites).map(|s| format!("({s}, {org}, {}, 'Site {s:03}', {t})", (s - 1) / SITES_PER_COMPANY + 1)),
    )
    .await?;
    // People: 1 HR manager, a foreman per site, then the contractors.
    let foremen = sites;
    let people = 1 + foremen + CONTRACTORS;
    insert_rows(
        db,
        "INSERT INTO people (id, org_id, email, family_name, given_name, search_text, status, created_at, updated_at)",
        (1..=people).map(|p| format!("({p}, {org}, 'p{p}@bench.example', '김', '민준{p}', 'p{p}', 'active', {t}, {t})")),
    )
    .await?;
    let role = |p: i64| {
        if p == 1 {
            "hr_manager"
        } else if p <= 1 + foremen {
            "foreman"
        } else {
            "contractor"
        }
    };
    insert_rows(db, "INSERT INTO person_roles (org_id, person_id, role)", (1..=people).map(|p| format!("({org}, {p}, '{}')", role(p))))
        .await?;
    let contractor = |i: i64| 2 + foremen + i;
    let site_of = |i: i64| i % sites + 1;
    insert_rows(
        db,
        "INSERT INTO placements (id, org_id, contractor_id, legal_entity_id, client_company_id, client_department_id, foreman_id, \
         starts_on, rate_minor, currency, created_at)",
        (0..CONTRACTORS).map(|i| {
            let s = site_of(i);
            format!(
                "({}, {org}, {}, {entity}, {}, {s}, {}, '2026-01-01', 1250000, 'KRW', {t})",
                i + 1,
                contractor(i),
                (s - 1) / SITES_PER_COMPANY + 1,
                1 + s
            )
        }),
    )
    .await?;
    let month = Date::parse_month(MONTH).ok_or("bad month")?;
    let period = Period::containing(PeriodKind::Month, month);
    let days: Vec<Date> = period.days().collect();
    insert_rows(
        db,
        "INSERT INTO timesheets (id, org_id, placement_id, contractor_id, legal_entity_id, client_company_id, client_department_id, foreman_id, \
         period_start, period_end, status, step, rate_minor, currency, work_min, overtime_min, night_min, holiday_min, created_at, updated_at)",
        (0..CONTRACTORS).map(|i| {
            let mut totals = [0i64; 8];
            for day in &days {
                let (code, minutes) = entry(i, *day);
                totals[code.index()] += minutes;
            }
            let s = site_of(i);
            format!(
                "({}, {org}, {}, {}, {entity}, {}, {s}, {}, '{}', '{}', 'approved', 1, 1250000, 'KRW', {}, {}, {}, {}, {t}, {t})",
                i + 1,
                i + 1,
                contractor(i),
                (s - 1) / SITES_PER_COMPANY + 1,
                1 + s,
                period.start.iso(),
                period.end.iso(),
                totals[Code::Work.index()],
                totals[Code::Overtime.index()],
                totals[Code::Night.index()],
                totals[Code::Holiday.index()],
            )
        }),
    )
    .await?;
    insert_rows(
        db,
        "INSERT INTO timesheet_entries (timesheet_id, day, code, minutes, updated_at)",
        (0..CONTRACTORS).flat_map(|i| {
            days.iter().map(move |day| {
                let (code, minutes) = entry(i, *day);
                format!("({}, '{}', '{}', {minutes}, {t})", i + 1, day.iso(), code.as_str())
            })
        }),
    )
    .await?;
    if db.kind == app::backend::db::DbKind::Postgres {
        sqlx::query("ANALYZE").execute(&db.pool).await.map_err(err)?;
    }
    let hr = caller(org, 1, vec![Role::HrManager]);
    Ok(World { org, hr, first_sheet: 1 })
}

pub async fn run() -> Result<()> {
    let (url, kind, db, backend) = open().await?;
    let started = std::time::Instant::now();
    let world = generate(&db).await?;
    let entries: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM timesheet_entries").fetch_one(&db.pool).await.map_err(err)?;
    println!("{kind}: generated {CONTRACTORS} contractors, {entries} entries in {:.1} s", started.elapsed().as_secs_f64());

    // Summary: ours (per-timesheet totals) against the naive aggregate over all entries.
    let q = SummaryQuery { month: MONTH.into(), ..SummaryQuery::default() };
    let (hr, org) = (&world.hr, world.org);
    let (summed, naive_sum) = (std::cell::Cell::new(0i64), std::cell::Cell::new(0i64));
    let ours = time(
        RUNS,
        || async { Ok::<_, String>(()) },
        || async {
            let s = summary::summary(&db, hr, &q, Locale::En).await.map_err(|e| format!("{e:?}"))?;
            summed.set(s.lines.iter().flat_map(|l| l.minutes.iter()).sum());
            Ok(())
        },
    )
    .await?;
    let naive_sql = "SELECT t.client_company_id, e.code, CAST(SUM(e.minutes) AS BIGINT) FROM timesheet_entries e \
         JOIN timesheets t ON t.id = e.timesheet_id WHERE t.org_id = $1 AND t.period_start >= $2 AND t.period_start <= $3 \
         AND t.status = 'approved' GROUP BY t.client_company_id, e.code";
    let naive = time(
        RUNS,
        || async { Ok::<_, String>(()) },
        || async {
            let rows: Vec<(i64, String, i64)> =
                sqlx::query_as(naive_sql).bind(org).bind("2026-10-01").bind("2026-10-31").fetch_all(&db.pool).await.map_err(err)?;
            naive_sum.set(rows.iter().map(|r| r.2).sum());
            Ok(())
        },
    )
    .await?;
    if summed.get() != naive_sum.get() || summed.get() == 0 {
        return Err(format!("the summary ({}) and the naive aggregate ({}) disagree", summed.get(), naive_sum.get()));
    }

    // Bulk approval of 1,000 timesheets waiting at the provider step, against a bare UPDATE.
    let ids: Vec<i64> = (world.first_sheet..world.first_sheet + BULK as i64).collect();
    let list = ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let reset = || async {
        sqlx::query(&format!("UPDATE timesheets SET status = 'submitted', step = 1 WHERE id IN ({list})"))
            .execute(db.writes())
            .await
            .map_err(err)?;
        Ok::<_, String>(())
    };
    let approved = time(RUNS, reset, || async {
        let items: Vec<(i64, i64)> =
            sqlx::query_as(&format!("SELECT id, version FROM timesheets WHERE id IN ({list})")).fetch_all(&db.pool).await.map_err(err)?;
        let n = review::approve_many(&backend, hr, &items, None).await.map_err(|e| format!("{e:?}"))?;
        if n != BULK {
            return Err(format!("approved {n} of {BULK}"));
        }
        Ok(())
    })
    .await?;
    let bare = time(RUNS, reset, || async {
        let mut tx = db.pool.begin().await.map_err(err)?;
        sqlx::query(&format!("UPDATE timesheets SET status = 'approved', version = version + 1 WHERE id IN ({list})"))
            .execute(&mut *tx)
            .await
            .map_err(err)?;
        tx.commit().await.map_err(err)
    })
    .await?;
    let transitions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM approval_transitions").fetch_one(&db.pool).await.map_err(err)?;
    let audits: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(&db.pool).await.map_err(err)?;
    if transitions != (RUNS * BULK) as i64 || audits != transitions {
        return Err(format!("expected {} transitions and audit rows, found {transitions} and {audits}", RUNS * BULK));
    }

    println!();
    println!("| {kind} | ours: median (p95) | baseline: median (p95) | ratio |");
    println!("|---|---|---|---|");
    println!("{}", line("monthly summary, 10,000 × 31", &ours, "naive aggregate", &naive));
    println!("{}", line("bulk approval, 1,000 timesheets", &approved, "bare UPDATE", &bare));
    clean_up(db, backend, &url).await
}
