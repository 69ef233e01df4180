//! The structure edited by hand: units renamed, moved while nothing hangs on them, archived
//! (kept with their history, no longer offered) and back; placements ended — never before a
//! day whose hours were submitted — and their rate changed. Version-checked and audited.
use crate::common::harness::{demo_email, TestApp};
use crate::on_both;
use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::Role;

async fn unit(app: &TestApp, table: &str, id: i64) -> i64 {
    app.scalar(&format!("SELECT version FROM {table} WHERE id = {id}")).await
}

on_both!(units_are_renamed_moved_and_archived_never_deleted, |app| {
    let admin = app.as_role(Role::Admin).await;
    let save = |edit: Value| app.call(&admin, "org/update_unit", json!({ "edit": edit }));
    let company = app.scalar("SELECT MIN(id) FROM client_companies").await;
    let v = unit(&app, "client_companies", company).await;
    let edit = json!({ "kind": "client_company", "id": company, "version": v, "name": "Seoul Logistics Holdings", "parent_id": null, "extra": "kr", "archived": false });
    let (status, version) = save(edit.clone()).await;
    assert_eq!((status, version), (StatusCode::OK, json!(v + 1)));
    assert_eq!(
        app.scalar_text(&format!("SELECT name || ' ' || country FROM client_companies WHERE id = {company}")).await,
        "Seoul Logistics Holdings KR"
    );
    // The form loaded before that save is stale.
    assert_eq!(save(edit).await.0, StatusCode::CONFLICT);

    // A site with placements stays with its company; one without moves.
    let busy = app.scalar(&format!("SELECT MIN(client_department_id) FROM placements WHERE client_company_id = {company}")).await;
    let other = app.scalar(&format!("SELECT MIN(id) FROM client_companies WHERE id <> {company}")).await;
    let v = unit(&app, "client_departments", busy).await;
    let moving = json!({ "kind": "client_department", "id": busy, "version": v, "name": "Incheon Hub", "parent_id": other, "extra": "", "archived": false });
    let (status, body) = save(moving).await;
    assert_eq!((status, body["Invalid"][0]["msg"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("ErrUnitInUse")), "{body}");
    let (status, site) = app
        .call(
            &admin,
            "org/create_unit",
            json!({ "input": { "kind": "client_department", "name": "Empty site", "parent_id": company, "extra": "", "code": "" } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let site = site.as_i64().unwrap();
    let moved = json!({ "kind": "client_department", "id": site, "version": 1, "name": "Empty site", "parent_id": other, "extra": "Gate 3", "archived": false });
    assert_eq!(save(moved).await.0, StatusCode::OK);
    assert_eq!(app.scalar(&format!("SELECT client_company_id FROM client_departments WHERE id = {site}")).await, other);
    // Another organisation's company is not a parent.
    let stranger = app.scalar("INSERT INTO organisations (name, slug, created_at) VALUES ('Other', 'other', 0) RETURNING id").await;
    let foreign = app
        .scalar(&format!("INSERT INTO client_companies (org_id, name, country, created_at) VALUES ({stranger}, 'X', 'KR', 0) RETURNING id"))
        .await;
    let away = json!({ "kind": "client_department", "id": site, "version": 2, "name": "Empty site", "parent_id": foreign, "extra": "", "archived": false });
    let (status, body) = save(away).await;
    assert_eq!((status, body["Invalid"][0]["msg"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("ErrBadReference")), "{body}");

    // Archived: kept with its people, not offered for new ones; and back.
    let department = app.scalar(&format!("SELECT department_id FROM people WHERE email = '{}'", demo_email(Role::Employee))).await;
    let entity = app.scalar(&format!("SELECT legal_entity_id FROM departments WHERE id = {department}")).await;
    let name = app.scalar_text(&format!("SELECT name FROM departments WHERE id = {department}")).await;
    let v = unit(&app, "departments", department).await;
    let archive =
        json!({ "kind": "department", "id": department, "version": v, "name": name, "parent_id": entity, "extra": "", "archived": true });
    assert_eq!(save(archive).await.0, StatusCode::OK);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM departments WHERE id = {department} AND archived_at IS NOT NULL")).await, 1);
    assert!(app.scalar(&format!("SELECT COUNT(*) FROM people WHERE department_id = {department}")).await > 0, "its people stay");
    let (_, structure) = app.call(&admin, "org/structure", json!({})).await;
    let listed = structure["departments"].as_array().unwrap().iter().find(|d| d["id"] == department).unwrap().clone();
    assert!(listed["archived_at"].is_i64(), "{listed}");
    let unarchive = json!({ "kind": "department", "id": department, "version": v + 1, "name": name, "parent_id": entity, "extra": "", "archived": false });
    assert_eq!(save(unarchive).await.0, StatusCode::OK);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM departments WHERE id = {department} AND archived_at IS NULL")).await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'org.unit_changed'").await, 4);
    // Only administrators edit the structure.
    let hr = app.as_role(Role::HrManager).await;
    assert_eq!(app.call(&hr, "org/update_unit", json!({ "edit": { "kind": "department", "id": department, "version": v + 2, "name": "X", "parent_id": entity, "extra": "", "archived": false } })).await.0, StatusCode::FORBIDDEN);
});

on_both!(a_placement_ends_but_keeps_its_submitted_hours, |app| {
    let hr = app.as_role(Role::HrManager).await;
    let contractor = app.person_id(demo_email(Role::Contractor)).await;
    let placement = app.scalar(&format!("SELECT MIN(id) FROM placements WHERE contractor_id = {contractor}")).await;
    let last = app
        .scalar_text(&format!(
            "SELECT MAX(e.day) FROM timesheet_entries e JOIN timesheets t ON t.id = e.timesheet_id WHERE t.placement_id = {placement} AND t.status <> 'draft'"
        ))
        .await;
    let version = app.scalar(&format!("SELECT version FROM placements WHERE id = {placement}")).await;
    let day_before = shared::format::Date::parse_iso(&last).unwrap().add_days(-1).iso();
    let site = app.scalar(&format!("SELECT client_department_id FROM placements WHERE id = {placement}")).await;
    let foreman_sql = format!("SELECT foreman_id FROM placements WHERE id = {placement}");
    let foreman_of = || sqlx::query_scalar::<_, Option<i64>>(&foreman_sql).fetch_one(&app.backend.db.pool);
    let crew_foreman = foreman_of().await.unwrap();
    let edit = |ends_on: &str, version: i64| {
        json!({ "edit": { "id": placement, "version": version, "client_department_id": site,
        "foreman_id": crew_foreman, "ends_on": ends_on, "rate": "15000.50", "currency": "KRW" } })
    };
    let (status, body) = app.call(&hr, "placements/update", edit(&day_before, version)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        (body["Invalid"][0]["field"].as_str(), body["Invalid"][0]["msg"].as_str()),
        (Some("ends_on"), Some("ErrPlacementHasLaterHours")),
        "{body}"
    );
    let (status, v) = app.call(&hr, "placements/update", edit(&last, version)).await;
    assert_eq!((status, v), (StatusCode::OK, json!(version + 1)));
    assert_eq!(app.scalar_text(&format!("SELECT ends_on FROM placements WHERE id = {placement}")).await, last);
    assert_eq!(app.scalar(&format!("SELECT rate_minor FROM placements WHERE id = {placement}")).await, 1_500_050);
    assert_eq!(app.call(&hr, "placements/update", edit(&last, version)).await.0, StatusCode::CONFLICT);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'placement.changed'").await, 1);
    let foreman = app.as_role(Role::Foreman).await;
    assert_eq!(app.call(&foreman, "placements/update", edit("", version + 1)).await.0, StatusCode::FORBIDDEN);

    // Another foreman takes the crew (a person who is no foreman cannot); the site stays while
    // the placement has timesheets: hours stay with the site they were worked at.
    let mut change = edit(&last, version + 1);
    change["edit"]["foreman_id"] = json!(contractor);
    let (status, body) = app.call(&hr, "placements/update", change.clone()).await;
    assert_eq!((status, body["Invalid"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("foreman_id")), "{body}");
    change["edit"]["foreman_id"] = json!(null);
    assert_eq!(app.call(&hr, "placements/update", change.clone()).await, (StatusCode::OK, json!(version + 2)));
    assert_eq!(foreman_of().await.unwrap(), None);
    let other_site = app.scalar(&format!("SELECT MAX(id) FROM client_departments WHERE id <> {site}")).await;
    change["edit"]["version"] = json!(version + 2);
    change["edit"]["client_department_id"] = json!(other_site);
    let (status, body) = app.call(&hr, "placements/update", change).await;
    assert_eq!(
        (status, body["Invalid"][0]["msg"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("ErrPlacementHasTimesheets")),
        "{body}"
    );
    // A placement without timesheets moves, with its client company.
    let entity = app.scalar("SELECT MIN(id) FROM legal_entities").await;
    let (status, fresh) = app
        .call(
            &hr,
            "placements/create",
            json!({ "input": { "contractor_id": contractor, "client_department_id": site, "foreman_id": null,
            "legal_entity_id": entity, "starts_on": "2031-01-01", "ends_on": "", "rate": "100", "currency": "KRW" } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{fresh}");
    let moved = json!({ "edit": { "id": fresh, "version": 1, "client_department_id": other_site, "foreman_id": null,
        "ends_on": "", "rate": "100", "currency": "KRW" } });
    assert_eq!(app.call(&hr, "placements/update", moved).await.0, StatusCode::OK);
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM placements pl JOIN client_departments cd ON cd.id = pl.client_department_id \
             WHERE pl.id = {fresh} AND cd.id = {other_site} AND pl.client_company_id = cd.client_company_id"
        ))
        .await,
        1
    );
});
