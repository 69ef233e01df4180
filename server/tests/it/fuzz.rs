//! Generated bad input at every endpoint of the authorization matrix, on the real server:
//! bodies that are not JSON, cut short, of the wrong shape, nested past any sense or too big
//! are refused with a 4xx and write nothing; every field of a valid body replaced in turn by
//! hostile values (wrong types, extreme numbers, control and direction characters, markup,
//! SQL, huge text) never yields a 5xx. Forms and query strings of the hand-written routes too.
use crate::common::harness::{client, demo_email, TestApp};
use crate::common::matrix_table::{Case, MATRIX, WHO};
use crate::on_both;
use app::backend::demo::DEMO_PASSWORD;
use reqwest::Client;
use serde_json::{json, Value};
use shared::Role;
use std::collections::{BTreeMap, BTreeSet};

/// Values put in place of one field of a valid body.
fn hostile() -> Vec<Value> {
    vec![
        json!(i64::MAX),
        json!(i64::MIN),
        json!(-1),
        json!(1e300),
        json!(0.5),
        json!(""),
        json!("x".repeat(20_000)),
        json!("\u{0}\u{7}\u{1b}[2J"),
        json!("\u{202E}gpj.exe\u{2066}"),
        json!("<script>alert(1)</script><img src=x onerror=alert(1)>"),
        json!("'; DROP TABLE people; --"),
        json!("=HYPERLINK(\"http://evil.test\")"),
        json!("9999-99-99"),
        json!("../../../../etc/passwd"),
        json!("김철수Иван🦀".repeat(500)),
        json!(true),
        json!(null),
        json!([]),
        json!({}),
        json!([1, "two", null, { "three": [] }]),
    ]
}

/// Every path to a leaf (or an empty array / object) of a JSON value.
fn leaves(value: &Value, at: Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) if !map.is_empty() => map.iter().for_each(|(k, v)| leaves(v, [at.clone(), vec![k.clone()]].concat(), out)),
        Value::Array(items) if !items.is_empty() => {
            items.iter().enumerate().for_each(|(i, v)| leaves(v, [at.clone(), vec![i.to_string()]].concat(), out))
        }
        _ => out.push(at),
    }
}

fn replaced(value: &Value, path: &[String], with: &Value) -> Value {
    let mut out = value.clone();
    let mut at = &mut out;
    for key in path {
        at = match at {
            Value::Object(map) => map.get_mut(key).expect("path"),
            Value::Array(items) => &mut items[key.parse::<usize>().expect("index")],
            _ => unreachable!("paths lead through objects and arrays"),
        };
    }
    *at = with.clone();
    out
}

/// Every leaf given a value of another type: a string a number, a number a string, …
fn wrong_types(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), wrong_types(v))).collect()),
        Value::Array(items) if !items.is_empty() => Value::Array(items.iter().map(wrong_types).collect()),
        Value::String(_) => json!(12345),
        Value::Number(_) => json!("twelve"),
        Value::Bool(_) => json!("yes"),
        Value::Null | Value::Array(_) => json!({ "not": "this" }),
    }
}

/// Bodies the input boundary must refuse before any code of the endpoint runs.
fn malformed(valid: &Value) -> Vec<(&'static str, Vec<u8>)> {
    let text = valid.to_string();
    let mut out = vec![
        ("not JSON", b"{\"input\": ".to_vec()),
        ("cut short", text.as_bytes()[..text.len() / 2].to_vec()),
        ("binary", vec![0xff, 0xfe, 0x00, 0x81, 0x7b]),
        ("nested too deep", format!("{}{}", "[".repeat(50_000), "]".repeat(50_000)).into_bytes()),
        ("over the size limit", json!({ "input": "a".repeat(2 * 1024 * 1024) }).to_string().into_bytes()),
    ];
    if valid.as_object().is_some_and(|m| !m.is_empty()) {
        out.push(("wrong types everywhere", wrong_types(valid).to_string().into_bytes()));
        out.push(("an array", b"[1, 2, 3]".to_vec()));
        out.push(("a string", b"\"input\"".to_vec()));
    }
    out
}

/// Rows in every table a request could write (the workers' own tables left out: the outbox
/// sender, reminders and session upkeep run meanwhile).
async fn written(app: &TestApp) -> BTreeMap<String, i64> {
    let tables: Vec<String> = match app.backend.db.kind {
        app::backend::DbKind::Sqlite => {
            sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                .fetch_all(&app.backend.db.pool)
                .await
        }
        app::backend::DbKind::Postgres => {
            sqlx::query_scalar("SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'").fetch_all(&app.backend.db.pool).await
        }
    }
    .unwrap();
    let mut counts = BTreeMap::new();
    for t in tables.into_iter().filter(|t| {
        !["sessions", "login_attempts", "notifications", "outbox", "timesheet_reminders", "_sqlx_migrations"].contains(&t.as_str())
    }) {
        let n = app.scalar(&format!("SELECT COUNT(*) FROM {t}")).await;
        counts.insert(t, n);
    }
    counts
}

/// The first role the matrix lets through (so the body reaches the endpoint's own checks).
fn caller_of(expect: [u16; 8]) -> Option<Role> {
    WHO.iter().zip(expect).find(|(_, status)| *status == 200).and_then(|(who, _)| *who).or(Some(Role::Admin))
}

async fn signed_in(app: &TestApp, who: Option<Role>) -> Client {
    let http = client();
    if let Some(role) = who {
        assert!(app.sign_in(&http, demo_email(role), DEMO_PASSWORD).await.status().is_redirection());
    }
    http
}

