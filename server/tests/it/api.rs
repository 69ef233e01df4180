//! The REST API: tokens and scopes, problem answers, pages, versions, idempotent POSTs,
//! protected values — over HTTP as another system would call it.
use crate::common::api_client::{get, personal_token, post, send, service_token};
use crate::common::harness::{demo_email, TestApp};
use crate::on_both;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use shared::Role;
use std::collections::BTreeMap;

/// Every id of a list, paged `limit` at a time; `between` runs after each page.
async fn page_through(app: &TestApp, token: &str, query: &str, limit: usize, mut between: impl AsyncFnMut(usize)) -> Vec<i64> {
    let (mut ids, mut cursor, mut pages) = (Vec::new(), None::<String>, 0);
    loop {
        let after = cursor.as_deref().map(|c| format!("&cursor={c}")).unwrap_or_default();
        let page = get(app, token, &format!("/people?limit={limit}{query}{after}")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let items = page.body["items"].as_array().unwrap();
        assert!(items.len() <= limit);
        ids.extend(items.iter().map(|p| p["id"].as_i64().unwrap()));
        pages += 1;
        between(pages).await;
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => return ids,
        }
    }
}

on_both!(tokens_act_within_their_scopes_and_their_owners_roles, |app| {
    // No token, a made-up one, one of the right shape but unknown: 401 with the way to sign in.
    for token in [None, Some("nonsense"), Some("sp_pat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] {
        let answer = send(&app, token, Method::GET, "/people", None, &[]).await;
        assert_eq!((answer.status, answer.code()), (StatusCode::UNAUTHORIZED, "unauthorized"), "{token:?}");
        assert_eq!(answer.body["title"], "The API token is missing, unknown, expired or revoked.");
        assert_eq!(answer.header("www-authenticate"), "Bearer realm=\"staffport\"");
        assert_eq!(answer.header("content-type"), "application/problem+json");
    }
    let hr = personal_token(&app, Role::HrManager, &["people:read"]).await;
    assert!(hr.starts_with("sp_pat_") && hr.len() > 40);
    let list = get(&app, &hr, "/people").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.header("cache-control"), "no-store", "personal data is not kept by caches");
    let lower = send(&app, None, Method::GET, "/people?limit=1", None, &[("authorization", &format!("bearer {hr}"))]).await;
    assert_eq!(lower.status, StatusCode::OK, "the scheme's name in any case");
    assert_eq!(list.body["items"].as_array().unwrap().len() as i64, app.scalar("SELECT COUNT(*) FROM people").await);
    // The secret is kept only as a hash; its first characters name it in lists.
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM api_tokens WHERE token_hash = '{hr}' OR prefix = '{hr}'")).await, 0);
    let last_used = app.scalar_text("SELECT last_used_addr FROM api_tokens ORDER BY id DESC LIMIT 1").await;
    assert_eq!(last_used, "127.0.0.1");

    // A scope the token lacks: 403 naming the scope, in the language asked for.
    let jobs_only = personal_token(&app, Role::HrManager, &["jobs:read"]).await;
    let refused = send(&app, Some(&jobs_only), Method::GET, "/people", None, &[("accept-language", "ru")]).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "insufficient_scope"));
    assert_eq!(refused.body["title"], "У токена API нет области доступа для этого действия.");
    let korean = send(&app, Some(&jobs_only), Method::GET, "/people", None, &[("accept-language", "ko-KR,ko;q=0.9")]).await;
    assert_eq!(korean.body["title"], "API 토큰에 이 작업의 권한 범위가 없습니다.");
    // The scope without the role: an employee's token lists nobody (the people page is HR's).
    let employee = personal_token(&app, Role::Employee, &["people:read"]).await;
    assert_eq!(get(&app, &employee, "/people").await.code(), "forbidden");
    let own = app.person_id(demo_email(Role::Employee)).await;
    assert_eq!(get(&app, &employee, &format!("/people/{own}")).await.status, StatusCode::OK, "but reads their own record");

    // A service token acts with its role, not its maker's.
    let recruiter_service = service_token(&app, Role::Recruiter, &["people:read"]).await;
    assert!(recruiter_service.starts_with("sp_svc_"));
    assert_eq!(get(&app, &recruiter_service, "/people").await.code(), "forbidden", "a recruiter does not run the directory");
    let hr_service = service_token(&app, Role::HrManager, &["people:read"]).await;
    assert_eq!(get(&app, &hr_service, "/people").await.status, StatusCode::OK);
    // Only administrators make service tokens, and only with organisation-wide roles.
    let hr_session = app.as_role(Role::HrManager).await;
    let input = json!({ "input": { "name": "x", "scopes": ["people:read"], "days": 5, "role": "hr_manager" } });
    assert_eq!(app.call(&hr_session, "api_tokens/create", input).await.0, StatusCode::FORBIDDEN);
    let admin = app.as_role(Role::Admin).await;
    let input = json!({ "input": { "name": "x", "scopes": ["people:read"], "days": 5, "role": "contractor" } });
    let (status, body) = app.call(&admin, "api_tokens/create", input).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

    // Revoked and expired tokens stop at once; both the making and the revoking are audited.
    let (_, mine) = app.call(&hr_session, "api_tokens/list", json!({ "kind": "personal" })).await;
    let first = mine.as_array().unwrap().iter().find(|t| t["scopes"] == json!(["people:read"])).unwrap()["id"].as_i64().unwrap();
    assert_eq!(mine[0]["prefix"].as_str().unwrap().len(), 11);
    let (_, services) = app.call(&hr_session, "api_tokens/list", json!({ "kind": "service" })).await;
    assert_eq!(services["Forbidden"], Value::Null, "HR sees no service tokens: {services}");
    assert_eq!(app.call(&admin, "api_tokens/revoke", json!({ "id": first })).await.0, StatusCode::NOT_FOUND, "not the admin's own");
    assert_eq!(app.call(&hr_session, "api_tokens/revoke", json!({ "id": first })).await.0, StatusCode::OK);
    assert_eq!(get(&app, &hr, "/people").await.status, StatusCode::UNAUTHORIZED);
    app.execute("UPDATE api_tokens SET expires_at = 1 WHERE kind = 'service' AND role = 'hr_manager'").await;
    assert_eq!(get(&app, &hr_service, "/people").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'api_token.created'").await, 5);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'api_token.revoked' AND subject_id = {first}")).await, 1);

    // Deactivating a person stops their tokens, and the service tokens they made.
    let still = service_token(&app, Role::HrManager, &["people:read"]).await;
    let admin_id = app.person_id(demo_email(Role::Admin)).await;
    app.execute(&format!("UPDATE people SET status = 'deactivated' WHERE id = {admin_id}")).await;
    assert_eq!(get(&app, &still, "/people").await.status, StatusCode::UNAUTHORIZED);
});

