//! `staffport import`: a payroll export checked and applied from the command line (a nightly
//! job, or a first load of thousands of people), with the same runs, report and audit as the
//! screen. Problems are printed by line and column, never with the cell's value.
use app::backend::import::{self, Starter};
use app::backend::Backend;
use shared::import::report::Options;
use shared::import::{OnErrors, Outcome};
use shared::Locale;
use std::path::Path;

pub async fn run(backend: &Backend, org: &str, file: &Path, options: &Options, dry_run: bool, on_errors: OnErrors) -> Result<(), String> {
    let (org_id, org_name): (i64, String) = sqlx::query_as("SELECT id, name FROM organisations WHERE slug = $1")
        .bind(org)
        .fetch_optional(&backend.db.pool)
        .await
        .map_err(|e| e.to_string())?
        .ok_or(format!("no organisation {org}"))?;
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let who = Starter { org_id, org_name: &org_name, person_id: None, locale: Locale::En, client_addr: None, source: None };
    let fail = |e: app::backend::BackendError| e.into_app_error().text(Locale::En);
    let (run, counts) = import::start(backend, &who, &name, &bytes, options).await.map_err(fail)?;
    print_report(backend, org_id, run).await?;
    println!(
        "checked: {} new, {} changed, {} unchanged, {} to deactivate, {} with problems, {} new departments (run {run})",
        counts.created, counts.updated, counts.unchanged, counts.deactivated, counts.errors, counts.departments_created
    );
    if dry_run {
        return Ok(());
    }
    let applied = import::apply_now(backend, &who, run, on_errors).await.map_err(fail)?;
    println!(
        "applied: {} new, {} changed, {} deactivated, {} skipped (run {run})",
        applied.created, applied.updated, applied.deactivated, applied.errors
    );
    Ok(())
}

async fn print_report(backend: &Backend, org_id: i64, run: i64) -> Result<(), String> {
    let rows = import::report_rows(backend, org_id, run).await.map_err(|e| e.to_string())?;
    for row in rows.iter().filter(|r| r.outcome == Outcome::Error) {
        for p in &row.problems {
            println!("line {}: {} ({}): {}", row.line, row.key, p.column_label(Locale::En), p.problem.text().text(Locale::En));
        }
    }
    Ok(())
}
