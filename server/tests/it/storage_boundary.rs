//! The storage boundary: a stored value that is none of its type's (an unknown code, action or
//! language, a JSON column of the wrong shape) fails the request reading it with a logged
//! internal error. Before, each of these silently became something else: the cell vanished
//! from the grid, the transition from the history, the stage was named "", the language English.
use crate::common::harness::{demo_email, TestApp};
use crate::on_both;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use shared::Role;

const MONTH: &str = "2026-03";

async fn grid(app: &TestApp, who: &Client) -> (StatusCode, Value) {
    app.call(who, "timesheets/month", json!({ "month": MONTH, "view": "mine" })).await
}

/// A request that read `bad` fails with the generic 500: the stored text stays out of the
/// answer, and the log names the type that refused it.
fn refused(app_answer: (StatusCode, Value), bad: &str, logged: &str) {
    let (status, body) = app_answer;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    assert!(!body.to_string().contains(bad), "the stored value is not echoed: {body}");
    let log = crate::common::log_capture::text();
    assert!(log.contains(logged), "the log names what did not decode ({logged})");
}

on_both!(an_unknown_stored_value_fails_the_request_instead_of_becoming_a_default, |app| {
    crate::common::log_capture::start();
    let contractor = app.as_role(Role::Contractor).await;
    let person = app.person_id(demo_email(Role::Contractor)).await;
    let placement = app.scalar(&format!("SELECT MIN(id) FROM placements WHERE contractor_id = {person}")).await;
    let cells = json!([{ "day": format!("{MONTH}-02"), "text": "8", "note": "" }]);
    let input = json!({ "placement_id": placement, "cells": cells, "versions": [[format!("{MONTH}-01"), 0]] });
    let (status, saved) = app.call(&contractor, "timesheets/save", json!({ "input": input })).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let sheet = app.scalar(&format!("SELECT id FROM timesheets WHERE placement_id = {placement} AND period_start = '{MONTH}-01'")).await;
    assert_eq!(grid(&app, &contractor).await.0, StatusCode::OK);

    // An entry code no version of Staffport wrote.
    app.execute(&format!("UPDATE timesheet_entries SET code = 'overtimes' WHERE timesheet_id = {sheet}")).await;
    refused(grid(&app, &contractor).await, "overtimes", "Code has no stored name \"overtimes\"");
    app.execute(&format!("UPDATE timesheet_entries SET code = 'work' WHERE timesheet_id = {sheet}")).await;
    assert_eq!(grid(&app, &contractor).await.0, StatusCode::OK, "the repaired row reads again");

    // A transition in the history with an unknown action.
    let version = app.scalar(&format!("SELECT version FROM timesheets WHERE id = {sheet}")).await;
    let decision = json!({ "timesheet_id": sheet, "version": version, "action": "submit", "comment": "", "day": null });
    assert_eq!(app.call(&contractor, "timesheets/decide", json!({ "decision": decision })).await.0, StatusCode::OK);
    assert_eq!(app.call(&contractor, "timesheets/get", json!({ "id": sheet })).await.0, StatusCode::OK);
    // The history is append-only, so the stranger arrives as one more row.
    app.execute(&format!(
        "INSERT INTO approval_transitions (org_id, subject_type, subject_id, action, from_status, to_status, step, actor_id, via, \
         comment, day, created_at) SELECT org_id, subject_type, subject_id, 'approve_all', from_status, to_status, step, actor_id, \
         via, comment, day, created_at FROM approval_transitions WHERE subject_type = 'timesheet' AND subject_id = {sheet}"
    ))
    .await;
    refused(app.call(&contractor, "timesheets/get", json!({ "id": sheet })).await, "approve_all", "Action has no stored name");

    // A stage name (JSON) of the wrong shape.
    let recruiter = app.as_role(Role::Recruiter).await;
    let job = app.scalar("SELECT MIN(id) FROM jobs").await;
    assert_eq!(app.call(&recruiter, "recruiting/board", json!({ "job_id": job })).await.0, StatusCode::OK);
    let stage = app.scalar(&format!("SELECT MIN(id) FROM job_stages WHERE job_id = {job}")).await;
    app.execute(&format!("UPDATE job_stages SET name = '{{\"en\": 5}}' WHERE id = {stage}")).await;
    refused(app.call(&recruiter, "recruiting/board", json!({ "job_id": job })).await, "\"en\"", "Labels does not read back");

    // A person's language that is none of ours: not silently English.
    app.execute(&format!("UPDATE people SET locale = 'xx' WHERE id = {person}")).await;
    refused(grid(&app, &contractor).await, "\"xx\"", "Locale has no stored name \"xx\"");
});

/// What a storage read must never do again: parse a stored value and fall back to a default
/// when it does not parse (`X::parse(&s).unwrap_or(..)`, `serde_json::from_str(..)
/// .unwrap_or_default()`), or write JSON that silently became "". Reads decode through
/// `shared::stored`; this scan of the backend's sources keeps it so.
#[test]
fn backend_sources_have_no_fallback_parses() {
    let found: Vec<String> =
        backend_sources().iter().flat_map(|(path, code)| fallback_parses(code).into_iter().map(move |s| format!("{path}: {s}"))).collect();
    assert!(found.is_empty(), "parsed with a silent fallback:\n{}", found.join("\n"));
}