on_both!(pages_return_every_row_once_while_rows_change, |app| {
    let token = personal_token(&app, Role::HrManager, &["people:read", "people:write"]).await;
    let before: Vec<i64> = sqlx::query_scalar("SELECT id FROM people ORDER BY id").fetch_all(&app.backend.db.pool).await.unwrap();
    let started = get(&app, &token, "/people?limit=1").await.body["items"][0]["updated_at"].as_str().unwrap().to_string();
    assert!(started.ends_with('Z') && started.len() == 20, "{started}");
    let (first, last) = (before[0], *before.last().unwrap());
    let seen = page_through(&app, &token, "", 7, async |page| {
        // While the client pages: someone new arrives, someone already read and someone not yet
        // read change, someone is deactivated.
        if page == 1 {
            let made = post(
                &app,
                &token,
                "/people",
                json!({ "email": "new.hire@example.com", "family_name": "Новый",
                "given_name": "Сотрудник", "roles": ["employee"] }),
            )
            .await;
            assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
            for id in [first, last] {
                app.execute(&format!(
                    "UPDATE people SET family_name = 'Changed', updated_at = updated_at + 1, version = version + 1 WHERE id = {id}"
                ))
                .await;
            }
        }
    })
    .await;
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "no row twice: {seen:?}");
    assert!(before.iter().all(|id| seen.contains(id)), "every row that was there throughout");
    assert_eq!(seen.len(), before.len() + 1, "and the one added behind the cursor's way");

    // Incremental sync: only what changed since a time, paged the same way.
    let since = app.scalar("SELECT MAX(updated_at) FROM people").await;
    app.execute(&format!("UPDATE people SET updated_at = {} WHERE id = {first}", since + 5)).await;
    let changed = page_through(&app, &token, &format!("&updated_since={}", rfc3339(since + 1)), 2, async |_| {}).await;
    assert_eq!(changed, vec![first]);
    let bad = get(&app, &token, "/people?cursor=bm9wZQ").await;
    assert_eq!((bad.status, bad.body["errors"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("cursor")));
    let bad = get(&app, &token, "/people?updated_since=yesterday").await;
    assert_eq!(bad.body["errors"][0]["field"], "updated_since");
});

