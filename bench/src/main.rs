//! Benchmarks on generated data. Every figure is printed beside a baseline measured in the same
//! run on the same data, so the ratio means something on any machine.
//!
//!   staffport-bench timesheets|leave|recruiting|reset|import|digest|api  SQLite (a temporary file)
//!   BENCH_DATABASE_URL=postgres://… staffport-bench timesheets   PostgreSQL (a fresh database)
//!   staffport-bench load-world OUT.json | load-baseline ADDR      halves of `scripts/bench load`
mod api;
mod auth;
mod digest;
mod import;
mod leave;
mod load;
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
        "digest" => digest::run().await,
        "api" => api::run().await,
        "import" => import::run().await,
        "recruiting" => recruiting::run().await,
        "reset" => auth::run().await,
        "load-world" => load::world(&std::env::args().nth(2).unwrap_or_else(|| "load-world.json".into())).await,
        "load-baseline" => load::baseline(&std::env::args().nth(2).unwrap_or_else(|| "127.0.0.1:3901".into())).await,
        other => Err(format!("unknown benchmark {other}; try: timesheets, leave, recruiting, reset, import, digest, api")),
    };
    if let Err(e) = result {
        eprintln!("benchmark failed: {e}");
        std::process::exit(1);
    }
}
