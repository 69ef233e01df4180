//! The administrators' request catalogue: definitions checked and version-guarded, parallel
//! approvers within a step, filed requests keeping their definition, and protected data changed
//! through a request — on SQLite and PostgreSQL.
use crate::common::harness::{demo_email, TestApp};
use crate::on_both;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use shared::approvals::{Step, StepRule};
use shared::requests::{shipped, RequestTypeDef};
use shared::{Msg, Role};

async fn save(app: &TestApp, admin: &Client, id: Option<i64>, version: i64, active: bool, def: &RequestTypeDef) -> (StatusCode, Value) {
    app.call(admin, "cabinet/save_request_type", json!({ "input": { "id": id, "version": version, "active": active, "def": def } })).await
}

async fn decide(app: &TestApp, who: &Client, id: i64, action: &str) -> (StatusCode, Value) {
    let version = app.scalar(&format!("SELECT version FROM requests WHERE id = {id}")).await;
    let body = json!({ "decision": { "request_id": id, "version": version, "action": action, "comment": "" } });
    app.call(who, "cabinet/decide_request", body).await
}

async fn file(app: &TestApp, who: &Client, code: &str, answers: Value) -> i64 {
    let (status, id) = app.call(who, "cabinet/submit_request", json!({ "input": { "type_code": code, "answers": answers } })).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    id.as_i64().unwrap()
}

/// Equipment: the line manager and HR approve at once, then a named person.
fn equipment(named: i64) -> RequestTypeDef {
    let mut def = shipped().into_iter().find(|t| t.code == "business_trip").unwrap();
    def.code = "equipment".into();
    def.name.en = "Laptop".into();
    let mut both = Step::new(StepRule::LineManager, Msg::StepLineManager, Some(24));
    both.also = vec![StepRule::Role(Role::HrManager)];
    def.chain.steps = vec![both, Step::new(StepRule::Person(named), Msg::StepPerson, None)];
    def
}

/// The navigation badge (counted by the database) names as many requests as the inbox (each
/// checked by the policy), and the inbox holds `id` or not as `waits` says.
async fn badge_agrees(app: &TestApp, who: &Client, id: i64, waits: bool) {
    let (_, inbox) = app.call(who, "cabinet/inbox", json!({})).await;
    let inbox = inbox.as_array().unwrap();
    let (_, counts) = app.call(who, "cabinet/inbox_counts", json!({})).await;
    assert_eq!(counts["requests"].as_i64(), Some(inbox.len() as i64), "badge against inbox: {counts} {inbox:?}");
    assert_eq!(inbox.iter().any(|r| r["id"] == id), waits, "request {id} waiting: {inbox:?}");
}

fn status_of(view: &Value) -> (String, i64) {
    (view["status"].as_str().unwrap().to_string(), view["step"].as_i64().unwrap())
}

