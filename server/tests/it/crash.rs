//! The server process killed (SIGKILL) in the middle of writes, again and again: hours saved,
//! requests filed, candidates added and commented on, from three people at once. After every
//! kill the SQLite database passes its integrity check, and every write the client saw
//! acknowledged is there after the restart. `STAFFPORT_CRASH_KILLS` sets the number of kills
//! (3 in the test command; `scripts/bench crash` runs 100).
use crate::common::harness::{demo_email, fresh_postgres, TestApp};
use crate::common::mail_sink::MailSink;
use crate::common::node::{staffport, start};
use app::backend::Config;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use shared::Role;
use std::collections::BTreeMap;
use std::time::Duration;

/// A call that reports a dead server as None instead of failing the test.
async fn try_call(base: &str, who: &Client, endpoint: &str, body: Value) -> Option<(StatusCode, Value)> {
    let res = who.post(format!("{base}/api/{endpoint}")).json(&body).timeout(Duration::from_secs(10)).send().await.ok()?;
    let status = res.status();
    let text = res.text().await.ok()?;
    Some((status, serde_json::from_str(&text).unwrap_or(Value::String(text))))
}

/// What the clients were told had been saved.
#[derive(Default)]
struct Acked {
    /// day → the highest sequence number whose note was acknowledged there.
    cells: BTreeMap<String, u64>,
    requests: Vec<i64>,
    candidates: Vec<i64>,
    comments: Vec<String>,
}

const MONTH: &str = "2026-03";

/// Saves one cell after another (the note carries a sequence number) until the server dies.
async fn save_hours(base: &str, who: &Client, placement: i64, seq: &mut u64, acked: &mut BTreeMap<String, u64>) {
    let mut version = None;
    loop {
        if version.is_none() {
            let Some((StatusCode::OK, grid)) = try_call(base, who, "timesheets/month", json!({ "month": MONTH, "view": "mine" })).await
            else {
                return;
            };
            let row = grid["rows"].as_array().unwrap().iter().find(|r| r["placement_id"] == placement).unwrap().clone();
            version = Some(row["periods"][0]["version"].as_i64().unwrap());
        }
        *seq += 1;
        let day = format!("{MONTH}-{:02}", 2 + *seq % 5);
        let cells = json!([{ "day": day, "text": format!("{}", 1 + *seq % 10), "note": format!("crash {}", *seq) }]);
        let input = json!({ "placement_id": placement, "cells": cells, "versions": [[format!("{MONTH}-01"), version]] });
        match try_call(base, who, "timesheets/save", json!({ "input": input })).await {
            Some((StatusCode::OK, periods)) => {
                acked.insert(day, *seq);
                version = Some(periods[0]["version"].as_i64().unwrap());
            }
            // A save that committed while its answer was lost: read the version again.
            Some((StatusCode::CONFLICT, _)) => version = None,
            Some((status, body)) => panic!("save refused: {status} {body}"),
            None => return,
        }
    }
}

async fn file_requests(base: &str, who: &Client, acked: &mut Vec<i64>) {
    loop {
        let input = json!({ "input": { "type_code": "vacation_plan", "answers": { "dates": "2027-08-02/2027-08-13" } } });
        match try_call(base, who, "cabinet/submit_request", input).await {
            Some((StatusCode::OK, id)) => acked.push(id.as_i64().unwrap()),
            Some((status, body)) => panic!("filing refused: {status} {body}"),
            None => return,
        }
    }
}

async fn add_candidates(base: &str, who: &Client, job: i64, seq: &mut u64, acked: &mut Acked) {
    loop {
        *seq += 1;
        let input = json!({ "job_id": job, "full_name": format!("Crash {}", *seq), "phone": "", "email": "", "birth_date": "",
            "address": "", "source": "", "tags": "" });
        let id = match try_call(base, who, "recruiting/add_candidate", json!({ "input": input })).await {
            Some((StatusCode::OK, id)) => id.as_i64().unwrap(),
            Some((status, body)) => panic!("candidate refused: {status} {body}"),
            None => return,
        };
        acked.candidates.push(id);
        let body = format!("crash comment {}", *seq);
        match try_call(base, who, "recruiting/comment", json!({ "candidate_id": id, "body": body })).await {
            Some((StatusCode::OK, _)) => acked.comments.push(body),
            Some((status, body)) => panic!("comment refused: {status} {body}"),
            None => return,
        }
    }
}

fn kills() -> usize {
    std::env::var("STAFFPORT_CRASH_KILLS").ok().and_then(|k| k.parse().ok()).unwrap_or(3)
}

