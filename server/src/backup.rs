//! Backup and restore of an SQLite installation (`staffport backup FILE`, `staffport restore
//! FILE`); PostgreSQL installations use pg_dump / pg_restore (README). The data key that seals
//! protected personal data is never in the database, so never in a backup: it is kept apart.
//!
//! A running server holds a lock beside its database file, so a restore cannot pull the file
//! from under it, and two servers never share one SQLite file.
use app::backend::{Db, DbKind};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use sqlx::ConnectOptions;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::str::FromStr;

type Result<T> = std::result::Result<T, String>;

/// The SQLite database file of a `sqlite://` URL (None for PostgreSQL and in-memory databases).
pub fn sqlite_file(database_url: &str) -> Option<PathBuf> {
    if !database_url.starts_with("sqlite:") {
        return None;
    }
    let options = SqliteConnectOptions::from_str(database_url).ok()?;
    let file = options.get_filename();
    (file != Path::new(":memory:") && !file.as_os_str().is_empty()).then(|| file.to_path_buf())
}

/// Held by a serving process for its lifetime (dropping the file releases the lock).
pub struct DatabaseLock(#[allow(dead_code)] File);

/// Takes the lock of an SQLite database's file, or says who holds it.
pub fn lock(database: &Path) -> Result<DatabaseLock> {
    let mut name = database.as_os_str().to_owned();
    name.push(".lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&name)
        .map_err(|e| format!("cannot open {}: {e}", Path::new(&name).display()))?;
    match file.try_lock() {
        Ok(()) => Ok(DatabaseLock(file)),
        Err(_) => Err(format!("{} is in use by a running Staffport server: stop it first", database.display())),
    }
}

/// A consistent copy of the live database (other requests go on meanwhile), owner-readable only,
/// checked before it is reported. Returns what to tell the operator.
pub async fn backup(db: &Db, database_url: &str, to: &Path, key_hint: &str) -> Result<String> {
    if db.kind == DbKind::Postgres {
        return Err("this installation uses PostgreSQL: back it up with pg_dump -Fc (see README, \"Backup and restore\")".into());
    }
    if to.exists() {
        return Err(format!("{} exists already: choose a new file name", to.display()));
    }
    let target = to.to_str().ok_or("the backup file name must be valid UTF-8")?;
    sqlx::query("VACUUM INTO $1").bind(target).execute(&db.pool).await.map_err(|e| format!("backup failed: {e}"))?;
    restrict(to)?;
    let summary = check(to).await?;
    let source = sqlite_file(database_url).map(|p| p.display().to_string()).unwrap_or_default();
    Ok(format!(
        "Backed up {source} to {} ({summary}).\nThe data key is NOT in the backup: keep {key_hint} with it, stored apart. Without that key the sealed personal data in the backup cannot be read.",
        to.display()
    ))
}

/// Replaces the database of `database_url` with the backup `from`: only while no server uses
/// it, only from a sound backup this build can read. The database it replaces is kept beside
/// it. Migrations newer than the backup are applied afterwards by the caller (`open_backend`).
pub async fn restore(database_url: &str, from: &Path) -> Result<String> {
    let target = sqlite_file(database_url)
        .ok_or("restore works on an SQLite database; a PostgreSQL installation restores with pg_restore (see README)")?;
    let _held = lock(&target)?;
    let summary = check(from).await?;
    let applied: Vec<i64> = with_file(from, Access::Backup, |pool| async move {
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success").fetch_all(&pool).await
    })
    .await?;
    let known: Vec<i64> = Db::shipped_migrations(DbKind::Sqlite).collect();
    if let Some(newer) = applied.iter().find(|v| !known.contains(v)) {
        return Err(format!(
            "the backup was made by a newer Staffport (migration {newer} is unknown to this one): restore it with that version"
        ));
    }
    let with_suffix = |suffix: &str| {
        let mut name = target.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    let staged = with_suffix(".restoring");
    let _ = std::fs::remove_file(&staged);
    std::fs::copy(from, &staged).map_err(|e| format!("cannot copy {}: {e}", from.display()))?;
    File::open(&staged).and_then(|f| f.sync_all()).map_err(|e| format!("cannot write {}: {e}", staged.display()))?;
    restrict(&staged)?;
    let mut kept = String::new();
    if target.exists() {
        // A consistent copy of what is replaced (its write-ahead log included), then the file
        // and its log go.
        let previous = with_suffix(&format!(".before-restore-{}", app::backend::now()));
        let path = previous.to_str().ok_or("the database path must be valid UTF-8")?.to_string();
        with_file(&target, Access::Live, |pool| async move { sqlx::query("VACUUM INTO $1").bind(path).execute(&pool).await.map(|_| ()) })
            .await?;
        restrict(&previous)?;
        for log in [with_suffix("-wal"), with_suffix("-shm")] {
            let _ = std::fs::remove_file(log);
        }
        kept = format!("\nThe database it replaced is kept as {}.", previous.display());
    }
    std::fs::rename(&staged, &target).map_err(|e| format!("cannot put the backup in place: {e}"))?;
    Ok(format!(
        "Restored {} from {} ({summary}).{kept}\nSealed personal data reads with the data key that was in use when the backup was made.",
        target.display(),
        from.display()
    ))
}

/// The backup opens, passes SQLite's integrity check and is a Staffport database; says how many
/// organisations and people it holds.
async fn check(file: &Path) -> Result<String> {
    if !file.is_file() {
        return Err(format!("{} is not a file", file.display()));
    }
    with_file(file, Access::Backup, |pool| async move {
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&pool).await?;
        if integrity != "ok" {
            return Ok(Err(format!("the backup is damaged (integrity check: {integrity})")));
        }
        let counts: (i64, i64) =
            sqlx::query_as("SELECT (SELECT COUNT(*) FROM organisations), (SELECT COUNT(*) FROM people)").fetch_one(&pool).await?;
        Ok(Ok(format!("{} organisations, {} people", counts.0, counts.1)))
    })
    .await?
}

enum Access {
    /// A backup file: read as it is, never written (no lock, journal or shared memory).
    Backup,
    /// The installation's database (no server on it: the caller holds its lock).
    Live,
}

/// Runs `f` on a one-connection pool of one SQLite file; an error says the file is not a
/// Staffport database.
async fn with_file<T, F, Fut>(file: &Path, access: Access, f: F) -> Result<T>
where
    F: FnOnce(SqlitePool) -> Fut,
    Fut: std::future::Future<Output = std::result::Result<T, sqlx::Error>>,
{
    let options = SqliteConnectOptions::new().filename(file).disable_statement_logging();
    let options = match access {
        Access::Backup => options.read_only(true).immutable(true),
        Access::Live => options,
    };
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .map_err(|e| format!("cannot open {}: {e}", file.display()))?;
    let out = f(pool.clone()).await.map_err(|e| format!("{} is not a Staffport database ({e})", file.display()));
    pool.close().await;
    out
}

/// Backups hold personal data: owner-readable only.
fn restrict(file: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| format!("cannot restrict {}: {e}", file.display()))?;
    }
    Ok(())
}
