//! Paging through 10,000 people by the REST API, as a nightly sync would: 100 pages of 100,
//! each an HTTP request with a bearer token through the whole server (token, rate limit,
//! policy, keyset page, JSON). Baseline: the same pages as bare keyset selects of the same rows.
use crate::measure::{line, Figures};
use crate::world::{clean_up, err, insert_rows, open_with, organisation, Result, T};
use std::time::{Duration, Instant};

const PEOPLE: i64 = 10_000;
const PAGE: i64 = 100;
/// Passes through the whole list; the first warms caches and is not counted.
const PASSES: usize = 4;

/// What the API reads of a person, as the baseline reads it.
type BareRow = (i64, String, String, Option<String>, String, i64, i64);

fn figures(mut samples: Vec<Duration>) -> Figures {
    samples.sort();
    let at = |q: f64| samples.get(((samples.len() as f64 - 1.0) * q).round() as usize).copied().unwrap_or_default();
    Figures { median: at(0.5), p95: at(0.95) }
}

pub async fn run() -> Result<()> {
    let (url, kind, db, backend) = open_with(|c| c.api_per_token_per_min = 1_000_000).await?;
    let (org, entity) = organisation(&db).await?;
    insert_rows(
        &db,
        "INSERT INTO people (id, org_id, email, family_name, given_name, search_text, status, legal_entity_id, created_at, updated_at)",
        (1..=PEOPLE).map(|p| format!("({p}, {org}, 'p{p}@bench.example', '김', '민준{p}', 'p{p}', 'active', {entity}, {T}, {T})")),
    )
    .await?;
    insert_rows(&db, "INSERT INTO person_roles (org_id, person_id, role)", (1..=PEOPLE).map(|p| format!("({org}, {p}, 'employee')")))
        .await?;
    sqlx::query("INSERT INTO person_roles (org_id, person_id, role) VALUES ($1, 1, 'hr_manager')")
        .bind(org)
        .execute(&db.pool)
        .await
        .map_err(err)?;
    let secret = format!("sp_pat_{}", "b".repeat(43));
    sqlx::query(
        "INSERT INTO api_tokens (org_id, kind, person_id, name, prefix, token_hash, scopes, created_at, expires_at) \
         VALUES ($1, 'personal', 1, 'bench', 'sp_pat_bbbb', $2, '[\"people:read\"]', $3, $4)",
    )
    .bind(org)
    .bind(app::backend::tokens::hash(&secret))
    .bind(T)
    .bind(T * 2)
    .execute(&db.pool)
    .await
    .map_err(err)?;
    if db.kind == app::backend::db::DbKind::Postgres {
        sqlx::query("ANALYZE").execute(&db.pool).await.map_err(err)?;
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(err)?;
    let base = format!("http://{}", listener.local_addr().map_err(err)?);
    tokio::spawn(server::serve(listener, backend.clone()));
    let http = reqwest::Client::new();

    let mut ours = Vec::new();
    for pass in 0..PASSES {
        let (mut cursor, mut seen) = (None::<String>, 0);
        loop {
            let query = cursor.as_deref().map(|c| format!("&cursor={c}")).unwrap_or_default();
            let started = Instant::now();
            let page: serde_json::Value = http
                .get(format!("{base}/api/v1/people?limit={PAGE}{query}"))
                .bearer_auth(&secret)
                .send()
                .await
                .map_err(err)?
                .json()
                .await
                .map_err(err)?;
            let took = started.elapsed();
            let items = page["items"].as_array().ok_or_else(|| format!("not a page: {page}"))?;
            seen += items.len() as i64;
            if pass > 0 {
                ours.push(took);
            }
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_string()),
                None => break,
            }
        }
        if seen != PEOPLE {
            return Err(format!("a pass read {seen} people, not {PEOPLE}"));
        }
    }
    let mut bare = Vec::new();
    for pass in 0..PASSES {
        let mut after = 0i64;
        loop {
            let started = Instant::now();
            let rows: Vec<BareRow> = sqlx::query_as(
                "SELECT id, family_name, given_name, email, status, updated_at, version FROM people \
                 WHERE org_id = $1 AND id > $2 ORDER BY id LIMIT $3",
            )
            .bind(org)
            .bind(after)
            .bind(PAGE + 1)
            .fetch_all(&db.pool)
            .await
            .map_err(err)?;
            let took = started.elapsed();
            if pass > 0 {
                bare.push(took);
            }
            if rows.len() as i64 <= PAGE {
                break;
            }
            after = rows[PAGE as usize - 1].0;
        }
    }
    println!();
    println!("| {kind} | ours: median (p95) | baseline: median (p95) | ratio |");
    println!("|---|---|---|---|");
    let what = format!("a page of {PAGE} of {PEOPLE} people by GET /api/v1/people");
    println!("{}", line(&what, &figures(ours), "bare keyset select of the page", &figures(bare)));
    clean_up(db, backend, &url).await
}
