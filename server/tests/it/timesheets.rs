//! Timesheets end to end through the server functions: entry, validation, the two-level
//! approval with returns and reopening, emailed links, bulk approval, concurrency, summaries,
//! exports and reminders — on SQLite and PostgreSQL.
use crate::common::harness::{client, demo_email, TestApp};
use crate::common::mail_sink::link;
use crate::on_both;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use shared::Role;

/// A month well before the demo's seeded (approved) month.
const MONTH: &str = "2026-03";

async fn placement_of(app: &TestApp, role: Role) -> i64 {
    let person = app.person_id(demo_email(role)).await;
    app.scalar(&format!("SELECT MIN(id) FROM placements WHERE contractor_id = {person}")).await
}

async fn sheet_of(app: &TestApp, placement: i64) -> (i64, i64) {
    let id = app.scalar(&format!("SELECT id FROM timesheets WHERE placement_id = {placement} AND period_start = '{MONTH}-01'")).await;
    (id, app.scalar(&format!("SELECT version FROM timesheets WHERE id = {id}")).await)
}

async fn version_or_zero(app: &TestApp, placement: i64) -> i64 {
    app.scalar(&format!(
        "SELECT COALESCE(MAX(version), 0) FROM timesheets WHERE placement_id = {placement} AND period_start = '{MONTH}-01'"
    ))
    .await
}

async fn save(app: &TestApp, who: &Client, placement: i64, cells: &[(&str, &str)]) -> (StatusCode, Value) {
    let version = version_or_zero(app, placement).await;
    let cells: Vec<Value> = cells.iter().map(|(day, text)| json!({ "day": format!("{MONTH}-{day}"), "text": text, "note": "" })).collect();
    app.call(
        who,
        "timesheets/save",
        json!({ "input": { "placement_id": placement, "cells": cells, "versions": [[format!("{MONTH}-01"), version]] } }),
    )
    .await
}

async fn act(app: &TestApp, who: &Client, id: i64, version: i64, action: &str, comment: &str, day: Option<&str>) -> (StatusCode, Value) {
    let decision = json!({ "timesheet_id": id, "version": version, "action": action, "comment": comment, "day": day });
    app.call(who, "timesheets/decide", json!({ "decision": decision })).await
}

/// Acts on the current version.
pub(crate) async fn act_now(app: &TestApp, who: &Client, id: i64, action: &str, comment: &str) -> (StatusCode, Value) {
    let version = app.scalar(&format!("SELECT version FROM timesheets WHERE id = {id}")).await;
    act(app, who, id, version, action, comment, None).await
}

fn field_errors(body: &Value) -> Vec<(String, String)> {
    body["Invalid"]
        .as_array()
        .map(|a| a.iter().map(|e| (e["field"].as_str().unwrap_or("").to_string(), e["msg"].as_str().unwrap_or("").to_string())).collect())
        .unwrap_or_default()
}

