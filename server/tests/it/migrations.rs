//! Migrations that move data, run on data: a database as it was before a migration, filled the
//! way that version filled it, then brought up to date.
use app::backend::Db;

/// A database with the migrations before `version` applied (from a copy of those files).
async fn before(url: &str, backend: &str, version: &str) -> Db {
    let dir =
        std::env::temp_dir().join(format!("staffport-migrations-{}", app::backend::tokens::new_token().replace(['/', '+', '-', '_'], "")));
    std::fs::create_dir_all(&dir).unwrap();
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations").join(backend);
    for entry in std::fs::read_dir(source).unwrap().map(Result::unwrap) {
        if entry.file_name().to_string_lossy().as_ref() < version {
            std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
    }
    let db = Db::connect(url, 2).await.unwrap();
    sqlx::migrate::Migrator::new(dir.as_path()).await.unwrap().run(&db.pool).await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    db
}

/// Before accounts, a password lived on each person: one address could have a password in two
/// organisations. The migration makes one account per address (the password set last) and links
/// every membership that had one; invited people stay unlinked.
async fn accounts_from_people(url: &str, backend: &str) {
    let db = before(url, backend, "0010").await;
    let pool = &db.pool;
    for (org, slug) in [(1, "first"), (2, "second")] {
        sqlx::query("INSERT INTO organisations (id, name, slug, created_at) VALUES ($1, $2, $2, 0)")
            .bind(org)
            .bind(slug)
            .execute(pool)
            .await
            .unwrap();
    }
    let people = [
        (1, 1, "two@example.com", Some("hash-old"), 100, "active"),
        (2, 2, "two@example.com", Some("hash-new"), 200, "active"),
        (3, 1, "one@example.com", Some("hash-one"), 50, "active"),
        (4, 2, "invited@example.com", None, 60, "invited"),
    ];
    for (id, org, email, hash, updated, status) in people {
        sqlx::query(
            "INSERT INTO people (id, org_id, email, family_name, given_name, search_text, status, password_hash, created_at, updated_at) \
             VALUES ($1, $2, $3, 'F', 'G', '', $4, $5, 0, $6)",
        )
        .bind(id)
        .bind(org)
        .bind(email)
        .bind(status)
        .bind(hash)
        .bind(updated)
        .execute(pool)
        .await
        .unwrap();
    }
    db.migrate().await.unwrap();
    let accounts: Vec<(String, String)> =
        sqlx::query_as("SELECT email, password_hash FROM accounts ORDER BY email").fetch_all(pool).await.unwrap();
    assert_eq!(accounts, [("one@example.com".into(), "hash-one".into()), ("two@example.com".into(), "hash-new".into())]);
    let links: Vec<(i64, Option<String>)> =
        sqlx::query_as("SELECT p.id, a.email FROM people p LEFT JOIN accounts a ON a.id = p.account_id ORDER BY p.id")
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(
        links,
        [(1, Some("two@example.com".into())), (2, Some("two@example.com".into())), (3, Some("one@example.com".into())), (4, None)]
    );
}

#[tokio::test]
async fn accounts_are_made_from_people_with_passwords_sqlite() {
    let path = std::env::temp_dir().join(format!("staffport-migration-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    accounts_from_people(&format!("sqlite://{}?mode=rwc", path.display()), "sqlite").await;
}

#[tokio::test]
async fn accounts_are_made_from_people_with_passwords_postgres() {
    let Ok(admin) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("SKIPPED: TEST_DATABASE_URL is not set, PostgreSQL half not run (scripts/test sets it)");
        return;
    };
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin).await.unwrap();
    let name = format!("staffport_migration_{}", std::process::id());
    let _ = sqlx::Executor::execute(&mut conn, format!("DROP DATABASE IF EXISTS {name}").as_str()).await;
    sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str()).await.unwrap();
    let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap();
    accounts_from_people(&format!("{base}/{name}"), "postgres").await;
}