on_both!(generated_bad_input_at_every_endpoint_gets_no_5xx_and_writes_nothing, |app| {
    let mut failures = Vec::new();
    let mut sent = 0usize;
    let mut seen = BTreeSet::new();
    for (n, row) in MATRIX.iter().enumerate() {
        let (method, path) = row.endpoint.split_once(' ').unwrap();
        if !seen.insert(row.endpoint) || method != "POST" || !path.starts_with("/api/") || row.case == Case::SecondStep {
            continue;
        }
        let who = caller_of(row.expect);
        let http = signed_in(&app, who).await;
        let valid = crate::matrix::api_body(&app, &http, path, row.case, who, 10_000 + n).await;
        let url = app.url(path);

        let before = written(&app).await;
        for (what, body) in malformed(&valid) {
            sent += 1;
            let res = http.post(&url).header("content-type", "application/json").body(body).send().await.unwrap();
            let status = res.status().as_u16();
            if !(400..500).contains(&status) {
                failures.push(format!("{path} ({what}) as {who:?}: {status}"));
            }
        }
        let after = written(&app).await;
        let grew: Vec<String> =
            after.iter().filter(|(t, n)| before.get(*t) != Some(n)).map(|(t, n)| format!("{t}: {:?} → {n}", before.get(t))).collect();
        if !grew.is_empty() {
            failures.push(format!("{path}: refused bodies wrote {grew:?}"));
        }

        let mut paths = Vec::new();
        leaves(&valid, Vec::new(), &mut paths);
        for at in paths.iter().filter(|p| !p.is_empty()) {
            for value in hostile() {
                sent += 1;
                let body = replaced(&valid, at, &value);
                let shown = || value.to_string().chars().take(40).collect::<String>();
                match http.post(&url).json(&body).send().await {
                    Ok(res) if res.status().is_server_error() => {
                        failures.push(format!("{path} with {} = {} as {who:?}: {}", at.join("."), shown(), res.status()))
                    }
                    Ok(_) => {}
                    Err(e) => failures.push(format!("{path} with {} = {} as {who:?}: no answer ({e})", at.join("."), shown())),
                }
            }
        }
    }
    failures.extend(routes(&app, &mut sent).await);
    eprintln!("{sent} generated requests");
    assert!(sent > 2_000, "every endpoint was reached ({sent} requests)");
    assert!(failures.is_empty(), "{} of {sent} generated requests failed:\n{}", failures.len(), failures.join("\n"));
});

/// The hand-written routes: forms of garbage, too big or with hostile fields, and query strings
/// that are not what they should be.
async fn routes(app: &TestApp, sent: &mut usize) -> Vec<String> {
    let mut failures = Vec::new();
    let admin = signed_in(app, Some(Role::Admin)).await;
    let contractor = signed_in(app, Some(Role::Contractor)).await;
    let forms = [
        "/login",
        "/reset",
        "/reset/no-such-token",
        "/invite/no-such-token",
        "/approve/no-such-token",
        "/invitation/no-such-token",
        "/locale",
        "/auth/switch-org",
    ];
    let hostile_text = ["\u{0}", "\u{202E}x", &"y".repeat(100_000), "<script>", "-1", "99999999999999999999999"];
    for (who, path) in forms
        .iter()
        .map(|p| (&admin, *p))
        .chain([(&contractor, "/timesheets?month=2026-03"), (&contractor, "/timesheets/crew?month=2026-03")])
    {
        let url = app.url(path);
        let mut bodies: Vec<(String, reqwest::RequestBuilder)> = vec![
            (
                "binary form".into(),
                who.post(&url).header("content-type", "application/x-www-form-urlencoded").body(vec![0xff, 0x00, 0x25, 0x7e]),
            ),
            ("broken escapes".into(), who.post(&url).header("content-type", "application/x-www-form-urlencoded").body("a=%zz&%%=1&=&&b")),
            ("JSON to a form".into(), who.post(&url).json(&json!({ "email": ["x"] }))),
            ("no body".into(), who.post(&url)),
            ("over the size limit".into(), who.post(&url).form(&[("email", "a".repeat(2 * 1024 * 1024))])),
        ];
        for field in [
            "email",
            "password",
            "confirm",
            "locale",
            "back",
            "org_id",
            "action",
            "answer",
            "timesheet_id",
            "version",
            "intent",
            "submit",
            "cell:1:2026-03-02",
        ] {
            for text in hostile_text {
                bodies.push((format!("{field}={}", text.chars().take(10).collect::<String>()), who.post(&url).form(&[(field, text)])));
            }
        }
        for (what, req) in bodies {
            *sent += 1;
            let status = req.send().await.unwrap().status();
            if status.is_server_error() {
                failures.push(format!("POST {path} ({what}): {status}"));
            }
        }
    }
    let queries = [
        "/exports/timesheets.csv?month=",
        "/exports/timesheets.csv?month=99999-99",
        "/exports/timesheets.csv?month=2026-03&client_company_id=abc",
        "/exports/timesheets.xlsx?month=%00",
        "/exports/candidates.csv?job_id=-1",
        "/exports/candidates.csv?job_id=99999999999999999999",
        "/exports/candidates.csv",
        "/certificates/abc",
        "/certificates/-1",
        "/files/abc",
        "/files/9223372036854775807",
        "/recruiting/jobs/abc/events",
        "/people/abc",
        "/people/-1",
        "/timesheets?month=2026-13",
        "/timesheets/99999999",
        "/recruiting/candidates?page=-5&status=%E2%80%AE&job=abc",
        "/leave?month=0000-00",
    ];
    for path in queries {
        *sent += 1;
        let status = admin.get(app.url(path)).send().await.unwrap().status();
        if status.is_server_error() {
            failures.push(format!("GET {path}: {status}"));
        }
    }
    failures
}
