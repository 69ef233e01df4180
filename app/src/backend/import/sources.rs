//! Saved sources: how an organisation reads one payroll system's export (preset, options,
//! columns mapped by hand), kept under a name from a run that read it right; and the watched
//! folder a source may have, read once a day for the nightly export, with the same runs,
//! report and audit as an upload.
use super::{apply_now, sha256, start, Starter};
use crate::backend::{audit, now, policy, zone, Backend, Caller, Result};
use crate::AppError;
use shared::audit::{Event, Subject};
use shared::format::Date;
use shared::import::report::{Options, SourceInput, SourceView};
use shared::import::OnErrors;
use shared::stored::Json;
use shared::validation::{optional_text, required_text, FieldError};
use shared::{Locale, Msg};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    org_id: i64,
    name: String,
    options: Json<Options>,
    on_errors: OnErrors,
    folder: Option<String>,
    daily_at: Option<String>,
    last_read_on: Option<Date>,
    version: i64,
    /// The organisation's: daily times are its local times.
    time_zone: String,
}

const ROWS: &str = "SELECT s.id, s.org_id, s.name, s.options, s.on_errors, s.folder, s.daily_at, s.last_read_on, s.version, \
     o.time_zone FROM import_sources s JOIN organisations o ON o.id = s.org_id";

/// The organisation's sources, by name.
pub async fn list(backend: &Backend, caller: &Caller) -> Result<Vec<SourceView>> {
    policy::manage_imports(caller)?;
    let rows: Vec<Row> =
        sqlx::query_as(&format!("{ROWS} WHERE s.org_id = $1 ORDER BY s.name")).bind(caller.org_id).fetch_all(&backend.db.pool).await?;
    Ok(rows
        .into_iter()
        .map(|r| SourceView {
            id: r.id,
            name: r.name,
            preset: r.options.0.preset,
            mode: r.options.0.mode,
            mapped_columns: r.options.0.columns.len() as u32,
            on_errors: r.on_errors,
            folder: r.folder,
            daily_at: r.daily_at,
            last_read_on: r.last_read_on,
            version: r.version,
            time_zone: r.time_zone,
        })
        .collect())
}

/// A source's options, for a file uploaded "as" it.
pub async fn options(backend: &Backend, org_id: i64, id: i64) -> Result<Options> {
    let found: Option<Json<Options>> = sqlx::query_scalar("SELECT options FROM import_sources WHERE org_id = $1 AND id = $2")
        .bind(org_id)
        .bind(id)
        .fetch_optional(&backend.db.pool)
        .await?;
    Ok(found.ok_or(FieldError::new("source", Msg::ErrBadReference))?.0)
}

/// A folder is one name under the import root: letters, digits, `-` and `_`.
fn folder(raw: &str) -> Result<Option<String>, FieldError> {
    let Some(name) = optional_text("folder", raw, 64)? else { return Ok(None) };
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        Ok(Some(name))
    } else {
        Err(FieldError::new("folder", Msg::ErrImportFolder))
    }
}

/// `HH:MM`.
fn daily_at(raw: &str) -> Result<Option<String>, FieldError> {
    let Some(time) = optional_text("daily_at", raw, 5)? else { return Ok(None) };
    let valid = time.split_once(':').is_some_and(|(h, m)| {
        h.len() == 2 && m.len() == 2 && h.parse::<u8>().is_ok_and(|h| h < 24) && m.parse::<u8>().is_ok_and(|m| m < 60)
    });
    valid.then_some(Some(time)).ok_or(FieldError::new("daily_at", Msg::ErrImportTime))
}

/// Saves the options a run read its file with as a source (a new one, or the one named).
pub async fn save(backend: &Backend, caller: &Caller, input: &SourceInput, client_addr: Option<&str>) -> Result<i64> {
    policy::manage_imports(caller)?;
    let name = required_text("name", &input.name, 100)?;
    let folder = folder(&input.folder)?;
    let daily_at = daily_at(&input.daily_at)?;
    if folder.is_some() != daily_at.is_some() {
        return Err(FieldError::new(if folder.is_some() { "daily_at" } else { "folder" }, Msg::ErrRequired).into());
    }
    let options: Option<Json<Options>> = sqlx::query_scalar("SELECT options FROM import_runs WHERE org_id = $1 AND id = $2")
        .bind(caller.org_id)
        .bind(input.run_id)
        .fetch_optional(&backend.db.pool)
        .await?;
    let options = options.ok_or(AppError::NotFound)?;
    let mut tx = backend.db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO import_sources (org_id, name, options, on_errors, folder, daily_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (org_id, name) DO UPDATE SET options = excluded.options, on_errors = excluded.on_errors, folder = excluded.folder, \
         daily_at = excluded.daily_at, version = import_sources.version + 1 RETURNING id",
    )
    .bind(caller.org_id)
    .bind(&name)
    .bind(&options)
    .bind(input.on_errors)
    .bind(&folder)
    .bind(&daily_at)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let entry = audit::Entry::by(
        caller,
        Event::ImportSourceSaved,
        (Subject::ImportSource, id),
        serde_json::json!({ "name": name, "folder": folder, "daily_at": daily_at }),
        client_addr,
    );
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(id)
}

