//! Benchmarks on generated data. Every figure is printed beside a baseline measured in the same
//! run on the same data, so the ratio means something on any machine.
//!
//!   staffport-bench timesheets|leave|recruiting|reset   SQLite (a temporary file)
//!   BENCH_DATABASE_URL=postgres://… staffport-bench timesheets   PostgreSQL (a fresh database)
mod auth;
mod leave;
mod measure;
mod recruiting;
mod timesheets;
mod world;

#[tokio::main]
async fn main() {
    let which = std::env::args().nth(1).unwrap_or_else(|| "timesheets".into());
    let result = match which.as_str() {
        "timesheets" => timesheets::run().await,
        "leave" => leave::run().await,
        "recruiting" => recruiting::run().await,
        "reset" => auth::run().await,
        other => Err(format!("unknown benchmark {other}; try: timesheets, leave, recruiting, reset")),
    };
    if let Err(e) = result {
        eprintln!("benchmark failed: {e}");
        std::process::exit(1);
    }
}
