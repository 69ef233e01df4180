//! The connection pool. One `AnyPool` serves SQLite and PostgreSQL with the same portable SQL
//! (`$1` placeholders, `RETURNING`); the few backend-specific statements are marked
//! `BACKEND-SPECIFIC` and branch on `Db::kind`.
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    /// Reads, and on PostgreSQL every statement.
    pub pool: AnyPool,
    /// Writes: on SQLite a pool of one connection of its own, on PostgreSQL the same pool.
    writer: AnyPool,
    pub kind: DbKind,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

impl Db {
    /// SQLite lets one connection write at a time. Writers that share the readers' pool wait for
    /// the lock in SQLite's busy handler, which sleeps in growing steps (up to 100 ms) while
    /// holding a pooled connection: under a steady write load a few sleeping writers took the
    /// whole pool and reads queued behind them (the load test's p50 was 80 ms for 1 ms reads).
    /// One writer connection makes writers queue in the pool instead, woken as soon as the
    /// writer before them commits, and readers never wait for a writer (WAL).
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let kind = if url.starts_with("postgres") { DbKind::Postgres } else { DbKind::Sqlite };
        let options = AnyConnectOptions::from_str(url)?;
        let readers = match (max_connections, kind) {
            (0, DbKind::Sqlite) => 8,
            (0, DbKind::Postgres) => 16,
            (n, _) => n,
        };
        let pool = Db::pool_options(kind, readers).connect_with(options.clone()).await?;
        let writer = match kind {
            DbKind::Sqlite => Db::pool_options(kind, 1).connect_with(options).await?,
            DbKind::Postgres => pool.clone(),
        };
        Ok(Db { pool, writer, kind })
    }

    fn pool_options(kind: DbKind, max_connections: u32) -> AnyPoolOptions {
        AnyPoolOptions::new().max_connections(max_connections).after_connect(move |conn, _meta| {
            Box::pin(async move {
                if kind == DbKind::Sqlite {
                    // The busy timeout still covers other processes (the CLI's seed or backup).
                    for pragma in [
                        "PRAGMA journal_mode = WAL",
                        "PRAGMA busy_timeout = 10000",
                        "PRAGMA foreign_keys = ON",
                        "PRAGMA synchronous = NORMAL",
                    ] {
                        conn.execute(pragma).await?;
                    }
                }
                Ok(())
            })
        })
    }

    /// Where a statement that writes outside a transaction goes (see `connect`).
    pub fn writes(&self) -> &AnyPool {
        &self.writer
    }

    /// Closes both pools.
    pub async fn close(&self) {
        self.pool.close().await;
        self.writer.close().await;
    }

    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self.kind {
            DbKind::Sqlite => SQLITE_MIGRATIONS.run(&self.writer).await,
            DbKind::Postgres => POSTGRES_MIGRATIONS.run(&self.writer).await,
        }
    }

    /// How many migrations this build ships that the database has not applied (successfully):
    /// a node started against a database another build migrated, or mid-migration, is not ready.
    pub async fn migrations_pending(&self) -> Result<usize, sqlx::Error> {
        let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success").fetch_all(&self.pool).await?;
        Ok(Db::shipped_migrations(self.kind).filter(|v| !applied.contains(v)).count())
    }

    /// The versions of the migrations this build ships for a backend.
    pub fn shipped_migrations(kind: DbKind) -> impl Iterator<Item = i64> {
        let migrator = match kind {
            DbKind::Sqlite => &SQLITE_MIGRATIONS,
            DbKind::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.iter().filter(|m| !m.migration_type.is_down_migration()).map(|m| m.version)
    }

    /// BACKEND-SPECIFIC: comma-joined roles of the person aliased `p`.
    pub fn roles_of_p(&self) -> &'static str {
        match self.kind {
            DbKind::Sqlite => "COALESCE((SELECT group_concat(r.role, ',') FROM person_roles r WHERE r.person_id = p.id), '')",
            DbKind::Postgres => "COALESCE((SELECT string_agg(r.role, ',') FROM person_roles r WHERE r.person_id = p.id), '')",
        }
    }

    /// BACKEND-SPECIFIC: a transaction that writes, on the writer (see `connect`): it must not
    /// wait for another write of its own meanwhile. SQLite takes the write lock at its start
    /// (`BEGIN IMMEDIATE`, waiting out other writers with the busy timeout): a deferred
    /// transaction that reads first fails with "database is locked" when it comes to write after
    /// another writer committed meanwhile, and the busy timeout does not cover that.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.kind {
            DbKind::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await,
            DbKind::Postgres => self.writer.begin().await,
        }
    }

    /// BACKEND-SPECIFIC: a shared row lock (readers of a row that must not change until they
    /// commit); SQLite serialises writers anyway.
    pub fn share_lock(&self) -> &'static str {
        match self.kind {
            DbKind::Sqlite => "",
            DbKind::Postgres => " FOR SHARE",
        }
    }

    /// BACKEND-SPECIFIC: row locking for job queues; SQLite serialises writers anyway.
    pub fn skip_locked(&self) -> &'static str {
        match self.kind {
            DbKind::Sqlite => "",
            DbKind::Postgres => "FOR UPDATE SKIP LOCKED",
        }
    }
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
/// `($1, $2), ($3, $4)`: placeholders of a multi-row INSERT of `rows` rows of `columns` values.
pub fn placeholders(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|r| format!("({})", (1..=columns).map(|c| format!("${}", r * columns + c)).collect::<Vec<_>>().join(", ")))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn like_contains(needle: &str) -> String {
    let mut out = String::from("%");
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}
