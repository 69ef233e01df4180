//! Importing people from payroll systems. A file is first checked (a dry run that writes only
//! the run and its report), then applied: the plan is made again against the data as it is
//! then, so what was applied by hand meanwhile, or by an interrupted earlier run, is not done
//! twice. The file is kept sealed between the two and dropped once applied.
mod apply;
mod plan;
mod rows;
pub mod sources;
pub mod table;
mod units;

use super::{audit, now, policy, Backend, Caller, Result};
use crate::AppError;
use plan::{Context, Needs, Plan, Settings};
use rows::Columns;
use sha2::{Digest, Sha256};
use shared::audit::{Event, Subject};
use shared::import::report::{Options, Report, RunView};
use shared::import::{Counts, Field, OnErrors, Outcome, Problem, ReportRow, RowProblem, RunStatus};
use shared::stored::Json;
use shared::validation::FieldError;
use shared::{Locale, Msg};

/// The largest file an import reads (a 50,000-person CSV is about 10 MB).
pub const MAX_BYTES: usize = 32 * 1024 * 1024;
/// Report rows a page shows; the downloadable report has them all.
const PAGE_ROWS: usize = 500;
/// A run applying whose heartbeat is older than this was interrupted.
const STALE_SECS: i64 = 120;

/// Who starts a run: a signed-in administrator or HR manager, or the command line.
pub struct Starter<'a> {
    pub org_id: i64,
    pub org_name: &'a str,
    pub person_id: Option<i64>,
    pub locale: Locale,
    pub client_addr: Option<&'a str>,
    /// The saved source the file was read as (a watched folder's, or chosen in the screen).
    pub source: Option<i64>,
}

impl<'a> Starter<'a> {
    pub fn of(caller: &'a Caller, client_addr: Option<&'a str>) -> Starter<'a> {
        Starter {
            org_id: caller.org_id,
            org_name: &caller.org_name,
            person_id: Some(caller.person_id),
            locale: caller.locale.unwrap_or_default(),
            client_addr,
            source: None,
        }
    }
}

/// The file read and compared: what a dry run reports and an apply writes.
struct Checked {
    columns: Columns,
    context: Context,
    plan: Plan,
    /// Required columns the file lacks: then nothing can be applied.
    missing: Vec<Field>,
}

impl Checked {
    fn report(&self) -> Vec<ReportRow> {
        let mut rows: Vec<ReportRow> = self
            .missing
            .iter()
            .map(|f| ReportRow {
                line: self.columns.line,
                key: String::new(),
                name: String::new(),
                outcome: Outcome::Error,
                changed: vec![],
                problems: vec![RowProblem { field: Some(*f), column: String::new(), problem: Problem::MissingColumn }],
            })
            .collect();
        rows.extend(self.plan.rows.iter().map(|r| r.report.clone()));
        rows
    }

    fn counts(&self) -> Counts {
        let mut counts = Counts::of(&self.report());
        counts.departments_created = plan::NewUnits::used(&self.plan.units.departments).count() as u32;
        counts.units_created = self.plan.units.count();
        counts.placements_created = self.plan.new_placements();
        counts
    }
}

async fn check(backend: &Backend, org_id: i64, bytes: &[u8], options: &Options) -> Result<Checked> {
    let lines = table::read(bytes, &options.sheet, &options.encoding)?;
    let columns =
        rows::locate_header(&lines, options.preset, &options.columns).ok_or(FieldError::new("file", Msg::ErrImportFileUnreadable))?;
    // Sealed fields are opened only to compare them with a file that has some.
    let needs = Needs {
        secrets: columns.fields.iter().flatten().any(|f| f.protected().is_some()),
        placements: rows::PLACEMENT.iter().any(|f| columns.has(*f)),
    };
    let context = Context::load(backend, org_id, needs).await?;
    let missing = columns.missing(context.legal_entities.len() == 1);
    let reads = if missing.is_empty() {
        let country = |name: Option<&str>| {
            context.legal_entity(name).map(|(_, _, c)| c.clone()).unwrap_or_else(|| options.preset.country().to_string())
        };
        rows::read_rows(&lines, &columns, &country)
    } else {
        Vec::new()
    };
    if missing.is_empty() && reads.is_empty() {
        return Err(FieldError::new("file", Msg::ErrImportNoRows).into());
    }
    // New legal entities and client companies are in the preset's country, else the first
    // legal entity's.
    let country = match options.preset.country() {
        "" => context.legal_entities.first().map(|(_, _, c)| c.clone()).unwrap_or_default(),
        c => c.to_string(),
    };
    let settings = Settings { mode: options.mode, create_units: options.create_units, country };
    let plan = plan::plan(&context, &columns, reads, &settings);
    Ok(Checked { columns, context, plan, missing })
}

