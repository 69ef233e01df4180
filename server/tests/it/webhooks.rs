//! Outgoing webhooks against real local listeners: signed per Standard Webhooks (checked by the
//! `standardwebhooks` crate, an implementation of the specification that is not ours), retried
//! with growing delays, then the endpoint disabled and its administrators told.
use crate::common::api_client::{personal_token, post, send};
use crate::common::harness::TestApp;
use crate::common::http_sink::{HttpSink, Received};
use crate::on_both;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use shared::Role;
use std::time::Duration;

/// Verifies a delivery with the independent implementation.
fn verify(secret: &str, r: &Received) -> bool {
    let mut headers = http::HeaderMap::new();
    for (k, v) in &r.headers {
        if let (Ok(k), Ok(v)) = (http::HeaderName::from_bytes(k.as_bytes()), http::HeaderValue::from_str(v)) {
            headers.append(k, v);
        }
    }
    standardwebhooks::Webhook::new(secret).unwrap().verify(r.body.as_bytes(), &headers).is_ok()
}

async fn subscribe(app: &TestApp, url: &str, events: &[&str]) -> (i64, String) {
    let admin = app.as_role(Role::Admin).await;
    let input =
        json!({ "input": { "id": null, "version": 0, "url": url, "description": "Payroll sync", "events": events, "enabled": true } });
    let (status, saved) = app.call(&admin, "webhooks/save", input).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    (saved["id"].as_i64().unwrap(), saved["secret"].as_str().unwrap().to_string())
}

