//! The load mix of `scripts/bench load`, run by Goose: signed-in sessions of four kinds of
//! people, each acting once every PACE seconds whatever the answers' speed (a session sleeps
//! out the rest of its pace after each action: fixed arrivals while answers stay under PACE).
//!
//! - contractors open their month grid and save hours (each on their own placement);
//! - client managers open their approval queue and approve a timesheet from it;
//! - recruiters load a 2,000-card board and move a card (each on their own slice of the cards);
//! - employees open home (the server-rendered page) and their inbox counts.
//!
//! A request's time runs until its whole answer has arrived (a streamed page included), not
//! only its headers. Goose's own options come from the command line (`--host`, `--users`,
//! `--hatch-rate`, `--run-time`); LOAD_WORLD names the JSON of `staffport-bench load-world`,
//! LOAD_TARGET is `app` (the server) or `baseline` (`staffport-bench load-baseline`), LOAD_PACE
//! the seconds between a session's actions (2). Prints one line per request kind and one for
//! all: count, rate, p50/p95/p99 and errors.
use goose::prelude::*;
use rand::Rng;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

struct World {
    json: Value,
    baseline: bool,
    pace: Duration,
    month: String,
}

/// Read once, from the environment; a run without its world stops before any user starts.
static WORLD: LazyLock<World> = LazyLock::new(|| {
    read_world().unwrap_or_else(|e| {
        eprintln!("staffport-load: {e}");
        std::process::exit(2)
    })
});

fn world() -> &'static World {
    &WORLD
}

fn read_world() -> Result<World, String> {
    let path = std::env::var("LOAD_WORLD").map_err(|_| "LOAD_WORLD names the load world's JSON".to_string())?;
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let json: Value = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
    let pace = std::env::var("LOAD_PACE").ok().and_then(|p| p.parse().ok()).unwrap_or(2.0);
    let baseline = std::env::var("LOAD_TARGET").is_ok_and(|t| t == "baseline");
    // The current month as the server sees it (same machine, same zone).
    let month = chrono::Local::now().format("%Y-%m").to_string();
    Ok(World { json, baseline, pace: Duration::from_secs_f64(pace), month })
}

#[derive(Clone, Copy)]
enum Kind {
    Contractor,
    ClientManager,
    Recruiter,
    Employee,
}

impl Kind {
    fn sessions(self) -> &'static str {
        ["contractors", "client_managers", "recruiters", "employees"][self as usize]
    }
}

/// The next session of each kind: users take them in turn (round-robin past the end).
static NEXT: [AtomicUsize; 4] = [AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0)];

/// One user's session and what it keeps between actions.
#[derive(Clone, Default)]
struct Session {
    slot: usize,
    token: String,
    placement: i64,
    /// The month's periods of the contractor's row: (start, version).
    periods: Vec<(String, i64)>,
    /// The client manager's share of the queue: (id, version).
    queue: Vec<(i64, i64)>,
    /// The recruiter's share of the cards: (id, version), and the board's stages.
    cards: Vec<(i64, i64)>,
    stages: Vec<i64>,
}

#[tokio::main]
async fn main() -> Result<(), GooseError> {
    LazyLock::force(&WORLD);
    let metrics = GooseAttack::initialize()?
        .register_scenario(
            scenario!("Contractor")
                .set_weight(100)?
                .register_transaction(transaction!(start_contractor).set_on_start())
                .register_transaction(transaction!(open_grid).set_weight(3)?)
                .register_transaction(transaction!(save_hours).set_weight(2)?),
        )
        .register_scenario(
            scenario!("ClientManager")
                .set_weight(20)?
                .register_transaction(transaction!(start_client_manager).set_on_start())
                .register_transaction(transaction!(open_queue).set_weight(2)?)
                .register_transaction(transaction!(approve).set_weight(1)?),
        )
        .register_scenario(
            scenario!("Recruiter")
                .set_weight(20)?
                .register_transaction(transaction!(start_recruiter).set_on_start())
                .register_transaction(transaction!(load_board).set_weight(2)?)
                .register_transaction(transaction!(move_card).set_weight(1)?),
        )
        .register_scenario(
            scenario!("Employee")
                .set_weight(60)?
                .register_transaction(transaction!(start_employee).set_on_start())
                .register_transaction(transaction!(home).set_weight(1)?)
                .register_transaction(transaction!(inbox_counts).set_weight(1)?),
        )
        .set_default(GooseDefault::NoPrintMetrics, true)?
        .execute()
        .await?;
    report(&metrics);
    Ok(())
}

