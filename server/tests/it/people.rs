use crate::common::harness::demo_email;
use crate::on_both;
use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::Role;

fn families(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|p| p["family_name"].as_str().unwrap().to_string()).collect()
}

on_both!(search_finds_latin_hangul_and_cyrillic_names, |app| {
    let hr = app.as_role(Role::HrManager).await;
    let search = |q: &str| app.call(&hr, "people/list", json!({ "query": q, "page": 1 }));
    let (status, page) = search("김").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(!families(&page).is_empty() && families(&page).iter().all(|f| f == "김"), "{page}");
    let (_, page) = search("иванов").await;
    assert!(
        !families(&page).is_empty() && families(&page).iter().all(|f| f == "Иванов"),
        "lower-case Cyrillic finds capitalised names: {page}"
    );
    let (_, page) = search("ИВАНОВ").await;
    assert!(!families(&page).is_empty(), "and upper-case too");
    let (_, page) = search("Daniel").await;
    assert_eq!(families(&page), vec!["Lee"]);
    let (_, page) = search("김민준").await;
    assert!(!families(&page).is_empty(), "a Hangul full name written without a space");
    let (_, page) = search("100%_").await;
    assert_eq!(page["total"], 0, "LIKE wildcards are taken literally");
    let (_, all) = search("").await;
    let total = all["total"].as_i64().unwrap();
    assert_eq!(total, app.scalar("SELECT COUNT(*) FROM people").await);
    assert_eq!(all["pages"].as_i64().unwrap(), (total + 24) / 25);
    let (_, foremen) = app.call(&hr, "people/list", json!({ "query": "", "role": "foreman", "page": 1 })).await;
    assert_eq!(families(&foremen), vec!["Кузнецов"], "filtered by role");
    let (_, page2) = app.call(&hr, "people/list", json!({ "query": "", "page": 2 })).await;
    assert_eq!(page2["page"], 2);
    assert_ne!(all["items"][0]["id"], page2["items"][0]["id"]);
});

async fn edit_body(app: &crate::common::harness::TestApp, id: i64, version: i64, given: &str) -> Value {
    let _ = app;
    json!({ "edit": { "id": id, "version": version, "family_name": "Орлова", "given_name": given, "phone": "", "position": "Бухгалтер",
        "legal_entity_id": null, "department_id": null, "client_company_id": null, "hire_date": "2024-03-01", "roles": ["employee"] } })
}

on_both!(stale_edits_are_refused_not_overwritten, |app| {
    let hr = app.as_role(Role::HrManager).await;
    let id = app.person_id(demo_email(Role::Employee)).await;
    let v = app.version(id).await;
    let (status, new_version) = app.call(&hr, "people/update", edit_body(&app, id, v, "Мария").await).await;
    assert_eq!(status, StatusCode::OK, "{new_version}");
    assert_eq!(new_version, json!(v + 1));
    // A second editor still holding version v is refused and nothing is overwritten.
    let (status, err) = app.call(&hr, "people/update", edit_body(&app, id, v, "Марина").await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(err, json!("Conflict"));
    let (_, person) = app.call(&hr, "people/get", json!({ "id": id })).await;
    assert_eq!(person["given_name"], "Мария");
    assert_eq!(person["hire_date"], "2024-03-01");
    // Invalid input names its field.
    let mut bad = edit_body(&app, id, v + 1, "Мария").await;
    bad["edit"]["hire_date"] = json!("2024-02-30");
    let (status, err) = app.call(&hr, "people/update", bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["Invalid"][0]["field"], "hire_date");
});

on_both!(only_admins_grant_privileged_roles_and_changes_are_audited, |app| {
    let hr = app.as_role(Role::HrManager).await;
    let invite =
        |email: &str, roles: Value| json!({ "input": { "email": email, "family_name": "Test", "given_name": "Person", "roles": roles } });
    let (status, err) = app.call(&hr, "people/invite", invite("x1@example.com", json!(["admin"]))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["Invalid"][0]["msg"], "ErrRoleNotAllowed");
    let (status, _) = app.call(&hr, "people/invite", invite("x2@example.com", json!(["foreman"]))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, err) = app.call(&hr, "people/invite", invite("X2@example.com", json!(["foreman"]))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "the same email, differently cased");
    assert_eq!(err["Invalid"][0]["msg"], "ErrEmailTaken");

    let admin = app.as_role(Role::Admin).await;
    let id = app.person_id("x2@example.com").await;
    let v = app.version(id).await;
    let body = json!({ "edit": { "id": id, "version": v, "family_name": "Test", "given_name": "Person", "phone": "", "position": "",
        "legal_entity_id": null, "department_id": null, "client_company_id": null, "hire_date": "", "roles": ["hr_manager"] } });
    assert_eq!(app.call(&admin, "people/update", body).await.0, StatusCode::OK);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'roles.changed' AND subject_id = {id}")).await, 1);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'person.invited' AND subject_id = {id}")).await, 1);
    // The audit log is append-only, enforced by the database itself.
    assert!(sqlx::query("UPDATE audit_log SET action = 'x'").execute(&app.backend.db.pool).await.is_err());
    assert!(sqlx::query("DELETE FROM audit_log").execute(&app.backend.db.pool).await.is_err());
});

