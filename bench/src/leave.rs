//! The cabinet at scale: 10,000 people with five years of leave history.
//!
//! - An employee's leave balance (policy grants since hire + the ledger), for many different
//!   people; baseline: a bare `SUM` over that person's ledger rows.
//! - The team calendar of a month for HR (the whole organisation) and for a line manager;
//!   baseline: a bare select of the overlapping absences, without names.
use crate::measure::{line, time};
use crate::world::{caller, clean_up, err, insert_rows, open, organisation, Result, T};
use app::backend::cabinet::leave;
use app::backend::Db;
use shared::format::Date;
use shared::Role;
use std::cell::Cell;

const PEOPLE: i64 = 10_000;
const TEAM: i64 = 10;
const YEARS: i32 = 5;
/// Vacations a year per person, five working days each.
const PER_YEAR: i32 = 4;
const RUNS: usize = 200;

async fn generate(db: &Db) -> Result<i64> {
    let t = T;
    let (org, entity) = organisation(db).await?;
    // Person 1 is HR; every tenth person manages the nine after them.
    insert_rows(
        db,
        "INSERT INTO people (id, org_id, email, family_name, given_name, search_text, status, legal_entity_id, hire_date, manager_id, created_at, updated_at)",
        (1..=PEOPLE).map(|p| {
            let manager = if p % TEAM == 1 { "NULL".to_string() } else { (p - (p - 1) % TEAM).to_string() };
            let hired = Date { year: 2015 + (p % 10) as i32, month: (p % 12 + 1) as u8, day: 1 };
            format!("({p}, {org}, 'p{p}@bench.example', '이', '서연{p}', 'p{p}', 'active', {entity}, '{}', {manager}, {t}, {t})", hired.iso())
        }),
    )
    .await?;
    insert_rows(db, "INSERT INTO person_roles (org_id, person_id, role)", (1..=PEOPLE).map(|p| format!("({org}, {p}, 'employee')")))
        .await?;
    insert_rows(db, "INSERT INTO person_roles (org_id, person_id, role)", std::iter::once(format!("({org}, 1, 'hr_manager')"))).await?;
    let vacations = move |p: i64| {
        (0..YEARS).flat_map(move |y| {
            (0..PER_YEAR).map(move |k| {
                // Spread over the year: a Monday-ish start, different per person.
                let start = Date { year: 2022 + y, month: 1, day: 5 }.add_days(i64::from(k) * 91 + p % 60);
                (start, start.add_days(4))
            })
        })
    };
    insert_rows(
        db,
        "INSERT INTO leave_ledger (org_id, person_id, on_date, hundredths, reason, created_at)",
        (1..=PEOPLE).flat_map(|p| vacations(p).map(move |(from, _)| format!("({org}, {p}, '{}', -500, 'vacation', {t})", from.iso()))),
    )
    .await?;
    insert_rows(
        db,
        "INSERT INTO absences (org_id, person_id, kind, starts_on, ends_on, created_at)",
        (1..=PEOPLE)
            .flat_map(|p| vacations(p).map(move |(from, to)| format!("({org}, {p}, 'vacation', '{}', '{}', {t})", from.iso(), to.iso()))),
    )
    .await?;
    if db.kind == app::backend::db::DbKind::Postgres {
        sqlx::query("ANALYZE").execute(&db.pool).await.map_err(err)?;
    }
    Ok(org)
}

pub async fn run() -> Result<()> {
    let (url, kind, db, backend) = open().await?;
    let started = std::time::Instant::now();
    let org = generate(&db).await?;
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM absences").fetch_one(&db.pool).await.map_err(err)?;
    println!("{kind}: generated {PEOPLE} people, {rows} absences and ledger rows each, in {:.1} s", started.elapsed().as_secs_f64());

    // A different person every run, as a real day would bring.
    let next = Cell::new(0i64);
    let who = || {
        next.set(next.get() % PEOPLE + 997);
        next.get() % PEOPLE + 1
    };
    let today = Date { year: 2026, month: 11, day: 24 };
    let ours = time(
        RUNS,
        || async { Ok::<_, String>(()) },
        || async {
            let b = leave::balance(&backend, org, who(), today).await.map_err(|e| format!("{e:?}"))?;
            if b.granted <= 0 {
                return Err("no grants".to_string());
            }
            Ok(())
        },
    )
    .await?;
    let bare = time(
        RUNS,
        || async { Ok::<_, String>(()) },
        || async {
            let _: Option<i64> = sqlx::query_scalar("SELECT CAST(SUM(hundredths) AS BIGINT) FROM leave_ledger WHERE person_id = $1")
                .bind(who())
                .fetch_one(&db.pool)
                .await
                .map_err(err)?;
            Ok(())
        },
    )
    .await?;

    let hr = caller(org, 1, vec![Role::HrManager, Role::Employee]);
    let manager = caller(org, 5001, vec![Role::Employee]);
    let month = Date { year: 2026, month: 10, day: 1 };
    let shown = Cell::new(0usize);
    let org_calendar = time(
        RUNS,
        || async { Ok::<_, String>(()) },
        || async {
            shown.set(leave::calendar(&db, &hr, month).await.map_err(|e| format!("{e:?}"))?.len());
            Ok(())
        },
    )
    .await?;
    let org_shown = shown.get();
    let team_calendar = time(
        RUNS,
        || async { Ok::<_, String>(()) },
        || async {
            leave::calendar(&db, &manager, month).await.map_err(|e| format!("{e:?}"))?;
            Ok(())
        },
    )
    .await?;
    let bare_calendar = time(
        RUNS,
        || async { Ok::<_, String>(()) },
        || async {
            let rows: Vec<(i64, String, String)> = sqlx::query_as(
                "SELECT person_id, starts_on, ends_on FROM absences WHERE org_id = $1 AND ends_on >= $2 AND starts_on <= $3",
            )
            .bind(org)
            .bind(month.iso())
            .bind(month.last_of_month().iso())
            .fetch_all(&db.pool)
            .await
            .map_err(err)?;
            shown.set(rows.len());
            Ok(())
        },
    )
    .await?;
    if org_shown != shown.get() || org_shown == 0 {
        return Err(format!("the calendar ({org_shown}) and the bare select ({}) disagree", shown.get()));
    }

    println!();
    println!("| {kind} | ours: median (p95) | baseline: median (p95) | ratio |");
    println!("|---|---|---|---|");
    println!("{}", line("leave balance, 5 years of history", &ours, "bare SUM of the ledger", &bare));
    println!(
        "{}",
        line(&format!("team calendar, whole organisation ({org_shown} absences)"), &org_calendar, "bare select", &bare_calendar)
    );
    println!("{}", line("team calendar, one manager's team", &team_calendar, "bare select, whole organisation", &bare_calendar));
    clean_up(db, backend, &url).await
}