/// Takes the next session of a kind and waits a random part of the pace: independent people,
/// not a batch that fires together every PACE seconds.
async fn start(user: &mut GooseUser, kind: Kind) -> TransactionResult {
    let sessions = world().json[kind.sessions()].as_array().map_or(&[][..], Vec::as_slice);
    let slot = NEXT[kind as usize].fetch_add(1, Ordering::Relaxed) % sessions.len().max(1);
    let session = sessions.get(slot).cloned().unwrap_or_default();
    let token = session.get("token").unwrap_or(&session).as_str().unwrap_or_default().to_string();
    let placement = session["placement"].as_i64().unwrap_or_default();
    user.set_session_data(Session { slot, token, placement, ..Session::default() });
    let offset = rand::thread_rng().gen_range(0.0..world().pace.as_secs_f64());
    tokio::time::sleep(Duration::from_secs_f64(offset)).await;
    Ok(())
}

async fn start_contractor(user: &mut GooseUser) -> TransactionResult {
    start(user, Kind::Contractor).await
}
async fn start_client_manager(user: &mut GooseUser) -> TransactionResult {
    start(user, Kind::ClientManager).await
}
async fn start_recruiter(user: &mut GooseUser) -> TransactionResult {
    start(user, Kind::Recruiter).await
}
async fn start_employee(user: &mut GooseUser) -> TransactionResult {
    start(user, Kind::Employee).await
}

fn session(user: &mut GooseUser) -> &mut Session {
    user.get_session_data_unchecked_mut::<Session>()
}

/// Sleeps out the rest of the pace begun at `started`.
async fn pace(started: Instant) -> TransactionResult {
    if let Some(rest) = world().pace.checked_sub(started.elapsed()) {
        tokio::time::sleep(rest).await;
    }
    Ok(())
}

/// One request, timed until its whole answer has arrived and recorded under `name`; the
/// answer's JSON when `parse` (big answers are read but not parsed), or None when it failed.
async fn send(
    user: &mut GooseUser,
    method: &str,
    path: &str,
    body: Option<Value>,
    name: &str,
    parse: bool,
) -> Result<Option<Value>, Box<TransactionError>> {
    let url = user.base_url.join(path).map_err(|e| Box::new(TransactionError::Url(e)))?;
    let origin = user.base_url.as_str().trim_end_matches('/').to_string();
    let token = session(user).token.clone();
    let request = if method == "GET" { user.client.get(url) } else { user.client.post(url) };
    let mut request = request.header("Cookie", format!("sp_session={token}")).header("Origin", origin);
    if let Some(body) = body {
        request = request.header("Content-Type", "application/json").body(body.to_string());
    }
    let started = Instant::now();
    let (status, redirected, answer) = match request.send().await {
        // The client follows redirects: a page that sent the session to sign in would
        // otherwise count as answered.
        Ok(res) => (Some(res.status()), res.url().path() != path, res.bytes().await.ok()),
        Err(_) => (None, false, None),
    };
    let elapsed = started.elapsed();
    let ok = status.is_some_and(|s| s.is_success()) && answer.is_some() && !redirected;
    let error = (!ok).then(|| match status {
        _ if redirected => "redirected (session refused)".to_string(),
        Some(s) => s.to_string(),
        None => "no answer".to_string(),
    });
    user.record_custom_request_duration(method, name, elapsed, ok, status.map(|s| s.as_u16()), error.as_deref()).await?;
    Ok(match answer.filter(|_| ok) {
        Some(bytes) if parse => serde_json::from_slice(&bytes).ok(),
        Some(_) => Some(Value::Null),
        None => None,
    })
}

/// A server function (or its baseline twin, which takes `base` as its body).
async fn call(
    user: &mut GooseUser,
    endpoint: &str,
    body: Value,
    base: Value,
    name: &str,
    parse: bool,
) -> Result<Option<Value>, Box<TransactionError>> {
    if world().baseline {
        send(user, "POST", &format!("/base/{name}"), Some(base), name, parse).await
    } else {
        send(user, "POST", &format!("/api/{endpoint}"), Some(body), name, parse).await
    }
}

