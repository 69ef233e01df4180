#![recursion_limit = "512"]
//! The `staffport` binary: serve, migrate, seed demo data, create the first admin.
use app::backend::{demo, people, Backend, Config};
use clap::{Parser, Subcommand};
use std::net::SocketAddr;

#[derive(Parser)]
#[command(name = "staffport", about = "Staffport HR portal server")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application (the default).
    Serve {
        #[arg(long, env = "STAFFPORT_ADDR", default_value = "127.0.0.1:3000")]
        addr: SocketAddr,
        /// Load the demo organisation first if the database has none.
        #[arg(long)]
        demo: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Print the REST API's OpenAPI document (JSON) and exit; needs no database.
    Openapi,
    /// Load the demo organisation (idempotent).
    Seed {
        #[arg(long, default_value_t = 300)]
        people: usize,
    },
    /// Write a consistent copy of the SQLite database to FILE while the server runs.
    Backup { file: std::path::PathBuf },
    /// Replace the SQLite database with the backup FILE (the server must be stopped).
    Restore { file: std::path::PathBuf },
    /// Check a payroll export (1C:ZUP, Douzone, the template; CSV or XLSX) against an
    /// organisation and, unless --dry-run, apply it. Prints the counts and every row's problems.
    Import {
        file: std::path::PathBuf,
        /// The organisation's short name (its slug).
        #[arg(long)]
        org: String,
        /// generic, 1c_zup or douzone.
        #[arg(long, default_value = "generic")]
        preset: String,
        /// Deactivate people of the file's legal entities who are missing from it.
        #[arg(long)]
        full: bool,
        /// Create the legal entities, departments, client companies and sites the file names and
        /// Staffport lacks (else those rows are errors).
        #[arg(long)]
        create_units: bool,
        /// Invite new people: none, email (SMS to those without one) or sms (email to those
        /// without a phone).
        #[arg(long, default_value = "none")]
        invite: String,
        /// The worksheet of an XLSX file (the first by default).
        #[arg(long, default_value = "")]
        sheet: String,
        /// The encoding of a CSV file when detection guesses wrong (windows-1251, euc-kr, utf-8).
        #[arg(long, default_value = "")]
        encoding: String,
        /// Check only: write nothing but the run's record.
        #[arg(long)]
        dry_run: bool,
        /// Apply nothing while any row has a problem (by default such rows are skipped).
        #[arg(long)]
        refuse_errors: bool,
    },
    /// Create an organisation's first administrator and print their invitation link.
    CreateAdmin {
        #[arg(long)]
        org: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        family_name: String,
        #[arg(long)]
        given_name: String,
    },
}

fn main() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into());
    // STAFFPORT_LOG_FORMAT=json gives one JSON object per line, for log collectors.
    if std::env::var("STAFFPORT_LOG_FORMAT").is_ok_and(|f| f == "json") {
        tracing_subscriber::fmt().json().with_env_filter(filter).init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => exit(&format!("cannot start the runtime: {e}")),
    };
    if let Err(e) = runtime.block_on(run(cli)) {
        exit(&e);
    }
}

fn exit(message: &str) -> ! {
    eprintln!("staffport: {message}");
    std::process::exit(1)
}

