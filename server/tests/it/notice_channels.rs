//! How people are told beyond the app: each kind on the ways its reader chose (else their
//! organisation's default, else the catalogue's), quiet hours, the daily digest at a local
//! time, personal reminders, and the provider's queue of a period.
use crate::common::harness::{demo_email, Db, TestApp};
use crate::on_both;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use shared::Role;

/// The caller's choices with `changes` applied (kind → [email, messenger, digest]).
async fn choose(app: &TestApp, who: &Client, changes: &[(&str, [bool; 3])], quiet: (&str, &str), digest_at: &str) {
    let (status, view) = app.call(who, "notifications/preferences", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    let mut p = view["preferences"].clone();
    for choice in p["choices"].as_array_mut().unwrap() {
        if let Some((_, [email, messenger, digest])) = changes.iter().find(|(k, _)| choice[0] == *k) {
            choice[1] = json!({ "email": email, "messenger": messenger, "digest": digest });
        }
    }
    p["quiet_from"] = json!(quiet.0);
    p["quiet_to"] = json!(quiet.1);
    p["digest_at"] = json!(digest_at);
    let (status, body) = app.call(who, "notifications/save_preferences", json!({ "input": p })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// Outbox rows queued for a person since `since` (an outbox id): (channel, subject, body, template).
async fn queued(app: &TestApp, person: i64, since: i64) -> Vec<(String, String, String, Option<String>)> {
    sqlx::query_as("SELECT channel, subject, body, template FROM outbox WHERE person_id = $1 AND id > $2 ORDER BY id")
        .bind(person)
        .bind(since)
        .fetch_all(&app.backend.db.pool)
        .await
        .unwrap()
}

async fn last_outbox(app: &TestApp) -> i64 {
    app.scalar("SELECT COALESCE(MAX(id), 0) FROM outbox").await
}

/// A decision reaches the requester by messenger (with the provider's template and its SMS
/// fallback, in Korean), a document by email against the organisation's default, and nobody
/// who kept the defaults gets a message for it.
async fn ways_chosen(db: Db) {
    let gateway = crate::common::http_sink::HttpSink::start().await;
    let url = gateway.url("/send");
    let tweak = move |c: &mut app::backend::Config| {
        c.sms_url = Some(url);
        c.messenger_templates = app::backend::config::templates_in("request_decided=SP_DECIDED, no_such_kind=X");
    };
    let Some(app) = crate::common::harness::spawn_with(db, tweak).await else { return };
    let employee_id = app.person_id(demo_email(Role::Employee)).await;
    app.execute(&format!("UPDATE people SET phone = '+82 10-5555-0101', locale = 'ko' WHERE id = {employee_id}")).await;
    let admin = app.as_role(Role::Admin).await;
    let employee = app.as_role(Role::Employee).await;

    // The organisation tells of documents in the app only; the employee wants them by email and
    // decisions on their requests by messenger.
    let (_, defaults) = app.call(&admin, "notifications/defaults", json!({})).await;
    let mut defaults = defaults.clone();
    for choice in defaults["choices"].as_array_mut().unwrap() {
        if choice[0] == "document_published" {
            choice[1] = json!({ "email": false, "messenger": false, "digest": false });
        }
    }
    let (status, body) = app.call(&admin, "notifications/save_defaults", json!({ "input": defaults.clone() })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = app.call(&admin, "notifications/save_defaults", json!({ "input": defaults })).await;
    assert_eq!(status, StatusCode::CONFLICT, "a stale version is refused");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'org.notice_defaults_changed'").await, 1);
    choose(&app, &employee, &[("request_decided", [false, true, false]), ("document_published", [true, false, false])], ("", ""), "").await;
    // Mandatory kinds cannot be turned off: a translated refusal naming the kind.
    let (_, view) = app.call(&employee, "notifications/preferences", json!({})).await;
    let mut off = view["preferences"].clone();
    off["choices"].as_array_mut().unwrap().iter_mut().for_each(|c| c[1] = json!({ "email": false, "messenger": false, "digest": false }));
    let (status, body) = app.call(&employee, "notifications/save_preferences", json!({ "input": off })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.to_string().contains("request_waiting") && body.to_string().contains("ErrNoticeMandatory"), "{body}");

    let since = last_outbox(&app).await;
    let (_, id) = crate::cabinet::file(&app, &employee, "vacation", json!({ "dates": "2026-12-21/2026-12-22" })).await;
    let id = id.as_i64().unwrap();
    assert_eq!(crate::cabinet::decide(&app, &admin, id, "return", "other dates").await.0, StatusCode::OK);
    let to_employee = queued(&app, employee_id, since).await;
    assert_eq!(to_employee.len(), 1, "one message, on the chosen way only: {to_employee:?}");
    assert_eq!(to_employee[0].0, "sms");
    let sms = gateway.wait_for("+82 10-5555-0101").await;
    let body: Value = serde_json::from_str(&sms.body).unwrap();
    assert_eq!(body["template"]["code"], "SP_DECIDED", "{body}");
    let text = body["template"]["variables"]["text"].as_str().unwrap();
    assert!(text.contains("보완 요청"), "in the reader's language: {text}");
    assert!(body["text"].as_str().unwrap().contains(&format!("/requests/{id}")), "the SMS fallback carries the link: {body}");

    // A document for everyone: an email to the employee only (the rest keep the default).
    let since = last_outbox(&app).await;
    let hr = app.as_role(Role::HrManager).await;
    let doc = json!({ "input": { "document_id": null, "title": "Channels policy", "kind": "policy", "body": "Read me.", "audience": { "all": true } } });
    let (status, body) = app.call(&hr, "documents/publish", doc).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mails: Vec<(i64, String)> = sqlx::query_as("SELECT person_id, channel FROM outbox WHERE id > $1 AND body LIKE '%Channels policy%'")
        .bind(since)
        .fetch_all(&app.backend.db.pool)
        .await
        .unwrap();
    assert_eq!(mails, vec![(employee_id, "email".to_string())]);
    let in_app =
        app.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'document_published' AND params LIKE '%Channels policy%'").await;
    assert!(in_app > 10, "everyone is still told in the app ({in_app})");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_person_is_told_on_the_ways_they_chose_sqlite() {
    ways_chosen(Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_person_is_told_on_the_ways_they_chose_postgres() {
    ways_chosen(Db::Postgres).await;
}

on_both!(messages_written_in_quiet_hours_wait_until_they_end, |app| {
    let employee = app.as_role(Role::Employee).await;
    let admin = app.as_role(Role::Admin).await;
    let employee_id = app.person_id(demo_email(Role::Employee)).await;
    // Quiet from an hour ago until two hours from now, in the employee's zone (the organisation's, UTC).
    let now = app::backend::now();
    let minute = (now.rem_euclid(86_400) / 60) as u16;
    let hhmm = shared::notifications::channels::hhmm;
    let (from, to) = (hhmm((minute + 1440 - 60) % 1440), hhmm((minute + 120) % 1440));
    choose(&app, &employee, &[], (&from, &to), "").await;
    let since = last_outbox(&app).await;
    let (_, id) = crate::cabinet::file(&app, &employee, "vacation", json!({ "dates": "2026-12-28/2026-12-29" })).await;
    assert_eq!(crate::cabinet::decide(&app, &admin, id.as_i64().unwrap(), "reject", "no").await.0, StatusCode::OK);
    let held = app.scalar(&format!("SELECT next_attempt_at FROM outbox WHERE person_id = {employee_id} AND id > {since}")).await;
    let quiet_end = now - now.rem_euclid(60) + 120 * 60;
    assert!((quiet_end - 60..=quiet_end + 60).contains(&held), "held until the quiet hours end: {held} vs {quiet_end}");
    // The manager keeps no quiet hours: the request went to them at once (a message being sent
    // has its next attempt pushed by the sender's five-minute lease, never by hours).
    let admin_id = app.person_id(demo_email(Role::Admin)).await;
    let at_once = app.scalar(&format!("SELECT MAX(next_attempt_at) FROM outbox WHERE person_id = {admin_id} AND id > {since}")).await;
    assert!(at_once <= app::backend::now() + 300, "{at_once}");
});

on_both!(the_digest_goes_out_at_eight_in_seoul_and_at_eight_in_moscow, |app| {
    let employee = app.as_role(Role::Employee).await;
    let hr = app.as_role(Role::HrManager).await;
    let (employee_id, hr_id) = (app.person_id(demo_email(Role::Employee)).await, app.person_id(demo_email(Role::HrManager)).await);
    app.execute(&format!("UPDATE people SET time_zone = 'Asia/Seoul', locale = 'ko' WHERE id = {employee_id}")).await;
    app.execute(&format!("UPDATE people SET time_zone = 'Europe/Moscow', locale = 'ru' WHERE id = {hr_id}")).await;
    choose(&app, &employee, &[], ("", ""), "08:00").await;
    choose(&app, &hr, &[("request_waiting", [false, false, true])], ("", ""), "08:00").await;
    // Something for each: the employee's reminder of the day; HR's request to decide (held for
    // the digest, so no message of its own).
    // 2026-12-01 00:00 UTC is 1,796,083,200.
    let utc = |d: i64, h: i64, m: i64| 1_796_083_200 + (d - 1) * 86_400 + h * 3600 + m * 60;
    app.execute(&format!(
        "INSERT INTO reminders (org_id, person_id, subject, subject_id, label, link, note, remind_at, created_at) \
         SELECT org_id, id, 'person', id, 'Call the bank', '/people/1', 'before noon', {}, 0 FROM people WHERE id = {employee_id}",
        utc(10, 2, 30)
    ))
    .await;
    let since = last_outbox(&app).await;
    let (_, id) =
        crate::cabinet::file(&app, &employee, "business_trip", json!({ "destination": "Busan", "dates": "2026-12-14/2026-12-15" })).await;
    let admin = app.as_role(Role::Admin).await;
    assert_eq!(crate::cabinet::decide(&app, &admin, id.as_i64().unwrap(), "approve", "").await.0, StatusCode::OK);
    assert!(queued(&app, hr_id, since).await.is_empty(), "held for HR's digest");
    // The last digests went out a day ago (by the real clock, which wrote the notices).
    app.execute(&format!("UPDATE notice_settings SET digest_sent_at = {}", app::backend::now() - 86_400)).await;

    let send = |at: i64| app::backend::notifications::digest::send_due(&app.backend, at);
    // 07:59 in Seoul (22:59 UTC the day before): nothing; 08:00: the employee's, once.
    assert_eq!(send(utc(9, 22, 59)).await.unwrap(), 0);
    let since = last_outbox(&app).await;
    assert_eq!(send(utc(9, 23, 0)).await.unwrap(), 1);
    assert_eq!(send(utc(9, 23, 30)).await.unwrap(), 0, "once a local day");
    let digest = queued(&app, employee_id, since).await;
    assert_eq!(digest.len(), 1, "{digest:?}");
    let (_, subject, body, _) = &digest[0];
    assert!(subject.contains("2026. 12. 10."), "the Seoul day, in Korean: {subject}");
    assert!(body.contains("11:30 Call the bank — before noon"), "the reminder at its Seoul time: {body}");
    // 07:59 in Moscow (04:59 UTC): nothing; 08:00: HR's, with the request held for it.
    assert_eq!(send(utc(10, 4, 59)).await.unwrap(), 0);
    assert_eq!(send(utc(10, 5, 0)).await.unwrap(), 1);
    let digest = queued(&app, hr_id, since).await;
    assert_eq!(digest.len(), 1, "{digest:?}");
    let (_, subject, body, _) = &digest[0];
    assert!(subject.contains("10.12.2026"), "the Moscow day, in Russian: {subject}");
    assert!(body.contains("заявок на решение: 1"), "{body}");
    assert!(body.contains("ждёт вашего решения"), "the held notice spelled out: {body}");
    // The next Seoul morning has its own digest.
    assert_eq!(send(utc(10, 23, 0)).await.unwrap(), 1);
});

on_both!(a_reminder_goes_off_once_at_its_time_on_the_chosen_way, |app| {
    let employee = app.as_role(Role::Employee).await;
    let employee_id = app.person_id(demo_email(Role::Employee)).await;
    let (_, request) = crate::cabinet::file(&app, &employee, "vacation", json!({ "dates": "2027-01-04/2027-01-05" })).await;
    let request = request.as_i64().unwrap();
    // Two days from now in the employee's zone (the organisation's, UTC).
    let later = app::backend::now() + 2 * 86_400;
    let at = format!(
        "{}T{:02}:{:02}",
        shared::format::Date::from_unix(later).iso(),
        later.rem_euclid(86_400) / 3600,
        later.rem_euclid(3600) / 60
    );
    let set = |about: &str, id: i64, at: &str| json!({ "input": { "about": about, "id": id, "at": at, "note": "ask HR" } });
    let (status, id) = app.call(&employee, "reminders/set", set("request", request, &at)).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    // In the past, or about what the caller may not open: refused.
    let (status, body) = app.call(&employee, "reminders/set", set("request", request, "2020-01-01T09:00")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let contractor = app.as_role(Role::Contractor).await;
    let (status, _) = app.call(&contractor, "reminders/set", set("request", request, &at)).await;
    assert!(status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND, "{status}");
    let (_, mine) = app.call(&employee, "reminders/mine", json!({})).await;
    assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
    assert_eq!(mine[0]["link"], format!("/requests/{request}"));
    assert!(mine[0]["label"].as_str().unwrap().contains("Vacation"), "{mine}");

    let remind_at = app.scalar(&format!("SELECT remind_at FROM reminders WHERE id = {id}")).await;
    let since = last_outbox(&app).await;
    let fire = |at: i64| app::backend::reminders::fire_due(&app.backend, at);
    assert_eq!(fire(remind_at - 1).await.unwrap(), 0);
    assert_eq!(fire(remind_at).await.unwrap(), 1);
    assert_eq!(fire(remind_at + 60).await.unwrap(), 0, "once");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM notifications WHERE person_id = {employee_id} AND kind = 'reminder' AND link = '/requests/{request}'"
        ))
        .await,
        1
    );
    let mail = queued(&app, employee_id, since).await;
    assert_eq!(mail.len(), 1, "{mail:?}");
    assert!(mail[0].0 == "email" && mail[0].2.contains("ask HR"), "{mail:?}");
    let (_, mine) = app.call(&employee, "reminders/mine", json!({})).await;
    assert_eq!(mine, json!([]));
});

on_both!(timesheets_reaching_the_provider_tell_its_managers_once_per_client_and_period, |app| {
    let sheets = crate::timesheets::submitted_crew(&app, 2).await;
    let client_manager = app.as_role(Role::ClientManager).await;
    let told = || app.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'timesheets_at_provider'");
    assert_eq!(crate::timesheets::act_now(&app, &client_manager, sheets[0].0, "approve", "").await.0, StatusCode::OK);
    let managers = app
        .scalar(
            "SELECT COUNT(DISTINCT p.id) FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role IN ('hr_manager', 'admin') \
             WHERE p.status = 'active' AND p.org_id = (SELECT MIN(id) FROM organisations)",
        )
        .await;
    assert_eq!(told().await, managers, "each provider manager, once");
    let hr_id = app.person_id(demo_email(Role::HrManager)).await;
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM notifications WHERE kind = 'timesheets_at_provider' AND person_id = {hr_id}")).await,
        1
    );
    // The next timesheet of the same client and period adds nothing while the notice is unread.
    assert_eq!(crate::timesheets::act_now(&app, &client_manager, sheets[1].0, "approve", "").await.0, StatusCode::OK);
    assert_eq!(told().await, managers);
    // Nobody else heard of it.
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM notifications n WHERE n.kind = 'timesheets_at_provider' AND NOT EXISTS \
             (SELECT 1 FROM person_roles r WHERE r.person_id = n.person_id AND r.role IN ('hr_manager', 'admin'))"
        )
        .await,
        0
    );
});

on_both!(a_step_past_its_due_time_reminds_its_approvers_then_escalates_to_hr, |app| {
    let employee = app.as_role(Role::Employee).await;
    let (_, id) = crate::cabinet::file(&app, &employee, "vacation", json!({ "dates": "2027-02-01/2027-02-02" })).await;
    let id = id.as_i64().unwrap();
    // The line manager's step is due 48 hours after filing.
    let filed = app.scalar(&format!("SELECT updated_at FROM requests WHERE id = {id}")).await;
    let run = |at: i64| app::backend::cabinet::escalations::run_due(&app.backend, at);
    let told = |escalated: bool| {
        let app = &app;
        async move {
            let rows: Vec<String> = sqlx::query_scalar(
                "SELECT p.email FROM notifications n JOIN people p ON p.id = n.person_id \
                 WHERE n.kind = 'request_overdue' AND n.link = $1 AND n.params LIKE $2 ORDER BY p.email",
            )
            .bind(format!("/requests/{id}"))
            .bind(format!("%\"escalated\":{escalated}%"))
            .fetch_all(&app.backend.db.pool)
            .await
            .unwrap();
            rows
        }
    };
    assert_eq!(run(filed + 47 * 3600).await.unwrap(), 0);
    assert_eq!(run(filed + 48 * 3600).await.unwrap(), 1);
    assert_eq!(told(false).await, vec![demo_email(Role::Admin).to_string()], "its approver, the line manager");
    assert_eq!(run(filed + 50 * 3600).await.unwrap(), 0, "once");
    assert_eq!(run(filed + 96 * 3600).await.unwrap(), 1);
    let escalated = told(true).await;
    assert!(escalated.contains(&demo_email(Role::HrManager).to_string()), "{escalated:?}");
    assert!(!escalated.contains(&demo_email(Role::Admin).to_string()) && !escalated.contains(&demo_email(Role::Employee).to_string()));
    let hr = app
        .scalar(
            "SELECT COUNT(DISTINCT p.id) FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role = 'hr_manager' \
             WHERE p.status = 'active' AND p.email NOT IN ('employee@demo.staffport.dev', 'admin@demo.staffport.dev')",
        )
        .await;
    assert_eq!(escalated.len() as i64, hr, "every HR manager, once");
    // A move starts the clock again: after the manager approves, nothing is overdue yet.
    let admin = app.as_role(Role::Admin).await;
    assert_eq!(crate::cabinet::decide(&app, &admin, id, "approve", "").await.0, StatusCode::OK);
    assert_eq!(run(app::backend::now() + 3600).await.unwrap(), 0);
});

/// A notice of `kind`, as the change that writes it would.
fn sample(kind: shared::notifications::Kind) -> shared::notifications::Told {
    use shared::format::Date;
    use shared::i18n::Labels;
    use shared::notifications::{InvitationReply, Kind, Name, Told};
    let by = Name::new("Kim", "Minji");
    let request = Labels::new("Vacation", "휴가", "Отпуск");
    let (start, end) = (Date { year: 2026, month: 3, day: 1 }, Date { year: 2026, month: 3, day: 31 });
    // Exhaustive: a new kind must say here what it looks like.
    match kind {
        Kind::RequestWaiting => Told::RequestWaiting { requester: by, request },
        Kind::RequestDecided => Told::RequestDecided { by, request, action: shared::approvals::Action::Approve },
        Kind::RequestOverdue => Told::RequestOverdue { requester: by, request, escalated: false },
        Kind::TimesheetOverdue => Told::TimesheetOverdue { start, end },
        Kind::TimesheetReturned => Told::TimesheetReturned { by, start, end, comment: "Fix the 3rd".into() },
        Kind::TimesheetsAtProvider => Told::TimesheetsAtProvider { client: "Hanil Steel".into(), start, end },
        Kind::DocumentPublished => Told::DocumentPublished { title: "Safety rules".into() },
        Kind::Posted => Told::Posted { kind: shared::cabinet::PostKind::Announcement, title: "Picnic".into(), due_on: None },
        Kind::Reminder => Told::Reminder { label: "Ivan Petrov".into(), note: "call back".into() },
        Kind::NewCandidate => Told::NewCandidate { by, candidate: "Ivan Petrov".into(), job: "Welder".into() },
        Kind::Mention => Told::Mention { by, candidate: "Ivan Petrov".into(), text: "please look".into() },
        Kind::TeamAdded => Told::TeamAdded { by, job: "Welder".into() },
        Kind::InvitationAnswered => Told::InvitationAnswered {
            candidate: "Ivan Petrov".into(),
            job: "Welder".into(),
            answer: InvitationReply::Declined,
            detail: String::new(),
        },
        Kind::ImportFinished => {
            Told::ImportFinished { file: "zup.csv".into(), applied: true, created: 1, updated: 2, deactivated: 0, errors: 0 }
        }
        Kind::Automation => Told::Automation { rule: "Strong".into(), candidate: "Ivan Petrov".into(), text: "look today".into() },
        Kind::WebhookDisabled => Told::WebhookDisabled { endpoint: "payroll.example.com".into() },
    }
}

/// Every kind through the same ways: an email chooser (Russian) gets it through the local SMTP
/// server, a messenger chooser (Korean) through the local gateway, a digest holder not now —
/// once each, nobody else.
async fn every_kind(db: Db) {
    use shared::notifications::Kind;
    let gateway = crate::common::http_sink::HttpSink::start().await;
    let url = gateway.url("/send");
    let Some(app) = crate::common::harness::spawn_with(db, move |c| c.sms_url = Some(url)).await else { return };
    let all = |way: [bool; 3]| Kind::NAMES.iter().map(move |k| (*k, way)).collect::<Vec<_>>();
    let (employee, recruiter, hr) =
        (app.as_role(Role::Employee).await, app.as_role(Role::Recruiter).await, app.as_role(Role::HrManager).await);
    let ids = [Role::Employee, Role::Recruiter, Role::HrManager].map(demo_email);
    let (by_email, by_messenger, held) = (app.person_id(ids[0]).await, app.person_id(ids[1]).await, app.person_id(ids[2]).await);
    app.execute(&format!("UPDATE people SET locale = 'ru' WHERE id = {by_email}")).await;
    app.execute(&format!("UPDATE people SET locale = 'ko', phone = '+82 10-7777-0101' WHERE id = {by_messenger}")).await;
    choose(&app, &employee, &all([true, false, false]), ("", ""), "").await;
    choose(&app, &recruiter, &all([false, true, false]), ("", ""), "").await;
    choose(&app, &hr, &all([false, false, true]), ("", ""), "08:00").await;
    let org = app.scalar(&format!("SELECT org_id FROM people WHERE id = {by_email}")).await;
    for kind in Kind::ALL {
        let what = sample(kind);
        let since = last_outbox(&app).await;
        let mut tx = app.backend.db.begin_write().await.unwrap();
        let mut told = app::backend::notifications::Told::new(&app.backend);
        told.notify_many(&mut tx, org, &[by_email, by_messenger, held], &what, "/notifications").await.unwrap();
        tx.commit().await.unwrap();
        told.publish(&app.backend).await;
        let rows: Vec<(i64, String, String)> = sqlx::query_as("SELECT person_id, channel, body FROM outbox WHERE id > $1 ORDER BY id")
            .bind(since)
            .fetch_all(&app.backend.db.pool)
            .await
            .unwrap();
        let (ru, ko) = (what.text(shared::Locale::Ru), what.text(shared::Locale::Ko));
        assert_eq!(rows.len(), 2, "{kind}: one message each to the two who take them now, none to the digest's: {rows:?}");
        assert!(rows.iter().any(|(p, c, body)| *p == by_email && c == "email" && body.contains(&ru)), "{kind}: {rows:?}");
        assert!(rows.iter().any(|(p, c, body)| *p == by_messenger && c == "sms" && body.contains(&ko)), "{kind}: {rows:?}");
        // Delivered: the local SMTP server has the Russian mail, the gateway the Korean text.
        app.mail.wait_for_text(ids[0], &ru).await;
        let sms = gateway.wait_for(&ko).await;
        assert_eq!(serde_json::from_str::<Value>(&sms.body).unwrap()["to"], "+82 10-7777-0101");
    }
    assert_eq!(gateway.received().len(), Kind::ALL.len(), "one text a kind");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_reaches_each_person_on_their_way_in_their_language_once_sqlite() {
    every_kind(Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_reaches_each_person_on_their_way_in_their_language_once_postgres() {
    every_kind(Db::Postgres).await;
}

on_both!(group_events_are_posted_to_the_organisations_team_chat, |app| {
    let chat = crate::common::http_sink::HttpSink::start().await;
    let url = chat.url("/team");
    let admin = app.as_role(Role::Admin).await;
    let version = app.scalar("SELECT MAX(version) FROM organisations").await;
    let settings = |version: i64, chat_webhook: &str, remove: bool| json!({ "settings": { "time_zone": "UTC", "version": version, "chat_webhook": chat_webhook, "remove_chat_webhook": remove } });
    let (status, body) = app.call(&admin, "org/save_settings", settings(version, "ftp://chat.example/x", false)).await;
    assert_eq!((status, body["Invalid"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("chat_webhook")));
    let (status, version) = app.call(&admin, "org/save_settings", settings(version, &url, false)).await;
    assert_eq!(status, StatusCode::OK, "{version}");
    // Administrators see that one is set; nobody reads the address back.
    let hr = app.as_role(Role::HrManager).await;
    let (_, structure) = app.call(&hr, "org/structure", json!({})).await;
    assert_eq!(structure["settings"]["chat_webhook_set"], true);
    assert!(!structure.to_string().contains(&url));

    let post = json!({ "input": { "kind": "announcement", "title": "Picnic <Friday> & games", "body": "In the park.", "audience": { "all": true }, "due_on": "" } });
    let (status, body) = app.call(&hr, "announcements/publish", post).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let posted = chat.wait_for("Picnic").await;
    let text: Value = serde_json::from_str(&posted.body).unwrap();
    assert_eq!(text["text"], "New announcement: “Picnic &lt;Friday&gt; &amp; games”.", "Slack's escaping, the organisation's language");

    // A client's period reaching the provider: one post however many timesheets follow.
    let sheets = crate::timesheets::submitted_crew(&app, 2).await;
    let client_manager = app.as_role(Role::ClientManager).await;
    for (id, _) in &sheets {
        assert_eq!(crate::timesheets::act_now(&app, &client_manager, *id, "approve", "").await.0, StatusCode::OK);
    }
    chat.wait_for("provider").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(chat.received().iter().filter(|r| r.body.contains("provider")).count(), 1);

    // Removed: nothing more is posted.
    let (_, version) = app.call(&admin, "org/save_settings", settings(version.as_i64().unwrap(), "", true)).await;
    let (_, structure) = app.call(&hr, "org/structure", json!({})).await;
    assert_eq!(structure["settings"]["chat_webhook_set"], false, "{version}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM organisations WHERE chat_webhook_url IS NOT NULL").await, 0);
});