on_both!(org_units_are_created_within_the_organisation, |app| {
    let admin = app.as_role(Role::Admin).await;
    let unit = |kind: &str, name: &str, parent: Value, extra: &str| json!({ "input": { "kind": kind, "name": name, "parent_id": parent, "extra": extra, "code": "123-45-67890" } });
    let (status, le) = app.call(&admin, "org/create_unit", unit("legal_entity", "Staffport Kazakhstan", Value::Null, "kz")).await;
    assert_eq!(status, StatusCode::OK, "{le}");
    let (status, _) = app.call(&admin, "org/create_unit", unit("department", "Бухгалтерия", le.clone(), "")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, err) = app.call(&admin, "org/create_unit", unit("department", "Ghost", json!(999_999), "")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["Invalid"][0]["msg"], "ErrBadReference");
    let (status, err) = app.call(&admin, "org/create_unit", unit("legal_entity", "Staffport Kazakhstan", Value::Null, "KZ")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["Invalid"][0]["msg"], "ErrNameTaken");
    let (status, err) = app.call(&admin, "org/create_unit", unit("client_company", "Acme", Value::Null, "Korea")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["Invalid"][0]["msg"], "ErrInvalidCountry");
    let (_, s) = app.call(&admin, "org/structure", json!({})).await;
    assert!(s["legal_entities"].as_array().unwrap().iter().any(|l| l["name"] == "Staffport Kazakhstan" && l["country"] == "KZ"));
    assert!(s["departments"].as_array().unwrap().iter().any(|d| d["name"] == "Бухгалтерия" && d["legal_entity_id"] == le));
});

on_both!(placements_are_scoped_by_client_crew_and_owner, |app| {
    let all = app.call(&app.as_role(Role::HrManager).await, "placements/list", json!({})).await.1;
    let all = all.as_array().unwrap().clone();
    let companies: std::collections::BTreeSet<&str> = all.iter().map(|p| p["client_company"].as_str().unwrap()).collect();
    assert_eq!(companies.len(), 3, "HR sees every client");
    let client = app.call(&app.as_role(Role::ClientManager).await, "placements/list", json!({})).await.1;
    let client = client.as_array().unwrap();
    assert!(!client.is_empty() && client.len() < all.len());
    assert!(client.iter().all(|p| p["client_company"] == "Seoul Logistics Co."));
    let crew = app.call(&app.as_role(Role::Foreman).await, "placements/list", json!({})).await.1;
    assert!(crew.as_array().unwrap().iter().all(|p| p["foreman_family"] == "Кузнецов"));
    let own = app.call(&app.as_role(Role::Contractor).await, "placements/list", json!({})).await.1;
    let me = app.person_id(demo_email(Role::Contractor)).await;
    assert_eq!(own.as_array().unwrap().len(), 1);
    assert_eq!(own[0]["contractor_id"], me);

    let admin = app.as_role(Role::Admin).await;
    let dept: i64 = app.scalar("SELECT MIN(id) FROM client_departments").await;
    let entity: i64 = app.scalar("SELECT MIN(id) FROM legal_entities").await;
    let body = |rate: &str, ends: &str| {
        json!({ "input": { "contractor_id": me, "client_department_id": dept, "foreman_id": null, "legal_entity_id": entity,
        "starts_on": "2026-12-01", "ends_on": ends, "rate": rate, "currency": "krw" } })
    };
    let (status, err) = app.call(&admin, "placements/create", body("12 500,50", "2026-11-30")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["Invalid"][0]["field"], "ends_on");
    let mut bad_currency = body("12 500,50", "");
    bad_currency["input"]["currency"] = json!("12");
    let (status, err) = app.call(&admin, "placements/create", bad_currency).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["Invalid"][0]["msg"], "ErrInvalidCurrency");
    let (status, _) = app.call(&admin, "placements/create", body("12 500,50", "")).await;
    assert_eq!(status, StatusCode::OK);
    let own = app.call(&app.as_role(Role::Contractor).await, "placements/list", json!({})).await.1;
    assert!(own.as_array().unwrap().iter().any(|p| p["rate_minor"] == 1_250_050 && p["currency"] == "KRW"));
});