async fn run(cli: Cli) -> Result<(), String> {
    if let Some(Command::Openapi) = &cli.command {
        println!("{}", server::api::document().to_pretty_json().map_err(|e| e.to_string())?);
        return Ok(());
    }
    let config = Config::from_env();
    tracing::info!(?config, "starting");
    if let Some(Command::Restore { file }) = &cli.command {
        // Before anything opens the database it replaces; opening it afterwards applies the
        // migrations this build has beyond the backup.
        println!("{}", server::backup::restore(&config.database_url, file).await?);
        server::open_backend(config).await?;
        return Ok(());
    }
    let (url, key) = (config.database_url.clone(), config.data_key_source());
    let backend = server::open_backend(config).await?;
    match cli.command.unwrap_or(Command::Serve { addr: "127.0.0.1:3000".parse().map_err(|e| format!("{e}"))?, demo: false }) {
        Command::Migrate | Command::Restore { .. } | Command::Openapi => Ok(()),
        Command::Backup { file } => {
            println!("{}", server::backup::backup(&backend.db, &url, &file, &key).await?);
            Ok(())
        }
        Command::Seed { people } => seed(&backend, people).await,
        Command::Serve { addr, demo } => {
            if demo {
                seed(&backend, 300).await?;
            }
            let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
            tracing::info!("listening on http://{addr}");
            server::serve(listener, backend).await
        }
        Command::Import { file, org, preset, full, create_units, invite, sheet, encoding, dry_run, refuse_errors } => {
            let options = shared::import::report::Options {
                preset: shared::import::Preset::parse(&preset).ok_or(format!("unknown preset {preset} (generic, 1c_zup, douzone)"))?,
                mode: if full { shared::import::Mode::Full } else { shared::import::Mode::Partial },
                create_units,
                invite: shared::import::Invite::parse(&invite).ok_or(format!("unknown invitation channel {invite} (none, email, sms)"))?,
                sheet,
                encoding,
                columns: Vec::new(),
            };
            let on_errors = if refuse_errors { shared::import::OnErrors::Refuse } else { shared::import::OnErrors::Skip };
            server::import_cli::run(&backend, &org, &file, &options, dry_run, on_errors).await
        }
        Command::CreateAdmin { org, email, family_name, given_name } => {
            create_admin(&backend, &org, &email, &family_name, &given_name).await
        }
    }
}

async fn seed(backend: &Backend, people: usize) -> Result<(), String> {
    let created = demo::seed(backend, people).await.map_err(|e| format!("seeding failed: {e}"))?;
    println!("{}", if created { "Demo organisation created." } else { "Demo organisation already present." });
    println!("Demo sign-ins (password: {}):", demo::DEMO_PASSWORD);
    for (role, email) in demo::LOGINS {
        println!("  {:<16} {email}", role.as_str());
    }
    Ok(())
}

async fn create_admin(backend: &Backend, org: &str, email: &str, family: &str, given: &str) -> Result<(), String> {
    let fail = |e: app::backend::BackendError| format!("{e}");
    let slug: String = org.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect();
    let db = &backend.db;
    let mut tx = db.begin_write().await.map_err(|e| e.to_string())?;
    let org_id: i64 = sqlx::query_scalar("INSERT INTO organisations (name, slug, created_at) VALUES ($1, $2, $3) RETURNING id")
        .bind(org)
        .bind(&slug)
        .bind(app::backend::now())
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| format!("cannot create the organisation (does it exist already?): {e}"))?;
    let person = people::NewPerson {
        email: shared::validation::Email::parse("email", email).map_err(|e| format!("{:?}", e.msg))?,
        family_name: family.into(),
        given_name: given.into(),
        roles: vec![shared::Role::Admin],
        legal_entity_id: None,
        department_id: None,
        client_company_id: None,
        status: shared::model::PersonStatus::Invited,
        password_hash: None,
    };
    let id = people::insert(&mut tx, org_id, &person).await.map_err(fail)?;
    let addressee = people::Addressee {
        id,
        org_id,
        email: Some(person.email.as_str().into()),
        phone: None,
        family_name: family.into(),
        given_name: given.into(),
        locale: None,
        org_name: org.into(),
    };
    app::backend::auth::issue_link(&mut tx, backend, &addressee, shared::model::LinkPurpose::Invite, shared::Locale::En)
        .await
        .map_err(fail)?;
    tx.commit().await.map_err(|e| e.to_string())?;
    app::backend::holidays::seed_defaults(db, org_id).await.map_err(|e| e.to_string())?;
    app::backend::cabinet::request_types::seed_types(db, org_id).await.map_err(|e| e.to_string())?;
    println!("Administrator created; the invitation was queued in the outbox and is sent by the running server.");
    Ok(())
}