async fn open_grid(user: &mut GooseUser) -> TransactionResult {
    let started = Instant::now();
    grid(user).await?;
    pace(started).await
}

async fn grid(user: &mut GooseUser) -> TransactionResult {
    let w = world();
    let placement = session(user).placement;
    let body = json!({ "month": w.month, "view": "mine" });
    let base = json!({ "placement": placement, "from": format!("{}-01", w.month) });
    let answer = call(user, "timesheets/month", body, base, "grid", !w.baseline).await?;
    let rows = answer.as_ref().and_then(|g| g["rows"].as_array());
    if let Some(row) = rows.and_then(|rows| rows.iter().find(|r| r["placement_id"] == placement)) {
        let periods = row["periods"].as_array().map_or(&[][..], Vec::as_slice);
        session(user).periods = periods
            .iter()
            .map(|p| (p["start"].as_str().unwrap_or_default().to_string(), p["version"].as_i64().unwrap_or_default()))
            .collect();
    }
    Ok(())
}

async fn save_hours(user: &mut GooseUser) -> TransactionResult {
    let started = Instant::now();
    let w = world();
    let placement = session(user).placement;
    let day = format!("{}-{:02}", w.month, rand::thread_rng().gen_range(1..=28));
    if !w.baseline && session(user).periods.is_empty() {
        grid(user).await?;
        return pace(started).await;
    }
    let versions: Vec<Value> = session(user).periods.iter().map(|(start, v)| json!([start, v])).collect();
    let hours = rand::thread_rng().gen_range(4..=10).to_string();
    let body =
        json!({ "input": { "placement_id": placement, "cells": [{ "day": day, "text": hours, "note": "" }], "versions": versions } });
    let saved = call(user, "timesheets/save", body, json!({ "placement": placement, "day": day }), "save", !w.baseline).await?;
    for s in saved.as_ref().and_then(Value::as_array).map_or(&[][..], Vec::as_slice) {
        for p in session(user).periods.iter_mut().filter(|p| s["start"] == p.0.as_str()) {
            p.1 = s["version"].as_i64().unwrap_or(p.1);
        }
    }
    pace(started).await
}

async fn open_queue(user: &mut GooseUser) -> TransactionResult {
    let started = Instant::now();
    queue(user).await?;
    pace(started).await
}

async fn queue(user: &mut GooseUser) -> TransactionResult {
    let w = world();
    let answer = call(user, "timesheets/queue", json!({}), json!({ "company": w.json["company"] }), "queue", true).await?;
    let items = answer.as_ref().and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    let ids = items.iter().map(|q| if w.baseline { (q[0].as_i64(), q[1].as_i64()) } else { (q["id"].as_i64(), q["version"].as_i64()) });
    // Many sessions of one manager: each approves its own share, as a team would.
    let n = w.json["client_managers"].as_array().map_or(1, Vec::len).max(1) as i64;
    let slot = session(user).slot as i64;
    let mine = ids.filter_map(|(id, v)| Some((id?, v?))).filter(|(id, _)| id % n == slot).collect();
    session(user).queue = mine;
    Ok(())
}

async fn approve(user: &mut GooseUser) -> TransactionResult {
    let started = Instant::now();
    if session(user).queue.is_empty() {
        queue(user).await?;
        return pace(started).await;
    }
    let (sheet, version) = session(user).queue.remove(0);
    let body = json!({ "decision": { "timesheet_id": sheet, "version": version, "action": "approve", "comment": "", "day": null } });
    call(user, "timesheets/decide", body, json!({ "id": sheet }), "approve", false).await?;
    pace(started).await
}

async fn load_board(user: &mut GooseUser) -> TransactionResult {
    let started = Instant::now();
    board(user).await?;
    pace(started).await
}