on_both!(full_cycle_return_resubmit_two_approvals_lock_and_reopen, |app| {
    let contractor = app.as_role(Role::Contractor).await;
    let client_manager = app.as_role(Role::ClientManager).await;
    let hr = app.as_role(Role::HrManager).await;
    let placement = placement_of(&app, Role::Contractor).await;

    let (status, body) = save(&app, &contractor, placement, &[("02", "8"), ("03", "8"), ("04", "7.5"), ("05", "2 OT"), ("06", "S")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (id, version) = sheet_of(&app, placement).await;
    assert_eq!(body[0]["version"], version);
    let (status, _) = act(&app, &contractor, id, version, "submit", "", None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = save(&app, &contractor, placement, &[("09", "8")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a submitted period is locked for the contractor: {body}");

    // The client manager got the period by email with a link.
    let mail = app.mail.wait_for(demo_email(Role::ClientManager)).await;
    assert!(mail.body.contains("/approve/"), "{}", mail.body);

    let (status, queue) = app.call(&client_manager, "timesheets/queue", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert!(queue.as_array().unwrap().iter().any(|q| q["id"] == id), "{queue}");
    let (status, body) = act_now(&app, &client_manager, id, "return", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a return needs a comment: {body}");
    let (status, _) = act(
        &app,
        &client_manager,
        id,
        app.scalar(&format!("SELECT version FROM timesheets WHERE id = {id}")).await,
        "return",
        "The 4th was a full day",
        Some(&format!("{MONTH}-04")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // The contractor sees the comment, fixes the day and submits again.
    let (_, grid) = app.call(&contractor, "timesheets/month", json!({ "month": MONTH, "view": "mine" })).await;
    let period = &grid["rows"].as_array().unwrap().iter().find(|r| r["placement_id"] == placement).unwrap()["periods"][0];
    assert_eq!(period["status"], "returned");
    assert_eq!(period["returned_comment"], "The 4th was a full day");
    let (status, body) = save(&app, &contractor, placement, &[("04", "8")]).await;
    assert_eq!(status, StatusCode::OK, "a returned period is editable: {body}");
    let (status, _) = act_now(&app, &contractor, id, "submit", "").await;
    assert_eq!(status, StatusCode::OK);

    let (status, body) = act_now(&app, &hr, id, "approve", "").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the provider waits for the client: {body}");
    let (status, _) = act_now(&app, &client_manager, id, "approve", "").await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = act_now(&app, &client_manager, id, "approve", "").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the client step is done: {body}");
    let (status, _) = act_now(&app, &hr, id, "approve", "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM timesheets WHERE id = {id} AND status = 'approved'")).await, 1);

    // Locked: no edits, no resubmission.
    let (status, body) = save(&app, &contractor, placement, &[("10", "8")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(field_errors(&body), vec![("timesheet".into(), "ErrTimesheetLocked".into())]);

    // Totals: 8 + 8 + 8 work, 2 overtime, 8 sick; the summary counts exactly the approved hours.
    let (status, summary) = app.call(&hr, "timesheets/summary", json!({ "query": { "month": MONTH } })).await;
    assert_eq!(status, StatusCode::OK, "{summary}");
    let line = &summary["lines"][0];
    assert_eq!(line["minutes"], json!([1440, 120, 0, 0, 480, 0, 0, 0]), "{summary}");
    let entries = app
        .scalar(&format!(
            "SELECT CAST(SUM(e.minutes) AS BIGINT) FROM timesheet_entries e JOIN timesheets t ON t.id = e.timesheet_id \
             WHERE t.status = 'approved' AND t.period_start = '{MONTH}-01'"
        ))
        .await;
    let summed: i64 = summary["lines"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["minutes"].as_array().unwrap().iter())
        .map(|m| m.as_i64().unwrap())
        .sum();
    assert_eq!(summed, entries, "the summary equals the approved entries");
    // 12,500.00 KRW an hour: 24 h × 1.0 + 2 h × 1.5 = 27 h.
    assert_eq!(line["amount_minor"], 27 * 1_250_000, "{summary}");
    assert_eq!(summary["basis"][0]["billable_minutes"], 1440 + 120);

    // The CSV opens in Excel with Hangul intact: UTF-8 with a byte-order mark.
    let csv = hr.get(app.url(&format!("/exports/timesheets.csv?month={MONTH}"))).send().await.unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    let bytes = csv.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.contains("박상우") && text.contains(",24,2,0,0,8,"), "{text}");
    let xlsx = hr.get(app.url(&format!("/exports/timesheets.xlsx?month={MONTH}"))).send().await.unwrap();
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"), "an XLSX file is a zip");

    // Correcting a locked period: reopen with a reason (audited), then both approvals again.
    let (status, _) = act_now(&app, &hr, id, "reopen", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = act_now(&app, &hr, id, "reopen", "Sick day was a vacation day").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = save(&app, &contractor, placement, &[("06", "V")]).await;
    assert_eq!(status, StatusCode::OK);
    let actions: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT action FROM approval_transitions WHERE subject_id = {id} AND subject_type = 'timesheet' ORDER BY id"
    ))
    .fetch_all(&app.backend.db.pool)
    .await
    .unwrap();
    assert_eq!(actions, ["submit", "return", "submit", "approve", "approve", "reopen"]);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE subject_type = 'timesheet' AND subject_id = {id}")).await, 6);
    let (_, view) = app.call(&hr, "timesheets/get", json!({ "id": id })).await;
    assert_eq!(view["history"].as_array().unwrap().len(), 6);
    assert_eq!(view["history"][5]["comment"], "Sick day was a vacation day");
    let (_, summary) = app.call(&hr, "timesheets/summary", json!({ "query": { "month": MONTH } })).await;
    assert_eq!(summary["lines"], json!([]), "a reopened period leaves the invoicing basis");
    assert_eq!(summary["pending"], 1);
});

on_both!(cells_are_checked_again_on_the_server, |app| {
    let contractor = app.as_role(Role::Contractor).await;
    let hr = app.as_role(Role::HrManager).await;
    let placement = placement_of(&app, Role::Contractor).await;
    let (status, body) = save(&app, &contractor, placement, &[("02", "25"), ("03", "8 Q"), ("04", "7.33"), ("05", "8")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = field_errors(&body);
    assert_eq!(
        errors,
        vec![
            (format!("cell:{placement}:{MONTH}-02"), "ErrHoursOverDay".into()),
            (format!("cell:{placement}:{MONTH}-03"), "ErrUnknownCode".into()),
            (format!("cell:{placement}:{MONTH}-04"), "ErrHours".into()),
        ]
    );
    assert_eq!(version_or_zero(&app, placement).await, 0, "nothing of a refused save is stored");

    // A second placement for the same contractor: 24 hours a day across both.
    let contractor_id = app.person_id(demo_email(Role::Contractor)).await;
    let site = app.scalar("SELECT MAX(id) FROM client_departments").await;
    let entity = app.scalar("SELECT MIN(id) FROM legal_entities").await;
    let (status, body) = app
        .call(
            &hr,
            "placements/create",
            json!({ "input": { "contractor_id": contractor_id, "client_department_id": site, "foreman_id": null,
            "legal_entity_id": entity, "starts_on": "2026-03-01", "ends_on": "2026-03-20", "rate": "100", "currency": "KRW" } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let second = body.as_i64().unwrap();
    assert_eq!(save(&app, &contractor, placement, &[("02", "16")]).await.0, StatusCode::OK);
    let (status, body) = save(&app, &contractor, second, &[("02", "9"), ("03", "8")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_errors(&body), vec![(format!("cell:{second}:{MONTH}-02"), "ErrDayOver24".into())]);
    let (status, body) = save(&app, &contractor, second, &[("21", "8")]).await;
    assert_eq!(field_errors(&body), vec![(format!("cell:{second}:{MONTH}-21"), "ErrOutsidePlacement".into())], "{status}");
    sqlx::query(&format!("UPDATE placements SET allowed_codes = 'work' WHERE id = {second}")).execute(&app.backend.db.pool).await.unwrap();
    let (_, body) = save(&app, &contractor, second, &[("03", "2 N")]).await;
    assert_eq!(field_errors(&body), vec![(format!("cell:{second}:{MONTH}-03"), "ErrCodeNotAllowed".into())]);

    // A stale version (another device saved meanwhile) is refused, not overwritten.
    let cells = json!([{ "day": format!("{MONTH}-05"), "text": "1", "note": "" }]);
    let stale = json!({ "input": { "placement_id": placement, "cells": cells, "versions": [[format!("{MONTH}-01"), 0]] } });
    let (status, body) = app.call(&contractor, "timesheets/save", stale).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let other = app.as_role(Role::ClientManager).await;
    let (status, _) = save(&app, &other, placement, &[("05", "1")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "client managers review hours, they do not type them");
});

on_both!(foreman_fills_the_crew_grid_and_the_contractor_sees_it, |app| {
    let foreman = app.as_role(Role::Foreman).await;
    let contractor = app.as_role(Role::Contractor).await;
    let placement = placement_of(&app, Role::Contractor).await;
    let (status, grid) = app.call(&foreman, "timesheets/month", json!({ "month": MONTH, "view": "crew" })).await;
    assert_eq!(status, StatusCode::OK);
    let rows = grid["rows"].as_array().unwrap();
    assert!(rows.len() >= 2 && rows.iter().any(|r| r["placement_id"] == placement), "the crew: {grid}");
    assert_eq!(save(&app, &foreman, placement, &[("02", "8")]).await.0, StatusCode::OK);
    let (_, grid) = app.call(&contractor, "timesheets/month", json!({ "month": MONTH, "view": "mine" })).await;
    let row = grid["rows"].as_array().unwrap().iter().find(|r| r["placement_id"] == placement).unwrap().clone();
    assert_eq!(row["cells"][0]["text"], "8");
    assert_eq!(row["cells"][0]["entered_by"], "Павел Кузнецов", "the contractor sees who entered it: {row}");
    let (status, _) = app.call(&contractor, "timesheets/month", json!({ "month": MONTH, "view": "crew" })).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Outside the crew: another contractor's placement without this foreman.
    let outsider = app.scalar("SELECT MIN(id) FROM placements WHERE foreman_id IS NULL").await;
    assert_eq!(save(&app, &foreman, outsider, &[("02", "8")]).await.0, StatusCode::FORBIDDEN);
});

/// Submits `count` crew timesheets for MONTH and returns their (id, version).
pub(crate) async fn submitted_crew(app: &TestApp, count: usize) -> Vec<(i64, i64)> {
    let foreman = app.as_role(Role::Foreman).await;
    let foreman_id = app.person_id(demo_email(Role::Foreman)).await;
    let placements: Vec<i64> = sqlx::query_scalar(&format!("SELECT id FROM placements WHERE foreman_id = {foreman_id} ORDER BY id"))
        .fetch_all(&app.backend.db.pool)
        .await
        .unwrap();
    let mut out = Vec::new();
    for placement in placements.into_iter().take(count) {
        assert_eq!(save(app, &foreman, placement, &[("02", "8"), ("03", "8")]).await.0, StatusCode::OK);
        let (id, version) = sheet_of(app, placement).await;
        assert_eq!(act(app, &foreman, id, version, "submit", "", None).await.0, StatusCode::OK);
        out.push(sheet_of(app, placement).await);
    }
    out
}

on_both!(fifty_simultaneous_decisions_make_exactly_one_transition, |app| {
    let sheets = submitted_crew(&app, 1).await;
    let (id, version) = sheets[0];
    let client_manager = app.as_role(Role::ClientManager).await;
    let url = app.url("/api/timesheets/decide");
    let mut calls = tokio::task::JoinSet::new();
    for n in 0..50 {
        let (who, url) = (client_manager.clone(), url.clone());
        let action = if n % 2 == 0 { "approve" } else { "return" };
        let body = json!({ "decision": { "timesheet_id": id, "version": version, "action": action, "comment": "Not right", "day": null } });
        calls.spawn(async move {
            let res = who.post(url).json(&body).send().await.expect("decide");
            (res.status(), res.json::<Value>().await.unwrap_or(Value::Null))
        });
    }
    let results = calls.join_all().await;
    let statuses: Vec<u16> = results.iter().map(|r| r.0.as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "exactly one decision wins: {statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 49, "everyone else is told someone acted first: {statuses:?}");
    assert!(
        results.iter().filter(|r| r.0 == StatusCode::CONFLICT).all(|r| r.1 == json!("TransitionNotAllowed")),
        "no busy-database errors"
    );
    let transitions =
        app.scalar(&format!("SELECT COUNT(*) FROM approval_transitions WHERE subject_id = {id} AND action <> 'submit'")).await;
    assert_eq!(transitions, 1);
    assert_eq!(app.scalar(&format!("SELECT version FROM timesheets WHERE id = {id}")).await, version + 1);
});

on_both!(bulk_approval_covers_all_or_reports_what_changed, |app| {
    let sheets = submitted_crew(&app, 4).await;
    let client_manager = app.as_role(Role::ClientManager).await;
    // One of them changes under the approver: it is returned by someone else first.
    let (changed, changed_version) = sheets[2];
    assert_eq!(act(&app, &client_manager, changed, changed_version, "return", "Check the 3rd", None).await.0, StatusCode::OK);
    // Its contractor is told, with the comment; nobody else is.
    let returned = format!(
        "SELECT COUNT(*) FROM notifications n JOIN timesheets t ON t.contractor_id = n.person_id \
         WHERE t.id = {changed} AND n.kind = 'timesheet_returned' AND n.params LIKE '%Check the 3rd%'"
    );
    assert_eq!(app.scalar(&returned).await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'timesheet_returned'").await, 1);
    let items: Vec<Value> = sheets.iter().map(|(id, v)| json!([id, v])).collect();
    let (status, body) = app.call(&client_manager, "timesheets/approve_many", json!({ "input": { "items": items } })).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body, json!({ "ChangedMeanwhile": [changed] }));
    let approved = app.scalar("SELECT COUNT(*) FROM timesheets WHERE status = 'submitted' AND step = 1").await;
    assert_eq!(approved, 0, "nothing was approved");
    let fresh: Vec<Value> = sheets.iter().filter(|(id, _)| *id != changed).map(|(id, v)| json!([id, v])).collect();
    let (status, body) = app.call(&client_manager, "timesheets/approve_many", json!({ "input": { "items": fresh } })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, 3);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM approval_transitions WHERE action = 'approve'").await, 3);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'timesheet.approve'").await, 3);
    // The provider cannot approve for the client, nor the client for the provider.
    let hr = app.as_role(Role::HrManager).await;
    let (_, queue) = app.call(&hr, "timesheets/queue", json!({})).await;
    assert_eq!(queue.as_array().unwrap().len(), 3);
    let (_, count) = app.call(&hr, "timesheets/waiting_count", json!({})).await;
    assert_eq!(count, 3);
});

on_both!(an_emailed_link_approves_once_and_then_nothing, |app| {
    let sheets = submitted_crew(&app, 1).await;
    let (id, version) = sheets[0];
    let mail = app.mail.wait_for(demo_email(Role::ClientManager)).await;
    let url = link(&mail, &app.url("/approve/"));
    let token = url.rsplit('/').next().unwrap().to_string();
    let anonymous = client();
    let (status, view) = app.call(&anonymous, "approval_link/view", json!({ "token": token })).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["id"], id);
    assert_eq!(view["actions"], json!(["approve", "return"]));
    let page = anonymous.get(&url).header("accept", "text/html").send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let decision = json!({ "timesheet_id": id, "version": version, "action": "approve", "comment": "", "day": null });
    let (status, body) = app.call(&anonymous, "approval_link/decide", json!({ "token": token, "decision": decision })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The answer is the timesheet as it now stands: waiting for the provider, nothing to do.
    assert_eq!((&body["status"], &body["step"], &body["actions"]), (&json!("submitted"), &json!(1), &json!([])));
    assert_eq!(body["history"].as_array().map(Vec::len), Some(2), "{body}");
    let via: String = sqlx::query_scalar(&format!("SELECT via FROM approval_transitions WHERE subject_id = {id} AND action = 'approve'"))
        .fetch_one(&app.backend.db.pool)
        .await
        .unwrap();
    assert_eq!(via, "link");
    let manager = app.person_id(demo_email(Role::ClientManager)).await;
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'timesheet.approve' AND actor_id = {manager}")).await, 1);
    // Used: approves nothing, however it is called.
    let (status, body) = app.call(&anonymous, "approval_link/decide", json!({ "token": token, "decision": decision })).await;
    assert_eq!((status, body), (StatusCode::GONE, json!("TokenInvalid")));
    let (status, _) = app.call(&anonymous, "approval_link/view", json!({ "token": token })).await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM approval_transitions WHERE subject_id = {id}")).await, 2);
});

on_both!(expired_and_revoked_links_approve_nothing, |app| {
    let sheets = submitted_crew(&app, 2).await;
    let mail = app.mail.wait_for(demo_email(Role::ClientManager)).await;
    let token = link(&mail, &app.url("/approve/")).rsplit('/').next().unwrap().to_string();
    let subject =
        app.scalar(&format!("SELECT subject_id FROM approval_links WHERE token_hash = '{}'", app::backend::tokens::hash(&token))).await;
    let version = sheets.iter().find(|(id, _)| *id == subject).unwrap().1;
    let decision = json!({ "timesheet_id": subject, "version": version, "action": "approve", "comment": "", "day": null });
    sqlx::query("UPDATE approval_links SET expires_at = 1").execute(&app.backend.db.pool).await.unwrap();
    let (status, _) = app.call(&client(), "approval_link/decide", json!({ "token": token, "decision": decision })).await;
    assert_eq!(status, StatusCode::GONE, "expired");
    sqlx::query("UPDATE approval_links SET expires_at = 99999999999").execute(&app.backend.db.pool).await.unwrap();
    // The manager returns it from their account: the emailed link is revoked with it.
    let client_manager = app.as_role(Role::ClientManager).await;
    assert_eq!(act(&app, &client_manager, subject, version, "return", "Wrong site", None).await.0, StatusCode::OK);
    let (status, _) = app.call(&client(), "approval_link/decide", json!({ "token": token, "decision": decision })).await;
    assert_eq!(status, StatusCode::GONE, "revoked");
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM timesheets WHERE id = {subject} AND status = 'returned'")).await, 1);
});

on_both!(overdue_contractors_are_reminded_once, |app| {
    use app::backend::timesheets::reminders::send_due;
    use shared::format::Date;
    // One crew member submitted March; everyone else placed since January has not.
    let submitted = submitted_crew(&app, 1).await;
    assert_eq!(submitted.len(), 1);
    let placements = app.scalar("SELECT COUNT(*) FROM placements").await;
    // March's deadline (April 3rd) has passed by the 20th; February's is too old to chase.
    // Noon UTC: the 20th in the demo organisation's zone (UTC).
    let noon = |day: &str| Date::parse_iso(day).unwrap().days() * 86_400 + 12 * 3600;
    let today = noon("2026-04-20");
    let sent = send_due(&app.backend, today).await.unwrap();
    assert_eq!(sent as i64, placements - 1, "one reminder per placement with March not submitted");
    assert_eq!(send_due(&app.backend, today).await.unwrap(), 0, "never twice");
    let (contractor, email): (i64, String) =
        sqlx::query_as("SELECT p.id, p.email FROM people p JOIN placements pl ON pl.contractor_id = p.id ORDER BY pl.id DESC LIMIT 1")
            .fetch_one(&app.backend.db.pool)
            .await
            .unwrap();
    // The server's own hourly run may also chase months overdue at the real date: March's here.
    let mail = app.mail.wait_for_text(&email, "/timesheets?month=2026-03").await;
    assert!(mail.body.contains("Mar 31, 2026"), "{}", mail.body);
    let march = format!("SELECT COUNT(*) FROM notifications WHERE person_id = {contractor} AND link = '/timesheets?month=2026-03'");
    assert_eq!(app.scalar(&march).await, 1);
    let reminded_submitter = app.person_id(demo_email(Role::Contractor)).await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM notifications WHERE person_id = {reminded_submitter} AND link = '/timesheets?month=2026-03'"
        ))
        .await,
        0,
        "submitted March: no reminder for it"
    );
    assert_eq!(send_due(&app.backend, noon("2026-04-30")).await.unwrap(), 0, "April is not due yet");
});

on_both!(client_terms_set_half_months_multipliers_and_site_approvers, |app| {
    let admin = app.as_role(Role::Admin).await;
    let (status, list) = app.call(&admin, "timesheets/terms", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let mut terms = list.as_array().unwrap().iter().find(|t| t["name"] == "Seoul Logistics Co.").unwrap().clone();
    assert_eq!((terms["period_kind"].as_str(), terms["overtime"].as_str()), (Some("month"), Some("1.5")));
    terms["period_kind"] = json!("half_month");
    terms["overtime"] = json!("abc");
    let (status, body) = app.call(&admin, "timesheets/save_terms", json!({ "terms": terms })).await;
    assert_eq!((status, field_errors(&body)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("overtime".into(), "ErrMultiplier".into())]));
    terms["overtime"] = json!("2");
    // Another client manager of the same company is named for the contractor's site.
    let org = app.scalar("SELECT MIN(id) FROM organisations").await;
    let company = terms["client_company_id"].as_i64().unwrap();
    let other = app
        .scalar(&format!(
            "INSERT INTO people (org_id, email, family_name, given_name, search_text, status, client_company_id, created_at, updated_at) \
             VALUES ({org}, 'site@client.example', 'Site', 'Boss', 'site boss', 'active', {company}, 0, 0) RETURNING id"
        ))
        .await;
    sqlx::query(&format!("INSERT INTO person_roles (org_id, person_id, role) VALUES ({org}, {other}, 'client_manager')"))
        .execute(&app.backend.db.pool)
        .await
        .unwrap();
    let placement = placement_of(&app, Role::Contractor).await;
    let site = app.scalar(&format!("SELECT client_department_id FROM placements WHERE id = {placement}")).await;
    let sites: Vec<Value> = terms["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| if s["id"] == site { json!({ "id": site, "name": s["name"], "manager_id": other }) } else { s.clone() })
        .collect();
    terms["sites"] = json!(sites);
    let (status, version) = app.call(&admin, "timesheets/save_terms", json!({ "terms": terms })).await;
    assert_eq!(status, StatusCode::OK, "{version}");
    let (status, _) = app.call(&admin, "timesheets/save_terms", json!({ "terms": terms })).await;
    assert_eq!(status, StatusCode::CONFLICT, "a stale version is refused");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'client.terms_changed'").await, 1);

    // Half months: two timesheets for March.
    let contractor = app.as_role(Role::Contractor).await;
    let cells = json!([{ "day": "2026-03-03", "text": "8", "note": "" }, { "day": "2026-03-20", "text": "2 OT", "note": "" }]);
    let (status, saved) =
        app.call(&contractor, "timesheets/save", json!({ "input": { "placement_id": placement, "cells": cells, "versions": [] } })).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let starts: Vec<&str> = saved.as_array().unwrap().iter().map(|p| p["start"].as_str().unwrap()).collect();
    assert_eq!(starts, ["2026-03-01", "2026-03-16"]);
    let second = saved[1]["timesheet_id"].as_i64().unwrap();
    assert_eq!(act(&app, &contractor, second, 1, "submit", "", None).await.0, StatusCode::OK);

    // Only the named site manager approves that site now.
    let demo_manager = app.as_role(Role::ClientManager).await;
    let (_, queue) = app.call(&demo_manager, "timesheets/queue", json!({})).await;
    assert!(!queue.as_array().unwrap().iter().any(|q| q["id"] == second), "{queue}");
    assert_eq!(act_now(&app, &demo_manager, second, "approve", "").await.0, StatusCode::FORBIDDEN);
    let mail = app.mail.wait_for("site@client.example").await;
    assert!(mail.body.contains("/approve/"), "the named manager gets the link");
    let url = link(&mail, &app.url("/approve/"));
    let token = url.rsplit('/').next().unwrap();
    let decision = json!({ "timesheet_id": second, "version": 2, "action": "approve", "comment": "", "day": null });
    assert_eq!(app.call(&client(), "approval_link/decide", json!({ "token": token, "decision": decision })).await.0, StatusCode::OK);
    let hr = app.as_role(Role::HrManager).await;
    assert_eq!(act_now(&app, &hr, second, "approve", "").await.0, StatusCode::OK);
    // Overtime now bills at ×2: 2 h × 12,500.00 × 2.
    let (_, summary) = app.call(&hr, "timesheets/summary", json!({ "query": { "month": MONTH } })).await;
    assert_eq!(summary["lines"][0]["amount_minor"], 2 * 1_250_000 * 2, "{summary}");
    assert_eq!(summary["pending"], 1, "the first half is still a draft");
});

on_both!(reminders_show_in_the_notification_list, |app| {
    use app::backend::timesheets::reminders::send_due;
    send_due(&app.backend, shared::format::Date::parse_iso("2026-04-20").unwrap().days() * 86_400).await.unwrap();
    let contractor = app.as_role(Role::Contractor).await;
    let (status, list) = app.call(&contractor, "notifications/list", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    // The server's own hourly run may add months overdue at the real date; March's is there once.
    let march: Vec<&Value> = list.as_array().unwrap().iter().filter(|n| n["link"] == "/timesheets?month=2026-03").collect();
    assert_eq!(march.len(), 1, "{list}");
    assert_eq!(march[0]["kind"], "timesheet_overdue");
    assert_eq!(march[0]["text"], "Your timesheet for Mar 1, 2026 – Mar 31, 2026 is overdue.");
    let hr = app.as_role(Role::HrManager).await;
    let (_, list) = app.call(&hr, "notifications/list", json!({})).await;
    assert_eq!(list, json!([]), "only one's own");
    let page = contractor.get(app.url("/")).header("accept", "text/html").send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Your timesheet for"), "the home page lists it");
});

/// The approval link also goes out by SMS / messenger through the configured HTTP gateway.
async fn link_by_sms(db: crate::common::harness::Db) {
    let gateway = crate::common::http_sink::HttpSink::start().await;
    let url = gateway.url("/send");
    let tweak = move |c: &mut app::backend::Config| {
        c.sms_url = Some(url);
        c.sms_token = Some("gateway-secret".into());
    };
    let Some(app) = crate::common::harness::spawn_with(db, tweak).await else { return };
    let manager = app.person_id(demo_email(Role::ClientManager)).await;
    sqlx::query(&format!("UPDATE people SET phone = '+82 10-1234-5678' WHERE id = {manager}")).execute(&app.backend.db.pool).await.unwrap();
    let (id, version) = submitted_crew(&app, 1).await[0];
    let sms = gateway.wait_for("+82 10-1234-5678").await;
    assert_eq!(sms.path, "/send");
    assert_eq!(sms.header("authorization"), Some("Bearer gateway-secret"));
    let body: Value = serde_json::from_str(&sms.body).unwrap();
    let text = body["text"].as_str().unwrap();
    let url = text.split_whitespace().find(|w| w.contains("/approve/")).expect("a link in the text");
    let token = url.rsplit('/').next().unwrap();
    let decision = json!({ "timesheet_id": id, "version": version, "action": "approve", "comment": "", "day": null });
    let (status, _) = app.call(&client(), "approval_link/decide", json!({ "token": token, "decision": decision })).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approval_link_by_sms_gateway_sqlite() {
    link_by_sms(crate::common::harness::Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approval_link_by_sms_gateway_postgres() {
    link_by_sms(crate::common::harness::Db::Postgres).await;
}

/// The people form's edit of `id` as it stands, with `roles` and `client_company_id` set.
async fn role_edit(app: &TestApp, admin: &Client, id: i64, roles: Value, client_company_id: Value) -> Value {
    let (_, p) = app.call(admin, "people/get", json!({ "id": id })).await;
    json!({ "edit": { "id": id, "version": p["version"], "family_name": p["family_name"], "given_name": p["given_name"], "phone": "",
        "position": "", "legal_entity_id": p["legal_entity_id"], "department_id": p["department_id"], "client_company_id": client_company_id,
        "hire_date": "", "roles": roles } })
}

on_both!(nobody_grants_themselves_a_role_or_decides_two_steps_of_one_timesheet, |app| {
    let contractor = app.as_role(Role::Contractor).await;
    let hr = app.as_role(Role::HrManager).await;
    let admin = app.as_role(Role::Admin).await;
    let placement = placement_of(&app, Role::Contractor).await;
    let (status, body) = save(&app, &contractor, placement, &[("02", "8")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (id, version) = sheet_of(&app, placement).await;
    assert_eq!(act(&app, &contractor, id, version, "submit", "", None).await.0, StatusCode::OK);

    // HR cannot make themselves the client's manager, nor hand the role to someone else.
    let hr_id = app.person_id(demo_email(Role::HrManager)).await;
    let company = app.scalar(&format!("SELECT client_company_id FROM placements WHERE id = {placement}")).await;
    let grab = role_edit(&app, &hr, hr_id, json!(["hr_manager", "employee", "client_manager"]), json!(company)).await;
    let (status, body) = app.call(&hr, "people/update", grab).await;
    assert_eq!((status, body), (StatusCode::FORBIDDEN, json!("OwnRoles")));
    let someone = app.person_id("person0000@demo.staffport.dev").await;
    let (status, body) =
        app.call(&hr, "people/update", role_edit(&app, &hr, someone, json!(["employee", "client_manager"]), json!(company)).await).await;
    assert_eq!((status, body["Invalid"][0]["msg"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("ErrRoleNotAllowed")));
    let (status, body) =
        app.call(&hr, "people/update", role_edit(&app, &hr, someone, json!(["employee", "recruiter"]), json!(null)).await).await;
    assert_eq!(
        (status, body["Invalid"][0]["msg"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("ErrRoleNotAllowed")),
        "recruiters reveal contacts"
    );
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'roles.changed' AND subject_id IN ({hr_id}, {someone})")).await,
        0
    );

    // An administrator may: HR now holds both approving roles, and still decides one step only.
    let (status, body) = app
        .call(
            &admin,
            "people/update",
            role_edit(&app, &admin, hr_id, json!(["hr_manager", "employee", "client_manager"]), json!(company)).await,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let hr = app.as_role(Role::HrManager).await;
    assert_eq!(act_now(&app, &hr, id, "approve", "").await.0, StatusCode::OK, "the client step, as the client's manager");
    let (status, body) = act_now(&app, &hr, id, "approve", "").await;
    assert_eq!((status, body), (StatusCode::FORBIDDEN, json!("SecondStep")), "not the provider step as well");
    let (status, body) = app
        .call(
            &hr,
            "timesheets/approve_many",
            json!({ "input": { "items": [[id, app.scalar(&format!("SELECT version FROM timesheets WHERE id = {id}")).await]] } }),
        )
        .await;
    assert_eq!((status, body), (StatusCode::FORBIDDEN, json!("SecondStep")), "nor in a bulk approval");
    assert_eq!(act_now(&app, &admin, id, "approve", "").await.0, StatusCode::OK, "a second person decides it");
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM timesheets WHERE id = {id} AND status = 'approved'")).await, 1);
});

// The month grid posted as a plain form (a phone without the bundle): changed cells save and
// keep their notes, a refusal writes nothing and brings back every typed value, a page older
// than the last save is refused, and the submit button saves what was typed, then submits.
on_both!(the_month_grid_saves_and_submits_as_a_plain_form, |app| {
    let contractor = app.as_role(Role::Contractor).await;
    let placement = placement_of(&app, Role::Contractor).await;
    let noted = json!([{ "day": format!("{MONTH}-02"), "text": "8", "note": "night shift" }]);
    let (status, body) = app
        .call(
            &contractor,
            "timesheets/save",
            json!({ "input": { "placement_id": placement, "cells": noted, "versions": [[format!("{MONTH}-01"), 0]] } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let cell = |day: &str| format!("cell:{placement}:{MONTH}-{day}");
    let seen = format!("version:{placement}:{MONTH}-01");
    let post = |fields: Vec<(String, String)>| contractor.post(app.url(&format!("/timesheets?month={MONTH}"))).form(&fields).send();
    let minutes = |day: &'static str| {
        app.scalar_or(format!(
            "SELECT CAST(e.minutes AS BIGINT) FROM timesheet_entries e JOIN timesheets t ON t.id = e.timesheet_id \
         WHERE t.placement_id = {placement} AND e.day = '{MONTH}-{day}'"
        ))
    };
    let (_, loaded) = sheet_of(&app, placement).await;

    let res = post(vec![(cell("02"), "6".into()), (cell("03"), "88".into()), (seen.clone(), loaded.to_string())]).await.expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.expect("page");
    assert!(page.contains(r#"value="88""#) && page.contains(r#"value="6""#), "typed values come back");
    assert!(page.contains("A day has at most 24 hours."), "the reason is shown");
    assert_eq!(minutes("02").await, Some(480), "a refused post writes nothing");

    let fields =
        vec![(cell("02"), "6".into()), (cell("03"), " 7.5 ".into()), (cell("04"), String::new()), (seen.clone(), loaded.to_string())];
    let res = post(fields).await.expect("post");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.expect("page").contains("All changes saved."));
    assert_eq!((minutes("02").await, minutes("03").await, minutes("04").await), (Some(360), Some(450), None));
    let note = app
        .scalar_text(&format!(
            "SELECT e.note FROM timesheet_entries e JOIN timesheets t ON t.id = e.timesheet_id \
             WHERE t.placement_id = {placement} AND e.day = '{MONTH}-02'"
        ))
        .await;
    assert_eq!(note, "night shift", "the hours changed, the note stays");

    // The page the first post came from is older than that save: refused, typing kept.
    let res = post(vec![(cell("05"), "8".into()), (seen.clone(), loaded.to_string())]).await.expect("post");
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().await.expect("page").contains(r#"value="8""#));
    assert_eq!(minutes("05").await, None);

    let (id, current) = sheet_of(&app, placement).await;
    let fields = vec![(cell("05"), "8".into()), (seen, current.to_string()), ("submit".into(), id.to_string())];
    let res = post(fields).await.expect("post");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(minutes("05").await, Some(480), "typed hours are saved before the submit");
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM timesheets WHERE id = {id} AND status = 'submitted'")).await, 1);
});
