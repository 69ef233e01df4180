//! Runs the authorization matrix against the real server.
use crate::common::harness::{client, demo_email, TestApp};
use crate::common::matrix_table::{missing_rows, registered, Case, MATRIX, WHO};
use crate::on_both;
use app::backend::demo::DEMO_PASSWORD;
use serde_json::{json, Value};
use shared::Role;

#[test]
fn every_endpoint_has_a_row() {
    let missing = missing_rows(&registered());
    assert!(missing.is_empty(), "endpoints without a row in the authorization matrix: {missing:?}");
}

/// The record a case is about, as seen by `who`.
async fn target(app: &TestApp, case: Case, who: Option<Role>) -> i64 {
    match case {
        Case::Own => app.person_id(demo_email(who.unwrap_or(Role::Contractor))).await,
        Case::Unrelated => app.person_id("person0000@demo.staffport.dev").await,
        Case::CrewAtOwnClient => app.person_id(demo_email(Role::Contractor)).await,
        Case::OtherClient => {
            let client_manager = app.person_id(demo_email(Role::ClientManager)).await;
            app.scalar(&format!(
                "SELECT MIN(contractor_id) FROM placements WHERE client_company_id <> (SELECT client_company_id FROM people WHERE id = {client_manager})"
            ))
            .await
        }
        _ => 0,
    }
}

