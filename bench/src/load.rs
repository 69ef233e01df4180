//! The load test's two Rust halves (the load itself is Locust's: `bench/load/locustfile.py`,
//! run by `scripts/bench load`):
//!
//! - `load-world OUT.json`: on the demo organisation in `DATABASE_URL` (after `staffport seed`),
//!   a job with 2,000 candidates, three months of timesheets waiting for the demo client
//!   manager, and signed-in sessions for LOAD_SESSIONS (default 1,600) people in the mix's
//!   proportions (100 : 20 : 20 : 60): contractors (each on their own placement), employees,
//!   and sessions of the client manager and the recruiter (each session works on its own
//!   share). Their cookies go to OUT.json.
//! - `load-baseline ADDR`: the same-run baseline, a bare axum server answering each request kind
//!   of the mix with the one statement at its core on the same rows (no sessions, policy,
//!   rendering or validation), on a pool configured like the server's.
use crate::world::{err, insert_rows, Result};
use app::backend::{sessions, Backend, Config, Db};
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

const CANDIDATES: i64 = 2_000;

async fn backend() -> Result<Backend> {
    let config = Config::from_env();
    let db = Db::connect(&config.database_url, 0).await.map_err(err)?;
    Backend::new(db, config)
}

async fn ids(db: &Db, sql: &str) -> Result<Vec<i64>> {
    sqlx::query_scalar(sql).fetch_all(&db.pool).await.map_err(err)
}

async fn one(db: &Db, sql: &str) -> Result<i64> {
    sqlx::query_scalar(sql).fetch_one(&db.pool).await.map_err(err)
}

async fn sessions_of(backend: &Backend, org: i64, people: &[i64]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for person in people {
        out.push(sessions::create(&backend.db, &backend.config, org, *person).await.map_err(|e| format!("{e:?}"))?);
    }
    Ok(out)
}

pub async fn world(out: &str) -> Result<()> {
    let most: usize = std::env::var("LOAD_SESSIONS").ok().and_then(|n| n.parse().ok()).unwrap_or(1_600);
    let share = |weight: usize| (most * weight).div_ceil(200);
    let backend = backend().await?;
    let db = &backend.db;
    let org = one(db, "SELECT id FROM organisations WHERE slug = 'demo'").await?;
    let person = |email: &str| format!("SELECT p.id FROM people p JOIN accounts a ON a.id = p.account_id WHERE a.email = '{email}'");
    let recruiter = one(db, &person("recruiter@demo.staffport.dev")).await?;
    let manager = one(db, &person("client@demo.staffport.dev")).await?;

    // The board: one job, 2,000 candidates across its stages.
    let job = app::backend::recruiting::jobs::create_for(db, org, recruiter, "Load test job").await.map_err(|e| format!("{e:?}"))?;
    let stages = ids(db, &format!("SELECT id FROM job_stages WHERE job_id = {job} AND kind = 'active' ORDER BY position")).await?;
    let sealed = backend
        .sealer
        .seal_json(&std::collections::BTreeMap::from([("phone", "+82 10-0000-0000"), ("email", "c@load.example")]))
        .map_err(|e| format!("{e:?}"))?;
    let t = app::backend::now();
    insert_rows(
        db,
        "INSERT INTO candidates (org_id, job_id, stage_id, position, full_name, source, tags, search, sealed_contacts, phone_masked, email_masked, created_at, updated_at)",
        (1..=CANDIDATES).map(|c| {
            let stage = stages[(c % stages.len() as i64) as usize];
            format!("({org}, {job}, {stage}, {c}.0, '후보자 {c}', 'Referral', 'rust', '후보자 {c} rust', '{sealed}', '•••• ••00', 'c•••@•••.example', {t}, {t})")
        }),
    )
    .await?;

    // The client manager's queue: their company's placements' timesheets, submitted.
    let company = one(db, &format!("SELECT client_company_id FROM people WHERE id = {manager}")).await?;
    type Placed = (i64, i64, i64, i64, i64, i64, Option<i64>, i64, String);
    let placements: Vec<Placed> = sqlx::query_as(
        "SELECT org_id, id, contractor_id, legal_entity_id, client_company_id, client_department_id, foreman_id, rate_minor, currency \
         FROM placements WHERE client_company_id = $1 ORDER BY id",
    )
    .bind(company)
    .fetch_all(&db.pool)
    .await
    .map_err(err)?;
    // The three months before last (last month is approved by the demo data): a big client's
    // queue at a month's close.
    let this_month = shared::format::Date::from_unix(t).first_of_month();
    let months: Vec<shared::format::Date> = (2..=4).map(|m| this_month.add_months(-m)).collect();
    insert_rows(
        db,
        "INSERT INTO timesheets (org_id, placement_id, contractor_id, legal_entity_id, client_company_id, client_department_id, foreman_id, \
         period_start, period_end, rate_minor, currency, status, step, version, submitted_at, created_at, updated_at)",
        placements.iter().flat_map(|(org, id, contractor, entity, company, site, foreman, rate, currency)| {
            let foreman = foreman.map_or("NULL".to_string(), |f| f.to_string());
            months.iter().map(move |m| {
                format!(
                    "({org}, {id}, {contractor}, {entity}, {company}, {site}, {foreman}, '{}', '{}', {rate}, '{currency}', 'submitted', 0, 1, {t}, {t}, {t})",
                    m.iso(),
                    m.last_of_month().iso()
                )
            })
        }),
    )
    .await?;
    if db.kind == app::backend::DbKind::Postgres {
        sqlx::query("ANALYZE").execute(&db.pool).await.map_err(err)?;
    }

    let contractors: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT MIN(id), contractor_id FROM placements WHERE org_id = $1 GROUP BY contractor_id ORDER BY contractor_id LIMIT $2",
    )
    .bind(org)
    .bind(share(100) as i64)
    .fetch_all(&db.pool)
    .await
    .map_err(err)?;
    let employees = ids(
        db,
        &format!(
            "SELECT p.id FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role = 'employee' \
             WHERE p.org_id = {org} AND p.status = 'active' ORDER BY p.id LIMIT {}",
            share(60)
        ),
    )
    .await?;
    let mut contractor_sessions = Vec::new();
    for (placement, contractor) in &contractors {
        let token = sessions_of(&backend, org, &[*contractor]).await?.remove(0);
        contractor_sessions.push(json!({ "token": token, "placement": placement }));
    }
    let world = json!({
        "job": job,
        "company": company,
        "contractors": contractor_sessions,
        "employees": sessions_of(&backend, org, &employees).await?,
        "client_managers": sessions_of(&backend, org, &vec![manager; share(20)]).await?,
        "recruiters": sessions_of(&backend, org, &vec![recruiter; share(20)]).await?,
        "employee_ids": employees,
    });
    std::fs::write(out, world.to_string()).map_err(err)?;
    println!(
        "load world: a board of {CANDIDATES} cards, {} timesheets waiting, {} contractors, {} employees",
        placements.len() * months.len(),
        contractors.len(),
        employees.len()
    );
    Ok(())
}