fn rfc3339(t: i64) -> String {
    app::backend::api::cursor::rfc3339(t)
}

on_both!(a_retried_post_creates_once_and_a_stale_version_is_refused, |app| {
    let token = personal_token(&app, Role::HrManager, &["people:read", "people:write"]).await;
    let body = json!({ "email": "retry@example.com", "family_name": "Park", "given_name": "Jiwoo", "roles": ["employee"] });
    let key = [("idempotency-key", "7f0c-retry")];
    let first = send(&app, Some(&token), Method::POST, "/people", Some(body.clone()), &key).await;
    let again = send(&app, Some(&token), Method::POST, "/people", Some(body.clone()), &key).await;
    assert_eq!((first.status, again.status), (StatusCode::CREATED, StatusCode::CREATED), "{}", again.body);
    assert_eq!(first.body["id"], again.body["id"]);
    assert_eq!(again.header("idempotent-replayed"), "true");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM people WHERE email = 'retry@example.com'").await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM outbox WHERE recipient = 'retry@example.com'").await, 1, "one invitation");
    let other = json!({ "email": "other@example.com", "family_name": "Park", "given_name": "Jiwoo", "roles": ["employee"] });
    let reused = send(&app, Some(&token), Method::POST, "/people", Some(other), &key).await;
    assert_eq!((reused.status, reused.code()), (StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused"));
    // Without a key, the same request twice is refused the second time by the duplicate check.
    let twice = post(&app, &token, "/people", body).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", twice.body);

    // Versions: the ETag goes back in If-Match; someone else's save in between is a 412.
    let id = first.body["id"].as_i64().unwrap();
    let read = get(&app, &token, &format!("/people/{id}")).await;
    let tag = read.header("etag").to_string();
    assert_eq!(tag, format!("\"{}\"", read.body["version"]));
    let patch = |name: &str| json!({ "position": name });
    let changed = send(&app, Some(&token), Method::PATCH, &format!("/people/{id}"), Some(patch("Engineer")), &[("if-match", &tag)]).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(
        (changed.body["position"].as_str(), changed.body["family_name"].as_str()),
        (Some("Engineer"), Some("Park")),
        "the rest kept"
    );
    let stale = send(&app, Some(&token), Method::PATCH, &format!("/people/{id}"), Some(patch("Manager")), &[("if-match", &tag)]).await;
    assert_eq!((stale.status, stale.code()), (StatusCode::PRECONDITION_FAILED, "version_stale"));
    let blind = send(&app, Some(&token), Method::PATCH, &format!("/people/{id}"), Some(patch("Manager")), &[]).await;
    assert_eq!((blind.status, blind.code()), (StatusCode::PRECONDITION_REQUIRED, "version_required"));
    assert_eq!(get(&app, &token, &format!("/people/{id}")).await.body["position"], "Engineer");
    // A field that is not one is refused whole, not ignored.
    let unknown = send(
        &app,
        Some(&token),
        Method::PATCH,
        &format!("/people/{id}"),
        Some(json!({ "salary": 1 })),
        &[("if-match", changed.header("etag"))],
    )
    .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    // Deactivation.
    let gone = post(&app, &token, &format!("/people/{id}/deactivate"), json!({})).await;
    assert_eq!(gone.body["status"], "deactivated", "{}", gone.body);
});