/// Checks a file and keeps the run: nothing else is written. With a saved source, the file is
/// read as that source reads it (`options` is then ignored).
pub async fn dry_run(
    backend: &Backend,
    caller: &Caller,
    file_name: &str,
    bytes: &[u8],
    (options, source): (&Options, Option<i64>),
    client_addr: Option<&str>,
) -> Result<i64> {
    policy::manage_imports(caller)?;
    let saved = match source {
        Some(id) => Some(sources::options(backend, caller.org_id, id).await?),
        None => None,
    };
    let who = Starter { source, ..Starter::of(caller, client_addr) };
    start(backend, &who, file_name, bytes, saved.as_ref().unwrap_or(options)).await.map(|(id, _)| id)
}

/// A dry run for any starter (the command line has no caller).
pub async fn start(backend: &Backend, who: &Starter<'_>, file_name: &str, bytes: &[u8], options: &Options) -> Result<(i64, Counts)> {
    if bytes.len() > MAX_BYTES {
        return Err(FieldError::new("file", Msg::ErrFileTooLarge).into());
    }
    let checked = check(backend, who.org_id, bytes, options).await?;
    let counts = checked.counts();
    // Unchanged rows are counted, not listed: a nightly sync's report is what changed.
    let report: Vec<ReportRow> = checked.report().into_iter().filter(|r| r.outcome != Outcome::Unchanged).collect();
    let columns: Vec<(String, Option<Field>)> =
        checked.columns.headers.iter().cloned().zip(checked.columns.fields.iter().copied()).collect();
    let file_name: String = file_name.chars().take(200).collect();
    let mut tx = backend.db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO import_runs (org_id, started_by, file_name, file_sha256, content_sealed, options, columns, counts, report, status, \
         rows_total, created_at, source_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(who.org_id)
    .bind(who.person_id)
    .bind(&file_name)
    .bind(sha256(bytes))
    .bind(backend.sealer.seal(bytes)?)
    .bind(Json(options))
    .bind(Json(&columns))
    .bind(Json(&counts))
    .bind(Json(&report))
    .bind(RunStatus::DryRun)
    .bind(i64::from(counts.created + counts.updated + counts.deactivated))
    .bind(now())
    .bind(who.source)
    .fetch_one(&mut *tx)
    .await?;
    record(&mut tx, who, Event::ImportChecked, id, &counts, &file_name).await?;
    tx.commit().await?;
    Ok((id, counts))
}

async fn record(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    who: &Starter<'_>,
    event: Event,
    run: i64,
    counts: &Counts,
    file: &str,
) -> Result<()> {
    audit::record(
        &mut **tx,
        audit::Entry {
            org_id: who.org_id,
            actor_id: who.person_id,
            action: event.into(),
            subject_type: Subject::ImportRun,
            subject_id: Some(run),
            detail: serde_json::json!({ "file": file, "counts": counts }),
            client_addr: who.client_addr,
        },
    )
    .await
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(sqlx::FromRow)]
struct Stored {
    file_name: String,
    file_sha256: String,
    content_sealed: Option<String>,
    options: Json<Options>,
    status: RunStatus,
    heartbeat_at: Option<i64>,
}

/// Marks a run as applying, if it may be: it is this organisation's, not applied yet, and no
/// other run is applying (an interrupted run of the same file gives way to this one).
async fn claim(backend: &Backend, org_id: i64, run_id: i64) -> Result<Stored> {
    let stored: Stored = sqlx::query_as(
        "SELECT file_name, file_sha256, content_sealed, options, status, heartbeat_at FROM import_runs WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id)
    .bind(run_id)
    .fetch_optional(&backend.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    if stored.status == RunStatus::Applied || stored.content_sealed.is_none() {
        return Err(AppError::Conflict.into());
    }
    let t = now();
    let mut tx = backend.db.begin_write().await?;
    // An interrupted run of the same file is finished by this one.
    sqlx::query(
        "UPDATE import_runs SET status = 'failed', finished_at = $1 WHERE org_id = $2 AND id <> $3 AND status = 'applying' \
         AND (file_sha256 = $4 OR heartbeat_at < $5)",
    )
    .bind(t)
    .bind(org_id)
    .bind(run_id)
    .bind(&stored.file_sha256)
    .bind(t - STALE_SECS)
    .execute(&mut *tx)
    .await?;
    let busy: Option<i64> = sqlx::query_scalar("SELECT id FROM import_runs WHERE org_id = $1 AND id <> $2 AND status = 'applying'")
        .bind(org_id)
        .bind(run_id)
        .fetch_optional(&mut *tx)
        .await?;
    if busy.is_some() || (stored.status == RunStatus::Applying && stored.heartbeat_at.is_some_and(|h| h >= t - STALE_SECS)) {
        return Err(FieldError::new("file", Msg::ErrImportBusy).into());
    }
    sqlx::query("UPDATE import_runs SET status = 'applying', rows_done = 0, heartbeat_at = $1, version = version + 1 WHERE id = $2")
        .bind(t)
        .bind(run_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(stored)
}

/// Checks a run's file again with columns mapped by hand: a new run (the file is the same, so
/// it is not uploaded again). Only while the file is kept, i.e. until it is applied.
pub async fn recheck(
    backend: &Backend,
    caller: &Caller,
    run_id: i64,
    columns: Vec<(String, Option<Field>)>,
    client_addr: Option<&str>,
) -> Result<i64> {
    policy::manage_imports(caller)?;
    #[derive(sqlx::FromRow)]
    struct Kept {
        file_name: String,
        content_sealed: Option<String>,
        options: Json<Options>,
        source_id: Option<i64>,
    }
    let kept: Kept = sqlx::query_as("SELECT file_name, content_sealed, options, source_id FROM import_runs WHERE org_id = $1 AND id = $2")
        .bind(caller.org_id)
        .bind(run_id)
        .fetch_optional(&backend.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let bytes = backend.sealer.open(&kept.content_sealed.ok_or(AppError::Conflict)?)?;
    let options = Options { columns, ..kept.options.0 };
    let who = Starter { source: kept.source_id, ..Starter::of(caller, client_addr) };
    start(backend, &who, &kept.file_name, &bytes, &options).await.map(|(id, _)| id)
}

/// Applies a checked run in the background; the page follows its progress.
pub async fn apply(backend: &Backend, caller: &Caller, run_id: i64, on_errors: OnErrors, client_addr: Option<&str>) -> Result<()> {
    policy::manage_imports(caller)?;
    let stored = claim(backend, caller.org_id, run_id).await?;
    let backend = backend.clone();
    let (org_id, org_name, person_id, locale) =
        (caller.org_id, caller.org_name.clone(), caller.person_id, caller.locale.unwrap_or_default());
    let client_addr = client_addr.map(str::to_string);
    tokio::spawn(async move {
        let who =
            Starter { org_id, org_name: &org_name, person_id: Some(person_id), locale, client_addr: client_addr.as_deref(), source: None };
        if let Err(e) = finish(&backend, &who, run_id, stored, on_errors).await {
            tracing::error!(run = run_id, error = %e, "import apply");
        }
    });
    Ok(())
}

/// Applies a checked run now (the command line).
pub async fn apply_now(backend: &Backend, who: &Starter<'_>, run_id: i64, on_errors: OnErrors) -> Result<Counts> {
    let stored = claim(backend, who.org_id, run_id).await?;
    finish(backend, who, run_id, stored, on_errors).await
}

async fn finish(backend: &Backend, who: &Starter<'_>, run_id: i64, stored: Stored, on_errors: OnErrors) -> Result<Counts> {
    let outcome = async {
        let sealed = stored.content_sealed.as_deref().ok_or(AppError::Conflict)?;
        let bytes = backend.sealer.open(sealed)?;
        let options = &stored.options.0;
        let mut checked = check(backend, who.org_id, &bytes, options).await?;
        let counts = checked.counts();
        if !checked.missing.is_empty() || (on_errors == OnErrors::Refuse && counts.errors > 0) {
            return Err(FieldError::new("file", Msg::ErrImportRefused).into());
        }
        // The units first; then the file is compared again, with every unit it names in place.
        if !checked.plan.units.is_empty() {
            units::create(backend, who, run_id, &checked.plan.units).await?;
            checked = check(backend, who.org_id, &bytes, options).await?;
        }
        let apply = apply::Apply {
            backend,
            org_id: who.org_id,
            org_name: who.org_name,
            run_id,
            actor: who.person_id,
            invite: options.invite,
            locale: who.locale,
            today: super::zone::today(super::zone::of_organisation(&backend.db.pool, who.org_id).await?, backend.clock.now()),
        };
        sqlx::query("UPDATE import_runs SET rows_total = $1 WHERE id = $2")
            .bind(i64::from(counts.created + counts.updated + counts.deactivated))
            .bind(run_id)
            .execute(backend.db.writes())
            .await?;
        apply.run(&checked.context, &checked.plan).await?;
        Ok::<_, super::BackendError>((counts, checked.report()))
    }
    .await;
    let mut tx = backend.db.begin_write().await?;
    let result = match outcome {
        Ok((counts, report)) => {
            let report: Vec<ReportRow> = report.into_iter().filter(|r| r.outcome != Outcome::Unchanged).collect();
            sqlx::query(
                "UPDATE import_runs SET status = 'applied', counts = $1, report = $2, content_sealed = NULL, finished_at = $3, \
                 version = version + 1 WHERE id = $4",
            )
            .bind(Json(&counts))
            .bind(Json(&report))
            .bind(now())
            .bind(run_id)
            .execute(&mut *tx)
            .await?;
            record(&mut tx, who, Event::ImportApplied, run_id, &counts, &stored.file_name).await?;
            Ok(counts)
        }
        Err(e) => {
            sqlx::query("UPDATE import_runs SET status = 'failed', finished_at = $1, version = version + 1 WHERE id = $2")
                .bind(now())
                .bind(run_id)
                .execute(&mut *tx)
                .await?;
            Err(e)
        }
    };
    let c = result.as_ref().ok().copied().unwrap_or_default();
    let data = serde_json::json!({ "id": run_id, "applied": result.is_ok(), "created": c.created, "updated": c.updated,
        "deactivated": c.deactivated, "errors": c.errors });
    super::webhooks::emit(&mut tx, who.org_id, shared::webhooks::EventType::ImportFinished, data).await?;
    // Who started it hears how it ended (a large file takes a while; they may have left the page).
    let mut told = super::notifications::Told::new(backend);
    if let Some(person) = who.person_id {
        let c = result.as_ref().ok().copied().unwrap_or_default();
        let what = shared::notifications::Told::ImportFinished {
            file: stored.file_name.clone(),
            applied: result.is_ok(),
            created: c.created,
            updated: c.updated,
            deactivated: c.deactivated,
            errors: c.errors,
        };
        told.notify(&mut tx, who.org_id, person, &what, "/import").await?;
        super::notifications::chat::post(&mut tx, who.org_id, &what).await?;
    }
    tx.commit().await?;
    told.publish(backend).await;
    result
}

#[derive(sqlx::FromRow)]
struct RunRow {
    id: i64,
    file_name: String,
    options: Json<Options>,
    status: RunStatus,
    counts: Json<Counts>,
    columns: Json<Vec<(String, Option<Field>)>>,
    rows_total: i64,
    rows_done: i64,
    family_name: Option<String>,
    given_name: Option<String>,
    created_at: i64,
    finished_at: Option<i64>,
}

impl RunRow {
    fn view(self, locale: Locale) -> RunView {
        let options = self.options.0;
        RunView {
            id: self.id,
            file_name: self.file_name,
            preset: options.preset,
            mode: options.mode,
            status: self.status,
            counts: self.counts.0,
            rows_total: self.rows_total,
            rows_done: self.rows_done,
            started_by: match (self.family_name, self.given_name) {
                (Some(f), Some(g)) => Some(shared::format::person_name(&f, &g, locale)),
                _ => None,
            },
            created_at: self.created_at,
            finished_at: self.finished_at,
            columns: self.columns.0,
        }
    }
}

const RUNS: &str = "SELECT r.id, r.file_name, r.options, r.status, r.counts, r.columns, r.rows_total, r.rows_done, \
     p.family_name, p.given_name, r.created_at, r.finished_at FROM import_runs r LEFT JOIN people p ON p.id = r.started_by";

/// The organisation's runs, newest first.
pub async fn history(backend: &Backend, caller: &Caller) -> Result<Vec<RunView>> {
    policy::manage_imports(caller)?;
    let rows: Vec<RunRow> = sqlx::query_as(&format!("{RUNS} WHERE r.org_id = $1 ORDER BY r.id DESC LIMIT 50"))
        .bind(caller.org_id)
        .fetch_all(&backend.db.pool)
        .await?;
    Ok(rows.into_iter().map(|r| r.view(caller.locale.unwrap_or_default())).collect())
}

async fn stored_report(backend: &Backend, caller: &Caller, run_id: i64) -> Result<(RunView, Vec<ReportRow>)> {
    policy::manage_imports(caller)?;
    let row: RunRow = sqlx::query_as(&format!("{RUNS} WHERE r.org_id = $1 AND r.id = $2"))
        .bind(caller.org_id)
        .bind(run_id)
        .fetch_optional(&backend.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let Json(report): Json<Vec<ReportRow>> =
        sqlx::query_scalar("SELECT report FROM import_runs WHERE id = $1").bind(run_id).fetch_one(&backend.db.pool).await?;
    Ok((row.view(caller.locale.unwrap_or_default()), report))
}

/// A run's report rows, unchecked: for the command line, which has no caller.
pub async fn report_rows(backend: &Backend, org_id: i64, run_id: i64) -> Result<Vec<ReportRow>> {
    let report: Option<Json<Vec<ReportRow>>> = sqlx::query_scalar("SELECT report FROM import_runs WHERE org_id = $1 AND id = $2")
        .bind(org_id)
        .bind(run_id)
        .fetch_optional(&backend.db.pool)
        .await?;
    Ok(report.ok_or(AppError::NotFound)?.0)
}

/// A run and the first rows of its report under a filter (None: every listed row).
pub async fn report(backend: &Backend, caller: &Caller, run_id: i64, filter: Option<Outcome>) -> Result<Report> {
    let (run, rows) = stored_report(backend, caller, run_id).await?;
    let matching: Vec<ReportRow> = rows.into_iter().filter(|r| filter.is_none_or(|f| r.outcome == f)).collect();
    Ok(Report { run, matching: matching.len() as u32, rows: matching.into_iter().take(PAGE_ROWS).collect() })
}

/// The whole report as CSV in the reader's language (names and columns as the file had them).
pub async fn report_csv(backend: &Backend, caller: &Caller, run_id: i64, locale: Locale) -> Result<(String, Vec<u8>)> {
    let (run, rows) = stored_report(backend, caller, run_id).await?;
    let headers = [Msg::ImportLine, Msg::ImportKey, Msg::Name, Msg::Status, Msg::ImportChanges].map(|m| m.text(locale).to_string());
    let body = super::csv_file::with_bom(
        headers.to_vec(),
        rows.iter().map(|r| {
            let detail: Vec<String> = if r.problems.is_empty() {
                r.changed.iter().map(|f| f.label().text(locale).to_string()).collect()
            } else {
                r.problems.iter().map(|p| format!("{}: {}", p.column_label(locale), p.problem.text().text(locale))).collect()
            };
            vec![r.line.to_string(), r.key.clone(), r.name.clone(), r.outcome.row_label().text(locale).to_string(), detail.join("; ")]
        }),
    )?;
    Ok((format!("import-{}-report.csv", run.id), body))
}

/// The template's header row in the reader's language, as CSV (UTF-8 with BOM, for Excel).
pub fn template_csv(locale: Locale) -> Result<Vec<u8>> {
    let headers = shared::import::fields::template_headers(locale).into_iter().map(String::from).collect();
    super::csv_file::with_bom(headers, std::iter::empty::<Vec<String>>())
}