async fn crash_and_recover(url: String) {
    let mail = MailSink::start().await;
    let key = app::backend::crypto::Sealer::new_key();
    let env = vec![
        ("DATABASE_URL", url.clone()),
        ("STAFFPORT_DATA_KEY", key.clone()),
        ("STAFFPORT_SMTP_URL", mail.url()),
        (
            "STAFFPORT_MAIL_DIR",
            std::env::temp_dir()
                .join(format!("staffport-crash-{}", app::backend::tokens::new_token().replace(['-', '_'], "")))
                .display()
                .to_string(),
        ),
        ("STAFFPORT_LOGIN_PER_ACCOUNT_PER_MIN", "10000".into()),
        ("STAFFPORT_LOGIN_PER_ADDR_PER_MIN", "10000".into()),
    ];
    assert!(staffport(&["seed", "--people", "24"], &env).status().unwrap().success());
    let mut config = Config::from_env();
    config.database_url = url.clone();
    config.data_key = Some(key.clone());
    let backend = server::open_backend(config).await.unwrap();
    let sqlite = backend.db.kind == app::backend::DbKind::Sqlite;

    let mut node = start(&env).await;
    let app = TestApp { base: node.base.clone(), backend: backend.clone(), mail: mail.clone() };
    let (contractor, employee, recruiter) =
        (app.as_role(Role::Contractor).await, app.as_role(Role::Employee).await, app.as_role(Role::Recruiter).await);
    let person = app.person_id(demo_email(Role::Contractor)).await;
    let placement = app.scalar(&format!("SELECT MIN(id) FROM placements WHERE contractor_id = {person}")).await;
    let job = app.scalar("SELECT MIN(id) FROM jobs").await;
    let (mut cells_seq, mut candidate_seq) = (0u64, 0u64);
    let mut acked = Acked::default();

    for round in 0..kills() {
        let base = node.base.clone();
        let writes = async {
            let mut cells = BTreeMap::new();
            let mut requests = Vec::new();
            let mut people = Acked::default();
            tokio::join!(
                save_hours(&base, &contractor, placement, &mut cells_seq, &mut cells),
                file_requests(&base, &employee, &mut requests),
                add_candidates(&base, &recruiter, job, &mut candidate_seq, &mut people),
            );
            (cells, requests, people)
        };
        // Killed at a different moment of the write load each round.
        let killer = async {
            tokio::time::sleep(Duration::from_millis(300 + (round as u64 * 137) % 600)).await;
            node.kill_now();
        };
        let ((cells, requests, people), ()) = tokio::join!(writes, killer);
        acked.cells.extend(cells);
        acked.requests.extend(requests);
        acked.candidates.extend(people.candidates);
        acked.comments.extend(people.comments);

        if sqlite {
            let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&backend.db.pool).await.unwrap();
            assert_eq!(check, "ok", "round {round}: integrity");
            let broken: Vec<(String, i64)> =
                sqlx::query_as("SELECT \"table\", rowid FROM pragma_foreign_key_check").fetch_all(&backend.db.pool).await.unwrap();
            assert!(broken.is_empty(), "round {round}: foreign keys {broken:?}");
        }
        node = start(&env).await;
        let app = TestApp { base: node.base.clone(), backend: backend.clone(), mail: mail.clone() };
        let count = |table: &str, ids: &[i64]| {
            let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            format!("SELECT COUNT(*) FROM {table} WHERE id IN ({})", if list.is_empty() { "0".into() } else { list })
        };
        assert_eq!(app.scalar(&count("requests", &acked.requests)).await, acked.requests.len() as i64, "round {round}: requests");
        assert_eq!(app.scalar(&count("candidates", &acked.candidates)).await, acked.candidates.len() as i64, "round {round}: candidates");
        for body in &acked.comments {
            assert_eq!(
                app.scalar(&format!("SELECT COUNT(*) FROM candidate_events WHERE body = '{body}'")).await,
                1,
                "round {round}: {body}"
            );
        }
        for (day, seq) in &acked.cells {
            let note = app
                .scalar_text(&format!(
                    "SELECT e.note FROM timesheet_entries e JOIN timesheets t ON t.id = e.timesheet_id WHERE t.placement_id = {placement} AND e.day = '{day}'"
                ))
                .await;
            let stored: u64 = note.trim_start_matches("crash ").parse().unwrap();
            assert!(stored >= *seq, "round {round}: {day} holds {stored}, {seq} was acknowledged");
        }
        eprintln!(
            "crash round {round}: {} cells, {} requests, {} candidates, {} comments acknowledged so far",
            acked.cells.len(),
            acked.requests.len(),
            acked.candidates.len(),
            acked.comments.len()
        );
    }
    assert!(!acked.requests.is_empty() && !acked.candidates.is_empty() && !acked.cells.is_empty(), "the load wrote something");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_during_writes_sqlite_loses_nothing_acknowledged() {
    // A directory of its own (a name from a port number could be an earlier run's, database
    // and all).
    let dir = std::env::temp_dir().join(format!("staffport-crash-db-{}", app::backend::tokens::new_token().replace(['-', '_'], "")));
    std::fs::create_dir_all(&dir).unwrap();
    crash_and_recover(format!("sqlite://{}?mode=rwc", dir.join("crash.db").display())).await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_during_writes_postgres_loses_nothing_acknowledged() {
    let Some(url) = fresh_postgres().await else { return };
    crash_and_recover(url).await;
}