/// The backend's sources without their unit tests (which may build values however they like).
fn backend_sources() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src/backend");
    let mut out = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.map(|e| e.path()).unwrap_or_default();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                let code = text.split("#[cfg(test)]").next().unwrap_or_default().to_string();
                out.push((path.display().to_string(), code));
            }
        }
    }
    assert!(out.len() > 40, "the backend's sources were not found");
    out
}

/// A stored name written into SQL (`p.status = 'active'`, `a.action IN ('approve', …)`) is
/// checked nowhere else: misspelt, or left behind by a rename, the statement silently matches
/// nothing. Each must be a stored name of an enum kept in a column of that name.
#[test]
fn stored_names_written_into_sql_exist() {
    use shared::{approvals, audit, files, model, recruiting};
    fn names(lists: &[&[&'static str]]) -> Vec<&'static str> {
        lists.concat()
    }
    let known: [(&str, Vec<&str>); 5] = [
        (
            "status",
            names(&[
                &model::PersonStatus::NAMES,
                &approvals::Status::NAMES,
                &recruiting::CandidateStatus::NAMES,
                &recruiting::InvitationStatus::NAMES,
                &recruiting::JobStatus::NAMES,
                &shared::import::RunStatus::NAMES,
            ]),
        ),
        ("kind", names(&[&recruiting::StageKind::NAMES, &recruiting::EventKind::NAMES, &shared::api::TokenKind::NAMES])),
        ("action", names(&[&approvals::Action::NAMES])),
        ("purpose", names(&[&model::LinkPurpose::NAMES, &files::Purpose::NAMES])),
        ("subject_type", names(&[&audit::Subject::NAMES, &audit::Approvable::NAMES])),
    ];
    let mut unknown = Vec::new();
    let mut seen = 0;
    for (path, code) in backend_sources() {
        for (column, value) in sql_literals(&code) {
            let Some((_, allowed)) = known.iter().find(|(c, _)| *c == column) else { continue };
            seen += 1;
            if !allowed.contains(&value.as_str()) {
                unknown.push(format!("{path}: {column} = '{value}'"));
            }
        }
    }
    assert!(unknown.is_empty(), "stored names in SQL that no enum has:\n{}", unknown.join("\n"));
    assert!(seen > 40, "the scan found only {seen} literals");
}

/// `(column, value)` of each `column = 'v'`, `column <> 'v'` and `column IN ('v', 'w')` in the
/// code (a column may carry a table alias: `t.status`).
fn sql_literals(code: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices('\'') {
        let before = code[..at].trim_end();
        let Some(before) = before.strip_suffix('=').or_else(|| before.strip_suffix("<>")).or_else(|| before.strip_suffix("IN (")) else {
            continue;
        };
        let column: String = before.trim_end().chars().rev().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        let column: String = column.chars().rev().collect();
        let list_end = code[at..].find(')').map_or(code.len(), |i| at + i);
        let quoted = if code[..at].trim_end().ends_with("IN (") { &code[at..list_end] } else { &code[at..] };
        let values = quoted.split('\'').skip(1).step_by(2);
        let values: Vec<&str> = if code[..at].trim_end().ends_with("IN (") { values.collect() } else { values.take(1).collect() };
        out.extend(values.into_iter().map(|v| (column.clone(), v.to_string())));
    }
    out
}

/// Calls of a parser whose result is replaced by a default when it fails.
fn fallback_parses(code: &str) -> Vec<String> {
    let flat: String = code.split_whitespace().collect::<Vec<_>>().join("");
    let mut found = Vec::new();
    for opener in ["parse(", "from_str(", "from_value(", "serde_json::to_string("] {
        for (at, _) in flat.match_indices(opener) {
            let args = at + opener.len();
            let mut depth = 1;
            let Some(close) = flat[args..].char_indices().find_map(|(i, c)| {
                depth += match c {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                };
                (depth == 0).then_some(args + i)
            }) else {
                continue;
            };
            let after = &flat[close + 1..];
            if [".unwrap_or", ".ok().unwrap_or", ".unwrap_or_default"].iter().any(|f| after.starts_with(f)) {
                found.push(flat[at.saturating_sub(30)..(close + 20).min(flat.len())].to_string());
            }
        }
    }
    found
}

#[test]
fn the_sql_scan_reads_each_form() {
    let found = sql_literals("WHERE p.status = 'active' AND t.action IN ('approve', 'return') AND kind <> 'rejected' AND x = $1");
    let pairs: Vec<(&str, &str)> = found.iter().map(|(c, v)| (c.as_str(), v.as_str())).collect();
    assert_eq!(pairs, [("status", "active"), ("action", "approve"), ("action", "return"), ("kind", "rejected")]);
}

#[test]
fn the_scan_finds_what_it_forbids() {
    assert_eq!(fallback_parses("let s = Status::parse(&row.status)\n    .unwrap_or(Status::Draft);").len(), 1);
    assert_eq!(fallback_parses("let v: Vec<X> = serde_json::from_str(&json).unwrap_or_default();").len(), 1);
    assert_eq!(fallback_parses("let s = Status::parse(&x).ok_or(AppError::NotFound)?;").len(), 0);
}
