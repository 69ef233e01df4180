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

async fn request(app: &TestApp, http: &reqwest::Client, endpoint: &str, case: Case, who: Option<Role>, n: usize) -> u16 {
    let (method, path) = endpoint.split_once(' ').expect("METHOD path");
    let id = target(app, case, who).await;
    let form = |pairs: Vec<(&str, String)>| http.post(app.url(path)).form(&pairs);
    let builder = match path {
        "/health" => http.get(app.url(path)),
        "/auth/login" => form(vec![("email", demo_email(Role::Admin).into()), ("password", "wrong password".into())]),
        "/auth/accept-invite" | "/auth/reset" => {
            form(vec![("token", "no-such-token".into()), ("password", "long enough pw".into()), ("confirm", "long enough pw".into())])
        }
        "/auth/reset-request" => form(vec![("email", "nobody@example.com".into())]),
        "/locale" => form(vec![("locale", "ko".into()), ("back", "/".into())]),
        "/auth/logout" => http.post(app.url(path)),
        _ => {
            let body: Value = match path.trim_start_matches("/api/") {
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
                "org/create_unit" => {
                    json!({ "input": { "kind": "client_company", "name": format!("Matrix {n}"), "parent_id": null, "extra": "KR", "code": "" } })
                }
                "placements/create" => {
                    let contractor = app.person_id(demo_email(Role::Contractor)).await;
                    let dept = app.scalar("SELECT MIN(id) FROM client_departments").await;
                    let entity = app.scalar("SELECT MIN(id) FROM legal_entities").await;
                    json!({ "input": { "contractor_id": contractor, "client_department_id": dept, "foreman_id": null, "legal_entity_id": entity,
                        "starts_on": "2027-01-01", "ends_on": "", "rate": "100", "currency": "KRW" } })
                }
                _ => json!({}),
            };
            assert_eq!(method, "POST", "{endpoint}");
            http.post(app.url(path)).json(&body)
        }
    };
    builder.send().await.expect("request").status().as_u16()
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