/// The baseline's handlers: the core statement of each request kind, nothing around it.
pub async fn baseline(addr: &str) -> Result<()> {
    let backend = backend().await?;
    let db = backend.db.clone();
    let app = Router::new()
        .route("/base/home", post(home))
        .route("/base/grid", post(grid))
        .route("/base/save", post(save))
        .route("/base/queue", post(queue))
        .route("/base/approve", post(approve))
        .route("/base/board", post(board))
        .route("/base/move", post(move_card))
        .route("/health", get(|| async { "ok" }))
        .with_state(db);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(err)?;
    println!("baseline listening on {addr}");
    axum::serve(listener, app).await.map_err(err)
}

type Answer = std::result::Result<Json<Value>, (axum::http::StatusCode, String)>;

fn fail(e: sqlx::Error) -> (axum::http::StatusCode, String) {
    (axum::http::StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
}

fn int(v: &Value, key: &str) -> i64 {
    v.get(key).and_then(Value::as_i64).unwrap_or_default()
}

async fn home(State(db): State<Db>, Json(v): Json<Value>) -> Answer {
    let row: (String, String, i64) = sqlx::query_as(
        "SELECT p.family_name, p.given_name, (SELECT COUNT(*) FROM notifications n WHERE n.person_id = p.id AND n.read_at IS NULL) \
         FROM people p WHERE p.id = $1",
    )
    .bind(int(&v, "person"))
    .fetch_one(&db.pool)
    .await
    .map_err(fail)?;
    Ok(Json(json!([row.0, row.1, row.2])))
}

async fn grid(State(db): State<Db>, Json(v): Json<Value>) -> Answer {
    let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT e.day, e.code, e.minutes, e.note FROM timesheet_entries e JOIN timesheets t ON t.id = e.timesheet_id \
         WHERE t.placement_id = $1 AND t.period_start >= $2",
    )
    .bind(int(&v, "placement"))
    .bind(v.get("from").and_then(Value::as_str).unwrap_or_default().to_string())
    .fetch_all(&db.pool)
    .await
    .map_err(fail)?;
    Ok(Json(json!(rows)))
}

async fn save(State(db): State<Db>, Json(v): Json<Value>) -> Answer {
    let done = sqlx::query("UPDATE placements SET rate_minor = rate_minor WHERE id = $1")
        .bind(int(&v, "placement"))
        .execute(db.writes())
        .await
        .map_err(fail)?;
    Ok(Json(json!(done.rows_affected())))
}

async fn queue(State(db): State<Db>, Json(v): Json<Value>) -> Answer {
    let rows: Vec<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT id, version, period_start, period_end FROM timesheets WHERE client_company_id = $1 AND status = 'submitted' AND step = 0 \
         ORDER BY period_start LIMIT 5000",
    )
    .bind(int(&v, "company"))
    .fetch_all(&db.pool)
    .await
    .map_err(fail)?;
    Ok(Json(json!(rows)))
}

async fn approve(State(db): State<Db>, Json(v): Json<Value>) -> Answer {
    let done = sqlx::query("UPDATE timesheets SET updated_at = updated_at WHERE id = $1")
        .bind(int(&v, "id"))
        .execute(db.writes())
        .await
        .map_err(fail)?;
    Ok(Json(json!(done.rows_affected())))
}

async fn board(State(db): State<Db>, Json(v): Json<Value>) -> Answer {
    let rows: Vec<(i64, i64, f64, String, i64)> =
        sqlx::query_as("SELECT id, stage_id, position, full_name, version FROM candidates WHERE job_id = $1 ORDER BY stage_id, position")
            .bind(int(&v, "job"))
            .fetch_all(&db.pool)
            .await
            .map_err(fail)?;
    Ok(Json(json!(rows)))
}

async fn move_card(State(db): State<Db>, Json(v): Json<Value>) -> Answer {
    let done = sqlx::query("UPDATE candidates SET position = position WHERE id = $1")
        .bind(int(&v, "id"))
        .execute(db.writes())
        .await
        .map_err(fail)?;
    Ok(Json(json!(done.rows_affected())))
}