on_both!(other_organisations_are_not_found_and_protected_values_stay_masked, |app| {
    let token = personal_token(&app, Role::HrManager, &["people:read"]).await;
    let other_org = app.scalar("INSERT INTO organisations (name, slug, created_at) VALUES ('Other', 'other', 0) RETURNING id").await;
    let mut tx = app.backend.db.begin_write().await.unwrap();
    let stranger = app::backend::people::insert(
        &mut tx,
        other_org,
        &app::backend::people::NewPerson {
            email: shared::validation::Email::parse("email", "stranger@other.example").unwrap(),
            family_name: "Stranger".into(),
            given_name: "Other".into(),
            roles: vec![Role::Employee],
            legal_entity_id: None,
            department_id: None,
            client_company_id: None,
            status: shared::model::PersonStatus::Active,
            password_hash: None,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    for path in [format!("/people/{stranger}"), format!("/people/{stranger}/protected")] {
        let answer = get(&app, &token, &path).await;
        assert_eq!((answer.status, answer.code()), (StatusCode::NOT_FOUND, "not_found"), "{path}");
    }
    let list = get(&app, &token, "/people?limit=500").await;
    assert!(!list.body.to_string().contains("Stranger"));

    let employee = app.person_id(demo_email(Role::Employee)).await;
    let org = app.scalar(&format!("SELECT org_id FROM people WHERE id = {employee}")).await;
    let mut tx = app.backend.db.begin_write().await.unwrap();
    let secrets: BTreeMap<String, String> = [("resident_no".to_string(), "900101-1234567".to_string())].into();
    app::backend::cabinet::secrets::update(&mut tx, &app.backend, org, employee, &secrets).await.unwrap();
    tx.commit().await.unwrap();
    let person = get(&app, &token, &format!("/people/{employee}")).await;
    let masked = get(&app, &token, &format!("/people/{employee}/protected")).await;
    for answer in [&person, &masked, &list] {
        assert!(!answer.body.to_string().contains("1234567"), "{}", answer.body);
    }
    let resident = masked.body.as_array().unwrap().iter().find(|v| v["field"] == "resident_no").unwrap().clone();
    assert_eq!(resident["set"], true);
    assert!(resident["masked"].as_str().unwrap().contains('•'), "{resident}");
    // Revealing is its own scope, and audited.
    let reveal = format!("/people/{employee}/protected/resident_no/reveal");
    assert_eq!(post(&app, &token, &reveal, json!({})).await.code(), "insufficient_scope");
    let revealer = personal_token(&app, Role::HrManager, &["people:read", "people:reveal"]).await;
    let shown = post(&app, &revealer, &reveal, json!({})).await;
    assert_eq!(shown.body["value"], "900101-1234567", "{}", shown.body);
    let audited = app
        .scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'person.personal_data_revealed' AND subject_id = {employee}"))
        .await;
    assert_eq!(audited, 1);
});

on_both!(
    a_token_past_its_rate_gets_429,
    config | c | {
        c.api_per_token_per_min = 3;
    },
    |app| {
        let token = personal_token(&app, Role::HrManager, &["people:read"]).await;
        for _ in 0..3 {
            assert_eq!(get(&app, &token, "/people?limit=1").await.status, StatusCode::OK);
        }
        let limited = get(&app, &token, "/people?limit=1").await;
        assert_eq!((limited.status, limited.code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"));
        let wait: i64 = limited.header("retry-after").parse().unwrap();
        assert!((1..=60).contains(&wait), "{wait}");
        let other = personal_token(&app, Role::Admin, &["people:read"]).await;
        assert_eq!(get(&app, &other, "/people?limit=1").await.status, StatusCode::OK, "each token has its own budget");
    }
);

on_both!(the_openapi_document_lists_every_route_the_api_serves, |app| {
    let doc: Value = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap().json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
    let token = personal_token(&app, Role::Admin, &["people:read"]).await;
    let mut listed = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            listed.push((method.to_uppercase(), format!("/api/v1{path}")));
            // Every listed route is served: answered by its handler, not the not-found fallback.
            let concrete = path.replace("{id}", "1").replace("{field}", "resident_no");
            let answer =
                send(&app, Some(&token), Method::from_bytes(method.to_uppercase().as_bytes()).unwrap(), &concrete, Some(json!({})), &[])
                    .await;
            assert!(answer.status != StatusCode::METHOD_NOT_ALLOWED && answer.code() != "no_route", "{method} {path}: {}", answer.body);
        }
    }
    listed.push(("GET".into(), "/api/v1/openapi.json".into()));
    listed.push(("GET".into(), "/api/v1/reference".into()));
    let ids: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|i| i.as_object().unwrap().values())
        .map(|o| o["operationId"].as_str().unwrap())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "operation ids are unique: {ids:?}");
    let page = reqwest::Client::new().get(app.url("/api/v1/reference")).header("accept-language", "ko").send().await.unwrap();
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    let page = page.text().await.unwrap();
    assert!(page.contains("API 문서") && page.contains("GET /api/v1/people"), "the reference page, in Korean");
    listed.sort();
    let nowhere = send(&app, Some(&token), Method::GET, "/nowhere", None, &[]).await;
    assert_eq!((nowhere.status, nowhere.code()), (StatusCode::NOT_FOUND, "no_route"), "the check above can fail");
    let served: Vec<(String, String)> = server::api::routes();
    assert_eq!(listed, served);
});