on_both!(an_administrator_defines_a_type_whose_step_waits_for_parallel_approvers, |app| {
    let admin = app.as_role(Role::Admin).await;
    let hr = app.as_role(Role::HrManager).await;
    let employee = app.as_role(Role::Employee).await;
    let recruiter = app.as_role(Role::Recruiter).await;
    let named = app.person_id(demo_email(Role::Recruiter)).await;

    let mut broken = equipment(named);
    broken.name.ru.clear();
    broken.chain.steps[1].rule = StepRule::Person(999_999);
    let (status, body) = save(&app, &admin, None, 0, true, &broken).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["Invalid"][0]["field"], "name", "{body}");
    broken.name.ru = "Ноутбук".into();
    let (status, body) = save(&app, &admin, None, 0, true, &broken).await;
    assert_eq!((status, body["Invalid"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("steps.1")), "unknown person");
    let (status, _) = save(&app, &hr, None, 0, true, &equipment(named)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the catalogue is the administrator's");

    let (status, id) = save(&app, &admin, None, 0, true, &equipment(named)).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let type_id = id.as_i64().unwrap();
    let (status, body) = save(&app, &admin, None, 0, true, &equipment(named)).await;
    assert_eq!(body["Invalid"][0]["msg"], "ErrCodeTaken", "{status} {body}");
    let (_, types) = app.call(&employee, "cabinet/request_types", json!({})).await;
    assert!(types.as_array().unwrap().iter().any(|t| t["code"] == "equipment"));

    let id = file(&app, &employee, "equipment", json!({ "destination": "Busan office", "dates": "2026-12-14/2026-12-16" })).await;
    for (who, waits) in [(&hr, true), (&admin, true), (&recruiter, false), (&employee, false)] {
        badge_agrees(&app, who, id, waits).await;
    }
    assert_eq!(decide(&app, &recruiter, id, "approve").await.0, StatusCode::FORBIDDEN, "the named person waits for step 2");
    let (status, state) = decide(&app, &hr, id, "approve").await;
    assert_eq!(status, StatusCode::OK, "{state}");
    assert_eq!((state["status"].as_str(), state["step"].as_i64()), (Some("submitted"), Some(0)), "the line manager has not approved yet");
    assert_eq!(decide(&app, &hr, id, "approve").await.0, StatusCode::FORBIDDEN, "HR approved already");
    let (_, view) = app.call(&admin, "cabinet/request", json!({ "id": id })).await;
    assert_eq!(view["actions"], json!(["approve", "return", "reject"]), "the line manager's approval is still missing");
    // No longer waiting for HR; still for the line manager.
    badge_agrees(&app, &hr, id, false).await;
    badge_agrees(&app, &admin, id, true).await;
    assert_eq!(decide(&app, &admin, id, "approve").await.0, StatusCode::OK);
    let (_, view) = app.call(&employee, "cabinet/request", json!({ "id": id })).await;
    assert_eq!(status_of(&view), ("submitted".into(), 1), "both approved: the named person's step");
    for (who, waits) in [(&hr, false), (&admin, false), (&recruiter, true)] {
        badge_agrees(&app, who, id, waits).await;
    }

    // The administrator removes the named step meanwhile: the filed request keeps its chain.
    let version = app.scalar(&format!("SELECT version FROM request_types WHERE id = {type_id}")).await;
    let mut shorter = equipment(named);
    shorter.chain.steps.truncate(1);
    assert_eq!(save(&app, &admin, Some(type_id), version - 1, true, &shorter).await.0, StatusCode::CONFLICT, "stale edit refused");
    assert_eq!(save(&app, &admin, Some(type_id), version, false, &shorter).await.0, StatusCode::OK);
    let (_, types) = app.call(&employee, "cabinet/request_types", json!({})).await;
    assert!(!types.as_array().unwrap().iter().any(|t| t["code"] == "equipment"), "deactivated types cannot be filed");
    assert_eq!(decide(&app, &recruiter, id, "approve").await.0, StatusCode::OK);
    let (_, view) = app.call(&employee, "cabinet/request", json!({ "id": id })).await;
    assert_eq!(view["status"], "approved");
    let audited = app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'request_type.saved'").await;
    assert_eq!(audited, 2);
});

on_both!(one_person_approves_once_per_step_even_when_they_fit_two_of_its_approvers, |app| {
    let admin = app.as_role(Role::Admin).await;
    let hr = app.as_role(Role::HrManager).await;
    let employee = app.as_role(Role::Employee).await;
    let hr_id = app.person_id(demo_email(Role::HrManager)).await;
    // HR by role and the same HR manager by name: two approvals needed, from two people.
    let mut def = equipment(hr_id);
    def.chain.steps[0].also.push(StepRule::Person(hr_id));
    def.chain.steps.truncate(1);
    assert_eq!(save(&app, &admin, None, 0, true, &def).await.0, StatusCode::OK);
    let id = file(&app, &employee, "equipment", json!({ "destination": "Seoul", "dates": "2026-12-14/2026-12-16" })).await;
    assert_eq!(decide(&app, &hr, id, "approve").await.0, StatusCode::OK);
    assert_eq!(decide(&app, &hr, id, "approve").await.0, StatusCode::FORBIDDEN, "not a second time as the named approver");
    let (_, view) = app.call(&hr, "cabinet/request", json!({ "id": id })).await;
    assert_eq!(view["actions"], json!([]), "{view}");
    // The named slot still waits, but not for HR, who approved as the role already.
    badge_agrees(&app, &hr, id, false).await;
    assert_eq!(decide(&app, &admin, id, "approve").await.0, StatusCode::OK, "the line manager");
    let (_, view) = app.call(&employee, "cabinet/request", json!({ "id": id })).await;
    assert_eq!(view["status"], "submitted", "the named slot is still open for someone else to fill: it waits");
});

on_both!(parallel_approvers_clicking_at_once_both_count, |app| {
    let admin = app.as_role(Role::Admin).await;
    let hr = app.as_role(Role::HrManager).await;
    let employee = app.as_role(Role::Employee).await;
    let named = app.person_id(demo_email(Role::Recruiter)).await;
    assert_eq!(save(&app, &admin, None, 0, true, &equipment(named)).await.0, StatusCode::OK);
    for _ in 0..5 {
        let id = file(&app, &employee, "equipment", json!({ "destination": "Seoul", "dates": "2026-12-14/2026-12-16" })).await;
        let (a, b) = tokio::join!(decide(&app, &admin, id, "approve"), decide(&app, &hr, id, "approve"));
        assert_eq!((a.0, b.0), (StatusCode::OK, StatusCode::OK), "{a:?} {b:?}");
        let (_, view) = app.call(&employee, "cabinet/request", json!({ "id": id })).await;
        assert_eq!(status_of(&view), ("submitted".into(), 1), "both approvals counted");
        let approvals =
            app.scalar(&format!("SELECT COUNT(*) FROM approval_transitions WHERE subject_id = {id} AND action = 'approve'")).await;
        assert_eq!(approvals, 2);
    }
});

on_both!(a_passport_number_is_changed_through_hr_and_stays_sealed, |app| {
    let employee = app.as_role(Role::Employee).await;
    let hr = app.as_role(Role::HrManager).await;
    let me = app.person_id(demo_email(Role::Employee)).await;
    let id = file(&app, &employee, "personal_data", json!({ "passport_no": "M11223344" })).await;
    assert_eq!(decide(&app, &hr, id, "approve").await.0, StatusCode::OK);
    let (_, fields) = app.call(&employee, "cabinet/protected", json!({ "person_id": me })).await;
    let passport = fields.as_array().unwrap().iter().find(|f| f["key"] == "passport_no").unwrap().clone();
    assert_eq!(passport["masked"], "•••• 3344", "{fields}");
    let (_, plain) = app.call(&employee, "cabinet/reveal", json!({ "person_id": me, "field": "passport_no" })).await;
    assert_eq!(plain, "M11223344");
    let audited =
        app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'person.protected_data_changed' AND subject_id = {me}")).await;
    assert_eq!(audited, 1);
});

on_both!(the_inbox_follows_a_new_line_manager_and_requests_filed_before_its_index, |app| {
    let admin = app.as_role(Role::Admin).await;
    let hr = app.as_role(Role::HrManager).await;
    let employee = app.as_role(Role::Employee).await;
    let employee_id = app.person_id(demo_email(Role::Employee)).await;
    let hr_id = app.person_id(demo_email(Role::HrManager)).await;
    let mut def = equipment(hr_id);
    def.chain.steps = vec![Step::new(StepRule::LineManager, Msg::StepLineManager, None)];
    assert_eq!(save(&app, &admin, None, 0, true, &def).await.0, StatusCode::OK);
    let id = file(&app, &employee, "equipment", json!({ "destination": "Seoul", "dates": "2026-12-14/2026-12-16" })).await;
    badge_agrees(&app, &admin, id, true).await;
    badge_agrees(&app, &hr, id, false).await;
    // The employee gets another line manager: the waiting request goes with the job.
    app.execute(&format!("UPDATE people SET manager_id = {hr_id} WHERE id = {employee_id}")).await;
    badge_agrees(&app, &admin, id, false).await;
    badge_agrees(&app, &hr, id, true).await;

    // A request filed before the look-up table existed has no rows: the server adds them when
    // it starts, and only for requests still waiting.
    app.execute(&format!("DELETE FROM request_waiting WHERE request_id = {id}")).await;
    badge_agrees(&app, &hr, id, false).await;
    app::backend::cabinet::requests::fill_waiting(&app.backend.db).await.expect("fill");
    badge_agrees(&app, &hr, id, true).await;
    let rows = app.scalar(&format!("SELECT COUNT(*) FROM request_waiting WHERE request_id = {id}")).await;
    app::backend::cabinet::requests::fill_waiting(&app.backend.db).await.expect("again");
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM request_waiting WHERE request_id = {id}")).await, rows, "filled once");
    assert_eq!(decide(&app, &hr, id, "approve").await.0, StatusCode::OK);
    badge_agrees(&app, &hr, id, false).await;
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM request_waiting w JOIN requests r ON r.id = w.request_id WHERE r.status <> 'submitted'").await,
        0
    );
});