/// Reads every watched folder whose time has come today (`at`, Unix seconds; the day and the
/// time are its organisation's) and not yet read that day: its newest export is checked and
/// applied as the source says, unless it is the file applied last. Each source is claimed for
/// the day first, so several nodes read it once. Answers how many files were imported.
pub async fn read_watched(backend: &Backend, at: i64) -> Result<usize> {
    let Some(root) = backend.config.import_root.clone() else { return Ok(0) };
    let watched: Vec<Row> = sqlx::query_as(&format!("{ROWS} WHERE s.folder IS NOT NULL ORDER BY s.id")).fetch_all(&backend.db.pool).await?;
    let mut due = Vec::new();
    for source in watched {
        let (today, time) = zone::local(at, zone::stored(&source.time_zone)?);
        if source.daily_at.as_deref().is_some_and(|d| d <= time.as_str()) && source.last_read_on.is_none_or(|d| d < today) {
            due.push((source, today));
        }
    }
    let mut imported = 0;
    for (source, today) in due {
        let claimed =
            sqlx::query("UPDATE import_sources SET last_read_on = $1 WHERE id = $2 AND (last_read_on IS NULL OR last_read_on < $1)")
                .bind(today)
                .bind(source.id)
                .execute(backend.db.writes())
                .await?;
        if claimed.rows_affected() == 0 {
            continue;
        }
        match read_one(backend, &root, &source).await {
            Ok(true) => imported += 1,
            Ok(false) => {}
            // The file's problems are in its run; this is what stopped the run itself.
            Err(e) => tracing::error!(source = source.id, error = %e, "watched import folder"),
        }
    }
    Ok(imported)
}

/// The newest regular file (CSV or XLSX) in the source's folder, if any.
fn newest(root: &str, folder: &str) -> std::io::Result<Option<std::path::PathBuf>> {
    let dir = std::path::Path::new(root).join(folder);
    let mut newest: Option<(std::time::SystemTime, std::path::PathBuf)> = None;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        // Not followed: a link could point anywhere on the machine.
        let meta = entry.path().symlink_metadata()?;
        let name = entry.file_name().to_string_lossy().to_lowercase();
        if !meta.is_file() || !(name.ends_with(".csv") || name.ends_with(".txt") || name.ends_with(".xlsx")) {
            continue;
        }
        let modified = meta.modified()?;
        if newest.as_ref().is_none_or(|(t, _)| modified > *t) {
            newest = Some((modified, entry.path()));
        }
    }
    Ok(newest.map(|(_, p)| p))
}

async fn read_one(backend: &Backend, root: &str, source: &Row) -> Result<bool> {
    let Some(folder) = &source.folder else { return Ok(false) };
    let io = |e: std::io::Error| crate::backend::BackendError::Internal(format!("import folder: {e}"));
    let Some(path) = newest(root, folder).map_err(io)? else { return Ok(false) };
    if path.symlink_metadata().map_err(io)?.len() > super::MAX_BYTES as u64 {
        return Err(FieldError::new("file", Msg::ErrFileTooLarge).into());
    }
    let bytes = std::fs::read(&path).map_err(io)?;
    let last: Option<String> =
        sqlx::query_scalar("SELECT file_sha256 FROM import_runs WHERE source_id = $1 AND status = 'applied' ORDER BY id DESC LIMIT 1")
            .bind(source.id)
            .fetch_optional(&backend.db.pool)
            .await?;
    if last.as_deref() == Some(sha256(&bytes).as_str()) {
        return Ok(false);
    }
    let org_name: String =
        sqlx::query_scalar("SELECT name FROM organisations WHERE id = $1").bind(source.org_id).fetch_one(&backend.db.pool).await?;
    let who = Starter {
        org_id: source.org_id,
        org_name: &org_name,
        person_id: None,
        locale: Locale::En,
        client_addr: None,
        source: Some(source.id),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (run, _) = start(backend, &who, &name, &bytes, &source.options.0).await?;
    apply_now(backend, &who, run, source.on_errors).await?;
    Ok(true)
}