on_both!(timesheets_are_listed_within_each_callers_reach, |app| {
    let month: String = app.scalar_text("SELECT MIN(period_start) FROM timesheets").await[..7].to_string();
    let all = app.scalar("SELECT COUNT(*) FROM timesheets").await;
    let hr = personal_token(&app, Role::HrManager, &["timesheets:read"]).await;
    let page = get(&app, &hr, &format!("/timesheets?month={month}&status=approved&limit=500")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let items = page.body["items"].as_array().unwrap();
    assert_eq!(items.len() as i64, all);
    let minutes: i64 = items.iter().map(|t| t["minutes"]["work"].as_i64().unwrap() + t["minutes"]["overtime"].as_i64().unwrap()).sum();
    assert_eq!(minutes, app.scalar("SELECT CAST(SUM(minutes) AS BIGINT) FROM timesheet_entries").await, "the approved hours add up");
    assert_eq!(get(&app, &hr, "/timesheets?status=draft").await.body["items"], json!([]));
    assert_eq!(get(&app, &hr, "/timesheets?month=2001-01").await.body["items"], json!([]));
    assert_eq!(get(&app, &hr, "/timesheets?status=lost").await.body["errors"][0]["field"], "status");
    assert_eq!(get(&app, &hr, "/timesheets?limit=many").await.code(), "bad_request");

    // A client manager sees their client's; a contractor their own; an employee none.
    let client = app.scalar(&format!("SELECT client_company_id FROM people WHERE email = '{}'", demo_email(Role::ClientManager))).await;
    let manager = personal_token(&app, Role::ClientManager, &["timesheets:read"]).await;
    let theirs = get(&app, &manager, "/timesheets?limit=500").await.body["items"].as_array().unwrap().clone();
    assert!(!theirs.is_empty() && theirs.iter().all(|t| t["client_company_id"] == client), "{theirs:?}");
    assert!((theirs.len() as i64) < all);
    let contractor_id = app.person_id(demo_email(Role::Contractor)).await;
    let contractor = personal_token(&app, Role::Contractor, &["timesheets:read"]).await;
    let own = get(&app, &contractor, "/timesheets").await.body["items"].as_array().unwrap().clone();
    assert!(!own.is_empty() && own.iter().all(|t| t["contractor_id"] == contractor_id));
    let employee = personal_token(&app, Role::Employee, &["timesheets:read"]).await;
    assert_eq!(get(&app, &employee, "/timesheets").await.code(), "forbidden");

    // One with its days and history; someone else's is refused, another client's for a manager.
    let id = own[0]["id"].as_i64().unwrap();
    let one = get(&app, &contractor, &format!("/timesheets/{id}")).await;
    assert_eq!(one.status, StatusCode::OK, "{}", one.body);
    let entries = one.body["entries"].as_array().unwrap();
    assert_eq!(entries.len() as i64, app.scalar(&format!("SELECT COUNT(*) FROM timesheet_entries WHERE timesheet_id = {id}")).await);
    assert!(entries.iter().all(|e| ["work", "overtime"].contains(&e["code"].as_str().unwrap())));
    let foreign = app.scalar(&format!("SELECT MIN(id) FROM timesheets WHERE contractor_id <> {contractor_id}")).await;
    assert_eq!(get(&app, &contractor, &format!("/timesheets/{foreign}")).await.code(), "forbidden");
    let elsewhere = app.scalar(&format!("SELECT MIN(id) FROM timesheets WHERE client_company_id <> {client}")).await;
    assert_eq!(get(&app, &manager, &format!("/timesheets/{elsewhere}")).await.code(), "forbidden");
});

on_both!(job_boards_add_candidates_once_and_move_them_by_version, |app| {
    let token = personal_token(&app, Role::Recruiter, &["jobs:read", "candidates:read", "candidates:write"]).await;
    let jobs = get(&app, &token, "/jobs").await;
    assert_eq!(jobs.status, StatusCode::OK, "{}", jobs.body);
    let job = &jobs.body[0];
    let stages = job["stages"].as_array().unwrap();
    assert!(stages.len() >= 3 && stages.iter().any(|s| s["kind"] == "hired"), "{job}");
    assert_eq!((stages[0]["name"]["en"].as_str(), stages[0]["name"]["ru"].as_str()), (Some("Applied"), Some("Отклик")));
    let new = json!({ "job_id": job["id"], "full_name": "Ольга Смирнова", "phone": "+7 912 345-67-89",
        "email": "olga@example.com", "source": "hh.ru", "tags": "remote" });
    let key = [("idempotency-key", "hh-ru-123456")];
    let made = send(&app, Some(&token), Method::POST, "/candidates", Some(new.clone()), &key).await;
    let again = send(&app, Some(&token), Method::POST, "/candidates", Some(new), &key).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert_eq!((made.body["id"].clone(), again.header("idempotent-replayed")), (again.body["id"].clone(), "true"));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM candidates WHERE full_name = 'Ольга Смирнова'").await, 1);
    assert_eq!(made.body["stage_id"], stages[0]["id"]);
    let text = made.body.to_string();
    assert!(!text.contains("345-67") && !text.contains("olga@"), "contacts masked: {text}");

    let id = made.body["id"].as_i64().unwrap();
    let path = format!("/candidates/{id}/stage");
    let tag = made.header("etag").to_string();
    let to = json!({ "stage_id": stages[1]["id"] });
    let moved = send(&app, Some(&token), Method::POST, &path, Some(to.clone()), &[("if-match", &tag)]).await;
    assert_eq!((moved.status, moved.body["stage_id"].clone()), (StatusCode::OK, stages[1]["id"].clone()), "{}", moved.body);
    let stale = send(&app, Some(&token), Method::POST, &path, Some(json!({ "stage_id": stages[2]["id"] })), &[("if-match", &tag)]).await;
    assert_eq!(stale.code(), "version_stale");
    assert_eq!(get(&app, &token, &format!("/candidates/{id}")).await.body["stage_id"], stages[1]["id"]);
    // A change by version; contacts replaced, still answered masked.
    let tag = get(&app, &token, &format!("/candidates/{id}")).await.header("etag").to_string();
    let patch = json!({ "tags": "remote, senior", "email": "olga.s@example.com" });
    let changed = send(&app, Some(&token), Method::PATCH, &format!("/candidates/{id}"), Some(patch.clone()), &[("if-match", &tag)]).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!((changed.body["full_name"].as_str(), changed.body["tags"].as_str()), (Some("Ольга Смирнова"), Some("remote, senior")));
    assert!(!changed.body.to_string().contains("olga.s@"), "{}", changed.body);
    let stale = send(&app, Some(&token), Method::PATCH, &format!("/candidates/{id}"), Some(patch), &[("if-match", &tag)]).await;
    assert_eq!(stale.code(), "version_stale");
    // A job's stage of another job is refused; and a contractor's token reaches no job.
    let contractor = personal_token(&app, Role::Contractor, &["jobs:read", "candidates:read"]).await;
    assert_eq!(get(&app, &contractor, &format!("/candidates/{id}")).await.code(), "forbidden");
    assert_eq!(get(&app, &contractor, "/jobs").await.body, json!([]), "no job worked on");
});

/// Every id of `path`'s list, `limit` a page.
async fn all_ids(app: &TestApp, token: &str, path: &str, limit: usize) -> Vec<i64> {
    let (mut ids, mut cursor) = (Vec::new(), None::<String>);
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let after = cursor.as_deref().map(|c| format!("&cursor={c}")).unwrap_or_default();
        let page = get(app, token, &format!("{path}{sep}limit={limit}{after}")).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        ids.extend(page.body["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()));
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => return ids,
        }
    }
}

on_both!(structure_placements_requests_and_leave_answer_as_their_pages_do, |app| {
    let hr =
        personal_token(&app, Role::HrManager, &["structure:read", "placements:read", "requests:read", "leave:read", "imports:read"]).await;
    // An import checked on the import page shows among the runs, with its counts.
    let hr_session = app.as_role(Role::HrManager).await;
    let file: &[u8] = b"Family name,Given name,Email\nDoe,Jane,jane.api@example.com\n";
    let run: Value = hr_session.post(app.url("/import/check?name=zup.csv")).body(file).send().await.unwrap().json().await.unwrap();
    let imports = get(&app, &hr, "/imports").await;
    let listed = imports.body.as_array().unwrap().iter().find(|r| r["id"] == run["run_id"]).cloned().unwrap_or_default();
    assert_eq!((listed["file_name"].as_str(), listed["status"].as_str()), (Some("zup.csv"), Some("dry_run")), "{}", imports.body);
    let stored: Value =
        serde_json::from_str(&app.scalar_text(&format!("SELECT counts FROM import_runs WHERE id = {}", run["run_id"])).await).unwrap();
    assert_eq!(listed["counts"]["errors"], stored["errors"], "the run's own counts");
    let structure = get(&app, &hr, "/structure").await;
    assert_eq!(structure.status, StatusCode::OK, "{}", structure.body);
    for (key, table) in [
        ("legal_entities", "legal_entities"),
        ("departments", "departments"),
        ("client_companies", "client_companies"),
        ("sites", "client_departments"),
    ] {
        assert_eq!(
            structure.body[key].as_array().unwrap().len() as i64,
            app.scalar(&format!("SELECT COUNT(*) FROM {table}")).await,
            "{key}"
        );
    }

    // Placements page in id order, each once; one ended since a time is all `updated_since` gives.
    let placements: Vec<i64> = sqlx::query_scalar("SELECT id FROM placements ORDER BY id").fetch_all(&app.backend.db.pool).await.unwrap();
    assert_eq!(all_ids(&app, &hr, "/placements", 3).await, placements);
    // (Everything changed long ago but what ends now.)
    app.execute("UPDATE placements SET updated_at = 1000000000").await;
    let contractor = app.person_id(demo_email(Role::Contractor)).await;
    let org = app.scalar(&format!("SELECT org_id FROM people WHERE id = {contractor}")).await;
    let mut tx = app.backend.db.begin_write().await.unwrap();
    app::backend::placements::end_all(&mut tx, org, contractor, shared::format::Date { year: 2030, month: 1, day: 31 }).await.unwrap();
    tx.commit().await.unwrap();
    let since = app::backend::api::cursor::rfc3339(app::backend::now() - 60);
    let ended = all_ids(&app, &hr, &format!("/placements?updated_since={since}"), 50).await;
    let theirs: Vec<i64> = sqlx::query_scalar(&format!("SELECT id FROM placements WHERE contractor_id = {contractor} ORDER BY id"))
        .fetch_all(&app.backend.db.pool)
        .await
        .unwrap();
    assert_eq!(ended, theirs);
    // A contractor's token sees their own placements only.
    let own = personal_token(&app, Role::Contractor, &["placements:read"]).await;
    assert_eq!(all_ids(&app, &own, "/placements", 50).await, theirs);

    // A request: filed by the employee, listed for HR and for them, decided by their manager.
    let employee = app.as_role(Role::Employee).await;
    let answers = json!({ "destination": "Busan", "dates": "2026-12-01/2026-12-02" });
    let (_, id) =
        app.call(&employee, "cabinet/submit_request", json!({ "input": { "type_code": "business_trip", "answers": answers } })).await;
    let id = id.as_i64().unwrap();
    assert!(all_ids(&app, &hr, "/requests", 2).await.contains(&id));
    let mine = personal_token(&app, Role::Employee, &["requests:read", "leave:read"]).await;
    let listed = all_ids(&app, &mine, "/requests", 50).await;
    assert!(listed.contains(&id));
    let requester = app.person_id(demo_email(Role::Employee)).await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM requests WHERE requester_id <> {requester} AND id IN ({})",
            listed.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        ))
        .await,
        0,
        "only their own"
    );
    let read = get(&app, &mine, &format!("/requests/{id}")).await;
    assert_eq!(read.body["answers"].as_array().unwrap().iter().find(|a| a["key"] == "destination").unwrap()["value"], "Busan");
    let manager = personal_token(&app, Role::Admin, &["requests:write"]).await;
    let path = format!("/requests/{id}/decision");
    let tag = read.header("etag").to_string();
    let stale = send(&app, Some(&manager), Method::POST, &path, Some(json!({ "action": "approve" })), &[("if-match", "\"1\"")]).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    let decided = send(&app, Some(&manager), Method::POST, &path, Some(json!({ "action": "approve" })), &[("if-match", &tag)]).await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);
    assert_eq!(decided.body["transitions"].as_array().unwrap().last().unwrap()["action"], "approve");
    let again =
        send(&app, Some(&manager), Method::POST, &path, Some(json!({ "action": "approve" })), &[("if-match", decided.header("etag"))])
            .await;
    assert_eq!(again.code(), "forbidden", "the next step is HR's, not the line manager's: {}", again.body);

    // Leave: their own balance, not a stranger's.
    let balance = get(&app, &mine, &format!("/people/{requester}/leave")).await;
    assert_eq!(balance.status, StatusCode::OK, "{}", balance.body);
    assert_eq!(
        balance.body["balance"].as_i64().unwrap(),
        balance.body["granted"].as_i64().unwrap() - balance.body["taken"].as_i64().unwrap() - balance.body["expired"].as_i64().unwrap()
    );
    let stranger = app.person_id("person0000@demo.staffport.dev").await;
    assert_eq!(get(&app, &mine, &format!("/people/{stranger}/leave")).await.code(), "forbidden");
    // Another organisation's records are not found (records moved to another organisation, as
    // its own would be), nor listed.
    let other = app.scalar("INSERT INTO organisations (name, slug, created_at) VALUES ('Elsewhere', 'elsewhere', 0) RETURNING id").await;
    let token =
        personal_token(&app, Role::Admin, &["requests:read", "timesheets:read", "candidates:read", "leave:read", "placements:read"]).await;
    let (sheet, candidate, placement) = (
        app.scalar("SELECT MAX(id) FROM timesheets").await,
        app.scalar("SELECT MAX(id) FROM candidates").await,
        app.scalar("SELECT MAX(id) FROM placements").await,
    );
    for (table, id) in [("requests", id), ("timesheets", sheet), ("candidates", candidate), ("placements", placement)] {
        app.execute(&format!("UPDATE {table} SET org_id = {other} WHERE id = {id}")).await;
    }
    for path in
        [format!("/requests/{id}"), format!("/timesheets/{sheet}"), format!("/candidates/{candidate}"), "/people/999999/leave".to_string()]
    {
        assert_eq!(get(&app, &token, &path).await.code(), "not_found", "{path}");
    }
    assert!(!all_ids(&app, &token, "/placements", 500).await.contains(&placement));
    assert!(!all_ids(&app, &token, "/timesheets", 500).await.contains(&sheet));
    assert!(!all_ids(&app, &token, "/requests", 500).await.contains(&id));
});