/// The board; its cards are read from the first answer only (the session's own moves keep its
/// cards' versions current).
async fn board(user: &mut GooseUser) -> TransactionResult {
    let w = world();
    let first = session(user).cards.is_empty();
    let answer =
        call(user, "recruiting/board", json!({ "job_id": w.json["job"] }), json!({ "job": w.json["job"] }), "board", first).await?;
    let Some(board) = answer.filter(|_| first) else { return Ok(()) };
    let cards: Vec<(i64, i64, i64)> = if w.baseline {
        board
            .as_array()
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(|c| Some((c[0].as_i64()?, c[1].as_i64()?, c[4].as_i64()?)))
            .collect()
    } else {
        board["cards"]
            .as_array()
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(|c| Some((c["id"].as_i64()?, c["stage_id"].as_i64()?, c["version"].as_i64()?)))
            .collect()
    };
    let n = w.json["recruiters"].as_array().map_or(1, Vec::len).max(1) as i64;
    let s = session(user);
    s.stages = cards.iter().map(|c| c.1).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    s.cards = cards.iter().filter(|c| c.0 % n == s.slot as i64).map(|c| (c.0, c.2)).collect();
    Ok(())
}

async fn move_card(user: &mut GooseUser) -> TransactionResult {
    let started = Instant::now();
    if session(user).cards.is_empty() {
        board(user).await?;
        return pace(started).await;
    }
    let (i, to) = {
        let s = session(user);
        let mut rng = rand::thread_rng();
        (rng.gen_range(0..s.cards.len()), s.stages[rng.gen_range(0..s.stages.len())])
    };
    let (id, version) = session(user).cards[i];
    let body = json!({ "input": { "candidate_id": id, "version": version, "to_stage_id": to, "after_id": null, "before_id": null } });
    let moved = call(user, "recruiting/move", body, json!({ "id": id }), "move", !world().baseline).await?;
    if let Some(v) = moved.as_ref().and_then(|m| m["version"].as_i64()) {
        session(user).cards[i].1 = v;
    }
    pace(started).await
}

fn employee_base(user: &mut GooseUser) -> Value {
    let ids = world().json["employee_ids"].as_array().map_or(&[][..], Vec::as_slice);
    let slot = session(user).slot;
    json!({ "person": ids.get(slot % ids.len().max(1)) })
}

async fn home(user: &mut GooseUser) -> TransactionResult {
    let started = Instant::now();
    if world().baseline {
        let base = employee_base(user);
        send(user, "POST", "/base/home", Some(base), "home", false).await?;
    } else {
        send(user, "GET", "/", None, "home", false).await?;
    }
    pace(started).await
}

async fn inbox_counts(user: &mut GooseUser) -> TransactionResult {
    let started = Instant::now();
    if world().baseline {
        let base = employee_base(user);
        send(user, "POST", "/base/home", Some(base), "inbox counts", false).await?;
    } else {
        call(user, "cabinet/inbox_counts", json!({}), Value::Null, "inbox counts", false).await?;
    }
    pace(started).await
}

/// One line per request kind, then all together: count, rate, p50/p95/p99 (ms) and errors.
fn report(metrics: &GooseMetrics) {
    let secs = metrics.duration.max(1) as f64;
    let mut all: Vec<(u64, usize)> = Vec::new();
    let (mut count, mut errors) = (0, 0);
    let mut kinds: Vec<_> = metrics.requests.values().collect();
    kinds.sort_by(|a, b| a.path.cmp(&b.path));
    let ms = |us: u64| us as f64 / 1000.0;
    for r in kinds {
        let d = &r.raw_data;
        println!(
            "{:13} {:>7} req {:7.1}/s  p50 {:6.1} ms  p95 {:6.1} ms  p99 {:6.1} ms  errors {}",
            r.path,
            d.counter,
            d.counter as f64 / secs,
            ms(d.percentile_us(0.5)),
            ms(d.percentile_us(0.95)),
            ms(d.percentile_us(0.99)),
            r.fail_count
        );
        all.extend(d.times_us.iter().map(|(&us, &n)| (us, n)));
        count += d.counter;
        errors += r.fail_count;
    }
    all.sort_unstable();
    let at = |p: f64| {
        let rank = ((count as f64 * p).ceil() as usize).max(1);
        let mut seen = 0;
        all.iter()
            .find(|(_, n)| {
                seen += n;
                seen >= rank
            })
            .map_or(0, |(us, _)| *us)
    };
    println!(
        "{:13} {:>7} req {:7.1}/s  p50 {:6.1} ms  p95 {:6.1} ms  p99 {:6.1} ms  errors {}",
        "all",
        count,
        count as f64 / secs,
        ms(at(0.5)),
        ms(at(0.95)),
        ms(at(0.99)),
        errors
    );
}
