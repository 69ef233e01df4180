//! What every benchmark needs: a fresh database (a temporary SQLite file, or a new PostgreSQL
//! database under `BENCH_DATABASE_URL`), fast bulk inserts, an organisation, callers, clean-up.
use app::backend::request::Caller;
use app::backend::{Backend, Config, Db};
use shared::Role;

static NEXT_DB: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

pub type Result<T> = std::result::Result<T, String>;

pub fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

async fn database() -> Result<(String, &'static str)> {
    match std::env::var("BENCH_DATABASE_URL") {
        Ok(admin) => {
            sqlx::any::install_default_drivers();
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin).await.map_err(err)?;
            let name = format!("staffport_bench_{}_{}", std::process::id(), NEXT_DB.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
            sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str()).await.map_err(err)?;
            let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).ok_or("BENCH_DATABASE_URL needs a database name")?;
            Ok((format!("{base}/{name}"), "PostgreSQL"))
        }
        Err(_) => {
            let path = std::env::temp_dir().join(format!(
                "staffport-bench-{}-{}.db",
                std::process::id(),
                NEXT_DB.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            ));
            Ok((format!("sqlite://{}?mode=rwc", path.display()), "SQLite"))
        }
    }
}

/// Inserts rows in multi-row statements. Values are generated numbers and fixed strings only.
pub async fn insert_rows(db: &Db, head: &str, rows: impl Iterator<Item = String>) -> Result<()> {
    let mut batch: Vec<String> = Vec::with_capacity(1000);
    let mut tx = db.pool.begin().await.map_err(err)?;
    for row in rows {
        batch.push(row);
        if batch.len() == 1000 {
            sqlx::query(&format!("{head} VALUES {}", batch.join(","))).execute(&mut *tx).await.map_err(err)?;
            batch.clear();
        }
    }
    if !batch.is_empty() {
        sqlx::query(&format!("{head} VALUES {}", batch.join(","))).execute(&mut *tx).await.map_err(err)?;
    }
    tx.commit().await.map_err(err)
}

/// A migrated database and a backend on it; returns the URL and the backend's name too.
pub async fn open() -> Result<(String, &'static str, Db, Backend)> {
    open_with(|_| {}).await
}

/// `open` with a configuration of the benchmark's own.
pub async fn open_with(tweak: impl FnOnce(&mut Config)) -> Result<(String, &'static str, Db, Backend)> {
    let (url, kind) = database().await?;
    let mut config = Config::from_env();
    tweak(&mut config);
    config.database_url = url.clone();
    config.data_key = Some(app::backend::crypto::Sealer::new_key());
    let db = Db::connect(&url, 0).await.map_err(err)?;
    db.migrate().await.map_err(err)?;
    let backend = Backend::new(db.clone(), config)?;
    Ok((url, kind, db, backend))
}

/// The fixed creation time of generated rows.
pub const T: i64 = 1_790_000_000;

/// An organisation with one Korean legal entity: (organisation, legal entity).
pub async fn organisation(db: &Db) -> Result<(i64, i64)> {
    organisation_in(db, "bench", "KR").await
}

/// An organisation `slug` with one legal entity in `country`: (organisation, legal entity).
pub async fn organisation_in(db: &Db, slug: &str, country: &str) -> Result<(i64, i64)> {
    let org: i64 = sqlx::query_scalar("INSERT INTO organisations (name, slug, created_at) VALUES ($1, $1, $2) RETURNING id")
        .bind(slug)
        .bind(T)
        .fetch_one(db.writes())
        .await
        .map_err(err)?;
    let entity: i64 =
        sqlx::query_scalar("INSERT INTO legal_entities (org_id, name, country, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(org)
            .bind(format!("Bench {country}"))
            .bind(country)
            .bind(T)
            .fetch_one(db.writes())
            .await
            .map_err(err)?;
    Ok((org, entity))
}

/// A signed-in person as the backend sees them.
pub fn caller(org: i64, person: i64, roles: Vec<Role>) -> Caller {
    Caller {
        person_id: person,
        org_id: org,
        org_name: "Bench".into(),
        family_name: "김".into(),
        given_name: "민준".into(),
        email: Some(format!("p{person}@bench.example")),
        roles,
        locale: None,
        department_id: None,
        legal_entity_id: None,
        client_company_id: None,
        session_hash: String::new(),
        unread_notices: 0,
        org_count: 1,
        zone: app::backend::zone::UTC,
    }
}

/// Closes the pool and removes the benchmark's database.
pub async fn clean_up(db: Db, backend: Backend, url: &str) -> Result<()> {
    db.close().await;
    drop(backend);
    if let Some(path) = url.strip_prefix("sqlite://").and_then(|p| p.split('?').next()) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{suffix}"));
        }
    } else if let (Ok(admin), Some((_, name))) = (std::env::var("BENCH_DATABASE_URL"), url.rsplit_once('/')) {
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin).await.map_err(err)?;
        sqlx::Executor::execute(&mut conn, format!("DROP DATABASE {name} WITH (FORCE)").as_str()).await.map_err(err)?;
    }
    Ok(())
}
