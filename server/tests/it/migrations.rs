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

/// A new empty database of `backend` for the test `name`, or None (said) when PostgreSQL is
/// not configured.
async fn empty(backend: &str, name: &str) -> Option<String> {
    let name = format!("staffport_migration_{name}_{}", std::process::id());
    if backend == "sqlite" {
        let path = std::env::temp_dir().join(format!("{name}.db"));
        let _ = std::fs::remove_file(&path);
        return Some(format!("sqlite://{}?mode=rwc", path.display()));
    }
    let Ok(admin) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("SKIPPED: TEST_DATABASE_URL is not set, PostgreSQL half not run (scripts/test sets it)");
        return None;
    };
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin).await.unwrap();
    let _ = sqlx::Executor::execute(&mut conn, format!("DROP DATABASE IF EXISTS {name}").as_str()).await;
    sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str()).await.unwrap();
    let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap();
    Some(format!("{base}/{name}"))
}

/// One migration test on SQLite and on PostgreSQL.
macro_rules! on_both_backends {
    ($check:ident: $sqlite:ident, $postgres:ident) => {
        #[tokio::test]
        async fn $sqlite() {
            let url = empty("sqlite", stringify!($check)).await.unwrap();
            $check(&url, "sqlite").await;
        }

        #[tokio::test]
        async fn $postgres() {
            if let Some(url) = empty("postgres", stringify!($check)).await {
                $check(&url, "postgres").await;
            }
        }
    };
}

on_both_backends!(accounts_from_people: accounts_are_made_from_people_with_passwords_sqlite, accounts_are_made_from_people_with_passwords_postgres);

/// Before kinds, a notification was a finished sentence. The migration keeps each one, read
/// and unread as it was, as the kind `legacy` holding that sentence, and the list shows it.
async fn notices_as_legacy_kind(url: &str, backend: &str) {
    use shared::notifications::Told;
    let db = before(url, backend, "0011").await;
    let pool = &db.pool;
    sqlx::query("INSERT INTO organisations (id, name, slug, created_at) VALUES (1, 'first', 'first', 0)").execute(pool).await.unwrap();
    sqlx::query(
        "INSERT INTO people (id, org_id, email, family_name, given_name, search_text, status, created_at, updated_at) \
         VALUES (1, 1, 'one@example.com', 'F', 'G', '', 'active', 0, 0)",
    )
    .execute(pool)
    .await
    .unwrap();
    let written = [(1, "Your timesheet for Mar 1, 2026 – Mar 31, 2026 is overdue.", Some(500)), (2, "Ким \"Минджи\" добавил(а) вас", None)];
    for (id, body, read_at) in written {
        sqlx::query(
            "INSERT INTO notifications (id, org_id, person_id, body, link, created_at, read_at) VALUES ($1, 1, 1, $2, '/timesheets', 100, $3)",
        )
        .bind(id)
        .bind(body)
        .bind(read_at)
        .execute(pool)
        .await
        .unwrap();
    }
    db.migrate().await.unwrap();
    let rows: Vec<(i64, String, String, Option<i64>)> =
        sqlx::query_as("SELECT id, kind, params, read_at FROM notifications ORDER BY id").fetch_all(pool).await.unwrap();
    assert_eq!(rows.len(), 2);
    for ((id, kind, params, read_at), (want_id, body, want_read)) in rows.into_iter().zip(written) {
        assert_eq!((id, read_at), (want_id, want_read));
        assert_eq!(Told::from_stored(&kind, &params), Ok(Told::Legacy { text: body.to_string() }));
    }
}

on_both_backends!(notices_as_legacy_kind: notices_become_the_legacy_kind_sqlite, notices_become_the_legacy_kind_postgres);

/// Before typed events, an invitation's timeline line held its stored values as one sentence
/// ("coffee_chat · place · 2026-12-07T15:00, …"), shown as it was. The migration turns it into
/// what was sent, which reads back as an invitation; other events keep their bodies.
async fn invitation_events_as_notes(url: &str, backend: &str) {
    use shared::recruiting::{EventKind, Happened, InvitationKind, InvitationNote};
    let db = before(url, backend, "0013").await;
    let pool = &db.pool;
    for sql in [
        "INSERT INTO organisations (id, name, slug, created_at) VALUES (1, 'first', 'first', 0)",
        "INSERT INTO people (id, org_id, email, family_name, given_name, search_text, status, created_at, updated_at) \
         VALUES (1, 1, 'one@example.com', 'F', 'G', '', 'active', 0, 0)",
        "INSERT INTO jobs (id, org_id, title, owner_id, created_at) VALUES (1, 1, 'Welder', 1, 0)",
        "INSERT INTO job_stages (id, org_id, job_id, position, name, kind) VALUES (1, 1, 1, 0, '{\"en\":\"A\",\"ko\":\"A\",\"ru\":\"A\"}', 'active')",
        "INSERT INTO candidates (id, org_id, job_id, stage_id, position, full_name, search, sealed_contacts, created_at, updated_at) \
         VALUES (1, 1, 1, 1, 1.0, 'Kim', 'kim', '', 0, 0)",
        "INSERT INTO candidate_events (id, org_id, candidate_id, kind, actor_id, body, created_at) VALUES \
         (1, 1, 1, 'invitation', 1, 'coffee_chat · Café Namu, 2F · 2026-12-07T15:00, 2026-12-08T10:30', 0), \
         (2, 1, 1, 'invitation', 1, 'interview · https://meet.example.com/x · 2026-12-09T09:00', 0), \
         (3, 1, 1, 'comment', 1, 'a · b · c', 0)",
    ] {
        sqlx::query(sql).execute(pool).await.unwrap();
    }
    db.migrate().await.unwrap();
    let rows: Vec<(EventKind, String)> =
        sqlx::query_as("SELECT kind, body FROM candidate_events ORDER BY id").fetch_all(pool).await.unwrap();
    let read: Vec<Happened> = rows.iter().map(|(kind, body)| Happened::from_stored(*kind, body).unwrap()).collect();
    let note = |kind, place: &str, slots: &[&str]| {
        Happened::Invitation(InvitationNote { kind, place: place.into(), slots: slots.iter().map(|s| s.to_string()).collect() })
    };
    assert_eq!(
        read,
        [
            note(InvitationKind::CoffeeChat, "Café Namu, 2F", &["2026-12-07T15:00", "2026-12-08T10:30"]),
            note(InvitationKind::Interview, "https://meet.example.com/x", &["2026-12-09T09:00"]),
            Happened::Comment("a · b · c".into()),
        ]
    );
}

on_both_backends!(invitation_events_as_notes: invitation_events_become_notes_sqlite, invitation_events_become_notes_postgres);