/// A type's rules run when its requests are filed and decided: a role or the requester told,
/// a webhook called with the request's id and outcome only; protected answers are never read.
async fn request_rules(db: crate::common::harness::Db) {
    use shared::recruiting::automation::{Cmp, Condition};
    use shared::request_rules::{RequestAct, RequestEvent, RequestRule};
    let sink = crate::common::http_sink::HttpSink::start().await;
    let Some(app) = crate::common::harness::spawn(db).await else { return };
    let admin = app.as_role(Role::Admin).await;
    let (id, version): (i64, i64) =
        sqlx::query_as("SELECT id, version FROM request_types WHERE code = 'business_trip'").fetch_one(&app.backend.db.pool).await.unwrap();
    let mut def = shipped().into_iter().find(|t| t.code == "business_trip").unwrap();
    let compare = |field: &str, cmp: Cmp, value: &str| Condition::Compare { field: field.into(), cmp, value: value.into() };
    def.rules = vec![
        RequestRule {
            name: "Busan hotel".into(),
            on: RequestEvent::Filed,
            when: compare("answer:destination", Cmp::Contains, "busan"),
            then: vec![RequestAct::NotifyRole { role: Role::HrManager, text: "Book the hotel".into() }],
            otherwise: vec![RequestAct::NotifyRequester { text: "Book your own hotel".into() }],
            active: true,
        },
        RequestRule {
            name: "Approved trips".into(),
            on: RequestEvent::Decided,
            when: compare("status", Cmp::Eq, "approved"),
            then: vec![RequestAct::CallWebhook { url: sink.url("/trips") }],
            otherwise: vec![],
            active: true,
        },
    ];
    // An outcome is only known once decided.
    let mut wrong = def.clone();
    wrong.rules[0].when = compare("status", Cmp::Eq, "approved");
    let (status, body) = save(&app, &admin, Some(id), version, true, &wrong).await;
    assert_eq!((status, body["Invalid"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("rules.0.when")), "{body}");
    let (status, body) = save(&app, &admin, Some(id), version, true, &def).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let employee = app.as_role(Role::Employee).await;
    let employee_id = app.person_id(demo_email(Role::Employee)).await;
    let notes = |text: &'static str| {
        let app = &app;
        async move {
            let rows: Vec<i64> =
                sqlx::query_scalar("SELECT person_id FROM notifications WHERE kind = 'automation' AND params LIKE $1 ORDER BY person_id")
                    .bind(format!("%{text}%"))
                    .fetch_all(&app.backend.db.pool)
                    .await
                    .unwrap();
            rows
        }
    };
    let busan = file(&app, &employee, "business_trip", json!({ "destination": "Busan port", "dates": "2027-03-01/2027-03-03" })).await;
    let hr = app
        .scalar("SELECT COUNT(DISTINCT r.person_id) FROM person_roles r JOIN people p ON p.id = r.person_id WHERE r.role = 'hr_manager' AND p.status = 'active' AND p.email <> 'employee@demo.staffport.dev'")
        .await;
    let told = notes("Book the hotel").await;
    assert_eq!(told.len() as i64, hr, "every HR manager, once");
    assert!(!told.contains(&employee_id));
    assert!(notes("Book your own hotel").await.is_empty());
    file(&app, &employee, "business_trip", json!({ "destination": "Seoul", "dates": "2027-03-08/2027-03-09" })).await;
    assert_eq!(notes("Book your own hotel").await, vec![employee_id], "the NO branch: the requester");

    let manager = app.as_role(Role::Admin).await;
    assert_eq!(decide(&app, &manager, busan, "approve").await.0, StatusCode::OK);
    assert!(sink.received().is_empty(), "not decided yet: only its first step");
    let hr_client = app.as_role(Role::HrManager).await;
    assert_eq!(decide(&app, &hr_client, busan, "approve").await.0, StatusCode::OK);
    let posted = sink.wait_for("request.rule_ran").await;
    let body: Value = serde_json::from_str(&posted.body).unwrap();
    assert_eq!((body["request_id"].as_i64(), body["outcome"].as_str()), (Some(busan), Some("approved")));
    assert!(!posted.body.contains("Busan"), "no answers leave: {}", posted.body);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM request_rule_runs WHERE request_id = {busan}")).await, 2);
    // The editor lists the runs, newest first.
    let (_, types) = app.call(&admin, "cabinet/request_type_defs", json!({})).await;
    let trip = types.as_array().unwrap().iter().find(|t| t["def"]["code"] == "business_trip").unwrap().clone();
    let runs: Vec<(String, String)> = trip["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["rule"].as_str().unwrap().into(), r["outcome"].as_str().unwrap().into()))
        .collect();
    assert!(runs.contains(&("Approved trips".to_string(), "yes".to_string())), "{runs:?}");
    assert!(runs.contains(&("Busan hotel".to_string(), "no".to_string())), "the Seoul trip took NO: {runs:?}");
    assert_eq!(runs.len(), 3, "{runs:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_types_rules_run_when_its_requests_are_filed_and_decided_sqlite() {
    request_rules(crate::common::harness::Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_types_rules_run_when_its_requests_are_filed_and_decided_postgres() {
    request_rules(crate::common::harness::Db::Postgres).await;
}
