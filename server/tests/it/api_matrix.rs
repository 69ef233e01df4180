//! Runs the REST API's authorization matrix against the real server.
use crate::common::api_client::send;
use crate::common::api_matrix::{missing, API_MATRIX};
use crate::common::harness::{demo_email, TestApp};
use crate::on_both;
use reqwest::Method;
use serde_json::{json, Value};
use shared::api::Scope;
use shared::Role;

const ROLES: [Role; 7] =
    [Role::Admin, Role::HrManager, Role::Employee, Role::Contractor, Role::ClientManager, Role::Foreman, Role::Recruiter];

#[test]
fn every_api_route_has_a_row() {
    let missing = missing(&server::api::routes());
    assert!(missing.is_empty(), "API routes without a row in the API matrix: {missing:?}");
}

/// A personal token of the demo person of `role` holding `scopes`, stored as the token service
/// stores them (making tokens through the pages is tested on its own).
async fn token(app: &TestApp, role: Role, scopes: &[Scope], n: usize) -> String {
    let secret = format!("sp_pat_matrix{n:06}{}", "x".repeat(30));
    let person = app.person_id(demo_email(role)).await;
    sqlx::query(
        "INSERT INTO api_tokens (org_id, kind, person_id, name, prefix, token_hash, scopes, created_at, expires_at) \
         SELECT org_id, 'personal', id, 'matrix', 'sp_pat_matr', $1, $2, 0, 4000000000 FROM people WHERE id = $3",
    )
    .bind(app::backend::tokens::hash(&secret))
    .bind(serde_json::to_string(scopes).unwrap())
    .bind(person)
    .execute(&app.backend.db.pool)
    .await
    .unwrap();
    secret
}

/// The request of a row: its path filled in, a body and headers that pass everything but
/// authorization (a fresh record where the call would use one up).
async fn request(app: &TestApp, endpoint: &str, n: usize) -> (Method, String, Option<Value>, Vec<(String, String)>) {
    let (method, path) = endpoint.split_once(' ').unwrap();
    let path = path.trim_start_matches("/api/v1");
    let contractor = app.person_id(demo_email(Role::Contractor)).await;
    let job = app.scalar("SELECT MIN(id) FROM jobs").await;
    let candidate = app.scalar(&format!("SELECT MIN(id) FROM candidates WHERE job_id = {job}")).await;
    let version = |sql: String| async move { vec![("if-match".to_string(), format!("\"{}\"", app.scalar(&sql).await))] };
    let (path, body, headers) = match path {
        "/people" if method == "POST" => (
            "/people".into(),
            Some(json!({ "email": format!("api.matrix{n}@example.com"), "family_name": "M", "given_name": "X", "roles": ["employee"] })),
            vec![],
        ),
        "/people/{id}" if method == "PATCH" => {
            let id = app.person_id("person0000@demo.staffport.dev").await;
            (
                format!("/people/{id}"),
                Some(json!({ "position": format!("P{n}") })),
                version(format!("SELECT version FROM people WHERE id = {id}")).await,
            )
        }
        "/people/{id}/deactivate" => {
            let id = app.scalar(&format!("SELECT id FROM people WHERE email = 'person{:04}@demo.staffport.dev'", n % 20 + 1)).await;
            app.execute(&format!("UPDATE people SET status = 'active' WHERE id = {id}")).await;
            (format!("/people/{id}/deactivate"), Some(json!({})), vec![])
        }
        "/people/{id}/leave" => (format!("/people/{}/leave", app.person_id(demo_email(Role::Employee)).await), None, vec![]),
        "/requests/{id}" => (format!("/requests/{}", employee_request(app, 0).await), None, vec![]),
        "/requests/{id}/decision" => {
            let id = employee_request(app, n).await;
            (
                format!("/requests/{id}/decision"),
                Some(json!({ "action": "approve" })),
                version(format!("SELECT version FROM requests WHERE id = {id}")).await,
            )
        }
        "/people/{id}/protected/{field}/reveal" => (format!("/people/{contractor}/protected/tax_no/reveal"), Some(json!({})), vec![]),
        "/timesheets/{id}" => (
            format!("/timesheets/{}", app.scalar(&format!("SELECT MIN(id) FROM timesheets WHERE contractor_id = {contractor}")).await),
            None,
            vec![],
        ),
        "/candidates" => ("/candidates".into(), Some(json!({ "job_id": job, "full_name": format!("Matrix {n}") })), vec![]),
        "/candidates/{id}" if method == "PATCH" => {
            let v = version(format!("SELECT version FROM candidates WHERE id = {candidate}")).await;
            (format!("/candidates/{candidate}"), Some(json!({ "tags": format!("matrix{n}") })), v)
        }
        "/candidates/{id}" => (format!("/candidates/{candidate}"), None, vec![]),
        "/candidates/{id}/stage" => {
            let stage = app.scalar(&format!("SELECT stage_id FROM candidates WHERE id = {candidate}")).await;
            let other =
                app.scalar(&format!("SELECT MIN(id) FROM job_stages WHERE job_id = {job} AND id <> {stage} AND kind = 'active'")).await;
            (
                format!("/candidates/{candidate}/stage"),
                Some(json!({ "stage_id": other })),
                version(format!("SELECT version FROM candidates WHERE id = {candidate}")).await,
            )
        }
        p => (p.replace("{id}", &contractor.to_string()), if method == "POST" { Some(json!({})) } else { None }, vec![]),
    };
    (Method::from_bytes(method.as_bytes()).unwrap(), path, body, headers)
}