/// An endpoint of the demo organisation, made once (disabled: nothing is sent to it).
async fn webhook_endpoint(app: &TestApp) -> i64 {
    if let Some(id) = app.scalar_or("SELECT id FROM webhook_endpoints WHERE description = 'matrix' LIMIT 1".into()).await {
        return id;
    }
    let sealed = app.backend.sealer.seal(b"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
    app.scalar(&format!(
        "INSERT INTO webhook_endpoints (org_id, url, description, events, secret_sealed, status, created_by, created_at, updated_at) \
         SELECT org_id, 'https://hooks.example.com/matrix', 'matrix', '[\"person.created\"]', '{sealed}', 'disabled', id, 0, 0 \
         FROM people WHERE email = '{}' RETURNING id",
        demo_email(Role::Admin)
    ))
    .await
}

/// The demo document addressed to everyone with the employee role: (document id, version id).
async fn employees_document(app: &TestApp) -> (i64, i64) {
    let id = app.scalar("SELECT MIN(id) FROM documents").await;
    (id, app.scalar(&format!("SELECT id FROM document_versions WHERE document_id = {id}")).await)
}

/// A certificate of the demo employee (requested and approved once, then reused).
async fn employee_certificate(app: &TestApp) -> i64 {
    let existing = app.scalar("SELECT COALESCE(MIN(id), 0) FROM certificates").await;
    if existing > 0 {
        return existing;
    }
    let employee = client();
    app.sign_in(&employee, demo_email(Role::Employee), DEMO_PASSWORD).await;
    let answers = json!({ "purpose": "bank", "copies": "1" });
    let (_, id) = app
        .call(&employee, "cabinet/submit_request", json!({ "input": { "type_code": "employment_certificate", "answers": answers } }))
        .await;
    let hr = client();
    app.sign_in(&hr, demo_email(Role::HrManager), DEMO_PASSWORD).await;
    let decision = json!({ "decision": { "request_id": id, "version": 2, "action": "approve", "comment": "" } });
    let (status, body) = app.call(&hr, "cabinet/decide_request", decision).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    app.scalar("SELECT MIN(id) FROM certificates").await
}

/// The smallest PNG: a signature and an empty image header is all the upload check reads.
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

/// A file the demo employee attached to a sick-leave request (read by them, their line manager
/// and HR).
async fn employee_attachment(app: &TestApp) -> i64 {
    let employee = client();
    app.sign_in(&employee, demo_email(Role::Employee), DEMO_PASSWORD).await;
    let file: Value =
        employee.post(app.url("/files?purpose=attachment&name=scan.png")).body(PNG).send().await.unwrap().json().await.unwrap();
    let answers = json!({ "dates": "2026-12-01/2026-12-02", "document": format!("{}|scan.png", file["id"]) });
    let (status, id) =
        app.call(&employee, "cabinet/submit_request", json!({ "input": { "type_code": "sick_leave", "answers": answers } })).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{id}");
    file["id"].as_i64().expect("file id")
}

/// A person invited (by a manual invitation) and not yet accepted.
async fn invited_person(app: &TestApp, n: usize) -> i64 {
    let hr = client();
    app.sign_in(&hr, demo_email(Role::HrManager), DEMO_PASSWORD).await;
    let input =
        json!({ "input": { "email": format!("invited{n}@example.com"), "family_name": "I", "given_name": "N", "roles": ["employee"] } });
    let (status, id) = app.call(&hr, "people/invite", input).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{id}");
    id.as_i64().expect("person id")
}

/// A small file to import: it names no personnel numbers, so a dry run reports one problem
/// and applying it changes nothing.
const IMPORT_FILE: &[u8] = b"Family name,Given name,Email\nDoe,Jane,jane@example.com\n";

/// A fresh dry run made by HR, once no other run is applying (one applies at a time).
async fn import_run(app: &TestApp) -> i64 {
    while app.scalar("SELECT COUNT(*) FROM import_runs WHERE status = 'applying'").await > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let hr = client();
    app.sign_in(&hr, demo_email(Role::HrManager), DEMO_PASSWORD).await;
    let run: Value = hr.post(app.url("/import/check?name=m.csv")).body(IMPORT_FILE).send().await.unwrap().json().await.unwrap();
    run["run_id"].as_i64().expect("run id")
}

/// The demo job (the recruiter's, with the demo employee as hiring manager).
async fn demo_job(app: &TestApp) -> i64 {
    app.scalar("SELECT MIN(id) FROM jobs").await
}

/// The demo job's version now: its settings' saves name it.
async fn job_version(app: &TestApp) -> i64 {
    app.scalar("SELECT version FROM jobs WHERE id = (SELECT MIN(id) FROM jobs)").await
}

/// A request the demo employee has just submitted (a business trip: line manager, then HR).
async fn employee_request(app: &TestApp, n: usize) -> i64 {
    let employee = client();
    app.sign_in(&employee, demo_email(Role::Employee), DEMO_PASSWORD).await;
    let answers = json!({ "destination": format!("Busan {n}"), "dates": "2026-12-01/2026-12-02" });
    let (status, id) =
        app.call(&employee, "cabinet/submit_request", json!({ "input": { "type_code": "business_trip", "answers": answers } })).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{id}");
    id.as_i64().expect("request id")
}

/// The demo contractor's placement (the client manager's company, the foreman's crew), or one
/// at another client without a foreman.
async fn placement_for(app: &TestApp, case: Case) -> i64 {
    match case {
        Case::CrewAtOwnClient => {
            let contractor = app.person_id(demo_email(Role::Contractor)).await;
            app.scalar(&format!("SELECT MIN(id) FROM placements WHERE contractor_id = {contractor}")).await
        }
        _ => {
            let client_manager = app.person_id(demo_email(Role::ClientManager)).await;
            app.scalar(&format!(
                "SELECT MIN(id) FROM placements WHERE foreman_id IS NULL AND client_company_id <> \
                 (SELECT client_company_id FROM people WHERE id = {client_manager})"
            ))
            .await
        }
    }
}

async fn request(app: &TestApp, http: &reqwest::Client, endpoint: &str, case: Case, who: Option<Role>, n: usize) -> u16 {
    let (method, path) = endpoint.split_once(' ').expect("METHOD path");
    let form = |pairs: Vec<(&str, String)>| http.post(app.url(path)).form(&pairs);
    let builder = match path {
        "/health" | "/ready" | "/metrics" => http.get(app.url(path)),
        "/exports/timesheets.csv" | "/exports/timesheets.xlsx" => http.get(app.url(&format!("{path}?month=2026-03"))),
        "/exports/candidates.csv" => http.get(app.url(&format!("{path}?job_id={}", demo_job(app).await))),
        "/certificates/{id}" => http.get(app.url(&format!("/certificates/{}", employee_certificate(app).await))),
        "/files" => http.post(app.url("/files?purpose=attachment&name=scan.png")).body(PNG),
        "/import/check" => http.post(app.url("/import/check?name=m.csv")).body(IMPORT_FILE),
        "/exports/payroll.csv" => http.get(app.url("/exports/payroll.csv?month=2026-03&system=1c_zup")),
        "/exports/import-template.csv" => http.get(app.url("/exports/import-template.csv?lang=ru")),
        "/exports/import/{id}/report.csv" => http.get(app.url(&format!("/exports/import/{}/report.csv", import_run(app).await))),
        "/files/{id}" => http.get(app.url(&format!("/files/{}", employee_attachment(app).await))),
        "/recruiting/jobs/{id}/events" => http.get(app.url(&format!("/recruiting/jobs/{}/events", demo_job(app).await))),
        "/notifications/events" => http.get(app.url(path)),
        "/messages/{hash}/{file}" => http.get(app.url(&app::backend::catalogs::href(shared::Locale::Ko))),
        "/login" => form(vec![("email", demo_email(Role::Admin).into()), ("password", "wrong password".into())]),
        "/invite/{token}" | "/reset/{token}" => {
            let link = path.replace("{token}", "no-such-token");
            http.post(app.url(&link)).form(&[("password", "long enough pw"), ("confirm", "long enough pw")])
        }
        "/approve/{token}" => {
            http.post(app.url("/approve/no-such-token")).form(&[("timesheet_id", "1"), ("version", "1"), ("action", "approve")])
        }
        "/decide/{token}" => {
            http.post(app.url("/decide/no-such-token")).form(&[("request_id", "1"), ("version", "1"), ("action", "approve")])
        }
        "/invitation/{token}" => http.post(app.url("/invitation/no-such-token")).form(&[("answer", "decline")]),
        // An untouched grid: nothing changes, the page re-renders for whoever may see it.
        "/timesheets" | "/timesheets/crew" => http.post(app.url(&format!("{path}?month=2026-03"))).form(&[("intent", "save")]),
        "/reset" => form(vec![("email", "nobody@example.com".into())]),
        "/locale" => form(vec![("locale", "ko".into()), ("back", "/".into())]),
        "/auth/switch-org" => form(vec![("org_id", "999999".into())]),
        "/auth/logout" => http.post(app.url(path)),
        _ => {
            assert_eq!(method, "POST", "{endpoint}");
            http.post(app.url(path)).json(&api_body(app, http, path, case, who, n).await)
        }
    };
    builder.send().await.expect("request").status().as_u16()
}

/// A body a server function accepts for this case (records made for it where it needs them).
pub(crate) async fn api_body(app: &TestApp, http: &reqwest::Client, path: &str, case: Case, who: Option<Role>, n: usize) -> Value {
    let id = target(app, case, who).await;
    match path.trim_start_matches("/api/") {
        "people/list" => json!({ "query": "", "page": 1 }),
        "people/get" => json!({ "id": id }),
        "people/update" => {
            let v = app.version(id).await;
            json!({ "edit": { "id": id, "version": v, "family_name": "김", "given_name": "민준", "phone": "", "position": "",
                        "legal_entity_id": null, "department_id": null, "client_company_id": null, "hire_date": "", "roles": ["employee"] } })
        }
        "people/invite" => {
            json!({ "input": { "email": format!("matrix{n}@example.com"), "family_name": "M", "given_name": "X", "roles": ["employee"] } })
        }
        "people/set_active" => json!({ "id": id, "active": false }),
        "people/invite_pending" => json!({}),
        "people/invitation" | "people/resend_invitation" => json!({ "id": invited_person(app, n).await }),
        "import/history" => json!({}),
        "timesheets/payroll_codes" => json!({ "system": "douzone" }),
        "timesheets/save_payroll_codes" => {
            let version = app.scalar("SELECT COALESCE(MAX(version), 0) FROM payroll_codes WHERE system = 'douzone'").await;
            let mut codes = serde_json::to_value(shared::timesheets::payroll::PayrollCodes::defaults(
                shared::timesheets::payroll::PayrollSystem::Douzone,
            ))
            .unwrap();
            codes["version"] = json!(version);
            json!({ "codes": codes })
        }
        "import/report" => json!({ "run_id": import_run(app).await, "filter": null }),
        "import/apply" => json!({ "run_id": import_run(app).await, "on_errors": "skip" }),
        "import/recheck" => json!({ "run_id": import_run(app).await, "columns": [] }),
        "import/sources" => json!({}),
        "import/save_source" => {
            json!({ "input": { "run_id": import_run(app).await, "name": format!("Matrix {n}"), "on_errors": "skip", "folder": "", "daily_at": "" } })
        }
        "org/save_letterhead" => {
            let entity = app.scalar("SELECT MIN(id) FROM legal_entities").await;
            let version = app.scalar(&format!("SELECT version FROM legal_entities WHERE id = {entity}")).await;
            json!({ "letterhead": { "legal_entity_id": entity, "version": version, "address": "Seoul", "signer_title": "CEO",
                        "signer_name": "Kim", "seal": "keep" } })
        }
        "org/create_unit" => {
            json!({ "input": { "kind": "client_company", "name": format!("Matrix {n}"), "parent_id": null, "extra": "KR", "code": "" } })
        }
        "people/set_time_zone" => json!({ "time_zone": "Asia/Seoul" }),
        "org/save_settings" => {
            let version = app.scalar("SELECT MAX(version) FROM organisations").await;
            json!({ "settings": { "time_zone": "Asia/Seoul", "version": version } })
        }
        "org/update_unit" => {
            let id = app.scalar("SELECT MIN(id) FROM client_companies").await;
            let version = app.scalar(&format!("SELECT version FROM client_companies WHERE id = {id}")).await;
            let name = app.scalar_text(&format!("SELECT name FROM client_companies WHERE id = {id}")).await;
            json!({ "edit": { "kind": "client_company", "id": id, "version": version, "name": name, "parent_id": null, "extra": "KR", "archived": false } })
        }
        "placements/update" => {
            let id = app.scalar("SELECT MAX(id) FROM placements").await;
            let version = app.scalar(&format!("SELECT version FROM placements WHERE id = {id}")).await;
            let site = app.scalar(&format!("SELECT client_department_id FROM placements WHERE id = {id}")).await;
            json!({ "edit": { "id": id, "version": version, "client_department_id": site, "foreman_id": null, "ends_on": "", "rate": "100", "currency": "KRW" } })
        }
        "placements/create" => {
            let contractor = app.person_id(demo_email(Role::Contractor)).await;
            let dept = app.scalar("SELECT MIN(id) FROM client_departments").await;
            let entity = app.scalar("SELECT MIN(id) FROM legal_entities").await;
            json!({ "input": { "contractor_id": contractor, "client_department_id": dept, "foreman_id": null, "legal_entity_id": entity,
                        "starts_on": "2027-01-01", "ends_on": "", "rate": "100", "currency": "KRW" } })
        }
        "timesheets/month" => json!({ "month": "2026-03", "view": "mine" }),
        "timesheets/save" => {
            let placement = placement_for(app, case).await;
            let day = format!("2026-03-{:02}", n % 28 + 1);
            let versions: Vec<(String, i64)> =
                sqlx::query_as(&format!("SELECT period_start, version FROM timesheets WHERE placement_id = {placement}"))
                    .fetch_all(&app.backend.db.pool)
                    .await
                    .expect("versions");
            json!({ "input": { "placement_id": placement, "cells": [{ "day": day, "text": "1", "note": "" }], "versions": versions } })
        }
        "timesheets/get" => {
            let placement = placement_for(app, case).await;
            json!({ "id": app.scalar(&format!("SELECT MIN(id) FROM timesheets WHERE placement_id = {placement}")).await })
        }
        "timesheets/decide" if case == Case::SecondStep => {
            // At the provider step, the client step approved by the caller themselves.
            let placement = placement_for(app, Case::OtherClient).await;
            let month = shared::format::Date { year: 2041, month: 1, day: 1 }.add_months(n as i32);
            let id = app
                        .scalar(&format!(
                            "INSERT INTO timesheets (org_id, placement_id, contractor_id, legal_entity_id, client_company_id, client_department_id, \
                             foreman_id, period_start, period_end, rate_minor, currency, status, step, version, created_at, updated_at) \
                             SELECT org_id, id, contractor_id, legal_entity_id, client_company_id, client_department_id, foreman_id, \
                             '{}', '{}', rate_minor, currency, 'submitted', 1, 3, 0, 0 FROM placements WHERE id = {placement} RETURNING id",
                            month.iso(),
                            month.last_of_month().iso()
                        ))
                        .await;
            let me = match who {
                Some(role) => app.person_id(demo_email(role)).await,
                None => app.person_id(demo_email(Role::ClientManager)).await,
            };
            for (action, from, to, step, actor) in [
                ("submit", "draft", "submitted", 0, format!("(SELECT contractor_id FROM timesheets WHERE id = {id})")),
                ("approve", "submitted", "submitted", 0, me.to_string()),
            ] {
                app.scalar(&format!(
                            "INSERT INTO approval_transitions (org_id, subject_type, subject_id, action, from_status, to_status, step, actor_id, via, created_at) \
                             SELECT org_id, 'timesheet', id, '{action}', '{from}', '{to}', {step}, {actor}, 'account', 0 FROM timesheets WHERE id = {id} RETURNING id"
                        ))
                        .await;
            }
            json!({ "decision": { "timesheet_id": id, "version": 3, "action": "approve", "comment": "", "day": null } })
        }
        "timesheets/decide" => {
            // A fresh draft per call, so every caller meets the same state.
            let placement = placement_for(app, case).await;
            let month = shared::format::Date { year: 2031, month: 1, day: 1 }.add_months(n as i32);
            let id = app
                        .scalar(&format!(
                            "INSERT INTO timesheets (org_id, placement_id, contractor_id, legal_entity_id, client_company_id, client_department_id, \
                             foreman_id, period_start, period_end, rate_minor, currency, created_at, updated_at) \
                             SELECT org_id, id, contractor_id, legal_entity_id, client_company_id, client_department_id, foreman_id, \
                             '{}', '{}', rate_minor, currency, 0, 0 FROM placements WHERE id = {placement} RETURNING id",
                            month.iso(),
                            month.last_of_month().iso()
                        ))
                        .await;
            json!({ "decision": { "timesheet_id": id, "version": 1, "action": "submit", "comment": "", "day": null } })
        }
        "timesheets/approve_many" => json!({ "input": { "items": [] } }),
        "timesheets/summary" => json!({ "query": { "month": "2026-03" } }),
        "approval_link/view" | "request_link/view" => json!({ "token": "no-such-token" }),
        "approval_link/decide" => {
            json!({ "token": "no-such-token", "decision": { "timesheet_id": 1, "version": 1, "action": "approve", "comment": "", "day": null } })
        }
        "cabinet/submit_request" => {
            json!({ "input": { "type_code": "employment_certificate", "answers": { "purpose": "bank", "copies": "1" } } })
        }
        "cabinet/save_request_type" => {
            let mut def = shared::requests::shipped().remove(0);
            def.code = format!("custom_{n}");
            json!({ "input": { "id": null, "version": 0, "active": true, "def": def } })
        }
        "cabinet/request" => json!({ "id": employee_request(app, n).await }),
        "recruiting/create_job" => json!({ "title": format!("Matrix job {n}") }),
        "recruiting/board" => json!({ "job_id": demo_job(app).await }),
        "recruiting/add_candidate" => json!({ "input": { "job_id": demo_job(app).await, "full_name": format!("Matrix {n}"),
                    "phone": "", "email": "", "birth_date": "", "address": "", "source": "", "tags": "" } }),
        "recruiting/move" => {
            let job = demo_job(app).await;
            let candidate = app.scalar(&format!("SELECT MIN(id) FROM candidates WHERE job_id = {job}")).await;
            let version = app.scalar(&format!("SELECT version FROM candidates WHERE id = {candidate}")).await;
            let stage = app.scalar(&format!("SELECT MAX(id) FROM job_stages WHERE job_id = {job} AND kind = 'active'")).await;
            json!({ "input": { "candidate_id": candidate, "version": version, "to_stage_id": stage, "after_id": null, "before_id": null } })
        }
        "recruiting/candidate" | "recruiting/comment" => {
            let job = demo_job(app).await;
            let id = app.scalar(&format!("SELECT MIN(id) FROM candidates WHERE job_id = {job}")).await;
            json!({ "id": id, "candidate_id": id, "body": format!("Matrix note {n}") })
        }
        "recruiting/edit_candidate" => {
            // A fresh tag per call, merged onto the facts as they are.
            let job = demo_job(app).await;
            let id = app.scalar(&format!("SELECT MIN(id) FROM candidates WHERE job_id = {job}")).await;
            let (name, source, tags): (String, String, String) =
                sqlx::query_as(&format!("SELECT full_name, source, tags FROM candidates WHERE id = {id}"))
                    .fetch_one(&app.backend.db.pool)
                    .await
                    .expect("facts");
            let base = json!({ "full_name": name, "source": source, "tags": tags });
            let edit = json!({ "full_name": name, "source": source, "tags": format!("{tags}, matrix{n}") });
            json!({ "edit": { "id": id, "base": base, "edit": edit, "phone": "", "email": "", "birth_date": "", "address": "" } })
        }
        "recruiting/candidates" => json!({ "query": { "text": "", "status": null, "job_id": null, "source": "", "page": 1 } }),
        "recruiting/attach_resume" => {
            // The caller's own fresh upload, so every caller meets the same state.
            let job = demo_job(app).await;
            let id = app.scalar(&format!("SELECT MIN(id) FROM candidates WHERE job_id = {job}")).await;
            let res = http.post(app.url("/files?purpose=resume&name=cv.pdf")).body(b"%PDF-1.4 cv".to_vec()).send().await.expect("upload");
            let file = res.json::<Value>().await.unwrap_or_default()["id"].as_i64().unwrap_or(0);
            json!({ "candidate_id": id, "file_id": file })
        }
        "recruiting/reveal_log" => json!({ "page": 1 }),
        "recruiting/set_fields" => json!({ "job_id": demo_job(app).await, "version": job_version(app).await,
                    "fields": [{ "key": "years", "label": "Years", "kind": "number", "choices": [] }] }),
        "recruiting/bulk" => {
            let job = demo_job(app).await;
            let id = app.scalar(&format!("SELECT MIN(id) FROM candidates WHERE job_id = {job}")).await;
            json!({ "input": { "ids": [id], "action": { "action": "tag", "tag": format!("matrix{n}") } } })
        }
        "recruiting/score" => {
            let job = demo_job(app).await;
            let id = app.scalar(&format!("SELECT MIN(id) FROM candidates WHERE job_id = {job}")).await;
            json!({ "input": { "candidate_id": id, "ratings": [["skills", 4]], "overall": 70, "note": "" } })
        }
        "recruiting/invite" => {
            let job = demo_job(app).await;
            let id = app.scalar(&format!("SELECT MIN(id) FROM candidates WHERE job_id = {job}")).await;
            json!({ "input": { "candidate_id": id, "kind": "coffee_chat", "place": "Lobby", "slots": ["2026-12-01T10:00"], "channel": "email" } })
        }
        "recruiting/cancel_invitation" => {
            // An open invitation per call, so every caller meets the same state.
            let job = demo_job(app).await;
            let id = app.scalar(&format!("SELECT MIN(id) FROM candidates WHERE job_id = {job}")).await;
            app.scalar(&format!(
                        "INSERT INTO invitations (org_id, candidate_id, kind, place, slots, token_hash, channel, created_by, created_at, updated_at) \
                         SELECT org_id, id, 'interview', 'Room 1', '[]', 'matrix-{n}', 'email', (SELECT owner_id FROM jobs WHERE id = {job}), 0, 0 \
                         FROM candidates WHERE id = {id} RETURNING id"
                    ))
                    .await;
            json!({ "candidate_id": id })
        }
        "invitation/view" | "auth/invitation" => json!({ "token": "no-such-token" }),
        "invitation/answer" => json!({ "token": "no-such-token", "answer": { "answer": "decline" } }),
        "recruiting/set_webhook" => json!({ "job_id": demo_job(app).await, "version": job_version(app).await, "url": "" }),
        "recruiting/set_language" => json!({ "job_id": demo_job(app).await, "version": job_version(app).await, "language": "ko" }),
        "recruiting/job_settings" | "recruiting/automation" => json!({ "job_id": demo_job(app).await }),
        "recruiting/save_automation" => json!({ "job_id": demo_job(app).await, "version": job_version(app).await, "rules": [] }),
        "recruiting/save_stages" => {
            // The demo job's stages, saved unchanged.
            let admin = client();
            app.sign_in(&admin, demo_email(Role::Admin), DEMO_PASSWORD).await;
            let (_, settings) = app.call(&admin, "recruiting/job_settings", json!({ "job_id": demo_job(app).await })).await;
            json!({ "job_id": demo_job(app).await, "version": settings["version"], "stages": settings["stages"] })
        }
        "recruiting/set_team" => {
            // The demo team as it is: its hiring manager stays on it for the rows after.
            let manager = app.person_id(demo_email(Role::Employee)).await;
            json!({ "job_id": demo_job(app).await, "version": job_version(app).await, "members": [manager] })
        }
        "recruiting/colleagues" => json!({ "query": "demo" }),
        "notifications/read" => json!({ "id": null }),
        "notifications/save_preferences" => {
            let version = app.scalar(&format!("SELECT COALESCE(MAX(version), 0) FROM notice_settings WHERE person_id = {id}")).await;
            let choices: Vec<Value> = shared::notifications::Kind::NAMES
                .iter()
                .map(|k| json!([k, { "email": true, "messenger": false, "digest": false }]))
                .collect();
            json!({ "input": { "choices": choices, "quiet_from": "22:00", "quiet_to": "07:00", "digest_at": "08:00", "version": version } })
        }
        "notifications/save_defaults" => {
            let version = app.scalar("SELECT MAX(notice_defaults_version) FROM organisations").await;
            let choices: Vec<Value> = shared::notifications::Kind::ALL.iter().map(|k| json!([k, k.default_choice()])).collect();
            json!({ "input": { "choices": choices, "quiet_from": "", "quiet_to": "", "digest_at": "", "version": version } })
        }
        "webhooks/list" => json!({}),
        "webhooks/save" => json!({ "input": { "id": null, "version": 0, "url": format!("https://hooks.example.com/m{n}"),
            "description": "", "events": ["person.created"], "enabled": true } }),
        "webhooks/rotate" => {
            let id = webhook_endpoint(app).await;
            json!({ "id": id, "version": app.scalar(&format!("SELECT version FROM webhook_endpoints WHERE id = {id}")).await })
        }
        "webhooks/attempts" | "webhooks/test" => json!({ "id": webhook_endpoint(app).await }),
        "webhooks/redeliver" => {
            let endpoint = webhook_endpoint(app).await;
            let outbox = app
                .scalar(&format!(
                    "INSERT INTO outbox (org_id, channel, recipient, subject, body, status, next_attempt_at, created_at, endpoint_id, message_id) \
                     SELECT org_id, 'endpoint', '', 'person.created', '{{}}', 'sent', 4000000000, 0, id, 'msg_m{n}' FROM webhook_endpoints WHERE id = {endpoint} RETURNING id"
                ))
                .await;
            json!({ "outbox_id": outbox })
        }
        "api_tokens/list" => json!({ "kind": if case == Case::Own { "personal" } else { "service" } }),
        "api_tokens/create" => {
            let role = if case == Case::Own { Value::Null } else { json!("hr_manager") };
            json!({ "input": { "name": format!("Matrix {n}"), "scopes": ["people:read"], "days": 30, "role": role } })
        }
        "api_tokens/revoke" => {
            let (kind, role) = if case == Case::Any { ("service", "'hr_manager'") } else { ("personal", "NULL") };
            let owner = if case == Case::Any { app.person_id(demo_email(Role::Admin)).await } else { id };
            let token = app
                .scalar(&format!(
                    "INSERT INTO api_tokens (org_id, kind, person_id, role, name, prefix, token_hash, scopes, created_at, expires_at) \
                     SELECT org_id, '{kind}', id, {role}, 'M', 'sp_pat_xxxx', 'matrix-{n}', '[]', 0, 1900000000 FROM people WHERE id = {owner} RETURNING id"
                ))
                .await;
            json!({ "id": token })
        }
        "reminders/set" => json!({ "input": { "about": "person", "id": id, "at": "2030-01-01T09:00", "note": "call" } }),
        "reminders/cancel" => {
            let reminder = app
                .scalar(&format!(
                    "INSERT INTO reminders (org_id, person_id, subject, subject_id, label, link, note, remind_at, created_at) \
                     SELECT org_id, id, 'person', id, 'M', '/people/1', '', 1900000000, 0 FROM people WHERE id = {id} RETURNING id"
                ))
                .await;
            json!({ "id": reminder })
        }
        "recruiting/reveal" => {
            let job = demo_job(app).await;
            json!({ "candidate_id": app.scalar(&format!("SELECT MIN(id) FROM candidates WHERE job_id = {job}")).await, "field": "phone" })
        }
        "cabinet/decide_request" => {
            let id = employee_request(app, n).await;
            json!({ "decision": { "request_id": id, "version": 2, "action": "approve", "comment": "" } })
        }
        "cabinet/protected" | "cabinet/leave_balance" => json!({ "person_id": app.person_id(demo_email(Role::Employee)).await }),
        "cabinet/reveal" => json!({ "person_id": app.person_id(demo_email(Role::Employee)).await, "field": "passport_no" }),
        "cabinet/calendar" => json!({ "month": "2026-03" }),
        "documents/publish" => json!({ "input": { "document_id": null, "title": format!("Policy {n}"), "kind": "policy",
                    "body": "Be kind.", "audience": { "all": true } } }),
        "documents/get" | "documents/status" | "documents/remind" => json!({ "id": employees_document(app).await.0 }),
        "documents/sign" => json!({ "version_id": employees_document(app).await.1, "password": DEMO_PASSWORD }),
        "certificates/verify" => json!({ "number": "SP-NOSUCHONE" }),
        "announcements/publish" => json!({ "input": { "kind": "announcement", "title": format!("News {n}"), "body": "Hello.",
                    "audience": { "all": true }, "due_on": "" } }),
        "announcements/done" => json!({ "id": app.scalar("SELECT MIN(id) FROM announcements WHERE kind = 'todo'").await }),
        "holidays/list" => json!({ "year": 2026 }),
        "timesheets/save_terms" => {
            // The current terms of the first client, saved unchanged.
            let admin = client();
            app.sign_in(&admin, demo_email(Role::Admin), DEMO_PASSWORD).await;
            let (_, list) = app.call(&admin, "timesheets/terms", json!({})).await;
            json!({ "terms": list[0] })
        }
        "holidays/save" => json!({ "holiday": { "country": "KR", "day": "2026-12-31", "name": "Matrix" }, "remove": false }),
        _ => json!({}),
    }
}

on_both!(authorization_matrix_holds, |app| {
    let mut failures = Vec::new();
    let mut n = 0;
    for row in MATRIX {
        for (who, expected) in WHO.iter().zip(row.expect) {
            n += 1;
            let http = client();
            if let Some(role) = who {
                let res = app.sign_in(&http, demo_email(*role), DEMO_PASSWORD).await;
                assert!(res.status().is_redirection(), "sign-in as {role:?}");
            }
            let got = request(&app, &http, row.endpoint, row.case, *who, n).await;
            if got != expected {
                failures.push(format!("{} {:?} as {:?}: expected {expected}, got {got}", row.endpoint, row.case, who));
            }
        }
    }
    assert!(failures.is_empty(), "authorization matrix violations:\n{}", failures.join("\n"));
});