/// Waits for `n` deliveries whose body contains `needle`.
async fn arrivals(sink: &HttpSink, needle: &str, n: usize) -> Vec<Received> {
    for _ in 0..300 {
        let got: Vec<Received> = sink.received().into_iter().filter(|r| r.body.contains(needle)).collect();
        if got.len() >= n {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("fewer than {n} deliveries containing {needle:?}: {:?}", sink.received().iter().map(|r| &r.body).collect::<Vec<_>>());
}

on_both!(
    events_arrive_signed_and_verifiable_through_a_rotation,
    config | c | {
        c.outbox_poll_ms = 100;
    },
    |app| {
        let sink = HttpSink::start().await;
        let events = ["person.created", "candidate.created", "candidate.stage_changed", "candidate.hired", "timesheet.approved"];
        let (endpoint, secret) = subscribe(&app, &sink.url("/hook"), &events).await;
        assert!(secret.starts_with("whsec_"));
        assert_eq!(
            app.scalar(&format!("SELECT COUNT(*) FROM webhook_endpoints WHERE secret_sealed LIKE '%{}%'", &secret[6..20])).await,
            0,
            "sealed"
        );

        // A person invited through the API: person.created, signed.
        let token = personal_token(&app, Role::Admin, &["people:write", "jobs:read", "candidates:write"]).await;
        let made = post(
            &app,
            &token,
            "/people",
            json!({ "email": "hook@example.com", "family_name": "Hook", "given_name": "Ann", "roles": ["employee"] }),
        )
        .await;
        let delivery = arrivals(&sink, "person.created", 1).await.remove(0);
        let body: Value = serde_json::from_str(&delivery.body).unwrap();
        assert_eq!((body["type"].as_str(), body["data"]["id"].clone()), (Some("person.created"), made.body["id"].clone()));
        assert!(verify(&secret, &delivery), "the specification's check accepts it: {:?}", delivery.headers);
        let tampered = Received { body: delivery.body.replace("person.created", "person.deleted"), ..delivery.clone() };
        assert!(!verify(&secret, &tampered), "and refuses a changed body");
        assert!(delivery.header("webhook-id").unwrap().starts_with("msg_"));
        assert!(!delivery.body.contains("hook@example.com"), "ids, not contacts: {}", delivery.body);

        // A candidate added and hired: created, stage_changed and hired.
        let job = app.scalar("SELECT MIN(id) FROM jobs").await;
        let hired = app.scalar(&format!("SELECT id FROM job_stages WHERE job_id = {job} AND kind = 'hired'")).await;
        let candidate = post(&app, &token, "/candidates", json!({ "job_id": job, "full_name": "Kim Hook" })).await;
        let path = format!("/candidates/{}/stage", candidate.body["id"]);
        let moved =
            send(&app, Some(&token), Method::POST, &path, Some(json!({ "stage_id": hired })), &[("if-match", candidate.header("etag"))])
                .await;
        assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
        for event in ["candidate.created", "candidate.stage_changed", "candidate.hired"] {
            let got = arrivals(&sink, event, 1).await;
            assert!(verify(&secret, &got[0]), "{event}");
        }

        // Rotation: both secrets sign for a day; a receiver on either verifies.
        let admin = app.as_role(Role::Admin).await;
        let version = app.scalar(&format!("SELECT version FROM webhook_endpoints WHERE id = {endpoint}")).await;
        let (status, rotated) = app.call(&admin, "webhooks/rotate", json!({ "id": endpoint, "version": version })).await;
        assert_eq!(status, StatusCode::OK, "{rotated}");
        let new_secret = rotated["secret"].as_str().unwrap().to_string();
        assert_ne!(new_secret, secret);
        post(
            &app,
            &token,
            "/people",
            json!({ "email": "hook2@example.com", "family_name": "Hook", "given_name": "Bo", "roles": ["employee"] }),
        )
        .await;
        let after = arrivals(&sink, "person.created", 2).await.pop().unwrap();
        assert_eq!(after.header("webhook-signature").unwrap().split(' ').count(), 2);
        assert!(verify(&new_secret, &after) && verify(&secret, &after));

        // The delivery log, a redelivery with the same id, a test event.
        let (_, log) = app.call(&admin, "webhooks/attempts", json!({ "id": endpoint })).await;
        let log = log.as_array().unwrap().clone();
        assert!(log.len() >= 5 && log.iter().all(|a| a["status_code"] == 200 && a["delivered"] == true), "{log:?}");
        let first = log.iter().find(|a| a["event_type"] == "person.created").unwrap().clone();
        let before = sink.received().len();
        assert_eq!(app.call(&admin, "webhooks/redeliver", json!({ "outbox_id": first["outbox_id"] })).await.0, StatusCode::OK);
        for _ in 0..100 {
            if sink.received().len() > before {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let again = sink.received().pop().unwrap();
        assert_eq!(again.header("webhook-id"), Some(first["message_id"].as_str().unwrap()), "the receiver can tell it is the same message");
        assert_eq!(app.call(&admin, "webhooks/test", json!({ "id": endpoint })).await.0, StatusCode::OK);
        let test = arrivals(&sink, "webhook.test", 1).await.remove(0);
        assert!(verify(&new_secret, &test));
        assert_eq!(
            app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'webhook.changed' AND subject_id = {endpoint}")).await,
            3
        );
        // Only administrators manage webhooks.
        let hr = app.as_role(Role::HrManager).await;
        assert_eq!(app.call(&hr, "webhooks/list", json!({})).await.0, StatusCode::FORBIDDEN);
    }
);

on_both!(
    a_failing_receiver_gets_growing_retries_then_the_endpoint_stops,
    config | c | {
        c.outbox_poll_ms = 100;
        c.webhook_retry_secs = vec![1, 3];
    },
    |app| {
        let sink = HttpSink::answering(500).await;
        let (endpoint, _) = subscribe(&app, &sink.url("/down"), &["person.created"]).await;
        let token = personal_token(&app, Role::Admin, &["people:write"]).await;
        post(
            &app,
            &token,
            "/people",
            json!({ "email": "down@example.com", "family_name": "Down", "given_name": "Al", "roles": ["employee"] }),
        )
        .await;
        let tries = arrivals(&sink, "person.created", 3).await;
        let (first, second) = (tries[1].at - tries[0].at, tries[2].at - tries[1].at);
        assert!(
            first >= Duration::from_millis(900) && second >= Duration::from_millis(2900) && second > first,
            "{first:?} then {second:?}"
        );
        assert_eq!(tries.iter().map(|t| t.header("webhook-id")).collect::<std::collections::HashSet<_>>().len(), 1, "one message, retried");
        // Given up: the endpoint stops, and the administrators hear of it.
        let mut disabled = String::new();
        for _ in 0..100 {
            disabled = app.scalar_text(&format!("SELECT status FROM webhook_endpoints WHERE id = {endpoint}")).await;
            if disabled == "disabled" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(disabled, "disabled");
        assert_eq!(app.scalar("SELECT COUNT(*) FROM outbox WHERE channel = 'endpoint' AND status = 'failed'").await, 1);
        let admins = app.scalar("SELECT COUNT(DISTINCT p.id) FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role = 'admin' WHERE p.status = 'active'").await;
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'webhook_disabled' AND link = '/integrations'").await,
            admins
        );
        let admin = app.as_role(Role::Admin).await;
        let (_, log) = app.call(&admin, "webhooks/attempts", json!({ "id": endpoint })).await;
        assert_eq!(log.as_array().unwrap().iter().map(|a| a["status_code"].as_i64().unwrap()).collect::<Vec<_>>(), vec![500, 500, 500]);
        assert_eq!(log[0]["response"], "ok");
        // A disabled endpoint gets no new events; nothing more arrives.
        post(
            &app,
            &token,
            "/people",
            json!({ "email": "down2@example.com", "family_name": "Down", "given_name": "Bo", "roles": ["employee"] }),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(sink.received().len(), 3);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM outbox WHERE channel = 'endpoint'").await, 1);
        // One queued before it stopped is not sent either, but logged, to be sent again later.
        app.execute(&format!(
            "INSERT INTO outbox (org_id, channel, recipient, subject, body, next_attempt_at, created_at, endpoint_id, message_id) \
             SELECT org_id, 'endpoint', '', 'person.created', '{{}}', 0, 0, id, 'msg_queued' FROM webhook_endpoints WHERE id = {endpoint}"
        ))
        .await;
        let mut held = Value::Null;
        for _ in 0..100 {
            let (_, log) = app.call(&admin, "webhooks/attempts", json!({ "id": endpoint })).await;
            if log[0]["message_id"] == "msg_queued" {
                held = log[0].clone();
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!((held["status_code"].clone(), held["delivered"].clone()), (Value::Null, json!(false)), "{held}");
        assert_eq!(sink.received().len(), 3, "nothing sent to a stopped endpoint");
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_addresses_are_refused_unless_the_server_allows_them() {
    let Some(app) = crate::common::harness::spawn_with(crate::common::harness::Db::Sqlite, |c| c.allow_private_webhooks = false).await
    else {
        return;
    };
    let admin = app.as_role(Role::Admin).await;
    for url in [
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://[::1]/hook",
        "https://169.254.169.254/latest",
        "http://hooks.example.com/x",
    ] {
        let input =
            json!({ "input": { "id": null, "version": 0, "url": url, "description": "", "events": ["person.created"], "enabled": true } });
        let (status, body) = app.call(&admin, "webhooks/save", input).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{url}: {body}");
    }
}
