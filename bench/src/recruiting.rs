//! The recruiting board at scale: one job with 2,000 candidates across its stages.
//!
//! - Loading the board (stages and every card, contacts masked); baseline: a bare select of
//!   the job's candidates (id, stage, position, name).
//! - Moving a card (permission check, neighbour positions, the version-checked update, the
//!   timeline line, the live event); baseline: a bare one-row UPDATE of its stage.
use crate::measure::{line, time};
use crate::world::{caller, clean_up, err, insert_rows, open, organisation, Result, T};
use app::backend::recruiting::{board, jobs};
use shared::recruiting::MoveInput;
use shared::Role;
use std::cell::Cell;

const CANDIDATES: i64 = 2_000;
const RUNS: usize = 200;

pub async fn run() -> Result<()> {
    let (url, kind, db, backend) = open().await?;
    let started = std::time::Instant::now();
    let (org, _) = organisation(&db).await?;
    sqlx::query("INSERT INTO people (id, org_id, email, family_name, given_name, search_text, status, created_at, updated_at) VALUES (1, $1, 'r@bench.example', '박', '지훈', 'r', 'active', $2, $2)")
        .bind(org)
        .bind(T)
        .execute(db.writes())
        .await
        .map_err(err)?;
    sqlx::query("INSERT INTO person_roles (org_id, person_id, role) VALUES ($1, 1, 'recruiter')")
        .bind(org)
        .execute(db.writes())
        .await
        .map_err(err)?;
    let job = jobs::create_for(&db, org, 1, "Bench job").await.map_err(|e| format!("{e:?}"))?;
    let stages: Vec<i64> = sqlx::query_scalar("SELECT id FROM job_stages WHERE job_id = $1 ORDER BY position")
        .bind(job)
        .fetch_all(&db.pool)
        .await
        .map_err(err)?;
    // Contacts are sealed once and shared: sealing is not what is measured.
    let sealed = backend
        .sealer
        .seal_json(&std::collections::BTreeMap::from([("phone", "+82 10-0000-0000"), ("email", "c@bench.example")]))
        .map_err(|e| format!("{e:?}"))?;
    insert_rows(
        &db,
        "INSERT INTO candidates (id, org_id, job_id, stage_id, position, full_name, source, tags, search, sealed_contacts, phone_masked, email_masked, created_at, updated_at)",
        (1..=CANDIDATES).map(|c| {
            let stage = stages[(c % stages.len() as i64) as usize];
            format!(
                "({c}, {org}, {job}, {stage}, {c}.0, '후보자 {c}', 'Referral', 'rust, senior', '후보자 {c} rust', '{sealed}', '•••• ••00', 'c•••@•••.example', {T}, {T})"
            )
        }),
    )
    .await?;
    if db.kind == app::backend::db::DbKind::Postgres {
        sqlx::query("ANALYZE").execute(&db.pool).await.map_err(err)?;
    }
    println!("{kind}: generated a job with {CANDIDATES} candidates in {:.1} s", started.elapsed().as_secs_f64());

    let recruiter = caller(org, 1, vec![Role::Recruiter]);
    let cards = Cell::new(0usize);
    let load = time(
        RUNS,
        || async { Ok::<_, String>(()) },
        || async {
            cards.set(board::load(&db, &recruiter, job).await.map_err(|e| format!("{e:?}"))?.cards.len());
            Ok(())
        },
    )
    .await?;
    if cards.get() != CANDIDATES as usize {
        return Err(format!("the board showed {} cards", cards.get()));
    }
    let bare_load = time(
        RUNS,
        || async { Ok::<_, String>(()) },
        || async {
            let rows: Vec<(i64, i64, f64, String)> =
                sqlx::query_as("SELECT id, stage_id, position, full_name FROM candidates WHERE job_id = $1 ORDER BY stage_id, position")
                    .bind(job)
                    .fetch_all(&db.pool)
                    .await
                    .map_err(err)?;
            cards.set(rows.len());
            Ok(())
        },
    )
    .await?;

    // Each run moves another card to the next stage, between two of the cards there.
    let n = Cell::new(0i64);
    let version = Cell::new(0i64);
    let moving = || n.get() % CANDIDATES + 1;
    let moves = time(
        RUNS,
        || async {
            n.set(n.get() + 7);
            version.set(
                sqlx::query_scalar("SELECT version FROM candidates WHERE id = $1").bind(moving()).fetch_one(&db.pool).await.map_err(err)?,
            );
            Ok::<_, String>(())
        },
        || async {
            let to = stages[((moving() + 1) % 5) as usize];
            let input = MoveInput { candidate_id: moving(), version: version.get(), to_stage_id: to, after_id: None, before_id: None };
            board::move_card(&backend, &recruiter, &input).await.map_err(|e| format!("{e:?}"))?;
            Ok(())
        },
    )
    .await?;
    let bare_move = time(
        RUNS,
        || async {
            n.set(n.get() + 7);
            Ok::<_, String>(())
        },
        || async {
            sqlx::query("UPDATE candidates SET stage_id = $1, version = version + 1 WHERE id = $2")
                .bind(stages[((moving() + 2) % 5) as usize])
                .bind(moving())
                .execute(db.writes())
                .await
                .map_err(err)?;
            Ok(())
        },
    )
    .await?;

    println!();
    println!("| {kind} | ours: median (p95) | baseline: median (p95) | ratio |");
    println!("|---|---|---|---|");
    println!("{}", line(&format!("board load, {CANDIDATES} cards"), &load, "bare select of the cards", &bare_load));
    println!("{}", line("move a card", &moves, "bare one-row UPDATE", &bare_move));
    clean_up(db, backend, &url).await
}