/// A business trip the demo employee filed (its first step: their line manager, the demo
/// admin); `n` 0 is made once and kept.
async fn employee_request(app: &TestApp, n: usize) -> i64 {
    let requester = app.person_id(demo_email(Role::Employee)).await;
    let filed = format!("SELECT id FROM requests WHERE requester_id = {requester} AND status <> 'draft' ORDER BY id LIMIT 1");
    if let (0, Some(id)) = (n, app.scalar_or(filed).await) {
        return id;
    }
    let destination = format!("Busan API {n}");
    let employee = crate::common::harness::client();
    app.sign_in(&employee, demo_email(Role::Employee), app::backend::demo::DEMO_PASSWORD).await;
    let answers = json!({ "destination": destination, "dates": "2026-12-01/2026-12-02" });
    let (status, id) =
        app.call(&employee, "cabinet/submit_request", json!({ "input": { "type_code": "business_trip", "answers": answers } })).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{id}");
    id.as_i64().unwrap()
}

on_both!(every_api_endpoint_answers_each_scope_and_role_as_its_row_says, |app| {
    let (mut failures, mut n) = (Vec::new(), 0);
    for row in API_MATRIX {
        let scope = Scope::parse(row.scope).expect("a scope that exists");
        let others: Vec<Scope> = Scope::all().into_iter().filter(|s| *s != scope).collect();
        n += 1;
        let (method, path, body, headers) = request(&app, row.endpoint, n).await;
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let anonymous = send(&app, None, method.clone(), &path, body.clone(), &headers).await;
        if anonymous.status != 401 {
            failures.push(format!("{} without a token: {}", row.endpoint, anonymous.status));
        }
        for (role, expected) in ROLES.iter().zip(row.expect) {
            n += 1;
            let lacking = token(&app, *role, &others, n).await;
            let got = send(&app, Some(&lacking), method.clone(), &path, body.clone(), &headers).await;
            if (got.status.as_u16(), got.code()) != (403, "insufficient_scope") {
                failures.push(format!("{} as {role:?} without {}: {} {}", row.endpoint, row.scope, got.status, got.body));
            }
            n += 1;
            let (method, path, body, headers) = request(&app, row.endpoint, n).await;
            let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let holding = token(&app, *role, &[scope], n).await;
            let got = send(&app, Some(&holding), method, &path, body, &headers).await;
            if got.status.as_u16() != expected {
                failures
                    .push(format!("{} as {role:?} with {}: expected {expected}, got {} {}", row.endpoint, row.scope, got.status, got.body));
            }
        }
    }
    assert!(failures.is_empty(), "API authorization matrix violations:\n{}", failures.join("\n"));
});
